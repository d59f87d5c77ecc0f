package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/service"
	"imagier/internal/testmedia"
)

// postLogo sends a file as the logo form does, under a name and type that
// may lie about it.
func postLogo(t *testing.T, c *http.Client, base, csrf, filename, ctype string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="logo"; filename="` + filename + `"`}
	h["Content-Type"] = []string{ctype}
	w, err := mw.CreatePart(h)
	must(t, err)
	w.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", base+"/admin/branding/logo", &buf)
	must(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	page := body(t, resp, err)
	return resp.StatusCode, page
}

func TestBrandingLogo(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			wm := s.signedIn(t) // the first account is the webmaster
			nofollow := s.client(false)
			nofollow.Jar = wm.Jar
			page := get(t, wm, s.URL+"/admin/settings")
			m := csrfField.FindStringSubmatch(page)
			if m == nil || !strings.Contains(page, "The organisation’s identity") {
				t.Fatalf("the webmaster's settings page has no branding form:\n%s", page)
			}
			// An administrator who is not the webmaster has no branding
			// form, and cannot send one.
			_, err := s.svc.AddUser(context.Background(), service.CommandLine([]string{"test"}), service.UserForm{Name: "bruno", Password: "correct horse", Role: gallery.RoleAdmin})
			must(t, err)
			adm := s.client(false)
			resp, err := adm.PostForm(s.URL+"/login", url.Values{"name": {"bruno"}, "password": {"correct horse"}})
			body(t, resp, err)
			admPage := get(t, adm, s.URL+"/admin/settings")
			am := csrfField.FindStringSubmatch(admPage)
			if resp.StatusCode != 303 || am == nil || strings.Contains(admPage, "branding") {
				t.Errorf("an administrator's settings page: sign-in %d, %s", resp.StatusCode, admPage)
			}
			if am != nil {
				png, err := os.ReadFile(testmedia.Path(t, "formats/basn6a16.png"))
				must(t, err)
				if code, _ := postLogo(t, adm, s.URL, am[1], "logo.png", "image/png", png); code != 404 {
					t.Errorf("an administrator's logo: got %d, want 404", code)
				}
			}
			csrf := m[1]
			read := func(rel string) []byte {
				b, err := os.ReadFile(testmedia.Path(t, rel))
				must(t, err)
				return b
			}
			png := read("formats/basn6a16.png")
			if code, page := postLogo(t, nofollow, s.URL, csrf, "logo.png", "image/png", png); code != 303 {
				t.Fatalf("PNG logo: got %d\n%s", code, page)
			}
			home := get(t, wm, s.URL+"/")
			logoURL := regexp.MustCompile(`<a class="brand" href="/"><img src="(/brand/logo\?v=[0-9a-f]+)" alt="Imagier" width="32" height="32">`).FindStringSubmatch(home)
			if logoURL == nil {
				t.Fatalf("no logo in the header:\n%s", home)
			}
			check := func(u, ctype, csp string, want []byte) {
				t.Helper()
				resp, err := http.Get(s.URL + u) // anyone, no cookie
				got := body(t, resp, err)
				hd := resp.Header
				if resp.StatusCode != 200 || got != string(want) || hd.Get("Content-Type") != ctype || hd.Get("Content-Security-Policy") != csp ||
					hd.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(hd.Get("Cache-Control"), "immutable") {
					t.Errorf("GET %s: %d %v, %d bytes", u, resp.StatusCode, hd, len(got))
				}
			}
			check(logoURL[1], "image/png", "default-src 'none'; sandbox", png)

			// Refused, whatever the name and type sent say, with a sentence;
			// the logo in place stays.
			for _, c := range []struct {
				what, filename, ctype, data, sentence string
			}{
				{"a text file", "logo.png", "image/png", "Ceci n’est pas une image.\n", "This file is not a PNG, JPEG, WebP or SVG image."},
				{"an SVG with script", "logo.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`, "This SVG image holds script"},
				{"an SVG with onload", "logo.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>`, "This SVG image holds script"},
				{"an SVG fetching a style sheet", "logo.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.com/x.css);</style></svg>`, "references to other sites"},
			} {
				code, page := postLogo(t, nofollow, s.URL, csrf, c.filename, c.ctype, []byte(c.data))
				if code != 400 || !strings.Contains(page, c.sentence) || !strings.Contains(page, `role="alert"`) {
					t.Errorf("%s: got %d, want 400 with %q", c.what, code, c.sentence)
				}
			}
			if home := get(t, wm, s.URL+"/"); !strings.Contains(home, logoURL[1]) {
				t.Errorf("a refused logo replaced the one in place")
			}

			// A clean SVG is served under the strict policy, at a new
			// address.
			svg := read("formats/XMP.svg")
			if code, page := postLogo(t, nofollow, s.URL, csrf, "logo.svg", "image/svg+xml", svg); code != 303 {
				t.Fatalf("clean SVG: got %d\n%s", code, page)
			}
			home = get(t, wm, s.URL+"/")
			svgURL := regexp.MustCompile(`<img src="(/brand/logo\?v=[0-9a-f]+)" alt="Imagier">`).FindStringSubmatch(home)
			if svgURL == nil || svgURL[1] == logoURL[1] {
				t.Fatalf("the SVG logo's address: %v (the PNG's was %s)", svgURL, logoURL[1])
			}
			check(svgURL[1], "image/svg+xml", "default-src 'none'; style-src 'unsafe-inline'; sandbox", svg)
			// The old address is checked each time, not kept for ever.
			resp, err = http.Get(s.URL + logoURL[1])
			body(t, resp, err)
			if resp.Header.Get("Cache-Control") != "no-cache" {
				t.Errorf("an old logo address is cached: %q", resp.Header.Get("Cache-Control"))
			}

			resp, err = nofollow.PostForm(s.URL+"/admin/branding/logo/delete", url.Values{"csrf": {csrf}})
			body(t, resp, err)
			if home := get(t, wm, s.URL+"/"); resp.StatusCode != 303 || strings.Contains(home, "/brand/logo") {
				t.Errorf("removing the logo: %d", resp.StatusCode)
			}
		})
	}
}

func TestBrandingTexts(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			wm := s.signedIn(t)
			nofollow := s.client(false)
			nofollow.Jar = wm.Jar
			csrf := csrfField.FindStringSubmatch(get(t, wm, s.URL+"/admin/settings"))[1]
			post := func(v url.Values) (int, string) {
				t.Helper()
				v.Set("csrf", csrf)
				resp, err := nofollow.PostForm(s.URL+"/admin/branding", v)
				page := body(t, resp, err)
				return resp.StatusCode, page
			}

			// A pale yellow is refused with the ratio measured; what was
			// typed stays in the form.
			code, page := post(url.Values{"site_name": {"Mairie"}, "accent": {"#FFFF99"}})
			m := regexp.MustCompile(`The colour #ffff99 has a contrast of only ([0-9.]+):1 with the page’s light background`).FindStringSubmatch(page)
			if code != 400 || m == nil || !strings.Contains(page, `value="#FFFF99"`) {
				t.Fatalf("pale yellow: got %d\n%s", code, page)
			}
			_, err := service.AccentTheme("#ffff99")
			if ratio, _ := strconv.ParseFloat(m[1], 64); err.(*service.BrandingError).Ratio != ratio || ratio >= service.MinContrast {
				t.Errorf("pale yellow: the page says %s:1, the check measured %v", m[1], err)
			}
			// A dark blue is taken; the dark scheme gets a lighter shade.
			code, _ = post(url.Values{"site_name": {"Mairie <b>&</b> co"}, "accent": {"#1a3a8c"},
				"intro": {"Bienvenue <script>alert(1)</script>\n\nVoir https://example.org/visite."}})
			if code != 303 {
				t.Fatalf("dark blue: got %d", code)
			}
			home := get(t, wm, s.URL+"/")
			for _, want := range []string{
				`<title>Albums · Mairie &lt;b&gt;&amp;&lt;/b&gt; co</title>`,
				`<a class="brand" href="/">Mairie &lt;b&gt;&amp;&lt;/b&gt; co</a>`,
				`<link rel="stylesheet" href="/brand.css?v=1a3a8c">`,
				`<p>Bienvenue &lt;script&gt;alert(1)&lt;/script&gt;</p>`,
				`<p>Voir <a href="https://example.org/visite" rel="nofollow noopener">https://example.org/visite</a>.</p>`,
			} {
				if !strings.Contains(home, want) {
					t.Errorf("home page lacks %s", want)
				}
			}
			css := get(t, http.DefaultClient, s.URL+"/brand.css?v=1a3a8c")
			th, _ := service.AccentTheme("#1a3a8c")
			if !strings.Contains(css, "--accent: #1a3a8c; --accent-fg: #ffffff; --focus: #1a3a8c;") || !strings.Contains(css, "--accent: "+th.Dark) || th.Dark == "#1a3a8c" {
				t.Errorf("brand.css:\n%s", css)
			}
			if settings := get(t, wm, s.URL+"/admin/settings"); !strings.Contains(settings, "The dark scheme uses "+th.Dark+".") {
				t.Errorf("the settings page does not give the dark scheme's shade %s", th.Dark)
			}
			if feed := get(t, wm, s.URL+"/feed.atom"); !strings.Contains(feed, "Mairie &lt;b&gt;&amp;&lt;/b&gt; co") {
				t.Errorf("the feed's title lacks the site's name:\n%s", feed)
			}

			// A legal page of the webmaster's, and the others' defaults,
			// are open to anonymous visitors while the library needs
			// signing in.
			code, _ = post(url.Values{"page.legal.en": {"Published by the town hall.\n\n## Contact\n- Web: https://example.org/contact\n- <i>Post</i>"}, "compliance": {"partial"}})
			if code != 303 {
				t.Fatalf("legal page: got %d", code)
			}
			must(t, s.svc.SetSetting(context.Background(), service.CommandLine([]string{"test"}), "guest_access", "false"))
			anon := s.client(false)
			resp, err := anon.Get(s.URL + "/")
			body(t, resp, err)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("the home page with sign-in required: got %d", resp.StatusCode)
			}
			legal := get(t, anon, s.URL+"/legal")
			for _, want := range []string{"<h1>Legal notice</h1>", "<p>Published by the town hall.</p>", "<h2>Contact</h2>",
				`<li>Web: <a href="https://example.org/contact" rel="nofollow noopener">https://example.org/contact</a></li>`, "<li>&lt;i&gt;Post&lt;/i&gt;</li>"} {
				if !strings.Contains(legal, want) {
					t.Errorf("/legal lacks %s:\n%s", want, legal)
				}
			}
			for path, want := range map[string]string{"/privacy": "<h2>Your rights</h2>", "/accessibility": "<h2>Compliance status</h2>"} {
				resp, err := anon.Get(s.URL + path)
				page := body(t, resp, err)
				if resp.StatusCode != 200 || !strings.Contains(page, want) {
					t.Errorf("%s anonymously: %d, lacks %s", path, resp.StatusCode, want)
				}
			}
			// Written in English only, the legal notice shows in English to
			// a French reader, marked as such, not the French skeleton.
			req, _ := http.NewRequest("GET", s.URL+"/legal", nil)
			req.Header.Set("Accept-Language", "fr")
			if fr := do(t, anon, req); !strings.Contains(fr, `<div lang="en"><p>Published by the town hall.</p>`) || strings.Contains(fr, "[nom de l’organisation]") {
				t.Errorf("the legal notice written in English only, to a French reader:\n%s", fr)
			}
			req, _ = http.NewRequest("GET", s.URL+"/accessibility", nil)
			req.Header.Set("Accept-Language", "fr")
			fr := do(t, anon, req)
			for _, want := range []string{"<h1>Accessibilité</h1>", "<h2>État de conformité</h2>", "Défenseur des droits", "RGAA"} {
				if !strings.Contains(fr, want) {
					t.Errorf("/accessibility in French lacks %s", want)
				}
			}
			// Every page's footer links them, the sign-in page's too, with
			// the compliance the statement gives.
			login := get(t, anon, s.URL+"/login")
			if !strings.Contains(login, `<a href="/accessibility">Accessibility: partially compliant</a>`) {
				t.Errorf("the footer does not give the accessibility compliance")
			}
			for _, href := range []string{`href="/legal"`, `href="/privacy"`, `href="/accessibility"`} {
				if !strings.Contains(login, href) {
					t.Errorf("the sign-in page's footer lacks %s", href)
				}
			}
		})
	}
}
