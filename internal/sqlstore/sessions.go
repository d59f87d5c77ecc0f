package sqlstore

import (
	"context"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// Session is a signed-in browser, found by the hash of its cookie's token.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
	UserAgent string
}

// AddSession records a new session.
func (s *Store) AddSession(ctx context.Context, se Session) error {
	_, err := s.db.ExecContext(ctx, s.d.q(`INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, user_agent)
		VALUES (?, ?, ?, ?, ?, ?)`), se.TokenHash, se.UserID, se.CSRF, se.CreatedAt.UnixMilli(), se.ExpiresAt.UnixMilli(), se.UserAgent)
	if err != nil {
		return fmt.Errorf("add session: %w", err)
	}
	return nil
}

// SessionUser returns the live session with this token hash and its user.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (Session, gallery.User, error) {
	var se Session
	var u gallery.User
	var role string
	var created, expires, userCreated int64
	err := s.db.QueryRowContext(ctx, s.d.q(`SELECT s.token_hash, s.user_id, s.csrf, s.created_at, s.expires_at, s.user_agent,
		u.id, u.name, u.role, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`), tokenHash, now.UnixMilli()).
		Scan(&se.TokenHash, &se.UserID, &se.CSRF, &created, &expires, &se.UserAgent, &u.ID, &u.Name, &role, &userCreated)
	if notFound(err) {
		return se, u, fmt.Errorf("session: %w", gallery.ErrNotFound)
	}
	if err != nil {
		return se, u, fmt.Errorf("session: %w", err)
	}
	se.CreatedAt, se.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
	u.Role, u.CreatedAt = gallery.Role(role), time.UnixMilli(userCreated).UTC()
	return se, u, nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE token_hash = ?`), tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE expires_at <= ?`), now.UnixMilli()); err != nil {
		return fmt.Errorf("delete expired sessions: %w", err)
	}
	return nil
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}
