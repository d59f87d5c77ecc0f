package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"imagier/internal/gallery"
)

// Contributions returns, for the items ids, who brought each, when, into
// which album (the first it is filed in) and its state; items without an
// uploader are left out.
func (s *Store) Contributions(ctx context.Context, ids []int64) (map[int64]gallery.Contribution, error) {
	out := map[int64]gallery.Contribution{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(ids)
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+cardColumns+`, m.owner_id, u.name, m.imported_at, m.pending
		FROM media m JOIN users u ON u.id = m.owner_id WHERE m.id IN `+in), args...)
	if err != nil {
		return nil, fmt.Errorf("contributions: %w", err)
	}
	for rows.Next() {
		c, err := scanContribution(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("contributions: %w", err)
		}
		out[c.Item.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contributions: %w", err)
	}
	return out, s.fillContributionAlbums(ctx, out)
}

func scanContribution(rows *sql.Rows) (gallery.Contribution, error) {
	var c gallery.Contribution
	var imported int64
	var pending bool
	var taken sql.NullString
	var kind, sortDate string
	m := &c.Item
	err := rows.Scan(&m.ID, &m.Key, &m.Title, &m.AltText, &m.Filename, &kind, &m.Meta.MIME, &m.Meta.Width, &m.Meta.Height, &sortDate, &taken,
		&c.UploaderID, &c.Uploader, &imported, &pending)
	if err != nil {
		return c, err
	}
	m.Meta.Kind = gallery.Kind(kind)
	if taken.Valid {
		if t, err := time.Parse("2006-01-02 15:04:05", taken.String); err == nil {
			m.Meta.Taken = &gallery.DateTime{Local: t}
		}
	}
	c.UploadedAt = time.UnixMilli(imported).UTC()
	m.ImportedAt = c.UploadedAt
	c.State = gallery.ContributionPublished
	if pending {
		c.State = gallery.ContributionPending
	}
	return c, nil
}

// fillContributionAlbums names the album each contribution is filed in.
func (s *Store) fillContributionAlbums(ctx context.Context, cs map[int64]gallery.Contribution) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(cs))
	for id := range cs {
		ids = append(ids, id)
	}
	paths, err := s.albumPaths(ctx)
	if err != nil {
		return err
	}
	in, args := inList(ids)
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT media_id, MIN(album_id) FROM album_media WHERE media_id IN `+in+` GROUP BY media_id`), args...)
	if err != nil {
		return fmt.Errorf("contribution albums: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, album int64
		if err := rows.Scan(&id, &album); err != nil {
			return fmt.Errorf("contribution albums: %w", err)
		}
		c := cs[id]
		c.AlbumID, c.Album = album, paths[album]
		cs[id] = c
	}
	return rows.Err()
}

// RefuseContributions remembers that the items ids were refused at now,
// for their uploaders: the items themselves go to the trash and, in time,
// out of the library.
func (s *Store) RefuseContributions(ctx context.Context, ids []int64, now time.Time) error {
	cs, err := s.Contributions(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		c, ok := cs[id]
		if !ok {
			continue
		}
		_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO refused_uploads (user_id, media_id, filename, album_id, album, uploaded_at, refused_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), c.UploaderID, id, c.Item.Filename, c.AlbumID, c.Album, c.UploadedAt.UnixMilli(), now.UnixMilli())
		if err != nil {
			return fmt.Errorf("refuse contribution: %w", err)
		}
	}
	return nil
}

// ContributionsOf returns the latest limit uploads of user, newest first:
// their items still in the library (waiting for review or published), and
// those an administrator refused, unless the item came back since.
func (s *Store) ContributionsOf(ctx context.Context, user int64, limit int) ([]gallery.Contribution, error) {
	if limit < 1 || limit > 500 {
		limit = 500
	}
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+cardColumns+`, m.owner_id, u.name, m.imported_at, m.pending
		FROM media m JOIN users u ON u.id = m.owner_id WHERE m.owner_id = ? AND m.deleted_at IS NULL
		ORDER BY m.imported_at DESC, m.id DESC LIMIT ?`), user, limit)
	if err != nil {
		return nil, fmt.Errorf("contributions: %w", err)
	}
	live := map[int64]gallery.Contribution{}
	for rows.Next() {
		c, err := scanContribution(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("contributions: %w", err)
		}
		live[c.Item.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contributions: %w", err)
	}
	if err := s.fillContributionAlbums(ctx, live); err != nil {
		return nil, err
	}
	out := make([]gallery.Contribution, 0, len(live))
	for _, c := range live {
		out = append(out, c)
	}
	rows, err = s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT r.media_id, r.filename, r.album_id, r.album, r.uploaded_at, r.refused_at, u.name
		FROM refused_uploads r JOIN users u ON u.id = r.user_id
		WHERE r.user_id = ? AND r.media_id NOT IN (SELECT id FROM media WHERE deleted_at IS NULL)
		ORDER BY r.uploaded_at DESC, r.id DESC LIMIT ?`), user, limit)
	if err != nil {
		return nil, fmt.Errorf("refused contributions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c := gallery.Contribution{UploaderID: user, State: gallery.ContributionRefused}
		var uploaded, refused int64
		if err := rows.Scan(&c.Item.ID, &c.Item.Filename, &c.AlbumID, &c.Album, &uploaded, &refused, &c.Uploader); err != nil {
			return nil, fmt.Errorf("refused contributions: %w", err)
		}
		c.UploadedAt = time.UnixMilli(uploaded).UTC()
		t := time.UnixMilli(refused).UTC()
		c.RefusedAt = &t
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("refused contributions: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].UploadedAt.Equal(out[j].UploadedAt) {
			return out[i].UploadedAt.After(out[j].UploadedAt)
		}
		return out[i].Item.ID > out[j].Item.ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
