package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// TestErrorsForPeople provokes refusals — an upload over the quota, an
// album name too long, an album that does not exist, a file that is no
// photo, a form that makes no sense — as a French speaker, and requires
// each answer to be the French sentence of the catalogue, never the
// server's own words.
func TestErrorsForPeople(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	fr, en := bundle.Localizer(language.French), bundle.Localizer(language.English)
	// french is the sentence a French speaker must get for msgid, which
	// must be translated.
	french := func(msgid string, args ...any) string {
		t.Helper()
		s := fr.T(msgid, args...)
		if s == en.T(msgid, args...) {
			t.Fatalf("%q has no French translation", msgid)
		}
		return s
	}
	for name, s := range newSites(t, "cameras/jolla.jpg") {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			inFrench := func(c *http.Client) *http.Client {
				u, _ := url.Parse(s.URL)
				c.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: "fr"}})
				return c
			}
			anne := inFrench(s.signedIn(t))
			admin := service.CommandLine([]string{"test"})
			album := s.camerasAlbum(t)
			quota := int64(1000)
			colette, err := s.svc.AddUser(ctx, admin, service.UserForm{Name: "colette", Password: "correct horse", Role: gallery.RoleNormal, Quota: &quota})
			if err != nil {
				t.Fatal(err)
			}
			parent, err := s.svc.AlbumByPath(ctx, admin, "Tests")
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range []struct {
				album int64
				perms gallery.Perm
			}{{parent.ID, gallery.PermView}, {album.ID, gallery.PermView | gallery.PermContribute}} {
				if err := s.svc.Grant(ctx, admin, g.album, service.Grantee{User: colette.ID}, g.perms); err != nil {
					t.Fatal(err)
				}
			}
			contributor := inFrench(s.client(true))
			if resp, err := contributor.PostForm(s.URL+"/login", url.Values{"name": {"colette"}, "password": {"correct horse"}}); err != nil || resp.StatusCode != 200 {
				t.Fatalf("colette signs in: %v %v", resp, err)
			} else {
				resp.Body.Close()
			}

			start := func(c *http.Client, req map[string]any) (int, string) {
				t.Helper()
				body, _ := json.Marshal(req)
				resp, out := apiDo(t, c, "POST", s.URL+"/api/uploads", csrfOf(t, s, c), map[string]string{"Content-Type": "application/json"}, body)
				msg, _ := out["error"].(string)
				return resp.StatusCode, msg
			}
			for _, tt := range []struct {
				what   string
				c      *http.Client
				req    map[string]any
				status int
				want   string
			}{
				{"an upload over the quota", contributor, map[string]any{"name": "grande.jpg", "size": 5000, "album": album.ID},
					http.StatusRequestEntityTooLarge, french("This file would go over your storage quota: %s used of %s.", fr.Bytes(0), fr.Bytes(quota))},
				{"an album name too long", anne, map[string]any{"name": "a.jpg", "size": 10, "new_album": strings.Repeat("Fête ", 60)},
					http.StatusBadRequest, french("An album name cannot be empty, contain “/”, or be longer than 255 characters.")},
				{"an album that does not exist", contributor, map[string]any{"name": "a.jpg", "size": 10, "album": 999999},
					http.StatusNotFound, french("You cannot upload into this album.")},
				{"an empty file", contributor, map[string]any{"name": "vide.jpg", "size": 0, "album": album.ID},
					http.StatusBadRequest, french("The file is empty.")},
			} {
				if status, msg := start(tt.c, tt.req); status != tt.status || msg != tt.want {
					t.Errorf("%s: got %d %q, want %d %q", tt.what, status, msg, tt.status, tt.want)
				}
			}

			// A file that is no photo: its reason is a French sentence, not
			// the decoder's words.
			csrf := csrfOf(t, s, anne)
			bad := []byte("\xff\xd8\xff\xe0 pas vraiment un JPEG")
			js, _ := json.Marshal(map[string]any{"name": "cassée.jpg", "size": len(bad), "album": album.ID})
			_, out := apiDo(t, anne, "POST", s.URL+"/api/uploads", csrf, map[string]string{"Content-Type": "application/json"}, js)
			id, _ := out["id"].(string)
			apiDo(t, anne, "PATCH", s.URL+"/api/uploads/"+id, csrf, map[string]string{"Upload-Offset": "0"}, bad)
			resp, out := apiDo(t, anne, "POST", s.URL+"/api/uploads/"+id+"/finish", csrf, nil, nil)
			if want := french("This file is not a photo or a video Imagier can read, or it is damaged."); resp.StatusCode != 422 || out["reason"] != want {
				t.Errorf("a file that is no photo: got %d %v, want 422 and reason %q", resp.StatusCode, out, want)
			}

			// Forms: an album name too long comes back to the page with
			// the sentence; publishing what waits for no review answers a
			// page with one.
			resp, err = anne.PostForm(s.URL+"/albums", url.Values{"csrf": {csrf}, "name": {strings.Repeat("x", 300)}})
			page := body(t, resp, err)
			if want := french("An album name cannot be empty, contain “/”, or be longer than 255 characters."); !strings.Contains(html.UnescapeString(page), want) {
				t.Errorf("album form with a name too long: the page lacks %q", want)
			}
			var key string
			s.store.EachMedia(ctx, func(m gallery.Media) error { key = m.Key; return nil })
			resp, err = anne.PostForm(s.URL+"/admin/review/publish", url.Values{"csrf": {csrf}, "ids": {key}})
			page = body(t, resp, err)
			if want := french("That is not possible."); resp.StatusCode != 400 || !strings.Contains(html.UnescapeString(page), want) || !strings.Contains(page, `lang="fr"`) {
				t.Errorf("publishing an item that waits for no review: got %d, want 400 and a French page saying %q: %.300s", resp.StatusCode, want, page)
			}
			for _, raw := range []string{"invalid", "not waiting for review", "Bad Request"} {
				if strings.Contains(page, raw) {
					t.Errorf("the error page shows the server's words %q", raw)
				}
			}
		})
	}
}
