// Package placestest gives tests the gazetteer built into the binary.
package placestest

import (
	"os"
	"testing"

	"imagier/internal/places"
)

// Gazetteer returns the embedded gazetteer, loaded. Without it (the build
// ran without `./dev`'s generation step) the test skips, except under CI,
// where the data must be there.
func Gazetteer(t testing.TB) *places.Gazetteer {
	t.Helper()
	g := places.Embedded()
	if err := g.Load(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the gazetteer must be built under CI (node places/export.js | go run ./internal/places/gen): %v", err)
		}
		t.Skipf("no gazetteer in this build (./dev build makes it): %v", err)
	}
	return g
}
