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

// settingRightsVersion is the internal setting that counts changes of
// who-sees-what (see bumpRights); the others are gallery.Settings.
const settingRightsVersion = "rights_version"

// newAlbumPublic is the public flag of a new album, from the settings:
// private unless an administrator chose otherwise.
const newAlbumPublic = `COALESCE((SELECT value = 'true' FROM settings WHERE name = 'new_albums_public'), FALSE)`

// pendingLevel is the level an item's album links carry while it awaits
// review: above every caller's, so only administrators see it.
const pendingLevel = 100

// bumpRights marks that who-sees-what changed, so that every server drops
// what it cached.
func (s *Store) bumpRights(ctx context.Context, ex execer) error {
	_, err := ex.ExecContext(ctx, s.d.q(`UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE name = ?`), settingRightsVersion)
	if err != nil {
		return fmt.Errorf("rights version: %w", err)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rightsTx runs fn in a transaction and bumps the rights version with it.
func (s *Store) rightsTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return s.bumpRights(ctx, tx)
	})
}

// RightsVersion returns the current rights version.
func (s *Store) RightsVersion(ctx context.Context) (int64, error) {
	var v string
	if err := s.queryRow(ctx, `SELECT value FROM settings WHERE name = ?`, settingRightsVersion).Scan(&v); err != nil {
		return 0, fmt.Errorf("rights version: %w", err)
	}
	return strconv.ParseInt(v, 10, 64)
}

// Settings returns the library's settings; a setting never set, or
// whose stored value is not valid, keeps its default.
func (s *Store) Settings(ctx context.Context) (gallery.Settings, error) {
	out := gallery.DefaultSettings()
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT name, value FROM settings`)
	if err != nil {
		return out, fmt.Errorf("settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return out, fmt.Errorf("settings: %w", err)
		}
		if k != settingRightsVersion {
			out.Set(k, v) // unknown names are other versions' or internal
		}
	}
	return out, rows.Err()
}

// SetSetting sets a setting. Every setting may change who sees what, so
// the rights version moves with it.
func (s *Store) SetSetting(ctx context.Context, name, value string) error {
	var check gallery.Settings
	if err := check.Set(name, value); err != nil {
		return err
	}
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO settings (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`), name, value)
		if err != nil {
			return fmt.Errorf("setting %s: %w", name, err)
		}
		return nil
	})
}

// AccessRules returns every album's rule and every grant, with the names
// of the users and groups granted: all ComputeAccess needs.
func (s *Store) AccessRules(ctx context.Context) ([]gallery.AlbumRule, []gallery.Grant, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0), public, inherit FROM albums`)
	if err != nil {
		return nil, nil, fmt.Errorf("album rules: %w", err)
	}
	var rules []gallery.AlbumRule
	for rows.Next() {
		var r gallery.AlbumRule
		if err := rows.Scan(&r.ID, &r.ParentID, &r.Public, &r.Inherit); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("album rules: %w", err)
		}
		rules = append(rules, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("album rules: %w", err)
	}
	grants, err := s.grantsWhere(ctx, "", nil)
	return rules, grants, err
}

func (s *Store) grantsWhere(ctx context.Context, where string, args []any) ([]gallery.Grant, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT g.id, g.album_id, COALESCE(g.user_id, 0), COALESCE(g.group_id, 0), g.perms,
		COALESCE(u.name, gr.name, '') FROM album_grants g LEFT JOIN users u ON u.id = g.user_id LEFT JOIN groups gr ON gr.id = g.group_id`+where+
		` ORDER BY g.album_id, g.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("grants: %w", err)
	}
	defer rows.Close()
	var out []gallery.Grant
	for rows.Next() {
		var g gallery.Grant
		var perms int
		if err := rows.Scan(&g.ID, &g.AlbumID, &g.UserID, &g.GroupID, &perms, &g.Name); err != nil {
			return nil, fmt.Errorf("grants: %w", err)
		}
		g.Perms = gallery.Perm(perms)
		out = append(out, g)
	}
	return out, rows.Err()
}

// AlbumGrants returns the grants made on one album.
func (s *Store) AlbumGrants(ctx context.Context, album int64) ([]gallery.Grant, error) {
	return s.grantsWhere(ctx, ` WHERE g.album_id = ?`, []any{album})
}

// SetGrant gives a user or a group (exactly one of the two non-zero)
// rights on an album, replacing what they had there; perms 0 revokes.
func (s *Store) SetGrant(ctx context.Context, album, userID, groupID int64, perms gallery.Perm) error {
	if (userID == 0) == (groupID == 0) || perms&^gallery.PermAll != 0 {
		return fmt.Errorf("grant: %w", gallery.ErrInvalid)
	}
	if perms != 0 {
		perms |= gallery.PermView
	}
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		if err := s.albumExists(ctx, tx, album); err != nil {
			return err
		}
		who, id := "user_id", userID
		if groupID != 0 {
			who, id = "group_id", groupID
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM album_grants WHERE album_id = ? AND `+who+` = ?`), album, id); err != nil {
			return fmt.Errorf("grant: %w", err)
		}
		if perms == 0 {
			return nil
		}
		table := map[string]string{"user_id": "users", "group_id": "groups"}[who]
		var n int
		if err := tx.QueryRowContext(ctx, s.d.q(`SELECT COUNT(*) FROM `+table+` WHERE id = ?`), id).Scan(&n); err != nil {
			return fmt.Errorf("grant: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("grant: no such %s: %w", strings.TrimSuffix(who, "_id"), gallery.ErrNotFound)
		}
		_, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO album_grants (album_id, `+who+`, perms, created_at) VALUES (?, ?, ?, ?)`),
			album, id, int(perms), time.Now().UnixMilli())
		if err != nil {
			return fmt.Errorf("grant: %w", err)
		}
		return nil
	})
}

// SetAlbumAccess makes an album public or private and sets whether it
// inherits its parent's grants.
func (s *Store) SetAlbumAccess(ctx context.Context, album int64, public, inherit bool) error {
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.q(`UPDATE albums SET public = ?, inherit = ? WHERE id = ?`), public, inherit, album)
		if err != nil {
			return fmt.Errorf("album access: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("album %d: %w", album, gallery.ErrNotFound)
		}
		return nil
	})
}

// SetAlbumsPublic makes albums public, keeping their other settings.
func (s *Store) SetAlbumsPublic(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.rightsTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(ids); start += 500 {
			in, args := inList(ids[start:min(start+500, len(ids))])
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE albums SET public = ? WHERE id IN `+in), append([]any{true}, args...)...); err != nil {
				return fmt.Errorf("albums public: %w", err)
			}
		}
		return nil
	})
}

// AlbumAccess returns an album's public and inherit settings.
func (s *Store) AlbumAccess(ctx context.Context, album int64) (public, inherit bool, err error) {
	err = s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT public, inherit FROM albums WHERE id = ?`), album).Scan(&public, &inherit)
	if notFound(err) {
		err = fmt.Errorf("album %d: %w", album, gallery.ErrNotFound)
	}
	return public, inherit, err
}

// SetLevel sets the privacy level of items, in their rows and their album
// links (where a pending item stays hidden).
func (s *Store) SetLevel(ctx context.Context, ids []int64, level int) error {
	if !gallery.ValidLevel(level) {
		return fmt.Errorf("privacy level %d: %w", level, gallery.ErrInvalid)
	}
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET level = ? WHERE id IN `+in), append([]any{level}, args...)...); err != nil {
			return fmt.Errorf("privacy level: %w", err)
		}
		return s.syncLinkLevels(ctx, tx, in, args)
	})
}

// syncLinkLevels copies items' levels to their album links.
func (s *Store) syncLinkLevels(ctx context.Context, tx *sql.Tx, in string, args []any) error {
	_, err := tx.ExecContext(ctx, s.d.q(`UPDATE album_media SET level = (SELECT CASE WHEN m.pending THEN ? ELSE m.level END
		FROM media m WHERE m.id = album_media.media_id) WHERE media_id IN `+in), append([]any{pendingLevel}, args...)...)
	if err != nil {
		return fmt.Errorf("link levels: %w", err)
	}
	return nil
}

// Publish accepts items awaiting review.
func (s *Store) Publish(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inList(ids)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE media SET pending = FALSE WHERE id IN `+in), args...); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		return s.syncLinkLevels(ctx, tx, in, args)
	})
}

// ReviewPage lists the items awaiting review, oldest first.
func (s *Store) ReviewPage(ctx context.Context, after string, limit int) (gallery.Page, error) {
	return s.pageQuery(ctx, `media m`, `m.pending AND m.deleted_at IS NULL`, nil, false, after, limit, "m.sort_date", "m.id")
}

// CountPending returns how many items await review.
func (s *Store) CountPending(ctx context.Context) (int, error) {
	var n int
	err := s.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM media WHERE pending AND deleted_at IS NULL`).Scan(&n)
	return n, err
}
