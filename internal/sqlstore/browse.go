package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
)

// cardColumns are what a grid shows of an item: less than mediaColumns,
// read for dozens of items per page.
const cardColumns = `m.id, m.public_key, m.title, m.alt_text, m.filename, m.kind, m.mime, m.width, m.height, m.sort_date, m.taken_local`

func scanCard(sc interface{ Scan(...any) error }) (gallery.Media, string, error) {
	var m gallery.Media
	var kind, sortDate string
	var taken sql.NullString
	err := sc.Scan(&m.ID, &m.Key, &m.Title, &m.AltText, &m.Filename, &kind, &m.Meta.MIME, &m.Meta.Width, &m.Meta.Height, &sortDate, &taken)
	m.Meta.Kind = gallery.Kind(kind)
	if taken.Valid {
		if t, err := time.Parse("2006-01-02 15:04:05", taken.String); err == nil {
			m.Meta.Taken = &gallery.DateTime{Local: t}
		}
	} else if t, err := time.Parse("2006-01-02 15:04:05", sortDate); err == nil {
		// Without a capture date, the sort date is the import time.
		m.ImportedAt = t
	}
	return m, sortDate, err
}

// cursor is where a page ends: the sort date and id of its last item.
type cursor struct {
	date string
	id   int64
}

func (c cursor) String() string { return strconv.FormatInt(c.id, 10) + "." + c.date }

func parseCursor(s string) (cursor, bool) {
	id, date, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || len(date) > 19 {
		return cursor{}, false
	}
	return cursor{date: date, id: n}, true
}

// pageQuery runs a listing ordered by sort date (descending when desc),
// then id, starting after the cursor "after" (empty for the first page).
func (s *Store) pageQuery(ctx context.Context, from, where string, args []any, desc bool, after string, limit int) (gallery.Page, error) {
	if limit < 1 || limit > 500 {
		limit = 500
	}
	op, dir := ">", "ASC"
	if desc {
		op, dir = "<", "DESC"
	}
	if after != "" {
		c, ok := parseCursor(after)
		if !ok {
			return gallery.Page{}, fmt.Errorf("page cursor %q: %w", after, gallery.ErrInvalid)
		}
		where += ` AND (m.sort_date ` + op + ` ? OR (m.sort_date = ? AND m.id ` + op + ` ?))`
		args = append(args, c.date, c.date, c.id)
	}
	q := `SELECT ` + cardColumns + ` FROM ` + from + ` WHERE ` + where +
		` ORDER BY m.sort_date ` + dir + `, m.id ` + dir + ` LIMIT ?`
	rows, err := s.db.QueryContext(ctx, s.d.q(q), append(args, limit+1)...)
	if err != nil {
		return gallery.Page{}, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	var p gallery.Page
	var last cursor
	for rows.Next() {
		m, date, err := scanCard(rows)
		if err != nil {
			return p, fmt.Errorf("list: %w", err)
		}
		if len(p.Items) == limit {
			p.Next = last.String()
			break
		}
		p.Items = append(p.Items, m)
		last = cursor{date: date, id: m.ID}
	}
	return p, rows.Err()
}

// AlbumPage lists the items of an album, oldest first.
func (s *Store) AlbumPage(ctx context.Context, albumID int64, after string, limit int) (gallery.Page, error) {
	return s.pageQuery(ctx, `media m JOIN album_media am ON am.media_id = m.id`,
		`am.album_id = ? AND m.deleted_at IS NULL`, []any{albumID}, false, after, limit)
}

// TimelinePage lists every item, newest first.
func (s *Store) TimelinePage(ctx context.Context, after string, limit int) (gallery.Page, error) {
	return s.pageQuery(ctx, `media m`, `m.deleted_at IS NULL`, nil, true, after, limit)
}

// TrashPage lists the items in the trash, newest first.
func (s *Store) TrashPage(ctx context.Context, after string, limit int) (gallery.Page, error) {
	return s.pageQuery(ctx, `media m`, `m.deleted_at IS NOT NULL`, nil, true, after, limit)
}

// Latest returns the items imported last.
func (s *Store) Latest(ctx context.Context, limit int) ([]gallery.Media, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT `+cardColumns+` FROM media m WHERE m.deleted_at IS NULL
		ORDER BY m.imported_at DESC, m.id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("latest: %w", err)
	}
	defer rows.Close()
	var out []gallery.Media
	for rows.Next() {
		m, _, err := scanCard(rows)
		if err != nil {
			return nil, fmt.Errorf("latest: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Months counts the items of each month, newest first, for the timeline's
// scrubber.
func (s *Store) Months(ctx context.Context) ([]gallery.Month, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT substr(sort_date, 1, 7), COUNT(*) FROM media
		WHERE deleted_at IS NULL GROUP BY substr(sort_date, 1, 7) ORDER BY 1 DESC`)
	if err != nil {
		return nil, fmt.Errorf("months: %w", err)
	}
	defer rows.Close()
	var out []gallery.Month
	for rows.Next() {
		var m gallery.Month
		var key sql.NullString
		if err := rows.Scan(&key, &m.Count); err != nil {
			return nil, fmt.Errorf("months: %w", err)
		}
		m.Key = key.String
		out = append(out, m)
	}
	return out, rows.Err()
}

// Albums returns the album tree: the root albums, each with its children,
// counts, covers and date ranges, sorted by position then name.
func (s *Store) Albums(ctx context.Context) ([]*gallery.Album, map[int64]*gallery.Album, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, COALESCE(a.parent_id, 0), a.name, a.description, a.position, a.created_at,
		COALESCE(c.public_key, ''),
		(SELECT COUNT(*) FROM album_media am JOIN media m ON m.id = am.media_id WHERE am.album_id = a.id AND m.deleted_at IS NULL),
		(SELECT MIN(m.sort_date) FROM album_media am JOIN media m ON m.id = am.media_id WHERE am.album_id = a.id AND m.deleted_at IS NULL),
		(SELECT MAX(m.sort_date) FROM album_media am JOIN media m ON m.id = am.media_id WHERE am.album_id = a.id AND m.deleted_at IS NULL),
		(SELECT m.public_key FROM album_media am JOIN media m ON m.id = am.media_id WHERE am.album_id = a.id AND m.deleted_at IS NULL
			ORDER BY m.sort_date, m.id LIMIT 1)
		FROM albums a LEFT JOIN media c ON c.id = a.cover_id AND c.deleted_at IS NULL`)
	if err != nil {
		return nil, nil, fmt.Errorf("albums: %w", err)
	}
	defer rows.Close()
	byID := map[int64]*gallery.Album{}
	pos := map[int64]int{}
	for rows.Next() {
		a := &gallery.Album{}
		var created int64
		var position int
		var first, last, firstKey sql.NullString
		if err := rows.Scan(&a.ID, &a.ParentID, &a.Name, &a.Description, &position, &created, &a.CoverKey, &a.Count, &first, &last, &firstKey); err != nil {
			return nil, nil, fmt.Errorf("albums: %w", err)
		}
		a.CreatedAt = time.UnixMilli(created).UTC()
		a.First, a.Last = first.String, last.String
		if a.CoverKey == "" {
			a.CoverKey = firstKey.String
		}
		byID[a.ID] = a
		pos[a.ID] = position
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("albums: %w", err)
	}
	var roots []*gallery.Album
	for _, a := range byID {
		if p, ok := byID[a.ParentID]; ok {
			p.Children = append(p.Children, a)
		} else {
			roots = append(roots, a)
		}
	}
	less := func(list []*gallery.Album) func(i, j int) bool {
		return func(i, j int) bool {
			if pos[list[i].ID] != pos[list[j].ID] {
				return pos[list[i].ID] < pos[list[j].ID]
			}
			return strings.ToLower(list[i].Name) < strings.ToLower(list[j].Name)
		}
	}
	var finish func(list []*gallery.Album, prefix string)
	finish = func(list []*gallery.Album, prefix string) {
		sort.Slice(list, less(list))
		for _, a := range list {
			a.Path = prefix + a.Name
			finish(a.Children, a.Path+"/")
			a.Total = a.Count
			for _, c := range a.Children {
				a.Total += c.Total
				if c.First != "" && (a.First == "" || c.First < a.First) {
					a.First = c.First
				}
				if c.Last > a.Last {
					a.Last = c.Last
				}
				if a.CoverKey == "" {
					a.CoverKey = c.CoverKey
				}
			}
		}
	}
	finish(roots, "")
	return roots, byID, nil
}

// Neighbours returns the keys of the items before and after item id in an
// album (oldest first), or in the timeline (newest first) when albumID is
// 0; "" where there is none.
func (s *Store) Neighbours(ctx context.Context, id, albumID int64) (prev, next string, err error) {
	var date string
	if err := s.db.QueryRowContext(ctx, s.d.q(`SELECT sort_date FROM media WHERE id = ?`), id).Scan(&date); err != nil {
		if notFound(err) {
			return "", "", fmt.Errorf("media %d: %w", id, gallery.ErrNotFound)
		}
		return "", "", fmt.Errorf("neighbours: %w", err)
	}
	from, where, args := `media m`, `m.deleted_at IS NULL`, []any{}
	if albumID != 0 {
		from = `media m JOIN album_media am ON am.media_id = m.id`
		where += ` AND am.album_id = ?`
		args = append(args, albumID)
	}
	one := func(op, dir string) (string, error) {
		var key string
		q := `SELECT m.public_key FROM ` + from + ` WHERE ` + where +
			` AND (m.sort_date ` + op + ` ? OR (m.sort_date = ? AND m.id ` + op + ` ?)) ORDER BY m.sort_date ` + dir + `, m.id ` + dir + ` LIMIT 1`
		err := s.db.QueryRowContext(ctx, s.d.q(q), append(append([]any{}, args...), date, date, id)...).Scan(&key)
		if notFound(err) {
			return "", nil
		}
		return key, err
	}
	before, err := one("<", "DESC")
	if err != nil {
		return "", "", fmt.Errorf("neighbours: %w", err)
	}
	after, err := one(">", "ASC")
	if err != nil {
		return "", "", fmt.Errorf("neighbours: %w", err)
	}
	if albumID == 0 {
		// The timeline runs newest first.
		return after, before, nil
	}
	return before, after, nil
}

// MediaAlbumIDs returns the albums item id is filed in.
func (s *Store) MediaAlbumIDs(ctx context.Context, id int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT album_id FROM album_media WHERE media_id = ? ORDER BY album_id`), id)
	if err != nil {
		return nil, fmt.Errorf("media albums: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var a int64
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("media albums: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
