package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"imagier/internal/gallery"
)

// editable lists the fields a person may edit and a rescan may refill.
var editable = []string{"title", "description", "creator", "credit", "copyright", "alt_text"}

// AddMedia records a new media item with its tags and albums in one
// transaction. When an item with the same SHA-256 exists it returns that
// item's ID and an error wrapping gallery.ErrConflict; the caller reports a
// duplicate and may still add the existing item to albums with AddToAlbum.
// albums are paths such as ["Trips", "2024"].
func (s *Store) AddMedia(ctx context.Context, m *gallery.Media, albums [][]string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.addMedia(ctx, tx, m, albums) })
}

// AddMediaBatch records many new items in one transaction, all filed in
// the same albums; one commit for all makes bulk loads fast. A duplicate
// fails the whole batch.
func (s *Store) AddMediaBatch(ctx context.Context, ms []*gallery.Media, albums [][]string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, m := range ms {
			if err := s.addMedia(ctx, tx, m, albums); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) addMedia(ctx context.Context, tx *sql.Tx, m *gallery.Media, albums [][]string) error {
	metaJSON, err := json.Marshal(m.Meta)
	if err != nil {
		return fmt.Errorf("add media %s: %w", m.Filename, err)
	}
	var takenLocal, takenOffset any
	if t := m.Meta.Taken; t != nil {
		takenLocal = t.Local.Format("2006-01-02 15:04:05")
		if t.HasOffset {
			_, off := t.Local.Zone()
			takenOffset = off / 60
		}
	}
	sortDate := m.ImportedAt.UTC().Format("2006-01-02 15:04:05")
	if takenLocal != nil {
		sortDate = takenLocal.(string)
	}
	var lat, lon any
	if g := m.Meta.GPS; g != nil {
		lat, lon = g.Lat, g.Lon
	}
	var owner any
	if m.OwnerID != 0 {
		owner = m.OwnerID
	}
	var placedAt any // a place given at import was looked up then
	if !m.Place.IsZero() {
		placedAt = m.ImportedAt.UnixMilli()
	}
	var derived any
	if m.DerivedAt != nil {
		derived = m.DerivedAt.UnixMilli()
	}
	err = tx.QueryRowContext(ctx, s.d.q(`INSERT INTO media
		(public_key, sha256, size, filename, kind, format, mime, title, description, creator, credit, copyright,
		 taken_local, taken_offset, width, height, lat, lon, meta, imported_at, derived_at, sort_date, alt_text, level, owner_id, pending,
		 make, model, lens, rating, folder, place_city, place_region, place_country, placed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING RETURNING id`),
		m.Key, m.SHA256, m.Size, m.Filename, string(m.Meta.Kind), string(m.Meta.Format), m.Meta.MIME,
		m.Title, m.Description, m.Creator, m.Credit, m.Copyright, takenLocal, takenOffset, m.Meta.Width, m.Meta.Height,
		lat, lon, string(metaJSON), m.ImportedAt.UnixMilli(), derived, sortDate, m.AltText, m.Level, owner, m.Pending,
		m.Meta.Make, m.Meta.Model, m.Meta.Lens, m.Meta.Rating, m.Folder, m.Place.City, m.Place.Region, m.Place.Country, placedAt).Scan(&m.ID)
	if notFound(err) {
		if err := tx.QueryRowContext(ctx, s.d.q(`SELECT id FROM media WHERE sha256 = ?`), m.SHA256).Scan(&m.ID); err != nil {
			return fmt.Errorf("add media %s: %w", m.Filename, err)
		}
		return fmt.Errorf("add media %s: same bytes as item %d: %w", m.Filename, m.ID, gallery.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("add media %s: %w", m.Filename, err)
	}
	for _, name := range m.Tags {
		if err := s.tagMedia(ctx, tx, m.ID, name); err != nil {
			return fmt.Errorf("add media %s: tag %q: %w", m.Filename, name, err)
		}
	}
	for _, path := range albums {
		id, err := s.ensureAlbum(ctx, tx, path)
		if err != nil {
			return fmt.Errorf("add media %s: %w", m.Filename, err)
		}
		if err := s.linkAlbum(ctx, tx, id, m.ID); err != nil {
			return fmt.Errorf("add media %s: %w", m.Filename, err)
		}
	}
	return nil
}

func (s *Store) tagMedia(ctx context.Context, tx *sql.Tx, mediaID int64, name string) error {
	if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING`), name); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO media_tags (media_id, tag_id)
		SELECT ?, id FROM tags WHERE name = ? ON CONFLICT DO NOTHING`), mediaID, name)
	return err
}

func (s *Store) linkAlbum(ctx context.Context, tx *sql.Tx, albumID, mediaID int64) error {
	_, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO album_media (album_id, media_id, sort_date, level)
		SELECT ?, id, sort_date, CASE WHEN pending THEN ? ELSE level END FROM media WHERE id = ? ON CONFLICT DO NOTHING`), albumID, pendingLevel, mediaID)
	if err != nil {
		return err
	}
	return s.placeLast(ctx, tx, albumID, mediaID)
}

// setSortDate changes an item's sort date, in its row and its album links.
func (s *Store) setSortDate(ctx context.Context, tx *sql.Tx, id int64, date string) error {
	if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET sort_date = ? WHERE id = ?`), date, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.d.q(`UPDATE album_media SET sort_date = ? WHERE media_id = ?`), date, id)
	return err
}

// AddToAlbum puts an existing item in the album at path, creating the
// album and its parents as needed.
func (s *Store) AddToAlbum(ctx context.Context, mediaID int64, path []string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.ensureAlbum(ctx, tx, path)
		if err != nil {
			return err
		}
		return s.linkAlbum(ctx, tx, id, mediaID)
	})
}

// ensureAlbum returns the id of the album at path, creating what is
// missing. Concurrent creators meet on the unique index and re-read.
func (s *Store) ensureAlbum(ctx context.Context, tx *sql.Tx, path []string) (int64, error) {
	if len(path) == 0 {
		return 0, fmt.Errorf("album path is empty: %w", gallery.ErrInvalid)
	}
	var parent any // nil for a root album
	var id int64
	for _, name := range path {
		res, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO albums (parent_id, name, created_at, public) VALUES (?, ?, ?, `+newAlbumPublic+`)
			ON CONFLICT DO NOTHING`), parent, name, time.Now().UnixMilli())
		if err != nil {
			return 0, fmt.Errorf("album %q: %w", name, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := s.bumpRights(ctx, tx); err != nil {
				return 0, err
			}
		}
		q := `SELECT id FROM albums WHERE parent_id = ? AND name = ?`
		args := []any{parent, name}
		if parent == nil {
			q, args = `SELECT id FROM albums WHERE parent_id IS NULL AND name = ?`, []any{name}
		}
		if err := tx.QueryRowContext(ctx, s.d.q(q), args...).Scan(&id); err != nil {
			return 0, fmt.Errorf("album %q: %w", name, err)
		}
		parent = id
	}
	return id, nil
}

const mediaColumns = `id, public_key, sha256, size, filename, title, description, creator, credit, copyright, alt_text, edited, meta, imported_at, derived_at, deleted_at, taken_local, lat, lon, level, owner_id, pending,
	folder, place_city, place_region, place_country`

func scanMedia(sc interface{ Scan(...any) error }) (gallery.Media, error) {
	var m gallery.Media
	var edited, metaJSON string
	var imported int64
	var derived, deleted sql.NullInt64
	var taken sql.NullString
	var lat, lon sql.NullFloat64
	var owner sql.NullInt64
	if err := sc.Scan(&m.ID, &m.Key, &m.SHA256, &m.Size, &m.Filename, &m.Title, &m.Description, &m.Creator,
		&m.Credit, &m.Copyright, &m.AltText, &edited, &metaJSON, &imported, &derived, &deleted, &taken, &lat, &lon, &m.Level, &owner, &m.Pending,
		&m.Folder, &m.Place.City, &m.Place.Region, &m.Place.Country); err != nil {
		return m, err
	}
	m.OwnerID = owner.Int64
	if deleted.Valid {
		t := time.UnixMilli(deleted.Int64).UTC()
		m.DeletedAt = &t
	}
	if edited != "" {
		m.Edited = strings.Split(edited, ",")
	}
	if err := json.Unmarshal([]byte(metaJSON), &m.Meta); err != nil {
		return m, fmt.Errorf("media %d: metadata: %w", m.ID, err)
	}
	// What a person typed wins over what the file says.
	if slices.Contains(m.Edited, "taken") {
		m.Meta.Taken = nil
		if t, err := time.Parse("2006-01-02 15:04:05", taken.String); err == nil {
			m.Meta.Taken = &gallery.DateTime{Local: t}
		}
	}
	if slices.Contains(m.Edited, "gps") {
		m.Meta.GPS = nil
		if lat.Valid && lon.Valid {
			m.Meta.GPS = &gallery.GPS{Lat: lat.Float64, Lon: lon.Float64}
		}
	}
	m.ImportedAt = time.UnixMilli(imported).UTC()
	if derived.Valid {
		t := time.UnixMilli(derived.Int64).UTC()
		m.DerivedAt = &t
	}
	return m, nil
}

// MediaByKey returns the item whose public key is key.
func (s *Store) MediaByKey(ctx context.Context, key string) (gallery.Media, error) {
	return s.mediaWhere(ctx, `public_key = ?`, key)
}

// MediaByID returns the item with this id.
func (s *Store) MediaByID(ctx context.Context, id int64) (gallery.Media, error) {
	return s.mediaWhere(ctx, `id = ?`, id)
}

// MediaFileByKey returns the item whose public key is key with what
// serving its files needs — no tags, albums or full metadata — in one
// prepared query: it runs for every thumbnail shown.
func (s *Store) MediaFileByKey(ctx context.Context, key string) (gallery.Media, error) {
	var m gallery.Media
	var kind, format string
	var deleted sql.NullInt64
	var metaJSON []byte
	err := s.queryRow(ctx, `SELECT id, public_key, sha256, size, filename, kind, format, mime, deleted_at, level, pending, meta
		FROM media WHERE public_key = ?`, key).
		Scan(&m.ID, &m.Key, &m.SHA256, &m.Size, &m.Filename, &kind, &format, &m.Meta.MIME, &deleted, &m.Level, &m.Pending, &metaJSON)
	if notFound(err) {
		return m, fmt.Errorf("media: %w", gallery.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("media: %w", err)
	}
	m.Meta.Kind, m.Meta.Format = gallery.Kind(kind), gallery.Format(format)
	if deleted.Valid {
		t := time.UnixMilli(deleted.Int64).UTC()
		m.DeletedAt = &t
	}
	// Only the orientation is needed (to make a missing size); reading it
	// alone skips building the rest.
	var o struct {
		Orientation int `json:"orientation"`
	}
	if err := json.Unmarshal(metaJSON, &o); err != nil {
		return m, fmt.Errorf("media %d: metadata: %w", m.ID, err)
	}
	m.Meta.Orientation = o.Orientation
	return m, nil
}

func (s *Store) mediaWhere(ctx context.Context, where string, arg any) (gallery.Media, error) {
	row := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT `+mediaColumns+` FROM media WHERE `+where), arg)
	m, err := scanMedia(row)
	if notFound(err) {
		return m, fmt.Errorf("media: %w", gallery.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("media: %w", err)
	}
	return m, s.fillRelations(ctx, []*gallery.Media{&m})
}

// EachMedia calls fn for every item, in id order, with its tags and
// albums, reading in pages so memory stays flat on a large library.
func (s *Store) EachMedia(ctx context.Context, fn func(gallery.Media) error) error {
	const page = 500
	var after int64
	for {
		rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+mediaColumns+` FROM media WHERE id > ? ORDER BY id LIMIT ?`), after, page)
		if err != nil {
			return fmt.Errorf("list media: %w", err)
		}
		var batch []*gallery.Media
		for rows.Next() {
			m, err := scanMedia(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("list media: %w", err)
			}
			batch = append(batch, &m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list media: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := s.fillRelations(ctx, batch); err != nil {
			return err
		}
		for _, m := range batch {
			if err := fn(*m); err != nil {
				return err
			}
		}
		after = batch[len(batch)-1].ID
	}
}

// fillRelations loads the tags and album paths of a batch of items.
func (s *Store) fillRelations(ctx context.Context, ms []*gallery.Media) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[int64]*gallery.Media, len(ms))
	ids := make([]any, 0, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
		ids = append(ids, m.ID)
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT mt.media_id, t.name FROM media_tags mt JOIN tags t ON t.id = mt.tag_id
		WHERE mt.media_id IN `+in+` ORDER BY t.name`), ids...)
	if err != nil {
		return fmt.Errorf("media tags: %w", err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return fmt.Errorf("media tags: %w", err)
		}
		byID[id].Tags = append(byID[id].Tags, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("media tags: %w", err)
	}
	paths, err := s.albumPaths(ctx)
	if err != nil {
		return err
	}
	rows, err = s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT media_id, album_id FROM album_media WHERE media_id IN `+in+` ORDER BY album_id`), ids...)
	if err != nil {
		return fmt.Errorf("media albums: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, album int64
		if err := rows.Scan(&id, &album); err != nil {
			return fmt.Errorf("media albums: %w", err)
		}
		byID[id].Albums = append(byID[id].Albums, paths[album])
	}
	return rows.Err()
}

// albumPaths maps every album id to its "A/B" path.
func (s *Store) albumPaths(ctx context.Context) (map[int64]string, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, parent_id, name FROM albums`)
	if err != nil {
		return nil, fmt.Errorf("albums: %w", err)
	}
	defer rows.Close()
	type node struct {
		parent sql.NullInt64
		name   string
	}
	nodes := map[int64]node{}
	for rows.Next() {
		var id int64
		var n node
		if err := rows.Scan(&id, &n.parent, &n.name); err != nil {
			return nil, fmt.Errorf("albums: %w", err)
		}
		nodes[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("albums: %w", err)
	}
	paths := make(map[int64]string, len(nodes))
	for id := range nodes {
		var parts []string
		for cur, depth := id, 0; depth < 1000; depth++ {
			n, ok := nodes[cur]
			if !ok {
				break
			}
			parts = append(parts, n.name)
			if !n.parent.Valid {
				break
			}
			cur = n.parent.Int64
		}
		slices.Reverse(parts)
		paths[id] = strings.Join(parts, "/")
	}
	return paths, nil
}

// PendingDerivations returns up to limit items whose import-time
// derivatives are not made yet, oldest first.
func (s *Store) PendingDerivations(ctx context.Context, limit int) ([]gallery.Media, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+mediaColumns+` FROM media WHERE derived_at IS NULL ORDER BY id LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("pending derivations: %w", err)
	}
	defer rows.Close()
	var out []gallery.Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, fmt.Errorf("pending derivations: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkDerived records that the import-time derivatives of item id exist.
func (s *Store) MarkDerived(ctx context.Context, id int64, at time.Time) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE media SET derived_at = ? WHERE id = ?`), at.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("mark derived %d: %w", id, err)
	}
	return nil
}

// MarkPending records that item id's import-time derivatives must be made
// (again), for ResumePending at the next start if not before.
func (s *Store) MarkPending(ctx context.Context, id int64) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE media SET derived_at = NULL WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("mark pending %d: %w", id, err)
	}
	return nil
}

// EachSHA256 calls fn with the hash of every item.
func (s *Store) EachSHA256(ctx context.Context, fn func(id int64, sha string, size int64) error) error {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, sha256, size FROM media ORDER BY id`)
	if err != nil {
		return fmt.Errorf("list hashes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, size int64
		var sha string
		if err := rows.Scan(&id, &sha, &size); err != nil {
			return fmt.Errorf("list hashes: %w", err)
		}
		if err := fn(id, sha, size); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountMedia returns how many items the catalogue holds.
func (s *Store) CountMedia(ctx context.Context) (int, error) {
	var n int
	err := s.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM media`).Scan(&n)
	return n, err
}

// MediaIDBySHA256 returns the id of the item with these bytes.
func (s *Store) MediaIDBySHA256(ctx context.Context, sha string) (int64, error) {
	var id int64
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT id FROM media WHERE sha256 = ?`), sha).Scan(&id)
	if notFound(err) {
		return 0, fmt.Errorf("media %s: %w", sha, gallery.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("media %s: %w", sha, err)
	}
	return id, nil
}
