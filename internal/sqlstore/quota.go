package sqlstore

import (
	"context"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// UserUsage returns what one account's uploads take, withheld ones
// counted (see AddWithheld).
func (s *Store) UserUsage(ctx context.Context, userID int64) (gallery.Usage, error) {
	return s.usage(ctx, `owner_id = ?`, `user_id = ?`, userID)
}

// GroupUsage returns what a group's members' uploads take, withheld ones
// counted.
func (s *Store) GroupUsage(ctx context.Context, groupID int64) (gallery.Usage, error) {
	const members = `IN (SELECT user_id FROM group_members WHERE group_id = ?)`
	return s.usage(ctx, `owner_id `+members, `user_id `+members, groupID)
}

// AddWithheld counts size bytes against a user's usage for an upload whose
// bytes were withheld: already in an item they may not see.
func (s *Store) AddWithheld(ctx context.Context, userID, size int64, now time.Time) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO withheld_uploads (user_id, size, created_at) VALUES (?, ?, ?)`), userID, size, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("withheld upload: %w", err)
	}
	return nil
}

// LibraryUsage returns what the whole library takes.
func (s *Store) LibraryUsage(ctx context.Context) (gallery.Usage, error) {
	var u gallery.Usage
	if err := s.conn(ctx).QueryRowContext(ctx, `SELECT COALESCE(SUM(size), 0), COUNT(*) FROM media`).Scan(&u.Bytes, &u.Items); err != nil {
		return u, fmt.Errorf("usage: %w", err)
	}
	return u, nil
}

// usage sums the media matching media and the withheld uploads matching
// withheld, both with the one argument arg.
func (s *Store) usage(ctx context.Context, media, withheld string, arg any) (gallery.Usage, error) {
	var u gallery.Usage
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT
		(SELECT COALESCE(SUM(size), 0) FROM media WHERE `+media+`) + (SELECT COALESCE(SUM(size), 0) FROM withheld_uploads WHERE `+withheld+`),
		(SELECT COUNT(*) FROM media WHERE `+media+`) + (SELECT COUNT(*) FROM withheld_uploads WHERE `+withheld+`)`),
		arg, arg, arg, arg).Scan(&u.Bytes, &u.Items)
	if err != nil {
		return u, fmt.Errorf("usage: %w", err)
	}
	return u, nil
}

// UsageByUser returns every uploader's usage.
func (s *Store) UsageByUser(ctx context.Context) (map[int64]gallery.Usage, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT owner_id, SUM(size), COUNT(*) FROM (
		SELECT owner_id, size FROM media WHERE owner_id IS NOT NULL
		UNION ALL SELECT user_id, size FROM withheld_uploads) u GROUP BY owner_id`)
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
