package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// UserForReset returns the active account whose name or e-mail is who,
// for a password reset; ErrNotFound when there is none or it has no
// e-mail to write to.
func (s *Store) UserForReset(ctx context.Context, who string) (gallery.User, error) {
	var u gallery.User
	err := scanUser(s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT `+userColumns+` FROM users u
		WHERE (u.name = ? OR lower(u.email) = lower(?)) AND u.email <> '' AND NOT u.disabled AND u.role <> 'generic'
		ORDER BY u.id LIMIT 1`), who, who), &u)
	if notFound(err) {
		return u, fmt.Errorf("reset: %w", gallery.ErrNotFound)
	}
	return u, err
}

// AddReset records a reset link for a user, unless one was made for them
// less than minGap ago (then ErrConflict: no flood of e-mails).
func (s *Store) AddReset(ctx context.Context, userID int64, hash string, now time.Time, ttl, minGap time.Duration) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.d.q(`SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND created_at > ?`),
			userID, now.Add(-minGap).UnixMilli()).Scan(&n); err != nil {
			return fmt.Errorf("reset: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("reset: one was just sent: %w", gallery.ErrConflict)
		}
		_, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`),
			hash, userID, now.UnixMilli(), now.Add(ttl).UnixMilli())
		if err != nil {
			return fmt.Errorf("reset: %w", err)
		}
		return nil
	})
}

// ResetUser returns the user a live reset link is for.
func (s *Store) ResetUser(ctx context.Context, hash string, now time.Time) (gallery.User, error) {
	var u gallery.User
	err := scanUser(s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT `+userColumns+` FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND NOT u.disabled`), hash, now.UnixMilli()), &u)
	if notFound(err) {
		return u, fmt.Errorf("reset link: %w", gallery.ErrNotFound)
	}
	return u, err
}

// UseReset sets the new password through a live reset link, once, and
// ends every session of the account.
func (s *Store) UseReset(ctx context.Context, hash, passwordHash string, now time.Time) (gallery.User, error) {
	u, err := s.ResetUser(ctx, hash, now)
	if err != nil {
		return u, err
	}
	err = s.rightsTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.q(`UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`), now.UnixMilli(), hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("reset link: %w", gallery.ErrNotFound)
		}
		// Every other link of the account dies with this one.
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL`), now.UnixMilli(), u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE users SET password_hash = ? WHERE id = ?`), passwordHash, u.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE user_id = ?`), u.ID)
		return err
	})
	return u, err
}
