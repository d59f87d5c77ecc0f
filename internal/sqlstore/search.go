package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/search"
)

// The search index's reads (search.Source): what it knows of each item,
// the names items refer to, and the log of changes it follows.

// SearchVocabulary returns every tag, album and custom field.
func (s *Store) SearchVocabulary(ctx context.Context) (search.Vocabulary, error) {
	var v search.Vocabulary
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, name FROM tags`)
	if err != nil {
		return v, fmt.Errorf("search vocabulary: %w", err)
	}
	for rows.Next() {
		var t search.TagName
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			rows.Close()
			return v, fmt.Errorf("search vocabulary: %w", err)
		}
		v.Tags = append(v.Tags, t)
	}
	rows.Close()
	rows, err = s.conn(ctx).QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0), name FROM albums`)
	if err != nil {
		return v, fmt.Errorf("search vocabulary: %w", err)
	}
	for rows.Next() {
		var a search.AlbumName
		if err := rows.Scan(&a.ID, &a.Parent, &a.Name); err != nil {
			rows.Close()
			return v, fmt.Errorf("search vocabulary: %w", err)
		}
		v.Albums = append(v.Albums, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("search vocabulary: %w", err)
	}
	v.Fields, err = s.Fields(ctx)
	return v, err
}

// Fields returns the custom fields in their order.
func (s *Store) Fields(ctx context.Context) ([]gallery.Field, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, `SELECT id, name, type, label_fr, label_en, help_fr, help_en, required, choices, position
		FROM fields ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("fields: %w", err)
	}
	var out []gallery.Field
	byID := map[int64]int{}
	for rows.Next() {
		var f gallery.Field
		var typ, choices string
		if err := rows.Scan(&f.ID, &f.Name, &typ, &f.LabelFR, &f.LabelEN, &f.HelpFR, &f.HelpEN, &f.Required, &choices, &f.Position); err != nil {
			rows.Close()
			return nil, fmt.Errorf("fields: %w", err)
		}
		f.Type = gallery.FieldType(typ)
		for _, c := range strings.Split(choices, "\n") {
			if c = strings.TrimSpace(c); c != "" {
				f.Choices = append(f.Choices, c)
			}
		}
		byID[f.ID] = len(out)
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fields: %w", err)
	}
	rows, err = s.conn(ctx).QueryContext(ctx, `SELECT field_id, album_id FROM field_albums ORDER BY field_id, album_id`)
	if err != nil {
		return nil, fmt.Errorf("fields: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f, a int64
		if err := rows.Scan(&f, &a); err != nil {
			return nil, fmt.Errorf("fields: %w", err)
		}
		if i, ok := byID[f]; ok {
			out[i].Albums = append(out[i].Albums, a)
		}
	}
	return out, rows.Err()
}

const searchDocColumns = `m.id, m.title, m.description, m.alt_text, m.filename, m.folder, m.creator, m.credit, m.copyright, m.kind,
	m.make, m.model, m.lens, m.rating, m.level, m.pending, m.sort_date, COALESCE(m.taken_local, ''), m.imported_at, m.width, m.height,
	m.lat, m.lon, m.place_city, m.place_region, m.place_country`

// SearchDocs calls fn with what the index knows of each item of ids (of
// every item when ids is nil) that is not in the trash. A whole library is
// read in chunks of ids, each with its tags, albums and field values, so
// that memory stays bounded however large it is.
func (s *Store) SearchDocs(ctx context.Context, ids []int64, fn func(*search.Doc) error) error {
	const chunk = 2000
	if ids != nil {
		sorted := append([]int64(nil), ids...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
		for start := 0; start < len(sorted); start += chunk {
			in, args := inList(sorted[start:min(start+chunk, len(sorted))])
			if err := s.searchDocsWhere(ctx, `m.id IN `+in, args, fn); err != nil {
				return err
			}
		}
		return nil
	}
	var last int64
	for {
		var hi sql.NullInt64
		// The upper id of the next chunk, so that each chunk's relations
		// are read by range.
		err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT MAX(id) FROM (SELECT id FROM media WHERE id > ? ORDER BY id LIMIT ?) c`), last, chunk).Scan(&hi)
		if err != nil {
			return fmt.Errorf("search docs: %w", err)
		}
		if !hi.Valid {
			return nil
		}
		if err := s.searchDocsWhere(ctx, `m.id > ? AND m.id <= ?`, []any{last, hi.Int64}, fn); err != nil {
			return err
		}
		last = hi.Int64
	}
}

func (s *Store) searchDocsWhere(ctx context.Context, where string, args []any, fn func(*search.Doc) error) error {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+searchDocColumns+` FROM media m WHERE `+where+` AND m.deleted_at IS NULL ORDER BY m.id`), args...)
	if err != nil {
		return fmt.Errorf("search docs: %w", err)
	}
	var docs []*search.Doc
	byID := map[int64]*search.Doc{}
	for rows.Next() {
		d := &search.Doc{}
		var kind string
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&d.ID, &d.Title, &d.Description, &d.AltText, &d.Filename, &d.Folder, &d.Creator, &d.Credit, &d.Copyright, &kind,
			&d.Make, &d.Model, &d.Lens, &d.Rating, &d.Level, &d.Pending, &d.SortDate, &d.Taken, &d.Added, &d.Width, &d.Height,
			&lat, &lon, &d.Place.City, &d.Place.Region, &d.Place.Country); err != nil {
			rows.Close()
			return fmt.Errorf("search docs: %w", err)
		}
		d.Kind = gallery.Kind(kind)
		if lat.Valid && lon.Valid {
			d.HasGPS, d.Lat, d.Lon = true, lat.Float64, lon.Float64
		}
		docs = append(docs, d)
		byID[d.ID] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search docs: %w", err)
	}
	if len(docs) == 0 {
		return nil
	}
	rel := func(q string, add func(d *search.Doc, ref int64, value string)) error {
		rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(q), args...)
		if err != nil {
			return fmt.Errorf("search docs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, ref int64
			var value string
			if err := rows.Scan(&id, &ref, &value); err != nil {
				return fmt.Errorf("search docs: %w", err)
			}
			if d := byID[id]; d != nil {
				add(d, ref, value)
			}
		}
		return rows.Err()
	}
	relWhere := strings.ReplaceAll(where, "m.id", "x.media_id")
	if err := rel(`SELECT x.media_id, x.tag_id, '' FROM media_tags x WHERE `+relWhere, func(d *search.Doc, ref int64, _ string) {
		d.Tags = append(d.Tags, ref)
	}); err != nil {
		return err
	}
	if err := rel(`SELECT x.media_id, x.album_id, '' FROM album_media x WHERE `+relWhere, func(d *search.Doc, ref int64, _ string) {
		d.Albums = append(d.Albums, ref)
	}); err != nil {
		return err
	}
	if err := rel(`SELECT x.media_id, x.field_id, x.value FROM media_fields x WHERE `+relWhere, func(d *search.Doc, ref int64, v string) {
		d.Fields = append(d.Fields, gallery.FieldValue{FieldID: ref, Value: v})
	}); err != nil {
		return err
	}
	for _, d := range docs {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// SearchLog returns the first limit log entries after seq and those
// whose seq is in also, in order.
func (s *Store) SearchLog(ctx context.Context, after int64, also []int64, limit int) ([]search.LogEntry, error) {
	where, args := `seq > ?`, []any{after}
	if len(also) > 0 {
		in, a := inList(also)
		where += ` OR seq IN ` + in
		args = append(args, a...)
	}
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT seq, kind, ref FROM search_log WHERE `+where+` ORDER BY seq LIMIT ?`), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("search log: %w", err)
	}
	defer rows.Close()
	var out []search.LogEntry
	for rows.Next() {
		var e search.LogEntry
		var kind string
		if err := rows.Scan(&e.Seq, &kind, &e.Ref); err != nil {
			return nil, fmt.Errorf("search log: %w", err)
		}
		if kind != "" {
			e.Kind = kind[0]
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SearchLogHead returns the last seq of the search log (0 when empty).
func (s *Store) SearchLogHead(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	err := s.conn(ctx).QueryRowContext(ctx, `SELECT MAX(seq) FROM search_log`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search log: %w", err)
	}
	return n.Int64, nil
}

// PruneSearchLog deletes the entries older than a Unix ms time.
func (s *Store) PruneSearchLog(ctx context.Context, before int64) error {
	if _, err := s.conn(ctx).ExecContext(ctx, s.d.q(`DELETE FROM search_log WHERE at < ?`), before); err != nil {
		return fmt.Errorf("search log: %w", err)
	}
	return nil
}

// InsertFieldForTest records a field definition as it is, for tests of
// the search that need fields before their administration exists.
func (s *Store) InsertFieldForTest(ctx context.Context, f gallery.Field, position int) (int64, error) {
	var id int64
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`INSERT INTO fields (name, type, label_fr, label_en, choices, position, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id`), f.Name, string(f.Type), f.LabelFR, f.LabelEN, strings.Join(f.Choices, "\n"), position).Scan(&id)
	return id, err
}

// InsertFieldValueForTest records one value of a field on an item.
func (s *Store) InsertFieldValueForTest(ctx context.Context, media, field int64, value string) error {
	_, err := s.conn(ctx).ExecContext(ctx, s.d.q(`INSERT INTO media_fields (media_id, field_id, value) VALUES (?, ?, ?)`), media, field, value)
	return err
}
