package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
)

// albumKeys walks every page of an album and returns its items' keys.
func albumKeys(t *testing.T, s *Store, album int64, limit int) []string {
	t.Helper()
	var keys []string
	after := ""
	for range 100 {
		p, err := s.AlbumPage(context.Background(), admin(), album, after, limit)
		if err != nil {
			t.Fatalf("AlbumPage(after %q): %v", after, err)
		}
		for _, m := range p.Items {
			keys = append(keys, m.Key)
		}
		if p.Next == "" {
			return keys
		}
		after = p.Next
	}
	t.Fatal("AlbumPage never ends")
	return nil
}

func mediaID(t *testing.T, s *Store, key string) int64 {
	t.Helper()
	m, err := s.MediaByKey(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// positions reads every item's place in an album (-1 for none).
func positions(t *testing.T, s *Store, album int64) map[int64]int64 {
	t.Helper()
	rows, err := s.db.Query(s.d.q(`SELECT media_id, COALESCE(position, -1) FROM album_media WHERE album_id = ?`), album)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, p int64
		rows.Scan(&id, &p)
		out[id] = p
	}
	return out
}

func changed(a, b map[int64]int64) int {
	n := 0
	for id, p := range a {
		if b[id] != p {
			n++
		}
	}
	return n
}

// TestAlbumItemOrder: an album lists its items by date, title, file name
// or by hand, across pages; going manual keeps the order shown; a move by
// drag and drop or by one step rewrites one or two rows, not the album; an
// item filed later comes last; the choice survives.
func TestAlbumItemOrder(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			// Five items: dates in one order, titles in another, names in
			// a third.
			titles := []string{"Delta", "alpha", "Charlie", "", "Bravo"}
			names := []string{"e.jpg", "d.jpg", "c.jpg", "Aaa_file.jpg", "b.jpg"}
			var keys []string
			ids := map[string]int64{}
			for i := range 5 {
				m := newMedia(3000 + i)
				m.Title, m.Filename, m.Tags = titles[i], names[i], nil
				m.Meta.Taken = &gallery.DateTime{Local: time.Date(2026, 6, 21, 10, i, 0, 0, time.UTC)}
				if err := s.AddMedia(ctx, m, [][]string{{"Fête"}}); err != nil {
					t.Fatal(err)
				}
				keys = append(keys, m.Key)
				ids[m.Key] = m.ID
			}
			album, err := s.EnsureAlbumPath(ctx, []string{"Fête"})
			if err != nil {
				t.Fatal(err)
			}
			k := func(idx ...int) []string {
				var out []string
				for _, i := range idx {
					out = append(out, keys[i])
				}
				return out
			}
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(0, 1, 2, 3, 4)) {
				t.Fatalf("by date: %v", got)
			}
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(s.SetAlbumOrder(ctx, album, gallery.OrderTitle))
			// "Aaa file" (no title, named by its file) comes first.
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(3, 1, 4, 2, 0)) {
				t.Fatalf("by title: %v", got)
			}
			must(s.SetAlbumOrder(ctx, album, gallery.OrderName))
			if got := albumKeys(t, s, album, 3); !slices.Equal(got, k(3, 4, 2, 1, 0)) {
				t.Fatalf("by name: %v", got)
			}
			// Manual starts from the order shown.
			must(s.SetAlbumOrder(ctx, album, gallery.OrderManual))
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(3, 4, 2, 1, 0)) {
				t.Fatalf("manual, at first: %v", got)
			}
			if o, _ := s.AlbumOrder(ctx, album); o != gallery.OrderManual {
				t.Fatalf("order: %q", o)
			}
			// Drag "e" (0) before "b" (4): one row changes.
			before := positions(t, s, album)
			must(s.MoveItem(ctx, album, ids[keys[0]], ids[keys[4]], false))
			if n := changed(before, positions(t, s, album)); n != 1 {
				t.Errorf("a move rewrote %d rows, want 1", n)
			}
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(3, 0, 4, 2, 1)) {
				t.Fatalf("after moving e before b: %v", got)
			}
			// To the end, then one step earlier, then to the very start.
			must(s.MoveItem(ctx, album, ids[keys[3]], 0, false))
			before = positions(t, s, album)
			must(s.StepItem(ctx, album, ids[keys[3]], -1))
			if n := changed(before, positions(t, s, album)); n != 2 {
				t.Errorf("a step rewrote %d rows, want 2", n)
			}
			must(s.StepItem(ctx, album, ids[keys[0]], -1)) // already first: nothing
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(0, 4, 2, 3, 1)) {
				t.Fatalf("after end and step: %v", got)
			}
			// Many moves into the same gap use it up: the album is
			// renumbered once and the order stays right.
			for i := range 14 {
				a, b := keys[2], keys[3]
				if i%2 == 1 {
					a, b = b, a
				}
				must(s.MoveItem(ctx, album, ids[a], ids[b], false))
			}
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(0, 4, 3, 2, 1)) {
				t.Fatalf("after many moves in one gap: %v", got)
			}
			// Dropped after an item: after "b" (4), then back after "e" (0).
			must(s.MoveItem(ctx, album, ids[keys[1]], ids[keys[4]], true))
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(0, 4, 1, 3, 2)) {
				t.Fatalf("after moving d after b: %v", got)
			}
			must(s.MoveItem(ctx, album, ids[keys[1]], ids[keys[2]], true))
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(0, 4, 3, 2, 1)) {
				t.Fatalf("after moving d after the last: %v", got)
			}
			// To the very start and back.
			must(s.MoveItem(ctx, album, ids[keys[2]], FirstPlace, false))
			if got := albumKeys(t, s, album, 2); !slices.Equal(got, k(2, 0, 4, 3, 1)) {
				t.Fatalf("after moving c first: %v", got)
			}
			// The album's cover is its first picture by hand.
			if _, byID, err := s.Albums(ctx, admin()); err != nil || byID[album].CoverKey != keys[2] || byID[album].Order != gallery.OrderManual {
				t.Errorf("cover by hand: %q, order %q, want %s (%v)", byID[album].CoverKey, byID[album].Order, keys[2], err)
			}
			must(s.MoveItem(ctx, album, ids[keys[2]], ids[keys[3]], true))
			// An item filed later comes last.
			m := newMedia(3010)
			m.Tags = nil
			must(s.AddMedia(ctx, m, [][]string{{"Fête"}}))
			if got := albumKeys(t, s, album, 4); !slices.Equal(got, append(k(0, 4, 3, 2, 1), m.Key)) {
				t.Fatalf("with a new item: %v", got)
			}
			// Moves need manual order and an item of the album.
			must(s.SetAlbumOrder(ctx, album, gallery.OrderDate))
			if err := s.MoveItem(ctx, album, ids[keys[0]], 0, false); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("move in a date-ordered album: %v", err)
			}
			must(s.SetAlbumOrder(ctx, album, gallery.OrderManual))
			if got := albumKeys(t, s, album, 4); !slices.Equal(got, append(k(0, 4, 3, 2, 1), m.Key)) {
				t.Fatalf("manual again keeps the hand order: %v", got)
			}
			// The media page's previous and next follow the order, by hand
			// and by title.
			order := append(k(0, 4, 3, 2, 1), m.Key)
			for i, key := range order {
				prev, next, err := s.Neighbours(ctx, admin(), mediaID(t, s, key), album)
				wantPrev, wantNext := "", ""
				if i > 0 {
					wantPrev = order[i-1]
				}
				if i < len(order)-1 {
					wantNext = order[i+1]
				}
				if err != nil || prev != wantPrev || next != wantNext {
					t.Errorf("neighbours of %s by hand: %q, %q (%v), want %q, %q", key, prev, next, err, wantPrev, wantNext)
				}
			}
			must(s.SetAlbumOrder(ctx, album, gallery.OrderTitle))
			order = albumKeys(t, s, album, 10)
			if prev, next, _ := s.Neighbours(ctx, admin(), mediaID(t, s, order[1]), album); prev != order[0] || next != order[2] {
				t.Errorf("neighbours by title: %q, %q; want %q, %q", prev, next, order[0], order[2])
			}
			must(s.SetAlbumOrder(ctx, album, gallery.OrderManual))
			if err := s.MoveItem(ctx, album, 999999, 0, false); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("move of a stranger: %v", err)
			}
			if err := s.SetAlbumOrder(ctx, album, "random"); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("unknown order: %v", err)
			}
			if _, err := s.AlbumPage(ctx, admin(), album, "o5", 2); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("an offset cursor in manual order: %v", err)
			}
		})
	}
}

// TestAlbumItemOrderAtScale: in an album of thousands, a move rewrites
// one row and the last page is reached through the place index.
func TestAlbumItemOrderAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("thousands of items")
	}
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var batch []*gallery.Media
			for i := range 3000 {
				m := newMedia(10000 + i)
				m.Tags = nil
				m.Key = fmt.Sprintf("big%05d", i)
				batch = append(batch, m)
			}
			if err := s.AddMediaBatch(ctx, batch, [][]string{{"Big"}}); err != nil {
				t.Fatal(err)
			}
			album, _ := s.EnsureAlbumPath(ctx, []string{"Big"})
			if err := s.SetAlbumOrder(ctx, album, gallery.OrderManual); err != nil {
				t.Fatal(err)
			}
			before := positions(t, s, album)
			if err := s.MoveItem(ctx, album, batch[2999].ID, batch[0].ID, false); err != nil {
				t.Fatal(err)
			}
			if n := changed(before, positions(t, s, album)); n != 1 {
				t.Errorf("a move rewrote %d rows, want 1", n)
			}
			got := albumKeys(t, s, album, 500)
			if len(got) != 3000 || got[0] != "big02999" || got[1] != "big00000" {
				t.Fatalf("got %d items starting %v", len(got), got[:2])
			}
		})
	}
}

// TestAlbumSiblingOrder: sibling albums are numbered in the order given.
func TestAlbumSiblingOrder(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var ids []int64
			for _, n := range []string{"Bravo", "alpha", "Charlie"} {
				id, err := s.CreateAlbum(ctx, 0, n)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			got, err := s.AlbumSiblings(ctx, ids[0])
			if err != nil || !slices.Equal(got, []int64{ids[1], ids[0], ids[2]}) {
				t.Fatalf("siblings by name: %v %v", got, err)
			}
			if err := s.SetAlbumPositions(ctx, []int64{ids[2], ids[1], ids[0]}); err != nil {
				t.Fatal(err)
			}
			roots, _, err := s.AlbumNodes(ctx, admin())
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range roots {
				names = append(names, a.Name)
			}
			if !slices.Equal(names, []string{"Charlie", "alpha", "Bravo"}) {
				t.Fatalf("albums: %v", names)
			}
			if _, err := s.AlbumSiblings(ctx, 99999); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("siblings of nothing: %v", err)
			}
		})
	}
}

// TestEditorialMigration: migration 0011 gives items already in the
// library the credit line and copyright their stored metadata holds, and
// drops camera default titles and captions nobody typed.
func TestEditorialMigration(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var updates []string
	for _, m := range ms {
		if m.version == 11 {
			for _, stmt := range splitStatements(m.sql) {
				if strings.HasPrefix(stmt, "UPDATE media") {
					updates = append(updates, stmt)
				}
			}
		}
	}
	if len(updates) != 3 {
		t.Fatalf("migration 0011: %d updates of media, want 3", len(updates))
	}
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			// As an item imported before the migration: the metadata holds
			// the credits, the columns do not.
			old := newMedia(4000)
			old.Title, old.Description = "OLYMPUS DIGITAL CAMERA", " sony dsc "
			old.Meta.Credit, old.Meta.Copyright = "Mairie", gallery.LangText{"x-default": "© Ville", "fr": "© Ville (fr)"}
			typed := newMedia(4001)
			typed.Tags = nil
			old.Tags = nil
			for _, m := range []*gallery.Media{old, typed} {
				if err := s.AddMedia(ctx, m, nil); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Edit(ctx, typed.ID, map[string]string{"title": "SONY DSC"}); err != nil {
				t.Fatal(err)
			}
			for _, u := range updates {
				if _, err := s.db.Exec(s.d.ddl(u)); err != nil {
					t.Fatalf("%s: %v", u, err)
				}
			}
			got, _ := s.MediaByID(ctx, old.ID)
			if got.Credit != "Mairie" || got.Copyright != "© Ville" || got.Title != "" || got.Description != "" {
				t.Errorf("old item: credit %q, copyright %q, title %q, caption %q", got.Credit, got.Copyright, got.Title, got.Description)
			}
			if got, _ := s.MediaByID(ctx, typed.ID); got.Title != "SONY DSC" {
				t.Errorf("a typed title was dropped: %q", got.Title)
			}
		})
	}
}
