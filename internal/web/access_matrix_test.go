package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"
)

// The access matrix walks the route table: every route, asked by every
// kind of caller about every kind of album and item, must answer what the
// rights model promises, and must not let slip anything the caller may
// not see. The expectations below are written by hand from the rules, not
// computed by gallery.ComputeAccess: a bug there must show up here.

// role is who makes a request.
type role string

const (
	roleGuest       role = "guest"       // no cookie
	roleNormal      role = "normal"      // an account with one album granted to it
	roleMember      role = "member"      // in the group "family", privacy level family
	roleContributor role = "contributor" // may view and contribute to one album
	roleEditor      role = "editor"      // may view and edit one album, through a group
	roleAdmin       role = "admin"
	roleWebmaster   role = "webmaster"
)

var allRoles = []role{roleGuest, roleNormal, roleMember, roleContributor, roleEditor, roleAdmin, roleWebmaster}

func (r role) isAdmin() bool { return r == roleAdmin || r == roleWebmaster }

// matrixPassword is every fixture account's password.
const matrixPassword = "correct horse battery"

// vis is one visibility of the fixture: an album, an item, or both. Its
// value is the unique marker written into the title, description, tag and
// album name of what it names, so that a page leaking it is caught by a
// plain substring search. No marker is a substring of another.
type vis string

const (
	visPublic     vis = "zpublicz"      // public root album, its item at level 0
	visFriends    vis = "zfriendsz"     // item at level friends (2) in the public album
	visAdmins     vis = "zadminsz"      // item at level administrators (8) in the public album
	visShell      vis = "zshellz"       // public root album with no item of its own
	visShellChild vis = "zshellchildz"  // private sub-album of the shell: public does not pass down
	visUser       vis = "zusergrantz"   // private root album granted to normal (view, download)
	visGroup      vis = "zgroupgrantz"  // private root album granted to the group family (view)
	visInherit    vis = "zinheritz"     // private sub-album of visGroup that inherits its grants
	visNarrow     vis = "znarrowz"      // private sub-album of visGroup that does not inherit
	visHidden     vis = "zhiddenz"      // private root album granted to nobody
	visContrib    vis = "zcontribz"     // private root album: contributor may view and contribute
	visEdited     vis = "zeditedz"      // private root album: the group editors may view and edit
	visPending    vis = "zpendingz"     // contributor's upload into visContrib, awaiting review
	visNone       vis = "znonexistentz" // names nothing: the objects that do not exist
)

var allVis = []vis{visPublic, visFriends, visAdmins, visShell, visShellChild, visUser, visGroup, visInherit, visNarrow, visHidden, visContrib, visEdited, visPending}

// albumVis are the visibilities that are albums, with their place in the
// tree and their rule.
var albumVis = []struct {
	v               vis
	parent          vis
	public, inherit bool
}{
	{visPublic, "", true, true},
	{visShell, "", true, true},
	{visShellChild, visShell, false, true},
	{visUser, "", false, true},
	{visGroup, "", false, true},
	{visInherit, visGroup, false, true},
	{visNarrow, visGroup, false, false},
	{visHidden, "", false, true},
	{visContrib, "", false, true},
	{visEdited, "", false, true},
}

// itemFiles are the visibilities that are items, with their file; the
// album they live in is their own unless itemAlbum says otherwise. The
// pending item arrives through an upload instead.
var itemFiles = map[vis]string{
	visPublic: "cameras/Canon.jpg", visFriends: "cameras/Sony.jpg", visAdmins: "cameras/Pentax.jpg",
	visShellChild: "cameras/Motorola.jpg", visUser: "cameras/Apple.jpg", visGroup: "cameras/Fujifilm_FinePix_E500.jpg",
	visInherit: "cameras/InfiRay.jpg", visNarrow: "cameras/Sanyo.jpg", visHidden: "cameras/Ricoh.jpg",
	visContrib: "cameras/Nikon.jpg", visEdited: "cameras/Olympus.jpg",
}

const pendingFile = "cameras/Sigma.jpg"

var itemAlbum = map[vis]vis{visFriends: visPublic, visAdmins: visPublic, visPending: visContrib}

// itemTaken orders the items' dates so that, were the level or review
// filters to slip, a hidden item would become an album's cover (the first
// item by date).
var itemTaken = map[vis]int{visAdmins: 1990, visFriends: 1991, visPending: 1985}

// What each role may do, written by hand from the rules: a public album
// is seen by all (guest access is on), its items up to the caller's
// level; a private one by whom it is granted to, directly, through a
// group, or through an inheriting parent; a pending item by nobody.
// Administrators (not listed) may do everything with everything.
var (
	sees = map[role][]vis{
		roleGuest:       {visPublic, visShell},
		roleNormal:      {visPublic, visShell, visUser},
		roleMember:      {visPublic, visFriends, visShell, visGroup, visInherit},
		roleContributor: {visPublic, visShell, visContrib},
		roleEditor:      {visPublic, visShell, visEdited},
	}
	// Originals: signed-in callers in public albums, and grants with the
	// download right; guests not, guest_download being off.
	downloads = map[role][]vis{
		roleNormal:      {visPublic, visUser},
		roleMember:      {visPublic, visFriends},
		roleContributor: {visPublic},
		roleEditor:      {visPublic},
	}
	// A whole album's originals: where the caller may download.
	albumDownloads = map[role][]vis{
		roleNormal:      {visPublic, visShell, visUser},
		roleMember:      {visPublic, visShell},
		roleContributor: {visPublic, visShell},
		roleEditor:      {visPublic, visShell},
	}
	edits       = map[role][]vis{roleEditor: {visEdited}}
	contributes = map[role][]vis{roleContributor: {visContrib}}
)

func can(table map[role][]vis, r role, v vis) bool {
	return v != visNone && (r.isAdmin() || slices.Contains(table[r], v))
}

// fixture is one database's library, accounts and signed-in clients.
type fixture struct {
	s       *site
	store   *sqlstore.Store
	clients map[role]*http.Client
	csrf    map[role]string
	names   map[role]string
	userIDs map[role]int64
	items   map[vis]gallery.Media
	albums  map[vis]int64
	rule    map[vis][2]bool // public, inherit
	groups  map[string]int64
	// staged is an upload in progress for contributor and admin.
	staged map[role]string
	asset  string // a static file's fingerprinted name
}

// newMatrixFixtures builds the fixture on every database, directly through
// the store, then signs every role in through POST /login.
func newMatrixFixtures(t *testing.T) map[string]*fixture {
	t.Helper()
	var files []string
	for _, v := range allVis {
		if f, ok := itemFiles[v]; ok {
			files = append(files, f)
		}
	}
	out := map[string]*fixture{}
	for name, s := range newSites(t, files...) {
		out[name] = buildFixture(t, s)
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func buildFixture(t *testing.T, s *site) *fixture {
	t.Helper()
	ctx := context.Background()
	st := s.store
	f := &fixture{s: s, store: st, clients: map[role]*http.Client{}, csrf: map[role]string{}, names: map[role]string{},
		userIDs: map[role]int64{}, items: map[vis]gallery.Media{}, albums: map[vis]int64{}, rule: map[vis][2]bool{},
		groups: map[string]int64{}, staged: map[role]string{}}
	must(t, st.SetSetting(ctx, "guest_access", "true"))
	must(t, st.SetSetting(ctx, "guest_download", "false"))

	hash, err := auth.HashPassword(matrixPassword)
	must(t, err)
	accounts := []struct {
		r     role
		role  gallery.Role
		level int
	}{
		{roleNormal, gallery.RoleNormal, gallery.LevelEverybody},
		{roleMember, gallery.RoleNormal, gallery.LevelFamily},
		{roleContributor, gallery.RoleNormal, gallery.LevelEverybody},
		{roleEditor, gallery.RoleNormal, gallery.LevelEverybody},
		{roleAdmin, gallery.RoleAdmin, gallery.LevelAdmins},
		{roleWebmaster, gallery.RoleWebmaster, gallery.LevelAdmins},
	}
	for _, a := range accounts {
		u := &gallery.User{Name: "user-" + string(a.r), Role: a.role, PasswordHash: hash, Level: a.level}
		must(t, st.AddUser(ctx, u))
		f.names[a.r], f.userIDs[a.r] = u.Name, u.ID
	}
	for _, g := range []string{"family", "editors"} {
		id, err := st.CreateGroup(ctx, g)
		must(t, err)
		f.groups[g] = id
	}
	must(t, st.SetMember(ctx, f.groups["family"], f.userIDs[roleMember], true))
	must(t, st.SetMember(ctx, f.groups["editors"], f.userIDs[roleEditor], true))

	for _, a := range albumVis {
		id, err := st.CreateAlbum(ctx, f.albums[a.parent], "Album "+string(a.v))
		must(t, err)
		must(t, st.SetAlbumAccess(ctx, id, a.public, a.inherit))
		f.albums[a.v], f.rule[a.v] = id, [2]bool{a.public, a.inherit}
	}
	must(t, st.SetGrant(ctx, f.albums[visUser], f.userIDs[roleNormal], 0, gallery.PermView|gallery.PermDownload))
	must(t, st.SetGrant(ctx, f.albums[visGroup], 0, f.groups["family"], gallery.PermView))
	must(t, st.SetGrant(ctx, f.albums[visContrib], f.userIDs[roleContributor], 0, gallery.PermView|gallery.PermContribute))
	must(t, st.SetGrant(ctx, f.albums[visEdited], 0, f.groups["editors"], gallery.PermView|gallery.PermEdit))

	// File each imported item in its album, then drop the import's album.
	byFile := map[string]gallery.Media{}
	must(t, st.EachMedia(ctx, func(m gallery.Media) error { byFile[m.Filename] = m; return nil }))
	for v, file := range itemFiles {
		m, ok := byFile[file[strings.LastIndex(file, "/")+1:]]
		if !ok || m.Meta.Kind != gallery.KindImage {
			t.Fatalf("fixture: %s was not imported as an image", file)
		}
		album := v
		if a, ok := itemAlbum[v]; ok {
			album = a
		}
		must(t, st.AddToAlbums(ctx, []int64{m.ID}, f.albums[album]))
		f.items[v] = m
	}
	roots, _, err := st.AlbumNodes(ctx, &gallery.Access{All: true})
	must(t, err)
	for _, a := range roots {
		if a.Name == "Tests" {
			must(t, st.DeleteAlbum(ctx, a.ID, false, time.Now()))
		}
	}
	must(t, st.SetLevel(ctx, []int64{f.items[visFriends].ID}, gallery.LevelFriends))
	must(t, st.SetLevel(ctx, []int64{f.items[visAdmins].ID}, gallery.LevelAdmins))

	for _, r := range allRoles {
		if r != roleGuest {
			f.clients[r], f.csrf[r] = f.signIn(t, r)
		}
	}
	f.clients[roleGuest] = s.client(false)

	// The pending item comes the way contributions come: uploaded by the
	// contributor through the API, into the album they may contribute to.
	// Its file name is the contributor's own, shown in their list of
	// uploads; the marker is in what others give it (title, description,
	// tag), which they must not see while it waits.
	status, out := f.upload(t, roleContributor, testmedia.Path(t, pendingFile), "upload-contribution.jpg", f.albums[visContrib])
	if status != 200 || out["outcome"] != "pending" || out["key"] != "" {
		t.Fatalf("fixture: contribution answered %d %v, want pending without a key", status, out)
	}
	must(t, st.EachMedia(ctx, func(m gallery.Media) error {
		if m.Pending {
			f.items[visPending] = m
		}
		return nil
	}))
	if f.items[visPending].ID == 0 {
		t.Fatal("fixture: no pending item after the contribution")
	}

	for v, m := range f.items {
		must(t, st.Edit(ctx, m.ID, map[string]string{"title": "Title " + string(v), "description": "Description " + string(v)}))
		must(t, st.AddTags(ctx, []int64{m.ID}, []string{"tag-" + string(v)}))
		year := 2000 + slices.Index(allVis, v)
		if y, ok := itemTaken[v]; ok {
			year = y
		}
		taken := time.Date(year, 6, 1, 12, 0, 0, 0, time.UTC)
		must(t, st.SetTaken(ctx, m.ID, &taken))
		fresh, err := st.MediaByID(ctx, m.ID)
		must(t, err)
		f.items[v] = fresh
	}

	// Uploads in progress, for the routes that resume them.
	for _, r := range []role{roleContributor, roleAdmin} {
		body, _ := json.Marshal(map[string]any{"name": "staged.jpg", "size": 100, "album": f.albums[visContrib]})
		resp, out := apiDo(t, f.clients[r], "POST", s.URL+"/api/uploads", f.csrf[r], map[string]string{"Content-Type": "application/json"}, body)
		if resp.StatusCode != 201 {
			t.Fatalf("fixture: staging an upload as %s: %d %v", r, resp.StatusCode, out)
		}
		f.staged[r] = out["id"].(string)
	}

	m := regexp.MustCompile(`/static/(app\.[0-9a-f]+\.css)`).FindStringSubmatch(get(t, f.clients[roleGuest], s.URL+"/login"))
	if m == nil {
		t.Fatal("fixture: no stylesheet on the sign-in page")
	}
	f.asset = m[1]
	return f
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs r in through the sign-in form, with a client of its own,
// and returns it with the session's CSRF token.
func (f *fixture) signIn(t *testing.T, r role) (*http.Client, string) {
	t.Helper()
	c := f.s.client(false)
	resp, err := c.PostForm(f.s.URL+"/login", url.Values{"name": {f.names[r]}, "password": {matrixPassword}})
	body(t, resp, err)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: got %d, want 303", r, resp.StatusCode)
	}
	m := csrfField.FindStringSubmatch(get(t, c, f.s.URL+"/account"))
	if m == nil {
		t.Fatalf("sign in as %s: no CSRF token on /account", r)
	}
	return c, m[1]
}

// upload sends a file through the upload API as r and returns the
// finishing request's status and answer.
func (f *fixture) upload(t *testing.T, r role, path, name string, album int64) (int, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	c, csrf, base := f.clients[r], f.csrf[r], f.s.URL+"/api/uploads"
	js, _ := json.Marshal(map[string]any{"name": name, "size": len(data), "album": album})
	resp, out := apiDo(t, c, "POST", base, csrf, map[string]string{"Content-Type": "application/json"}, js)
	if resp.StatusCode != 201 {
		return resp.StatusCode, out
	}
	id := out["id"].(string)
	if resp, out := apiDo(t, c, "PATCH", base+"/"+id, csrf, map[string]string{"Upload-Offset": "0"}, data); resp.StatusCode != 200 {
		return resp.StatusCode, out
	}
	resp, out = apiDo(t, c, "POST", base+"/"+id+"/finish", csrf, nil, nil)
	return resp.StatusCode, out
}

// answer is what came back, read whole.
type answer struct {
	status int
	header http.Header
	body   string
}

// probe is one request of the matrix.
type probe struct {
	name string // the visibility, or what is asked
	vis  vis    // the object asked about; "" when none, visNone when it does not exist
	path string
	// form is sent as a form (with the caller's CSRF token on formToken
	// routes), js as JSON (with the X-CSRF-Token header on apiToken ones).
	form   url.Values
	formOf func(r role) url.Values // instead of form, when it depends on the caller
	js     any
	raw    []byte
	header map[string]string
	// fresh asks for a session of its own: the request ends or replaces it.
	fresh bool
	// ok is the answer of a caller allowed; allowed tells who is. Others
	// are refused. want, when set, says it all instead.
	ok      int
	allowed func(r role) bool
	want    func(r role) int
}

// refused is what a caller gets for something they may not reach: a guest
// asking for a page is offered to sign in, everyone else gets the 404 page
// (and a file is a 404 for all): the same as for what does not exist.
func refused(r role, method, path string) int {
	if r == roleGuest && method == http.MethodGet && !strings.HasPrefix(path, "/i/") {
		return http.StatusSeeOther
	}
	return http.StatusNotFound
}

func everyone(role) bool      { return true }
func anySignedIn(r role) bool { return r != roleGuest }
func onlyAdmins(r role) bool  { return r.isAdmin() }
func onlyRoles(who ...role) func(role) bool {
	return func(r role) bool { return slices.Contains(who, r) }
}

// wanted is the status probe p must get for r.
func (p probe) wanted(r role, method string) int {
	switch {
	case p.want != nil:
		return p.want(r)
	case p.allowed != nil && p.allowed(r):
		return p.ok
	}
	return refused(r, method, p.path)
}

// perItem makes one probe per item visibility and one for a missing item.
func (f *fixture) perItem(mk func(v vis, key string) probe) []probe {
	var out []probe
	for _, v := range allVis {
		if m, ok := f.items[v]; ok {
			p := mk(v, m.Key)
			p.name, p.vis = string(v), v
			out = append(out, p)
		}
	}
	p := mk(visNone, "zzzzzzzzzzzzzzzzzzzzzzzzzz")
	p.name, p.vis = "missing", visNone
	return append(out, p)
}

// perAlbum makes one probe per album visibility and one for a missing one.
func (f *fixture) perAlbum(mk func(v vis, id int64) probe) []probe {
	var out []probe
	for _, a := range albumVis {
		p := mk(a.v, f.albums[a.v])
		p.name, p.vis = string(a.v), a.v
		out = append(out, p)
	}
	p := mk(visNone, 999999)
	p.name, p.vis = "missing", visNone
	return append(out, p)
}

// uploadProbes asks about the contributor's and the admin's uploads in
// progress and about one that does not exist; only the owner reaches one.
func (f *fixture) uploadProbes(suffix string, p probe) []probe {
	var out []probe
	for _, owner := range []role{roleContributor, roleAdmin} {
		q := p
		q.name, q.path, q.allowed = "of "+string(owner), "/api/uploads/"+f.staged[owner]+suffix, onlyRoles(owner)
		out = append(out, q)
	}
	p.name, p.vis, p.path, p.allowed = "missing", visNone, "/api/uploads/"+strings.Repeat("0", 31)+"1"+suffix, nil
	return append(out, p)
}

// accessMatrix has an entry for every route of the table, keyed by its
// pattern: the requests to make and who may make them.
var accessMatrix = map[string]func(f *fixture) []probe{
	"GET /healthz": func(f *fixture) []probe {
		return []probe{{name: "health", path: "/healthz", ok: 200, allowed: everyone}}
	},
	"GET /static/{name}": func(f *fixture) []probe {
		return []probe{
			{name: "stylesheet", path: "/static/" + f.asset, ok: 200, allowed: everyone},
			{name: "missing", path: "/static/nothing.css", want: func(role) int { return 404 }},
		}
	},
	// Accounts exist: the first-account page is closed to everyone.
	"GET /setup": func(f *fixture) []probe {
		return []probe{{name: "with the token", path: "/setup?token=" + f.s.setup, want: func(role) int { return 404 }}}
	},
	"POST /setup": func(f *fixture) []probe {
		return []probe{{name: "with the token", path: "/setup", form: url.Values{"token": {f.s.setup}, "name": {"intruder"}, "password": {matrixPassword}},
			want: func(role) int { return 404 }}}
	},
	// A code with no pending sign-in behind it opens nothing, whoever
	// sends it (the second step itself is tested in TestTOTP).
	"POST /login/code": func(f *fixture) []probe {
		return []probe{{name: "no pending sign-in", path: "/login/code", fresh: true,
			form: url.Values{"pending": {"nothing"}, "code": {"123456"}}, want: func(role) int { return http.StatusUnauthorized }}}
	},
	// Registration is off by default, and an invitation token that was
	// never made opens nothing (both flows are tested in TestRegister).
	"GET /register": func(f *fixture) []probe {
		return []probe{{name: "off", path: "/register", want: func(role) int { return http.StatusNotFound }}}
	},
	"POST /register": func(f *fixture) []probe {
		return []probe{{name: "off", path: "/register", fresh: true, form: url.Values{"name": {"newcomer"}, "password": {matrixPassword}},
			want: func(role) int { return http.StatusNotFound }}}
	},
	"GET /invite/{token}": func(f *fixture) []probe {
		return []probe{{name: "unknown", path: "/invite/not-a-token", want: func(role) int { return http.StatusNotFound }}}
	},
	"POST /invite/{token}": func(f *fixture) []probe {
		return []probe{{name: "unknown", path: "/invite/not-a-token", fresh: true, form: url.Values{"name": {"newcomer"}, "password": {matrixPassword}},
			want: func(role) int { return http.StatusNotFound }}}
	},
	// Password resets are off without a mail server, and a reset token
	// that was never made opens nothing (the flow is TestPasswordReset's).
	"GET /reset": func(f *fixture) []probe {
		return []probe{{name: "off", path: "/reset", want: func(role) int { return http.StatusNotFound }}}
	},
	"POST /reset": func(f *fixture) []probe {
		return []probe{{name: "off", path: "/reset", fresh: true, form: url.Values{"who": {"anyone"}}, want: func(role) int { return http.StatusNotFound }}}
	},
	"GET /reset/{token}": func(f *fixture) []probe {
		return []probe{{name: "unknown", path: "/reset/not-a-token", want: func(role) int { return http.StatusNotFound }}}
	},
	"POST /reset/{token}": func(f *fixture) []probe {
		return []probe{{name: "unknown", path: "/reset/not-a-token", fresh: true, form: url.Values{"password": {"a long password"}},
			want: func(role) int { return http.StatusNotFound }}}
	},
	"GET /login": func(f *fixture) []probe {
		return []probe{{name: "page", path: "/login", ok: 200, allowed: everyone}}
	},
	// Each account signs in with its password; the guest tries an account
	// that does not exist.
	"POST /login": func(f *fixture) []probe {
		return []probe{{name: "own password", path: "/login", fresh: true, formOf: func(r role) url.Values {
			if r == roleGuest {
				return url.Values{"name": {"nobody"}, "password": {matrixPassword}}
			}
			return url.Values{"name": {f.names[r]}, "password": {matrixPassword}}
		}, want: func(r role) int {
			if r == roleGuest {
				return 401
			}
			return 303
		}}}
	},
	"POST /logout": func(f *fixture) []probe {
		return []probe{{name: "sign out", path: "/logout", form: url.Values{}, fresh: true, ok: 303, allowed: anySignedIn}}
	},
	"POST /lang": func(f *fixture) []probe {
		return []probe{{name: "english", path: "/lang", form: url.Values{"lang": {"en"}, "next": {"/"}}, ok: 303, allowed: everyone}}
	},
	"GET /{$}": func(f *fixture) []probe {
		return []probe{{name: "home", path: "/", ok: 200, allowed: everyone}}
	},
	"GET /albums/{id}": func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			return probe{path: fmt.Sprintf("/albums/%d", id), ok: 200, allowed: func(r role) bool { return can(sees, r, v) }}
		})
	},
	// An album's originals as one zip (its contents per level are checked
	// in TestAlbumZip).
	"GET /albums/{id}/download": func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			return probe{path: fmt.Sprintf("/albums/%d/download", id), ok: 200, allowed: func(r role) bool { return can(albumDownloads, r, v) }}
		})
	},
	// The feed lists what the caller may see; the leak check covers it.
	"GET /feed.atom": func(f *fixture) []probe {
		return []probe{{name: "feed", path: "/feed.atom", ok: 200, allowed: everyone}}
	},
	"GET /timeline": func(f *fixture) []probe {
		return []probe{{name: "timeline", path: "/timeline", ok: 200, allowed: everyone}}
	},
	"GET /m/{key}": func(f *fixture) []probe {
		return f.perItem(func(v vis, key string) probe {
			return probe{path: "/m/" + key, ok: 200, allowed: func(r role) bool { return can(sees, r, v) }}
		})
	},
	// The tag index names only the tags of items the caller sees.
	"GET /tags": func(f *fixture) []probe {
		return []probe{{name: "tag index", path: "/tags", ok: 200, allowed: everyone}}
	},
	"GET /tags/{$}": func(f *fixture) []probe {
		return []probe{{name: "tag index, with a slash", path: "/tags/", ok: 200, allowed: everyone}}
	},
	// Only staff preview the site as a visitor (a cookie, which takes
	// rights away). The probe ends a preview, so that the shared clients
	// keep their own view.
	"POST /view-as": func(f *fixture) []probe {
		return []probe{{name: "back from the visitor's view", path: "/view-as", form: url.Values{"as": {""}, "next": {"/"}}, ok: 303,
			allowed: func(r role) bool { return r == roleEditor || r.isAdmin() }}}
	},
	"GET /tags/{name...}": func(f *fixture) []probe {
		return f.perItem(func(v vis, key string) probe {
			return probe{path: "/tags/tag-" + string(v), ok: 200, allowed: func(r role) bool { return can(sees, r, v) }}
		})
	},
	"GET /i/{key}/{file}": func(f *fixture) []probe {
		derivative := f.perItem(func(v vis, key string) probe {
			return probe{path: "/i/" + key + "/medium.jpg", ok: 200, allowed: func(r role) bool { return can(sees, r, v) }}
		})
		original := f.perItem(func(v vis, key string) probe {
			return probe{path: "/i/" + key + "/original", ok: 200, allowed: func(r role) bool { return can(downloads, r, v) }}
		})
		for i := range original {
			original[i].name += " original"
		}
		return append(derivative, original...)
	},
	// Search finds, counts, facets and suggests only what the caller
	// sees: every marker is in a title, tag and album name, so the leak
	// check catches a hidden item in the grid, a facet or a suggestion. A
	// syntax error is the caller's mistake, a 400 page for everyone.
	"GET /search": func(f *fixture) []probe {
		return []probe{
			{name: "everything", path: "/search", ok: 200, allowed: everyone},
			{name: "a word in every title", path: "/search?q=Title&sort=taken", ok: 200, allowed: everyone},
			{name: "tags", path: "/search?q=tag:tag", ok: 200, allowed: everyone},
			{name: "syntax error", path: "/search?q=%28Title", want: func(role) int { return http.StatusBadRequest }},
		}
	},
	"GET /search/suggest": func(f *fixture) []probe {
		return []probe{
			{name: "tags", path: "/search/suggest?q=tag", ok: 200, allowed: everyone},
			{name: "albums", path: "/search/suggest?q=Album", ok: 200, allowed: everyone},
		}
	},
	"GET /search/advanced": func(f *fixture) []probe {
		return []probe{{name: "photos with words", path: "/search/advanced?q=Title&type=photo&gps=1", ok: 303, allowed: everyone}}
	},
	"GET /account": func(f *fixture) []probe {
		return []probe{{name: "page", path: "/account", ok: 200, allowed: anySignedIn}}
	},
	// Choosing to follow the browser's language changes nothing.
	"POST /account/lang": func(f *fixture) []probe {
		return []probe{{name: "language", path: "/account/lang", form: url.Values{"lang": {""}}, ok: 303, allowed: anySignedIn}}
	},
	// A wrong current password changes nothing, for everyone alike.
	"POST /account/password": func(f *fixture) []probe {
		return []probe{{name: "wrong current", path: "/account/password", form: url.Values{"current": {"not it at all"}, "new": {"whatever password"}}, ok: 303, allowed: anySignedIn}}
	},
	"POST /account/sessions": func(f *fixture) []probe {
		return []probe{{name: "sign out elsewhere", path: "/account/sessions", form: url.Values{}, ok: 303, allowed: anySignedIn}}
	},
	"POST /account/keys": func(f *fixture) []probe {
		return []probe{{name: "wrong password", path: "/account/keys", form: url.Values{"name": {"k"}, "password": {"not it at all"}}, ok: 303, allowed: anySignedIn}}
	},
	// A key that is not the caller's is answered like a missing one.
	"POST /account/keys/{id}/revoke": func(f *fixture) []probe {
		return []probe{{name: "missing key", path: "/account/keys/999999/revoke", form: url.Values{}, want: func(role) int { return 404 }}}
	},
	"POST /account/totp/start": func(f *fixture) []probe {
		return []probe{{name: "start", path: "/account/totp/start", form: url.Values{}, ok: 200, allowed: anySignedIn}}
	},
	"POST /account/totp/confirm": func(f *fixture) []probe {
		return []probe{{name: "wrong password", path: "/account/totp/confirm", form: url.Values{"current": {"not it at all"}, "secret": {"JBSWY3DPEHPK3PXP"}, "code": {"123456"}},
			ok: 303, allowed: anySignedIn}}
	},
	"POST /account/totp/off": func(f *fixture) []probe {
		return []probe{{name: "wrong password", path: "/account/totp/off", form: url.Values{"current": {"not it at all"}, "code": {"123456"}}, ok: 303, allowed: anySignedIn}}
	},
	// Saving the title an item already has.
	"POST /m/{key}/edit": func(f *fixture) []probe {
		return f.perItem(func(v vis, key string) probe {
			return probe{path: "/m/" + key + "/edit", form: url.Values{"title": {"Title " + string(v)}}, ok: 303,
				allowed: func(r role) bool { return can(edits, r, v) }}
		})
	},
	// Removing a tag nobody has.
	"POST /batch/untag": batchProbes("untag", url.Values{"tags": {"tag-nobody"}}, true),
	// Adding a tag the item has already: its own.
	"POST /batch/tag": func(f *fixture) []probe {
		return f.perItem(func(v vis, key string) probe {
			p := probe{path: "/batch/tag", form: url.Values{"tags": {"tag-" + string(v)}, "ids": {key}}, ok: 303,
				allowed: func(r role) bool { return can(edits, r, v) }}
			if v == visNone {
				p.allowed = onlyAdmins
			}
			return p
		})
	},
	// Copying into the album the item is in already.
	"POST /batch/copy": func(f *fixture) []probe {
		return []probe{{name: "own album", path: "/batch/copy", form: url.Values{"ids": {f.items[visEdited].Key}, "album": {strconv.FormatInt(f.albums[visEdited], 10)}},
			ok: 303, allowed: anyEditor}}
	},
	"POST /batch/move": func(f *fixture) []probe {
		id := strconv.FormatInt(f.albums[visEdited], 10)
		return []probe{{name: "to where it is", path: "/batch/move", form: url.Values{"ids": {f.items[visEdited].Key}, "album": {id}, "from": {id}},
			ok: 303, allowed: anyEditor}}
	},
	// Removing nothing: no item named.
	"POST /batch/remove": func(f *fixture) []probe {
		return []probe{{name: "nothing", path: "/batch/remove", form: url.Values{"from": {strconv.FormatInt(f.albums[visEdited], 10)}},
			ok: 303, allowed: anyEditor}}
	},
	// Deleting nothing.
	"POST /batch/delete": func(f *fixture) []probe {
		return []probe{{name: "nothing", path: "/batch/delete", form: url.Values{}, ok: 303, allowed: anySignedIn}}
	},
	// Restoring an item that is not in the trash.
	"POST /batch/restore": batchProbes("restore", url.Values{}, false),
	// An undo whose token is unknown: nothing to undo, said on the page.
	"POST /batch/undo": func(f *fixture) []probe {
		return []probe{{name: "unknown token", path: "/batch/undo", form: url.Values{"token": {"nothing-here"}, "next": {"/timeline"}}, ok: 303, allowed: anySignedIn}}
	},
	// A batch page lists only what the caller may edit, and is there for
	// every signed-in caller, empty when nothing is theirs.
	"GET /batch": func(f *fixture) []probe {
		return []probe{{name: "every item", path: "/batch?keys=" + f.items[visEdited].Key + "," + f.items[visHidden].Key + "," + f.items[visPublic].Key, ok: 200, allowed: anySignedIn},
			// Every result of a search: only what the caller may edit.
			{name: "every result", path: "/batch?q=" + url.QueryEscape("type:photo"), ok: 200, allowed: anySignedIn}}
	},
	// Setting the level an item has.
	"POST /batch/level": func(f *fixture) []probe {
		return []probe{{name: "same level", path: "/batch/level", form: url.Values{"ids": {f.items[visPublic].Key}, "level": {"0"}}, ok: 303, allowed: onlyAdmins}}
	},
	// The cover an album has: none chosen.
	"POST /batch/cover": func(f *fixture) []probe {
		return []probe{{name: "none", path: "/batch/cover", form: url.Values{"from": {strconv.FormatInt(f.albums[visShell], 10)}}, want: func(r role) int {
			if r.isAdmin() {
				return 400
			}
			return 404
		}}}
	},
	"GET /upload": func(f *fixture) []probe {
		return []probe{{name: "page", path: "/upload", ok: 200, allowed: onlyRoles(roleContributor, roleAdmin, roleWebmaster)}}
	},
	// Starting an upload into each album.
	"POST /api/uploads": func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			p := probe{path: "/api/uploads", js: map[string]any{"name": "probe.jpg", "size": 100, "album": id}, ok: 201,
				allowed: func(r role) bool { return can(contributes, r, v) }}
			if v == visNone {
				// An album that does not exist is refused to everyone.
				p.allowed = nil
			}
			return p
		})
	},
	"HEAD /api/uploads/{id}": func(f *fixture) []probe {
		return f.uploadProbes("", probe{ok: 204})
	},
	// A chunk sent at the wrong offset changes nothing: the owner is told
	// where the upload is.
	"PATCH /api/uploads/{id}": func(f *fixture) []probe {
		return f.uploadProbes("", probe{raw: []byte("x"), header: map[string]string{"Upload-Offset": "99999"}, ok: 409})
	},
	// Finishing an upload whose bytes have not arrived.
	"POST /api/uploads/{id}/finish": func(f *fixture) []probe {
		return f.uploadProbes("/finish", probe{raw: []byte{}, ok: 409})
	},
	// A new album's name already taken at the root.
	"POST /albums": func(f *fixture) []probe {
		return []probe{{name: "taken name", path: "/albums", form: url.Values{"name": {"Album " + string(visHidden)}}, ok: 303, allowed: onlyAdmins}}
	},
	// Renaming an album to its own name, moving it where it is, setting
	// its position as it is: every album, and one that does not exist.
	"POST /albums/{id}/rename": albumProbes("rename", func(f *fixture, v vis) url.Values { return url.Values{"name": {"Album " + string(v)}} }),
	"POST /albums/{id}/move": albumProbes("move", func(f *fixture, v vis) url.Values {
		for _, a := range albumVis {
			if a.v == v {
				return url.Values{"parent": {strconv.FormatInt(f.albums[a.parent], 10)}}
			}
		}
		return url.Values{"parent": {"0"}}
	}),
	"POST /albums/{id}/position": albumProbes("position", func(*fixture, vis) url.Values { return url.Values{"position": {"0"}} }),
	// One step later among its siblings (the order of albums is not what
	// the matrix checks).
	"POST /albums/{id}/place": albumProbes("place", func(*fixture, vis) url.Values { return url.Values{"step": {"1"}} }),
	// An album's description (none in the fixture, so none saved) and the
	// order of its items (by date, as it is) are for its editors.
	"POST /albums/{id}/description": func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			return probe{path: fmt.Sprintf("/albums/%d/description", id), form: url.Values{"description": {""}}, ok: 303,
				allowed: func(r role) bool { return can(edits, r, v) }}
		})
	},
	"GET /albums/{id}/arrange": func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			return probe{path: fmt.Sprintf("/albums/%d/arrange", id), ok: 200, allowed: func(r role) bool { return can(edits, r, v) }}
		})
	},
	"POST /albums/{id}/order": func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			return probe{path: fmt.Sprintf("/albums/%d/order", id), form: url.Values{"order": {""}}, ok: 303,
				allowed: func(r role) bool { return can(edits, r, v) }}
		})
	},
	// A move in an album listed by date is refused to its editors as
	// impossible, to everyone else as unknown.
	"POST /albums/{id}/arrange": func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			return probe{path: fmt.Sprintf("/albums/%d/arrange", id), form: url.Values{"key": {f.items[visPublic].Key}, "step": {"1"}},
				want: func(r role) int {
					if can(edits, r, v) {
						return 400
					}
					return 404
				}}
		})
	},
	// Deleting an album that does not exist (deleting one is TestEdit's).
	"POST /albums/{id}/delete": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/albums/999999/delete", form: url.Values{"media": {"keep"}}, want: func(role) int { return 404 }}}
	},
	// Saving the visibility an album already has.
	"POST /albums/{id}/visibility": albumProbes("visibility", func(f *fixture, v vis) url.Values {
		form := url.Values{"public": {strconv.FormatBool(f.rule[v][0])}}
		if f.rule[v][1] {
			form.Set("inherit", "1")
		}
		return form
	}),
	// Granting the rights a grant has already.
	"POST /albums/{id}/grants": func(f *fixture) []probe {
		return []probe{{name: "same grant", path: fmt.Sprintf("/albums/%d/grants", f.albums[visUser]),
			form: url.Values{"who": {fmt.Sprintf("u%d", f.userIDs[roleNormal])}, "view": {"1"}, "download": {"1"}}, ok: 303, allowed: onlyAdmins}}
	},
	"GET /trash": adminPage("/trash"),
	"GET /api/tags": func(f *fixture) []probe {
		return []probe{{name: "suggestions", path: "/api/tags?q=tag", ok: 200, allowed: onlyAdmins}}
	},
	"GET /admin/people": adminPage("/admin/people"),
	// A name already taken.
	"POST /admin/users": func(f *fixture) []probe {
		return []probe{{name: "taken name", path: "/admin/users", form: url.Values{"name": {f.names[roleNormal]}, "password": {matrixPassword}, "role": {"normal"}, "level": {"0"}},
			ok: 303, allowed: onlyAdmins}}
	},
	// Saving an account as it is.
	"POST /admin/users/{id}": func(f *fixture) []probe {
		return []probe{{name: "as it is", path: fmt.Sprintf("/admin/users/%d", f.userIDs[roleNormal]), form: url.Values{"role": {"normal"}, "level": {"0"}},
			ok: 303, allowed: onlyAdmins}}
	},
	// Approving an account that awaits nothing.
	"POST /admin/users/{id}/approve": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/admin/users/999999/approve", form: url.Values{}, want: func(r role) int { return 404 }}}
	},
	"POST /admin/users/{id}/refuse": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/admin/users/999999/refuse", form: url.Values{}, want: func(r role) int { return 404 }}}
	},
	// An invitation into a group that does not exist.
	"POST /admin/invitations": func(f *fixture) []probe {
		return []probe{{name: "no such group", path: "/admin/invitations", form: url.Values{"group": {"999999"}}, want: func(r role) int {
			if r.isAdmin() {
				return 303
			}
			return 404
		}}}
	},
	"POST /admin/invitations/{id}/revoke": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/admin/invitations/999999/revoke", form: url.Values{}, want: func(r role) int { return 404 }}}
	},
	// A group name already taken.
	"POST /admin/groups": func(f *fixture) []probe {
		return []probe{{name: "taken name", path: "/admin/groups", form: url.Values{"name": {"family"}}, ok: 303, allowed: onlyAdmins}}
	},
	"POST /admin/groups/{id}/delete": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/admin/groups/999999/delete", form: url.Values{}, want: func(r role) int { return 404 }}}
	},
	// Setting the quota the group already has (none).
	"POST /admin/groups/{id}/quota": func(f *fixture) []probe {
		return []probe{{name: "same quota", path: fmt.Sprintf("/admin/groups/%d/quota", f.groups["family"]), form: url.Values{"quota": {""}}, ok: 303, allowed: onlyAdmins}}
	},
	// Adding a member who is in already; taking out one who is not.
	"POST /admin/groups/{id}/join": func(f *fixture) []probe {
		return []probe{{name: "member already", path: fmt.Sprintf("/admin/groups/%d/join", f.groups["family"]), form: url.Values{"user": {strconv.FormatInt(f.userIDs[roleMember], 10)}},
			ok: 303, allowed: onlyAdmins}}
	},
	"POST /admin/groups/{id}/leave": func(f *fixture) []probe {
		return []probe{{name: "not a member", path: fmt.Sprintf("/admin/groups/%d/leave", f.groups["family"]), form: url.Values{"user": {strconv.FormatInt(f.userIDs[roleNormal], 10)}},
			ok: 303, allowed: onlyAdmins}}
	},
	"GET /admin/settings": adminPage("/admin/settings"),
	// The legal pages, the accent's style sheet and the logo are for
	// everyone; only the webmaster changes them.
	"GET /legal": func(f *fixture) []probe {
		return []probe{{name: "legal notice", path: "/legal", ok: 200, allowed: everyone}}
	},
	"GET /privacy": func(f *fixture) []probe {
		return []probe{{name: "personal data", path: "/privacy", ok: 200, allowed: everyone}}
	},
	"GET /accessibility": func(f *fixture) []probe {
		return []probe{{name: "accessibility statement", path: "/accessibility", ok: 200, allowed: everyone}}
	},
	"GET /brand.css": func(f *fixture) []probe {
		return []probe{{name: "accent", path: "/brand.css", ok: 200, allowed: everyone}}
	},
	"GET /brand/logo": func(f *fixture) []probe {
		return []probe{{name: "no logo", path: "/brand/logo", want: func(role) int { return 404 }}}
	},
	"POST /admin/branding": func(f *fixture) []probe {
		return []probe{{name: "no name", path: "/admin/branding", form: url.Values{"site_name": {""}}, ok: 303, allowed: onlyRoles(roleWebmaster)}}
	},
	// A form without a file is refused to the webmaster with a sentence.
	"POST /admin/branding/logo": func(f *fixture) []probe {
		return []probe{{name: "no file", path: "/admin/branding/logo", form: url.Values{}, ok: 400, allowed: onlyRoles(roleWebmaster)}}
	},
	"POST /admin/branding/logo/delete": func(f *fixture) []probe {
		return []probe{{name: "no logo", path: "/admin/branding/logo/delete", form: url.Values{}, ok: 303, allowed: onlyRoles(roleWebmaster)}}
	},
	// Saving the settings as they are: guests on, no guest downloads.
	"POST /admin/settings": func(f *fixture) []probe {
		return []probe{{name: "same settings", path: "/admin/settings", form: url.Values{"guest_access": {"1"}}, ok: 303, allowed: onlyAdmins}}
	},
	// A malformed network is refused to administrators with a message.
	"POST /admin/blocks": func(f *fixture) []probe {
		return []probe{{name: "malformed", path: "/admin/blocks", form: url.Values{"network": {"not a network"}}, ok: 303, allowed: onlyAdmins}}
	},
	// Unblocking an entry that does not exist.
	"POST /admin/blocks/{id}/delete": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/admin/blocks/999999/delete", form: url.Values{}, ok: 303, allowed: onlyAdmins}}
	},
	"GET /admin/review": adminPage("/admin/review"),
	// Publishing or rejecting nothing.
	"POST /admin/review/publish": func(f *fixture) []probe {
		return []probe{{name: "nothing", path: "/admin/review/publish", form: url.Values{}, ok: 303, allowed: onlyAdmins}}
	},
	"POST /admin/review/reject": func(f *fixture) []probe {
		return []probe{{name: "nothing", path: "/admin/review/reject", form: url.Values{}, ok: 303, allowed: onlyAdmins}}
	},
	"GET /admin/audit":     adminPage("/admin/audit"),
	"GET /admin/audit.csv": adminPage("/admin/audit.csv"),

	// Saved searches belong to accounts; one that does not exist, or is
	// someone else's and not shared, is answered alike.
	"GET /searches": func(f *fixture) []probe {
		return []probe{{name: "page", path: "/searches", ok: 200, allowed: anySignedIn}}
	},
	"POST /searches": func(f *fixture) []probe {
		return []probe{{name: "save", path: "/searches", form: url.Values{"q": {"nothingnamedso"}, "name": {"matrix"}}, ok: 303, allowed: anySignedIn}}
	},
	// An administrator's smart album shared with the group family: its
	// members see it, with their own rights (the page must not show what
	// they may not see); administrators see every saved search.
	"GET /searches/{id}": func(f *fixture) []probe {
		ss := gallery.SavedSearch{UserID: f.userIDs[roleAdmin], Name: "for the family", Query: "type:photo", Smart: true, Groups: []int64{f.groups["family"]}}
		f.store.AddSavedSearch(context.Background(), &ss)
		path := "/searches/" + strconv.FormatInt(ss.ID, 10)
		return []probe{{name: "missing", path: "/searches/999999", want: func(r role) int { return refused(r, http.MethodGet, "/searches/999999") }},
			{name: "shared with family", path: path, ok: 200, allowed: func(r role) bool { return r.isAdmin() || r == roleMember }}}
	},
	"POST /searches/{id}": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/searches/999999", form: url.Values{"q": {"x"}}, want: func(role) int { return 404 }}}
	},
	"POST /searches/{id}/delete": func(f *fixture) []probe {
		return []probe{{name: "missing", path: "/searches/999999/delete", form: url.Values{}, want: func(role) int { return 404 }}}
	},
	// Custom fields: the fixture defines none, so a field's own routes
	// answer 404 to everyone, administrators included.
	"GET /admin/fields":        adminPage("/admin/fields"),
	"GET /admin/fields/new":    adminPage("/admin/fields/new"),
	"GET /admin/fields/import": adminPage("/admin/fields/import"),
	"GET /admin/fields.csv":    adminPage("/admin/fields.csv"),
	"GET /admin/fields/{id}":   missingField("GET", "/admin/fields/999999"),
	// An empty definition is refused, on the form shown again.
	"POST /admin/fields": func(f *fixture) []probe {
		return []probe{{name: "empty", path: "/admin/fields", form: url.Values{"name": {""}}, ok: 400, allowed: onlyAdmins}}
	},
	"POST /admin/fields/{id}":        missingField("POST", "/admin/fields/999999"),
	"POST /admin/fields/{id}/delete": missingField("POST", "/admin/fields/999999/delete"),
	"POST /admin/fields/{id}/move":   missingField("POST", "/admin/fields/999999/move"),
	"POST /admin/fields/import": func(f *fixture) []probe {
		return []probe{{name: "no file", path: "/admin/fields/import", form: url.Values{}, ok: 400, allowed: onlyAdmins}}
	},
	// Saving an item's fields form with no field in it.
	"POST /m/{key}/fields": func(f *fixture) []probe {
		return f.perItem(func(v vis, key string) probe {
			return probe{path: "/m/" + key + "/fields", form: url.Values{}, ok: 303, allowed: func(r role) bool { return can(edits, r, v) }}
		})
	},
	// Without a field chosen: the bar says so, once the rights are checked.
	"POST /batch/field":   batchProbes("field", url.Values{"value": {"x"}}, true),
	"POST /batch/unfield": batchProbes("unfield", url.Values{}, true),
}

// missingField probes a field that does not exist: the same answer for
// everyone as for a page they may not reach.
func missingField(method, path string) func(*fixture) []probe {
	return func(*fixture) []probe {
		return []probe{{name: "missing", path: path, form: map[bool]url.Values{true: {}}[method == "POST"],
			want: func(r role) int { return refused(r, method, path) }}}
	}
}

// anyEditor is a caller who edits some album.
func anyEditor(r role) bool { return r == roleEditor || r.isAdmin() }

// batchProbes makes one probe per item of a batch action with form;
// editors may act on what they edit unless adminOnly.
func batchProbes(action string, form url.Values, editors bool) func(f *fixture) []probe {
	return func(f *fixture) []probe {
		return f.perItem(func(v vis, key string) probe {
			fm := url.Values{"ids": {key}}
			for k, vs := range form {
				fm[k] = vs
			}
			p := probe{path: "/batch/" + action, form: fm, ok: 303, allowed: func(r role) bool { return editors && can(edits, r, v) || r.isAdmin() }}
			if v == visNone {
				// Administrators' batches skip keys that are gone (an
				// item purged meanwhile); nobody else's do.
				p.allowed = onlyAdmins
			}
			return p
		})
	}
}

// albumProbes makes one probe per album of an administrators' album
// action with the form that leaves the album as it is.
func albumProbes(action string, form func(f *fixture, v vis) url.Values) func(f *fixture) []probe {
	return func(f *fixture) []probe {
		return f.perAlbum(func(v vis, id int64) probe {
			p := probe{path: fmt.Sprintf("/albums/%d/%s", id, action), form: form(f, v), ok: 303, allowed: onlyAdmins}
			if v == visNone {
				p.allowed = nil
			}
			return p
		})
	}
}

func adminPage(path string) func(*fixture) []probe {
	return func(*fixture) []probe { return []probe{{name: "page", path: path, ok: 200, allowed: onlyAdmins}} }
}

// send makes p's request as r on route rt, with a valid CSRF token where
// the route needs one.
func (f *fixture) send(t *testing.T, rt route, p probe, r role) answer {
	t.Helper()
	method := strings.Fields(rt.pattern)[0]
	c, csrf := f.clients[r], f.csrf[r]
	if p.fresh && r != roleGuest {
		c, csrf = f.signIn(t, r)
	} else if p.fresh {
		c = f.s.client(false)
	}
	var rd io.Reader
	hdr := map[string]string{}
	form := p.form
	if p.formOf != nil {
		form = p.formOf(r)
	}
	switch {
	case form != nil:
		v := url.Values{}
		for k, vs := range form {
			v[k] = slices.Clone(vs)
		}
		if (rt.csrf == formToken || rt.csrf == fileToken || rt.csrf == sheetToken) && csrf != "" {
			v.Set("csrf", csrf)
		}
		rd, hdr["Content-Type"] = strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
	case p.js != nil:
		b, _ := json.Marshal(p.js)
		rd, hdr["Content-Type"] = bytes.NewReader(b), "application/json"
	case p.raw != nil:
		rd = bytes.NewReader(p.raw)
	}
	if rt.csrf == apiToken && csrf != "" {
		hdr["X-CSRF-Token"] = csrf
	}
	for k, v := range p.header {
		hdr[k] = v
	}
	req, err := http.NewRequest(method, f.s.URL+p.path, rd)
	must(t, err)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// text is an answer's headers and body with the request's own path taken
// out: a page may repeat what the caller typed (the 404 page's language
// form, the sign-in redirect's next) without that telling them anything.
func (a answer) text(path string) string {
	var b strings.Builder
	keys := make([]string, 0, len(a.header))
	for k := range a.header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "Date" || k == "Content-Length" || k == "Set-Cookie" {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(a.header[k], ", "))
	}
	b.WriteString("\n" + a.body)
	s := b.String()
	for _, p := range []string{url.QueryEscape(path), path} {
		s = strings.ReplaceAll(s, p, "PATH")
	}
	return s
}

// forbidden lists what r may not see, as strings no answer to r may hold:
// markers (titles, descriptions, tags, album names), public keys and album
// links.
func (f *fixture) forbidden(r role) (words []string, links []*regexp.Regexp) {
	for _, v := range allVis {
		if can(sees, r, v) {
			continue
		}
		words = append(words, string(v))
		if m, ok := f.items[v]; ok {
			words = append(words, m.Key)
		}
		if id, ok := f.albums[v]; ok {
			links = append(links, regexp.MustCompile(fmt.Sprintf(`/albums/%d\b`, id)))
		}
	}
	return words, links
}

// checkLeaks fails when text holds something r may not see.
func (f *fixture) checkLeaks(t *testing.T, r role, what, text string) {
	t.Helper()
	words, links := f.forbidden(r)
	for _, w := range words {
		if i := strings.Index(text, w); i >= 0 {
			t.Errorf("%s: %s may not see %q, but it is there: …%s…", what, r, w, text[max(0, i-100):min(len(text), i+60)])
		}
	}
	for _, re := range links {
		if loc := re.FindStringIndex(text); loc != nil {
			t.Errorf("%s: %s may not see album link %s: …%s…", what, r, re, text[max(0, loc[0]-100):min(len(text), loc[1]+60)])
		}
	}
}

func TestAccessMatrix(t *testing.T) {
	table := (&Handler{}).routeTable()
	inTable := map[string]bool{}
	for _, rt := range table {
		inTable[rt.pattern] = true
		if accessMatrix[rt.pattern] == nil {
			t.Errorf("route %s has no access-matrix entry", rt.pattern)
		}
	}
	for pattern := range accessMatrix {
		if !inTable[pattern] {
			t.Errorf("access-matrix entry %s: no such route in the table any more", pattern)
		}
	}
	for name, f := range newMatrixFixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, rt := range table {
				mk := accessMatrix[rt.pattern]
				if mk == nil {
					continue
				}
				t.Run(rt.pattern, func(t *testing.T) {
					f.runRoute(t, rt, mk(f))
				})
			}
			t.Run("markers are shown where they should", f.checkMarkersShown)
			t.Run("covers and counts", f.checkCoversAndCounts)
			t.Run("guest access off", f.checkGuestsOff)
		})
	}
}

// runRoute makes every probe of a route as every role and checks the
// answers.
func (f *fixture) runRoute(t *testing.T, rt route, probes []probe) {
	method := strings.Fields(rt.pattern)[0]
	for _, r := range allRoles {
		t.Run(string(r), func(t *testing.T) {
			// The answer about what does not exist comes first: refusals
			// are compared with it.
			var missing *answer
			var missingPath string
			for _, p := range probes {
				if p.vis == visNone {
					a := f.send(t, rt, p, r)
					missing, missingPath = &a, p.path
				}
			}
			for _, p := range probes {
				a := f.send(t, rt, p, r)
				what := fmt.Sprintf("%s %s as %s (%s)", method, p.path, r, p.name)
				want := p.wanted(r, method)
				if a.status != want {
					t.Errorf("%s: got %d, want %d: %.300s", what, a.status, want, a.body)
				}
				f.checkLeaks(t, r, what, a.text(p.path))
				if strings.HasPrefix(p.path, "/i/") && a.status == 200 && !strings.HasPrefix(a.header.Get("Cache-Control"), "private") {
					t.Errorf("%s: Cache-Control %q, want private", what, a.header.Get("Cache-Control"))
				}
				// Something r may not reach must look exactly like
				// something that does not exist.
				if missing != nil && p.vis != visNone && p.vis != "" && a.status == refused(r, method, p.path) && a.status != p.ok {
					if got, want := a.text(p.path), missing.text(missingPath); a.status != missing.status || got != want {
						t.Errorf("%s: refusal differs from the answer for a missing object (%d):\n%s\n--- missing:\n%s", what, missing.status, clipText(got), clipText(want))
					}
				}
			}
		})
	}
}

func clipText(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}

// card is an album card of a page: its total and its cover's key.
type card struct {
	total int
	cover string
}

var cardRE = regexp.MustCompile(`(?s)<li class="album">\s*<a href="/albums/(\d+)">(.*?)</a>\s*<span class="meta">(\d+) items?`)

func cards(page string) map[int64]card {
	out := map[int64]card{}
	for _, m := range cardRE.FindAllStringSubmatch(page, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		n, _ := strconv.Atoi(m[3])
		c := card{total: n}
		if k := regexp.MustCompile(`src="/i/([a-z0-9]+)/`).FindStringSubmatch(m[2]); k != nil {
			c.cover = k[1]
		}
		out[id] = c
	}
	return out
}

// checkCoversAndCounts checks, per role, that album cards and counts are
// those of what the role sees: a hidden item is neither a cover nor
// counted. Items are dated so that the hidden ones come first.
func (f *fixture) checkCoversAndCounts(t *testing.T) {
	type want struct {
		total int
		cover vis // "" for none
	}
	all := map[vis]want{visPublic: {3, visAdmins}, visShell: {1, visShellChild}, visUser: {1, visUser}, visGroup: {3, visGroup},
		visHidden: {1, visHidden}, visContrib: {2, visPending}, visEdited: {1, visEdited}}
	homes := map[role]map[vis]want{
		roleGuest:       {visPublic: {1, visPublic}, visShell: {0, ""}},
		roleNormal:      {visPublic: {1, visPublic}, visShell: {0, ""}, visUser: {1, visUser}},
		roleMember:      {visPublic: {2, visFriends}, visShell: {0, ""}, visGroup: {2, visGroup}},
		roleContributor: {visPublic: {1, visPublic}, visShell: {0, ""}, visContrib: {1, visContrib}},
		roleEditor:      {visPublic: {1, visPublic}, visShell: {0, ""}, visEdited: {1, visEdited}},
		roleAdmin:       all,
		roleWebmaster:   all,
	}
	// Items on the timeline: what each role sees, pending included for
	// administrators.
	timeline := map[role]int{roleGuest: 1, roleNormal: 2, roleMember: 4, roleContributor: 2, roleEditor: 2, roleAdmin: 12, roleWebmaster: 12}
	countRE := regexp.MustCompile(`<p class="meta">(\d+) items?</p>`)
	monthRE := regexp.MustCompile(`<span class="count">\((\d+)\)</span>`)
	for _, r := range allRoles {
		t.Run(string(r), func(t *testing.T) {
			c := f.clients[r]
			got := cards(get(t, c, f.s.URL+"/"))
			if len(got) != len(homes[r]) {
				t.Errorf("home: %d album cards, want %d", len(got), len(homes[r]))
			}
			for v, w := range homes[r] {
				g, ok := got[f.albums[v]]
				if !ok {
					t.Errorf("home: no card for album %s", v)
					continue
				}
				if g.total != w.total {
					t.Errorf("home: album %s counts %d items, want %d", v, g.total, w.total)
				}
				if wantKey := f.items[w.cover].Key; g.cover != wantKey {
					t.Errorf("home: album %s has cover %q, want %q (%s)", v, g.cover, wantKey, w.cover)
				}
			}
			for v, w := range homes[r] {
				page := get(t, c, fmt.Sprintf("%s/albums/%d", f.s.URL, f.albums[v]))
				m := countRE.FindStringSubmatch(page)
				// An album page counts its own items, not its sub-albums'.
				own := w.total
				switch v {
				case visShell:
					own = 0
				case visGroup:
					own = 1
				}
				if m == nil || m[1] != strconv.Itoa(own) {
					t.Errorf("album %s page: count %v, want %d", v, m, own)
				}
			}
			n := 0
			for _, m := range monthRE.FindAllStringSubmatch(get(t, c, f.s.URL+"/timeline"), -1) {
				k, _ := strconv.Atoi(m[1])
				n += k
			}
			if n != timeline[r] {
				t.Errorf("timeline: months count %d items, want %d", n, timeline[r])
			}
		})
	}
}

// checkGuestsOff turns guest access off: a guest then sees nothing, not
// even what is public.
func (f *fixture) checkGuestsOff(t *testing.T) {
	ctx := context.Background()
	must(t, f.store.SetSetting(ctx, "guest_access", "false"))
	defer func() { must(t, f.store.SetSetting(ctx, "guest_access", "true")) }()
	pub := f.items[visPublic].Key
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/", 303},
		{fmt.Sprintf("/albums/%d", f.albums[visPublic]), 303},
		{"/m/" + pub, 303},
		{"/tags/tag-" + string(visPublic), 303},
		{"/timeline", 303},
		{"/i/" + pub + "/medium.jpg", 404},
		{"/login", 200},
	} {
		a := f.send(t, route{pattern: "GET " + tt.path}, probe{path: tt.path, fresh: true}, roleGuest)
		if a.status != tt.status {
			t.Errorf("guest access off: GET %s: got %d, want %d", tt.path, a.status, tt.status)
		}
		if text := a.text(tt.path); strings.Contains(text, string(visPublic)) || strings.Contains(text, pub) {
			t.Errorf("guest access off: GET %s shows the public album's content", tt.path)
		}
	}
}

// checkMarkersShown makes sure the leak checks are not vacuous: an
// administrator's pages do show every marker, key and album link.
func (f *fixture) checkMarkersShown(t *testing.T) {
	c := f.clients[roleAdmin]
	for v, m := range f.items {
		page := get(t, c, f.s.URL+"/m/"+m.Key)
		for _, w := range []string{"Title " + string(v), "Description " + string(v), "tag-" + string(v), m.Key} {
			if !strings.Contains(page, w) {
				t.Errorf("item %s: the administrator's page does not show %q", v, w)
			}
		}
	}
	for v, id := range f.albums {
		if page := get(t, c, fmt.Sprintf("%s/albums/%d", f.s.URL, id)); !strings.Contains(page, "Album "+string(v)) {
			t.Errorf("album %s: its page does not show its name", v)
		}
	}
	words, links := f.forbidden(roleGuest)
	if len(words) < 20 || len(links) < 8 {
		t.Errorf("a guest is forbidden only %d words and %d links", len(words), len(links))
	}
}
