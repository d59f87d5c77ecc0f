package web

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// searchWords are the texts the search flow expects, by language.
var searchWords = map[string]struct{ one, all, photos, suggestion, suggestions, mistake, filters string }{
	"en": {"1 result", "10 results", "9 results", "1 suggestion", "%d suggestions", "This parenthesis is never closed.", "Filters"},
	"fr": {"1 résultat", "10 résultats", "9 résultats", "1 suggestion", "%d suggestions", "Cette parenthèse n’est jamais fermée.", "Filtres"},
}

// TestE2ESearch drives the search as a person does, with the keyboard, on
// a desktop in English and on a phone in French: typing in the header's
// box offers the tag being typed, the arrow keys and Enter take it, Enter
// again searches; on the results, a facet narrows the query, a chip's
// button takes the term away, the sort changes the order, and a mistake
// is explained on the page. On the phone, the facets wait in a closed
// panel. axe-core checks every state, and no page is wider than the
// screen.
func TestE2ESearch(t *testing.T) {
	b := newE2E(t)
	b.signUp()
	for _, l := range []look{{desktop, "light", "en"}, {phone, "dark", "fr"}} {
		b.show(l)
		w := searchWords[l.lang]
		where := l.String()

		// Typing offers the tag; the keyboard picks it.
		b.open("/")
		b.step("type Mong", chromedp.Click(chromedp.CSS("#search-q")), chromedp.SendKeys(chromedp.CSS("#search-q"), "Mong"),
			chromedp.WaitVisible(chromedp.CSS("#search-suggestions [role=option]")))
		if got := eval[string](b, `document.getElementById('search-q').getAttribute('aria-expanded')`); got != "true" {
			t.Errorf("%s: suggestions shown, aria-expanded=%q", where, got)
		}
		n := eval[int](b, `document.querySelectorAll('#search-suggestions [role=option]').length`)
		if want := strings.Replace(w.suggestions, "%d", strconv.Itoa(n), 1); n < 2 && b.text("#search-status") != w.suggestion || n >= 2 && b.text("#search-status") != want {
			t.Errorf("%s: %d options, the live region says %q", where, n, b.text("#search-status"))
		}
		// The tag Mongolia is among them (with its sub-tags, and the
		// country where the photo was taken); the arrow keys go down to
		// it, each option in turn the active one.
		at := eval[int](b, `[...document.querySelectorAll('#search-suggestions [role=option]')].findIndex(e => e.dataset.kind === 'tag' && e.querySelector('.s-label').textContent === 'Mongolia')`)
		if at < 0 {
			t.Fatalf("%s: no suggestion Mongolia among %q", where, b.text("#search-suggestions"))
		}
		b.audit(where + ", suggestions open")
		for i := 0; i <= at; i++ {
			b.step("arrow down", chromedp.KeyEvent(kb.ArrowDown))
			active := eval[string](b, `document.getElementById('search-q').getAttribute('aria-activedescendant') ?? ''`)
			if active != "search-suggestion-"+strconv.Itoa(i) || eval[string](b, `document.getElementById('`+active+`').getAttribute('aria-selected')`) != "true" {
				t.Errorf("%s: after ArrowDown %d, aria-activedescendant %q is not the selected option %d", where, i+1, active, i)
			}
		}
		b.step("Enter takes the suggestion", chromedp.KeyEvent(kb.Enter))
		if got := eval[string](b, `document.getElementById('search-q').value`); got != "tag:Mongolia " {
			t.Errorf("%s: after choosing, the box holds %q, want %q", where, got, "tag:Mongolia ")
		}
		if eval[bool](b, `!document.getElementById('search-suggestions').hidden`) {
			t.Errorf("%s: the list stays open after choosing", where)
		}
		b.load("Enter searches", chromedp.KeyEvent(kb.Enter))
		if u, _ := url.Parse(b.path()); u.Path != "/search" || strings.TrimSpace(u.Query().Get("q")) != "tag:Mongolia" {
			t.Errorf("%s: searched %s, want /search?q=tag:Mongolia", where, b.path())
		}
		if got := b.text("#search-total"); got != w.one {
			t.Errorf("%s: total %q, want %q", where, got, w.one)
		}
		if got := eval[string](b, `document.getElementById('search-q').value`); got != "tag:Mongolia" {
			t.Errorf("%s: the results page's box holds %q", where, got)
		}
		b.audit(where + ", one result")

		// Escape closes the list; typing again opens it.
		b.step("type Mo again", chromedp.SendKeys(chromedp.CSS("#search-q"), " Mo"),
			chromedp.WaitVisible(chromedp.CSS("#search-suggestions [role=option]")), chromedp.KeyEvent(kb.Escape))
		if eval[bool](b, `!document.getElementById('search-suggestions').hidden`) {
			t.Errorf("%s: Escape left the list open", where)
		}

		// Everything, then a facet, then its chip away.
		b.open("/search?q=")
		if got := b.text("#search-total"); got != w.all {
			t.Errorf("%s: everything: total %q, want %q", where, got, w.all)
		}
		panelOpen := eval[bool](b, `document.querySelector('details.facets-panel').open`)
		if l.v.mobile {
			if panelOpen {
				t.Errorf("%s: the facets panel starts open on a phone", where)
			}
			if got := b.text("details.facets-panel summary"); got != w.filters {
				t.Errorf("%s: the panel is called %q, want %q", where, got, w.filters)
			}
			b.step("open the filters", chromedp.Click(chromedp.CSS("details.facets-panel summary")))
		} else if !panelOpen {
			t.Errorf("%s: the facets are folded on a desktop", where)
		}
		b.audit(where + ", everything with the facets")
		b.load("pick the photos facet", chromedp.Click(chromedp.CSS(`section.facet a[href*="type%3Aphoto"]`)))
		if got := b.text("#search-total"); got != w.photos {
			t.Errorf("%s: photos: total %q, want %q", where, got, w.photos)
		}
		if got := b.text(".chips .chip-text"); got != "type:photo" {
			t.Errorf("%s: chip %q, want type:photo", where, got)
		}
		b.audit(where + ", a facet chosen")
		b.load("remove the chip", chromedp.Click(chromedp.CSS(".chips .chip-remove")))
		if got := b.text("#search-total"); got != w.all {
			t.Errorf("%s: after removing the chip: total %q, want %q", where, got, w.all)
		}

		// The sort, as a form.
		b.step("choose title", chromedp.SetValue(chromedp.CSS("#search-sort"), "title"))
		b.load("sort", chromedp.Click(chromedp.CSS(".search-sort button")))
		if u, _ := url.Parse(b.path()); u.Query().Get("sort") != "title" {
			t.Errorf("%s: sorted at %s, want sort=title", where, b.path())
		}
		if got := eval[string](b, `document.getElementById('search-sort').value`); got != "title" {
			t.Errorf("%s: the sort shows %q after sorting by title", where, got)
		}
		if n := eval[int](b, `document.querySelectorAll('.grid a.card').length`); n != 10 {
			t.Errorf("%s: sorted by title: %d cards, want 10", where, n)
		}
		if href := eval[string](b, `document.querySelector('.search-all a')?.getAttribute('href') ?? ''`); href != "/batch?q=" {
			t.Errorf("%s: select all links to %q, want /batch?q=", where, href)
		}

		// A mistake: the page, not an error.
		if st := b.open("/search?q=" + url.QueryEscape("fête (église")); st != 400 {
			t.Errorf("%s: a syntax error answers %d, want 400", where, st)
		}
		if got := b.text("#query-mistake"); got != w.mistake {
			t.Errorf("%s: mistake %q, want %q", where, got, w.mistake)
		}
		if got := b.text(".query-echo mark"); got != "(" {
			t.Errorf("%s: marked %q, want (", where, got)
		}
		eval[bool](b, `document.querySelectorAll('main details').forEach(d => d.open = true); true`)
		b.audit(where + ", a syntax error with the help and the advanced form open")
	}
}
