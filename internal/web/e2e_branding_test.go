package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"imagier/internal/service"
)

// TestE2EBranding: the webmaster gives the library its organisation's
// name, logo, accent colour, introduction and legal notice from the
// settings page; a visitor sees them, and the legal pages pass axe-core at
// desktop and phone sizes, light and dark, in English and French — and
// stay open to visitors once the library needs signing in.
func TestE2EBranding(t *testing.T) {
	b := newE2E(t)
	b.signUp() // the first account is the webmaster
	const (
		name   = "Mairie de Saint-Ours"
		accent = "#1a3a8c"
		intro  = "Bienvenue dans la photothèque de la commune."
		legal  = "Ce site est édité par la mairie de Saint-Ours."
	)
	b.open("/admin/settings")
	b.step("fill in the identity",
		chromedp.SetValue(chromedp.ID("br-name"), name),
		chromedp.SetValue(chromedp.ID("br-accent"), accent),
		chromedp.SetValue(chromedp.ID("br-intro"), intro+"\n\nVoir aussi https://example.org/commune."))
	b.load("save the identity", chromedp.Click(chromedp.CSS("#branding-identity button[type=submit]")))
	if got := b.text("main [role=status].message"); got == "" {
		t.Errorf("no confirmation after saving the identity")
	}
	b.audit("settings with the branding forms")
	// A logo as an office would draw one: shapes, a gradient and text,
	// referring only to itself.
	logo := filepath.Join(t.TempDir(), "logo.svg")
	if err := os.WriteFile(logo, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="160" height="40" viewBox="0 0 160 40">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1a3a8c"/><stop offset="1" stop-color="#3f6fd8"/></linearGradient></defs>
  <style>.t { font: bold 16px sans-serif; fill: #1a3a8c; }</style>
  <circle id="c" cx="20" cy="20" r="16" fill="url(#g)"/>
  <use xlink:href="#c" x="4" opacity=".3"/>
  <text x="44" y="26" class="t">Saint-Ours</text>
</svg>
`), 0o644); err != nil {
		t.Fatal(err)
	}
	// The page now comes back at its branding section, scrolling there:
	// the next forms are sent as Enter would, not by clicking a button
	// that may still be moving.
	b.step("choose the logo", chromedp.SetUploadFiles(chromedp.ID("br-logo"), []string{logo}))
	b.load("send the logo", chromedp.Submit(chromedp.CSS("#branding-logo button[type=submit]")))
	b.step("write the legal notice", chromedp.SetValue(chromedp.ID("br-legal-fr"), legal+"\n\n## Hébergement\nChez nous."))
	b.load("save the legal notice", chromedp.Submit(chromedp.CSS("#branding-legal button[type=submit]")))
	b.step("state the compliance", chromedp.SetValue(chromedp.ID("br-compliance"), "partial"))
	b.load("save the accessibility statement", chromedp.Submit(chromedp.CSS("#branding-accessibility button[type=submit]")))
	// A colour too pale is refused with its ratio, in a sentence.
	b.step("type a pale yellow", chromedp.SetValue(chromedp.ID("br-accent"), "#ffff99"))
	if st := b.load("save the pale yellow", chromedp.Submit(chromedp.CSS("#branding-identity button[type=submit]"))); st != 400 {
		t.Errorf("pale yellow: got status %d, want 400", st)
	}
	if msg := b.text("#branding-error"); !strings.Contains(msg, "#ffff99") || !strings.Contains(msg, ":1") {
		t.Errorf("pale yellow: the page says %q", msg)
	}
	b.audit("settings with a refused colour")
	// The settings page, with its branding forms and the logo, at every
	// size, scheme and language.
	for _, l := range everyLook() {
		b.show(l)
		b.visit(e2ePage{name: "settings", path: "/admin/settings"})
		b.audit("webmaster, settings, " + l.String())
		if w := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); w {
			t.Errorf("settings, %s: the page scrolls sideways", l)
		}
	}
	b.show(look{desktop, "light", "en"})
	b.open("/")
	b.load("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))

	// What a visitor sees.
	b.show(look{desktop, "light", "en"})
	b.open("/")
	if got := eval[string](b, `document.title`); !strings.HasSuffix(got, " · "+name) {
		t.Errorf("title %q, want it to end with the site's name", got)
	}
	if got := eval[string](b, `(i => i ? i.alt + ' ' + i.complete + ' ' + (i.naturalWidth > 0) : 'no logo')(document.querySelector('header .brand img'))`); got != name+" true true" {
		t.Errorf("header logo: %s", got)
	}
	if got := b.text(".intro"); !strings.Contains(got, intro) {
		t.Errorf("introduction: %q", got)
	}
	linkColour := `getComputedStyle(document.querySelector('footer.site a')).color`
	if got := eval[string](b, linkColour); got != "rgb(26, 58, 140)" {
		t.Errorf("light scheme link colour %s, want the accent", got)
	}
	b.show(look{desktop, "dark", "en"})
	b.open("/")
	th, err := service.AccentTheme(accent)
	if err != nil {
		t.Fatal(err)
	}
	dark := eval[string](b, linkColour)
	if dark == "rgb(26, 58, 140)" || !strings.HasPrefix(dark, "rgb(") {
		t.Errorf("dark scheme link colour %s, want the lighter shade %s", dark, th.Dark)
	}

	pages := []e2ePage{{name: "home", path: "/"}, {name: "legal notice", path: "/legal"}, {name: "personal data", path: "/privacy"},
		{name: "accessibility statement", path: "/accessibility"}}
	for _, l := range everyLook() {
		b.show(l)
		for _, p := range pages {
			b.visit(p)
			b.audit("visitor, " + p.name + ", " + l.String())
			if w := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); w {
				t.Errorf("%s, %s: the page scrolls sideways", p.name, l)
			}
			if n := eval[int](b, `document.querySelectorAll('footer.site a[href="/legal"], footer.site a[href="/privacy"], footer.site a[href="/accessibility"]').length`); n != 3 {
				t.Errorf("%s, %s: %d legal links in the footer, want 3", p.name, l, n)
			}
		}
		if l.lang == "fr" {
			if got := b.text(`footer.site a[href="/accessibility"]`); got != "Accessibilité\u00a0: partiellement conforme" {
				t.Errorf("the footer's accessibility link: %q", got)
			}
			b.open("/legal")
			if got := b.text("main"); !strings.Contains(got, legal) || !strings.Contains(got, "Hébergement") {
				t.Errorf("the legal notice in French: %q", got)
			}
		}
	}

	// Signing in required: the legal pages stay open, the rest asks to
	// sign in.
	if err := b.site.svc.SetSetting(context.Background(), service.CommandLine([]string{"test"}), "guest_access", "false"); err != nil {
		t.Fatal(err)
	}
	b.show(look{phone, "light", "fr"})
	b.open("/")
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("home with sign-in required: at %s, want /login", p)
	}
	for _, p := range pages[1:] {
		b.visit(p)
		b.audit("sign-in required, " + p.name)
	}
}
