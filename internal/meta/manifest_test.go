package meta

import (
	"context"
	"strings"
	"testing"
	"time"

	"imagier/internal/testmedia"
)

// TestManifest compares Extract with MANIFEST.tsv (exiftool's reading) for
// the camera, orientation, GPS and IPTC/XMP folders. Each file is read on
// its own, as the manifest was; TestSidecarPriority covers images read
// with their sidecars, and media's TestManifestStored the metadata stored
// by an import.
func TestManifest(t *testing.T) {
	e := sharedExtractor(t)
	results := map[string][]testmedia.Check{}
	for _, en := range testmedia.Manifest(t) {
		folder, _, _ := strings.Cut(en.Path, "/")
		switch folder {
		case "cameras", "orientation", "gps", "iptc-xmp":
		default:
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		md, err := e.Extract(ctx, testmedia.Path(t, en.Path))
		cancel()
		if err != nil {
			t.Errorf("%s: Extract: %v", en.Path, err)
			continue
		}
		results[en.Path] = testmedia.CompareManifest(en, md)
	}
	testmedia.CheckAgreement(t, results, testmedia.KnownDisagreements(), 98)
}
