package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

// TestAPIKeys makes keys through the account page and uses them the way a
// script does: a read-only key reads what its user sees and changes
// nothing; a read-write key needs no CSRF token; revoked and expired keys
// open nothing; a key never manages its own account.
func TestAPIKeys(t *testing.T) {
	ctx := context.Background()
	for name, s := range newSites(t, "cameras/Canon_40D.jpg") {
		t.Run(name, func(t *testing.T) {
			admin := s.signedIn(t)
			album := s.camerasAlbum(t)
			hash, _ := auth.HashPassword("correct horse")
			paul := &gallery.User{Name: "paul", Role: gallery.RoleNormal, PasswordHash: hash}
			if err := s.store.AddUser(ctx, paul); err != nil {
				t.Fatal(err)
			}
			if err := s.store.SetGrant(ctx, album.ParentID, paul.ID, 0, gallery.PermView); err != nil {
				t.Fatal(err)
			}
			if err := s.store.SetGrant(ctx, album.ID, paul.ID, 0, gallery.PermView|gallery.PermEdit); err != nil {
				t.Fatal(err)
			}
			pc := s.client(true)
			pc.PostForm(s.URL+"/login", url.Values{"name": {"paul"}, "password": {"correct horse"}})
			page := get(t, pc, s.URL+"/account")
			csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
			makeKey := func(access string) string {
				resp, err := pc.PostForm(s.URL+"/account/keys", url.Values{"csrf": {csrf}, "name": {"script " + access}, "access": {access}, "days": {"30"}, "password": {"correct horse"}})
				page := body(t, resp, err)
				m := regexp.MustCompile(`<code>(imk_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(page)
				if m == nil {
					t.Fatalf("no key shown after making one: %d", resp.StatusCode)
				}
				return m[1]
			}
			ro, rw := makeKey("read"), makeKey("write")
			call := func(key, method, path string, form url.Values) (int, string) {
				var req *http.Request
				if form != nil {
					req, _ = http.NewRequest(method, s.URL+path, strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				} else {
					req, _ = http.NewRequest(method, s.URL+path, nil)
				}
				req.Header.Set("Authorization", "Bearer "+key)
				resp, err := s.client(false).Do(req)
				b := body(t, resp, err)
				return resp.StatusCode, b
			}
			albumPath := "/albums/" + itoa(album.ID)
			if st, page := call(ro, "GET", albumPath, nil); st != 200 || !strings.Contains(page, "Caméras") {
				t.Fatalf("read-only key, granted album: got %d", st)
			}
			key := regexp.MustCompile(`/m/([A-Za-z0-9_-]+)`).FindStringSubmatch(get(t, admin, s.URL+albumPath))[1]
			if st, _ := call(ro, "GET", "/i/"+key+"/thumb.jpg", nil); st != 200 {
				t.Errorf("read-only key, thumbnail: got %d", st)
			}
			tagForm := url.Values{"ids": {key}, "tags": {"by-script"}}
			if st, _ := call(ro, "POST", "/batch/tag", tagForm); st != 404 {
				t.Errorf("read-only key, batch: got %d, want 404", st)
			}
			if st, _ := call(rw, "POST", "/batch/tag", tagForm); st != 303 {
				t.Errorf("read-write key, batch without a CSRF token: got %d, want 303", st)
			}
			if st, _ := call(ro, "GET", "/tags/by-script", nil); st != 200 {
				t.Errorf("the read-write key's tag is not there: %d", st)
			}
			if st, _ := call(rw, "POST", "/account/keys", url.Values{"name": {"more"}, "password": {"correct horse"}}); st != 404 {
				t.Errorf("a key making keys: got %d, want 404", st)
			}
			if st, _ := call(rw, "GET", "/admin/people", nil); st != 404 {
				t.Errorf("a normal user's key on an admin page: got %d, want 404", st)
			}
			// Revoked: the key opens nothing, like a wrong one.
			keys, _ := s.store.APIKeys(ctx, paul.ID)
			for _, k := range keys {
				if !k.ReadOnly {
					if _, err := pc.PostForm(s.URL+"/account/keys/"+itoa(k.ID)+"/revoke", url.Values{"csrf": {csrf}}); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, k := range []string{rw, "imk_not-a-key", "not even the prefix"} {
				if st, _ := call(k, "GET", albumPath, nil); st != http.StatusSeeOther {
					t.Errorf("key %.8s…: got %d, want the sign-in redirect", k, st)
				}
			}
			// Expired: made directly with a past expiry.
			secret, h, _ := auth.NewAPIKey()
			past := time.Now().Add(-time.Hour)
			if err := s.store.AddAPIKey(ctx, &gallery.APIKey{UserID: paul.ID, Name: "old", ReadOnly: true, ExpiresAt: &past}, h); err != nil {
				t.Fatal(err)
			}
			if st, _ := call(secret, "GET", albumPath, nil); st != http.StatusSeeOther {
				t.Errorf("expired key: got %d", st)
			}
			// A disabled account's keys stop working.
			paul.Disabled = true
			if err := s.store.UpdateUser(ctx, *paul); err != nil {
				t.Fatal(err)
			}
			if st, _ := call(ro, "GET", albumPath, nil); st != http.StatusSeeOther {
				t.Errorf("disabled account's key: got %d", st)
			}
		})
	}
}

// TestIPBlockList blocks an address and a network from the settings page:
// their requests are refused, sign-in included; others go on; the admin
// cannot block their own address.
func TestIPBlockList(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			admin := s.signedIn(t)
			page := get(t, admin, s.URL+"/admin/settings")
			csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
			block := func(network string) string {
				resp, err := admin.PostForm(s.URL+"/admin/blocks", url.Values{"csrf": {csrf}, "network": {network}, "note": {"test"}})
				return body(t, resp, err)
			}
			block("203.0.113.7")
			block("2001:db8:1::/48")
			// An IPv4-mapped entry blocks the IPv4 addresses it maps.
			block("::ffff:198.51.100.0/120")
			if p := block("127.0.0.1"); !strings.Contains(p, "would block your own address") {
				t.Errorf("blocking one's own address was not refused")
			}
			if p := block("not an address"); !strings.Contains(p, "Give an address") {
				t.Errorf("a malformed network was not refused")
			}
			from := func(addr, path string) int {
				req, _ := http.NewRequest("GET", s.URL+path, nil)
				req.Header.Set("X-Forwarded-For", addr)
				resp, err := s.client(false).Do(req)
				body(t, resp, err)
				return resp.StatusCode
			}
			for addr, want := range map[string]int{
				"203.0.113.7": 403, "203.0.113.8": 200, "2001:db8:1:2::5": 403, "2001:db8:2::5": 200, "::ffff:203.0.113.7": 403,
				"198.51.100.7": 403, "198.51.101.7": 200,
			} {
				if got := from(addr, "/login"); got != want {
					t.Errorf("%s: got %d, want %d", addr, got, want)
				}
			}
			blocks, _ := s.store.IPBlocks(context.Background())
			for _, b := range blocks {
				admin.PostForm(s.URL+"/admin/blocks/"+itoa(b.ID)+"/delete", url.Values{"csrf": {csrf}})
			}
			if got := from("203.0.113.7", "/login"); got != 200 {
				t.Errorf("after unblocking: got %d", got)
			}
			if p := get(t, admin, s.URL+"/admin/audit?action=ip"); !strings.Contains(p, "ip.block") || !strings.Contains(p, "ip.unblock") {
				t.Errorf("blocks not in the audit log")
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
