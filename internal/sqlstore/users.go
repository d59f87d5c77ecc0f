package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"imagier/internal/gallery"
)

// userColumns are read into a gallery.User by scanUser.
const userColumns = `u.id, u.name, u.role, u.password_hash, u.created_at, u.level, u.email, u.lang, u.quota, u.disabled, u.totp_secret <> ''`

func scanUser(sc interface{ Scan(...any) error }, u *gallery.User) error {
	var role string
	var created int64
	var quota sql.NullInt64
	if err := sc.Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &created, &u.Level, &u.Email, &u.Lang, &quota, &u.Disabled, &u.TOTP); err != nil {
		return err
	}
	u.Role, u.CreatedAt = gallery.Role(role), time.UnixMilli(created).UTC()
	if quota.Valid {
		q := quota.Int64
		u.Quota = &q
	}
	return nil
}

// AddUser creates an account; a taken name gives gallery.ErrConflict.
// Administrators see every privacy level.
func (s *Store) AddUser(ctx context.Context, u *gallery.User) error {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	if !u.Role.Valid() || u.Role == gallery.RoleGuest {
		return fmt.Errorf("user %q: role %q: %w", u.Name, u.Role, gallery.ErrInvalid)
	}
	if u.Role.IsAdmin() {
		u.Level = gallery.LevelAdmins
	}
	err := s.rightsTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.d.q(`INSERT INTO users (name, role, password_hash, created_at, level, email, lang, quota)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			u.Name, string(u.Role), u.PasswordHash, u.CreatedAt.UnixMilli(), u.Level, u.Email, u.Lang, nullInt(u.Quota)).Scan(&u.ID)
	})
	if isUniqueViolation(err) {
		return fmt.Errorf("user %q exists: %w", u.Name, gallery.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("add user %q: %w", u.Name, err)
	}
	return nil
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// UserByName returns the account called name.
func (s *Store) UserByName(ctx context.Context, name string) (gallery.User, error) {
	return s.userWhere(ctx, `u.name = ?`, name)
}

// UserByID returns an account with its groups.
func (s *Store) UserByID(ctx context.Context, id int64) (gallery.User, error) {
	return s.userWhere(ctx, `u.id = ?`, id)
}

func (s *Store) userWhere(ctx context.Context, where string, arg any) (gallery.User, error) {
	var u gallery.User
	err := scanUser(s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT `+userColumns+` FROM users u WHERE `+where), arg), &u)
	if notFound(err) {
		return u, fmt.Errorf("user %v: %w", arg, gallery.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("user %v: %w", arg, err)
	}
	u.Groups, err = s.UserGroups(ctx, u.ID)
	return u, err
}

// Users returns every account, by name, with their groups.
func (s *Store) Users(ctx context.Context) ([]gallery.User, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY lower(u.name), u.id`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	var out []gallery.User
	for rows.Next() {
		var u gallery.User
		if err := scanUser(rows, &u); err != nil {
			rows.Close()
			return nil, fmt.Errorf("users: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	members, err := s.memberships(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Groups = members[out[i].ID]
	}
	return out, nil
}

// memberships maps each user to their groups.
func (s *Store) memberships(ctx context.Context) (map[int64][]int64, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT user_id, group_id FROM group_members ORDER BY user_id, group_id`)
	if err != nil {
		return nil, fmt.Errorf("group members: %w", err)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var u, g int64
		if err := rows.Scan(&u, &g); err != nil {
			return nil, fmt.Errorf("group members: %w", err)
		}
		out[u] = append(out[u], g)
	}
	return out, rows.Err()
}

// UserGroups returns the groups a user belongs to.
func (s *Store) UserGroups(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT group_id FROM group_members WHERE user_id = ? ORDER BY group_id`), userID)
	if err != nil {
		return nil, fmt.Errorf("user groups: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var g int64
		if err := rows.Scan(&g); err != nil {
			return nil, fmt.Errorf("user groups: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// UpdateUser saves an account's role, level, e-mail, language, quota and
// disabled flag (not its name or password). Disabling ends its sessions.
func (s *Store) UpdateUser(ctx context.Context, u gallery.User) error {
	if !u.Role.Valid() || u.Role == gallery.RoleGuest || !gallery.ValidLevel(u.Level) {
		return fmt.Errorf("user %d: %w", u.ID, gallery.ErrInvalid)
	}
	if u.Role.IsAdmin() {
		u.Level = gallery.LevelAdmins
	}
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.q(`UPDATE users SET role = ?, level = ?, email = ?, lang = ?, quota = ?, disabled = ? WHERE id = ?`),
			string(u.Role), u.Level, u.Email, u.Lang, nullInt(u.Quota), u.Disabled, u.ID)
		if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", u.ID, gallery.ErrNotFound)
		}
		if u.Disabled {
			if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE user_id = ?`), u.ID); err != nil {
				return fmt.Errorf("update user: %w", err)
			}
		}
		return nil
	})
}

// SetPassword replaces an account's password hash and ends its other
// sessions: every one except keep (a token hash, or "").
func (s *Store) SetPassword(ctx context.Context, userID int64, hash, keep string) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE users SET password_hash = ? WHERE id = ?`), hash, userID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`), userID, keep); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		return nil
	})
}

// SetUserLang records an account's language ("" follows the browser).
// A language is no right: unlike the account's other settings, it leaves
// the rights version (and so every server's caches) alone.
func (s *Store) SetUserLang(ctx context.Context, userID int64, lang string) error {
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE users SET lang = ? WHERE id = ?`), lang, userID); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	return nil
}

// Groups returns every group, by name, with its members.
func (s *Store) Groups(ctx context.Context) ([]gallery.Group, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, name, quota FROM groups ORDER BY lower(name), id`)
	if err != nil {
		return nil, fmt.Errorf("groups: %w", err)
	}
	var out []gallery.Group
	for rows.Next() {
		var g gallery.Group
		var q sql.NullInt64
		if err := rows.Scan(&g.ID, &g.Name, &q); err != nil {
			rows.Close()
			return nil, fmt.Errorf("groups: %w", err)
		}
		if q.Valid {
			v := q.Int64
			g.Quota = &v
		}
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("groups: %w", err)
	}
	members, err := s.memberships(ctx)
	if err != nil {
		return nil, err
	}
	for u, gs := range members {
		for _, gid := range gs {
			for i := range out {
				if out[i].ID == gid {
					out[i].Members = append(out[i].Members, u)
				}
			}
		}
	}
	return out, nil
}

// CreateGroup creates a group; a taken name gives gallery.ErrConflict.
func (s *Store) CreateGroup(ctx context.Context, name string) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return 0, fmt.Errorf("group name %q: %w", name, gallery.ErrInvalid)
	}
	var id int64
	err := s.rightsTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.d.q(`INSERT INTO groups (name, created_at) VALUES (?, ?) RETURNING id`), name, time.Now().UnixMilli()).Scan(&id)
	})
	if isUniqueViolation(err) {
		return 0, fmt.Errorf("group %q exists: %w", name, gallery.ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("create group: %w", err)
	}
	return id, nil
}

// DeleteGroup deletes a group, its memberships and its grants.
func (s *Store) DeleteGroup(ctx context.Context, id int64) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM group_members WHERE group_id = ?`, `DELETE FROM album_grants WHERE group_id = ?`, `DELETE FROM groups WHERE id = ?`} {
			res, err := tx.ExecContext(ctx, s.d.q(q), id)
			if err != nil {
				return fmt.Errorf("delete group: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 && strings.HasPrefix(q, "DELETE FROM groups") {
				return fmt.Errorf("group %d: %w", id, gallery.ErrNotFound)
			}
		}
		return nil
	})
}

// SetGroupQuota sets a group's quota in bytes (nil for none).
func (s *Store) SetGroupQuota(ctx context.Context, id int64, quota *int64) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE groups SET quota = ? WHERE id = ?`), nullInt(quota), id)
	if err != nil {
		return fmt.Errorf("group quota: %w", err)
	}
	return nil
}

// SetMember adds a user to a group, or takes them out.
func (s *Store) SetMember(ctx context.Context, groupID, userID int64, member bool) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		q := `DELETE FROM group_members WHERE group_id = ? AND user_id = ?`
		if member {
			q = `INSERT INTO group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
		}
		if _, err := tx.ExecContext(ctx, s.d.q(q), groupID, userID); err != nil {
			if member && strings.Contains(strings.ToUpper(err.Error()), "FOREIGN KEY") || strings.Contains(err.Error(), "23503") {
				return fmt.Errorf("group member: %w", gallery.ErrNotFound)
			}
			return fmt.Errorf("group member: %w", err)
		}
		return nil
	})
}

// TOTPSecret returns an account's TOTP secret, "" when it has none.
func (s *Store) TOTPSecret(ctx context.Context, userID int64) (string, error) {
	var secret string
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT totp_secret FROM users WHERE id = ?`), userID).Scan(&secret)
	if notFound(err) {
		return "", fmt.Errorf("user %d: %w", userID, gallery.ErrNotFound)
	}
	return secret, err
}

// SetTOTPSecret sets (or, with "", removes) an account's TOTP secret.
func (s *Store) SetTOTPSecret(ctx context.Context, userID int64, secret string) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.q(`UPDATE users SET totp_secret = ?, totp_step = 0 WHERE id = ?`), secret, userID)
		if err != nil {
			return fmt.Errorf("set totp: %w", err)
		}
		return nil
	})
}

// UseTOTPStep records that the code of time step step was used, and
// reports false when that step or a later one already was: a code works
// once.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.conn(ctx).ExecContext(ctx, s.d.q(`UPDATE users SET totp_step = ? WHERE id = ? AND totp_step < ?`), step, userID, step)
	if err != nil {
		return false, fmt.Errorf("totp step: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
