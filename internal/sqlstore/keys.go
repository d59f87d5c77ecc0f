package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
)

func millis(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

func fromMillis(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := time.UnixMilli(n.Int64).UTC()
	return &t
}

// AddAPIKey records a key by the hash of its secret.
func (s *Store) AddAPIKey(ctx context.Context, k *gallery.APIKey, hash string) error {
	k.Name = strings.TrimSpace(k.Name)
	if k.Name == "" || len(k.Name) > 100 {
		return fmt.Errorf("key name %q: %w", k.Name, gallery.ErrInvalid)
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = time.Now().UTC()
	}
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`INSERT INTO api_keys (user_id, name, key_hash, read_only, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), k.UserID, k.Name, hash, k.ReadOnly, k.CreatedAt.UnixMilli(), millis(k.ExpiresAt)).Scan(&k.ID)
	if err != nil {
		return fmt.Errorf("add key: %w", err)
	}
	return nil
}

// APIKeys returns a user's keys, newest first.
func (s *Store) APIKeys(ctx context.Context, userID int64) ([]gallery.APIKey, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT id, user_id, name, read_only, created_at, expires_at, revoked_at
		FROM api_keys WHERE user_id = ? ORDER BY id DESC`), userID)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	defer rows.Close()
	var out []gallery.APIKey
	for rows.Next() {
		var k gallery.APIKey
		var created int64
		var exp, rev sql.NullInt64
		if err := rows.Scan(&k.ID, &k.UserID, &k.Name, &k.ReadOnly, &created, &exp, &rev); err != nil {
			return nil, fmt.Errorf("keys: %w", err)
		}
		k.CreatedAt, k.ExpiresAt, k.RevokedAt = time.UnixMilli(created).UTC(), fromMillis(exp), fromMillis(rev)
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIKey revokes one of a user's keys; another user's key is not
// found.
func (s *Store) RevokeAPIKey(ctx context.Context, userID, id int64, now time.Time) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.q(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`), now.UnixMilli(), id, userID)
		if err != nil {
			return fmt.Errorf("revoke key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("key %d: %w", id, gallery.ErrNotFound)
		}
		return nil
	})
}

// KeyUser returns the live key with this hash and its user, unless the
// account is disabled, with the rights version (as SessionUser does).
func (s *Store) KeyUser(ctx context.Context, hash string, now time.Time) (gallery.APIKey, gallery.User, int64, error) {
	var k gallery.APIKey
	var u gallery.User
	var created int64
	var exp sql.NullInt64
	var version string
	row := s.queryRow(ctx, `SELECT k.id, k.user_id, k.name, k.read_only, k.created_at, k.expires_at,
		(SELECT value FROM settings WHERE name = 'rights_version'), `+userColumns+`
		FROM api_keys k JOIN users u ON u.id = k.user_id
		WHERE k.key_hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?) AND NOT u.disabled`, hash, now.UnixMilli())
	err := scanUser(prefixScanner{row, []any{&k.ID, &k.UserID, &k.Name, &k.ReadOnly, &created, &exp, &version}}, &u)
	if notFound(err) {
		return k, u, 0, fmt.Errorf("key: %w", gallery.ErrNotFound)
	}
	if err != nil {
		return k, u, 0, fmt.Errorf("key: %w", err)
	}
	k.CreatedAt, k.ExpiresAt = time.UnixMilli(created).UTC(), fromMillis(exp)
	v, _ := strconv.ParseInt(version, 10, 64)
	return k, u, v, nil
}

// IPBlocks returns the block-list.
func (s *Store) IPBlocks(ctx context.Context) ([]gallery.IPBlock, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, network, note, created_at FROM ip_blocks ORDER BY network`)
	if err != nil {
		return nil, fmt.Errorf("ip blocks: %w", err)
	}
	defer rows.Close()
	var out []gallery.IPBlock
	for rows.Next() {
		var b gallery.IPBlock
		var created int64
		if err := rows.Scan(&b.ID, &b.Network, &b.Note, &created); err != nil {
			return nil, fmt.Errorf("ip blocks: %w", err)
		}
		b.CreatedAt = time.UnixMilli(created).UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// AddIPBlock shuts out a network, given in CIDR form by the caller.
func (s *Store) AddIPBlock(ctx context.Context, network, note string) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO ip_blocks (network, note, created_at) VALUES (?, ?, ?)`), network, clip(note, 200), time.Now().UnixMilli())
	if isUniqueViolation(err) {
		return fmt.Errorf("%s is already blocked: %w", network, gallery.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("block %s: %w", network, err)
	}
	return nil
}

// RemoveIPBlock lifts a block.
func (s *Store) RemoveIPBlock(ctx context.Context, id int64) error {
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM ip_blocks WHERE id = ?`), id); err != nil {
		return fmt.Errorf("unblock: %w", err)
	}
	return nil
}

// RevokeUserKeys revokes every live key of an account, as a password
// change or reset does: a key made with the old password must not outlive
// it.
func (s *Store) RevokeUserKeys(ctx context.Context, userID int64, now time.Time) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`), now.UnixMilli(), userID); err != nil {
			return fmt.Errorf("revoke keys: %w", err)
		}
		return nil
	})
}
