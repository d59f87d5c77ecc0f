package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"imagier/internal/gallery"
)

// CreateField adds a field after the others and returns its id; a name
// already taken is ErrConflict. The caller checks the definition.
func (s *Store) CreateField(ctx context.Context, f gallery.Field) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(position) FROM fields`).Scan(&last); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, s.d.q(`INSERT INTO fields (name, type, label_fr, label_en, help_fr, help_en, required, choices, position, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			f.Name, string(f.Type), f.LabelFR, f.LabelEN, f.HelpFR, f.HelpEN, f.Required, strings.Join(f.Choices, "\n"),
			last.Int64+1, time.Now().UnixMilli()).Scan(&id)
		if isUniqueViolation(err) {
			return fmt.Errorf("field %q exists: %w", f.Name, gallery.ErrConflict)
		}
		if err != nil {
			return err
		}
		return s.setFieldAlbums(ctx, tx, id, f.Albums)
	})
	if err != nil {
		return 0, fmt.Errorf("create field: %w", err)
	}
	return id, nil
}

// UpdateField saves a field's definition (all but its position) and the
// albums it applies to. Values the new choices no longer hold are kept:
// the caller decides what becomes of them.
func (s *Store) UpdateField(ctx context.Context, f gallery.Field) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.q(`UPDATE fields SET name = ?, type = ?, label_fr = ?, label_en = ?, help_fr = ?, help_en = ?,
			required = ?, choices = ? WHERE id = ?`),
			f.Name, string(f.Type), f.LabelFR, f.LabelEN, f.HelpFR, f.HelpEN, f.Required, strings.Join(f.Choices, "\n"), f.ID)
		if isUniqueViolation(err) {
			return fmt.Errorf("field %q exists: %w", f.Name, gallery.ErrConflict)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("field %d: %w", f.ID, gallery.ErrNotFound)
		}
		return s.setFieldAlbums(ctx, tx, f.ID, f.Albums)
	})
	if err != nil {
		return fmt.Errorf("update field: %w", err)
	}
	return nil
}

func (s *Store) setFieldAlbums(ctx context.Context, tx *sql.Tx, id int64, albums []int64) error {
	if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM field_albums WHERE field_id = ?`), id); err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, a := range albums {
		if seen[a] {
			continue
		}
		seen[a] = true
		if err := s.albumExists(ctx, tx, a); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO field_albums (field_id, album_id) VALUES (?, ?)`), id, a); err != nil {
			return err
		}
	}
	return nil
}

// DeleteField deletes a field and every value of it.
func (s *Store) DeleteField(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		// The values go first, explicitly: SQLite enforces the cascade
		// only with foreign keys on, and the search log must see them go.
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM media_fields WHERE field_id = ?`), id); err != nil {
			return fmt.Errorf("delete field: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM field_albums WHERE field_id = ?`), id); err != nil {
			return fmt.Errorf("delete field: %w", err)
		}
		res, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM fields WHERE id = ?`), id)
		if err != nil {
			return fmt.Errorf("delete field: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("field %d: %w", id, gallery.ErrNotFound)
		}
		return nil
	})
}

// OrderFields gives the fields of ids the positions of their order.
func (s *Store) OrderFields(ctx context.Context, ids []int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE fields SET position = ? WHERE id = ?`), i+1, id); err != nil {
				return fmt.Errorf("order fields: %w", err)
			}
		}
		return nil
	})
}

// AlbumParents returns every album's parent (0 for a root), whatever
// anyone may see: which fields apply to an item depends on it.
func (s *Store) AlbumParents(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0) FROM albums`)
	if err != nil {
		return nil, fmt.Errorf("album parents: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, p int64
		if err := rows.Scan(&id, &p); err != nil {
			return nil, fmt.Errorf("album parents: %w", err)
		}
		out[id] = p
	}
	return out, rows.Err()
}

// FieldValues returns the values of the items of ids, by item, each
// item's in field then value order.
func (s *Store) FieldValues(ctx context.Context, ids []int64) (map[int64][]gallery.FieldValue, error) {
	out := make(map[int64][]gallery.FieldValue, len(ids))
	for start := 0; start < len(ids); start += 1000 {
		in, args := inList(ids[start:min(start+1000, len(ids))])
		rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT media_id, field_id, value FROM media_fields WHERE media_id IN `+in+`
			ORDER BY media_id, field_id, value`), args...)
		if err != nil {
			return nil, fmt.Errorf("field values: %w", err)
		}
		for rows.Next() {
			var id int64
			var v gallery.FieldValue
			if err := rows.Scan(&id, &v.FieldID, &v.Value); err != nil {
				rows.Close()
				return nil, fmt.Errorf("field values: %w", err)
			}
			out[id] = append(out[id], v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("field values: %w", err)
		}
	}
	return out, nil
}

// FieldOp is how SetFieldValues changes an item's values of a field.
type FieldOp int

// The ways of changing values.
const (
	// FieldReplace makes values the item's only values (none clears).
	FieldReplace FieldOp = iota
	// FieldAdd adds values to those the item has (a multiple choice).
	FieldAdd
	// FieldRemove takes values away.
	FieldRemove
)

// SetFieldValues changes the values of one field on the items of ids;
// values are canonical, checked by the caller.
func (s *Store) SetFieldValues(ctx context.Context, ids []int64, field int64, values []string, op FieldOp) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(ids); start += 500 {
			in, args := inList(ids[start:min(start+500, len(ids))])
			args = append([]any{field}, args...)
			switch op {
			case FieldReplace:
				if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM media_fields WHERE field_id = ? AND media_id IN `+in), args...); err != nil {
					return fmt.Errorf("set field values: %w", err)
				}
			case FieldRemove:
				if len(values) == 0 {
					continue
				}
				vin, vargs := stringList(values)
				if _, err := tx.ExecContext(ctx, s.d.q(`DELETE FROM media_fields WHERE field_id = ? AND media_id IN `+in+` AND value IN `+vin),
					append(args, vargs...)...); err != nil {
					return fmt.Errorf("set field values: %w", err)
				}
			}
		}
		if op == FieldRemove {
			return nil
		}
		for _, id := range ids {
			for _, v := range values {
				if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO media_fields (media_id, field_id, value) VALUES (?, ?, ?)
					ON CONFLICT (media_id, field_id, value) DO NOTHING`), id, field, v); err != nil {
					return fmt.Errorf("set field values: %w", err)
				}
			}
		}
		return nil
	})
}

func stringList(vs []string) (string, []any) {
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?,", len(vs)), ",") + ")", args
}

// FileRef is an item as a spreadsheet names it.
type FileRef struct {
	ID       int64
	Key      string
	SHA256   string
	Filename string
}

// ItemsByFile returns the items, out of the trash, whose SHA-256 is one
// of hashes or whose file name is one of names.
func (s *Store) ItemsByFile(ctx context.Context, hashes, names []string) ([]FileRef, error) {
	var out []FileRef
	seen := map[int64]bool{}
	for _, q := range []struct {
		col  string
		vals []string
	}{{"sha256", hashes}, {"filename", names}} {
		for start := 0; start < len(q.vals); start += 500 {
			in, args := stringList(q.vals[start:min(start+500, len(q.vals))])
			rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT id, public_key, sha256, filename FROM media
				WHERE deleted_at IS NULL AND `+q.col+` IN `+in), args...)
			if err != nil {
				return nil, fmt.Errorf("items by file: %w", err)
			}
			for rows.Next() {
				var f FileRef
				if err := rows.Scan(&f.ID, &f.Key, &f.SHA256, &f.Filename); err != nil {
					rows.Close()
					return nil, fmt.Errorf("items by file: %w", err)
				}
				if !seen[f.ID] {
					seen[f.ID] = true
					out = append(out, f)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, fmt.Errorf("items by file: %w", err)
			}
		}
	}
	return out, nil
}

// EachFileRef calls fn with every item out of the trash, in id order, a
// chunk at a time, so that exporting a large library keeps memory bounded.
func (s *Store) EachFileRef(ctx context.Context, fn func([]FileRef) error) error {
	var after int64
	for {
		rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT id, public_key, sha256, filename FROM media
			WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT 1000`), after)
		if err != nil {
			return fmt.Errorf("items: %w", err)
		}
		var chunk []FileRef
		for rows.Next() {
			var f FileRef
			if err := rows.Scan(&f.ID, &f.Key, &f.SHA256, &f.Filename); err != nil {
				rows.Close()
				return fmt.Errorf("items: %w", err)
			}
			chunk = append(chunk, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("items: %w", err)
		}
		if len(chunk) == 0 {
			return nil
		}
		if err := fn(chunk); err != nil {
			return err
		}
		after = chunk[len(chunk)-1].ID
	}
}

// CountFieldValues counts the values of a field, on every item.
func (s *Store) CountFieldValues(ctx context.Context, field int64) (int, error) {
	var n int
	if err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT COUNT(*) FROM media_fields WHERE field_id = ?`), field).Scan(&n); err != nil {
		return 0, fmt.Errorf("count field values: %w", err)
	}
	return n, nil
}
