package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/mail"
	"imagier/internal/service"
)

// TestPasswordRule fetches every form where a password is chosen — first
// account, registration, invitation, reset, the account's new password,
// an administrator's new account — in English and French: each states the
// service's one rule in the same sentence, asks the browser for that many
// characters, and a password one character short is refused with the
// same sentence. Characters are counted, not bytes: seven accented
// letters are too few.
func TestPasswordRule(t *testing.T) {
	ctx := context.Background()
	sink := newSMTPSink(t)
	sender, err := mail.New("smtp://"+sink.ln.Addr().String(), "imagier@example.org")
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{
		"en": fmt.Sprintf("At least %d characters.", service.MinPasswordLen),
		"fr": fmt.Sprintf("Au moins %d caractères.", service.MinPasswordLen),
	}
	short := strings.Repeat("é", service.MinPasswordLen-1) // more bytes than the minimum, too few characters
	hint := regexp.MustCompile(`<input id="([^"]+)" name="[^"]+" type="password" required minlength="(\d+)" autocomplete="new-password" aria-describedby="([^"]+)"[^>]*>\s*<span id="([^"]+)" class="hint">([^<]*)</span>`)
	sites := newSitesWith(t, func(o *service.Options) { o.Mailer, o.PublicURL = sender, "https://photos.example.org" })
	for name, s := range sites {
		t.Run(name, func(t *testing.T) {
			// client has its own cookies, in lang, and follows redirects.
			client := func(lang string) *http.Client {
				c := s.client(true)
				u, _ := url.Parse(s.URL)
				c.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: lang}})
				return c
			}
			// states checks that a form's page states the rule under its
			// one new-password field.
			states := func(where, lang, page string) {
				t.Helper()
				m := hint.FindAllStringSubmatch(page, -1)
				switch {
				case len(m) != 1:
					t.Errorf("%s, %s: %d new-password fields with their rule, want 1", where, lang, len(m))
				case html.UnescapeString(m[0][5]) != rules[lang]:
					t.Errorf("%s, %s: the rule reads %q, want %q", where, lang, html.UnescapeString(m[0][5]), rules[lang])
				case m[0][2] != strconv.Itoa(service.MinPasswordLen):
					t.Errorf("%s, %s: minlength %s, want %d", where, lang, m[0][2], service.MinPasswordLen)
				case m[0][3] != m[0][4]:
					t.Errorf("%s, %s: the field is described by %q, the rule is %q", where, lang, m[0][3], m[0][4])
				}
			}
			// refused checks that a page answering a short password says
			// the rule, as an error.
			refused := func(where, lang string, resp *http.Response, err error, status int) {
				t.Helper()
				page := body(t, resp, err)
				if resp.StatusCode != status {
					t.Errorf("%s, %s, a short password: got status %d, want %d", where, lang, resp.StatusCode, status)
				}
				m := regexp.MustCompile(`<p class="error" role="alert">([^<]*)</p>`).FindStringSubmatch(page)
				if m == nil || !strings.Contains(html.UnescapeString(m[1]), rules[lang]) {
					t.Errorf("%s, %s, a short password: error %q, want it to state %q", where, lang, m, rules[lang])
				}
			}

			for lang := range rules {
				c := client(lang)
				states("first account", lang, get(t, c, s.URL+"/setup?token="+s.setup))
				resp, err := c.PostForm(s.URL+"/setup", url.Values{"token": {s.setup}, "name": {"anne"}, "password": {short}})
				refused("first account", lang, resp, err, 400)
			}
			admin := s.signedIn(t)
			csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(get(t, admin, s.URL+"/admin/settings"))[1]
			resp, err := admin.PostForm(s.URL+"/admin/settings", url.Values{"csrf": {csrf}, "registration": {"open"}})
			body(t, resp, err)
			lise := &gallery.User{Name: "lise", Role: gallery.RoleNormal, Email: "lise@example.org"}
			if lise.PasswordHash, err = auth.HashPassword("an old password"); err != nil {
				t.Fatal(err)
			}
			if err := s.store.AddUser(ctx, lise); err != nil {
				t.Fatal(err)
			}
			resp, err = s.client(false).PostForm(s.URL+"/reset", url.Values{"who": {"lise"}})
			body(t, resp, err)
			m := regexp.MustCompile(`https://photos\.example\.org(/reset/[A-Za-z0-9_-]+)`).FindStringSubmatch(sink.wait())
			if m == nil {
				t.Fatal("no reset link in the mail")
			}
			reset := m[1]

			for lang := range rules {
				c := client(lang)
				states("registration", lang, get(t, c, s.URL+"/register"))
				resp, err := c.PostForm(s.URL+"/register", url.Values{"name": {"bob-" + lang}, "password": {short}})
				refused("registration", lang, resp, err, 400)

				resp, err = admin.PostForm(s.URL+"/admin/invitations", url.Values{"csrf": {csrf}, "note": {"for " + lang}})
				inv := regexp.MustCompile(`/invite/[A-Za-z0-9_-]+`).FindString(body(t, resp, err))
				if inv == "" {
					t.Fatal("no invitation link shown")
				}
				states("invitation", lang, get(t, c, s.URL+inv))
				resp, err = c.PostForm(s.URL+inv, url.Values{"name": {"dana-" + lang}, "password": {short}})
				refused("invitation", lang, resp, err, 400)

				states("reset", lang, get(t, c, s.URL+reset))
				resp, err = c.PostForm(s.URL+reset, url.Values{"password": {short}})
				refused("reset", lang, resp, err, 400)

				// The administrator's own pages, in lang.
				u, _ := url.Parse(s.URL)
				admin.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: lang}})
				states("account", lang, get(t, admin, s.URL+"/account"))
				resp, err = admin.PostForm(s.URL+"/account/password", url.Values{"csrf": {csrf}, "current": {"correct horse"}, "new": {short}})
				refused("account", lang, resp, err, 200)
				states("people", lang, get(t, admin, s.URL+"/admin/people"))
				resp, err = admin.PostForm(s.URL+"/admin/users", url.Values{"csrf": {csrf}, "name": {"eve-" + lang}, "password": {short}, "role": {string(gallery.RoleNormal)}, "level": {strconv.Itoa(gallery.LevelEverybody)}})
				refused("an administrator's new account", lang, resp, err, 200)
			}

			// A password of exactly the minimum is taken, at every door
			// tried here.
			enough := strings.Repeat("é", service.MinPasswordLen)
			resp, err = s.client(false).PostForm(s.URL+"/register", url.Values{"name": {"flo"}, "password": {enough}})
			body(t, resp, err)
			resp2, err := s.client(false).PostForm(s.URL+reset, url.Values{"password": {enough}})
			body(t, resp2, err)
			if resp.StatusCode != 303 || resp2.StatusCode != 303 {
				t.Errorf("a password of %d characters: registration %d, reset %d, want 303 and 303", service.MinPasswordLen, resp.StatusCode, resp2.StatusCode)
			}
		})
	}
}
