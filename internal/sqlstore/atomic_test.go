package sqlstore

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"imagier/internal/gallery"
)

// TestAtomic: what a failing Atomic did is undone, store methods called
// with its context included; what a good one did stays.
func TestAtomic(t *testing.T) {
	ctx := context.Background()
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			boom := errors.New("boom")
			err := s.Atomic(ctx, func(ctx context.Context) error {
				if _, err := s.CreateAlbum(ctx, 0, "Gone"); err != nil {
					return err
				}
				if err := s.AddAudit(ctx, gallery.AuditEntry{Action: "album.create", Target: "Gone"}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("got %v, want boom", err)
			}
			roots, _, _ := s.AlbumNodes(ctx, admin())
			entries, _ := s.Audit(ctx, gallery.AuditFilter{})
			if len(roots) != 0 || len(entries) != 0 {
				t.Errorf("after a failed Atomic: %d albums, %d audit entries", len(roots), len(entries))
			}
			err = s.Atomic(ctx, func(ctx context.Context) error {
				if _, err := s.CreateAlbum(ctx, 0, "Kept"); err != nil {
					return err
				}
				return s.AddAudit(ctx, gallery.AuditEntry{Action: "album.create", Target: "Kept"})
			})
			if err != nil {
				t.Fatal(err)
			}
			roots, _, _ = s.AlbumNodes(ctx, admin())
			entries, _ = s.Audit(ctx, gallery.AuditFilter{})
			if len(roots) != 1 || len(entries) != 1 {
				t.Errorf("after a good Atomic: %d albums, %d audit entries", len(roots), len(entries))
			}
		})
	}
}

// TestItemsByKeys: a batch's keys come back with every album of each item,
// in one query; unknown keys are left out.
func TestItemsByKeys(t *testing.T) {
	ctx := context.Background()
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			var keys []string
			for i := range 3 {
				m := newMedia(i)
				if err := s.AddMedia(ctx, m, [][]string{{"A"}, {"B", "C"}}); err != nil {
					t.Fatal(err)
				}
				keys = append(keys, m.Key)
			}
			if err := s.Trash(ctx, []int64{1}, time.Now()); err != nil {
				t.Fatal(err)
			}
			items, err := s.ItemsByKeys(ctx, append(keys, "nothing"))
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 3 {
				t.Fatalf("got %d items, want 3", len(items))
			}
			for _, it := range items {
				if !slices.Contains(keys, it.Key) || len(it.Links) != 2 || it.Deleted != (it.ID == 1) {
					t.Errorf("item %+v", it)
				}
			}
		})
	}
}
