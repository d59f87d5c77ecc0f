package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/blob/fsblob"
	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/media"
	"imagier/internal/service"
	"imagier/internal/sqlstore"
)

// fillLibrary adds n items, big of them in the album "Big" and the rest
// spread over 50 other albums, in batches of one transaction each.
func fillLibrary(b *testing.B, s *sqlstore.Store, n, big int) int64 {
	ctx := context.Background()
	base := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 2000
	for start := 0; start < n; start += batch {
		var ms []*gallery.Media
		for i := start; i < min(n, start+batch); i++ {
			taken := base.Add(time.Duration(i) * 37 * time.Minute)
			ms = append(ms, &gallery.Media{
				Key: fmt.Sprintf("k%07d", i), SHA256: fmt.Sprintf("%064x", i), Size: 4 << 20, Filename: fmt.Sprintf("IMG_%07d.jpg", i),
				Title: fmt.Sprintf("Photo %d", i), ImportedAt: base, DerivedAt: &base,
				Meta: gallery.Metadata{Kind: gallery.KindImage, Format: gallery.FormatJPEG, MIME: "image/jpeg",
					Width: 4000 - i%3*1000, Height: 3000, Taken: &gallery.DateTime{Local: taken}},
			})
		}
		album := []string{fmt.Sprintf("Album %02d", start/batch%50)}
		if start < big {
			album = []string{"Big"}
		}
		if err := s.AddMediaBatch(ctx, ms, [][]string{album}); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	_, byID, err := s.Albums(ctx, &gallery.Access{All: true})
	if err != nil {
		b.Fatal(err)
	}
	for id, a := range byID {
		if a.Name == "Big" {
			return id
		}
	}
	b.Fatal("no album Big")
	return 0
}

// BenchmarkAlbumPage renders the first page of a 20,000-item album in a
// 100,000-item library, in the handler (server time, no network).
func BenchmarkAlbumPage(b *testing.B) {
	stores := map[string]*sqlstore.Store{}
	s, err := sqlstore.Open(context.Background(), "", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	stores["sqlite"] = s
	if u, ok := sqlstore.TestPostgresURL(b); ok {
		stores["postgres"] = sqlstore.OpenTestPostgres(b, u)
	}
	bundle, _ := i18n.New()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for name, store := range stores {
		b.Run(name, func(b *testing.B) {
			album := fillLibrary(b, store, 100_000, 20_000)
			blobs, _ := fsblob.New(filepath.Join(b.TempDir(), "files"))
			lib := media.New(store, blobs, nil, log, media.Options{Workers: 1})
			sessions, _ := auth.NewSessions(store, time.Hour)
			u := &gallery.User{Name: "anne", Role: gallery.RoleWebmaster, PasswordHash: "x"}
			store.AddUser(context.Background(), u)
			token, _, err := sessions.Open(context.Background(), *u, "bench")
			if err != nil {
				b.Fatal(err)
			}
			svc, err := service.New(store, lib, sessions, log, service.Options{UploadDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			h, err := New(svc, bundle, log, Options{})
			if err != nil {
				b.Fatal(err)
			}
			req := httptest.NewRequest("GET", fmt.Sprintf("/albums/%d", album), nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
			b.ResetTimer()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("got %d", rec.Code)
				}
			}
		})
	}
}
