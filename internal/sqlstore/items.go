package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"imagier/internal/gallery"
)

// EnsureAlbumPath returns the id of the album at path (names from the
// root), creating what is missing.
func (s *Store) EnsureAlbumPath(ctx context.Context, path []string) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.ensureAlbum(ctx, tx, path)
		return err
	})
	return id, err
}

// SetAlbumDescription sets an album's description.
func (s *Store) SetAlbumDescription(ctx context.Context, id int64, text string) error {
	res, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE albums SET description = ? WHERE id = ?`), text, id)
	if err != nil {
		return fmt.Errorf("album description: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	return nil
}

// ItemsByKeys returns, in one query, the items of the given public keys
// with every album each is filed in, whatever the caller may see: the
// service decides from it. Keys that name no item are left out.
func (s *Store) ItemsByKeys(ctx context.Context, keys []string) ([]gallery.ItemLinks, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	return s.itemLinks(ctx, `m.public_key`, args)
}

// ItemsByIDs is ItemsByKeys for the items of ids, by ID.
func (s *Store) ItemsByIDs(ctx context.Context, ids []int64) ([]gallery.ItemLinks, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	_, args := inList(ids)
	return s.itemLinks(ctx, `m.id`, args)
}

// itemLinks reads the items whose column is one of args, by ID.
func (s *Store) itemLinks(ctx context.Context, column string, args []any) ([]gallery.ItemLinks, error) {
	in := `(` + strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + `)`
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT m.id, m.public_key, m.deleted_at IS NOT NULL, m.pending, COALESCE(am.album_id, 0), COALESCE(am.level, 0)
		FROM media m LEFT JOIN album_media am ON am.media_id = m.id WHERE `+column+` IN `+in+` ORDER BY m.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	defer rows.Close()
	var out []gallery.ItemLinks
	for rows.Next() {
		var it gallery.ItemLinks
		var link gallery.AlbumLink
		if err := rows.Scan(&it.ID, &it.Key, &it.Deleted, &it.Pending, &link.Album, &link.Level); err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != it.ID {
			out = append(out, it)
		}
		if link.Album != 0 {
			last := &out[len(out)-1]
			last.Links = append(last.Links, link)
		}
	}
	return out, rows.Err()
}
