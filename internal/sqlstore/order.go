package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"imagier/internal/gallery"
)

// positionStep is the gap left between neighbours in an album's manual
// order: an item moved between two others takes the middle, so one move
// rewrites one row; only when a gap is used up is the album renumbered.
const positionStep = 1024

// FirstPlace, as MoveItem's target, puts an item first.
const FirstPlace = -1

// orderBy is the ORDER BY of an album's items in each order, as columns of
// album_media am and media m; every one ends on the item id, so that the
// order is total.
func orderBy(order gallery.ItemOrder) string {
	switch order {
	case gallery.OrderManual:
		return `am.position, am.media_id`
	case gallery.OrderTitle:
		return `LOWER(CASE WHEN m.title <> '' THEN m.title ELSE m.filename END), am.media_id`
	case gallery.OrderName:
		return `LOWER(m.filename), am.media_id`
	}
	return `am.sort_date, am.media_id`
}

// AlbumOrder returns how an album's items are listed.
func (s *Store) AlbumOrder(ctx context.Context, id int64) (gallery.ItemOrder, error) {
	var o string
	err := s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT item_order FROM albums WHERE id = ?`), id).Scan(&o)
	if notFound(err) {
		return "", fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("album order: %w", err)
	}
	return gallery.ItemOrder(o), nil
}

// SetAlbumOrder sets how an album's items are listed. Going to the manual
// order gives every item without a place one, after the others, in the
// order the album showed until then; later moves then rewrite one row each.
func (s *Store) SetAlbumOrder(ctx context.Context, id int64, order gallery.ItemOrder) error {
	if !order.Valid() {
		return fmt.Errorf("album order %q: %w", order, gallery.ErrInvalid)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := tx.QueryRowContext(ctx, s.d.q(`SELECT item_order FROM albums WHERE id = ?`), id).Scan(&old); err != nil {
			if notFound(err) {
				return fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
			}
			return fmt.Errorf("album order: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE albums SET item_order = ? WHERE id = ?`), string(order), id); err != nil {
			return fmt.Errorf("album order: %w", err)
		}
		if order != gallery.OrderManual {
			return nil
		}
		return s.placeUnplaced(ctx, tx, id, gallery.ItemOrder(old))
	})
}

// placeUnplaced gives the items of an album without a place one, after
// the last placed item, in the order from.
func (s *Store) placeUnplaced(ctx context.Context, tx *sql.Tx, album int64, from gallery.ItemOrder) error {
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, s.d.q(`SELECT MAX(position) FROM album_media WHERE album_id = ?`), album).Scan(&last); err != nil {
		return fmt.Errorf("album order: %w", err)
	}
	if from == gallery.OrderManual {
		from = gallery.OrderDate
	}
	rows, err := tx.QueryContext(ctx, s.d.q(`SELECT am.media_id FROM album_media am JOIN media m ON m.id = am.media_id
		WHERE am.album_id = ? AND am.position IS NULL ORDER BY `+orderBy(from)), album)
	if err != nil {
		return fmt.Errorf("album order: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("album order: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("album order: %w", err)
	}
	st, err := tx.PrepareContext(ctx, s.d.q(`UPDATE album_media SET position = ? WHERE album_id = ? AND media_id = ?`))
	if err != nil {
		return fmt.Errorf("album order: %w", err)
	}
	defer st.Close()
	pos := last.Int64
	for _, id := range ids {
		pos += positionStep
		if _, err := st.ExecContext(ctx, pos, album, id); err != nil {
			return fmt.Errorf("album order: %w", err)
		}
	}
	return nil
}

// placeLast gives a newly filed item the last place of a manually ordered
// album; other albums leave it without one.
func (s *Store) placeLast(ctx context.Context, tx *sql.Tx, album, media int64) error {
	_, err := tx.ExecContext(ctx, s.d.q(`UPDATE album_media SET position =
		(SELECT COALESCE(MAX(p.position), 0) + ? FROM album_media p WHERE p.album_id = ?)
		WHERE album_id = ? AND media_id = ? AND position IS NULL
		AND EXISTS (SELECT 1 FROM albums a WHERE a.id = ? AND a.item_order = 'manual')`),
		positionStep, album, album, media, album)
	return err
}

// position returns an item's place in an album's manual order.
func (s *Store) position(ctx context.Context, tx *sql.Tx, album, media int64) (int64, error) {
	var p sql.NullInt64
	err := tx.QueryRowContext(ctx, s.d.q(`SELECT position FROM album_media WHERE album_id = ? AND media_id = ?`), album, media).Scan(&p)
	if notFound(err) || (err == nil && !p.Valid) {
		return 0, fmt.Errorf("item %d in album %d: %w", media, album, gallery.ErrNotFound)
	}
	return p.Int64, err
}

// MoveItem puts item media just before item target in an album's manual
// order (just after it with after), or last when target is 0 (first when
// it is FirstPlace). It rewrites
// the moved item's row only, but when no place is left between the two
// neighbours: the album is then renumbered once, leaving room for many
// more moves.
func (s *Store) MoveItem(ctx context.Context, album, media, target int64, after bool) error {
	if media == target {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.manual(ctx, tx, album); err != nil {
			return err
		}
		if _, err := s.position(ctx, tx, album, media); err != nil {
			return err
		}
		for try := 0; try < 2; try++ {
			lo, hi, err := s.gap(ctx, tx, album, media, target, after)
			if err != nil {
				return err
			}
			if hi-lo >= 2 {
				_, err := tx.ExecContext(ctx, s.d.q(`UPDATE album_media SET position = ? WHERE album_id = ? AND media_id = ?`), lo+(hi-lo)/2, album, media)
				if err != nil {
					return fmt.Errorf("move item: %w", err)
				}
				return nil
			}
			if err := s.renumber(ctx, tx, album); err != nil {
				return err
			}
		}
		return fmt.Errorf("move item: no room after renumbering: %w", gallery.ErrConflict)
	})
}

// gap returns the places between which item media goes: around target's
// neighbour on one side (media itself left out), or after the last item.
func (s *Store) gap(ctx context.Context, tx *sql.Tx, album, media, target int64, after bool) (lo, hi int64, err error) {
	if target == FirstPlace {
		var first sql.NullInt64
		if err := tx.QueryRowContext(ctx, s.d.q(`SELECT MIN(position) FROM album_media WHERE album_id = ? AND media_id <> ?`), album, media).Scan(&first); err != nil {
			return 0, 0, fmt.Errorf("move item: %w", err)
		}
		return first.Int64 - 2*positionStep, first.Int64, nil
	}
	if target == 0 {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, s.d.q(`SELECT MAX(position) FROM album_media WHERE album_id = ?`), album).Scan(&last); err != nil {
			return 0, 0, fmt.Errorf("move item: %w", err)
		}
		return last.Int64, last.Int64 + 2*positionStep, nil
	}
	p, err := s.position(ctx, tx, album, target)
	if err != nil {
		return 0, 0, err
	}
	var other sql.NullInt64
	if after {
		err = tx.QueryRowContext(ctx, s.d.q(`SELECT MIN(position) FROM album_media WHERE album_id = ? AND media_id <> ?
			AND (position > ? OR (position = ? AND media_id > ?))`), album, media, p, p, target).Scan(&other)
		if !other.Valid {
			other.Int64 = p + 2*positionStep
		}
		return p, other.Int64, err
	}
	err = tx.QueryRowContext(ctx, s.d.q(`SELECT MAX(position) FROM album_media WHERE album_id = ? AND media_id <> ?
		AND (position < ? OR (position = ? AND media_id < ?))`), album, media, p, p, target).Scan(&other)
	if !other.Valid {
		other.Int64 = p - 2*positionStep
	}
	return other.Int64, p, err
}

// StepItem moves an item one place earlier (step -1) or later (+1) in an
// album's manual order, by swapping places with its neighbour: two rows.
// At either end it does nothing.
func (s *Store) StepItem(ctx context.Context, album, media int64, step int) error {
	if step != -1 && step != 1 {
		return fmt.Errorf("step %d: %w", step, gallery.ErrInvalid)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.manual(ctx, tx, album); err != nil {
			return err
		}
		p, err := s.position(ctx, tx, album, media)
		if err != nil {
			return err
		}
		q := `SELECT media_id, position FROM album_media WHERE album_id = ? AND (position < ? OR (position = ? AND media_id < ?))
			ORDER BY position DESC, media_id DESC LIMIT 1`
		if step > 0 {
			q = `SELECT media_id, position FROM album_media WHERE album_id = ? AND (position > ? OR (position = ? AND media_id > ?))
			ORDER BY position, media_id LIMIT 1`
		}
		var other, op int64
		if err := tx.QueryRowContext(ctx, s.d.q(q), album, p, p, media).Scan(&other, &op); err != nil {
			if notFound(err) {
				return nil
			}
			return fmt.Errorf("step item: %w", err)
		}
		if op == p {
			// Equal places (never made here, but harmless): renumber so
			// that the swap means something.
			if err := s.renumber(ctx, tx, album); err != nil {
				return err
			}
			if p, err = s.position(ctx, tx, album, media); err != nil {
				return err
			}
			if op, err = s.position(ctx, tx, album, other); err != nil {
				return err
			}
		}
		for _, u := range [][2]int64{{media, op}, {other, p}} {
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE album_media SET position = ? WHERE album_id = ? AND media_id = ?`), u[1], album, u[0]); err != nil {
				return fmt.Errorf("step item: %w", err)
			}
		}
		return nil
	})
}

// manual refuses moves in an album that is not in manual order.
func (s *Store) manual(ctx context.Context, tx *sql.Tx, album int64) error {
	var o string
	if err := tx.QueryRowContext(ctx, s.d.q(`SELECT item_order FROM albums WHERE id = ?`), album).Scan(&o); err != nil {
		if notFound(err) {
			return fmt.Errorf("album %d: %w", album, gallery.ErrNotFound)
		}
		return err
	}
	if gallery.ItemOrder(o) != gallery.OrderManual {
		return fmt.Errorf("album %d is not in manual order: %w", album, gallery.ErrInvalid)
	}
	return nil
}

// renumber spaces an album's places evenly again, keeping their order.
func (s *Store) renumber(ctx context.Context, tx *sql.Tx, album int64) error {
	rows, err := tx.QueryContext(ctx, s.d.q(`SELECT media_id FROM album_media WHERE album_id = ? ORDER BY position, media_id`), album)
	if err != nil {
		return fmt.Errorf("renumber: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	st, err := tx.PrepareContext(ctx, s.d.q(`UPDATE album_media SET position = ? WHERE album_id = ? AND media_id = ?`))
	if err != nil {
		return err
	}
	defer st.Close()
	for i, id := range ids {
		if _, err := st.ExecContext(ctx, int64(i+1)*positionStep, album, id); err != nil {
			return fmt.Errorf("renumber: %w", err)
		}
	}
	return nil
}

// orderedPage lists an album's items in a manual, title or name order.
// The manual order pages on its places ("p<place>.<id>", straight from the
// index); the title and name orders, which no index holds, on an offset
// ("o<n>").
func (s *Store) orderedPage(ctx context.Context, acc *gallery.Access, albumID int64, order gallery.ItemOrder, after string, limit int) (gallery.Page, error) {
	if limit < 1 || limit > 500 {
		limit = 500
	}
	lv, args := linkLevel(acc)
	where := `am.album_id = ? AND m.deleted_at IS NULL` + lv
	args = append([]any{albumID}, args...)
	offset := 0
	if after != "" {
		bad := fmt.Errorf("page cursor %q: %w", after, gallery.ErrInvalid)
		switch {
		case order == gallery.OrderManual && strings.HasPrefix(after, "p"):
			ps, is, ok := strings.Cut(after[1:], ".")
			p, err1 := strconv.ParseInt(ps, 10, 64)
			id, err2 := strconv.ParseInt(is, 10, 64)
			if !ok || err1 != nil || err2 != nil {
				return gallery.Page{}, bad
			}
			where += ` AND (am.position > ? OR (am.position = ? AND am.media_id > ?))`
			args = append(args, p, p, id)
		case order != gallery.OrderManual && strings.HasPrefix(after, "o"):
			n, err := strconv.Atoi(after[1:])
			if err != nil || n < 0 || n > 1<<30 {
				return gallery.Page{}, bad
			}
			offset = n
		default:
			return gallery.Page{}, bad
		}
	}
	q := `SELECT ` + cardColumns + `, COALESCE(am.position, 0) FROM album_media am JOIN media m ON m.id = am.media_id WHERE ` + where +
		` ORDER BY ` + orderBy(order) + ` LIMIT ? OFFSET ?`
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(q), append(args, limit+1, offset)...)
	if err != nil {
		return gallery.Page{}, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	var p gallery.Page
	var lastPos int64
	for rows.Next() {
		var pos int64
		m, _, err := scanCard(scanWith{rows, &pos})
		if err != nil {
			return p, fmt.Errorf("list: %w", err)
		}
		if len(p.Items) == limit {
			if order == gallery.OrderManual {
				p.Next = fmt.Sprintf("p%d.%d", lastPos, p.Items[len(p.Items)-1].ID)
			} else {
				p.Next = "o" + strconv.Itoa(offset+limit)
			}
			break
		}
		p.Items = append(p.Items, m)
		lastPos = pos
	}
	return p, rows.Err()
}

// scanWith scans a card's columns followed by extra ones.
type scanWith struct {
	rows  *sql.Rows
	extra *int64
}

func (w scanWith) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra)...) }

// AlbumSiblings returns the albums sharing album id's parent, id among
// them, in the order they are shown.
func (s *Store) AlbumSiblings(ctx context.Context, id int64) ([]int64, error) {
	rows, err := s.conn(ctx).QueryContext(ctx, s.d.q(`SELECT a.id, a.position, a.name FROM albums a, albums me
		WHERE me.id = ? AND COALESCE(a.parent_id, 0) = COALESCE(me.parent_id, 0)`), id)
	if err != nil {
		return nil, fmt.Errorf("album siblings: %w", err)
	}
	defer rows.Close()
	type sib struct {
		id   int64
		pos  int
		name string
	}
	var list []sib
	for rows.Next() {
		var x sib
		if err := rows.Scan(&x.id, &x.pos, &x.name); err != nil {
			return nil, fmt.Errorf("album siblings: %w", err)
		}
		list = append(list, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("album siblings: %w", err)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	// The same order as AlbumNodes gives.
	sort.Slice(list, func(i, j int) bool {
		if list[i].pos != list[j].pos {
			return list[i].pos < list[j].pos
		}
		return strings.ToLower(list[i].name) < strings.ToLower(list[j].name)
	})
	out := make([]int64, len(list))
	for i, x := range list {
		out[i] = x.id
	}
	return out, nil
}

// SetAlbumPositions numbers sibling albums in the order given (0, 1, …),
// writing only those whose position changes. A sibling list is short.
func (s *Store) SetAlbumPositions(ctx context.Context, ids []int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, s.d.q(`UPDATE albums SET position = ? WHERE id = ? AND position <> ?`), i, id, i); err != nil {
				return fmt.Errorf("album positions: %w", err)
			}
		}
		return nil
	})
}

// orderKey is the first column of orderBy for the orders other than by
// date: what an item is compared on.
func orderKey(order gallery.ItemOrder) string {
	switch order {
	case gallery.OrderManual:
		return `am.position`
	case gallery.OrderTitle:
		return `LOWER(CASE WHEN m.title <> '' THEN m.title ELSE m.filename END)`
	}
	return `LOWER(m.filename)`
}

// orderedNeighbours is Neighbours in an album listed by hand, by title or
// by file name.
func (s *Store) orderedNeighbours(ctx context.Context, acc *gallery.Access, id, albumID int64, order gallery.ItemOrder) (prev, next string, err error) {
	key := orderKey(order)
	var k any
	if order == gallery.OrderManual {
		var p sql.NullInt64
		err = s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT am.position FROM album_media am WHERE am.album_id = ? AND am.media_id = ?`), albumID, id).Scan(&p)
		k = p.Int64
	} else {
		var t string
		err = s.conn(ctx).QueryRowContext(ctx, s.d.q(`SELECT `+key+` FROM album_media am JOIN media m ON m.id = am.media_id
			WHERE am.album_id = ? AND am.media_id = ?`), albumID, id).Scan(&t)
		k = t
	}
	if notFound(err) {
		// Not in this album: no neighbours there.
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("neighbours: %w", err)
	}
	lv, la := linkLevel(acc)
	one := func(op, dir string) (string, error) {
		var out string
		q := `SELECT m.public_key FROM album_media am JOIN media m ON m.id = am.media_id
			WHERE am.album_id = ? AND m.deleted_at IS NULL` + lv + ` AND (` + key + ` ` + op + ` ? OR (` + key + ` = ? AND am.media_id ` + op + ` ?))
			ORDER BY ` + key + ` ` + dir + `, am.media_id ` + dir + ` LIMIT 1`
		err := s.conn(ctx).QueryRowContext(ctx, s.d.q(q), append(append([]any{albumID}, la...), k, k, id)...).Scan(&out)
		if notFound(err) {
			return "", nil
		}
		return out, err
	}
	if prev, err = one("<", "DESC"); err != nil {
		return "", "", fmt.Errorf("neighbours: %w", err)
	}
	if next, err = one(">", "ASC"); err != nil {
		return "", "", fmt.Errorf("neighbours: %w", err)
	}
	return prev, next, nil
}
