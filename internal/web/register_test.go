package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"imagier/internal/gallery"
)

// TestRegister covers the ways in: self-registration off, with approval
// and open; and an invitation link, which works once and puts the new
// account in its group.
func TestRegister(t *testing.T) {
	ctx := context.Background()
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			admin := s.signedIn(t)
			csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(get(t, admin, s.URL+"/admin/settings"))[1]
			setMode := func(mode string) {
				resp, err := admin.PostForm(s.URL+"/admin/settings", url.Values{"csrf": {csrf}, "registration": {mode}, "guest_access": {"1"}})
				body(t, resp, err)
			}
			visitor := s.client(false)
			post := func(path, name string) (int, string) {
				resp, err := visitor.PostForm(s.URL+path, url.Values{"name": {name}, "password": {"a long password"}})
				b := body(t, resp, err)
				return resp.StatusCode, b
			}
			if st, _ := post("/register", "early"); st != 404 {
				t.Errorf("registration off: got %d", st)
			}
			setMode("approval")
			if st, page := post("/register", "bea"); st != 200 || !strings.Contains(page, "administrator still has to approve it") {
				t.Fatalf("registration with approval: got %d", st)
			}
			resp, err := visitor.PostForm(s.URL+"/login", url.Values{"name": {"bea"}, "password": {"a long password"}})
			body(t, resp, err)
			if resp.StatusCode != 401 {
				t.Errorf("awaiting account signed in: %d", resp.StatusCode)
			}
			if p := get(t, admin, s.URL+"/admin/people"); !strings.Contains(p, "/approve") {
				t.Fatal("awaiting account not listed")
			}
			bea, err := s.store.UserByName(ctx, "bea")
			if err != nil {
				t.Fatal(err)
			}
			admin.PostForm(s.URL+"/admin/users/"+itoa(bea.ID)+"/approve", url.Values{"csrf": {csrf}})
			resp, err = visitor.PostForm(s.URL+"/login", url.Values{"name": {"bea"}, "password": {"a long password"}})
			body(t, resp, err)
			if resp.StatusCode != 303 {
				t.Errorf("approved account cannot sign in: %d", resp.StatusCode)
			}
			setMode("open")
			if st, _ := s.client(false).PostForm(s.URL+"/register", url.Values{"name": {"carl"}, "password": {"a long password"}}); st.StatusCode != 303 {
				t.Errorf("open registration: got %d", st.StatusCode)
			}
			if st, page := post("/register", "carl"); st != 400 || !strings.Contains(page, "already taken") {
				t.Errorf("a taken name: got %d", st)
			}
			setMode("off")

			// An invitation into a group.
			gid, err := s.store.CreateGroup(ctx, "Famille")
			if err != nil {
				t.Fatal(err)
			}
			resp, err = admin.PostForm(s.URL+"/admin/invitations", url.Values{"csrf": {csrf}, "note": {"for Dana"}, "group": {itoa(gid)}})
			page := body(t, resp, err)
			m := regexp.MustCompile(`/invite/([A-Za-z0-9_-]+)</code>`).FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no invitation link shown")
			}
			link := "/invite/" + m[1]
			if p := get(t, s.client(false), s.URL+link); !strings.Contains(p, `action="`+link+`"`) {
				t.Fatal("invitation page has no form")
			}
			invited := s.client(false)
			resp, err = invited.PostForm(s.URL+link, url.Values{"name": {"dana"}, "password": {"a long password"}})
			body(t, resp, err)
			if resp.StatusCode != 303 || len(resp.Cookies()) == 0 {
				t.Fatalf("accepting the invitation: got %d", resp.StatusCode)
			}
			dana, err := s.store.UserByName(ctx, "dana")
			if err != nil || len(dana.Groups) != 1 || dana.Groups[0] != gid || dana.Role != gallery.RoleNormal {
				t.Errorf("invited account: %+v %v", dana, err)
			}
			if st, _ := post(link, "eve"); st != 404 {
				t.Errorf("an invitation used twice: got %d", st)
			}
		})
	}
}
