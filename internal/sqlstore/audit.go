package sqlstore

import (
	"context"
	"fmt"
	"imagier/internal/gallery"
	"strings"
	"time"
)

// AddAudit records an entry.
func (s *Store) AddAudit(ctx context.Context, e gallery.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	var uid any
	if e.UserID != 0 {
		uid = e.UserID
	}
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO audit_log (at, user_id, user_name, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		e.At.UnixMilli(), uid, e.UserName, e.Action, clip(e.Target, 500), clip(e.Detail, 2000), e.Address)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// ItemSummaries returns, by key, the items of keys that still exist, in
// the trash or not, with the first album holding each.
func (s *Store) ItemSummaries(ctx context.Context, keys []string) (map[string]gallery.ItemSummary, error) {
	out := map[string]gallery.ItemSummary{}
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		in := `(` + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + `)`
		rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT m.public_key, m.kind, m.title, m.filename, COALESCE(MIN(am.album_id), 0)
			FROM media m LEFT JOIN album_media am ON am.media_id = m.id WHERE m.public_key IN `+in+`
			GROUP BY m.id, m.public_key, m.kind, m.title, m.filename`), args...)
		if err != nil {
			return nil, fmt.Errorf("item summaries: %w", err)
		}
		for rows.Next() {
			var it gallery.ItemSummary
			var title, file string
			if err := rows.Scan(&it.Key, &it.Kind, &title, &file, &it.Album); err != nil {
				rows.Close()
				return nil, fmt.Errorf("item summaries: %w", err)
			}
			it.Name = title
			if it.Name == "" {
				it.Name = file
			}
			out[it.Key] = it
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("item summaries: %w", err)
		}
	}
	return out, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// Audit returns entries, newest first.
func (s *Store) Audit(ctx context.Context, f gallery.AuditFilter) ([]gallery.AuditEntry, error) {
	var where []string
	var args []any
	if f.User != "" {
		where, args = append(where, `user_name = ?`), append(args, f.User)
	}
	if f.Action != "" {
		where, args = append(where, `(action = ? OR action LIKE ?)`), append(args, f.Action, likePrefix(f.Action)+".%")
	}
	if !f.From.IsZero() {
		where, args = append(where, `at >= ?`), append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		where, args = append(where, `at < ?`), append(args, f.To.UnixMilli())
	}
	if f.Before > 0 {
		where, args = append(where, `id < ?`), append(args, f.Before)
	}
	q := `SELECT id, at, COALESCE(user_id, 0), user_name, action, target, detail, address FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.Limit <= 0 || f.Limit > 100000 {
		f.Limit = 100000
	}
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(q+` ORDER BY id DESC LIMIT ?`), append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	var out []gallery.AuditEntry
	for rows.Next() {
		var e gallery.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.UserName, &e.Action, &e.Target, &e.Detail, &e.Address); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// likePrefix escapes LIKE's wildcards; the escape character is the
// default backslash in PostgreSQL and declared nowhere in SQLite, so the
// prefix keeps only characters that need none.
func likePrefix(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '%' || r == '_' || r == '\\' {
			return -1
		}
		return r
	}, s)
}
