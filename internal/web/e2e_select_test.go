package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"imagier/internal/gallery"
)

// TestE2ESelection drives an album's selection mode with a mouse, on a
// desktop and on a phone: Select shows the bar and its count, a click on
// an item toggles it, Shift-click selects a range, Select all and Select
// none do so; the album picker starts empty and a copy without an album
// says so; a delete asks with the count, and each action ends with a
// message whose Undo puts things back. axe-core checks the page in
// selection mode, with a message, and with the dialog open, in English
// and in French; no page is wider than the screen.
func TestE2ESelection(t *testing.T) {
	b := newE2E(t)
	b.signUp()
	album := b.albumPath()
	sel := &selFlow{b: b, t: t, album: album}
	for _, l := range []look{{desktop, "light", "en"}, {phone, "dark", "fr"}} {
		b.show(l)
		sel.look = l
		sel.enter()
		sel.rangeAndAll()
		sel.emptyPicker()
		sel.tagAndUndo()
		sel.trashAndUndo()
		sel.batchPage()
	}
	sel.noScriptConfirm()
}

type selFlow struct {
	b     *browser
	t     *testing.T
	album string
	look  look
}

// words are the texts the flow expects, by language.
var selWords = map[string]struct{ one, many, all, added, trashQ, trashed, undone, noAlbum, choose string }{
	"en": {"1 selected", "%d selected", "Select all", "Tags added to 2 items.", "Put 3 items in the trash?", "3 items put in the trash.",
		"Undone: 3 items are back as they were.", "Choose an album first.", "Choose an album…"},
	"fr": {"1 sélectionné", "%d sélectionnés", "Tout sélectionner", "Mots-clés ajoutés à 2 éléments.", "Mettre 3 éléments à la corbeille\u00a0?",
		"3 éléments mis à la corbeille.", "Annulé\u00a0: 3 éléments sont revenus à leur état précédent.", "Choisissez d’abord un album.", "Choisir un album…"},
}

func (f *selFlow) where() string { return f.look.String() }

// check audits the page and requires it to be no wider than the screen.
func (f *selFlow) check(what string) {
	f.t.Helper()
	f.b.audit(f.where() + ", " + what)
	if w := eval[int](f.b, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		f.t.Errorf("%s, %s: the page is %dpx wider than the screen", f.where(), what, w)
	}
}

func (f *selFlow) count() string { return f.b.text(".selbar .selcount") }

func (f *selFlow) checked() []int {
	return eval[[]int](f.b, `[...document.querySelectorAll('.grid input.pick')].flatMap((b, i) => b.checked ? [i] : [])`)
}

// clickItem clicks the i-th item of the grid, with Shift held when shift
// is set.
func (f *selFlow) clickItem(i int, shift bool) {
	f.t.Helper()
	var mods []chromedp.MouseOption
	if shift {
		mods = append(mods, chromedp.ButtonModifiers(kb.ModifierShift))
	}
	f.center(i)
	card := chromedp.JSPath(fmt.Sprintf(`document.querySelectorAll('.grid a.card')[%d]`, i))
	f.b.step(fmt.Sprintf("click item %d (shift %t)", i+1, shift), chromedp.QueryAfter(card,
		func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (chromedp.Void, error) {
			return chromedp.MouseClickNode(nodes[0], mods...)(ctx, t)
		}, chromedp.NodeVisible))
}

// center brings the i-th item to the middle of the screen, clear of the
// sticky bar, and returns its centre.
func (f *selFlow) center(i int) (x, y float64) {
	f.t.Helper()
	p := eval[[]float64](f.b, fmt.Sprintf(`(() => { const c = document.querySelectorAll('.grid a.card')[%d];
		c.scrollIntoView({block: 'center', behavior: 'instant'}); const r = c.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2]; })()`, i))
	return p[0], p[1]
}

// longPress holds a finger on the i-th item for most of a second.
func (f *selFlow) longPress(i int) {
	f.t.Helper()
	x, y := f.center(i)
	f.b.call("long press", func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart,
			TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}); err != nil {
			return err
		}
		time.Sleep(800 * time.Millisecond)
		_, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd,
			TouchPoints: []*input.TouchPoint{}})
		return err
	})
}

// ctrlClick clicks the i-th item with Ctrl held.
func (f *selFlow) ctrlClick(i int) {
	f.t.Helper()
	f.center(i)
	card := chromedp.JSPath(fmt.Sprintf(`document.querySelectorAll('.grid a.card')[%d]`, i))
	f.b.step("ctrl-click", chromedp.QueryAfter(card, func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (chromedp.Void, error) {
		return chromedp.MouseClickNode(nodes[0], chromedp.ButtonModifiers(kb.ModifierCtrl))(ctx, t)
	}, chromedp.NodeVisible))
}

// enter opens the album, where the photos come first, and enters
// selection mode with the Select button.
func (f *selFlow) enter() {
	f.t.Helper()
	f.b.open(f.album)
	if eval[bool](f.b, `!document.querySelector('.selbar').hidden || [...document.querySelectorAll('.grid input.pick')].some(b => b.offsetParent)`) {
		f.t.Errorf("%s: album page shows the bar or checkboxes before Select", f.where())
	}
	f.check("album")
	// On a phone, a long press on an item enters selection with it; with
	// a mouse, a Ctrl-click does.
	if f.look.v.mobile {
		f.longPress(1)
	} else {
		f.ctrlClick(1)
	}
	if got := f.checked(); !slices.Equal(got, []int{1}) || eval[bool](f.b, `document.querySelector('.selbar').hidden`) {
		f.t.Errorf("%s: entering selection on an item: bar hidden, or selected %v, want [1]", f.where(), got)
	}
	if got := f.b.path(); got != f.album {
		f.t.Fatalf("%s: entering selection on an item opened %s", f.where(), got)
	}
	f.b.step("Leave selection", chromedp.Click(chromedp.CSS(".selbar .sel-cancel")))
	if !eval[bool](f.b, `document.querySelector('.selbar').hidden`) || len(f.checked()) != 0 || f.b.path() != f.album {
		f.t.Errorf("%s: leaving selection: bar still shown, or items still selected", f.where())
	}
	f.b.step("click Select", chromedp.Click(chromedp.CSS(".select-start a")))
	if eval[bool](f.b, `document.querySelector('.selbar').hidden`) {
		f.t.Fatalf("%s: the bar did not appear after Select", f.where())
	}
	if got := eval[string](f.b, `document.querySelector('.selbar .selcount').getAttribute('aria-live')`); got != "polite" {
		f.t.Errorf("%s: the count is not aria-live (%q)", f.where(), got)
	}
	f.clickItem(0, false)
	if got := f.b.path(); got != f.album {
		f.t.Fatalf("%s: a click in selection mode opened %s", f.where(), got)
	}
	if got, want := f.count(), selWords[f.look.lang].one; got != want {
		f.t.Errorf("%s: count %q, want %q", f.where(), got, want)
	}
	f.check("selection mode")
}

// rangeAndAll shift-clicks a range, then selects all and none.
func (f *selFlow) rangeAndAll() {
	f.t.Helper()
	w := selWords[f.look.lang]
	f.clickItem(3, true)
	if got := f.checked(); !slices.Equal(got, []int{0, 1, 2, 3}) {
		f.t.Errorf("%s: click the first, shift-click the fourth: selected %v", f.where(), got)
	}
	if got, want := f.count(), fmt.Sprintf(w.many, 4); got != want {
		f.t.Errorf("%s: count %q, want %q", f.where(), got, want)
	}
	f.clickItem(1, false)
	if got := f.checked(); !slices.Equal(got, []int{0, 2, 3}) {
		f.t.Errorf("%s: click the second again: selected %v", f.where(), got)
	}
	n := eval[int](f.b, `document.querySelectorAll('.grid input.pick').length`)
	f.b.step("Select all", chromedp.Click(chromedp.CSS(".selbar .sel-all")))
	if got, want := f.count(), fmt.Sprintf(w.many, n); got != want || len(f.checked()) != n {
		f.t.Errorf("%s: after Select all, count %q (%d checked), want %q", f.where(), got, len(f.checked()), want)
	}
	if got := f.b.text(".selbar .sel-all"); got != w.all {
		f.t.Errorf("%s: Select all reads %q", f.where(), got)
	}
	f.b.step("Select none", chromedp.Click(chromedp.CSS(".selbar .sel-none")))
	if got := f.checked(); len(got) != 0 {
		f.t.Errorf("%s: after Select none: selected %v", f.where(), got)
	}
}

// openGroup opens the bar's group of actions whose panel holds selector.
func (f *selFlow) openGroup(selector string) {
	f.t.Helper()
	f.b.step("open the group of "+selector, chromedp.Click(chromedp.JSPath(fmt.Sprintf(`document.querySelector(%q).closest('details').querySelector('summary')`, selector))))
}

// emptyPicker checks the album picker starts on no album and a copy
// without one says so, without leaving the page.
func (f *selFlow) emptyPicker() {
	f.t.Helper()
	w := selWords[f.look.lang]
	f.clickItem(0, false)
	f.openGroup("#b-album")
	if got := eval[string](f.b, `document.getElementById('b-album').value`); got != "" {
		f.t.Errorf("%s: the album picker starts on %q, want nothing", f.where(), got)
	}
	if got := f.b.text("#b-album option:checked"); got != w.choose {
		f.t.Errorf("%s: the album picker reads %q, want %q", f.where(), got, w.choose)
	}
	f.b.step("Copy without an album", chromedp.Click(chromedp.CSS(`button[formaction="/batch/copy"]`)))
	if got := f.b.text(".selbar .selproblem"); got != w.noAlbum {
		f.t.Errorf("%s: copy without an album says %q, want %q", f.where(), got, w.noAlbum)
	}
	if got := f.b.path(); got != f.album {
		f.t.Errorf("%s: copy without an album went to %s", f.where(), got)
	}
	f.check("album not chosen")
	f.b.step("close the group", chromedp.Click(chromedp.JSPath(`document.getElementById('b-album').closest('details').querySelector('summary')`)))
	f.b.step("Select none", chromedp.Click(chromedp.CSS(".selbar .sel-none")))
}

// keys returns the keys of the grid's items at positions is.
func (f *selFlow) keys(is ...int) []string {
	all := eval[[]string](f.b, `[...document.querySelectorAll('.grid a.card')].map(a => a.dataset.key)`)
	var out []string
	for _, i := range is {
		out = append(out, all[i])
	}
	return out
}

func (f *selFlow) media(key string) gallery.Media {
	f.t.Helper()
	m, err := f.b.site.store.MediaByKey(context.Background(), key)
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

// undo clicks the message's Undo and requires the message said.
func (f *selFlow) undo(want string) {
	f.t.Helper()
	f.b.load("Undo", chromedp.Click(chromedp.CSS(".flash form.undo button")))
	if got := f.b.text(".flash p"); got != want {
		f.t.Errorf("%s: after Undo, the message reads %q, want %q", f.where(), got, want)
	}
}

// tagAndUndo tags two items, reads the message and undoes it.
func (f *selFlow) tagAndUndo() {
	f.t.Helper()
	w := selWords[f.look.lang]
	tag := "sélection " + f.look.v.name
	keys := f.keys(4, 5)
	f.clickItem(4, false)
	f.clickItem(5, false)
	f.openGroup("#b-tags")
	f.b.step("type the tag", chromedp.SendKeys(chromedp.ID("b-tags"), tag))
	f.b.load("Add tags", chromedp.Click(chromedp.CSS(`button[formaction="/batch/tag"]`)))
	if got := f.b.text(".flash p"); got != w.added {
		f.t.Errorf("%s: after tagging, the message reads %q, want %q", f.where(), got, w.added)
	}
	if p := f.b.path(); p != f.album {
		f.t.Errorf("%s: after tagging, at %s", f.where(), p)
	}
	for _, k := range keys {
		if !slices.Contains(f.media(k).Tags, tag) {
			f.t.Errorf("%s: %s not tagged", f.where(), k)
		}
	}
	f.check("message")
	want := "Undone: 2 items are back as they were."
	if f.look.lang == "fr" {
		want = "Annulé\u00a0: 2 éléments sont revenus à leur état précédent."
	}
	f.undo(want)
	for _, k := range keys {
		if slices.Contains(f.media(k).Tags, tag) {
			f.t.Errorf("%s: %s still tagged after Undo", f.where(), k)
		}
	}
}

// trashAndUndo deletes three items: the dialog asks with the count, Cancel
// keeps them, Delete trashes them; Undo restores them.
func (f *selFlow) trashAndUndo() {
	f.t.Helper()
	w := selWords[f.look.lang]
	f.b.step("click Select", chromedp.Click(chromedp.CSS(".select-start a")))
	keys := f.keys(0, 1, 2)
	f.clickItem(0, false)
	f.clickItem(2, true)
	f.b.step("Delete", chromedp.Click(chromedp.CSS(`.selbar button[formaction="/batch/delete"]`)))
	if !eval[bool](f.b, `document.querySelector('dialog.confirm')?.open ?? false`) {
		f.t.Fatalf("%s: Delete did not ask", f.where())
	}
	if got := f.b.text("dialog.confirm p"); got != w.trashQ {
		f.t.Errorf("%s: the dialog asks %q, want %q", f.where(), got, w.trashQ)
	}
	f.check("delete dialog")
	f.b.step("Cancel", chromedp.Click(chromedp.CSS(`dialog.confirm button[value=cancel]`)))
	if f.media(keys[0]).DeletedAt != nil {
		f.t.Fatalf("%s: Cancel deleted", f.where())
	}
	f.b.step("Delete again", chromedp.Click(chromedp.CSS(`.selbar button[formaction="/batch/delete"]`)))
	f.b.load("confirm", chromedp.Click(chromedp.CSS(`dialog.confirm button[value=ok]`)))
	if got := f.b.text(".flash p"); got != w.trashed {
		f.t.Errorf("%s: after the delete, the message reads %q, want %q", f.where(), got, w.trashed)
	}
	for _, k := range keys {
		if f.media(k).DeletedAt == nil {
			f.t.Errorf("%s: %s not in the trash", f.where(), k)
		}
	}
	if got := f.keys(0); slices.Contains(keys, got[0]) {
		f.t.Errorf("%s: the album still shows a trashed item", f.where())
	}
	f.undo(w.undone)
	for _, k := range keys {
		if f.media(k).DeletedAt != nil {
			f.t.Errorf("%s: %s still in the trash after Undo", f.where(), k)
		}
	}
	if !strings.Contains(strings.Join(f.keys(0, 1, 2), " "), keys[0]) {
		f.t.Errorf("%s: the restored items are not back in the album", f.where())
	}
}

// batchPage opens the page of a batch of keys, one unknown: the others
// are shown, every one selected, the bar ready.
func (f *selFlow) batchPage() {
	f.t.Helper()
	f.b.open(f.album)
	keys := f.keys(0, 1, 2)
	f.b.open("/batch?keys=" + strings.Join(keys, ",") + ",unknownkey")
	if got := f.keys(0, 1, 2); !slices.Equal(got, keys) || eval[int](f.b, `document.querySelectorAll('.grid a.card').length`) != 3 {
		f.t.Errorf("%s: batch page shows %v, want %v", f.where(), got, keys)
	}
	if got, want := f.count(), fmt.Sprintf(selWords[f.look.lang].many, 3); got != want || len(f.checked()) != 3 {
		f.t.Errorf("%s: batch page: count %q, want %q, all selected", f.where(), got, want)
	}
	f.check("batch")
}

// noScriptConfirm deletes with the script off: the server asks on a page
// of its own, with the count, and Cancel goes back without deleting.
func (f *selFlow) noScriptConfirm() {
	f.t.Helper()
	f.b.show(look{desktop, "light", "en"})
	f.b.open(f.album + "?select=1")
	keys := f.keys(0, 1)
	eval[bool](f.b, `document.querySelectorAll('input.pick').forEach((b, i) => { b.checked = i < 2; }), true`)
	// The form is sent as it is, past the script's checks, as a browser
	// without the script would send it.
	f.b.load("Delete", chromedp.Click(chromedp.JSPath(`(() => { const f = document.getElementById('selection');
		f.action = '/batch/delete'; const b = document.createElement('button'); b.type = 'button'; b.id = 'raw-submit';
		b.onclick = () => HTMLFormElement.prototype.submit.call(f); f.append(b); return b; })()`)))
	if got := f.b.text("main .question"); got != "Put 2 items in the trash?" {
		f.t.Errorf("delete without the script: the page asks %q", got)
	}
	f.check("confirmation page")
	f.b.load("Cancel", chromedp.Click(chromedp.CSS("main .actions a")))
	if got := f.b.path(); got != f.album {
		f.t.Errorf("Cancel on the confirmation page: at %s, want %s", got, f.album)
	}
	for _, k := range keys {
		if f.media(k).DeletedAt != nil {
			f.t.Errorf("Cancel on the confirmation page: %s in the trash", k)
		}
	}
}
