package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"imagier/internal/gallery"
)

// TestLoginCSRF: the forms that come before any session refuse a post a
// browser says comes from another site, and take one from our own page
// or from a client that says nothing (not a browser a page could drive).
func TestLoginCSRF(t *testing.T) {
	s := newSites(t)["sqlite"]
	s.signedIn(t)
	routes := []struct {
		path string
		form url.Values
	}{
		{"/login", url.Values{"name": {"anne"}, "password": {"correct horse"}}},
		{"/login/code", url.Values{"pending": {"x"}, "code": {"123456"}}},
		{"/register", url.Values{"name": {"x"}, "password": {"a long password"}}},
		{"/invite/some-token", url.Values{"name": {"x"}, "password": {"a long password"}}},
		{"/setup", url.Values{"token": {s.setup}, "name": {"x"}, "password": {"a long password"}}},
		{"/reset", url.Values{"who": {"anne"}}},
		{"/reset/some-token", url.Values{"password": {"a long password"}}},
		{"/lang", url.Values{"lang": {"fr"}}},
	}
	for _, rt := range routes {
		for _, tt := range []struct {
			name    string
			headers map[string]string
			refused bool
		}{
			{"cross-site fetch metadata", map[string]string{"Sec-Fetch-Site": "cross-site"}, true},
			{"same-site but another origin", map[string]string{"Sec-Fetch-Site": "same-site"}, true},
			{"another origin", map[string]string{"Origin": "https://evil.example"}, true},
			{"null origin", map[string]string{"Origin": "null"}, true},
			{"our own page", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": s.URL}, false},
			{"our origin, old browser", map[string]string{"Origin": s.URL}, false},
			{"a script", nil, false},
		} {
			req, _ := http.NewRequest("POST", s.URL+rt.path, strings.NewReader(rt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			resp, err := s.client(false).Do(req)
			page := body(t, resp, err)
			if got := resp.StatusCode == http.StatusForbidden; got != tt.refused {
				t.Errorf("POST %s, %s: got %d, refused %t, want %t", rt.path, tt.name, resp.StatusCode, got, tt.refused)
			}
			if tt.refused && len(resp.Cookies()) > 0 {
				t.Errorf("POST %s, %s: a refused sign-in set cookies %v (%s)", rt.path, tt.name, resp.Cookies(), page)
			}
		}
	}
}

// TestSafeNext: a redirect after sign-in stays on this site, whatever a
// link puts in next.
func TestSafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/albums/3", "/albums/3"},
		{"/m/abc?album=2#x", "/m/abc?album=2#x"},
		{"", "/"},
		{"//evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/\\/evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/%0a/x", "/%0a/x"},
		{"\\\\evil.example", "/"},
		{"https://evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"/a\\b", "/"},
		{"/\x7f/evil.example", "/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	// Through the sign-in form, the redirect never leaves.
	s := newSites(t)["sqlite"]
	s.signedIn(t)
	for _, next := range []string{"/\t/evil.example", "/\\evil.example", "//evil.example"} {
		resp, err := s.client(false).PostForm(s.URL+"/login", url.Values{"name": {"anne"}, "password": {"correct horse"}, "next": {next}})
		body(t, resp, err)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("next %q: got %d to %q, want / ", next, resp.StatusCode, loc)
		}
	}
}

// TestLogoutClearsTheBrowser: signing out asks the browser to drop its
// cache and cookies, and the session ends.
func TestLogoutClearsTheBrowser(t *testing.T) {
	s := newSites(t, "cameras/Canon_40D.jpg")["sqlite"]
	c := s.signedIn(t)
	page := get(t, c, s.URL+"/account")
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
	nc := &http.Client{Jar: c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nc.PostForm(s.URL+"/logout", url.Values{"csrf": {csrf}})
	body(t, resp, err)
	// The cache goes; cookies stay, but for the session's, which is
	// expired: the chosen language outlives the session.
	if got := resp.Header.Get("Clear-Site-Data"); !strings.Contains(got, `"cache"`) || strings.Contains(got, `"cookies"`) {
		t.Errorf("logout: Clear-Site-Data %q", got)
	}
	var key string
	s.store.EachMedia(context.Background(), func(m gallery.Media) error { key = m.Key; return nil })
	resp, err = nc.Get(s.URL + "/i/" + key + "/medium.jpg")
	body(t, resp, err)
	if resp.StatusCode != 404 {
		t.Errorf("a derivative after signing out: got %d", resp.StatusCode)
	}
}

// TestUnknownLanguage: a language that does not exist is a bad request,
// not a server error.
func TestUnknownLanguage(t *testing.T) {
	s := newSites(t)["sqlite"]
	c := s.signedIn(t)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(get(t, c, s.URL+"/account"))[1]
	nc := &http.Client{Jar: c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, lang := range []string{"xx", "../../etc", "fr-FR-x-very-long"} {
		resp, err := nc.PostForm(s.URL+"/account/lang", url.Values{"csrf": {csrf}, "lang": {lang}})
		body(t, resp, err)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("language %q: got %d, want 400", lang, resp.StatusCode)
		}
	}
}

// TestLinksIgnoreHost: an invitation link is never made from a Host
// header that does not name this server.
func TestLinksIgnoreHost(t *testing.T) {
	s := newSites(t)["sqlite"]
	c := s.signedIn(t)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(get(t, c, s.URL+"/admin/people"))[1]
	for host, want := range map[string]string{"evil.example": `<code>/invite/`, strings.TrimPrefix(s.URL, "http://"): `<code>` + s.URL + `/invite/`} {
		req, _ := http.NewRequest("POST", s.URL+"/admin/invitations", strings.NewReader(url.Values{"csrf": {csrf}, "note": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Host = host
		// The jar keys cookies by host: give the session's by hand.
		u, _ := url.Parse(s.URL)
		for _, ck := range c.Jar.Cookies(u) {
			req.AddCookie(ck)
		}
		page := do(t, &http.Client{}, req)
		if !strings.Contains(page, want) || strings.Contains(page, "evil.example") {
			i := strings.Index(page, "<code>")
			t.Errorf("Host %s: the invitation link is not %s…: %.200s", host, want, page[max(i, 0):])
		}
	}
}
