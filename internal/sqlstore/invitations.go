package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"imagier/internal/gallery"
)

// AddInvitation records an invitation by the hash of its token.
func (s *Store) AddInvitation(ctx context.Context, inv *gallery.Invitation, hash string) error {
	var group any
	if inv.GroupID != 0 {
		group = inv.GroupID
	}
	if inv.CreatedAt.IsZero() {
		inv.CreatedAt = time.Now().UTC()
	}
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`INSERT INTO invitations (token_hash, group_id, created_by, note, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), hash, group, inv.CreatedBy, clip(inv.Note, 200), inv.CreatedAt.UnixMilli(), inv.ExpiresAt.UnixMilli()).Scan(&inv.ID)
	if err != nil {
		return fmt.Errorf("add invitation: %w", err)
	}
	return nil
}

// Invitations returns the invitations not yet used, newest first.
func (s *Store) Invitations(ctx context.Context, now time.Time) ([]gallery.Invitation, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT id, COALESCE(group_id, 0), COALESCE(created_by, 0), note, created_at, expires_at
		FROM invitations WHERE used_at IS NULL AND expires_at > ? ORDER BY id DESC`), now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("invitations: %w", err)
	}
	defer rows.Close()
	var out []gallery.Invitation
	for rows.Next() {
		var inv gallery.Invitation
		var created, expires int64
		if err := rows.Scan(&inv.ID, &inv.GroupID, &inv.CreatedBy, &inv.Note, &created, &expires); err != nil {
			return nil, fmt.Errorf("invitations: %w", err)
		}
		inv.CreatedAt, inv.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
		out = append(out, inv)
	}
	return out, rows.Err()
}

// InvitationByHash returns a live invitation.
func (s *Store) InvitationByHash(ctx context.Context, hash string, now time.Time) (gallery.Invitation, error) {
	var inv gallery.Invitation
	var created, expires int64
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT id, COALESCE(group_id, 0), COALESCE(created_by, 0), note, created_at, expires_at
		FROM invitations WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`), hash, now.UnixMilli()).
		Scan(&inv.ID, &inv.GroupID, &inv.CreatedBy, &inv.Note, &created, &expires)
	if notFound(err) {
		return inv, fmt.Errorf("invitation: %w", gallery.ErrNotFound)
	}
	if err != nil {
		return inv, fmt.Errorf("invitation: %w", err)
	}
	inv.CreatedAt, inv.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
	return inv, nil
}

// AcceptInvitation creates the account u from a live invitation, in its
// group, and marks the invitation used, all at once: a link works once,
// even when opened twice at the same moment.
func (s *Store) AcceptInvitation(ctx context.Context, hash string, u *gallery.User, now time.Time) error {
	if !u.Role.Valid() || u.Role.IsAdmin() || u.Role == gallery.RoleGuest {
		return fmt.Errorf("invited user %q: %w", u.Name, gallery.ErrInvalid)
	}
	u.CreatedAt = now.UTC()
	err := s.rightsTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var group sql.NullInt64
		err := tx.QueryRowContext(ctx, s.d.q(`SELECT id, group_id FROM invitations WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`),
			hash, now.UnixMilli()).Scan(&id, &group)
		if notFound(err) {
			return fmt.Errorf("invitation: %w", gallery.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.d.q(`INSERT INTO users (name, role, password_hash, created_at, level, email, lang)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), u.Name, string(u.Role), u.PasswordHash, u.CreatedAt.UnixMilli(), u.Level, u.Email, u.Lang).Scan(&u.ID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.d.q(`UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL`), now.UnixMilli(), u.ID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("invitation: %w", gallery.ErrNotFound)
		}
		if group.Valid {
			if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`), group.Int64, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if isUniqueViolation(err) {
		return fmt.Errorf("user %q exists: %w", u.Name, gallery.ErrConflict)
	}
	return err
}

// RevokeInvitation makes an invitation unusable.
func (s *Store) RevokeInvitation(ctx context.Context, id int64, now time.Time) error {
	res, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE invitations SET expires_at = ? WHERE id = ? AND used_at IS NULL`), now.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("revoke invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("invitation %d: %w", id, gallery.ErrNotFound)
	}
	return nil
}

// Register creates a self-registered account: active at once, or
// awaiting an administrator's approval (and unable to sign in) when
// awaiting is set.
func (s *Store) Register(ctx context.Context, u *gallery.User, awaiting bool) error {
	u.Role, u.Level, u.Disabled = gallery.RoleNormal, gallery.LevelEverybody, awaiting
	u.CreatedAt = time.Now().UTC()
	err := s.rightsTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.d.q(`INSERT INTO users (name, role, password_hash, created_at, level, email, lang, disabled, awaiting)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), u.Name, string(u.Role), u.PasswordHash, u.CreatedAt.UnixMilli(), u.Level, u.Email, u.Lang, awaiting, awaiting).Scan(&u.ID)
	})
	if isUniqueViolation(err) {
		return fmt.Errorf("user %q exists: %w", u.Name, gallery.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("register %q: %w", u.Name, err)
	}
	return nil
}

// Awaiting returns the accounts that registered and await approval.
func (s *Store) Awaiting(ctx context.Context) ([]gallery.User, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.awaiting ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("awaiting: %w", err)
	}
	defer rows.Close()
	var out []gallery.User
	for rows.Next() {
		var u gallery.User
		if err := scanUser(rows, &u); err != nil {
			return nil, fmt.Errorf("awaiting: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Approve lets a registered account in (approve) or deletes it.
func (s *Store) Approve(ctx context.Context, userID int64, approve bool) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		q := `UPDATE users SET awaiting = FALSE, disabled = FALSE WHERE id = ? AND awaiting`
		if !approve {
			q = `DELETE FROM users WHERE id = ? AND awaiting`
		}
		res, err := tx.ExecContext(ctx, s.d.q(q), userID)
		if err != nil {
			return fmt.Errorf("approve: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", userID, gallery.ErrNotFound)
		}
		return nil
	})
}
