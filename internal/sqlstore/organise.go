package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"imagier/internal/gallery"
)

// inList returns "(?, ?, …)" for n values and the values as args.
func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")", args
}

// cleanTag trims a tag and refuses empty or overlong ones.
func cleanTag(t string) (string, error) {
	t = strings.TrimSpace(t)
	if t == "" || len(t) > 255 || strings.ContainsAny(t, "\x00\n\r") || !utf8.ValidString(t) {
		return "", fmt.Errorf("tag %q: %w", t, gallery.ErrInvalid)
	}
	return t, nil
}

// AddTags adds tags to every item of ids.
func (s *Store) AddTags(ctx context.Context, ids []int64, tags []string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, t := range tags {
			t, err := cleanTag(t)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := s.tagMedia(ctx, tx, id, t); err != nil {
					return fmt.Errorf("add tag %q: %w", t, err)
				}
			}
		}
		return nil
	})
}

// RemoveTags removes tags from every item of ids.
func (s *Store) RemoveTags(ctx context.Context, ids []int64, tags []string) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, t := range tags {
			q := `DELETE FROM media_tags WHERE tag_id IN (SELECT id FROM tags WHERE name = ?) AND media_id IN ` + in
			if _, err := tx.ExecContext(ctx, s.d.q(q), append([]any{strings.TrimSpace(t)}, args...)...); err != nil {
				return fmt.Errorf("remove tag %q: %w", t, err)
			}
		}
		return nil
	})
}

// SetTags makes tags the exact tag list of item id.
func (s *Store) SetTags(ctx context.Context, id int64, tags []string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM media_tags WHERE media_id = ?`), id); err != nil {
			return fmt.Errorf("set tags: %w", err)
		}
		for _, t := range tags {
			t, err := cleanTag(t)
			if err != nil {
				return err
			}
			if err := s.tagMedia(ctx, tx, id, t); err != nil {
				return fmt.Errorf("set tags: %w", err)
			}
		}
		return nil
	})
}

// TagsWithPrefix suggests existing tags for autocompletion.
func (s *Store) TagsWithPrefix(ctx context.Context, prefix string, limit int) ([]string, error) {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(prefix))
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT name FROM tags WHERE LOWER(name) LIKE ? ESCAPE '\' ORDER BY name LIMIT ?`), esc+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("tags: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// AddToAlbums files every item of ids in album (a copy: they stay where
// they were too).
func (s *Store) AddToAlbums(ctx context.Context, ids []int64, album int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.albumExists(ctx, tx, album); err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.linkAlbum(ctx, tx, album, id); err != nil {
				return fmt.Errorf("add to album: %w", err)
			}
		}
		return nil
	})
}

// RemoveFromAlbum takes the items of ids out of album; they stay in the
// library.
func (s *Store) RemoveFromAlbum(ctx context.Context, ids []int64, album int64) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM album_media WHERE album_id = ? AND media_id IN `+in), append([]any{album}, args...)...)
	if err != nil {
		return fmt.Errorf("remove from album: %w", err)
	}
	_, err = s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE albums SET cover_id = NULL WHERE id = ? AND cover_id IN `+in), append([]any{album}, args...)...)
	return err
}

// MoveToAlbum moves the items of ids from one album to another.
func (s *Store) MoveToAlbum(ctx context.Context, ids []int64, from, to int64) error {
	if err := s.AddToAlbums(ctx, ids, to); err != nil {
		return err
	}
	if from == to {
		return nil
	}
	return s.RemoveFromAlbum(ctx, ids, from)
}

func (s *Store) albumExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.d.q(`SELECT COUNT(*) FROM albums WHERE id = ?`), id).Scan(&n); err != nil {
		return fmt.Errorf("album %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	return nil
}

// CreateAlbum creates an album under parent (0 for the root).
func (s *Store) CreateAlbum(ctx context.Context, parent int64, name string) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 255 || strings.Contains(name, "/") {
		return 0, fmt.Errorf("album name %q: %w", name, gallery.ErrBadAlbumName)
	}
	var id int64
	err := s.rightsTx(ctx, func(tx *sql.Tx) error {
		var p any
		if parent != 0 {
			if err := s.albumExists(ctx, tx, parent); err != nil {
				return err
			}
			p = parent
		}
		err := tx.QueryRowContext(ctx, s.d.q(`INSERT INTO albums (parent_id, name, created_at, public) VALUES (?, ?, ?, `+newAlbumPublic+`) RETURNING id`),
			p, name, time.Now().UnixMilli()).Scan(&id)
		if isUniqueViolation(err) {
			return fmt.Errorf("album %q exists there: %w", name, gallery.ErrConflict)
		}
		return err
	})
	return id, err
}

// RenameAlbum renames an album.
func (s *Store) RenameAlbum(ctx context.Context, id int64, name string) error {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 255 || strings.Contains(name, "/") {
		return fmt.Errorf("album name %q: %w", name, gallery.ErrBadAlbumName)
	}
	res, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE albums SET name = ? WHERE id = ?`), name, id)
	if isUniqueViolation(err) {
		return fmt.Errorf("album %q exists there: %w", name, gallery.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("rename album: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	return nil
}

// MoveAlbum puts album id under parent (0 for the root), refusing to put
// an album inside itself or its own sub-albums.
func (s *Store) MoveAlbum(ctx context.Context, id, parent int64) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		if err := s.albumExists(ctx, tx, id); err != nil {
			return err
		}
		var p any
		for cur, depth := parent, 0; cur != 0; depth++ {
			if cur == id || depth > 1000 {
				return fmt.Errorf("album %d cannot go inside itself: %w", id, gallery.ErrInvalid)
			}
			var next sql.NullInt64
			if err := tx.QueryRowContext(ctx, s.d.q(`SELECT parent_id FROM albums WHERE id = ?`), cur).Scan(&next); err != nil {
				if notFound(err) {
					return fmt.Errorf("album %d: %w", cur, gallery.ErrNotFound)
				}
				return err
			}
			cur = next.Int64
		}
		if parent != 0 {
			p = parent
		}
		_, err := tx.ExecContext(ctx, s.d.q(`UPDATE albums SET parent_id = ? WHERE id = ?`), p, id)
		if isUniqueViolation(err) {
			return fmt.Errorf("an album of that name is already there: %w", gallery.ErrConflict)
		}
		return err
	})
}

// SetAlbumPosition sets where an album sorts among its siblings.
func (s *Store) SetAlbumPosition(ctx context.Context, id int64, position int) error {
	if position < -1000 || position > 1000 {
		return fmt.Errorf("album position %d: %w", position, gallery.ErrInvalid)
	}
	res, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE albums SET position = ? WHERE id = ?`), position, id)
	if err != nil {
		return fmt.Errorf("album position: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	return nil
}

// SetCover makes item media the cover of album; 0 goes back to the first
// item.
func (s *Store) SetCover(ctx context.Context, album, media int64) error {
	var cover any
	if media != 0 {
		cover = media
	}
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE albums SET cover_id = ? WHERE id = ?`), cover, album)
	if err != nil {
		return fmt.Errorf("set cover: %w", err)
	}
	return nil
}

// DeleteAlbum deletes an album and its sub-albums. With trashMedia their
// items go to the trash, except those also filed in an album that stays;
// without it, the items stay in the library.
func (s *Store) DeleteAlbum(ctx context.Context, id int64, trashMedia bool, now time.Time) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		if err := s.albumExists(ctx, tx, id); err != nil {
			return err
		}
		ids := []int64{id}
		for i := 0; i < len(ids) && i < 100000; i++ {
			rows, err := tx.QueryContext(ctx, s.d.q(`SELECT id FROM albums WHERE parent_id = ?`), ids[i])
			if err != nil {
				return err
			}
			for rows.Next() {
				var c int64
				rows.Scan(&c)
				ids = append(ids, c)
			}
			rows.Close()
		}
		in, args := inList(ids)
		if trashMedia {
			q := `UPDATE media SET deleted_at = ? WHERE deleted_at IS NULL AND id IN (SELECT media_id FROM album_media WHERE album_id IN ` + in +
				`) AND id NOT IN (SELECT media_id FROM album_media WHERE album_id NOT IN ` + in + `)`
			if _, err := tx.ExecContext(ctx, s.d.q(q), append(append([]any{now.UnixMilli()}, args...), args...)...); err != nil {
				return fmt.Errorf("delete album: %w", err)
			}
		}
		for _, q := range []string{`DELETE FROM album_media WHERE album_id IN `, `DELETE FROM album_grants WHERE album_id IN `} {
			if _, err := tx.ExecContext(ctx, s.d.q(q+in), args...); err != nil {
				return fmt.Errorf("delete album: %w", err)
			}
		}
		// Children first, so that no row points at a deleted parent.
		for i := len(ids) - 1; i >= 0; i-- {
			if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM albums WHERE id = ?`), ids[i]); err != nil {
				return fmt.Errorf("delete album: %w", err)
			}
		}
		return nil
	})
}

// Trash puts items in the trash.
func (s *Store) Trash(ctx context.Context, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE media SET deleted_at = ? WHERE deleted_at IS NULL AND id IN `+in), append([]any{now.UnixMilli()}, args...)...)
	if err != nil {
		return fmt.Errorf("trash: %w", err)
	}
	return nil
}

// Restore takes items out of the trash, back in their albums.
func (s *Store) Restore(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE media SET deleted_at = NULL WHERE id IN `+in), args...); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// Purge deletes the rows of items trashed before cutoff and returns their
// hashes, so that the caller removes their files afterwards (a crash in
// between leaves orphans that recovery removes, never a row without a file).
func (s *Store) Purge(ctx context.Context, cutoff time.Time) ([]string, error) {
	var shas []string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.d.q(`SELECT id, sha256 FROM media WHERE deleted_at IS NOT NULL AND deleted_at < ?`), cutoff.UnixMilli())
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			var sha string
			if err := rows.Scan(&id, &sha); err != nil {
				rows.Close()
				return err
			}
			ids, shas = append(ids, id), append(shas, sha)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		in, args := inList(ids)
		for _, q := range []string{
			`DELETE FROM media_tags WHERE media_id IN ` + in,
			`DELETE FROM album_media WHERE media_id IN ` + in,
			`UPDATE albums SET cover_id = NULL WHERE cover_id IN ` + in,
			`DELETE FROM media WHERE id IN ` + in,
		} {
			if _, err := tx.ExecContext(ctx, s.d.q(q), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("purge: %w", err)
	}
	return shas, nil
}

// SetTaken records a capture date typed by a person.
func (s *Store) SetTaken(ctx context.Context, id int64, t *time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var local, sortDate any
		if t != nil {
			local = t.Format("2006-01-02 15:04:05")
			sortDate = local
		} else {
			var imported int64
			if err := tx.QueryRowContext(ctx, s.d.q(`SELECT imported_at FROM media WHERE id = ?`), id).Scan(&imported); err != nil {
				return err
			}
			sortDate = time.UnixMilli(imported).UTC().Format("2006-01-02 15:04:05")
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET taken_local = ?, taken_offset = NULL WHERE id = ?`), local, id); err != nil {
			return err
		}
		if err := s.setSortDate(ctx, tx, id, sortDate.(string)); err != nil {
			return err
		}
		return s.markEdited(ctx, tx, id, "taken")
	})
}

// unplace, in an UPDATE that sets the position to its two parameters,
// forgets the place of an item whose position changes, and that it was
// looked up, so that it is looked up again (see SetPlaces).
const unplace = `place_city = CASE WHEN lat = ? AND lon = ? THEN place_city ELSE '' END,
	place_region = CASE WHEN lat = ? AND lon = ? THEN place_region ELSE '' END,
	place_country = CASE WHEN lat = ? AND lon = ? THEN place_country ELSE '' END,
	placed_at = CASE WHEN lat = ? AND lon = ? THEN placed_at ELSE NULL END`

func unplaceArgs(lat, lon any) []any { return []any{lat, lon, lat, lon, lat, lon, lat, lon} }

// SetGPS records a position typed by a person; nil clears it, with the
// place.
func (s *Store) SetGPS(ctx context.Context, id int64, g *gallery.GPS) error {
	var lat, lon any
	if g != nil {
		if g.Lat < -90 || g.Lat > 90 || g.Lon < -180 || g.Lon > 180 {
			return fmt.Errorf("position %g,%g: %w", g.Lat, g.Lon, gallery.ErrInvalid)
		}
		lat, lon = g.Lat, g.Lon
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET lat = ?, lon = ?, `+unplace+` WHERE id = ?`),
			append(append([]any{lat, lon}, unplaceArgs(lat, lon)...), id)...); err != nil {
			return err
		}
		return s.markEdited(ctx, tx, id, "gps")
	})
}

func (s *Store) markEdited(ctx context.Context, tx *sql.Tx, id int64, field string) error {
	edited, err := s.edited(ctx, tx, id)
	if err != nil {
		return err
	}
	for _, e := range edited {
		if e == field {
			return nil
		}
	}
	edited = append(edited, field)
	_, err = tx.ExecContext(ctx, s.d.q(`UPDATE media SET edited = ? WHERE id = ?`), strings.Join(edited, ","), id)
	return err
}

// AlbumPosition returns where an album sorts among its siblings.
func (s *Store) AlbumPosition(ctx context.Context, id int64) int {
	var pos int
	s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT position FROM albums WHERE id = ?`), id).Scan(&pos)
	return pos
}
