package sqlstore

import (
	"context"
	"fmt"
	"imagier/internal/gallery"
)

// UserUsage returns what one account's uploads take.
func (s *Store) UserUsage(ctx context.Context, userID int64) (gallery.Usage, error) {
	return s.usage(ctx, `WHERE owner_id = ?`, userID)
}

// GroupUsage returns what a group's members' uploads take.
func (s *Store) GroupUsage(ctx context.Context, groupID int64) (gallery.Usage, error) {
	return s.usage(ctx, `WHERE owner_id IN (SELECT user_id FROM group_members WHERE group_id = ?)`, groupID)
}

// LibraryUsage returns what the whole library takes.
func (s *Store) LibraryUsage(ctx context.Context) (gallery.Usage, error) {
	return s.usage(ctx, ``)
}

func (s *Store) usage(ctx context.Context, where string, args ...any) (gallery.Usage, error) {
	var u gallery.Usage
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT COALESCE(SUM(size), 0), COUNT(*) FROM media `+where), args...).Scan(&u.Bytes, &u.Items)
	if err != nil {
		return u, fmt.Errorf("usage: %w", err)
	}
	return u, nil
}

// UsageByUser returns every uploader's usage.
func (s *Store) UsageByUser(ctx context.Context) (map[int64]gallery.Usage, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT owner_id, COALESCE(SUM(size), 0), COUNT(*) FROM media WHERE owner_id IS NOT NULL GROUP BY owner_id`)
	if err != nil {
		return nil, fmt.Errorf("usage: %w", err)
	}
	defer rows.Close()
	out := map[int64]gallery.Usage{}
	for rows.Next() {
		var id int64
		var u gallery.Usage
		if err := rows.Scan(&id, &u.Bytes, &u.Items); err != nil {
			return nil, fmt.Errorf("usage: %w", err)
		}
		out[id] = u
	}
	return out, rows.Err()
}
