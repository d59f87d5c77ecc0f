package sqlstore

import (
	"context"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// AddUser creates an account; a taken name gives gallery.ErrConflict.
func (s *Store) AddUser(ctx context.Context, u *gallery.User) error {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	err := s.db.QueryRowContext(ctx, s.d.q(`INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
		u.Name, string(u.Role), u.PasswordHash, u.CreatedAt.UnixMilli()).Scan(&u.ID)
	if isUniqueViolation(err) {
		return fmt.Errorf("user %q exists: %w", u.Name, gallery.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("add user %q: %w", u.Name, err)
	}
	return nil
}

// UserByName returns the account called name.
func (s *Store) UserByName(ctx context.Context, name string) (gallery.User, error) {
	var u gallery.User
	var role string
	var created int64
	err := s.db.QueryRowContext(ctx, s.d.q(`SELECT id, name, role, password_hash, created_at FROM users WHERE name = ?`), name).
		Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &created)
	if notFound(err) {
		return u, fmt.Errorf("user %q: %w", name, gallery.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("user %q: %w", name, err)
	}
	u.Role = gallery.Role(role)
	u.CreatedAt = time.UnixMilli(created).UTC()
	return u, nil
}
