package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/blob/fsblob"
	"imagier/internal/derive"
	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/media"
	"imagier/internal/meta"
	"imagier/internal/sample"
	"imagier/internal/service"
	"imagier/internal/sqlstore"
)

// rightsBench is a 100,000-item library seen by a normal user, léa, who is
// granted "Big" (20,000 items) and half of the 50 other albums.
type rightsBench struct {
	store  *sqlstore.Store
	lib    *media.Library
	h      *Handler
	lea    *gallery.User
	token  string
	big    int64
	others []int64
}

func newRightsBench(b *testing.B, store *sqlstore.Store) *rightsBench {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rb := &rightsBench{store: store}
	rb.big = fillLibrary(b, store, 100_000, 20_000)
	if err := derive.Init(); err != nil {
		b.Fatal(err)
	}
	ex, err := meta.NewExtractor(ctx, meta.Options{Procs: 1, Timeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ex.Close() })
	blobs, _ := fsblob.New(filepath.Join(b.TempDir(), "files"))
	rb.lib = media.New(store, blobs, ex, log, media.Options{Workers: 1, MaxPixels: 200e6, FileTimeout: time.Minute})
	sessions, _ := auth.NewSessions(store, time.Hour)
	rb.lea = &gallery.User{Name: "léa", Role: gallery.RoleNormal, PasswordHash: "x"}
	if err := store.AddUser(ctx, rb.lea); err != nil {
		b.Fatal(err)
	}
	if rb.token, _, err = sessions.Open(ctx, *rb.lea, "bench"); err != nil {
		b.Fatal(err)
	}
	_, byID, err := store.AlbumNodes(ctx, &gallery.Access{All: true})
	if err != nil {
		b.Fatal(err)
	}
	for id := range byID {
		if id != rb.big {
			rb.others = append(rb.others, id)
		}
	}
	for i, id := range append([]int64{rb.big}, rb.others...) {
		if i%2 == 0 {
			if err := store.SetGrant(ctx, id, rb.lea.ID, 0, gallery.PermView|gallery.PermDownload); err != nil {
				b.Fatal(err)
			}
		}
	}
	bundle, _ := i18n.New()
	svc, err := service.New(store, rb.lib, sessions, log, service.Options{UploadDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	if rb.h, err = New(svc, bundle, log, Options{}); err != nil {
		b.Fatal(err)
	}
	return rb
}

func (rb *rightsBench) get(b *testing.B, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: rb.token})
	rec := httptest.NewRecorder()
	rb.h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("GET %s: got %d", path, rec.Code)
	}
	return rec
}

// benchStores opens a fresh SQLite store, and a PostgreSQL one when a
// server answers.
func benchStores(b *testing.B) map[string]*sqlstore.Store {
	stores := map[string]*sqlstore.Store{}
	s, err := sqlstore.Open(context.Background(), "", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	stores["sqlite"] = s
	if u, ok := sqlstore.TestPostgresURL(b); ok {
		stores["postgres"] = sqlstore.OpenTestPostgres(b, u)
	}
	return stores
}

// BenchmarkRightsChange measures the first page view after a grant changes
// or a photo is added, in a 100,000-item library: the caller's rights are
// worked out again from the album and grant tables (nothing is rebuilt for
// every user), then the page is rendered. Only that view is timed.
func BenchmarkRightsChange(b *testing.B) {
	ctx := context.Background()
	for name, store := range benchStores(b) {
		rb := newRightsBench(b, store)
		toggled := rb.others[1] // not granted at the start
		pages := map[string]string{"album": fmt.Sprintf("/albums/%d", rb.big), "home": "/"}
		for _, page := range []string{"album", "home"} {
			b.Run(name+"/grant-then-"+page, func(b *testing.B) {
				on := false
				for b.Loop() {
					b.StopTimer()
					on = !on
					perms := gallery.Perm(0)
					if on {
						perms = gallery.PermView
					}
					if err := store.SetGrant(ctx, toggled, rb.lea.ID, 0, perms); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					rb.get(b, pages[page])
				}
			})
		}
		b.Run(name+"/add-then-album", func(b *testing.B) {
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				now := time.Now().UTC()
				m := &gallery.Media{Key: fmt.Sprintf("new%07d", i), SHA256: fmt.Sprintf("%064x", 1_000_000+i), Size: 1 << 20,
					Filename: "new.jpg", ImportedAt: now, DerivedAt: &now,
					Meta: gallery.Metadata{Kind: gallery.KindImage, Format: gallery.FormatJPEG, MIME: "image/jpeg", Width: 4000, Height: 3000,
						Taken: &gallery.DateTime{Local: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)}}}
				if err := store.AddMedia(ctx, m, [][]string{{"Big"}}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rb.get(b, pages["album"])
			}
		})
	}
}

// BenchmarkThumbnail serves a cached thumbnail to a signed-in normal user,
// with every check a request gets: session, rights (cached until they
// change), the item's visibility, then the file. It reports requests per
// second with as many parallel callers as cores.
func BenchmarkThumbnail(b *testing.B) {
	ctx := context.Background()
	for name, store := range benchStores(b) {
		rb := newRightsBench(b, store)
		dir := b.TempDir()
		if err := sample.Demo(dir, 1, 1600, 1200); err != nil {
			b.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*.jpg"))
		if len(files) == 0 {
			files, _ = filepath.Glob(filepath.Join(dir, "*.jpg"))
		}
		if len(files) == 0 {
			b.Fatal("no sample made")
		}
		_, key, reason, err := rb.lib.ImportFile(ctx, files[0], filepath.Base(files[0]), media.FileOptions{Albums: [][]string{{"Big"}}})
		if err != nil || key == "" {
			b.Fatalf("import: %v %s", err, reason)
		}
		path := "/i/" + key + "/thumb.jpg"
		rb.get(b, path) // warm the rights cache and the page cache
		b.Run(name, func(b *testing.B) {
			cpu0 := processCPU()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest("GET", path, nil)
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: rb.token})
				for pb.Next() {
					rec := httptest.NewRecorder()
					rb.h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Errorf("got %d", rec.Code)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
			// The machine is shared: CPU per request is the steadier
			// figure (it includes the database server's for PostgreSQL
			// only on the client side, so compare like with like).
			b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/req")
		})
	}
}

// processCPU returns the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
