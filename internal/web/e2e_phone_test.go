package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// TestE2EPhone signs in as each kind of account — webmaster,
// administrator, editor, contributor, normal user, shared account — and
// visits every page it can reach on a 390 px phone, in English and French,
// with every panel and form open: no page is wider than the screen. On
// each, the Menu button opens the menu, whose every link is then on screen
// and clickable; the 404 page's menu is the caller's whole menu. The
// language is chosen in the footer, not the header; the pages before
// signing in fold their menu alike; without the script the menu wraps,
// whole.
func TestE2EPhone(t *testing.T) {
	b := newE2E(t)
	admin := b.signedInPages() // as the webmaster, who made the library
	lib := b.library(admin)
	album, media, id, parent := lib.album, lib.media, lib.id, lib.parent
	ctx := context.Background()
	svc, cli := b.site.svc, service.CommandLine([]string{"test"})
	// One item in the trash, so that its page shows a grid.
	v, err := svc.AlbumPageView(ctx, cli, id, "", perPage, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range v.Page.Items {
		if !strings.HasPrefix(media, "/m/"+m.Key+"?") && media != "/m/"+m.Key {
			if err := svc.BatchEdit(ctx, cli, service.Batch{Action: service.BatchDelete, Keys: []string{m.Key}}); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	// Long names without a space to break at, where pages show names.
	const longName = "service-communication-de-la-mairie-de-saint-remy-de-provence"
	if _, err := svc.AddGroup(ctx, cli, "agents-du-service-communication-et-des-archives-municipales"); err != nil {
		t.Fatal(err)
	}
	b.load("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))

	missing := []e2ePage{{name: "404", path: "/albums/999999", status: 404}, {name: "404 off the routes", path: "/nothing/here", status: 404}}
	above := e2ePage{name: "album with sub-albums", path: "/albums/" + strconv.FormatInt(parent.ID, 10)}
	common := append([]e2ePage{{name: "home", path: "/"}, above, {name: "album", path: album}, {name: "media", path: media},
		{name: "timeline", path: "/timeline"}, {name: "tag", path: "/tags/Mongolia"}, {name: "account", path: "/account"}}, missing...)
	notAdmin := e2ePage{name: "an administrators' page", path: "/admin/people", status: 404}
	everyone := []string{"/", "/timeline", "/account"}
	staff := append([]string{"/upload", "/admin/review", "/trash", "/admin/people", "/admin/settings", "/admin/audit"}, everyone...)
	for _, r := range []struct {
		name  string
		role  gallery.Role
		perms gallery.Perm
		pages []e2ePage
		menu  []string // links the menu must hold
	}{
		{e2eUser, gallery.RoleWebmaster, 0, append(slices.Clone(admin), above, missing[1]), staff},
		{"adeline", gallery.RoleAdmin, 0, append(slices.Clone(admin), above, missing[1]), staff},
		{"edgar", gallery.RoleNormal, gallery.PermView | gallery.PermEdit, append(slices.Clone(common), notAdmin), everyone},
		{"colette", gallery.RoleNormal, gallery.PermView | gallery.PermContribute, append(slices.Clone(common), notAdmin, e2ePage{name: "upload", path: "/upload"}), append([]string{"/upload"}, everyone...)},
		{"nina", gallery.RoleNormal, gallery.PermView | gallery.PermDownload, append(slices.Clone(common), notAdmin), everyone},
		{longName, gallery.RoleGeneric, gallery.PermView, append(slices.Clone(common), notAdmin), everyone},
	} {
		if r.name != e2eUser {
			b.addMember(lib, r.name, r.role, r.perms)
		}
		b.show(look{desktop, "light", "en"})
		b.open("/login")
		if st := b.signIn(r.name, e2ePassword); st != 200 {
			t.Fatalf("%s signs in: got status %d", r.name, st)
		}
		for _, lang := range []string{"en", "fr"} {
			b.show(look{phone, "light", lang})
			var homeMenu []string
			for _, p := range r.pages {
				where := fmt.Sprintf("%s, %s, phone %s", r.name, p.name, lang)
				b.visit(p)
				b.openPanels()
				b.fits(where)
				got := b.checkMenu(where)
				b.checkFooter(where)
				switch {
				case p.name == "home":
					homeMenu = got
					for _, want := range r.menu {
						if !slices.Contains(got, want) {
							t.Errorf("%s: the menu lacks %s; has %v", where, want, got)
						}
					}
				case p.status == 404 && !slices.Equal(withoutPreview(got), withoutPreview(homeMenu)):
					t.Errorf("%s: menu %v, want the home page's whole menu %v", where, got, withoutPreview(homeMenu))
				}
			}
			b.open("/")
			b.step("open the menu", chromedp.Click(chromedp.CSS(".top .menu-button")))
			b.audit(r.name + ", home with the menu open, phone " + lang)
		}
		b.show(look{desktop, "light", "en"})
		b.open("/")
		b.load("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	}

	// Signed out, the pages before an account have the menu too.
	b.show(look{phone, "light", "fr"})
	for _, p := range []e2ePage{{name: "sign-in", path: "/login"}, {name: "register", path: "/register"}, {name: "forgotten password", path: "/reset"}} {
		b.visit(p)
		where := p.name + " signed out"
		b.fits(where)
		b.checkFooter(where)
		if got := b.checkMenu(where); !slices.Contains(got, "/login") {
			t.Errorf("%s: menu %v, want a link to sign in", where, got)
		}
	}

	// Without the script, the menu is not folded: it wraps, every link on
	// the screen, and the page is no wider than the phone.
	b.open("/login")
	b.signIn(e2eUser, e2ePassword)
	b.call("turn the script off", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	for _, p := range only(admin, "people", "album") {
		b.visit(p)
		where := p.name + " without script"
		b.fits(where)
		m := eval[menuState](b, menuStateJS)
		if m.Button {
			t.Errorf("%s: the Menu button shows, though nothing can open it", where)
		}
		for _, l := range m.Links {
			if !l.Shown {
				t.Errorf("%s: menu link %s is not on the screen: %s", where, l.Name, l.Why)
			}
		}
		if len(m.Links) < len(staff) {
			t.Errorf("%s: %d menu links, want at least %d", where, len(m.Links), len(staff))
		}
	}
	b.call("turn the script back on", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		return err
	})
	b.show(look{desktop, "light", "en"})
}

// openPanels opens every folded panel of the page (an album's management,
// a photo's edit form), so that they are measured too.
func (b *browser) openPanels() {
	b.t.Helper()
	eval[int](b, `(d => { d.forEach(e => e.open = true); return d.length })(document.querySelectorAll('details'))`)
}

// overflow is how much wider than the screen a page is, and what sticks
// out.
type overflow struct {
	Scroll int      `json:"scroll"` // the document's scrollWidth
	Width  int      `json:"width"`  // the viewport's
	Out    []string `json:"out"`    // elements past the right edge
}

// overflowJS measures the page, and names the elements that reach past
// the right edge of the screen outside any box that scrolls on its own.
const overflowJS = `(() => {
	const width = Math.min(innerWidth, document.documentElement.clientWidth);
	const scrolls = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
		if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
	const desc = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.classList.length ? '.' + [...e.classList].join('.') : '');
	const out = [];
	for (const e of document.body.querySelectorAll('*')) {
		const r = e.getBoundingClientRect();
		if (r.width > 0 && r.right > width + 0.5 && !scrolls(e)) out.push(desc(e) + ' (' + Math.round(r.left) + '–' + Math.round(r.right) + ' px)');
	}
	return {scroll: document.documentElement.scrollWidth, width: width, out: out.slice(0, 10)};
})()`

// fits fails the test when the page is wider than the screen: a phone
// must never scroll sideways.
func (b *browser) fits(where string) {
	b.t.Helper()
	o := eval[overflow](b, overflowJS)
	if o.Scroll > o.Width || len(o.Out) > 0 {
		b.t.Errorf("%s, %s: the page is %d px wide on a %d px screen; past the edge: %s", where, b.path(), o.Scroll, o.Width, strings.Join(o.Out, ", "))
	}
}

// menuState is the header's menu as shown: its button, and each link
// (or button) in it.
type menuState struct {
	Button   bool   `json:"button"` // the Menu button is shown
	Expanded string `json:"expanded"`
	Links    []struct {
		Name  string `json:"name"` // the href, or a button's text
		Shown bool   `json:"shown"`
		Why   string `json:"why"`
	} `json:"links"`
}

// menuStateJS describes the menu: a link is shown when it has a box, lies
// within the screen's width and is what a tap at its centre reaches.
const menuStateJS = `(() => {
	const b = document.querySelector('.top .menu-button');
	const m = document.getElementById('site-menu') || document.querySelector('header nav');
	const box = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? r : null; };
	const why = e => {
		const r = box(e);
		if (!r) return 'not displayed';
		if (r.left < 0 || r.right > document.documentElement.clientWidth + 0.5) return 'beyond the screen\'s width';
		e.scrollIntoView({block: 'nearest', behavior: 'instant'});
		const q = e.getBoundingClientRect();
		const hit = document.elementFromPoint(q.left + q.width / 2, q.top + q.height / 2);
		return hit && (hit === e || e.contains(hit)) ? '' : 'covered by ' + (hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing');
	};
	return {
		button: !!b && !!box(b), expanded: b ? b.getAttribute('aria-expanded') : '',
		links: m ? [...m.querySelectorAll('a[href], button')].map(e => {
			const w = why(e);
			return {name: e.getAttribute('href') || e.textContent.trim().replace(/\s+/g, ' '), shown: w === '', why: w};
		}) : [],
	};
})()`

// checkMenu checks that the Menu button folds and unfolds the menu, and
// that every link of the open menu is on the screen and reachable; it
// returns the menu's links.
func (b *browser) checkMenu(where string) []string {
	b.t.Helper()
	closed := eval[menuState](b, menuStateJS)
	if !closed.Button || closed.Expanded != "false" {
		b.t.Errorf("%s: Menu button shown %v, aria-expanded %q; want shown, \"false\"", where, closed.Button, closed.Expanded)
		return nil
	}
	for _, l := range closed.Links {
		if l.Shown {
			b.t.Errorf("%s: menu link %s shows while the menu is folded", where, l.Name)
		}
	}
	b.step("open the menu", chromedp.Click(chromedp.CSS(".top .menu-button")))
	open := eval[menuState](b, menuStateJS)
	if open.Expanded != "true" {
		b.t.Errorf("%s: after a click on Menu, aria-expanded %q, want \"true\"", where, open.Expanded)
	}
	var names []string
	for _, l := range open.Links {
		names = append(names, l.Name)
		if !l.Shown {
			b.t.Errorf("%s: in the open menu, %s is not reachable: %s", where, l.Name, l.Why)
		}
	}
	b.fits(where + " with the menu open")
	b.step("close the menu with Escape", chromedp.Focus(chromedp.CSS(`#site-menu a`)), chromedp.KeyEvent(kb.Escape))
	if again := eval[menuState](b, menuStateJS); again.Expanded != "false" {
		b.t.Errorf("%s: after Escape, aria-expanded %q, want \"false\"", where, again.Expanded)
	}
	if f := eval[bool](b, `document.activeElement === document.querySelector('.top .menu-button')`); !f {
		b.t.Errorf("%s: after Escape, the focus is not back on the Menu button", where)
	}
	return names
}

// checkFooter checks that the language is chosen in the page's footer, and
// no longer in its header.
func (b *browser) checkFooter(where string) {
	b.t.Helper()
	if n := eval[int](b, `document.querySelectorAll('footer.site > ul form.lang select').length`); n != 1 {
		b.t.Errorf("%s: %d language menus in the footer, want 1", where, n)
	}
	if n := eval[int](b, `document.querySelectorAll('header select, header form.lang').length`); n != 0 {
		b.t.Errorf("%s: %d language menus in the header, want none", where, n)
	}
}

// withoutPreview drops the "View as a visitor" button from a menu: it is
// offered on the pages a visitor could see, which a 404 may or may not be.
func withoutPreview(menu []string) []string {
	return slices.DeleteFunc(slices.Clone(menu), func(name string) bool {
		return name == "View as a visitor" || name == "Voir comme un visiteur"
	})
}
