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
// dateCol and idCol name the columns to order by, so that an album's
// listing walks its link index instead of sorting.
func (s *Store) pageQuery(ctx context.Context, from, where string, args []any, desc bool, after string, limit int, dateCol, idCol string) (gallery.Page, error) {
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
		where += ` AND (` + dateCol + ` ` + op + ` ? OR (` + dateCol + ` = ? AND ` + idCol + ` ` + op + ` ?))`
		args = append(args, c.date, c.date, c.id)
	}
	q := `SELECT ` + cardColumns + ` FROM ` + from + ` WHERE ` + where +
		` ORDER BY ` + dateCol + ` ` + dir + `, ` + idCol + ` ` + dir + ` LIMIT ?`
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(q), append(args, limit+1)...)
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

// seen is the filter keeping the items of media m that acc may see: not
// in the trash and, but for administrators, filed in an album acc sees at
// a level acc reaches (a link's level is the item's, or pendingLevel while
// it awaits review). Items in no visible album do not exist for acc.
func seen(acc *gallery.Access) (string, []any) { return seenAs(acc, "m") }

// seenAs is seen for media under another alias.
func seenAs(acc *gallery.Access, m string) (string, []any) {
	if acc.All {
		return m + `.deleted_at IS NULL`, nil
	}
	ids := acc.AlbumIDs()
	if len(ids) == 0 {
		return `1 = 0`, nil
	}
	in, args := inList(ids)
	return m + `.deleted_at IS NULL AND EXISTS (SELECT 1 FROM album_media v WHERE v.media_id = ` + m + `.id AND v.level <= ? AND v.album_id IN ` + in + `)`,
		append([]any{acc.Level}, args...)
}

// linkLevel is the filter on album links am for acc's level.
func linkLevel(acc *gallery.Access) (string, []any) {
	if acc.All {
		return ``, nil
	}
	return ` AND am.level <= ?`, []any{acc.Level}
}

// AlbumPage lists the items of an album that acc may see, in the album's
// order (oldest first unless the album says otherwise);
// the caller has checked that acc sees the album.
func (s *Store) AlbumPage(ctx context.Context, acc *gallery.Access, albumID int64, after string, limit int) (gallery.Page, error) {
	if acc.On(albumID) == 0 {
		return gallery.Page{}, fmt.Errorf("album %d: %w", albumID, gallery.ErrNotFound)
	}
	order, err := s.AlbumOrder(ctx, albumID)
	if err != nil {
		return gallery.Page{}, err
	}
	if order != gallery.OrderDate {
		return s.orderedPage(ctx, acc, albumID, order, after, limit)
	}
	lv, args := linkLevel(acc)
	return s.pageQuery(ctx, `album_media am JOIN media m ON m.id = am.media_id`,
		`am.album_id = ? AND m.deleted_at IS NULL`+lv, append([]any{albumID}, args...), false, after, limit, "am.sort_date", "am.media_id")
}

// TimelinePage lists every item acc may see, newest first.
func (s *Store) TimelinePage(ctx context.Context, acc *gallery.Access, after string, limit int) (gallery.Page, error) {
	where, args := seen(acc)
	return s.pageQuery(ctx, `media m`, where, args, true, after, limit, "m.sort_date", "m.id")
}

// TrashPage lists the items in the trash, newest first.
func (s *Store) TrashPage(ctx context.Context, after string, limit int) (gallery.Page, error) {
	return s.pageQuery(ctx, `media m`, `m.deleted_at IS NOT NULL`, nil, true, after, limit, "m.sort_date", "m.id")
}

// Latest returns the items imported last that acc may see.
func (s *Store) Latest(ctx context.Context, acc *gallery.Access, limit int) ([]gallery.Media, error) {
	where, args := seen(acc)
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+cardColumns+` FROM media m WHERE `+where+`
		ORDER BY m.imported_at DESC, m.id DESC LIMIT ?`), append(args, limit)...)
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

// Months counts the items acc may see in each month, newest first, for
// the timeline's scrubber.
func (s *Store) Months(ctx context.Context, acc *gallery.Access) ([]gallery.Month, error) {
	// The trash is set aside by id so that the sort index alone answers.
	q, args := `SELECT substr(m.sort_date, 1, 7), COUNT(*) FROM media m
		WHERE m.id NOT IN (SELECT id FROM media WHERE deleted_at IS NOT NULL) GROUP BY substr(m.sort_date, 1, 7) ORDER BY 1 DESC`, []any(nil)
	if !acc.All {
		ids := acc.AlbumIDs()
		if len(ids) == 0 {
			return nil, nil
		}
		// The album links carry the sort date and level: the months come
		// from the index that orders albums, an item filed twice counted
		// once, the (small) trash set aside first.
		in, a := inList(ids)
		q = `SELECT substr(am.sort_date, 1, 7), COUNT(DISTINCT am.media_id) FROM album_media am
			WHERE am.album_id IN ` + in + ` AND am.level <= ? AND am.media_id NOT IN (SELECT id FROM media WHERE deleted_at IS NOT NULL)
			GROUP BY substr(am.sort_date, 1, 7) ORDER BY 1 DESC`
		args = append(a, acc.Level)
	}
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(q), args...)
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

// AlbumNodes returns every album acc may see with its path, parent,
// children and chosen cover (when acc may see that item), but no counts:
// cheap enough for menus and breadcrumbs.
func (s *Store) AlbumNodes(ctx context.Context, acc *gallery.Access) ([]*gallery.Album, map[int64]*gallery.Album, error) {
	cover, args := seenAs(acc, "c")
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT a.id, COALESCE(a.parent_id, 0), a.name, a.description, a.position, a.created_at,
		COALESCE(c.public_key, ''), a.item_order FROM albums a LEFT JOIN media c ON c.id = a.cover_id AND `+cover), args...)
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
		var order string
		if err := rows.Scan(&a.ID, &a.ParentID, &a.Name, &a.Description, &position, &created, &a.CoverKey, &order); err != nil {
			return nil, nil, fmt.Errorf("albums: %w", err)
		}
		if acc.On(a.ID) == 0 {
			continue
		}
		a.CreatedAt = time.UnixMilli(created).UTC()
		a.Order = gallery.ItemOrder(order)
		byID[a.ID], pos[a.ID] = a, position
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
	var walk func(list []*gallery.Album, prefix string, depth int)
	walk = func(list []*gallery.Album, prefix string, depth int) {
		sort.Slice(list, func(i, j int) bool {
			if pos[list[i].ID] != pos[list[j].ID] {
				return pos[list[i].ID] < pos[list[j].ID]
			}
			return strings.ToLower(list[i].Name) < strings.ToLower(list[j].Name)
		})
		for _, a := range list {
			a.Path = prefix + a.Name
			if depth < 1000 {
				walk(a.Children, a.Path+"/", depth+1)
			}
		}
	}
	walk(roots, "", 0)
	return roots, byID, nil
}

// albumStats fills Count, First and Last of the given albums (all when ids
// is nil). The link table alone answers, through its index; trashed items
// are then taken off the counts (the trash is small). Date ranges may still
// span a trashed item until it is purged.
func (s *Store) albumStats(ctx context.Context, acc *gallery.Access, byID map[int64]*gallery.Album, ids []int64) error {
	if ids == nil && !acc.All {
		ids = acc.AlbumIDs()
	}
	where, args := " WHERE 1 = 1", []any(nil)
	if ids != nil {
		if len(ids) == 0 {
			return nil
		}
		in, a := inList(ids)
		where, args = ` WHERE am.album_id IN `+in, a
	}
	lv, la := linkLevel(acc)
	where, args = where+lv, append(args, la...)
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT am.album_id, COUNT(*), MIN(am.sort_date), MAX(am.sort_date)
		FROM album_media am`+where+` GROUP BY am.album_id`), args...)
	if err != nil {
		return fmt.Errorf("album counts: %w", err)
	}
	for rows.Next() {
		var id int64
		var n int
		var first, last sql.NullString
		if err := rows.Scan(&id, &n, &first, &last); err != nil {
			rows.Close()
			return fmt.Errorf("album counts: %w", err)
		}
		if a, ok := byID[id]; ok {
			a.Count, a.First, a.Last = n, first.String, last.String
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("album counts: %w", err)
	}
	trashWhere := ` WHERE m.deleted_at IS NOT NULL AND ` + strings.TrimPrefix(where, " WHERE ")
	rows, err = s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT am.album_id, COUNT(*) FROM media m JOIN album_media am ON am.media_id = m.id`+
		trashWhere+` GROUP BY am.album_id`), args...)
	if err != nil {
		return fmt.Errorf("album counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return fmt.Errorf("album counts: %w", err)
		}
		if a, ok := byID[id]; ok {
			a.Count -= n
		}
	}
	return rows.Err()
}

// fillCovers gives each album of list without a chosen cover its first
// item, or its first sub-album's cover; only albums shown need one.
func (s *Store) fillCovers(ctx context.Context, acc *gallery.Access, list []*gallery.Album, depth int) error {
	lv, la := linkLevel(acc)
	for _, a := range list {
		if a.CoverKey != "" {
			continue
		}
		if a.Count > 0 {
			// A cover must be a picture: a PDF or a video has none yet.
			// An album arranged by hand shows its first picture; the
			// others, their oldest (the title and name orders have no
			// index to find their first quickly).
			first := `am.sort_date, am.media_id`
			if a.Order == gallery.OrderManual {
				first = orderBy(gallery.OrderManual)
			}
			err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT m.public_key FROM album_media am JOIN media m ON m.id = am.media_id
				WHERE am.album_id = ? AND m.deleted_at IS NULL AND m.kind = 'image'`+lv+` ORDER BY `+first+` LIMIT 1`), append([]any{a.ID}, la...)...).Scan(&a.CoverKey)
			if err != nil && !notFound(err) {
				return fmt.Errorf("album cover: %w", err)
			}
			if a.CoverKey != "" {
				continue
			}
		}
		if depth > 20 {
			continue
		}
		if err := s.fillCovers(ctx, acc, a.Children, depth+1); err != nil {
			return err
		}
		for _, c := range a.Children {
			if c.CoverKey != "" {
				a.CoverKey = c.CoverKey
				break
			}
		}
	}
	return nil
}

// rollUp adds sub-albums' counts, date ranges and covers to their parents.
func rollUp(list []*gallery.Album, depth int) {
	for _, a := range list {
		if depth < 1000 {
			rollUp(a.Children, depth+1)
		}
		a.Total = a.Count
		for _, c := range a.Children {
			a.Total += c.Total
			if c.First != "" && (a.First == "" || c.First < a.First) {
				a.First = c.First
			}
			if c.Last > a.Last {
				a.Last = c.Last
			}
		}
	}
}

// Albums returns the album tree acc may see: the root albums, each with
// its children, counts, covers and date ranges of what acc may see, sorted
// by position then name.
func (s *Store) Albums(ctx context.Context, acc *gallery.Access) ([]*gallery.Album, map[int64]*gallery.Album, error) {
	roots, byID, err := s.AlbumNodes(ctx, acc)
	if err != nil {
		return nil, nil, err
	}
	if err := s.albumStats(ctx, acc, byID, nil); err != nil {
		return nil, nil, err
	}
	rollUp(roots, 0)
	if err := s.fillCovers(ctx, acc, roots, 0); err != nil {
		return nil, nil, err
	}
	return roots, byID, nil
}

// AlbumView returns every album (for menus and breadcrumbs) with counts,
// covers and dates filled for album id and its sub-albums only: what an
// album page shows, without counting the whole library.
func (s *Store) AlbumView(ctx context.Context, acc *gallery.Access, id int64) ([]*gallery.Album, map[int64]*gallery.Album, error) {
	roots, byID, err := s.AlbumNodes(ctx, acc)
	if err != nil {
		return nil, nil, err
	}
	a, ok := byID[id]
	if !ok {
		return nil, nil, fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	var ids []int64
	var collect func(a *gallery.Album, depth int)
	collect = func(a *gallery.Album, depth int) {
		ids = append(ids, a.ID)
		for _, c := range a.Children {
			if depth < 1000 {
				collect(c, depth+1)
			}
		}
	}
	collect(a, 0)
	if err := s.albumStats(ctx, acc, byID, ids); err != nil {
		return nil, nil, err
	}
	rollUp([]*gallery.Album{a}, 0)
	if err := s.fillCovers(ctx, acc, append([]*gallery.Album{a}, a.Children...), 0); err != nil {
		return nil, nil, err
	}
	return roots, byID, nil
}

// Neighbours returns the keys of the items acc may see before and after
// item id in an album (in its order), or in the timeline (newest first)
// when albumID is 0; "" where there is none.
func (s *Store) Neighbours(ctx context.Context, acc *gallery.Access, id, albumID int64) (prev, next string, err error) {
	var date string
	if err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT sort_date FROM media WHERE id = ?`), id).Scan(&date); err != nil {
		if notFound(err) {
			return "", "", fmt.Errorf("media %d: %w", id, gallery.ErrNotFound)
		}
		return "", "", fmt.Errorf("neighbours: %w", err)
	}
	if albumID != 0 {
		// An album that is gone is read as one by date: no neighbours.
		if order, err := s.AlbumOrder(ctx, albumID); err == nil && order != gallery.OrderDate {
			return s.orderedNeighbours(ctx, acc, id, albumID, order)
		}
	}
	from, where, args := `media m`, ``, []any{}
	if albumID != 0 {
		lv, la := linkLevel(acc)
		from = `media m JOIN album_media am ON am.media_id = m.id`
		where, args = `m.deleted_at IS NULL AND am.album_id = ?`+lv, append([]any{albumID}, la...)
	} else {
		where, args = seen(acc)
	}
	one := func(op, dir string) (string, error) {
		var key string
		q := `SELECT m.public_key FROM ` + from + ` WHERE ` + where +
			` AND (m.sort_date ` + op + ` ? OR (m.sort_date = ? AND m.id ` + op + ` ?)) ORDER BY m.sort_date ` + dir + `, m.id ` + dir + ` LIMIT 1`
		err := s.conn(ctx).QueryRowContext(ctx, s.d.q(q), append(append([]any{}, args...), date, date, id)...).Scan(&key)
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
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT album_id FROM album_media WHERE media_id = ? ORDER BY album_id`), id)
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

// TagPage lists the items with a tag that acc may see, newest first.
func (s *Store) TagPage(ctx context.Context, acc *gallery.Access, tag, after string, limit int) (gallery.Page, error) {
	where, args := seen(acc)
	return s.pageQuery(ctx, `media m JOIN media_tags mt ON mt.media_id = m.id JOIN tags t ON t.id = mt.tag_id`,
		`t.name = ? AND `+where, append([]any{tag}, args...), true, after, limit, "m.sort_date", "m.id")
}

// TagCounts returns every tag acc sees at least one item of, with how many
// it sees, in one grouped query; in no particular order.
func (s *Store) TagCounts(ctx context.Context, acc *gallery.Access) ([]gallery.TagCount, error) {
	where, args := seen(acc)
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT t.name, COUNT(*) FROM media_tags mt
		JOIN tags t ON t.id = mt.tag_id JOIN media m ON m.id = mt.media_id WHERE `+where+` GROUP BY t.name`), args...)
	if err != nil {
		return nil, fmt.Errorf("tag counts: %w", err)
	}
	defer rows.Close()
	var out []gallery.TagCount
	for rows.Next() {
		var t gallery.TagCount
		if err := rows.Scan(&t.Name, &t.Count); err != nil {
			return nil, fmt.Errorf("tag counts: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// MediaPerm returns acc's rights on item id: the union of its rights on
// the albums holding the item at a level acc reaches; 0 when acc may not
// see it (in the trash, awaiting review, or in no album acc sees).
func (s *Store) MediaPerm(ctx context.Context, acc *gallery.Access, id int64) (gallery.Perm, error) {
	if acc.All {
		return gallery.PermAll, nil
	}
	st, err := s.prepared(ctx, s.d.q(`SELECT am.album_id FROM album_media am JOIN media m ON m.id = am.media_id
		WHERE am.media_id = ? AND am.level <= ? AND m.deleted_at IS NULL`))
	if err != nil {
		return 0, fmt.Errorf("media rights: %w", err)
	}
	rows, err := st.QueryContext(ctx, id, acc.Level)
	if err != nil {
		return 0, fmt.Errorf("media rights: %w", err)
	}
	defer rows.Close()
	var p gallery.Perm
	for rows.Next() {
		var a int64
		if err := rows.Scan(&a); err != nil {
			return 0, fmt.Errorf("media rights: %w", err)
		}
		p |= acc.On(a)
	}
	return p, rows.Err()
}

// AlbumFiles calls fn, oldest first, for each item of an album that acc
// may see, with what a download needs (id, key, hash, size, file name and
// type). The caller has checked acc's right to download from the album.
func (s *Store) AlbumFiles(ctx context.Context, acc *gallery.Access, albumID int64, fn func(gallery.Media) error) error {
	if acc.On(albumID) == 0 {
		return fmt.Errorf("album %d: %w", albumID, gallery.ErrNotFound)
	}
	lv, args := linkLevel(acc)
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT m.id, m.public_key, m.sha256, m.size, m.filename, m.mime FROM album_media am JOIN media m ON m.id = am.media_id
		WHERE am.album_id = ? AND m.deleted_at IS NULL`+lv+` ORDER BY am.sort_date, am.media_id`), append([]any{albumID}, args...)...)
	if err != nil {
		return fmt.Errorf("album files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m gallery.Media
		if err := rows.Scan(&m.ID, &m.Key, &m.SHA256, &m.Size, &m.Filename, &m.Meta.MIME); err != nil {
			return fmt.Errorf("album files: %w", err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CardsByIDs returns the grid cards of items, in the order of ids; an id
// no longer in the catalogue is skipped.
func (s *Store) CardsByIDs(ctx context.Context, ids []int64) ([]gallery.Media, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID := make(map[int64]gallery.Media, len(ids))
	for start := 0; start < len(ids); start += 500 {
		in, args := inList(ids[start:min(start+500, len(ids))])
		rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT `+cardColumns+` FROM media m WHERE m.id IN `+in), args...)
		if err != nil {
			return nil, fmt.Errorf("cards: %w", err)
		}
		for rows.Next() {
			m, _, err := scanCard(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("cards: %w", err)
			}
			byID[m.ID] = m
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("cards: %w", err)
		}
	}
	out := make([]gallery.Media, 0, len(ids))
	for _, id := range ids {
		if m, ok := byID[id]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}
