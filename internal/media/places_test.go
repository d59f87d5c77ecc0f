package media

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/places/placestest"
	"imagier/internal/testmedia"
)

// TestImportPlacesAndFolders: a folder import records, for each file, the
// folder it was found in below the folder imported, and names the place
// of each file with a GPS position from the gazetteer (positions as the
// shared test files' MANIFEST.tsv gives them); a file imported on its own
// has no folder, a file without a position no place.
func TestImportPlacesAndFolders(t *testing.T) {
	g := placestest.Gazetteer(t)
	root := filepath.Join(t.TempDir(), "photos")
	files := map[string]string{ // in the tree → shared test file
		"2019/Fête de la musique/tour.jpg": "gps/FujiFilm_FinePixS2Pro.jpg", // 48.857833, 2.297
		"Angleterre/sheffield.jpg":         "cameras/Apple.jpg",             // 53.382847, -1.456678
		"rome.jpg":                         "cameras/Apple_iPhone_4.jpg",    // 41.853, 12.488833
		"2019/sans position.jpg":           "cameras/Canon_40D.jpg",
		"2019/Pacifique.jpg":               "gps/dude-exif.jpg", // -0.000001, -120: the open ocean
	}
	for dst, src := range files {
		b, err := os.ReadFile(testmedia.Path(t, src))
		if err != nil {
			t.Fatal(err)
		}
		dst = filepath.Join(root, filepath.FromSlash(dst))
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]struct {
		folder string
		place  gallery.Place
	}{
		"tour.jpg":                {"2019/Fête de la musique", gallery.Place{City: "Paris", Region: "Île-de-France", Country: "FR"}},
		"sheffield.jpg":           {"Angleterre", gallery.Place{City: "Sheffield", Region: "England", Country: "GB"}},
		"rome.jpg":                {"", gallery.Place{City: "Rome", Region: "Lazio", Country: "IT"}},
		"sans position.jpg":       {"2019", gallery.Place{}},
		"Pacifique.jpg":           {"2019", gallery.Place{}},
		"Canon_PowerShot_S40.jpg": {"", gallery.Place{}},
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			lib.opt.Places = g
			ctx := context.Background()
			rep, err := lib.Import(ctx, []string{root, testmedia.Path(t, "cameras/Canon_PowerShot_S40.jpg")}, ImportOptions{})
			if err != nil || rep.Imported != len(want) {
				t.Fatalf("import: %+v, %v", rep, err)
			}
			for _, m := range allMedia(t, lib.store) {
				w, ok := want[m.Filename]
				if !ok {
					t.Errorf("unexpected item %q", m.Filename)
					continue
				}
				if m.Folder != w.folder || m.Place != w.place {
					t.Errorf("%s: folder %q, place %+v; want %q, %+v", m.Filename, m.Folder, m.Place, w.folder, w.place)
				}
			}
			// Named at import, they are not looked up again; the item at
			// sea waits for the first look-up, which marks it.
			if n, err := lib.store.CountUnplaced(ctx); err != nil || n > 1 {
				t.Errorf("%d items wait for their place (%v)", n, err)
			}
		})
	}
}
