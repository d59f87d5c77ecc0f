package media

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"imagier/internal/blob/fsblob"
	"imagier/internal/derive"
	"imagier/internal/gallery"
	"imagier/internal/meta"
	"imagier/internal/meta/metatest"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"
)

type testLib struct {
	*Library
	store *sqlstore.Store
	blobs *fsblob.Store
	lock  *Lock
	dir   string
}

// extractors is the package's one metadata Extractor, shared by every
// library the tests open.
var extractors metatest.Pool

func sharedExtractor(t *testing.T) *meta.Extractor { return extractors.Get(t) }

func TestMain(m *testing.M) { os.Exit(extractors.Run(m)) }

// newTestLibs opens an empty library on every reachable database. Each
// prepare func is called with the folder of the library's files before the
// blob store opens it.
func newTestLibs(t *testing.T, prepare ...func(t *testing.T, files string)) map[string]testLib {
	t.Helper()
	if err := derive.Init(); err != nil {
		t.Fatal(err)
	}
	ex := sharedExtractor(t)
	out := map[string]testLib{}
	for name, store := range sqlstore.OpenTestStores(t) {
		dir := t.TempDir()
		for _, p := range prepare {
			p(t, filepath.Join(dir, "files"))
		}
		blobs, err := fsblob.New(filepath.Join(dir, "files"))
		if err != nil {
			t.Fatal(err)
		}
		lock, err := AcquireLock(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { lock.Release() })
		lib := New(store, blobs, ex, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{
			Workers: 2, MaxPixels: 200e6, FileTimeout: 30 * time.Second, MaxFileSize: 1 << 30,
		})
		out[name] = testLib{Library: lib, store: store, blobs: blobs, lock: lock, dir: dir}
	}
	return out
}

func allMedia(t *testing.T, s *sqlstore.Store) []gallery.Media {
	t.Helper()
	var out []gallery.Media
	if err := s.EachMedia(context.Background(), func(m gallery.Media) error { out = append(out, m); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportEveryTestFile imports every shared test file, hostile ones
// included: each is imported or rejected with a reason naming it, and the
// library stays consistent.
func TestImportEveryTestFile(t *testing.T) {
	root := testmedia.Dir(t)
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			rep, err := lib.Import(ctx, []string{root}, ImportOptions{FoldersAsAlbums: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d imported, %d duplicates, %d rejected", rep.Imported, rep.Duplicates, rep.Rejected)
			for _, r := range rep.Rejections {
				if r.Reason == "" || !strings.HasPrefix(r.File, root) {
					t.Errorf("rejection %+v: want the file's path and a reason", r)
				}
			}
			if rep.Imported < 250 {
				t.Errorf("got %d files imported, want most of the 340", rep.Imported)
			}
			items := allMedia(t, lib.store)
			if len(items) != rep.Imported {
				t.Fatalf("got %d rows, want %d (one per imported file)", len(items), rep.Imported)
			}
			images := 0
			for _, m := range items {
				if len(m.Albums) != 1 || !strings.HasPrefix(m.Albums[0]+"/", "testdata/") {
					t.Errorf("%s: albums %v, want testdata or one below it", m.Filename, m.Albums)
				}
				if m.DerivedAt == nil {
					t.Errorf("%s: derivatives pending after import", m.Filename)
				}
				if m.Meta.Kind == gallery.KindImage {
					images++
					for _, s := range gallery.ImportSizes() {
						if _, err := lib.blobs.Stat(ctx, derivativeKey(m.SHA256, s.Name)); err != nil {
							t.Errorf("%s: %s derivative: %v", m.Filename, s.Name, err)
						}
					}
				}
			}
			if images < 150 {
				t.Errorf("got %d images, want at least 150", images)
			}
			rep2, err := lib.Import(ctx, []string{filepath.Join(root, "cameras")}, ImportOptions{Album: []string{"Again"}})
			if err != nil {
				t.Fatal(err)
			}
			if rep2.Imported != 0 || rep2.Duplicates != 54 {
				t.Errorf("re-import of cameras/: got %d imported, %d duplicates; want 0 and 54", rep2.Imported, rep2.Duplicates)
			}
			m, err := lib.store.MediaByID(ctx, items[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if m.Filename == "Canon_40D.jpg" && !slices.Contains(m.Albums, "Again") {
				t.Errorf("duplicate not filed in the requested album: %v", m.Albums)
			}
			chk, err := lib.Check(ctx, lib.lock, false)
			if err != nil || !chk.Clean() {
				t.Fatalf("check after import: %+v, %v", chk, err)
			}
		})
	}
}

// TestRejections pins the reasons given for typical bad files.
func TestRejections(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		path, reason string
	}{
		{write("empty.jpg", nil), "empty"},
		{testmedia.Path(t, "broken/194531363df5b73f59c4c0517422f917.jpg"), ""},
		{testmedia.Path(t, "broken/no-frames.gif"), "no frames"},
		{testmedia.Path(t, "broken/beach.jpg"), "JPEG"},
		{filepath.Join(dir, "missing.jpg"), "cannot read"},
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			for _, tt := range tests {
				rep, err := lib.Import(context.Background(), []string{tt.path}, ImportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Rejected != 1 || !strings.Contains(rep.Rejections[0].Reason, tt.reason) || rep.Rejections[0].File != tt.path {
					t.Errorf("%s: got %+v, want one rejection naming the file, reason containing %q", tt.path, rep, tt.reason)
				}
			}
		})
	}
}

// An image over a limit is refused with the limit as its reason: the file
// may be sound, so it is not called unreadable.
func TestRejectionsOverLimit(t *testing.T) {
	// An 8,000,000×1 PNG of a few kilobytes.
	line := image.NewPaletted(image.Rect(0, 0, 8_000_000, 1), color.Palette{color.Black, color.White})
	var b bytes.Buffer
	if err := png.Encode(&b, line); err != nil {
		t.Fatal(err)
	}
	linePath := filepath.Join(t.TempDir(), "line.png")
	if err := os.WriteFile(linePath, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, reason string
	}{
		{linePath, "image is 8000000×1 pixels, over the 144:1 aspect ratio limit"},
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			for _, tt := range tests {
				rep, err := lib.Import(context.Background(), []string{tt.path}, ImportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Rejected != 1 || rep.Rejections[0].Reason != tt.reason {
					t.Errorf("%s: got %+v, want one rejection saying %q", filepath.Base(tt.path), rep, tt.reason)
				}
			}
		})
	}
}

func TestFoldersAsAlbums(t *testing.T) {
	dir := t.TempDir()
	src := testmedia.Path(t, "cameras/Canon_40D.jpg")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	tree := filepath.Join(dir, "Vacances été")
	for _, p := range []string{"2024/Côte d'Azur/a b.jpg", "top.jpg"} {
		p = filepath.Join(tree, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o750)
		// Append a byte so each copy has its own hash.
		if err := os.WriteFile(p, append(slices.Clone(b), byte(len(p))), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A symbolic link out of the tree is never followed.
	os.Symlink(testmedia.Path(t, "cameras"), filepath.Join(tree, "escape"))
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			rep, err := lib.Import(context.Background(), []string{tree}, ImportOptions{Album: []string{"Famille"}, FoldersAsAlbums: true})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Imported != 2 {
				t.Fatalf("got %+v, want 2 imported and the symlink ignored", rep)
			}
			var albums []string
			for _, m := range allMedia(t, lib.store) {
				albums = append(albums, m.Albums...)
			}
			slices.Sort(albums)
			want := []string{"Famille/Vacances été", "Famille/Vacances été/2024/Côte d'Azur"}
			if !slices.Equal(albums, want) {
				t.Fatalf("got albums %q, want %q", albums, want)
			}
		})
	}
}

// TestDerivativeOnce asks for one on-demand size from many goroutines: all
// get the same bytes, and the image is decoded once.
func TestDerivativeOnce(t *testing.T) {
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, err := lib.Import(ctx, []string{testmedia.Path(t, "cameras/jolla.jpg")}, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			m := allMedia(t, lib.store)[0]
			before := lib.made.Load()
			var wg sync.WaitGroup
			got := make([][]byte, 8)
			for i := range got {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := lib.Derivative(ctx, m, "large")
					if err != nil {
						t.Error(err)
						return
					}
					defer r.Close()
					got[i], _ = io.ReadAll(r)
				}()
			}
			wg.Wait()
			if n := lib.made.Load() - before; n != 1 {
				t.Errorf("large made %d times, want once", n)
			}
			for i := range got {
				if len(got[i]) == 0 || string(got[i]) != string(got[0]) {
					t.Fatalf("caller %d got %d bytes, want the same %d bytes as caller 0", i, len(got[i]), len(got[0]))
				}
			}
			if _, err := lib.Derivative(ctx, m, "huge"); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("unknown size: got %v, want ErrNotFound", err)
			}
		})
	}
}

// TestCheckRepair breaks a library in the ways a crash or a disk can, and
// checks what check reports and repairs.
func TestCheckRepair(t *testing.T) {
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			files := []string{testmedia.Path(t, "cameras/Canon_40D.jpg"), testmedia.Path(t, "cameras/Nikon_D70.jpg")}
			if _, err := lib.Import(ctx, files, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			items := allMedia(t, lib.store)
			lib.blobs.Delete(ctx, derivativeKey(items[0].SHA256, "thumb"))
			orphan := originalKey(strings.Repeat("ab", 32))
			lib.blobs.Put(ctx, orphan, strings.NewReader("never acknowledged"))
			p, _ := lib.blobs.LocalPath(originalKey(items[1].SHA256))
			os.WriteFile(p, []byte("bit rot"), 0o600)

			rep, err := lib.Check(ctx, lib.lock, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.MissingDerivatives) != 1 || len(rep.Orphans) != 1 || len(rep.CorruptOriginals) != 1 {
				t.Fatalf("got %+v, want one missing derivative, one orphan, one corrupt original", rep)
			}
			rep, err = lib.Check(ctx, lib.lock, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.MissingDerivatives)+len(rep.Orphans) != 0 || len(rep.CorruptOriginals) != 1 {
				t.Fatalf("after repair: got %+v, want only the corrupt original left", rep)
			}
		})
	}
}

// TestOddNames imports files whose names hold spaces, accents, bytes that
// are not UTF-8, a leading dash and a line break.
func TestOddNames(t *testing.T) {
	b, err := os.ReadFile(testmedia.Path(t, "cameras/Canon_40D.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	names := []string{"avec espace.jpg", "été à Noël.JPG", "latin1-\xe9t\xe9.jpg", "-stay_open.jpg", "line\nbreak.jpg"}
	for i, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), append(slices.Clone(b), byte(i)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			rep, err := lib.Import(context.Background(), []string{dir}, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Imported != len(names) {
				t.Fatalf("got %+v, want all %d imported", rep, len(names))
			}
			for _, m := range allMedia(t, lib.store) {
				if m.Meta.Model != "Canon EOS 40D" || m.Meta.Taken == nil {
					t.Errorf("%q: model %q, taken %v; want the camera's metadata", m.Filename, m.Meta.Model, m.Meta.Taken)
				}
			}
		})
	}
}

// TestPurgeTrash empties the trash for good: rows and files go, and the
// library stays consistent.
func TestPurgeTrash(t *testing.T) {
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			files := []string{testmedia.Path(t, "cameras/Canon_40D.jpg"), testmedia.Path(t, "cameras/Nikon_D70.jpg")}
			if _, err := lib.Import(ctx, files, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			items := allMedia(t, lib.store)
			if err := lib.store.Trash(ctx, []int64{items[0].ID}, time.Now().Add(-31*24*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := lib.store.Trash(ctx, []int64{items[1].ID}, time.Now()); err != nil {
				t.Fatal(err)
			}
			n, err := lib.PurgeTrash(ctx, 30*24*time.Hour)
			if err != nil || n != 1 {
				t.Fatalf("purge: got %d, %v; want 1 (only the item trashed 31 days ago)", n, err)
			}
			if _, err := lib.blobs.Stat(ctx, originalKey(items[0].SHA256)); err == nil {
				t.Error("purged item's original is still stored")
			}
			if left := allMedia(t, lib.store); len(left) != 1 || left[0].ID != items[1].ID {
				t.Fatalf("after purge: %d items, want the recently trashed one", len(left))
			}
			if rep, err := lib.Check(ctx, lib.lock, false); err != nil || !rep.Clean() {
				t.Fatalf("check after purge: %+v, %v", rep, err)
			}
		})
	}
}
