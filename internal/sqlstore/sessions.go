package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"imagier/internal/gallery"
)

// AddSession records a new session.
func (s *Store) AddSession(ctx context.Context, se gallery.Session) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, user_agent)
		VALUES (?, ?, ?, ?, ?, ?)`), se.TokenHash, se.UserID, se.CSRF, se.CreatedAt.UnixMilli(), se.ExpiresAt.UnixMilli(), se.UserAgent)
	if err != nil {
		return fmt.Errorf("add session: %w", err)
	}
	return nil
}

// SessionUser returns the live session with this token hash and its user,
// unless the account is disabled. The session carries the rights version
// read in the same query, so a request needs one round trip to know who
// calls and whether what was cached about their rights still holds.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (gallery.Session, gallery.User, error) {
	var se gallery.Session
	var u gallery.User
	var created, expires int64
	var version string
	row := s.queryRow(ctx, `SELECT s.token_hash, s.user_id, s.csrf, s.created_at, s.expires_at, s.user_agent,
		(SELECT value FROM settings WHERE name = 'rights_version'), `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled`, tokenHash, now.UnixMilli())
	err := scanUser(prefixScanner{row, []any{&se.TokenHash, &se.UserID, &se.CSRF, &created, &expires, &se.UserAgent, &version}}, &u)
	if notFound(err) {
		return se, u, fmt.Errorf("session: %w", gallery.ErrNotFound)
	}
	if err != nil {
		return se, u, fmt.Errorf("session: %w", err)
	}
	se.CreatedAt, se.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
	se.RightsVersion, _ = strconv.ParseInt(version, 10, 64)
	return se, u, nil
}

// prefixScanner scans some columns into its own destinations before
// handing the rest to a row scanner written for a table alone.
type prefixScanner struct {
	sc   interface{ Scan(...any) error }
	dest []any
}

func (p prefixScanner) Scan(dest ...any) error { return p.sc.Scan(append(p.dest, dest...)...) }

// UserSessions returns a user's live sessions, newest first.
func (s *Store) UserSessions(ctx context.Context, userID int64, now time.Time) ([]gallery.Session, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT token_hash, created_at, expires_at, user_agent, COALESCE(last_seen_at, created_at)
		FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC`), userID, now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	defer rows.Close()
	var out []gallery.Session
	for rows.Next() {
		se := gallery.Session{UserID: userID}
		var created, expires, seen int64
		if err := rows.Scan(&se.TokenHash, &created, &expires, &se.UserAgent, &seen); err != nil {
			return nil, fmt.Errorf("sessions: %w", err)
		}
		se.CreatedAt, se.ExpiresAt, se.LastSeen = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC(), time.UnixMilli(seen).UTC()
		out = append(out, se)
	}
	return out, rows.Err()
}

// TouchSession records that a session was used at now. It changes nothing
// anyone's rights depend on, so it leaves the rights version alone.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, now time.Time) error {
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`), now.UnixMilli(), tokenHash); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user but keep ("" for all).
// Like every way a session ends, it moves the rights version, so that no
// server goes on trusting a copy of the session it kept.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, keep string) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`), userID, keep); err != nil {
			return fmt.Errorf("delete sessions: %w", err)
		}
		return nil
	})
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE token_hash = ?`), tokenHash); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE expires_at <= ?`), now.UnixMilli()); err != nil {
		return fmt.Errorf("delete expired sessions: %w", err)
	}
	return nil
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}
