package benchlib_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"imagier/internal/auth"
	"imagier/internal/benchlib"
	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// TestLoad makes a small library on each database and checks that it is
// the one the search benchmark asks for: the counts, and the distributions
// roughly as specified.
func TestLoad(t *testing.T) {
	const n = 6000
	ctx := context.Background()
	var first *benchlib.Library
	for name, st := range sqlstore.OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			lib, err := benchlib.Load(ctx, st, benchlib.Options{Items: n, Seed: 11})
			if err != nil {
				t.Fatal(err)
			}
			db := st.BulkDB()
			count := func(q string) int {
				t.Helper()
				var c int
				if err := db.QueryRowContext(ctx, q).Scan(&c); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return c
			}
			share := func(q string) float64 { return float64(count(q)) / n }
			for _, c := range []struct {
				what string
				got  int
				want int
			}{
				{"items", count(`SELECT COUNT(*) FROM media`), n},
				{"albums", count(`SELECT COUNT(*) FROM albums`), benchlib.AlbumCount},
				{"roots", count(`SELECT COUNT(*) FROM albums WHERE parent_id IS NULL`), 20},
				{"users", count(`SELECT COUNT(*) FROM users`), benchlib.UserCount},
				{"fields", count(`SELECT COUNT(*) FROM fields`), benchlib.FieldCount},
				{"fields with values", count(`SELECT COUNT(DISTINCT field_id) FROM media_fields`), benchlib.FieldCount},
				{"trash", count(`SELECT COUNT(*) FROM media WHERE deleted_at IS NOT NULL`), lib.Trashed},
				{"pending", count(`SELECT COUNT(*) FROM media WHERE pending`), lib.Pending},
				{"positions", count(`SELECT COUNT(*) FROM media WHERE lat IS NOT NULL`), lib.WithGPS},
				{"album links", count(`SELECT COUNT(*) FROM album_media`), lib.AlbumLinks},
				{"tag links", count(`SELECT COUNT(*) FROM media_tags`), lib.TagLinks},
				{"field values", count(`SELECT COUNT(*) FROM media_fields`), lib.FieldValues},
				{"items outside any album", count(`SELECT COUNT(*) FROM media m WHERE NOT EXISTS (SELECT 1 FROM album_media a WHERE a.media_id = m.id)`), 0},
				{"deepest album level", deepest(t, st), 4},
				// The triggers filled the log during the load; the index
				// builds from the tables.
				{"search log", count(`SELECT COUNT(*) FROM search_log`), 0},
				{"links not carrying their item's sort date", count(`SELECT COUNT(*) FROM album_media a JOIN media m ON m.id = a.media_id WHERE a.sort_date <> m.sort_date`), 0},
			} {
				if c.got != c.want {
					t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
				}
			}
			for _, c := range []struct {
				what   string
				got    float64
				lo, hi float64
			}{
				{"with a position", share(`SELECT COUNT(*) FROM media WHERE lat IS NOT NULL AND place_city <> ''`), 0.50, 0.70},
				{"in the trash", share(`SELECT COUNT(*) FROM media WHERE deleted_at IS NOT NULL`), 0.005, 0.02},
				{"awaiting review", share(`SELECT COUNT(*) FROM media WHERE pending`), 0.01, 0.03},
				{"in two albums", share(`SELECT COUNT(*) FROM (SELECT media_id FROM album_media GROUP BY media_id HAVING COUNT(*) = 2) x`), 0.2, 0.6},
				{"in more than two albums", share(`SELECT COUNT(*) FROM (SELECT media_id FROM album_media GROUP BY media_id HAVING COUNT(*) > 2) x`), 0, 0},
				{"with a title", share(`SELECT COUNT(*) FROM media WHERE title <> ''`), 0.55, 0.75},
				{"with a camera", share(`SELECT COUNT(*) FROM media WHERE make <> ''`), 0.85, 1},
				{"rated", share(`SELECT COUNT(*) FROM media WHERE rating > 0`), 0.35, 0.55},
				{"photos", share(`SELECT COUNT(*) FROM media WHERE kind = 'image'`), 0.85, 0.97},
				{"private to administrators", share(`SELECT COUNT(*) FROM media WHERE level = 8`), 0.005, 0.06},
			} {
				if c.got < c.lo || c.got > c.hi {
					t.Errorf("share %s: %.3f, want %.3f–%.3f", c.what, c.got, c.lo, c.hi)
				}
			}
			// Dates over twenty years; cameras and distinct tags as many
			// as specified.
			if y := count(`SELECT COUNT(DISTINCT SUBSTR(taken_local, 1, 4)) FROM media WHERE taken_local IS NOT NULL`); y != 20 {
				t.Errorf("%d years of dates, want 20", y)
			}
			if c := count(`SELECT COUNT(DISTINCT model) FROM media WHERE model <> ''`); c != 30 {
				t.Errorf("%d camera models, want 30", c)
			}
			// Tags are Zipf-distributed: the most frequent is on a sizeable
			// share of the items, the hundredth on far fewer, and many
			// appear once or twice.
			var counts []int
			rows, err := db.QueryContext(ctx, `SELECT COUNT(*) FROM media_tags GROUP BY tag_id`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var c int
				rows.Scan(&c)
				counts = append(counts, c)
			}
			rows.Close()
			slices.Sort(counts)
			slices.Reverse(counts)
			if len(counts) < 1000 || counts[0] < n/20 || counts[99]*5 > counts[0] || counts[len(counts)-1] > 2 {
				t.Errorf("tag counts not Zipf-like: %d tags used, top %d, 100th %d, last %d", len(counts), counts[0], counts[99], counts[len(counts)-1])
			}
			if c := count(`SELECT COUNT(*) FROM tags WHERE name LIKE 'Lieux/%/%'`); c < 50 {
				t.Errorf("%d hierarchical place tags", c)
			}
			// Accents survive the trip through either database.
			if c := count(`SELECT COUNT(*) FROM media WHERE title LIKE '%é%' OR description LIKE '%é%'`); c < n/10 {
				t.Errorf("only %d items with an accented word", c)
			}
			// The bench user, a normal user in two groups, sees about half
			// of the library, the webmaster all of it.
			u, err := st.UserByID(ctx, lib.BenchUser.ID)
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != gallery.RoleNormal {
				t.Fatalf("bench user is %s", u.Role)
			}
			acc, err := auth.NewRights(st).For(ctx, &u, 0)
			if err != nil {
				t.Fatal(err)
			}
			seen := visible(t, st, acc)
			live := count(`SELECT COUNT(*) FROM media WHERE deleted_at IS NULL`)
			f := float64(seen) / float64(live)
			t.Logf("the bench user sees %d of %d items (%.2f)", seen, live, f)
			if f < 0.42 || f > 0.58 {
				t.Errorf("the bench user sees %d of %d items (%.2f), want about half", seen, live, f)
			}
			if d := benchlib.Describe(benchlib.Options{Items: n, Seed: 11}); !reflect.DeepEqual(d, lib) {
				t.Errorf("Describe differs from what Load made")
			}
			if first == nil {
				first = lib
			} else if !slices.Equal(first.Tags, lib.Tags) || first.Trashed != lib.Trashed || first.TagLinks != lib.TagLinks {
				t.Errorf("the same seed made different libraries")
			}
		})
	}
	if !slices.Equal(benchlib.Vocabulary(11), benchlib.Vocabulary(11)) || slices.Equal(benchlib.Vocabulary(11), benchlib.Vocabulary(12)) {
		t.Error("the vocabulary does not follow the seed")
	}
	words := benchlib.Vocabulary(11)
	if len(words) != benchlib.VocabularySize || !slices.Contains(words, "église") || !slices.Contains(words, "church") {
		t.Errorf("vocabulary of %d words", len(words))
	}
	for _, w := range words {
		if strings.TrimSpace(w) != w || w == "" {
			t.Fatalf("word %q", w)
		}
	}
}

// deepest returns the depth of the deepest album.
func deepest(t *testing.T, st *sqlstore.Store) int {
	parent := map[int64]int64{}
	rows, err := st.BulkDB().Query(`SELECT id, COALESCE(parent_id, 0) FROM albums`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, p int64
		rows.Scan(&id, &p)
		parent[id] = p
	}
	most := 0
	for id := range parent {
		d := 0
		for x := id; x != 0; x = parent[x] {
			d++
		}
		most = max(most, d)
	}
	return most
}

// visible counts the items, not in the trash, that acc may see: in an
// album it sees, at a level it may see, not awaiting review.
func visible(t *testing.T, st *sqlstore.Store, acc *gallery.Access) int {
	rows, err := st.BulkDB().Query(`SELECT a.media_id, a.album_id, a.level FROM album_media a JOIN media m ON m.id = a.media_id WHERE m.deleted_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[int64]bool{}
	for rows.Next() {
		var m, a int64
		var level int
		rows.Scan(&m, &a, &level)
		if acc.On(a) != 0 && level <= acc.Level {
			seen[m] = true
		}
	}
	return len(seen)
}
