package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"
)

// Attack tests: what a hostile caller sends, through the real server.

// snapshot describes what the database holds that an attack could change:
// items, accounts, groups, albums, rules, grants and settings, and, with
// audit, how many audit entries there are.
func snapshot(t *testing.T, st *sqlstore.Store, audit bool) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	must(t, st.EachMedia(ctx, func(m gallery.Media) error {
		fmt.Fprintf(&b, "media %d %s %q %q level=%d pending=%t trashed=%t taken=%v albums=%v tags=%v\n",
			m.ID, m.Key, m.Title, m.Description, m.Level, m.Pending, m.DeletedAt != nil, m.Meta.Taken, m.Albums, m.Tags)
		return nil
	}))
	users, err := st.Users(ctx)
	must(t, err)
	for _, u := range users {
		q := int64(-1)
		if u.Quota != nil {
			q = *u.Quota
		}
		fmt.Fprintf(&b, "user %d %q %s level=%d quota=%d disabled=%t groups=%v\n", u.ID, u.Name, u.Role, u.Level, q, u.Disabled, u.Groups)
	}
	groups, err := st.Groups(ctx)
	must(t, err)
	for _, g := range groups {
		fmt.Fprintf(&b, "group %d %q quota=%v members=%v\n", g.ID, g.Name, g.Quota != nil, g.Members)
	}
	_, byID, err := st.AlbumNodes(ctx, &gallery.Access{All: true})
	must(t, err)
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := byID[id]
		fmt.Fprintf(&b, "album %d parent=%d %q cover=%q\n", a.ID, a.ParentID, a.Name, a.CoverKey)
	}
	rules, grants, err := st.AccessRules(ctx)
	must(t, err)
	slices.SortFunc(rules, func(a, b gallery.AlbumRule) int { return int(a.ID - b.ID) })
	fmt.Fprintf(&b, "rules %v\ngrants %v\n", rules, grants)
	settings, err := st.Settings(ctx)
	must(t, err)
	fmt.Fprintf(&b, "settings %+v\n", settings)
	searches, err := st.SavedSearches(ctx, 0, true)
	must(t, err)
	for _, ss := range searches {
		fmt.Fprintf(&b, "saved search %d user=%d %q %q smart=%t groups=%v\n", ss.ID, ss.UserID, ss.Name, ss.Query, ss.Smart, ss.Groups)
	}
	if audit {
		entries, err := st.Audit(ctx, gallery.AuditFilter{})
		must(t, err)
		fmt.Fprintf(&b, "audit entries %d\n", len(entries))
	}
	return b.String()
}

// request sends a request as r with its session's CSRF token on the form
// (formToken) or header (apiToken) when csrf says so.
func (f *fixture) request(t *testing.T, r role, method, path string, form url.Values, js any, token csrf) answer {
	t.Helper()
	p := probe{path: path, form: form, js: js}
	return f.send(t, route{pattern: method + " " + path, csrf: token}, p, r)
}

// sqlPayloads are classic injections, and bytes databases choke on.
var sqlPayloads = []string{
	`' OR 1=1 --`,
	`" OR ""="`,
	`"; DROP TABLE media; --`,
	`1) UNION SELECT public_key, title FROM media --`,
	`1 OR 1=1`,
	`1.' OR '1'='1`,
	`%' OR '%'='`,
	`\'; DELETE FROM users; --`,
	`-1`,
	`99999999999999999999`,
	"nul\x00byte",
	"bad\xffutf8",
}

func TestAttackSQLInjection(t *testing.T) {
	for name, f := range newMatrixFixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := snapshot(t, f.store, false)
			pub, pubAlbum := f.items[visPublic].Key, f.albums[visPublic]
			for _, p := range sqlPayloads {
				q := url.QueryEscape(p)
				esc := url.PathEscape(p)
				// Pages anyone may ask for: asked by a guest and a normal
				// user, who must get nothing beyond what they see.
				visitorPaths := []string{
					"/albums/" + esc,
					fmt.Sprintf("/albums/%d?after=%s", pubAlbum, q),
					"/timeline?after=" + q,
					"/tags/" + esc,
					"/tags/tag-" + string(visPublic) + "?after=" + q,
					"/m/" + esc,
					"/m/" + pub + "?album=" + q,
					"/i/" + esc + "/medium.jpg",
					"/i/" + pub + "/" + esc,
					"/login?next=" + q,
				}
				adminPaths := []string{
					"/upload?album=" + q,
					"/trash?after=" + q,
					"/admin/review?after=" + q,
					"/api/tags?q=" + q,
					"/admin/people?error=" + q,
				}
				for _, field := range []string{"user", "action", "from", "to", "before"} {
					adminPaths = append(adminPaths, "/admin/audit?"+field+"="+q, "/admin/audit.csv?"+field+"="+q)
				}
				for _, r := range []role{roleGuest, roleNormal, roleAdmin} {
					paths := visitorPaths
					if r == roleAdmin {
						paths = append(slices.Clone(visitorPaths), adminPaths...)
					}
					for _, path := range paths {
						a := f.request(t, r, "GET", path, nil, nil, noToken)
						what := fmt.Sprintf("GET %s as %s", path, r)
						if a.status >= 500 {
							t.Errorf("%s: got %d", what, a.status)
						}
						f.checkLeaks(t, r, what, a.text(path))
						// A tag named by an injection tags nothing: no page of
						// items comes back.
						if strings.HasPrefix(path, "/tags/"+esc) && a.status == 200 {
							t.Errorf("%s: an injected tag name lists items", what)
						}
					}
				}
				// Filters that match nothing show nothing.
				for _, field := range []string{"user", "action"} {
					a := f.request(t, roleAdmin, "GET", "/admin/audit?"+field+"="+q, nil, nil, noToken)
					if a.status == 200 && !strings.Contains(a.body, "Nothing recorded.") {
						t.Errorf("audit filtered by %s=%q lists entries", field, p)
					}
					a = f.request(t, roleAdmin, "GET", "/admin/audit.csv?"+field+"="+q, nil, nil, noToken)
					if lines := strings.Count(strings.TrimSpace(a.body), "\n"); a.status == 200 && lines != 0 {
						t.Errorf("audit CSV filtered by %s=%q has %d entries", field, p, lines)
					}
				}
				// Forms: the injection in every id, album and level field.
				forms := []struct {
					path string
					form url.Values
				}{
					{"/batch/level", url.Values{"ids": {p}, "level": {p}}},
					{"/batch/level", url.Values{"ids": {pub}, "level": {p}}},
					{"/batch/copy", url.Values{"ids": {pub}, "album": {p}}},
					{"/batch/move", url.Values{"ids": {pub}, "from": {p}, "album": {p}}},
					{"/batch/remove", url.Values{"ids": {pub}, "from": {p}}},
					{"/batch/cover", url.Values{"ids": {pub}, "from": {p}}},
					{"/batch/untag", url.Values{"ids": {pub}, "tags": {p}}},
					{"/batch/tag", url.Values{"ids": {p}, "tags": {p}}},
					{"/m/" + pub + "/edit", url.Values{"taken": {p}}},
					{"/m/" + pub + "/edit", url.Values{"lat": {p}, "lon": {p}}},
					{"/m/" + pub + "/edit", url.Values{"level": {p}}},
					{"/albums/" + esc + "/rename", url.Values{"name": {"x"}}},
					{"/albums", url.Values{"parent": {p}, "name": {""}}},
					{"/albums/" + esc + "/move", url.Values{"parent": {p}}},
					{"/albums/" + esc + "/position", url.Values{"position": {p}}},
					{"/albums/" + esc + "/delete", url.Values{"media": {p}}},
					{"/albums/" + esc + "/visibility", url.Values{"public": {p}}},
					{fmt.Sprintf("/albums/%d/grants", f.albums[visHidden]), url.Values{"who": {"u" + p}, "view": {"1"}}},
					{fmt.Sprintf("/albums/%d/grants", f.albums[visHidden]), url.Values{"who": {"g" + p}, "view": {"1"}}},
					{"/admin/users/" + esc, url.Values{"role": {p}, "level": {p}}},
					{fmt.Sprintf("/admin/users/%d", f.userIDs[roleNormal]), url.Values{"role": {p}, "level": {p}, "quota": {p}}},
					{"/admin/groups/" + esc + "/delete", url.Values{}},
					{"/admin/groups/" + esc + "/quota", url.Values{"quota": {p}}},
					{fmt.Sprintf("/admin/groups/%d/quota", f.groups["family"]), url.Values{"quota": {p}}},
					{"/admin/groups/" + esc + "/join", url.Values{"user": {p}}},
					{"/admin/review/publish", url.Values{"ids": {p}}},
				}
				for _, fm := range forms {
					a := f.request(t, roleAdmin, "POST", fm.path, fm.form, nil, formToken)
					if a.status >= 500 {
						t.Errorf("POST %s %v: got %d", fm.path, fm.form, a.status)
					}
				}
				// The upload API's JSON fields.
				for _, js := range []any{
					map[string]any{"name": p, "size": 10, "album": f.albums[visContrib]},
					map[string]any{"name": "x.jpg", "size": 10, "album": p},
					map[string]any{"name": "x.jpg", "size": p, "album": f.albums[visContrib]},
				} {
					for _, r := range []role{roleContributor, roleAdmin} {
						a := f.request(t, r, "POST", "/api/uploads", nil, js, apiToken)
						if a.status >= 500 {
							t.Errorf("POST /api/uploads %v as %s: got %d", js, r, a.status)
						}
					}
				}
			}
			if after := snapshot(t, f.store, false); after != before {
				t.Errorf("the database changed under injections:\n--- before\n%s\n--- after\n%s", before, after)
			}
			// Written values stay values: an injection as a new album's
			// name is stored as typed, and nothing else moves.
			name := `x'); DROP TABLE albums; --`
			js := map[string]any{"name": "x.jpg", "size": 10, "new_album": name}
			if a := f.request(t, roleAdmin, "POST", "/api/uploads", nil, js, apiToken); a.status != 201 {
				t.Fatalf("upload into a new album named by an injection: got %d %s", a.status, a.body)
			}
			roots, _, err := f.store.AlbumNodes(context.Background(), &gallery.Access{All: true})
			must(t, err)
			if !slices.ContainsFunc(roots, func(a *gallery.Album) bool { return a.Name == name }) {
				t.Errorf("no album named %q after creating it", name)
			}
			if n, err := f.store.CountMedia(context.Background()); err != nil || n != len(f.items) {
				t.Errorf("items after the injections: %d, %v; want %d", n, err, len(f.items))
			}
		})
	}
}

// Hostile text typed into names and fields.
var xssPayloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}

// injectedMarkup returns the tags of page that no template writes: an
// event-handler attribute, a script other than ours, an image that is not
// ours, a javascript: link, or an element the templates never use. Text
// that was escaped has no raw "<" and is never taken for a tag.
func injectedMarkup(page string) []string {
	var out []string
	isName := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
	}
	for i := 0; i+1 < len(page); i++ {
		if page[i] != '<' || !(page[i+1] >= 'a' && page[i+1] <= 'z' || page[i+1] >= 'A' && page[i+1] <= 'Z') {
			continue
		}
		j := i + 1
		for j < len(page) && isName(page[j]) {
			j++
		}
		name := strings.ToLower(page[i+1 : j])
		attrs := map[string]string{}
		for j < len(page) && page[j] != '>' {
			if strings.IndexByte(" \t\r\n/", page[j]) >= 0 {
				j++
				continue
			}
			k := j
			for j < len(page) && strings.IndexByte(" \t\r\n/>=", page[j]) < 0 {
				j++
			}
			attr, val := strings.ToLower(page[k:j]), ""
			if j < len(page) && page[j] == '=' {
				j++
				if j < len(page) && (page[j] == '"' || page[j] == '\'') {
					quote := page[j]
					k = j + 1
					for j = k; j < len(page) && page[j] != quote; j++ {
					}
					val = page[k:min(j, len(page))]
					j++
				} else {
					for k = j; j < len(page) && strings.IndexByte(" \t\r\n>", page[j]) < 0; j++ {
					}
					val = page[k:j]
				}
			}
			attrs[attr] = val
		}
		tag := page[i:min(j+1, len(page))]
		bad := slices.Contains([]string{"svg", "iframe", "object", "embed", "math", "base", "frame", "style", "link"}, name) &&
			!(name == "link" && (strings.HasPrefix(attrs["href"], "/static/") || attrs["href"] == "/feed.atom"))
		bad = bad || name == "script" && !strings.HasPrefix(attrs["src"], "/static/")
		bad = bad || name == "img" && !strings.HasPrefix(attrs["src"], "/i/")
		for a, v := range attrs {
			bad = bad || strings.HasPrefix(a, "on") || strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:")
		}
		if bad {
			out = append(out, tag)
		}
		i = j
	}
	return out
}

func TestAttackInjectedMarkupDetector(t *testing.T) {
	for _, tt := range []struct {
		page string
		bad  bool
	}{
		{`<script src="/static/app.1.js" defer></script><img src="/i/k/small.jpg" alt="x">`, false},
		{`<input value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`, false},
		{`<script>alert(1)</script>`, true},
		{`<input value=""><img src=x onerror=alert(1)>">`, true},
		{`<a href="javascript:alert(1)">x</a>`, true},
		{`<p title='x' onmouseover=alert(1)>`, true},
		{`<svg/onload=alert(1)>`, true},
	} {
		if got := injectedMarkup(tt.page); (len(got) > 0) != tt.bad {
			t.Errorf("injectedMarkup(%q) = %q, want bad=%t", tt.page, got, tt.bad)
		}
	}
}

// maliciousFiles lists the hostile files of the shared test data.
func maliciousFiles(t *testing.T) []string {
	t.Helper()
	dir := filepath.Dir(testmedia.Path(t, "malicious/SVG_XSS1.svg"))
	entries, err := os.ReadDir(dir)
	must(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, "malicious/"+e.Name())
	}
	return out
}

func TestAttackStoredXSS(t *testing.T) {
	// One hostile file is kept back, for a contributor to upload: it then
	// waits on the review page.
	const contributed = "malicious/xss_comment_exif_metadata_double_quote.png"
	var files []string
	for _, f := range maliciousFiles(t) {
		if f != contributed {
			files = append(files, f)
		}
	}
	for name, s := range newSites(t, append(files, "cameras/Canon.jpg")...) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := s.store
			admin := s.signedIn(t)
			csrf := csrfField.FindStringSubmatch(get(t, admin, s.URL+"/account"))[1]
			post := func(path string, v url.Values) {
				t.Helper()
				v.Set("csrf", csrf)
				resp, err := admin.PostForm(s.URL+path, v)
				if b := body(t, resp, err); resp.StatusCode >= 400 {
					t.Fatalf("POST %s %v: got %d %.300s", path, v, resp.StatusCode, b)
				}
			}
			var keys []string
			must(t, st.EachMedia(ctx, func(m gallery.Media) error { keys = append(keys, m.Key); return nil }))
			if len(keys) < 5 {
				t.Fatalf("only %d hostile files imported", len(keys))
			}
			// Every text field of some items holds a payload; every
			// album, account and group is named by one.
			for i, p := range xssPayloads {
				post("/m/"+keys[i]+"/edit", url.Values{"title": {p}, "description": {p}, "alt_text": {p}, "tags": {xssPayloads[0] + ", " + xssPayloads[1]}})
			}
			roots, byID, err := st.AlbumNodes(ctx, &gallery.Access{All: true})
			must(t, err)
			var albums []int64
			for id := range byID {
				albums = append(albums, id)
				must(t, st.SetAlbumAccess(ctx, id, true, true))
			}
			// Album names cannot hold "/": these carry the same attacks.
			albumNames := []string{`"><img src=x onerror=alert(1)>`, `<svg onload=alert(1)>`}
			post(fmt.Sprintf("/albums/%d/rename", roots[0].ID), url.Values{"name": {albumNames[0]}})
			post("/albums", url.Values{"parent": {strconv.FormatInt(roots[0].ID, 10)}, "name": {albumNames[1]}})
			names := append(slices.Clone(xssPayloads), "=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", "@SUM(1)")
			for _, n := range names {
				post("/admin/users", url.Values{"name": {n}, "password": {matrixPassword}, "role": {"normal"}, "level": {"0"}})
				post("/admin/groups", url.Values{"name": {n}})
			}
			users, err := st.Users(ctx)
			must(t, err)
			groups, err := st.Groups(ctx)
			must(t, err)
			for _, u := range users {
				if !u.Role.IsAdmin() {
					post(fmt.Sprintf("/albums/%d/grants", albums[0]), url.Values{"who": {fmt.Sprintf("u%d", u.ID)}, "view": {"1"}, "contribute": {"1"}})
				}
			}
			for _, g := range groups {
				post(fmt.Sprintf("/albums/%d/grants", albums[0]), url.Values{"who": {fmt.Sprintf("g%d", g.ID)}, "view": {"1"}})
			}
			// A contributor named by a payload uploads a hostile file: it
			// waits for review, its metadata shown on the review page.
			fx := &fixture{s: s, store: st, clients: map[role]*http.Client{}, csrf: map[role]string{}, names: map[role]string{roleContributor: xssPayloads[1]}}
			fx.clients[roleContributor], fx.csrf[roleContributor] = fx.signIn(t, roleContributor)
			if status, out := fx.upload(t, roleContributor, testmedia.Path(t, contributed), xssPayloads[1]+".png", albums[0]); status != 200 {
				t.Fatalf("contribution: got %d %v", status, out)
			}

			keys = keys[:0]
			must(t, st.EachMedia(ctx, func(m gallery.Media) error { keys = append(keys, m.Key); return nil }))
			_, byID, err = st.AlbumNodes(ctx, &gallery.Access{All: true})
			must(t, err)
			pages := []string{"/", "/timeline", "/admin/people", "/admin/audit", "/admin/review", "/trash", "/upload", "/account", "/admin/settings"}
			for _, k := range keys {
				pages = append(pages, "/m/"+k)
			}
			for id := range byID {
				pages = append(pages, fmt.Sprintf("/albums/%d", id), fmt.Sprintf("/albums/%d?who", id))
			}
			for _, p := range xssPayloads {
				pages = append(pages, (&url.URL{Path: "/tags/" + p}).EscapedPath())
				// Reflected: what a caller types comes back escaped too.
				pages = append(pages, "/admin/audit?user="+url.QueryEscape(p)+"&action="+url.QueryEscape(p), "/login?next="+url.QueryEscape("/"+p),
					(&url.URL{Path: "/" + p}).EscapedPath())
			}
			guest := s.client(false)
			for _, c := range []*http.Client{admin, guest, fx.clients[roleContributor]} {
				for _, p := range pages {
					resp, err := c.Get(s.URL + p)
					page := body(t, resp, err)
					if resp.StatusCode >= 500 {
						t.Errorf("GET %s: got %d", p, resp.StatusCode)
					}
					for _, bad := range injectedMarkup(page) {
						t.Errorf("GET %s: hostile markup came through: %s", p, bad)
					}
				}
			}
			// The payloads are there, as text: the check above saw them.
			if page := get(t, admin, s.URL+"/m/"+keys[0]); !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("the edited title is not on its page, escaped")
			}
			if page := get(t, admin, s.URL+"/admin/people"); !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") {
				t.Errorf("the hostile account name is not on the people page, escaped")
			}
			// The sign-in form shows back the name typed.
			resp, err := guest.PostForm(s.URL+"/login", url.Values{"name": {xssPayloads[1]}, "password": {"wrong"}, "next": {xssPayloads[1]}})
			for _, bad := range injectedMarkup(body(t, resp, err)) {
				t.Errorf("POST /login: hostile markup came through: %s", bad)
			}
			// Tag suggestions are JSON, where "<" is escaped too.
			if b := get(t, admin, s.URL+"/api/tags?q=%3C"); strings.Contains(b, "<script") {
				t.Errorf("tag suggestions carry raw markup: %s", b)
			}
			checkAuditCSV(t, get(t, admin, s.URL+"/admin/audit.csv"))
		})
	}
}

// checkAuditCSV requires that no cell of the audit export starts like a
// formula, and that the formula payloads did reach it, neutralised.
func checkAuditCSV(t *testing.T, text string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("audit CSV: %v", err)
	}
	neutralised := 0
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("audit CSV: cell %q would run as a formula", cell)
			}
			if strings.HasPrefix(cell, "'=cmd") {
				neutralised++
			}
		}
	}
	if neutralised == 0 {
		t.Errorf("audit CSV: the =cmd payload is not there, quoted: %s", clipText(text))
	}
}

// csrfAttempts are, per route that needs a token, a request that would
// change something if it got through.
var csrfAttempts = map[string]func(f *fixture) (path string, form url.Values, js any, raw []byte){
	"POST /logout": func(f *fixture) (string, url.Values, any, []byte) { return "/logout", url.Values{}, nil, nil },
	"POST /account/password": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/password", url.Values{"current": {matrixPassword}, "new": {"forged password"}}, nil, nil
	},
	"POST /account/sessions": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/sessions", url.Values{}, nil, nil
	},
	"POST /view-as": func(f *fixture) (string, url.Values, any, []byte) {
		return "/view-as", url.Values{"as": {"visitor"}, "next": {"/"}}, nil, nil
	},
	"POST /account/lang": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/lang", url.Values{"lang": {"fr"}}, nil, nil
	},
	"POST /account/keys": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/keys", url.Values{"name": {"forged"}, "access": {"write"}, "password": {matrixPassword}}, nil, nil
	},
	"POST /account/keys/{id}/revoke": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/keys/1/revoke", url.Values{}, nil, nil
	},
	"POST /account/totp/start": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/totp/start", url.Values{}, nil, nil
	},
	"POST /account/totp/confirm": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/totp/confirm", url.Values{"current": {matrixPassword}, "secret": {"JBSWY3DPEHPK3PXP"}, "code": {"123456"}}, nil, nil
	},
	"POST /account/totp/off": func(f *fixture) (string, url.Values, any, []byte) {
		return "/account/totp/off", url.Values{"current": {matrixPassword}, "code": {"123456"}}, nil, nil
	},
	"POST /m/{key}/edit": func(f *fixture) (string, url.Values, any, []byte) {
		return "/m/" + f.items[visPublic].Key + "/edit", url.Values{"title": {"forged"}}, nil, nil
	},
	"POST /api/uploads": func(f *fixture) (string, url.Values, any, []byte) {
		return "/api/uploads", nil, map[string]any{"name": "forged.jpg", "size": 10, "new_album": "forged"}, nil
	},
	"PATCH /api/uploads/{id}": func(f *fixture) (string, url.Values, any, []byte) {
		return "/api/uploads/" + f.staged[roleAdmin], nil, nil, []byte("forged")
	},
	"POST /api/uploads/{id}/finish": func(f *fixture) (string, url.Values, any, []byte) {
		return "/api/uploads/" + f.staged[roleAdmin] + "/finish", nil, nil, []byte{}
	},
	"POST /admin/branding": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/branding", url.Values{"site_name": {"forged"}}, nil, nil
	},
	"POST /admin/branding/logo": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/branding/logo", url.Values{"logo": {"forged"}}, nil, nil
	},
	"POST /admin/branding/logo/delete": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/branding/logo/delete", url.Values{}, nil, nil
	},
	"POST /albums": func(f *fixture) (string, url.Values, any, []byte) {
		return "/albums", url.Values{"name": {"forged"}}, nil, nil
	},
	"POST /albums/{id}/rename": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/rename", f.albums[visHidden]), url.Values{"name": {"forged"}}, nil, nil
	},
	"POST /albums/{id}/move": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/move", f.albums[visNarrow]), url.Values{"parent": {"0"}}, nil, nil
	},
	"POST /albums/{id}/position": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/position", f.albums[visHidden]), url.Values{"position": {"7"}}, nil, nil
	},
	"POST /albums/{id}/place": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/place", f.albums[visHidden]), url.Values{"step": {"1"}}, nil, nil
	},
	"POST /albums/{id}/description": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/description", f.albums[visEdited]), url.Values{"description": {"forged"}}, nil, nil
	},
	"POST /albums/{id}/order": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/order", f.albums[visEdited]), url.Values{"order": {"name"}}, nil, nil
	},
	"POST /albums/{id}/arrange": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/arrange", f.albums[visEdited]), url.Values{"key": {f.items[visEdited].Key}, "step": {"1"}}, nil, nil
	},
	"POST /albums/{id}/delete": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/delete", f.albums[visHidden]), url.Values{"media": {"trash"}}, nil, nil
	},
	"POST /albums/{id}/visibility": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/visibility", f.albums[visHidden]), url.Values{"public": {"true"}}, nil, nil
	},
	"POST /albums/{id}/grants": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/albums/%d/grants", f.albums[visHidden]), url.Values{"who": {fmt.Sprintf("u%d", f.userIDs[roleNormal])}, "view": {"1"}}, nil, nil
	},
	"POST /admin/users": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/users", url.Values{"name": {"forged"}, "password": {matrixPassword}, "role": {"admin"}, "level": {"8"}}, nil, nil
	},
	"POST /admin/users/{id}": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/admin/users/%d", f.userIDs[roleNormal]), url.Values{"role": {"admin"}, "level": {"8"}}, nil, nil
	},
	"POST /admin/users/{id}/approve": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/admin/users/%d/approve", f.userIDs[roleNormal]), url.Values{}, nil, nil
	},
	"POST /admin/users/{id}/refuse": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/admin/users/%d/refuse", f.userIDs[roleNormal]), url.Values{}, nil, nil
	},
	"POST /admin/invitations": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/invitations", url.Values{"note": {"forged"}}, nil, nil
	},
	"POST /admin/invitations/{id}/revoke": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/invitations/1/revoke", url.Values{}, nil, nil
	},
	"POST /admin/groups": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/groups", url.Values{"name": {"forged"}}, nil, nil
	},
	"POST /admin/groups/{id}/delete": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/admin/groups/%d/delete", f.groups["family"]), url.Values{}, nil, nil
	},
	"POST /admin/groups/{id}/quota": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/admin/groups/%d/quota", f.groups["family"]), url.Values{"quota": {"1"}}, nil, nil
	},
	"POST /admin/groups/{id}/join": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/admin/groups/%d/join", f.groups["family"]), url.Values{"user": {fmt.Sprint(f.userIDs[roleNormal])}}, nil, nil
	},
	"POST /admin/groups/{id}/leave": func(f *fixture) (string, url.Values, any, []byte) {
		return fmt.Sprintf("/admin/groups/%d/leave", f.groups["family"]), url.Values{"user": {fmt.Sprint(f.userIDs[roleMember])}}, nil, nil
	},
	// An empty settings form turns guest access off.
	"POST /admin/settings": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/settings", url.Values{}, nil, nil
	},
	"POST /admin/blocks": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/blocks", url.Values{"network": {"192.0.2.0/24"}}, nil, nil
	},
	"POST /admin/blocks/{id}/delete": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/blocks/1/delete", url.Values{}, nil, nil
	},
	"POST /admin/review/publish": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/review/publish", url.Values{"ids": {f.items[visPending].Key}}, nil, nil
	},
	"POST /admin/review/reject": func(f *fixture) (string, url.Values, any, []byte) {
		return "/admin/review/reject", url.Values{"ids": {f.items[visPending].Key}}, nil, nil
	},
	"POST /searches": func(f *fixture) (string, url.Values, any, []byte) {
		return "/searches", url.Values{"q": {"forged"}, "name": {"forged"}, "smart": {"1"}}, nil, nil
	},
	"POST /searches/{id}": func(f *fixture) (string, url.Values, any, []byte) {
		return "/searches/1", url.Values{"q": {"forged"}, "name": {"forged"}}, nil, nil
	},
	"POST /searches/{id}/delete": func(f *fixture) (string, url.Values, any, []byte) {
		return "/searches/1/delete", url.Values{}, nil, nil
	},
}

// batchCSRF is a batch action's forged request: each batch route gets one.
func batchCSRF(action string) func(f *fixture) (string, url.Values, any, []byte) {
	return func(f *fixture) (string, url.Values, any, []byte) {
		form := url.Values{"ids": {f.items[visPublic].Key}, "tags": {"forged"}, "album": {fmt.Sprint(f.albums[visHidden])},
			"from": {fmt.Sprint(f.albums[visPublic])}, "level": {"8"}}
		return "/batch/" + action, form, nil, nil
	}
}

func init() {
	for _, a := range []string{"tag", "untag", "copy", "move", "remove", "delete", "restore", "level", "cover"} {
		csrfAttempts["POST /batch/"+a] = batchCSRF(a)
	}
	csrfAttempts["POST /batch/undo"] = func(f *fixture) (string, url.Values, any, []byte) {
		return "/batch/undo", url.Values{"token": {"forged"}, "next": {"/"}}, nil, nil
	}
}

func TestAttackCSRF(t *testing.T) {
	for name, f := range newMatrixFixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := snapshot(t, f.store, true)
			for _, rt := range (&Handler{}).routeTable() {
				if rt.csrf == noToken || rt.csrf == sameSite {
					continue
				}
				attempt := csrfAttempts[rt.pattern]
				if attempt == nil {
					t.Errorf("route %s needs a token but has no CSRF attempt", rt.pattern)
					continue
				}
				path, form, js, raw := attempt(f)
				method := strings.Fields(rt.pattern)[0]
				// Tokens that must not do: none, a made-up one, another
				// session's valid one, and the right one in the URL
				// instead of the form.
				tokens := []struct{ name, token, query string }{
					{"no token", "", ""},
					{"forged token", "forged", ""},
					{"another session's token", f.csrf[roleContributor], ""},
				}
				if rt.csrf == formToken {
					tokens = append(tokens, struct{ name, token, query string }{"token in the URL", "", "?csrf=" + url.QueryEscape(f.csrf[roleAdmin])})
				}
				for _, tk := range tokens {
					t.Run(rt.pattern+"/"+tk.name, func(t *testing.T) {
						var rd io.Reader
						ctype := ""
						switch {
						case form != nil:
							v := url.Values{}
							for k, vs := range form {
								v[k] = vs
							}
							if tk.token != "" {
								v.Set("csrf", tk.token)
							}
							rd, ctype = strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
						case js != nil:
							b, _ := json.Marshal(js)
							rd, ctype = bytes.NewReader(b), "application/json"
						default:
							rd = bytes.NewReader(raw)
						}
						req, err := http.NewRequest(method, f.s.URL+path+tk.query, rd)
						must(t, err)
						if ctype != "" {
							req.Header.Set("Content-Type", ctype)
						}
						req.Header.Set("Upload-Offset", "0")
						if rt.csrf == apiToken && tk.token != "" {
							req.Header.Set("X-CSRF-Token", tk.token)
						}
						resp, err := f.clients[roleAdmin].Do(req)
						body(t, resp, err)
						if resp.StatusCode != http.StatusForbidden {
							t.Errorf("%s %s as admin with %s: got %d, want 403", method, path, tk.name, resp.StatusCode)
						}
						if after := snapshot(t, f.store, true); after != before {
							t.Fatalf("%s %s with %s changed the database:\n--- before\n%s\n--- after\n%s", method, path, tk.name, before, after)
						}
					})
				}
			}
			// The admin's session is still open, and the staged upload
			// received nothing.
			if a := f.request(t, roleAdmin, "GET", "/account", nil, nil, noToken); a.status != 200 {
				t.Errorf("the admin's session was closed: GET /account got %d", a.status)
			}
			a := f.request(t, roleAdmin, "HEAD", "/api/uploads/"+f.staged[roleAdmin], nil, nil, noToken)
			if got := a.header.Get("Upload-Offset"); a.status != 204 || got != "0" {
				t.Errorf("the staged upload moved: %d at offset %q", a.status, got)
			}
		})
	}
}

// sameAnswer fails unless a and b look alike once their paths are
// taken out: what a caller may not reach looks like what does not exist.
func sameAnswer(t *testing.T, what string, a answer, pathA string, b answer, pathB string) {
	t.Helper()
	if ta, tb := a.text(pathA), b.text(pathB); a.status != b.status || ta != tb {
		t.Errorf("%s: %d differs from the answer for a missing object, %d:\n%s\n--- missing:\n%s", what, a.status, b.status, clipText(ta), clipText(tb))
	}
}

func TestAttackIDOR(t *testing.T) {
	for name, f := range newMatrixFixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := snapshot(t, f.store, true)
			missingUpload := strings.Repeat("0", 31) + "1"
			// Someone else's upload in progress, by its id.
			for _, sfx := range []struct{ method, suffix string }{{"HEAD", ""}, {"PATCH", ""}, {"POST", "/finish"}} {
				other := "/api/uploads/" + f.staged[roleAdmin] + sfx.suffix
				none := "/api/uploads/" + missingUpload + sfx.suffix
				a := f.request(t, roleContributor, sfx.method, other, nil, nil, apiToken)
				b := f.request(t, roleContributor, sfx.method, none, nil, nil, apiToken)
				if a.status != 404 {
					t.Errorf("%s %s as the contributor: got %d, want 404", sfx.method, other, a.status)
				}
				sameAnswer(t, sfx.method+" another's upload", a, other, b, none)
			}
			hidden, missing := strconv.FormatInt(f.albums[visHidden], 10), "999999"
			// Album ids in paths.
			for _, r := range []role{roleNormal, roleContributor, roleEditor} {
				for _, tmpl := range []struct{ method, path string }{{"GET", "/albums/%s"}, {"POST", "/albums/%s/visibility"}} {
					pa, pb := fmt.Sprintf(tmpl.path, hidden), fmt.Sprintf(tmpl.path, missing)
					form := url.Values{"public": {"true"}}
					if tmpl.method == "GET" {
						form = nil
					}
					a := f.request(t, r, tmpl.method, pa, form, nil, formToken)
					b := f.request(t, r, tmpl.method, pb, form, nil, formToken)
					if a.status != 404 {
						t.Errorf("%s %s as %s: got %d, want 404", tmpl.method, pa, r, a.status)
					}
					sameAnswer(t, fmt.Sprintf("%s %s as %s", tmpl.method, pa, r), a, pa, b, pb)
				}
			}
			// An album id in the upload API.
			a := f.request(t, roleContributor, "POST", "/api/uploads", nil, map[string]any{"name": "x.jpg", "size": 10, "album": f.albums[visHidden]}, apiToken)
			b := f.request(t, roleContributor, "POST", "/api/uploads", nil, map[string]any{"name": "x.jpg", "size": 10, "album": 999999}, apiToken)
			if a.status != 404 {
				t.Errorf("upload into a hidden album: got %d, want 404", a.status)
			}
			sameAnswer(t, "upload into a hidden album", a, "", b, "")
			// Batch fields: the editor may edit one album's item, and tries
			// to file it in, move it out of, or take it from albums they
			// cannot touch; and to act on items they cannot edit.
			mine, theirs := f.items[visEdited].Key, f.items[visPublic].Key
			for _, tt := range []struct {
				name, action string
				form         func(album string) url.Values
				hiddenArgs   string
			}{
				{"copy into", "copy", func(al string) url.Values { return url.Values{"ids": {mine}, "album": {al}} }, hidden},
				{"move into", "move", func(al string) url.Values {
					return url.Values{"ids": {mine}, "from": {strconv.FormatInt(f.albums[visEdited], 10)}, "album": {al}}
				}, hidden},
				{"move out of", "move", func(al string) url.Values {
					return url.Values{"ids": {mine}, "from": {al}, "album": {strconv.FormatInt(f.albums[visEdited], 10)}}
				}, hidden},
				{"remove from", "remove", func(al string) url.Values { return url.Values{"ids": {mine}, "from": {al}} }, hidden},
				{"set the cover of", "cover", func(al string) url.Values { return url.Values{"ids": {mine}, "from": {al}} }, hidden},
				{"tag an item seen, not editable", "tag", func(k string) url.Values { return url.Values{"ids": {k}, "tags": {"mine"}} }, theirs},
				{"trash an item seen, not editable", "delete", func(k string) url.Values { return url.Values{"ids": {k}} }, theirs},
				{"trash a hidden item", "delete", func(k string) url.Values { return url.Values{"ids": {k}} }, f.items[visHidden].Key},
				{"trash a pending item", "delete", func(k string) url.Values { return url.Values{"ids": {k}} }, f.items[visPending].Key},
			} {
				missingArg := missing
				if tt.hiddenArgs != hidden {
					missingArg = "zzzzzzzzzzzzzzzzzzzzzzzzzz"
				}
				a := f.request(t, roleEditor, "POST", "/batch/"+tt.action, tt.form(tt.hiddenArgs), nil, formToken)
				b := f.request(t, roleEditor, "POST", "/batch/"+tt.action, tt.form(missingArg), nil, formToken)
				if a.status != 404 {
					t.Errorf("editor: %s: got %d, want 404", tt.name, a.status)
				}
				sameAnswer(t, "editor: "+tt.name, a, "", b, "")
			}
			// Nor may the editor set levels, restore, or make albums.
			for _, tt := range []struct {
				action string
				form   url.Values
			}{
				{"level", url.Values{"ids": {mine}, "level": {"0"}}},
				{"restore", url.Values{"ids": {mine}}},
				{"tag", url.Values{"ids": {mine}, "tags": {"x"}, "new_album": {"mine"}}},
			} {
				if a := f.request(t, roleEditor, "POST", "/batch/"+tt.action, tt.form, nil, formToken); a.status != 404 {
					t.Errorf("editor: batch %s %v: got %d, want 404", tt.action, tt.form, a.status)
				}
			}
			// An item key in the edit form's path.
			for _, r := range []role{roleNormal, roleEditor} {
				pa, pb := "/m/"+f.items[visHidden].Key+"/edit", "/m/zzzzzzzzzzzzzzzzzzzzzzzzzz/edit"
				a := f.request(t, r, "POST", pa, url.Values{"title": {"mine"}}, nil, formToken)
				b := f.request(t, r, "POST", pb, url.Values{"title": {"mine"}}, nil, formToken)
				sameAnswer(t, "edit a hidden item as "+string(r), a, pa, b, pb)
			}
			if after := snapshot(t, f.store, true); after != before {
				t.Errorf("the database changed:\n--- before\n%s\n--- after\n%s", before, after)
			}
		})
	}
}

func TestAttackBruteForce(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			hash, err := auth.HashPassword(matrixPassword)
			must(t, err)
			for _, n := range []string{"victim", "bob", "carol"} {
				must(t, s.store.AddUser(ctx, &gallery.User{Name: n, Role: gallery.RoleNormal, PasswordHash: hash}))
			}
			// The test server's peer is a trusted proxy (see newSites): the
			// last X-Forwarded-For entry is the client.
			login := func(from, name, password string) (int, string) {
				req, _ := http.NewRequest("POST", s.URL+"/login", strings.NewReader(url.Values{"name": {name}, "password": {password}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", "198.18.0.1, "+from)
				resp, err := s.client(false).Do(req)
				b := body(t, resp, err)
				return resp.StatusCode, b
			}
			t.Run("a guesser locks only their own tries", func(t *testing.T) {
				for i := range 5 {
					if st, _ := login("203.0.113.7", "victim", fmt.Sprintf("guess %d", i)); st != 401 {
						t.Fatalf("wrong password %d: got %d, want 401", i, st)
					}
				}
				st, page := login("203.0.113.7", "victim", matrixPassword)
				if st != 401 || !strings.Contains(page, "Invalid user name or password") {
					t.Errorf("right password after 5 failures from the guesser's address: got %d, want the same 401 as a wrong one", st)
				}
				// The owner, from an address that has not failed, signs in
				// at once: nobody can lock someone else out.
				if st, _ := login("198.51.100.9", "victim", matrixPassword); st != 303 {
					t.Errorf("right password from a clean address: got %d, want 303", st)
				}
				// Guesses spread over many addresses each get their few
				// tries, and the owner still signs in.
				for i := range 30 {
					login(fmt.Sprintf("192.0.2.%d", 100+i), "victim", "spread guess")
				}
				if st, _ := login("198.51.100.10", "victim", matrixPassword); st != 303 {
					t.Errorf("right password after spread guesses: got %d, want 303", st)
				}
			})
			t.Run("address locked across an IPv6 /64", func(t *testing.T) {
				// Twenty failures, each from another address of one /64
				// and on another account name: only the network counts.
				for i := range 20 {
					if st, _ := login(fmt.Sprintf("2001:db8:1:2::%x", i+1), fmt.Sprintf("nobody%d", i), "guess"); st != 401 {
						t.Fatalf("failure %d: got %d", i, st)
					}
				}
				if st, _ := login("2001:db8:1:2:ffff:ffff:ffff:fffe", "bob", matrixPassword); st != 401 {
					t.Errorf("right password from the same /64: got %d, want 401 (address locked)", st)
				}
				if st, _ := login("2001:db8:1:3::1", "bob", matrixPassword); st != 303 {
					t.Errorf("right password from the next /64: got %d, want 303", st)
				}
				if st, _ := login("192.0.2.44", "carol", matrixPassword); st != 303 {
					t.Errorf("right password from an IPv4 address: got %d, want 303", st)
				}
			})
		})
	}
}

// startUploads starts n uploads of size bytes at once, each by the
// client and token given, and returns their statuses and answers.
func startUploads(base string, clients []*http.Client, tokens []string, album int64, size int) ([]int, []map[string]any) {
	n := len(clients)
	statuses, outs := make([]int, n), make([]map[string]any, n)
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			js, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("race%d.jpg", i), "size": size, "album": album})
			req, _ := http.NewRequest("POST", base+"/api/uploads", bytes.NewReader(js))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", tokens[i])
			<-gate
			resp, err := clients[i].Do(req)
			if err != nil {
				return
			}
			defer resp.Body.Close()
			statuses[i] = resp.StatusCode
			json.NewDecoder(resp.Body).Decode(&outs[i])
		}()
	}
	close(gate)
	wg.Wait()
	return statuses, outs
}

// checkOneAccepted requires exactly one upload accepted and the others
// refused as over quota, with a message.
func checkOneAccepted(t *testing.T, statuses []int, outs []map[string]any, mention string) int {
	t.Helper()
	accepted := -1
	for i, st := range statuses {
		switch {
		case st == http.StatusCreated && accepted < 0:
			accepted = i
		case st == http.StatusCreated:
			t.Errorf("upload %d accepted too: the quota holds one", i)
		case st == http.StatusRequestEntityTooLarge:
			if msg, _ := outs[i]["error"].(string); !strings.Contains(msg, "quota") || !strings.Contains(msg, mention) {
				t.Errorf("upload %d refused with %q, want a message about the quota of %s", i, msg, mention)
			}
		default:
			t.Errorf("upload %d: got %d %v", i, st, outs[i])
		}
	}
	if accepted < 0 {
		t.Errorf("no upload accepted: %v", statuses)
	}
	return accepted
}

func TestAttackQuotaRace(t *testing.T) {
	file := testmedia.Path(t, "cameras/Canon.jpg")
	data, err := os.ReadFile(file)
	must(t, err)
	size := len(data)
	quota := int64(size * 3 / 2)
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := s.store
			album, err := st.CreateAlbum(ctx, 0, "Envois")
			must(t, err)
			hash, err := auth.HashPassword(matrixPassword)
			must(t, err)
			f := &fixture{s: s, store: st, clients: map[role]*http.Client{}, csrf: map[role]string{}, names: map[role]string{}}
			add := func(r role, q *int64) int64 {
				u := &gallery.User{Name: string(r), Role: gallery.RoleNormal, PasswordHash: hash, Quota: q}
				must(t, st.AddUser(ctx, u))
				must(t, st.SetGrant(ctx, album, u.ID, 0, gallery.PermView|gallery.PermContribute))
				f.names[r] = u.Name
				f.clients[r], f.csrf[r] = f.signIn(t, r)
				return u.ID
			}
			t.Run("user quota", func(t *testing.T) {
				add("solo", &quota)
				c, tok := f.clients["solo"], f.csrf["solo"]
				statuses, outs := startUploads(s.URL, []*http.Client{c, c, c, c}, []string{tok, tok, tok, tok}, album, size)
				i := checkOneAccepted(t, statuses, outs, "your storage")
				if i < 0 {
					return
				}
				// The accepted one arrives; the quota then counts it.
				id := outs[i]["id"].(string)
				if resp, out := apiDo(t, c, "PATCH", s.URL+"/api/uploads/"+id, tok, map[string]string{"Upload-Offset": "0"}, data); resp.StatusCode != 200 {
					t.Fatalf("chunk: %d %v", resp.StatusCode, out)
				}
				if resp, out := apiDo(t, c, "POST", s.URL+"/api/uploads/"+id+"/finish", tok, nil, nil); resp.StatusCode != 200 {
					t.Fatalf("finish: %d %v", resp.StatusCode, out)
				}
				statuses, outs = startUploads(s.URL, []*http.Client{c}, []string{tok}, album, size)
				if statuses[0] != http.StatusRequestEntityTooLarge {
					t.Errorf("upload after the quota is used: got %d %v, want 413", statuses[0], outs[0])
				}
			})
			t.Run("group quota", func(t *testing.T) {
				g, err := st.CreateGroup(ctx, "club")
				must(t, err)
				must(t, st.SetGroupQuota(ctx, g, &quota))
				a, b := add("ann", nil), add("ben", nil)
				must(t, st.SetMember(ctx, g, a, true))
				must(t, st.SetMember(ctx, g, b, true))
				ca, cb := f.clients["ann"], f.clients["ben"]
				ta, tb := f.csrf["ann"], f.csrf["ben"]
				statuses, outs := startUploads(s.URL, []*http.Client{ca, cb, ca, cb}, []string{ta, tb, ta, tb}, album, size)
				checkOneAccepted(t, statuses, outs, "club")
			})
		})
	}
}
