package web

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"imagier/internal/gallery"
	"imagier/internal/mail"
	"imagier/internal/service"
)

// The library, the pages and the ways of showing them that the end-to-end
// tests share.

// e2eFiles are the browser tests' library: real cameras' photos in several
// shapes and sizes, one tagged "Mongolia" (and "Хужирт"), and a PDF for
// the grid's file card.
var e2eFiles = []string{
	"cameras/Canon_40D.jpg",
	"cameras/Apple_iPhone_4.jpg",
	"cameras/Canon_EOS_D60.jpg",
	"cameras/HTC_Desire.jpg",
	"cameras/Nikon_D5000.jpg",
	"cameras/Sony_DSC-HX5V_2.jpg",
	"cameras/Canon_PowerShot_S40.jpg",
	"cameras/jolla.jpg",
	"iptc-xmp/mongolia.jpeg",
	"pdf/PDF.pdf",
}

const (
	e2eUser     = "anne"
	e2ePassword = "correct horse"
)

// newE2E starts a site over SQLite with e2eFiles in the album
// "Tests/Caméras", and a browser on it.
func newE2E(t *testing.T) *browser {
	t.Helper()
	tools := requireBrowserTools(t) // before the import, which takes a while
	// Mail (to nowhere: only the pages are shown) and registration with
	// approval, so that their pages exist to be checked too.
	sender, err := mail.New("smtp://127.0.0.1:9", "imagier@example.org")
	if err != nil {
		t.Fatal(err)
	}
	s := newSitesWith(t, func(o *service.Options) { o.Mailer, o.PublicURL = sender, "http://127.0.0.1" }, e2eFiles...)["sqlite"]
	if err := s.store.SetSetting(context.Background(), "registration", "approval"); err != nil {
		t.Fatal(err)
	}
	return newBrowser(t, tools, s)
}

// e2ePage is a page the tests visit.
type e2ePage struct {
	name, path string
	status     int64 // the HTTP status it answers with, when not 200
}

// visit opens p and checks its HTTP status.
func (b *browser) visit(p e2ePage) {
	b.t.Helper()
	want := cmp.Or(p.status, 200)
	if got := b.open(p.path); got != want {
		b.t.Errorf("%s page %s: got status %d, want %d", p.name, p.path, got, want)
	}
}

// signedInPages creates the first account and returns the pages a
// signed-in user sees.
func (b *browser) signedInPages() []e2ePage {
	b.t.Helper()
	b.signUp()
	album := b.albumPath()
	return []e2ePage{
		{name: "home", path: "/"},
		{name: "album", path: album},
		{name: "media", path: b.photoPath(album)},
		{name: "timeline", path: "/timeline"},
		{name: "tag", path: "/tags/Mongolia"},
		{name: "upload", path: "/upload"},
		{name: "trash", path: "/trash"},
		{name: "account", path: "/account"},
		{name: "people", path: "/admin/people"},
		{name: "settings", path: "/admin/settings"},
		{name: "review", path: "/admin/review"},
		{name: "audit", path: "/admin/audit"},
		{name: "404", path: "/albums/999999", status: 404},
	}
}

// only keeps the pages named.
func only(pages []e2ePage, names ...string) []e2ePage {
	var out []e2ePage
	for _, p := range pages {
		if slices.Contains(names, p.name) {
			out = append(out, p)
		}
	}
	return out
}

// signUp creates the first account through the setup form.
func (b *browser) signUp() {
	b.t.Helper()
	if st := b.open("/setup?token=let-me-in"); st != 200 {
		b.t.Fatalf("setup page: got status %d, want 200", st)
	}
	b.fillIn(e2eUser, e2ePassword)
	b.load("create the account", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	if p := b.path(); p != "/" {
		b.t.Fatalf("after setup: at %s, want /", p)
	}
}

// signIn fills in the sign-in form of the tab's page and submits it.
func (b *browser) signIn(name, password string) int64 {
	b.t.Helper()
	b.fillIn(name, password)
	return b.load("sign in", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
}

func (b *browser) fillIn(name, password string) {
	b.t.Helper()
	b.step("fill in the form",
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("password"), password),
	)
}

// albumPath follows the home page's first album, "Tests", to its
// sub-album "Caméras", which holds the files, and returns its path.
func (b *browser) albumPath() string {
	b.t.Helper()
	b.open("/")
	for range 2 {
		p := eval[string](b, `document.querySelector('main .albums a')?.getAttribute('href') ?? ''`)
		if p == "" {
			b.t.Fatalf("%s links to no album", b.path())
		}
		b.open(p)
	}
	return b.path()
}

// photoPath returns the path of the media page, in the album at path, of
// the photo with the most pixels: the best one to look at.
func (b *browser) photoPath(album string) string {
	b.t.Helper()
	b.open(album)
	p := eval[string](b, `[...document.querySelectorAll('.grid a.card:has(img)')]
		.sort((x, y) => { const n = a => a.querySelector('img').getAttribute('width') * a.querySelector('img').getAttribute('height'); return n(y) - n(x); })[0]
		?.getAttribute('href') ?? ''`)
	if p == "" {
		b.t.Fatalf("album %s shows no photo", album)
	}
	return p
}

// look is one way of showing the pages.
type look struct {
	v      viewport
	scheme string // "light" or "dark"
	lang   string
}

func (l look) String() string { return l.v.name + " " + l.scheme + " " + l.lang }

// everyLook is every size, colour scheme and language.
func everyLook() []look {
	var out []look
	for _, v := range []viewport{desktop, phone} {
		for _, scheme := range []string{"light", "dark"} {
			for _, lang := range []string{"en", "fr"} {
				out = append(out, look{v, scheme, lang})
			}
		}
	}
	return out
}

// show makes the next pages look as l says; b.show(look{desktop, "light",
// "en"}) goes back to the start.
func (b *browser) show(l look) {
	b.t.Helper()
	b.setViewport(l.v)
	b.setScheme(l.scheme)
	b.setLanguage(l.lang)
}

// e2eLibrary is what signedInPages made, as the role tests use it: the
// album "Tests/Caméras" (its path, id and a photo's page) inside "Tests".
type e2eLibrary struct {
	album, media string
	id           int64
	parent       *gallery.Album
}

// library reads the album and photo of pages, from signedInPages.
func (b *browser) library(pages []e2ePage) e2eLibrary {
	b.t.Helper()
	lib := e2eLibrary{album: only(pages, "album")[0].path, media: only(pages, "media")[0].path}
	id, err := strconv.ParseInt(strings.TrimPrefix(lib.album, "/albums/"), 10, 64)
	if err != nil {
		b.t.Fatalf("album path %s", lib.album)
	}
	lib.id = id
	if lib.parent, err = b.site.svc.AlbumByPath(context.Background(), service.CommandLine([]string{"test"}), "Tests"); err != nil {
		b.t.Fatal(err)
	}
	return lib
}

// addMember makes an account of role that sees the parent album and has
// perms on the album; with no perms, it is granted nothing.
func (b *browser) addMember(lib e2eLibrary, name string, role gallery.Role, perms gallery.Perm) {
	b.t.Helper()
	ctx, svc, cli := context.Background(), b.site.svc, service.CommandLine([]string{"test"})
	u, err := svc.AddUser(ctx, cli, service.UserForm{Name: name, Password: e2ePassword, Role: role})
	if err != nil {
		b.t.Fatal(err)
	}
	if perms == 0 {
		return
	}
	for _, g := range []struct {
		album int64
		perms gallery.Perm
	}{{lib.parent.ID, gallery.PermView}, {lib.id, perms}} {
		if err := svc.Grant(ctx, cli, g.album, service.Grantee{User: u.ID}, g.perms); err != nil {
			b.t.Fatal(err)
		}
	}
}
