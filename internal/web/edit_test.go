package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

func TestEditAndTrash(t *testing.T) {
	files := []string{"cameras/Canon_40D.jpg", "cameras/Nikon_D70.jpg", "cameras/Sony_HDR-HC3.jpg", "cameras/Pentax_K10D.jpg", "cameras/Olympus_C8080WZ.jpg", "cameras/Kodak_CX7530.jpg"}
	for name, s := range newSites(t, files...) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := s.signedIn(t)
			csrf := csrfOf(t, s, c)
			var keys []string
			s.store.EachMedia(ctx, func(m gallery.Media) error { keys = append(keys, m.Key); return nil })
			post := func(path string, v url.Values) *http.Response {
				t.Helper()
				v.Set("csrf", csrf)
				resp, err := c.PostForm(s.URL+path, v)
				body(t, resp, err)
				return resp
			}
			// Edit one item.
			resp := post("/m/"+keys[0]+"/edit", url.Values{"title": {"Fête des Lumières <b>"}, "alt_text": {"Lanternes"}, "tags": {"lyon, nuit"},
				"taken": {"2024-12-08T21:30"}, "lat": {"45.7579"}, "lon": {"4,8320"}})
			if resp.StatusCode != 200 {
				t.Fatalf("edit: got %d", resp.StatusCode)
			}
			page := get(t, c, s.URL+"/m/"+keys[0])
			for _, want := range []string{"Fête des Lumières &lt;b&gt;", `alt="Lanternes"`, "nuit", "mlat=45.757900", "2024"} {
				if !strings.Contains(page, want) {
					t.Errorf("after edit, page lacks %q", want)
				}
			}
			// Tag five at once.
			v := url.Values{"tags": {"sélection"}, "ids": keys[1:6]}
			if resp := post("/batch/tag", v); resp.StatusCode != 200 {
				t.Fatalf("batch tag: got %d", resp.StatusCode)
			}
			n := 0
			s.store.EachMedia(ctx, func(m gallery.Media) error {
				if slices.Contains(m.Tags, "sélection") {
					n++
				}
				return nil
			})
			if n != 5 {
				t.Fatalf("batch tag: %d items tagged, want 5", n)
			}
			// Delete one, find it in the trash, restore it.
			post("/batch/delete", url.Values{"ids": {keys[2]}, "confirmed": {"1"}})
			if p := get(t, c, s.URL+"/trash"); !strings.Contains(p, keys[2]) {
				t.Fatal("deleted item not in the trash")
			}
			resp, err := c.Get(s.URL + "/m/" + keys[2])
			body(t, resp, err)
			if resp.StatusCode != 404 {
				t.Errorf("page of a trashed item: got %d, want 404", resp.StatusCode)
			}
			post("/batch/restore", url.Values{"ids": {keys[2]}})
			if p := get(t, c, s.URL+"/trash"); strings.Contains(p, keys[2]) {
				t.Fatal("restored item still in the trash")
			}
			// Albums: create, then the same name again is said plainly.
			post("/albums", url.Values{"name": {"Lyon"}})
			resp = post("/albums", url.Values{"name": {"Lyon"}})
			if p := get(t, c, resp.Request.URL.String()); !strings.Contains(p, "already there") {
				t.Errorf("second album of the same name: no message")
			}
			// A normal user granted the album sees its pages but no
			// forms, and edits nothing.
			hash, _ := auth.HashPassword("correct horse")
			paul := &gallery.User{Name: "paul", Role: gallery.RoleNormal, PasswordHash: hash}
			if err := s.store.AddUser(ctx, paul); err != nil {
				t.Fatal(err)
			}
			_, byID, err := s.store.AlbumNodes(ctx, &gallery.Access{All: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range byID {
				if err := s.store.SetGrant(ctx, a.ID, paul.ID, 0, gallery.PermView); err != nil {
					t.Fatal(err)
				}
			}
			pc := s.client(true)
			pc.PostForm(s.URL+"/login", url.Values{"name": {"paul"}, "password": {"correct horse"}})
			mp := get(t, pc, s.URL+"/m/"+keys[0])
			if strings.Contains(mp, "/edit") || !strings.Contains(mp, "Lanternes") {
				t.Errorf("normal user: edit form shown, or page missing")
			}
			pcsrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(mp)[1]
			for _, path := range []string{"/m/" + keys[0] + "/edit", "/batch/delete", "/albums"} {
				resp, err := pc.PostForm(s.URL+path, url.Values{"csrf": {pcsrf}, "title": {"hacked"}, "name": {"hacked"}, "ids": {keys[0]}})
				body(t, resp, err)
				if resp.StatusCode != 404 {
					t.Errorf("normal user POST %s: got %d, want 404", path, resp.StatusCode)
				}
			}
			for _, path := range []string{"/trash", "/upload"} {
				resp, err := pc.Get(s.URL + path)
				body(t, resp, err)
				if resp.StatusCode != 404 {
					t.Errorf("normal user GET %s: got %d, want 404", path, resp.StatusCode)
				}
			}
		})
	}
}
