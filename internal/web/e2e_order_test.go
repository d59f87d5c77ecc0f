package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"imagier/internal/gallery"
)

// TestE2EOrder walks an album's editorial work in a browser: a description
// with two paragraphs and hostile markup, shown on the album page and in
// its card; the display order set by hand, a photo moved with the keyboard
// (the focus stays, the new place is spoken) and another by drag and drop,
// both kept after a reload and followed by the album page; a sort by file
// name; albums placed by dragging their cards and by the album panel's
// button; a photo's creator, credit line and copyright edited and shown.
// axe-core checks the pages at 1280 and 390 pixels, which must not scroll
// sideways.
func TestE2EOrder(t *testing.T) {
	b := newE2E(t)
	b.signUp()
	album := b.albumPath()
	id := strings.TrimPrefix(album, "/albums/")
	ctx := context.Background()
	st := b.site.store
	var albumID int64
	fmt.Sscan(id, &albumID)

	// The description: plain text, paragraphs kept, markup shown as text.
	b.open(album)
	eval[bool](b, `document.getElementById('album-editorial').open = true`)
	b.step("type the description", chromedp.SetValue(chromedp.CSS("#a-desc"), "Fête de la musique 2026.\n\n<b>Service communication</b>"))
	b.load("save the description", chromedp.Click(chromedp.CSS(`#album-editorial button[type=submit]`)))
	paras := eval[[]string](b, `[...document.querySelectorAll('.album-desc p')].map(p => p.textContent)`)
	if !slices.Equal(paras, []string{"Fête de la musique 2026.", "<b>Service communication</b>"}) {
		t.Errorf("description paragraphs: %q", paras)
	}
	if n := eval[int](b, `document.querySelectorAll('.album-desc b').length`); n != 0 {
		t.Errorf("the description's markup became %d elements", n)
	}
	b.open(eval[string](b, `document.querySelector('.crumbs li:nth-last-child(2) a').getAttribute('href')`))
	if got := b.text(".album .desc"); !strings.HasPrefix(got, "Fête de la musique 2026.") {
		t.Errorf("album card description: %q", got)
	}

	// The display order page: by hand, from the date order.
	arrange := album + "/arrange"
	b.open(album)
	if got := eval[string](b, `document.querySelector('#album-editorial a[href$="/arrange"]')?.getAttribute('href') ?? ''`); got != arrange {
		t.Fatalf("album page links to %q for the order, want %q", got, arrange)
	}
	b.open(arrange)
	keys := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll('ol.arrange li')].map(li => li.dataset.key)`)
	}
	byDate := keys()
	if len(byDate) < 5 {
		t.Fatalf("arrange page lists %d items", len(byDate))
	}
	b.step("choose by hand", chromedp.Click(chromedp.CSS(`input[name=order][value=manual]`)))
	b.load("save the order", chromedp.Click(chromedp.CSS(`main form[action$="/order"] button[type=submit]`)))
	if got := keys(); !slices.Equal(got, byDate) {
		t.Fatalf("by hand at first: %v, want the date order %v", got, byDate)
	}
	for _, v := range []viewport{desktop, phone} {
		b.setViewport(v)
		b.open(arrange)
		b.audit("display order " + v.name)
		noSideScroll(b, "display order "+v.name)
	}
	b.setViewport(desktop)
	b.open(arrange)

	// The keyboard: the first photo's Later button, pressed with Enter.
	b.step("focus Later", chromedp.Focus(chromedp.CSS(`ol.arrange li:first-child button[value="1"]`)))
	b.step("press Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(b, `document.getElementById('arrange-status').textContent !== ''`)
	want := append([]string{byDate[1], byDate[0]}, byDate[2:]...)
	if got := keys(); !slices.Equal(got, want) {
		t.Errorf("after Later: %v, want %v", got, want)
	}
	if got := b.text("#arrange-status"); got != fmt.Sprintf("Moved to place 2 of %d.", len(byDate)) {
		t.Errorf("spoken: %q", got)
	}
	if !eval[bool](b, `document.activeElement.matches('ol.arrange li:nth-child(2) button[value="1"]') && document.activeElement.closest('li').dataset.key === `+jsString(byDate[0])) {
		t.Errorf("the focus left the moved photo's button")
	}
	b.open(arrange)
	if got := keys(); !slices.Equal(got, want) {
		t.Fatalf("after a reload: %v, want %v", got, want)
	}

	// Drag and drop: the fourth photo dropped on the first goes before it.
	eval[bool](b, `(() => {
		const li = document.querySelectorAll('ol.arrange li');
		const dt = new DataTransfer();
		li[3].dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
		li[0].dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
		li[0].dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
		li[3].dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));
		return true;
	})()`)
	waitFor(b, `document.getElementById('arrange-status').textContent.startsWith('Moved to place 1 ')`)
	want = append([]string{want[3]}, slices.Delete(slices.Clone(want), 3, 4)...)
	b.open(arrange)
	if got := keys(); !slices.Equal(got, want) {
		t.Fatalf("after drag and drop and a reload: %v, want %v", got, want)
	}
	b.open(album)
	if got := eval[[]string](b, `[...document.querySelectorAll('.grid a.card')].map(a => a.dataset.key)`); !slices.Equal(got, want) {
		t.Errorf("album page: %v, want the order set by hand %v", got, want)
	}

	// A sort by file name, remembered for the album.
	b.open(arrange)
	b.step("choose by file name", chromedp.Click(chromedp.CSS(`input[name=order][value=name]`)))
	b.load("save the order", chromedp.Click(chromedp.CSS(`main form[action$="/order"] button[type=submit]`)))
	if o, _ := st.AlbumOrder(ctx, albumID); o != gallery.OrderName {
		t.Errorf("order saved: %q", o)
	}
	b.open(album)
	var names []string
	for _, k := range eval[[]string](b, `[...document.querySelectorAll('.grid a.card')].map(a => a.dataset.key)`) {
		m, err := st.MediaByKey(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, strings.ToLower(m.Filename))
	}
	if len(names) != len(byDate) || !slices.IsSorted(names) {
		t.Errorf("album page by file name: %v", names)
	}
	for _, v := range []viewport{desktop, phone} {
		b.setViewport(v)
		b.open(album)
		b.audit("album with a description " + v.name)
		noSideScroll(b, "album "+v.name)
	}
	b.setViewport(desktop)

	// Albums: "Tests" between two new ones; "Zulu" dragged first, then
	// "Tests" one place earlier from its panel.
	for _, n := range []string{"Alpha", "Zulu"} {
		if _, err := st.CreateAlbum(ctx, 0, n); err != nil {
			t.Fatal(err)
		}
	}
	cards := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll('main ul.albums > li .name')].map(n => n.textContent)`)
	}
	b.open("/")
	if got := cards(); !slices.Equal(got, []string{"Alpha", "Tests", "Zulu"}) {
		t.Fatalf("albums: %v", got)
	}
	eval[bool](b, `(() => {
		const li = document.querySelectorAll('main ul.albums[data-place] > li');
		const dt = new DataTransfer();
		li[2].dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
		li[0].dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
		li[0].dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
		li[2].dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));
		return true;
	})()`)
	for range 50 {
		roots, _, _ := st.AlbumNodes(ctx, &gallery.Access{All: true, Level: gallery.LevelAdmins})
		if len(roots) == 3 && roots[0].Name == "Zulu" {
			break
		}
		waitFor(b, `new Promise(r => setTimeout(() => r(true), 100))`)
	}
	b.open("/")
	if got := cards(); !slices.Equal(got, []string{"Zulu", "Alpha", "Tests"}) {
		t.Fatalf("albums after a drag: %v", got)
	}
	for _, v := range []viewport{desktop, phone} {
		b.setViewport(v)
		b.open("/")
		b.audit("albums to drag " + v.name)
		noSideScroll(b, "albums "+v.name)
	}
	b.setViewport(desktop)
	b.open(eval[string](b, `[...document.querySelectorAll('main ul.albums > li a')].find(a => a.textContent.includes('Tests')).getAttribute('href')`))
	eval[bool](b, `document.querySelector('details.admin:has(form[action$="/place"])').open = true`)
	b.load("move earlier", chromedp.Click(chromedp.CSS(`form[action$="/place"] button[value="-1"]`)))
	b.open("/")
	if got := cards(); !slices.Equal(got, []string{"Zulu", "Tests", "Alpha"}) {
		t.Errorf("albums after Move earlier: %v", got)
	}

	// A photo's creator, credit line and copyright, edited and shown.
	photo := b.photoPath(album)
	b.open(photo)
	eval[bool](b, `document.querySelector('details.admin:has(#e-credit)').open = true`)
	b.step("type the credits",
		chromedp.SetValue(chromedp.CSS("#e-creator"), "Anne Photographe"),
		chromedp.SetValue(chromedp.CSS("#e-credit"), "Mairie — service communication"),
		chromedp.SetValue(chromedp.CSS("#e-copyright"), "© Ville 2026 <script>"))
	b.load("save", chromedp.Click(chromedp.CSS(`form[action$="/edit"] button[type=submit]`)))
	facts := eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll('dl dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent]))`)
	for label, want := range map[string]string{"Creator": "Anne Photographe", "Credit line": "Mairie — service communication", "Copyright": "© Ville 2026 <script>"} {
		if facts[label] != want {
			t.Errorf("media page %s: %q, want %q (facts %v)", label, facts[label], want, facts)
		}
	}
	for _, v := range []viewport{desktop, phone} {
		b.setViewport(v)
		b.open(photo)
		b.audit("media with credits " + v.name)
		noSideScroll(b, "media "+v.name)
	}
	// The display order page in French and dark, its spoken place too.
	b.setLanguage("fr")
	b.setScheme("dark")
	b.open(arrange)
	b.step("choose by hand", chromedp.Click(chromedp.CSS(`input[name=order][value=manual]`)))
	b.load("save the order", chromedp.Click(chromedp.CSS(`main form[action$="/order"] button[type=submit]`)))
	for _, v := range []viewport{desktop, phone} {
		b.setViewport(v)
		b.open(arrange)
		b.audit("display order in French " + v.name)
		noSideScroll(b, "display order in French "+v.name)
	}
	b.step("focus Avant", chromedp.Focus(chromedp.CSS(`ol.arrange li:nth-child(2) button[value="-1"]`)))
	b.step("press Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(b, `document.getElementById('arrange-status').textContent !== ''`)
	if got := b.text("#arrange-status"); got != fmt.Sprintf("Nouvelle place\u00a0: 1 sur %d.", len(byDate)) {
		t.Errorf("spoken in French: %q", got)
	}
	b.setViewport(desktop)
	b.setLanguage("en")
	b.setScheme("light")
	b.checkProblems()
}

// waitFor waits, up to five seconds, for a script expression to be true.
func waitFor(b *browser, cond string) {
	b.t.Helper()
	ok := eval[bool](b, `new Promise(resolve => {
		const end = Date.now() + 5000;
		const tick = async () => {
			if (await (`+cond+`)) return resolve(true);
			if (Date.now() > end) return resolve(false);
			setTimeout(tick, 50);
		};
		tick();
	})`)
	if !ok {
		b.t.Fatalf("%s: waited in vain for %s", b.path(), cond)
	}
}

// noSideScroll fails when the page's content (main) is wider than the
// window. (The site menu's own fit on phones is the menu's tests' work.)
func noSideScroll(b *browser, where string) {
	b.t.Helper()
	wide := eval[[]string](b, `[...document.querySelectorAll('main, main *')]
		.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
		.slice(0, 5).map(e => e.tagName + '.' + e.className)`)
	if len(wide) > 0 {
		b.t.Errorf("%s: content wider than the window: %v", where, wide)
	}
}

// jsString quotes s for a script.
func jsString(s string) string { return fmt.Sprintf("%q", s) }
