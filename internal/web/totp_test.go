package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// TestTOTP turns two-step sign-in on from the account page, then signs in:
// the password alone opens nothing, a wrong code is refused, the right one
// opens a session, and the same code does not work twice.
func TestTOTP(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			c := s.signedIn(t)
			csrfOf := func(page string) string {
				return regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
			}
			csrf := csrfOf(get(t, c, s.URL+"/account"))
			resp, err := c.PostForm(s.URL+"/account/totp/start", url.Values{"csrf": {csrf}})
			page := body(t, resp, err)
			m := regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`).FindStringSubmatch(page)
			if m == nil || !strings.Contains(page, "otpauth://totp/") {
				t.Fatalf("no secret or otpauth link shown")
			}
			secret := m[1]
			// A wrong code leaves it off.
			c.PostForm(s.URL+"/account/totp/confirm", url.Values{"csrf": {csrf}, "secret": {secret}, "code": {"000000"}, "current": {"correct horse"}})
			if p := get(t, c, s.URL+"/account"); !strings.Contains(p, "/account/totp/start") {
				t.Fatal("a wrong code turned two-step sign-in on")
			}
			// The previous step's code: the one used at sign-in must be
			// a later one, or it would count as replayed.
			code, _ := totp.GenerateCode(secret, time.Now().Add(-30*time.Second))
			// Without the password, the right code is not enough.
			c.PostForm(s.URL+"/account/totp/confirm", url.Values{"csrf": {csrf}, "secret": {secret}, "code": {code}, "current": {"not my password"}})
			if p := get(t, c, s.URL+"/account"); !strings.Contains(p, "/account/totp/start") {
				t.Fatal("a wrong password turned two-step sign-in on")
			}
			c.PostForm(s.URL+"/account/totp/confirm", url.Values{"csrf": {csrf}, "secret": {secret}, "code": {code}, "current": {"correct horse"}})
			if p := get(t, c, s.URL+"/account"); !strings.Contains(p, "/account/totp/off") {
				t.Fatal("two-step sign-in did not turn on")
			}

			fresh := s.client(false)
			resp, err = fresh.PostForm(s.URL+"/login", url.Values{"name": {"anne"}, "password": {"correct horse"}})
			page = body(t, resp, err)
			pm := regexp.MustCompile(`name="pending" value="([^"]+)"`).FindStringSubmatch(page)
			if resp.StatusCode != 200 || pm == nil || len(resp.Cookies()) > 0 {
				t.Fatalf("password alone: got %d, cookies %v", resp.StatusCode, resp.Cookies())
			}
			send := func(code string) *http.Response {
				resp, err := fresh.PostForm(s.URL+"/login/code", url.Values{"pending": {pm[1]}, "code": {code}, "next": {"/"}})
				body(t, resp, err)
				return resp
			}
			if r := send("000000"); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("wrong code: got %d", r.StatusCode)
			}
			now, _ := totp.GenerateCode(secret, time.Now())
			if r := send(now); r.StatusCode != http.StatusSeeOther || len(r.Cookies()) == 0 {
				t.Fatalf("right code: got %d", r.StatusCode)
			}
			if p := get(t, fresh, s.URL+"/account"); !strings.Contains(p, "/account/totp/off") {
				t.Errorf("not signed in after the code")
			}
			// Again, with the same code: a new pending sign-in, refused.
			again := s.client(false)
			resp, err = again.PostForm(s.URL+"/login", url.Values{"name": {"anne"}, "password": {"correct horse"}})
			pm2 := regexp.MustCompile(`name="pending" value="([^"]+)"`).FindStringSubmatch(body(t, resp, err))
			resp, err = again.PostForm(s.URL+"/login/code", url.Values{"pending": {pm2[1]}, "code": {now}})
			body(t, resp, err)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("replayed code: got %d, want 401", resp.StatusCode)
			}
		})
	}
}
