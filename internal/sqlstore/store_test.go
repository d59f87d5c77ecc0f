package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
)

func newMedia(n int) *gallery.Media {
	taken := time.Date(2024, 7, 14, 22, 30, 5, 0, time.FixedZone("", 2*3600))
	alt := -12.5
	return &gallery.Media{
		Key:      fmt.Sprintf("key%04d", n),
		SHA256:   fmt.Sprintf("%064x", n),
		Size:     int64(1000 + n),
		Filename: fmt.Sprintf("photo %d é.jpg", n),
		Title:    "Feu d'artifice",
		Meta: gallery.Metadata{
			Kind: gallery.KindImage, Format: gallery.FormatJPEG, MIME: "image/jpeg",
			Taken: &gallery.DateTime{Local: taken, HasOffset: true},
			Make:  "Canon", Model: "EOS", Width: 6000, Height: 4000, Orientation: 1,
			GPS:     &gallery.GPS{Lat: 45.76, Lon: 4.83, Alt: &alt},
			Title:   gallery.LangText{"x-default": "Feu d'artifice", "en": "Fireworks"},
			Sources: map[string]string{"taken": "ExifIFD:DateTimeOriginal"},
		},
		Tags:       []string{"fête", "Lieux/France/Lyon"},
		ImportedAt: time.UnixMilli(1_700_000_000_000).UTC(),
	}
}

func TestStore(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			m := newMedia(1)
			if err := s.AddMedia(ctx, m, [][]string{{"Events", "2024"}, {"Lyon"}}); err != nil {
				t.Fatal(err)
			}
			got, err := s.MediaByKey(ctx, "key0001")
			if err != nil {
				t.Fatal(err)
			}
			want := *m
			want.Albums = []string{"Events/2024", "Lyon"}
			want.Tags = []string{"Lieux/France/Lyon", "fête"}
			// JSON round trip turns the fixed zone into an equal instant.
			opt := cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })
			if d := cmp.Diff(want, got, opt); d != "" {
				t.Fatalf("MediaByKey (-want +got):\n%s", d)
			}

			dup := newMedia(1)
			dup.Key = "other"
			err = s.AddMedia(ctx, dup, nil)
			if !errors.Is(err, gallery.ErrConflict) || dup.ID != m.ID {
				t.Fatalf("same bytes again: got id %d, %v; want id %d and ErrConflict", dup.ID, err, m.ID)
			}
			if _, err := s.MediaByKey(ctx, "nope"); !errors.Is(err, gallery.ErrNotFound) {
				t.Fatalf("missing key: got %v, want ErrNotFound", err)
			}

			pending, err := s.PendingDerivations(ctx, 10)
			if err != nil || len(pending) != 1 {
				t.Fatalf("pending: got %d, %v; want 1", len(pending), err)
			}
			if err := s.MarkDerived(ctx, m.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			if pending, _ := s.PendingDerivations(ctx, 10); len(pending) != 0 {
				t.Fatalf("pending after MarkDerived: got %d, want 0", len(pending))
			}
		})
	}
}

func TestEditSurvivesRescan(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			m := newMedia(2)
			if err := s.AddMedia(ctx, m, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.Edit(ctx, m.ID, map[string]string{"title": "Typed by a person"}); err != nil {
				t.Fatal(err)
			}
			if err := s.Edit(ctx, m.ID, map[string]string{"password_hash": "x"}); !errors.Is(err, gallery.ErrInvalid) {
				t.Fatalf("editing a non-editable field: got %v, want ErrInvalid", err)
			}
			meta := m.Meta
			meta.Width = 10
			if err := s.Rescan(ctx, m.ID, meta, map[string]string{"title": "From file", "description": "From file too"}); err != nil {
				t.Fatal(err)
			}
			got, err := s.MediaByID(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != "Typed by a person" || got.Description != "From file too" || got.Meta.Width != 10 {
				t.Fatalf("after rescan: title %q, description %q, width %d; want the edited title kept, the rest refreshed",
					got.Title, got.Description, got.Meta.Width)
			}
			if !cmp.Equal(got.Edited, []string{"title"}) {
				t.Fatalf("edited: got %v, want [title]", got.Edited)
			}
		})
	}
}

func TestConcurrentAdds(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var wg sync.WaitGroup
			errs := make([]error, 40)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Pairs share bytes: exactly one of each pair wins.
					m := newMedia(100 + i/2)
					m.Key = fmt.Sprintf("k%d", i)
					errs[i] = s.AddMedia(ctx, m, [][]string{{"Shared", "Album"}})
				}()
			}
			wg.Wait()
			conflicts := 0
			for _, err := range errs {
				switch {
				case errors.Is(err, gallery.ErrConflict):
					conflicts++
				case err != nil:
					t.Fatal(err)
				}
			}
			n, err := s.CountMedia(ctx)
			if err != nil || n != 20 || conflicts != 20 {
				t.Fatalf("got %d items and %d conflicts (%v), want 20 and 20", n, conflicts, err)
			}
			var albums []string
			err = s.EachMedia(ctx, func(m gallery.Media) error {
				albums = append(albums, strings.Join(m.Albums, "|"))
				return nil
			})
			sort.Strings(albums)
			if err != nil || albums[0] != "Shared/Album" || albums[19] != "Shared/Album" {
				t.Fatalf("albums: got %v, %v", albums, err)
			}
		})
	}
}

func TestUsers(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := &gallery.User{Name: "marie", Role: gallery.RoleAdmin, PasswordHash: "$argon2id$x"}
			if err := s.AddUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			if err := s.AddUser(ctx, &gallery.User{Name: "marie", Role: gallery.RoleNormal}); !errors.Is(err, gallery.ErrConflict) {
				t.Fatalf("same name: got %v, want ErrConflict", err)
			}
			got, err := s.UserByName(ctx, "marie")
			if err != nil || got.Role != gallery.RoleAdmin || got.ID != u.ID {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			if err := s.migrate(context.Background()); err != nil {
				t.Fatalf("second migrate: %v", err)
			}
			ms, _ := migrations()
			var n int
			if err := s.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms) {
				t.Fatalf("recorded migrations: got %d, %v; want %d", n, err, len(ms))
			}
		})
	}
}
