package service

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/blob/fsblob"
	"imagier/internal/gallery"
	"imagier/internal/media"
	"imagier/internal/places"
	"imagier/internal/places/placestest"
	"imagier/internal/search"
)

// withPlaces is e's service over the same library, with the gazetteer g.
func (e *env) withPlaces(t *testing.T, g *places.Gazetteer) *Service {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	blobs, err := fsblob.New(filepath.Join(e.dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	lib := media.New(e.store, blobs, sharedExtractor(t), log, media.Options{Workers: 1, Places: g})
	sessions, err := auth.NewSessions(e.store, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(e.store, lib, sessions, log, Options{UploadDir: filepath.Join(e.dir, "uploads")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	return svc
}

// TestFindPlaces: items imported before the library had a gazetteer get
// their places from FindPlaces, each looked up once, a point in the open
// ocean included (marked, with no place); a position edited is looked up
// at once, or, without a gazetteer, forgotten and looked up by the next
// FindPlaces.
func TestFindPlaces(t *testing.T) {
	g := placestest.Gazetteer(t)
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			paris := e.importInto(t, "gps/FujiFilm_FinePixS2Pro.jpg")
			sheffield := e.importInto(t, "cameras/Apple.jpg")
			ocean := e.importInto(t, "gps/dude-exif.jpg")
			none := e.importInto(t, "cameras/Canon_40D.jpg")
			if n, err := e.svc.CountUnplaced(ctx); err != nil || n != 3 {
				t.Fatalf("%d items wait for their place (%v), want 3", n, err)
			}
			if n, err := e.svc.FindPlaces(ctx); err != nil || n != 0 {
				t.Fatalf("without a gazetteer FindPlaces looked up %d (%v)", n, err)
			}
			svc := e.withPlaces(t, g)
			if n, err := svc.FindPlaces(ctx); err != nil || n != 3 {
				t.Fatalf("FindPlaces looked up %d items (%v), want 3", n, err)
			}
			check := func(m gallery.Media, want gallery.Place) {
				t.Helper()
				got, err := e.store.MediaByID(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Place != want {
					t.Errorf("%s: place %+v, want %+v", m.Filename, got.Place, want)
				}
			}
			check(paris, gallery.Place{City: "Paris", Region: "Île-de-France", Country: "FR"})
			check(sheffield, gallery.Place{City: "Sheffield", Region: "England", Country: "GB"})
			check(ocean, gallery.Place{})
			check(none, gallery.Place{})
			if n, err := svc.FindPlaces(ctx); err != nil || n != 0 {
				t.Errorf("a second run looked up %d items (%v), want none", n, err)
			}
			// The places found are searchable words, an operator and a
			// facet, at the next request.
			for _, q := range []string{"Sheffield", "place:Paris", "lieu:GB", "England", "place:France", "Royaume-Uni", "Angleterre", "lieu:angleterre"} {
				page, err := svc.Search(ctx, e.admin, SearchRequest{Query: q, Facets: true})
				if err != nil || page.Total != 1 {
					t.Errorf("search %q: %d results (%v), want 1", q, page.Total, err)
					continue
				}
			}
			page, err := svc.Search(ctx, e.admin, SearchRequest{Facets: true})
			if err != nil {
				t.Fatal(err)
			}
			var facet []string
			for _, f := range page.Facets {
				if f.Kind == search.FacetPlace {
					for _, v := range f.Values {
						facet = append(facet, v.Value)
					}
				}
			}
			slices.Sort(facet)
			if !slices.Contains(facet, "Paris") || !slices.Contains(facet, "Sheffield") {
				t.Errorf("places facet: %q", facet)
			}

			// Moved to Lyon with the gazetteer: named at once.
			if err := svc.EditMedia(ctx, e.admin, ocean.Key, MediaEdit{SetGPS: true, Lat: "45,7578", Lon: "4.8320"}); err != nil {
				t.Fatal(err)
			}
			check(ocean, gallery.Place{City: "Lyon", Region: "Auvergne-Rhône-Alpes", Country: "FR"})
			// Moved to Rennes without it: the old place is forgotten, and
			// the next run names the new one.
			if err := e.svc.EditMedia(ctx, e.admin, ocean.Key, MediaEdit{SetGPS: true, Lat: "48.1113", Lon: "-1.6800"}); err != nil {
				t.Fatal(err)
			}
			check(ocean, gallery.Place{})
			if n, err := svc.FindPlaces(ctx); err != nil || n != 1 {
				t.Errorf("FindPlaces after a move looked up %d (%v), want 1", n, err)
			}
			check(ocean, gallery.Place{City: "Rennes", Region: "Brittany", Country: "FR"})
			// A region stored by its English name is found by its French
			// one, and labelled in the reader's language.
			for _, q := range []string{"Bretagne", "lieu:bretagne", "place:Brittany"} {
				if page, err := svc.Search(ctx, e.admin, SearchRequest{Query: q}); err != nil || page.Total != 1 {
					t.Errorf("search %q: %d results (%v), want 1", q, page.Total, err)
				}
			}
			if page, err := svc.Search(ctx, e.admin, SearchRequest{Query: "rennes", Facets: true, Lang: "fr"}); err == nil {
				for _, f := range page.Facets {
					for _, v := range f.Values {
						if f.Kind == search.FacetPlace && v.Value == "Brittany" && v.Label != "Région Bretagne" {
							t.Errorf("region facet labelled %q in French", v.Label)
						}
					}
				}
			}
			// The same position typed again keeps the place.
			if err := e.svc.EditMedia(ctx, e.admin, ocean.Key, MediaEdit{SetGPS: true, Lat: "48.1113", Lon: "-1.6800"}); err != nil {
				t.Fatal(err)
			}
			check(ocean, gallery.Place{City: "Rennes", Region: "Brittany", Country: "FR"})
			// Cleared: no place.
			if err := svc.EditMedia(ctx, e.admin, ocean.Key, MediaEdit{SetGPS: true}); err != nil {
				t.Fatal(err)
			}
			check(ocean, gallery.Place{})
			if got := svc.PlaceLabel(gallery.Place{City: "Rennes", Region: "Brittany", Country: "FR"}, "fr"); got != "Rennes, Région Bretagne, France" {
				t.Errorf("PlaceLabel = %q", got)
			}
		})
	}
}

// TestFindPlacesStops: a run cancelled stops at once and says so.
func TestFindPlacesStops(t *testing.T) {
	g := placestest.Gazetteer(t)
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			e.importInto(t, "gps/FujiFilm_FinePixS2Pro.jpg")
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := e.withPlaces(t, g).FindPlaces(ctx); err == nil {
				t.Error("a cancelled run reported no error")
			}
			if n, _ := e.svc.CountUnplaced(context.Background()); n != 1 {
				t.Errorf("%d items wait, want 1", n)
			}
		})
	}
}
