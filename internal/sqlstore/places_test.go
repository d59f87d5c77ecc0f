package sqlstore

import (
	"context"
	"testing"
	"time"

	"imagier/internal/gallery"
)

// TestPlacesFollowThePosition: an item named at import is not listed for
// a look-up; one added without a place is, until SetPlaces marks it, even
// with no place; a new position from a rescan or a person forgets the place
// and lists the item again, the same position keeps it; SetPlaces leaves
// an item whose position changed since it was listed.
func TestPlacesFollowThePosition(t *testing.T) {
	lyon := gallery.Place{City: "Lyon", Region: "Auvergne-Rhône-Alpes", Country: "FR"}
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			named, unnamed := newMedia(1), newMedia(2)
			named.Place, named.Folder = lyon, "2024/Fête"
			for _, m := range []*gallery.Media{named, unnamed} {
				if err := s.AddMedia(ctx, m, nil); err != nil {
					t.Fatal(err)
				}
			}
			waiting := func(want ...int64) {
				t.Helper()
				list, err := s.Unplaced(ctx, 0, 10)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, p := range list {
					ids = append(ids, p.ID)
				}
				if n, err := s.CountUnplaced(ctx); err != nil || n != len(want) || len(ids) != len(want) || (len(want) > 0 && ids[0] != want[0]) {
					t.Errorf("waiting: %v (count %d, %v), want %v", ids, n, err, want)
				}
			}
			place := func(m *gallery.Media, want gallery.Place) {
				t.Helper()
				got, err := s.MediaByID(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Place != want {
					t.Errorf("item %d: place %+v, want %+v", m.ID, got.Place, want)
				}
			}
			if got, _ := s.MediaByID(ctx, named.ID); got.Folder != "2024/Fête" {
				t.Errorf("folder %q", got.Folder)
			}
			waiting(unnamed.ID)
			if n, err := s.SetPlaces(ctx, []Placed{{ID: unnamed.ID, Lat: 45.76, Lon: 4.83}}, time.Now()); err != nil || n != 1 {
				t.Fatalf("SetPlaces: %d, %v", n, err)
			}
			waiting()

			meta := named.Meta
			meta.GPS = &gallery.GPS{Lat: 45.76, Lon: 4.83}
			if err := s.Rescan(ctx, named.ID, meta, nil); err != nil {
				t.Fatal(err)
			}
			place(named, lyon)
			waiting()
			meta.GPS = &gallery.GPS{Lat: 48.11, Lon: -1.68}
			if err := s.Rescan(ctx, named.ID, meta, nil); err != nil {
				t.Fatal(err)
			}
			place(named, gallery.Place{})
			waiting(named.ID)
			// Listed at Rennes, moved to Lyon before the look-up came back.
			if err := s.SetGPS(ctx, named.ID, &gallery.GPS{Lat: 45.76, Lon: 4.83}); err != nil {
				t.Fatal(err)
			}
			if n, err := s.SetPlaces(ctx, []Placed{{ID: named.ID, Lat: 48.11, Lon: -1.68, Place: gallery.Place{City: "Rennes", Country: "FR"}}}, time.Now()); err != nil || n != 0 {
				t.Errorf("SetPlaces for an old position: %d, %v", n, err)
			}
			place(named, gallery.Place{})
			waiting(named.ID)
			if err := s.SetGPS(ctx, named.ID, nil); err != nil {
				t.Fatal(err)
			}
			waiting()
		})
	}
}
