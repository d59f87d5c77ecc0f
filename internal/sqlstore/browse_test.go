package sqlstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"imagier/internal/gallery"
)

func TestBrowse(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			// 25 items over three months; every third without a date.
			for i := range 25 {
				m := newMedia(1000 + i)
				m.Key = fmt.Sprintf("b%02d", i)
				m.Meta.Taken = &gallery.DateTime{Local: time.Date(2024, time.Month(5+i%3), 1+i, 12, 0, 0, 0, time.UTC)}
				if i%3 == 2 {
					m.Meta.Taken = nil
				}
				album := []string{"Trips", "Alps"}
				if i%2 == 1 {
					album = []string{"Trips"}
				}
				if err := s.AddMedia(ctx, m, [][]string{album}); err != nil {
					t.Fatal(err)
				}
			}
			roots, byID, err := s.Albums(ctx, admin())
			if err != nil {
				t.Fatal(err)
			}
			if len(roots) != 1 || roots[0].Name != "Trips" || roots[0].Count != 12 || roots[0].Total != 25 || len(roots[0].Children) != 1 {
				t.Fatalf("got roots %+v, want Trips with 12 items, 25 in all, one child", roots[0])
			}
			if roots[0].CoverKey == "" || byID[roots[0].ID] != roots[0] {
				t.Fatalf("got %+v, want a cover from the sub-album", roots[0])
			}
			// An album page's view fills its sub-albums' covers too.
			_, byID, err = s.AlbumView(ctx, admin(), roots[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			alps := byID[roots[0].ID].Children[0]
			if alps.Path != "Trips/Alps" || alps.Count != 13 || alps.CoverKey == "" {
				t.Fatalf("got %+v, want Trips/Alps with 13 items and a cover", alps)
			}

			// Pages cover every item once, in order.
			seen := map[string]bool{}
			prev := ""
			after := ""
			pages := 0
			for {
				p, err := s.AlbumPage(ctx, admin(), alps.ID, after, 5)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, m := range p.Items {
					if seen[m.Key] {
						t.Fatalf("%s listed twice", m.Key)
					}
					seen[m.Key] = true
				}
				if p.Next == "" {
					break
				}
				if p.Next == prev {
					t.Fatal("cursor did not move")
				}
				prev, after = p.Next, p.Next
			}
			if len(seen) != 13 || pages != 3 {
				t.Fatalf("got %d items in %d pages, want 13 in 3", len(seen), pages)
			}
			if _, err := s.AlbumPage(ctx, admin(), alps.ID, "garbage", 5); err == nil {
				t.Fatal("a garbage cursor was accepted")
			}

			tl, err := s.TimelinePage(ctx, admin(), "", 100)
			if err != nil || len(tl.Items) != 25 || tl.Next != "" {
				t.Fatalf("timeline: got %d items, next %q, %v", len(tl.Items), tl.Next, err)
			}
			months, err := s.Months(ctx, admin())
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, m := range months {
				total += m.Count
			}
			// Items without a date fall in the month they were imported.
			if total != 25 || len(months) != 3 || months[0].Key != "2024-06" || months[2].Key != "2023-11" {
				t.Fatalf("got months %+v, want 25 items in 2024-06, 2024-05 and the import month 2023-11", months)
			}
			latest, err := s.Latest(ctx, admin(), 4)
			if err != nil || len(latest) != 4 {
				t.Fatalf("latest: got %d, %v", len(latest), err)
			}
		})
	}
}

// admin is an administrator's access: everything.
func admin() *gallery.Access {
	return &gallery.Access{All: true, Level: gallery.LevelAdmins, Role: gallery.RoleAdmin}
}
