package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/places/placestest"
)

// TestPlacesShown: the media page names where a photo was taken, in the
// reader's language, beside its position; the legal page credits
// GeoNames, as its licence asks.
func TestPlacesShown(t *testing.T) {
	placestest.Gazetteer(t)
	for name, s := range newSites(t, "cameras/Apple.jpg") {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			var key string
			s.store.EachMedia(context.Background(), func(m gallery.Media) error { key = m.Key; return nil })
			for lang, want := range map[string]string{
				"en": "Sheffield, England, United Kingdom · 53.38285°\u00a0N",
				"fr": "Sheffield, Angleterre, Royaume-Uni · 53,38285°\u00a0N",
			} {
				req, _ := http.NewRequest("GET", s.URL+"/m/"+key, nil)
				req.Header.Set("Accept-Language", lang)
				if page := do(t, c, req); !strings.Contains(page, want) {
					t.Errorf("%s: the media page does not say %q", lang, want)
				}
			}
			legal := get(t, s.client(true), s.URL+"/legal")
			for _, want := range []string{`href="https://www.geonames.org/"`, "CC BY 4.0", "GeoNames"} {
				if !strings.Contains(legal, want) {
					t.Errorf("the legal page lacks %s", want)
				}
			}
		})
	}
}
