package service

import (
	"context"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

func TestBrandingSavedAndAudited(t *testing.T) {
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			wm := e.user(t, "wm", gallery.RoleWebmaster)
			adm := e.user(t, "adm", gallery.RoleAdmin)
			texts := map[string]string{
				"site_name": "  Mairie de Saint-Ours  ", "accent": "#1A3A8C", "intro": "Bienvenue.\r\n\r\nDeuxième paragraphe.",
				gallery.PageKey("legal", "fr"): "Éditeur : la mairie.",
			}
			if err := e.svc.SaveBranding(ctx, adm, texts); !errors.Is(err, gallery.ErrForbidden) {
				t.Fatalf("an administrator who is not the webmaster saved the branding: %v", err)
			}
			if err := e.svc.SaveBranding(ctx, wm, texts); err != nil {
				t.Fatal(err)
			}
			b, err := e.svc.Branding(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if b.Name() != "Mairie de Saint-Ours" || b.Accent != "#1a3a8c" || b.Intro != "Bienvenue.\n\nDeuxième paragraphe." ||
				b.Pages[gallery.PageKey("legal", "fr")] != "Éditeur : la mairie." {
				t.Errorf("branding read back: %+v", b)
			}
			if n := e.auditCount(t, "branding.change"); n != 4 {
				t.Errorf("%d branding.change entries, want 4 (one per text changed)", n)
			}
			// The same form again changes nothing; a page given its default
			// text, or none, shows the default.
			texts[gallery.PageKey("legal", "fr")] = DefaultPage("legal", "fr")
			if err := e.svc.SaveBranding(ctx, wm, texts); err != nil {
				t.Fatal(err)
			}
			b, _ = e.svc.Branding(ctx)
			if _, ok := b.Pages[gallery.PageKey("legal", "fr")]; ok {
				t.Errorf("a page saved with its default text kept a text of its own: %q", b.Pages[gallery.PageKey("legal", "fr")])
			}
			if n := e.auditCount(t, "branding.change"); n != 5 {
				t.Errorf("%d branding.change entries, want 5", n)
			}
			// A webmaster's settings page has the branding; an
			// administrator's does not.
			if v, err := e.svc.SettingsView(ctx, wm); err != nil || v.Branding == nil || v.Branding.SiteName != "Mairie de Saint-Ours" {
				t.Errorf("the webmaster's settings view: %+v, %v", v.Branding, err)
			}
			if v, err := e.svc.SettingsView(ctx, adm); err != nil || v.Branding != nil {
				t.Errorf("an administrator's settings view has the branding: %+v, %v", v.Branding, err)
			}
			// The accessibility statement's compliance is one of RGAA's.
			if err := e.svc.SaveBranding(ctx, wm, map[string]string{"compliance": "partial"}); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SaveBranding(ctx, wm, map[string]string{"compliance": "conforme"}); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("compliance %q: got %v", "conforme", err)
			}
			if b, _ = e.svc.Branding(ctx); b.Compliance != gallery.CompliancePartial {
				t.Errorf("compliance %q, want partial", b.Compliance)
			}
			// A refused colour changes nothing, not even the other fields.
			err = e.svc.SaveBranding(ctx, wm, map[string]string{"site_name": "Autre", "accent": "#ffff99"})
			var be *BrandingError
			if !errors.As(err, &be) || be.Reason != RefusedContrast || be.Ratio >= MinContrast || be.Ratio < 1 {
				t.Fatalf("pale yellow: got %v", err)
			}
			if b, _ = e.svc.Branding(ctx); b.SiteName != "Mairie de Saint-Ours" {
				t.Errorf("a refused form changed the name to %q", b.SiteName)
			}

			png, err := os.ReadFile(testmedia.Path(t, "formats/basn6a16.png"))
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SetLogo(ctx, adm, png); !errors.Is(err, gallery.ErrForbidden) {
				t.Errorf("an administrator set the logo: %v", err)
			}
			if err := e.svc.SetLogo(ctx, wm, png); err != nil {
				t.Fatal(err)
			}
			l, data, err := e.svc.Logo(ctx)
			if err != nil || l.Type != "image/png" || l.Width != 32 || l.Height != 32 || string(data) != string(png) || l.Digest == "" {
				t.Errorf("logo read back: %+v, %d bytes, %v", l, len(data), err)
			}
			if b, _ = e.svc.Branding(ctx); b.Logo != l {
				t.Errorf("the branding's logo is %+v, want %+v", b.Logo, l)
			}
			if err := e.svc.RemoveLogo(ctx, wm); err != nil {
				t.Fatal(err)
			}
			if _, _, err := e.svc.Logo(ctx); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("removed logo: got %v", err)
			}
			if n := e.auditCount(t, "branding.logo"); n != 1 {
				t.Errorf("%d branding.logo entries, want 1", n)
			}
		})
	}
}

func TestAccentContrast(t *testing.T) {
	// A pale yellow on white is refused, with the ratio measured.
	_, err := AccentTheme("#ffff99")
	var be *BrandingError
	if !errors.As(err, &be) || be.Reason != RefusedContrast {
		t.Fatalf("pale yellow: got %v", err)
	}
	if want, _ := Contrast("#ffff99", "#ffffff"); be.Ratio > want || be.Ratio < 1 {
		t.Errorf("pale yellow: ratio %v, want at most its ratio on white, %v", be.Ratio, want)
	}
	// A dark blue passes on the light backgrounds; the dark scheme gets a
	// lighter shade that passes there.
	th, err := AccentTheme("#1a3a8c")
	if err != nil {
		t.Fatal(err)
	}
	if th.Light != "#1a3a8c" || th.Dark == th.Light {
		t.Errorf("dark blue: %+v", th)
	}
	check := func(fg string, bgs []string) {
		t.Helper()
		for _, bg := range bgs {
			if r, _ := Contrast(fg, bg); r < MinContrast {
				t.Errorf("%s on %s: %.2f:1", fg, bg, r)
			}
		}
	}
	check(th.Light, lightBackgrounds)
	check(th.Dark, darkBackgrounds)
	check(th.LightFG, []string{th.Light})
	check(th.DarkFG, []string{th.Dark})
	for _, bad := range []string{"blue", "#12345", "#12345g", "1a3a8c", "#1a3a8c00"} {
		if _, err := AccentTheme(bad); !errors.As(err, &be) || be.Reason != RefusedColour {
			t.Errorf("%q: got %v", bad, err)
		}
	}
	// WCAG's own examples: black on white is 21:1.
	if r, _ := Contrast("#000000", "#ffffff"); r != 21 {
		t.Errorf("black on white: %v", r)
	}
}

func TestCheckLogo(t *testing.T) {
	read := func(rel string) []byte {
		b, err := os.ReadFile(testmedia.Path(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		file, typ string
		w, h      int
	}{
		{"formats/basn6a16.png", "image/png", 32, 32},
		{"iptc-xmp/IPTC.jpg", "image/jpeg", 0, 0},
		{"formats/Alpha_Lossless_2.webp", "image/webp", 386, 395},
		{"formats/looks-like-svg.webp", "image/webp", 256, 256},
		{"formats/XMP.svg", "image/svg+xml", 0, 0},
		{"clean svg", "image/svg+xml", 160, 40},
	} {
		data := []byte(cleanSVG)
		if c.file != "clean svg" {
			data = read(c.file)
		}
		l, err := CheckLogo(data)
		if err != nil || l.Type != c.typ || c.w != 0 && (l.Width != c.w || l.Height != c.h) || c.file == "formats/XMP.svg" && l.Width != 0 {
			t.Errorf("%s: got %+v, %v; want %s %dx%d", c.file, l, err, c.typ, c.w, c.h)
		}
	}
	refused := map[string]string{
		"text":                "Bonjour, ceci n’est pas une image.\n",
		"xml not svg":         `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`,
		"script":              `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		"onload":              `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>`,
		"ONCLICK upper":       `<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="alert(1)" width="1" height="1"/></svg>`,
		"javascript href":     `<svg xmlns="http://www.w3.org/2000/svg"><a href=" java&#x09;script:alert(1)"><text>x</text></a></svg>`,
		"external href":       `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://example.com/x.png"/></svg>`,
		"foreignObject":       `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`,
		"import":              `<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://example.com/a.css";</style></svg>`,
		"url()":               `<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url( 'http://example.com/p.svg#p')" width="1" height="1"/></svg>`,
		"image-set":           `<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: image-set("https://example.com/p.png" 1x); }</style></svg>`,
		"font-face":           `<svg xmlns="http://www.w3.org/2000/svg"><style>@font-face { font-family: x; src: local(x), "https://example.com/f.woff"; }</style></svg>`,
		"stylesheet pi":       `<?xml-stylesheet href="https://example.com/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>`,
		"entity":              `<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>`,
		"animated href":       `<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`,
		"unclosed":            `<svg xmlns="http://www.w3.org/2000/svg"><rect>`,
		"truncated png":       "\x89PNG\r\n\x1a\n\x00\x00",
		"png too wide":        string(pngHeader(5000, 10)),
		"riff not webp chunk": "RIFF\x10\x00\x00\x00WEBPXXXX" + strings.Repeat("\x00", 20),
	}
	for name, data := range refused {
		if _, err := CheckLogo([]byte(data)); !errors.Is(err, gallery.ErrInvalid) {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
	// Every hostile SVG of the test files is refused.
	svgs, _ := filepath.Glob(testmedia.Path(t, "malicious/*.svg"))
	if len(svgs) < 5 {
		t.Fatalf("only %d hostile SVG files", len(svgs))
	}
	for _, p := range append(svgs, testmedia.Path(t, "malicious/Classic_XXE_-_etc_passwd.xml")) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var be *BrandingError
		if _, err := CheckLogo(b); !errors.As(err, &be) || be.Reason != RefusedSVG && be.Reason != RefusedNotImage {
			t.Errorf("%s: got %v", filepath.Base(p), err)
		}
	}
	big := make([]byte, MaxLogo+1)
	copy(big, pngHeader(10, 10))
	if _, err := CheckLogo(big); err == nil || !strings.Contains(err.Error(), RefusedLogoSize) {
		t.Errorf("%d bytes: got %v", len(big), err)
	}
}

// pngHeader is a PNG's signature and header chunk for w×h, with a valid
// checksum: enough for its dimensions to be read.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	b = append(b, byte(w>>24), byte(w>>16), byte(w>>8), byte(w), byte(h>>24), byte(h>>16), byte(h>>8), byte(h), 8, 6, 0, 0, 0)
	c := crc32IEEE(b[12:])
	return append(b, byte(c>>24), byte(c>>16), byte(c>>8), byte(c))
}

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// cleanSVG is a logo as an office would draw one: a gradient, a style
// sheet, a use of its own shape and text, referring only to itself.
const cleanSVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Saint-Ours -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="160" height="40" viewBox="0 0 160 40">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1a3a8c"/><stop offset="1" stop-color="#3f6fd8"/></linearGradient></defs>
  <style>.t { font: bold 16px sans-serif; fill: #1a3a8c; } circle { fill: url(#g); }</style>
  <circle id="c" cx="20" cy="20" r="16" style="stroke: url('#g')"/>
  <use xlink:href="#c" x="4" opacity=".3"/>
  <text x="44" y="26" class="t">Saint-Ours</text>
</svg>
`

// FuzzCheckLogo feeds the logo check hostile bytes: it must never panic,
// and what it accepts must be one of the four types, of bounded size.
func FuzzCheckLogo(f *testing.F) {
	for _, seed := range []string{cleanSVG, string(pngHeader(10, 10)), "RIFF\x10\x00\x00\x00WEBPVP8L" + strings.Repeat("\x2f", 20),
		`<svg xmlns="http://www.w3.org/2000/svg" onload="x"/>`, "\xff\xd8\xff\xe0", "<!-- x --><!DOCTYPE svg><svg/>"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := CheckLogo(data)
		if err != nil {
			if !errors.Is(err, gallery.ErrInvalid) {
				t.Fatalf("refused without ErrInvalid: %v", err)
			}
			return
		}
		switch l.Type {
		case "image/png", "image/jpeg", "image/webp":
			if l.Width < 1 || l.Height < 1 || l.Width > MaxLogoSide || l.Height > MaxLogoSide {
				t.Fatalf("accepted %s of %dx%d", l.Type, l.Width, l.Height)
			}
		case "image/svg+xml":
		default:
			t.Fatalf("accepted type %q", l.Type)
		}
		if len(l.Digest) != 16 {
			t.Fatalf("digest %q", l.Digest)
		}
	})
}

// TestTOTPIssuerIsSiteName: an authenticator app lists the code under the
// library's own name once the webmaster gives one, and under Imagier
// before.
func TestTOTPIssuerIsSiteName(t *testing.T) {
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			wm := e.user(t, "wm", gallery.RoleWebmaster)
			anne := e.user(t, "anne", gallery.RoleNormal)
			_, before, err := e.svc.StartTOTP(ctx, anne)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SaveBranding(ctx, wm, map[string]string{"site_name": "Mairie de Saint-Ours"}); err != nil {
				t.Fatal(err)
			}
			_, after, err := e.svc.StartTOTP(ctx, anne)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(before, "issuer=Imagier") || !strings.Contains(after, "issuer=Mairie+de+Saint-Ours") && !strings.Contains(after, "issuer=Mairie%20de%20Saint-Ours") {
				t.Errorf("otpauth links %q then %q: want the issuer Imagier, then the site's name", before, after)
			}
		})
	}
}
