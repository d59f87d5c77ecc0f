package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/blob/fsblob"
	"imagier/internal/derive"
	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/media"
	"imagier/internal/meta"
	"imagier/internal/meta/metatest"
	"imagier/internal/places"
	"imagier/internal/server"
	"imagier/internal/service"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"
)

// extractors is the package's one metadata reader: starting one per test
// cost more than most tests.
var extractors metatest.Pool

func sharedExtractor(t testing.TB) *meta.Extractor { return extractors.Get(t) }

func TestMain(m *testing.M) { os.Exit(extractors.Run(m)) }

// site is a running web interface over a real library.
type site struct {
	*httptest.Server
	store *sqlstore.Store
	svc   *service.Service
	setup string
}

// newSites starts the interface on every reachable database, with files
// imported into the album "Tests/Caméras".
func newSites(t *testing.T, files ...string) map[string]*site {
	t.Helper()
	return newSitesWith(t, nil, files...)
}

// newSitesWith is newSites with options changed by set (nil for none).
func newSitesWith(t *testing.T, set func(*service.Options), files ...string) map[string]*site {
	t.Helper()
	if err := derive.Init(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ex := sharedExtractor(t)
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	out := map[string]*site{}
	for name, store := range sqlstore.OpenTestStores(t) {
		blobs, err := fsblob.New(filepath.Join(t.TempDir(), "files"))
		if err != nil {
			t.Fatal(err)
		}
		lib := media.New(store, blobs, ex, log, media.Options{Workers: 2, MaxPixels: 200e6, FileTimeout: time.Minute, MaxFileSize: 1 << 30,
			Places: places.Embedded()})
		var paths []string
		for _, f := range files {
			paths = append(paths, testmedia.Path(t, f))
		}
		if _, err := lib.Import(ctx, paths, media.ImportOptions{Album: []string{"Tests", "Caméras"}}); err != nil {
			t.Fatal(err)
		}
		sessions, err := auth.NewSessions(store, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		opt := service.Options{SetupToken: "let-me-in", UploadDir: t.TempDir(), MaxUploadSize: 1 << 30}
		if set != nil {
			set(&opt)
		}
		svc, err := service.New(store, lib, sessions, log, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(svc.Close)
		h, err := New(svc, bundle, log, Options{Links: server.NewLinks(opt.PublicURL)})
		if err != nil {
			t.Fatal(err)
		}
		// The test client stands for a reverse proxy on this machine:
		// tests say which client they speak for in X-Forwarded-For.
		srv := httptest.NewServer(server.NewWithOptions(h, log, server.Options{TrustedProxies: []netip.Prefix{
			netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}}))
		t.Cleanup(srv.Close)
		out[name] = &site{Server: srv, store: store, svc: svc, setup: "let-me-in"}
	}
	return out
}

// client returns an HTTP client with its own cookies that does not follow
// redirects unless follow is set.
func (s *site) client(follow bool) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if !follow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return c
}

func body(t *testing.T, resp *http.Response, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	return body(t, resp, err)
}

func do(t *testing.T, c *http.Client, req *http.Request) string {
	t.Helper()
	resp, err := c.Do(req)
	return body(t, resp, err)
}

// signedIn creates the first account through /setup and returns its client.
func (s *site) signedIn(t *testing.T) *http.Client {
	t.Helper()
	c := s.client(true)
	resp, err := c.PostForm(s.URL+"/setup", url.Values{"token": {s.setup}, "name": {"anne"}, "password": {"correct horse"}})
	page := body(t, resp, err)
	if resp.StatusCode != 200 || !strings.Contains(page, "Sign out") {
		t.Fatalf("setup: got %d %s", resp.StatusCode, page)
	}
	return c
}

func TestSignInAndSetup(t *testing.T) {
	for name, s := range newSites(t, "cameras/Canon_40D.jpg") {
		t.Run(name, func(t *testing.T) {
			c := s.client(false)
			resp, err := c.Get(s.URL + "/albums/1")
			body(t, resp, err)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
				t.Fatalf("signed out: got %d to %q, want a redirect to /login", resp.StatusCode, resp.Header.Get("Location"))
			}
			// No account yet: the sign-in page says how to make one.
			if page := get(t, c, s.URL+"/login"); !strings.Contains(page, "imagier serve printed") {
				t.Errorf("login with no account: %s", page)
			}
			for _, tok := range []string{"", "wrong"} {
				resp, err := c.Get(s.URL + "/setup?token=" + tok)
				body(t, resp, err)
				if resp.StatusCode != 404 {
					t.Errorf("setup with token %q: got %d, want 404", tok, resp.StatusCode)
				}
			}
			s.signedIn(t)
			// The setup page closes once an account exists.
			resp, err = c.Get(s.URL + "/setup?token=" + s.setup)
			body(t, resp, err)
			if resp.StatusCode != 404 {
				t.Errorf("setup after the first account: got %d, want 404", resp.StatusCode)
			}
			tests := []struct {
				name, password string
				status         int
			}{
				{"anne", "wrong password", 401},
				{"nobody", "correct horse", 401},
				{"anne", "correct horse", 303},
			}
			for _, tt := range tests {
				resp, err := c.PostForm(s.URL+"/login", url.Values{"name": {tt.name}, "password": {tt.password}, "next": {"//evil.example/"}})
				page := body(t, resp, err)
				if resp.StatusCode != tt.status {
					t.Errorf("login %s/%s: got %d, want %d", tt.name, tt.password, resp.StatusCode, tt.status)
				}
				if tt.status == 401 && !strings.Contains(page, "Invalid user name or password") {
					t.Errorf("login %s: no error message", tt.name)
				}
				if tt.status == 303 && resp.Header.Get("Location") != "/" {
					t.Errorf("login redirected to %q, want / (never off-site)", resp.Header.Get("Location"))
				}
			}
		})
	}
}

func TestPages(t *testing.T) {
	files := []string{"cameras/Canon_40D.jpg", "cameras/jolla.jpg", "gps/GPS.jpg", "iptc-xmp/iptc.jpg", "pdf/PDF.pdf"}
	for name, s := range newSites(t, files...) {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			home := get(t, c, s.URL+"/")
			for _, want := range []string{">Tests<", "5 items", "Latest additions", `srcset="/i/`} {
				if !strings.Contains(home, want) {
					t.Errorf("home: no %q", want)
				}
			}
			album := regexp.MustCompile(`href="/albums/(\d+)"`).FindAllStringSubmatch(home, -1)
			if len(album) == 0 {
				t.Fatal("home links to no album")
			}
			page := get(t, c, s.URL+"/albums/"+album[0][1])
			if !strings.Contains(page, "Caméras") {
				t.Errorf("album Tests: no sub-album Caméras")
			}
			sub := regexp.MustCompile(`href="/albums/(\d+)"`).FindAllStringSubmatch(page, -1)
			page = get(t, c, s.URL+"/albums/"+sub[len(sub)-1][1])
			cards := regexp.MustCompile(`href="/m/([a-z0-9]+)\?album=\d+"`).FindAllStringSubmatch(page, -1)
			if len(cards) != 5 {
				t.Fatalf("album Caméras: got %d cards, want 5", len(cards))
			}
			var gpsPage string
			for _, card := range cards {
				p := get(t, c, s.URL+"/m/"+card[1])
				if strings.Contains(p, "openstreetmap.org/?mlat=54.98") {
					gpsPage = p
				}
			}
			if gpsPage == "" || !strings.Contains(gpsPage, "Communications") {
				t.Errorf("GPS.jpg page: want an OpenStreetMap link and its tag")
			}
			if tp := get(t, c, s.URL+"/tags/Communications"); !strings.Contains(tp, "<h1>Communications</h1>") || !strings.Contains(tp, `href="/m/`) {
				t.Errorf("tag page: no heading or item")
			}
			tl := get(t, c, s.URL+"/timeline")
			if !strings.Contains(tl, `id="m2002-07"`) {
				t.Errorf("timeline: no July 2002 group for GPS.jpg")
			}
			for _, path := range []string{"/albums/999999", "/m/nosuchkey", "/nothing/here", "/albums/abc"} {
				resp, err := c.Get(s.URL + path)
				if b := body(t, resp, err); resp.StatusCode != 404 || !strings.Contains(b, "Page not found") || !strings.Contains(b, "Sign out") {
					t.Errorf("GET %s: got %d, want the 404 page with the signed-in menu", path, resp.StatusCode)
				}
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			req, _ := http.NewRequest("GET", s.URL+"/", nil)
			req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9")
			if page := do(t, c, req); !strings.Contains(page, `<html lang="fr">`) {
				t.Errorf("Accept-Language fr: page not in French")
			}
			resp, err := c.PostForm(s.URL+"/lang", url.Values{"lang": {"fr"}, "next": {"/timeline"}})
			page := body(t, resp, err)
			if resp.Request.URL.Path != "/timeline" || !strings.Contains(page, `<html lang="fr">`) || !strings.Contains(page, "Chronologie") {
				t.Errorf("after choosing French: path %s, page not French", resp.Request.URL.Path)
			}
		})
	}
}

func TestFilesNeedSession(t *testing.T) {
	for name, s := range newSites(t, "cameras/Canon_40D.jpg", "malicious/SVG_XSS1.svg") {
		t.Run(name, func(t *testing.T) {
			var keys []string
			s.store.EachMedia(context.Background(), func(m gallery.Media) error { keys = append(keys, m.Key); return nil })
			anon := s.client(false)
			c := s.signedIn(t)
			for _, k := range keys {
				for _, f := range []string{"original", "medium.jpg"} {
					resp, err := anon.Get(s.URL + "/i/" + k + "/" + f)
					body(t, resp, err)
					if resp.StatusCode != 404 {
						t.Errorf("signed out GET %s/%s: got %d, want 404", k, f, resp.StatusCode)
					}
				}
				resp, err := c.Get(s.URL + "/i/" + k + "/original")
				body(t, resp, err)
				// Checked with the server on each use: signing out or a
				// change of rights must not leave it readable in a cache.
				if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "private, no-cache" {
					t.Errorf("signed in original %s: got %d, %q", k, resp.StatusCode, resp.Header.Get("Cache-Control"))
				}
				if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "svg") {
					t.Errorf("SVG original served as %s", ct)
				}
			}
		})
	}
}

// TestCSRF refuses state changes without the session's token.
func TestCSRF(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			for _, token := range []string{"", "forged"} {
				resp, err := c.PostForm(s.URL+"/logout", url.Values{"csrf": {token}})
				body(t, resp, err)
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("logout with token %q: got %d, want 403", token, resp.StatusCode)
				}
			}
		})
	}
}

// TestHostileMetadata shows files whose every metadata field holds a
// script: pages must carry them as text, never as markup.
func TestHostileMetadata(t *testing.T) {
	for name, s := range newSites(t, "malicious/payload_in_all_known_metadata.jpg", "malicious/xss_comment_exif_metadata_double_quote.png") {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			var pages []string
			s.store.EachMedia(context.Background(), func(m gallery.Media) error {
				pages = append(pages, "/m/"+m.Key)
				return nil
			})
			pages = append(pages, "/", "/timeline")
			for _, p := range pages {
				page := get(t, c, s.URL+p)
				low := strings.ToLower(page)
				for _, bad := range []string{"<script>alert", "<script >", "onerror=", "<svg/onload", "javascript:alert"} {
					if strings.Contains(low, bad) {
						i := strings.Index(low, bad)
						t.Errorf("%s: markup from metadata came through: …%s…", p, page[max(0, i-80):min(len(page), i+80)])
					}
				}
			}
		})
	}
}

// camerasAlbum returns the album newSites imports into, "Tests/Caméras".
func (s *site) camerasAlbum(t *testing.T) *gallery.Album {
	t.Helper()
	_, byID, err := s.store.AlbumNodes(context.Background(), &gallery.Access{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range byID {
		if a.Name == "Caméras" {
			return a
		}
	}
	t.Fatal("no album Caméras")
	return nil
}
