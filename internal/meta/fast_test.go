package meta

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// sharedJPEGs lists the JPEG files of the shared test media, found by
// content (go-fuzz mutants have no extension), as paths relative to it.
func sharedJPEGs(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, en := range testmedia.Manifest(t) {
		b, err := os.ReadFile(testmedia.Path(t, en.Path))
		if err != nil {
			t.Fatal(err)
		}
		if _, format, _ := Sniff(b[:min(len(b), SniffLen)]); format == gallery.FormatJPEG {
			out = append(out, en.Path)
		}
	}
	if len(out) < 100 {
		t.Fatalf("got %d JPEG files in the shared media, want the 168 it holds", len(out))
	}
	return out
}

// readFast runs the fast reader on a file as Extract would.
func readFast(t testing.TB, path string, sidecars ...string) (gallery.Metadata, error) {
	t.Helper()
	n, err := readNative(path, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fastExtract(path, n, sidecars, gallery.Metadata{Kind: n.kind, Format: n.format, MIME: n.mime})
}

// withoutReader drops the Sources entry that names the reader, the one
// field in which the two paths must differ.
func withoutReader(md gallery.Metadata) gallery.Metadata {
	src := map[string]string{}
	for k, v := range md.Sources {
		if k != "reader" {
			src[k] = v
		}
	}
	md.Sources = src
	return md
}

// TestFastReaderAgrees is the fast reader's proof: for every JPEG file of
// the shared media (broken and malicious ones included), and for those
// with XMP sidecars read together with them, the fast reader must either
// defer to exiftool or produce exactly the Metadata the exiftool path
// produces. It logs the share of files it reads and why it defers.
func TestFastReaderAgrees(t *testing.T) {
	e := sharedExtractor(t)
	type result struct{ rel, reason string }
	var results []result
	check := func(rel string, sidecars ...string) {
		path := testmedia.Path(t, rel)
		fast, ferr := readFast(t, path, sidecars...)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		slow, err := exiftoolExtract(ctx, e, path, sidecars...)
		cancel()
		if err != nil {
			t.Errorf("%s: exiftool path: %v", rel, err)
			return
		}
		name := rel
		if len(sidecars) > 0 {
			name = "sidecars/" + rel // counted apart from the files alone
		}
		for _, s := range sidecars {
			name += " + " + filepath.Base(s)
		}
		if ferr != nil {
			var d *deferral
			if !asDeferral(ferr, &d) {
				t.Errorf("%s: fast reader failed instead of deferring: %v", name, ferr)
			}
			results = append(results, result{name, ferr.Error()})
			return
		}
		if got := fast.Sources["reader"]; got != "imagier" {
			t.Errorf("%s: got reader %q, want imagier", name, got)
		}
		if diff := cmp.Diff(withoutReader(slow), withoutReader(fast)); diff != "" {
			t.Errorf("%s: fast reader disagrees with exiftool (-exiftool +fast):\n%s", name, diff)
		}
		results = append(results, result{name, ""})
	}
	for _, rel := range sharedJPEGs(t) {
		check(rel)
		if side := Sidecars(testmedia.Path(t, rel)); len(side) > 0 {
			check(rel, side...)
		}
	}
	// Every XMP file of the set read as the sidecar of a plain JPEG.
	xmps, err := filepath.Glob(filepath.Join(testmedia.Dir(t), "*", "*.xmp"))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range xmps {
		check("orientation/landscape_1.jpg", x)
	}
	share := logShare(t, results, func(r result) (string, string) { return r.rel, r.reason })
	// A floor, so that a change which makes the reader defer more shows.
	if share < 65 {
		t.Errorf("the fast reader reads %.0f%% of the camera, GPS, orientation and IPTC/XMP files, want at least 65%%", share)
	}
}

// logShare logs, per folder, how many files the fast reader read, and
// lists the deferrals. It returns the share read in the folders of
// ordinary photos: cameras, gps, orientation and iptc-xmp.
func logShare[T any](t *testing.T, results []T, get func(T) (string, string)) float64 {
	t.Helper()
	read, total := map[string]int{}, map[string]int{}
	var deferred []string
	for _, r := range results {
		rel, reason := get(r)
		folder, _, _ := strings.Cut(rel, "/")
		total[folder]++
		if reason == "" {
			read[folder]++
			continue
		}
		deferred = append(deferred, fmt.Sprintf("%s: %s", rel, reason))
	}
	folders := make([]string, 0, len(total))
	for f := range total {
		folders = append(folders, f)
	}
	sort.Strings(folders)
	all, allRead := 0, 0
	for _, f := range folders {
		t.Logf("fast reader: %-12s %3d of %3d files (%.0f%%)", f, read[f], total[f], 100*float64(read[f])/float64(total[f]))
		all += total[f]
		allRead += read[f]
	}
	t.Logf("fast reader: %d of %d reads (%.0f%%); deferred:\n%s", allRead, all,
		100*float64(allRead)/float64(max(all, 1)), strings.Join(deferred, "\n"))
	photos, photosRead := 0, 0
	for _, f := range []string{"cameras", "gps", "orientation", "iptc-xmp"} {
		photos += total[f]
		photosRead += read[f]
	}
	return 100 * float64(photosRead) / float64(max(photos, 1))
}

func asDeferral(err error, d **deferral) bool {
	x, ok := err.(*deferral)
	*d = x
	return ok
}
