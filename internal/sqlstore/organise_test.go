package sqlstore

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"imagier/internal/gallery"
)

func TestOrganise(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var ids []int64
			for i := range 4 {
				m := newMedia(2000 + i)
				m.Key = "o" + string(rune('a'+i))
				m.Tags = nil
				if err := s.AddMedia(ctx, m, [][]string{{"Inbox"}}); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, m.ID)
			}
			_, byID, _ := s.Albums(ctx, admin())
			var inbox int64
			for id := range byID {
				inbox = id
			}
			// Tags on many at once, then off some.
			if err := s.AddTags(ctx, ids, []string{"fête", "Lyon"}); err != nil {
				t.Fatal(err)
			}
			if err := s.RemoveTags(ctx, ids[:2], []string{"Lyon"}); err != nil {
				t.Fatal(err)
			}
			m0, _ := s.MediaByID(ctx, ids[0])
			m3, _ := s.MediaByID(ctx, ids[3])
			if !slices.Equal(m0.Tags, []string{"fête"}) || !slices.Equal(m3.Tags, []string{"Lyon", "fête"}) {
				t.Fatalf("tags: got %v and %v", m0.Tags, m3.Tags)
			}
			if err := s.AddTags(ctx, ids, []string{"  "}); !errors.Is(err, gallery.ErrInvalid) {
				t.Fatalf("blank tag: got %v, want ErrInvalid", err)
			}
			if got, _ := s.TagsWithPrefix(ctx, "f", 10); !slices.Equal(got, []string{"fête"}) {
				t.Fatalf("TagsWithPrefix(f): got %v", got)
			}
			if got, _ := s.TagsWithPrefix(ctx, "%", 10); len(got) != 0 {
				t.Fatalf("TagsWithPrefix(%%): got %v, want none (LIKE escaped)", got)
			}

			// Albums: create, nest, move, refuse cycles, rename.
			trips, err := s.CreateAlbum(ctx, 0, "Trips")
			if err != nil {
				t.Fatal(err)
			}
			alps, err := s.CreateAlbum(ctx, trips, "Alps")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateAlbum(ctx, trips, "Alps"); !errors.Is(err, gallery.ErrConflict) {
				t.Fatalf("same name twice: got %v, want ErrConflict", err)
			}
			if err := s.MoveAlbum(ctx, trips, alps); !errors.Is(err, gallery.ErrInvalid) {
				t.Fatalf("album into its own child: got %v, want ErrInvalid", err)
			}
			if err := s.RenameAlbum(ctx, alps, "Alpes"); err != nil {
				t.Fatal(err)
			}
			if err := s.MoveToAlbum(ctx, ids[:2], inbox, alps); err != nil {
				t.Fatal(err)
			}
			if err := s.AddToAlbums(ctx, ids[2:3], alps); err != nil {
				t.Fatal(err)
			}
			if err := s.SetCover(ctx, alps, ids[2]); err != nil {
				t.Fatal(err)
			}
			_, byID, _ = s.Albums(ctx, admin())
			if a := byID[alps]; a.Path != "Trips/Alpes" || a.Count != 3 || byID[inbox].Count != 2 || a.CoverKey != "oc" {
				t.Fatalf("after moves: Alpes %+v, Inbox %+v", a, byID[inbox])
			}

			// Trash: out of listings, back on restore, gone after purge.
			now := time.Now()
			if err := s.Trash(ctx, ids[:1], now); err != nil {
				t.Fatal(err)
			}
			if p, _ := s.AlbumPage(ctx, admin(), alps, "", 10); len(p.Items) != 2 {
				t.Fatalf("album after trashing one: got %d items, want 2", len(p.Items))
			}
			if p, _ := s.TrashPage(ctx, "", 10); len(p.Items) != 1 {
				t.Fatalf("trash: got %d items, want 1", len(p.Items))
			}
			if err := s.Restore(ctx, ids[:1]); err != nil {
				t.Fatal(err)
			}
			if p, _ := s.AlbumPage(ctx, admin(), alps, "", 10); len(p.Items) != 3 {
				t.Fatalf("album after restore: got %d items, want 3", len(p.Items))
			}
			// Deleting Trips with its photos trashes those only in it.
			if err := s.DeleteAlbum(ctx, trips, true, now); err != nil {
				t.Fatal(err)
			}
			_, byID, _ = s.Albums(ctx, admin())
			if _, ok := byID[alps]; ok {
				t.Fatal("sub-album survived its parent's deletion")
			}
			gone, err := s.Purge(ctx, now.Add(time.Second))
			if err != nil {
				t.Fatal(err)
			}
			// ids[0] and ids[1] were only in Alpes; ids[2] is still in Inbox.
			if len(gone) != 2 {
				t.Fatalf("purge: got %d items, want 2", len(gone))
			}
			if n, _ := s.CountMedia(ctx); n != 2 {
				t.Fatalf("after purge: %d items, want 2", n)
			}

			// A typed date and position win over the file's, and survive a rescan.
			taken := time.Date(1999, 12, 31, 23, 59, 0, 0, time.UTC)
			if err := s.SetTaken(ctx, ids[3], &taken); err != nil {
				t.Fatal(err)
			}
			if err := s.SetGPS(ctx, ids[3], &gallery.GPS{Lat: 45, Lon: 5}); err != nil {
				t.Fatal(err)
			}
			if err := s.SetGPS(ctx, ids[3], &gallery.GPS{Lat: 95, Lon: 5}); !errors.Is(err, gallery.ErrInvalid) {
				t.Fatalf("latitude 95: got %v, want ErrInvalid", err)
			}
			if err := s.Rescan(ctx, ids[3], newMedia(9).Meta, nil); err != nil {
				t.Fatal(err)
			}
			m3, _ = s.MediaByID(ctx, ids[3])
			if m3.Meta.Taken == nil || !m3.Meta.Taken.Local.Equal(taken) || m3.Meta.GPS == nil || m3.Meta.GPS.Lat != 45 {
				t.Fatalf("after rescan: taken %v, gps %v; want the typed ones", m3.Meta.Taken, m3.Meta.GPS)
			}
		})
	}
}
