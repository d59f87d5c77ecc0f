package sqlstore

import (
	"context"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// AddUpload records an upload starting; its bytes count against quotas
// from now on (see StagedBytes).
func (s *Store) AddUpload(ctx context.Context, u gallery.Upload) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO uploads (id, user_id, album_id, name, size, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
		u.ID, u.UserID, u.AlbumID, u.Name, u.Size, u.CreatedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("add upload: %w", err)
	}
	return nil
}

// Upload returns an upload in progress.
func (s *Store) Upload(ctx context.Context, id string) (gallery.Upload, error) {
	var u gallery.Upload
	var created int64
	err := s.queryRow(ctx, `SELECT id, user_id, album_id, name, size, created_at FROM uploads WHERE id = ?`, id).
		Scan(&u.ID, &u.UserID, &u.AlbumID, &u.Name, &u.Size, &created)
	if notFound(err) {
		return u, fmt.Errorf("upload %s: %w", id, gallery.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("upload %s: %w", id, err)
	}
	u.CreatedAt = time.UnixMilli(created).UTC()
	return u, nil
}

// DeleteUpload forgets an upload (finished, or abandoned).
func (s *Store) DeleteUpload(ctx context.Context, id string) error {
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM uploads WHERE id = ?`), id); err != nil {
		return fmt.Errorf("delete upload: %w", err)
	}
	return nil
}

// StaleUploads returns the ids of uploads started before cutoff.
func (s *Store) StaleUploads(ctx context.Context, cutoff time.Time) ([]string, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT id FROM uploads WHERE created_at < ?`), cutoff.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("stale uploads: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("stale uploads: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// UploadIDs returns the ids of every upload in progress.
func (s *Store) UploadIDs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id FROM uploads`)
	if err != nil {
		return nil, fmt.Errorf("uploads: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("uploads: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// StagedBytes returns, per user, the bytes announced by their uploads in
// progress, and CountUploads how many they have.
func (s *Store) StagedBytes(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT user_id, SUM(size) FROM uploads GROUP BY user_id`)
	if err != nil {
		return nil, fmt.Errorf("staged bytes: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("staged bytes: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// CountUploads returns how many uploads a user has in progress.
func (s *Store) CountUploads(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM uploads WHERE user_id = ?`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count uploads: %w", err)
	}
	return n, nil
}

// LockQuotas serialises, until the end of the Atomic transaction it runs
// in, every transaction that checks a quota and reserves bytes against
// it: two uploads checked at once could both fit in the room left for
// one. SQLite's write transactions are serial already.
func (s *Store) LockQuotas(ctx context.Context) error {
	if s.d.name != "postgres" {
		return nil
	}
	if _, err := s.conn(ctx).ExecContext(ctx, `SELECT pg_advisory_xact_lock(735201)`); err != nil {
		return fmt.Errorf("lock quotas: %w", err)
	}
	return nil
}
