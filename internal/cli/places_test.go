package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imagier/internal/cli"
	"imagier/internal/gallery"
	"imagier/internal/places/placestest"
	"imagier/internal/sqlstore"
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

// TestServeFindsPlaces: a server names, when it starts, the places of the
// items that wait for theirs — here one whose position was changed while
// no gazetteer was at hand — and logs how many.
func TestServeFindsPlaces(t *testing.T) {
	placestest.Gazetteer(t)
	dir := t.TempDir()
	env := map[string]string{"IMAGIER_DATA": dir, "IMAGIER_LISTEN": "127.0.0.1:0"}
	if code, _, stderr := run(t, env, "", "import", testmedia.Path(t, "gps/FujiFilm_FinePixS2Pro.jpg")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	store.EachSHA256(ctx, func(i int64, _ string, _ int64) error { id = i; return nil })
	if err := store.SetGPS(ctx, id, &gallery.GPS{Lat: 45.7578, Lon: 4.8320}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var stdout, stderr syncBuffer
	exited := make(chan int)
	go func() {
		exited <- cli.Main(ctx, []string{"serve"}, cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
			Getenv: func(k string) string { return env[k] }})
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(stderr.String(), "found places") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-exited; code != 0 {
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	if log := stderr.String(); !strings.Contains(log, `msg="found places" items=1`) {
		t.Fatalf("serve did not log the places it found:\n%s", log)
	}
	store, err = sqlstore.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	m, err := store.MediaByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if want := (gallery.Place{City: "Lyon", Region: "Auvergne-Rhône-Alpes", Country: "FR"}); m.Place != want {
		t.Errorf("place after serve: %+v, want %+v", m.Place, want)
	}
}
