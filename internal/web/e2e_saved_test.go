package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestE2ESavedSearch saves a search from the results page as a smart
// album, opens it, selects all its results (from the smart album, or from
// the search), which opens the batch editor on every one with their
// count, tags them after a dialog that states the count, reads the
// message, and undoes it: in English on a desktop, in French on a phone
// in dark mode, with axe-core on each page and no page wider than the
// screen.
func TestE2ESavedSearch(t *testing.T) {
	b := newE2E(t)
	b.signUp()
	// More results than a page shows: "select all" means all of them.
	fillSite(t, b.site, 230, "brocante", "Brocante")
	words := map[string]struct{ saved, found, total, ask, done, undone string }{
		"en": {"The search is saved.", "230 items found", "230 items found that you may edit", "Apply this to all 230 items found?",
			"Tags added to 230 items.", "Undone: 230 items are back as they were."},
		"fr": {"La recherche est enregistrée.", "230 éléments trouvés", "230 éléments trouvés que vous pouvez modifier",
			"Appliquer ceci aux 230 éléments trouvés\u00a0?", "Mots-clés ajoutés à 230 éléments.",
			"Annulé\u00a0: 230 éléments sont revenus à leur état précédent."},
	}
	for _, l := range []look{{desktop, "light", "en"}, {phone, "dark", "fr"}} {
		b.show(l)
		w := words[l.lang]
		where := func(what string) string { return l.String() + ", " + what }
		check := func(what string) {
			t.Helper()
			b.audit(where(what))
			if px := eval[int](b, `document.documentElement.scrollWidth - window.innerWidth`); px > 0 {
				t.Errorf("%s: the page is %dpx wider than the screen", where(what), px)
			}
		}
		name := "Brocantes " + l.lang

		results := "/search?q=" + url.QueryEscape("tag:brocante")
		b.open(results)
		b.step("open Save this search", chromedp.Click(chromedp.CSS(".search-save summary")))
		b.step("name it, a smart album", chromedp.SendKeys(chromedp.ID("save-name"), name), chromedp.Click(chromedp.ID("save-smart")))
		check("search results, saving")
		b.load("save it", chromedp.Click(chromedp.CSS(`.search-save form[action="/searches"] button[type=submit]`)))
		if got := b.text(".flash p"); got != w.saved {
			t.Errorf("%s: after saving, the message reads %q, want %q", l, got, w.saved)
		}
		smart := b.path()
		if !strings.HasPrefix(smart, "/searches/") || b.text("main h1") != name || !strings.Contains(b.text("main"), w.found) {
			t.Fatalf("%s: after saving, at %s, titled %q, without %q", l, smart, b.text("main h1"), w.found)
		}
		check("smart album")
		b.open("/")
		if n := eval[int](b, fmt.Sprintf(`document.querySelectorAll('.smart-albums a[href=%q], #site-menu a[href=%q]').length`, smart, smart)); n != 2 {
			t.Errorf("%s: the home page links the smart album %d times, want 2 (the menu and the smart albums)", l, n)
		}
		check("home with a smart album")
		if !l.v.mobile {
			// The menu's fold of saved searches opens, and Escape
			// closes it with the focus back on its name.
			b.step("open the saved searches", chromedp.Click(chromedp.CSS(".saved-menu summary")))
			if !eval[bool](b, fmt.Sprintf(`!!document.querySelector('.saved-menu a[href=%q]')?.checkVisibility()`, smart)) {
				t.Errorf("%s: the menu's saved searches do not show the new one", l)
			}
			check("menu of saved searches")
			b.step("Escape", chromedp.KeyEvent(kb.Escape))
			if eval[bool](b, `document.querySelector('.saved-menu details').open || document.activeElement !== document.querySelector('.saved-menu summary')`) {
				t.Errorf("%s: Escape did not close the saved searches, focus on their name", l)
			}
		}

		b.open("/searches")
		check("saved searches")
		// Every result, from the smart album, or from the search.
		if l.lang == "en" {
			b.open(smart)
			b.load("select all results", chromedp.Click(chromedp.CSS(`.smart-actions a[href^="/batch?q="]`)))
		} else {
			b.open(results)
			b.load("select all results", chromedp.Click(chromedp.CSS(`.search-all a[href^="/batch?q="]`)))
		}
		if got := b.text(".batch-total"); !strings.HasPrefix(got, w.total) {
			t.Errorf("%s: the batch page says %q, want it to start with %q", l, got, w.total)
		}
		if n := eval[int](b, `document.querySelectorAll('.grid a.card').length`); n != batchShown {
			t.Errorf("%s: the batch page shows %d items, want the first %d", l, n, batchShown)
		}
		check("batch of every result")
		tag := "vu " + l.lang
		b.step("open the tags", chromedp.Click(chromedp.JSPath(`document.getElementById('b-tags').closest('details').querySelector('summary')`)))
		b.step("type the tag", chromedp.SendKeys(chromedp.ID("b-tags"), tag))
		b.step("Add tags", chromedp.Click(chromedp.CSS(`button[formaction="/batch/tag"]`)))
		if !eval[bool](b, `document.querySelector('dialog.confirm')?.open ?? false`) {
			t.Fatalf("%s: adding tags to every result did not ask", l)
		}
		if got := b.text("dialog.confirm p"); got != w.ask {
			t.Errorf("%s: the dialog asks %q, want %q", l, got, w.ask)
		}
		check("confirmation")
		b.load("confirm", chromedp.Click(chromedp.CSS(`dialog.confirm button[value=ok]`)))
		if got := b.text(".flash p"); got != w.done {
			t.Errorf("%s: after tagging, the message reads %q, want %q", l, got, w.done)
		}
		if n := tagged(t, b.site, tag); n != 230 {
			t.Errorf("%s: %d items tagged, want 230", l, n)
		}
		check("done")
		b.load("Undo", chromedp.Click(chromedp.CSS(".flash form.undo button")))
		if got := b.text(".flash p"); got != w.undone {
			t.Errorf("%s: after Undo, the message reads %q, want %q", l, got, w.undone)
		}
		if n := tagged(t, b.site, tag); n != 0 {
			t.Errorf("%s: %d items still tagged after Undo", l, n)
		}
	}
}
