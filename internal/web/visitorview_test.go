package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestViewAsVisitor: staff previewing the site as a visitor get a guest's
// rights on every page and file — never a private album, item or
// original — until they leave the preview; for anyone else the preview's
// cookie changes nothing.
func TestViewAsVisitor(t *testing.T) {
	for name, f := range newMatrixFixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, r := range []role{roleAdmin, roleEditor} {
				c, csrf := f.signIn(t, r)
				post := func(as string) {
					t.Helper()
					resp, err := c.PostForm(f.s.URL+"/view-as", url.Values{"csrf": {csrf}, "as": {as}, "next": {"/timeline"}})
					body(t, resp, err)
					if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/timeline" {
						t.Fatalf("%s: view as %q: got %d to %q, want 303 to /timeline", r, as, resp.StatusCode, resp.Header.Get("Location"))
					}
				}
				status := func(path string) (int, string) {
					resp, err := c.Get(f.s.URL + path)
					b := body(t, resp, err)
					return resp.StatusCode, b
				}
				// The preview is offered on the pages visitors may see,
				// not on staff pages, which have no visitor's view.
				if _, b := status("/timeline"); !strings.Contains(b, `class="view-as"`) {
					t.Errorf("%s, timeline: no offer to view it as a visitor", r)
				}
				if _, b := status("/account"); strings.Contains(b, `class="view-as"`) {
					t.Errorf("%s, account page: offers to view it as a visitor", r)
				}
				post("visitor")
				for _, path := range []string{"/", "/timeline", "/tags", "/feed.atom"} {
					code, b := status(path)
					if code != http.StatusOK {
						t.Errorf("%s as a visitor, %s: got %d, want 200", r, path, code)
					}
					f.checkLeaks(t, roleGuest, string(r)+" as a visitor, "+path, b)
					if strings.HasSuffix(path, "/") && !strings.Contains(b, `class="visitor-view"`) {
						t.Errorf("%s as a visitor, %s: no banner saying so", r, path)
					}
				}
				for _, v := range allVis {
					want := http.StatusNotFound
					if can(sees, roleGuest, v) {
						want = http.StatusOK
					}
					if id, ok := f.albums[v]; ok {
						if code, b := status("/albums/" + itoa(id)); code != want {
							t.Errorf("%s as a visitor, album %s: got %d, want %d", r, v, code, want)
						} else if code == http.StatusOK {
							f.checkLeaks(t, roleGuest, string(r)+" as a visitor, album "+string(v), b)
						}
					}
					m, ok := f.items[v]
					if !ok {
						continue
					}
					if code, _ := status("/m/" + m.Key); code != want {
						t.Errorf("%s as a visitor, item %s: got %d, want %d", r, v, code, want)
					}
					if code, _ := status("/i/" + m.Key + "/medium.jpg"); code != want {
						t.Errorf("%s as a visitor, thumbnail of %s: got %d, want %d", r, v, code, want)
					}
					wantOriginal := http.StatusNotFound
					if can(downloads, roleGuest, v) {
						wantOriginal = http.StatusOK
					}
					if code, _ := status("/i/" + m.Key + "/original"); code != wantOriginal {
						t.Errorf("%s as a visitor, original of %s: got %d, want %d", r, v, code, wantOriginal)
					}
				}
				// Leaving the preview gives the caller their own view back.
				post("")
				own := visEdited
				if r.isAdmin() {
					own = visHidden
				}
				if code, b := status("/albums/" + itoa(f.albums[own])); code != http.StatusOK || strings.Contains(b, `class="visitor-view"`) {
					t.Errorf("%s after the preview, album %s: got %d (banner %t), want 200 without a banner", r, own, code, strings.Contains(b, `class="visitor-view"`))
				}
			}
			// For a user who is not staff, the cookie is ignored (their
			// own rights stay) and the preview cannot be started.
			c, csrf := f.signIn(t, roleNormal)
			u, _ := url.Parse(f.s.URL)
			c.Jar.SetCookies(u, []*http.Cookie{{Name: viewCookie, Value: "visitor", Path: "/"}})
			resp, err := c.Get(f.s.URL + "/albums/" + itoa(f.albums[visUser]))
			b := body(t, resp, err)
			if resp.StatusCode != http.StatusOK || strings.Contains(b, `class="visitor-view"`) {
				t.Errorf("normal user with the cookie, own album: got %d (banner %t), want 200 without a banner", resp.StatusCode, strings.Contains(b, `class="visitor-view"`))
			}
			resp, err = c.PostForm(f.s.URL+"/view-as", url.Values{"csrf": {csrf}, "as": {"visitor"}, "next": {"/"}})
			body(t, resp, err)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("normal user starting a preview: got %d, want 404", resp.StatusCode)
			}
		})
	}
}
