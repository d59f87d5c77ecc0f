package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// TestEmptyStates checks what an empty library, album and timeline offer,
// right after the first account is made: web actions (Add photos, Create
// an album), never a terminal command, and to each caller only the
// actions they may take. A guest with nothing to see gets a sentence.
func TestEmptyStates(t *testing.T) {
	ctx := context.Background()
	mainOf := regexp.MustCompile(`(?s)<main[^>]*>(.*)</main>`)
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			// page returns the main content of a page, which must answer
			// 200.
			page := func(who string, c *http.Client, path string) string {
				t.Helper()
				resp, err := c.Get(s.URL + path)
				b := body(t, resp, err)
				if resp.StatusCode != 200 {
					t.Fatalf("%s, %s: got status %d, want 200", who, path, resp.StatusCode)
				}
				m := mainOf.FindStringSubmatch(b)
				if m == nil {
					t.Fatalf("%s, %s: no main element", who, path)
				}
				if strings.Contains(m[1], "imagier ") {
					t.Errorf("%s, %s: the page points to a terminal command: %s", who, path, m[1])
				}
				return m[1]
			}
			offers := func(who, path, main, action string, want bool) {
				t.Helper()
				if got := strings.Contains(main, action); got != want {
					t.Errorf("%s, %s: offers %s: %v, want %v", who, path, action, got, want)
				}
			}
			upload := `href="/upload"`

			admin := s.signedIn(t)
			home := page("webmaster", admin, "/")
			offers("webmaster", "/", home, upload, true)
			offers("webmaster", "/", home, `href="#new-album"`, true)
			offers("webmaster", "/", home, `id="new-album"`, true)
			offers("webmaster", "/timeline", page("webmaster", admin, "/timeline"), upload, true)

			cli := service.CommandLine([]string{"test"})
			if err := s.svc.SaveSettings(ctx, cli, service.SettingsForm{Guests: true, Registration: service.RegistrationOff}); err != nil {
				t.Fatal(err)
			}
			id, err := s.svc.CreateAlbum(ctx, cli, 0, "Fête de la musique")
			if err != nil {
				t.Fatal(err)
			}
			album := "/albums/" + itoa(id)
			into := `href="/upload?album=` + itoa(id) + `"`
			offers("webmaster", album, page("webmaster", admin, album), into, true)

			signIn := func(name string, perms gallery.Perm) *http.Client {
				t.Helper()
				u, err := s.svc.AddUser(ctx, cli, service.UserForm{Name: name, Password: "correct horse", Role: gallery.RoleNormal})
				if err != nil {
					t.Fatal(err)
				}
				if perms != 0 {
					if err := s.svc.Grant(ctx, cli, id, service.Grantee{User: u.ID}, perms); err != nil {
						t.Fatal(err)
					}
				}
				c := s.client(true)
				resp, err := c.PostForm(s.URL+"/login", url.Values{"name": {name}, "password": {"correct horse"}})
				body(t, resp, err)
				return c
			}
			colette := signIn("colette", gallery.PermView|gallery.PermContribute)
			offers("contributor", album, page("contributor", colette, album), into, true)
			offers("contributor", "/timeline", page("contributor", colette, "/timeline"), upload, true)

			for who, perms := range map[string]gallery.Perm{"viewer": gallery.PermView, "editor": gallery.PermView | gallery.PermEdit} {
				c := signIn(who, perms)
				a := page(who, c, album)
				offers(who, album, a, "/upload", false)
				if !strings.Contains(a, `class="empty"`) {
					t.Errorf("%s, %s: no sentence saying the album is empty", who, album)
				}
				offers(who, "/timeline", page(who, c, "/timeline"), "/upload", false)
			}

			zoe := signIn("zoe", 0)
			h := page("a user with nothing shared", zoe, "/")
			offers("a user with nothing shared", "/", h, "/upload", false)
			offers("a user with nothing shared", "/", h, `class="empty"`, true)

			guest := s.client(true)
			h = page("guest", guest, "/")
			offers("guest", "/", h, "/upload", false)
			offers("guest", "/", h, "new-album", false)
			offers("guest", "/", h, `class="empty"`, true)
		})
	}
}
