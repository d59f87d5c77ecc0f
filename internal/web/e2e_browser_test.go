package web

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The end-to-end tests drive a headless Chromium over the DevTools protocol
// against a real site on loopback. They skip when Chromium or axe-core is
// missing, except in CI (env CI set), where they must run.

const (
	// chromiumPath is where Debian's chromium package puts the browser;
	// $IMAGIER_CHROMIUM overrides it.
	chromiumPath = "/usr/bin/chromium"
	// stepTimeout bounds every browser step, so that a broken page fails
	// the test quickly instead of hanging it.
	stepTimeout = 20 * time.Second
	// startTimeout bounds the browser's start.
	startTimeout = 30 * time.Second
)

// viewport is a window size the pages are checked at.
type viewport struct {
	name          string
	width, height int64
	scale         float64 // device pixels per CSS pixel
	mobile        bool
}

var (
	desktop = viewport{name: "desktop", width: 1280, height: 800, scale: 1}
	phone   = viewport{name: "phone", width: 390, height: 844, scale: 2, mobile: true}
)

// browser is one tab of a headless Chromium, pointed at one site.
type browser struct {
	t    *testing.T
	ctx  context.Context // the tab; it has run once, so the browser lives as long as it
	base string          // the site's root URL, without the final slash
	axe  string          // axe-core's source, injected into the pages it audits
	site *site           // the site, for tests that prepare accounts directly

	mu       sync.Mutex
	problems []string // requests off the site, script errors, CSP violations
}

// requireFile skips the test when path is missing, or fails it in CI,
// where the browser tests must run.
func requireFile(t *testing.T, path, what, install string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found at %s, and CI must run the browser tests: %s", what, path, install)
	}
	t.Skipf("%s not found at %s: %s", what, path, install)
}

// repoRoot returns the folder holding go.mod, found from the test's
// working directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", wd)
		}
	}
}

// browserTools are what the browser tests need beyond Go.
type browserTools struct {
	chromium string // the browser's executable
	axe      string // axe-core's source
}

// requireBrowserTools finds Chromium and axe-core, or skips the test (fails
// it in CI) when one is missing.
func requireBrowserTools(t *testing.T) browserTools {
	t.Helper()
	// The quick loop (go test -short) leaves the browser out; CI runs it.
	if testing.Short() {
		t.Skip("browser tests run without -short")
	}
	exe := chromiumPath
	if p := os.Getenv("IMAGIER_CHROMIUM"); p != "" {
		exe = p
	}
	requireFile(t, exe, "Chromium", "install Debian's chromium package, or run ./dev test")
	axePath := filepath.Join(repoRoot(t), "e2e", "node_modules", "axe-core", "axe.min.js")
	requireFile(t, axePath, "axe-core", "run npm ci --prefix e2e, or ./dev test")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	return browserTools{chromium: exe, axe: string(axe)}
}

// newBrowser starts a headless Chromium with a fresh profile and opens one
// tab on s. The browser stops when the test ends.
func newBrowser(t *testing.T, tools browserTools, s *site) *browser {
	t.Helper()
	home := t.TempDir() // removed after the browser stops: cleanups run last first
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(tools.chromium),
		chromedp.UserDataDir(filepath.Join(home, "profile")),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication"),
		// No name resolves, so nothing leaves the machine even if some part
		// of the browser tries; the site is reached by its loopback address.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("lang", "en-US"),
		chromedp.WindowSize(int(desktop.width), int(desktop.height)),
		// The browser gets none of the test's environment, and a home of
		// its own.
		chromedp.NoInheritEnv,
		chromedp.Env("HOME="+home, "TMPDIR="+home, "PATH="+os.Getenv("PATH"), "LANG=C.UTF-8"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	b := &browser{t: t, ctx: ctx, base: s.URL, axe: tools.axe, site: s}

	// The first Run starts the browser and binds it to its context, so it
	// cannot carry a timeout itself: bound it from outside.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	case <-time.After(startTimeout):
		cancelAlloc()
		t.Fatalf("Chromium did not start within %v", startTimeout)
	}
	b.watch()
	t.Cleanup(b.checkProblems)
	// A headless tab never has the focus; emulate it, so that focus and
	// :focus-visible behave as in a window the user is looking at.
	b.call("emulate focus", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	b.setViewport(desktop)
	b.setScheme("light")
	return b
}

// watch records what must never happen on any page: a request to anywhere
// but the site, an uncaught script error, an error on the console (where
// Content-Security-Policy violations are reported).
func (b *browser) watch() {
	site, err := url.Parse(b.base)
	if err != nil {
		b.t.Fatal(err)
	}
	requests := chromedp.Events(b.ctx, network.RequestWillBeSent)
	exceptions := chromedp.Events(b.ctx, runtime.ExceptionThrown)
	logs := chromedp.Events(b.ctx, log.EntryAdded)
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			u, err := url.Parse(ev.Request.URL)
			if err != nil || (u.Scheme != "data" && u.Scheme != "about" && u.Host != site.Host) {
				b.problem("request off the site: %s", ev.Request.URL)
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text = d.Exception.Description
			}
			b.problem("script error at %s:%d: %s", d.URL, d.LineNumber, text)
		}
	}()
	go func() {
		for ev, err := range logs {
			if err != nil {
				return
			}
			// Network errors are the 404 pages the tests ask for on purpose.
			if e := ev.Entry; e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork {
				b.problem("console error (%s) at %s: %s", e.Source, e.URL, e.Text)
			}
		}
	}()
}

func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

func (b *browser) checkProblems() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Error(p)
	}
}

// call runs f with a chromedp context bounded by stepTimeout, and fails the
// test, saying what was being done, when f fails.
func (b *browser) call(what string, f func(ctx context.Context) error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		b.t.Fatalf("%s: %v", what, b.explain(err))
	}
}

// step runs actions on the tab.
func (b *browser) step(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.call(what, func(ctx context.Context) error { return chromedp.Do(ctx, actions...) })
}

// explain adds the page's address to err: the first thing one wants to
// know when a step fails.
func (b *browser) explain(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("nothing within %v: %w", stepTimeout, err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, time.Second)
	defer cancel()
	if loc, lerr := chromedp.Run(ctx, chromedp.Location()); lerr == nil {
		return fmt.Errorf("%w (at %s)", err, loc)
	}
	return err
}

// eval evaluates a JavaScript expression on the page, awaiting it when it
// is a promise, and decodes its value.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	var v T
	b.call(fmt.Sprintf("evaluate %.60q", expr), func(ctx context.Context) (err error) {
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		return err
	})
	return v
}

// open loads the site's path and returns the HTTP status of the page.
func (b *browser) open(path string) int64 {
	b.t.Helper()
	return b.load("open "+path, chromedp.Navigate(b.base+path))
}

// load runs actions that make the tab load a page, waits until the page has
// loaded, and returns its HTTP status.
func (b *browser) load(what string, actions ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	var status int64
	b.call(what, func(ctx context.Context) error {
		resp, err := chromedp.RunResponse(ctx, actions...)
		if resp != nil {
			status = resp.Status
		}
		return err
	})
	return status
}

// path returns the path and query of the tab's page.
func (b *browser) path() string {
	b.t.Helper()
	return strings.TrimPrefix(eval[string](b, `location.href`), b.base)
}

// text returns the trimmed text of the first element matching the CSS
// selector, or "" when there is none.
func (b *browser) text(selector string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() ?? ''`, selector))
}

// setViewport sizes the page as on v.
func (b *browser) setViewport(v viewport) {
	b.t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(v.scale)}
	if v.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	b.step("viewport "+v.name, chromedp.EmulateViewport(v.width, v.height, opts...))
}

// setScheme emulates the user's preferred colour scheme, "light" or "dark".
// It also asks for reduced motion: a page opened at an anchor then jumps
// there instead of scrolling smoothly, so a click that follows lands where
// the test aimed, not on whatever scrolled under the pointer.
func (b *browser) setScheme(scheme string) {
	b.t.Helper()
	b.call("colour scheme "+scheme, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}, {Name: "prefers-reduced-motion", Value: "reduce"}},
		})
		return err
	})
}

// setLanguage sets the cookie the language menu sets, so that the next
// pages come in lang.
func (b *browser) setLanguage(lang string) {
	b.t.Helper()
	b.call("language "+lang, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "lang", Value: lang, URL: b.base + "/"})
		return err
	})
}

// screenshot captures the viewport v as a PNG, zoom device pixels per CSS
// pixel.
func (b *browser) screenshot(v viewport, zoom float64) []byte {
	b.t.Helper()
	var png []byte
	b.call("screenshot", func(ctx context.Context) error {
		res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng,
			Clip:   &page.Viewport{Width: float64(v.width), Height: float64(v.height), Scale: zoom / v.scale},
		})
		png = res.Data
		return err
	})
	return png
}

// maxScreenshot is the largest a screenshot may be: they are meant for
// the documentation. A capture that is bigger is taken again, smaller.
const maxScreenshot = 300_000

// capture takes a screenshot of the viewport v, zoomed out until it is no
// bigger than maxScreenshot (or as small as it goes), and returns it with
// the zoom it was taken at.
func (b *browser) capture(v viewport) (shot []byte, zoom float64) {
	b.t.Helper()
	for _, zoom = range []float64{1, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5} {
		if shot = b.screenshot(v, zoom); len(shot) <= maxScreenshot {
			break
		}
	}
	return shot, zoom
}

// screenshotDir is where screenshots go: $IMAGIER_SCREENSHOTS when set,
// else a temporary folder, so that tests write nothing into the
// repository.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("IMAGIER_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
