package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// TestE2EPublicPrivate walks, in a real browser, what tells staff what is
// public: the badges on album cards (for staff only), the question on
// sub-albums when an album is made public, the preview as a visitor
// (which hides private albums), and the tag index's counts; each page at
// desktop and phone sizes, light and dark, English and French, with
// axe-core and no sideways scrolling.
func TestE2EPublicPrivate(t *testing.T) {
	b := newE2E(t)
	b.signedInPages() // the webmaster, anne
	ctx := context.Background()
	svc, admin := b.site.svc, service.CommandLine([]string{"test"})
	tests, err := svc.AlbumByPath(ctx, admin, "Tests")
	if err != nil {
		t.Fatal(err)
	}
	cams, err := svc.AlbumByPath(ctx, admin, "Tests/Caméras")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateAlbum(ctx, admin, 0, "Secret"); err != nil {
		t.Fatal(err)
	}
	// Two photos tagged "fête", one of them for friends only.
	pg, err := svc.TagPage(ctx, admin, "Mongolia", "", 10)
	if err != nil || len(pg.Items) != 1 {
		t.Fatalf("the Mongolia photo: %v %v", pg.Items, err)
	}
	all, err := svc.Timeline(ctx, admin, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	var other string
	for _, m := range all.Items {
		if m.Key != pg.Items[0].Key && m.Meta.Kind == gallery.KindImage {
			other = m.Key
			break
		}
	}
	for _, bt := range []service.Batch{
		{Action: service.BatchTag, Keys: []string{pg.Items[0].Key, other}, Tags: []string{"fête"}},
		{Action: service.BatchLevel, Keys: []string{other}, Level: gallery.LevelFriends},
	} {
		if err := svc.BatchEdit(ctx, admin, bt); err != nil {
			t.Fatal(err)
		}
	}
	badges := func() string {
		return eval[string](b, `[...document.querySelectorAll('main .album')].map(a => a.querySelector('.name').textContent.trim() + '=' + (a.querySelector('.badge')?.className ?? '')).join(' ')`)
	}
	noSideScroll := func(where string) {
		if w := eval[int](b, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
			t.Errorf("%s: the page scrolls sideways by %d px", where, w)
		}
	}
	check := func(where string) {
		b.audit(where)
		noSideScroll(where)
	}

	// Staff see which albums are public; at first, none is.
	b.show(look{desktop, "light", "en"})
	b.open("/")
	if got, want := badges(), "Secret=badge private Tests=badge private"; got != want {
		t.Errorf("home page badges: got %q, want %q", got, want)
	}
	albumPath := fmt.Sprintf("/albums/%d", tests.ID)
	for _, l := range everyLook() {
		b.show(l)
		b.visit(e2ePage{name: "home", path: "/"})
		check("home with badges, " + l.String())
		b.visit(e2ePage{name: "rights", path: albumPath + "?who#rights"})
		if n := eval[int](b, `document.querySelectorAll('#rights input[name=subalbums]').length`); n != 2 {
			t.Errorf("%s: the rights panel offers %d choices on sub-albums, want 2", l, n)
		}
		b.step("choose public", chromedp.Click(chromedp.CSS(`#rights input[name=public][value=true]`)))
		if !eval[bool](b, `document.querySelector('#rights .subalbums').checkVisibility()`) {
			t.Errorf("%s: choosing public does not show the question on sub-albums", l)
		}
		check("rights panel, making it public, " + l.String())
	}

	// Making "Tests" public asks about its private sub-album; the answer
	// "this album and its sub-album" makes both public.
	b.show(look{desktop, "light", "fr"})
	b.open(albumPath + "?who#rights")
	if got := b.text(`#rights label:has(input[value=all])`); !strings.Contains(got, "1\u00a0sous-album privé") && !strings.Contains(got, "1 sous-album privé") {
		t.Errorf("the sub-albums' choice reads %q, want it to count 1 private sub-album", got)
	}
	b.step("choose public, with the sub-album",
		chromedp.Click(chromedp.CSS(`#rights input[name=public][value=true]`)),
		chromedp.Click(chromedp.CSS(`#rights input[name=subalbums][value=all]`)),
	)
	b.load("save the visibility", chromedp.Click(chromedp.CSS(`#rights form[action$="/visibility"] button[type=submit]`)))
	for _, id := range []int64{tests.ID, cams.ID} {
		_, public, err := svc.AlbumRule(ctx, admin, id)
		if err != nil || !public {
			t.Errorf("album %d after the change: public %t, %v; want public", id, public, err)
		}
	}
	b.open("/")
	if got, want := badges(), "Secret=badge private Tests=badge public"; got != want {
		t.Errorf("home page badges after the change: got %q, want %q", got, want)
	}

	// The tag index counts what the caller sees.
	b.show(look{desktop, "light", "en"})
	b.open("/tags")
	tagCounts := func() string {
		return eval[string](b, `[...document.querySelectorAll('.tag-index li')].map(li => li.textContent.replace(/\s+/g, ' ').trim()).join(' | ')`)
	}
	if got := tagCounts(); !strings.Contains(got, "fête 2 items") || !strings.Contains(got, "Mongolia 1 item") {
		t.Errorf("tag index for staff: got %q, want fête counting 2 and Mongolia 1", got)
	}
	b.load("open a tag", chromedp.Click(chromedp.CSS(`.tag-index a[href="/tags/f%C3%AAte"]`)))
	if p := b.path(); p != "/tags/f%C3%AAte" {
		t.Errorf("the tag index's link went to %s", p)
	}

	// As a visitor: no private album, no badge, the friends-only photo
	// not counted; a banner says so and leads back.
	b.open("/")
	b.load("view as a visitor", chromedp.Click(chromedp.CSS(`form.view-as button`)))
	if got, want := badges(), "Tests="; got != want {
		t.Errorf("home page as a visitor: got %q, want only Tests, without a badge", got)
	}
	if b.text(".visitor-view") == "" {
		t.Errorf("no banner says the page is shown as to a visitor")
	}
	b.open("/tags")
	if got := tagCounts(); !strings.Contains(got, "fête 1 item") {
		t.Errorf("tag index as a visitor: got %q, want fête counting 1", got)
	}
	for _, l := range everyLook() {
		b.show(l)
		for _, p := range []e2ePage{{name: "home", path: "/"}, {name: "tags", path: "/tags"}, {name: "album", path: albumPath}} {
			b.visit(p)
			check(p.name + " as a visitor, " + l.String())
		}
	}
	b.show(look{desktop, "light", "en"})
	b.open("/")
	b.load("back to my view", chromedp.Click(chromedp.CSS(`.visitor-view button`)))
	if got, want := badges(), "Secret=badge private Tests=badge public"; got != want {
		t.Errorf("home page back from the preview: got %q, want %q", got, want)
	}

	// Staff pages of this change: the tag index, the activity log, the
	// account page with its advanced section open.
	for _, l := range everyLook() {
		b.show(l)
		for _, p := range []e2ePage{{name: "tags", path: "/tags"}, {name: "activity log", path: "/admin/audit"}, {name: "account", path: "/account?advanced"}} {
			b.visit(p)
			check(p.name + ", " + l.String())
		}
	}
	b.show(look{desktop, "light", "fr"})
	b.open("/admin/audit")
	if got := b.text(".activity li p"); !strings.Contains(got, "a rendu publics «\u00a0Tests\u00a0» et 1\u00a0sous-album") && !strings.Contains(got, "a rendu publics «\u00a0Tests\u00a0» et 1 sous-album") {
		t.Errorf("the activity log's latest entry reads %q, want the visibility change in a sentence", got)
	}
	b.open("/account?advanced")
	if got := b.text("#sessions + .table-wrap td"); !strings.Contains(got, "Chrome sur Linux") {
		t.Errorf("the account page names this browser %q, want Chrome sur Linux", got)
	}

	// A user who is not staff sees no badge and no preview button.
	if _, err := svc.AddUser(ctx, admin, service.UserForm{Name: "paul", Password: e2ePassword, Role: gallery.RoleNormal}); err != nil {
		t.Fatal(err)
	}
	b.load("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	b.open("/login")
	if st := b.signIn("paul", e2ePassword); st != 200 {
		t.Fatalf("paul signs in: got status %d", st)
	}
	b.open("/")
	if got, want := badges(), "Tests="; got != want {
		t.Errorf("home page for a user: got %q, want Tests without a badge", got)
	}
	if n := eval[int](b, `document.querySelectorAll('form.view-as').length`); n != 0 {
		t.Errorf("a user who is not staff is offered the preview as a visitor")
	}
}
