package media

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/meta"
	"imagier/internal/testmedia"
)

// manifestFolders are the folders of shared test media whose metadata
// MANIFEST.tsv describes well enough to compare field by field.
var manifestFolders = []string{"cameras", "orientation", "gps", "iptc-xmp"}

// sidecarWins lists, by "path field", where an image differs from the
// manifest, which read every file alone, because the import reads it with
// its XMP sidecar, whose value ranks first; it maps each to the manifest
// path of that sidecar. The test requires the stored field to agree with
// the sidecar's own manifest row instead.
func sidecarWins() map[string]string {
	return map[string]string{
		// XMP-exif:DateTimeOriginal of the sidecar ranks above the
		// image's ExifIFD:DateTimeOriginal.
		"iptc-xmp/XMP.jpg taken": "iptc-xmp/XMP.xmp",
		// The sidecar's dc:subject replaces the image's.
		"iptc-xmp/XMP.jpg keywords": "iptc-xmp/XMP.xmp",
	}
}

// TestManifestStored imports the folders of manifestFolders into every
// database, reads each item back from the store and compares its stored
// metadata with its manifest row, found by SHA-256. meta's TestManifest
// makes the same comparison on files read alone; here images are read
// with their sidecars and the metadata goes through the database.
func TestManifestStored(t *testing.T) {
	dir := testmedia.Dir(t)
	var entries []testmedia.Entry
	byPath := map[string]testmedia.Entry{}
	for _, en := range testmedia.Manifest(t) {
		folder, _, _ := strings.Cut(en.Path, "/")
		if slices.Contains(manifestFolders, folder) {
			entries = append(entries, en)
			byPath[en.Path] = en
		}
	}
	sidecars := sidecarRows(t, dir, entries)
	known := storedDisagreements(sidecars)
	var paths []string
	for _, f := range manifestFolders {
		paths = append(paths, filepath.Join(dir, f))
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			rep, err := lib.Import(context.Background(), paths, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d imported, %d duplicates, %d rejected", rep.Imported, rep.Duplicates, rep.Rejected)
			for _, r := range rep.Rejections {
				t.Logf("rejected %s: %s", r.File, r.Reason)
			}
			stored := storedByPath(t, lib, entries, sidecars)
			results := map[string][]testmedia.Check{}
			for path, md := range stored {
				results[path] = testmedia.CompareManifest(byPath[path], md)
			}
			testmedia.CheckAgreement(t, results, known, 98)
			for key, sidecar := range sidecarWins() {
				path, field, _ := strings.Cut(key, " ")
				side, ok := byPath[sidecar]
				if !ok {
					t.Errorf("%s: sidecar %s has no manifest row", key, sidecar)
				}
				for _, c := range testmedia.CompareManifest(side, stored[path]) {
					if c.Field == field && !c.OK {
						t.Errorf("%s: does not agree with its sidecar %s either: %s", key, sidecar, c.Diff)
					}
				}
			}
		})
	}
}

// storedDisagreements returns testmedia.KnownDisagreements without the
// rows of sidecars, which have no item of their own and are never
// compared, plus those of sidecarWins.
func storedDisagreements(sidecars map[string]bool) map[string]string {
	known := testmedia.KnownDisagreements()
	for key := range known {
		if path, _, _ := strings.Cut(key, " "); sidecars[path] {
			delete(known, key)
		}
	}
	for key, sidecar := range sidecarWins() {
		known[key] = "read with its sidecar " + sidecar + ", whose value wins"
	}
	return known
}

// storedByPath reads every item of lib's store and returns its metadata
// by the manifest path of the entry with the same SHA-256. Every entry
// but sidecars must have an item, and every item an entry.
func storedByPath(t *testing.T, lib testLib, entries []testmedia.Entry, sidecars map[string]bool) map[string]gallery.Metadata {
	t.Helper()
	bySHA := map[string]gallery.Media{}
	for _, m := range allMedia(t, lib.store) {
		bySHA[m.SHA256] = m
	}
	out := map[string]gallery.Metadata{}
	for _, en := range entries {
		m, ok := bySHA[en.SHA256]
		delete(bySHA, en.SHA256)
		switch {
		case ok:
			out[en.Path] = m.Meta
		case !sidecars[en.Path]:
			t.Errorf("%s: no stored item has its SHA-256 %s; want one", en.Path, en.SHA256)
		}
	}
	for _, m := range bySHA {
		t.Errorf("stored item %s (%s) matches no manifest row", m.Filename, m.SHA256)
	}
	return out
}

// sidecarRows returns the manifest paths of the XMP files that meta reads
// as sidecars of another file of entries: the import reads them with that
// file and stores no item of their own.
func sidecarRows(t *testing.T, dir string, entries []testmedia.Entry) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, en := range entries {
		for _, p := range meta.Sidecars(testmedia.Path(t, en.Path)) {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.ToSlash(rel)] = true
		}
	}
	return out
}
