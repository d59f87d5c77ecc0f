package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/places/placestest"
	"imagier/internal/testmedia"
)

// TestImportPlaces: imagier import names where a photo was taken and the
// folder it came from, imagier list --json shows both, and imagier places
// finds nothing left to look up.
func TestImportPlaces(t *testing.T) {
	placestest.Gazetteer(t)
	root := filepath.Join(t.TempDir(), "photos")
	b, err := os.ReadFile(testmedia.Path(t, "gps/FujiFilm_FinePixS2Pro.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, "2019", "Fête"), 0o750)
	if err := os.WriteFile(filepath.Join(root, "2019", "Fête", "x.jpg"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, env := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if code, _, stderr := run(t, env, "", "import", root); code != 0 {
				t.Fatalf("import exit %d: %s", code, stderr)
			}
			code, out, _ := run(t, env, "", "list", "--json")
			var item struct {
				Folder string
				Place  gallery.Place
			}
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &item); code != 0 || err != nil {
				t.Fatalf("list: exit %d, %q: %v", code, out, err)
			}
			if item.Folder != "2019/Fête" || item.Place != (gallery.Place{City: "Paris", Region: "Île-de-France", Country: "FR"}) {
				t.Errorf("list --json: %+v", item)
			}
			if code, out, stderr := run(t, env, "", "places"); code != 0 || out != "0 items looked up\n" {
				t.Errorf("places: exit %d, %q, %s", code, out, stderr)
			}
			if code, _, _ := run(t, env, "", "places", "extra"); code != 2 {
				t.Errorf("places with an argument: exit %d", code)
			}
		})
	}
}
