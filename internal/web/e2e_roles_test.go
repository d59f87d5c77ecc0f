package web

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"imagier/internal/gallery"
)

// TestE2ERoles walks, in a real browser, the pages each kind of account
// reaches — a contributor, an editor, a normal user and a shared account —
// at desktop and phone sizes, in light and dark, in English and French,
// with axe-core on each; the guest's and the webmaster's are walked by
// TestE2EAccessibility. A contributor's upload page offers their one album,
// preselected, and no album making.
func TestE2ERoles(t *testing.T) {
	b := newE2E(t)
	pages := b.signedInPages() // as the webmaster, who made the library
	lib := b.library(pages)
	album, media, id := lib.album, lib.media, lib.id
	b.load("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))

	common := []e2ePage{{name: "home", path: "/"}, {name: "album", path: album}, {name: "media", path: media},
		{name: "timeline", path: "/timeline"}, {name: "account", path: "/account"},
		{name: "an administrators' page", path: "/admin/people", status: 404}}
	for _, r := range []struct {
		name  string
		role  gallery.Role
		perms gallery.Perm
		extra []e2ePage
	}{
		{"colette", gallery.RoleNormal, gallery.PermView | gallery.PermContribute, []e2ePage{{name: "upload", path: "/upload"}}},
		{"edgar", gallery.RoleNormal, gallery.PermView | gallery.PermEdit, nil},
		{"nina", gallery.RoleNormal, gallery.PermView | gallery.PermDownload, []e2ePage{{name: "upload, not theirs", path: "/upload", status: 404}}},
		{"accueil", gallery.RoleGeneric, gallery.PermView, nil},
	} {
		b.addMember(lib, r.name, r.role, r.perms)
		b.open("/login")
		if st := b.signIn(r.name, e2ePassword); st != 200 {
			t.Fatalf("%s signs in: got status %d", r.name, st)
		}
		for _, l := range everyLook() {
			b.show(l)
			for _, p := range append(common, r.extra...) {
				b.visit(p)
				b.audit(r.name + ", " + p.name + ", " + l.String())
			}
		}
		b.show(look{desktop, "light", "en"})
		if r.perms.Has(gallery.PermContribute) {
			b.open("/upload")
			got := eval[string](b, `[...document.querySelectorAll('#up-album option')].map(o => o.value + (o.selected ? '*' : '')).join(' ')`)
			if want := strconv.FormatInt(id, 10) + "*"; got != want {
				t.Errorf("%s's upload page: albums %q, want only %q, selected", r.name, got, want)
			}
			if n := eval[int](b, `document.querySelectorAll('#up-new').length`); n != 0 {
				t.Errorf("%s's upload page offers to make an album", r.name)
			}
		}
		b.open("/")
		b.load("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	}
}
