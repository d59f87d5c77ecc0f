package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// Bounds of the branding texts, in characters, and of the logo.
const (
	MaxSiteName = 80
	MaxIntro    = 4000
	MaxPageText = 10000
	MaxLogo     = 512 << 10
	// MaxLogoSide bounds a raster logo's width and height, read from its
	// header before anything is decoded.
	MaxLogoSide = 4096
	// MinContrast is WCAG's AA ratio for text.
	MinContrast = 4.5
)

// Webmaster reports whether the actor is the webmaster, who alone sets the
// organisation's identity.
func (a Actor) Webmaster() bool {
	return a.Access != nil && a.Access.All && a.Access.Role == gallery.RoleWebmaster
}

func webmaster(a Actor, what string) error {
	if a.ReadOnly {
		return fmt.Errorf("%s with a read-only key: %w", what, gallery.ErrNotFound)
	}
	if !a.Webmaster() {
		return fmt.Errorf("%s: %w", what, gallery.ErrForbidden)
	}
	return nil
}

// A BrandingError says which branding field was refused and why; it wraps
// ErrInvalid. Each door words it in its own language.
type BrandingError struct {
	// Field is "site_name", "accent", "intro", a PageKey, or "logo".
	Field string
	// Reason is one of the Refused… reasons.
	Reason string
	// Value is the colour refused, and Ratio the contrast measured, for
	// RefusedContrast.
	Value string
	Ratio float64
}

// Why a branding change is refused.
const (
	RefusedTooLong  = "too long"
	RefusedOneLine  = "not one line"
	RefusedColour   = "not a colour"
	RefusedContrast = "contrast"
	RefusedNotImage = "not an image"
	RefusedLogoSize = "too large"
	RefusedLogoSide = "too many pixels"
	RefusedSVG      = "unsafe svg"
	RefusedEmpty    = "empty"
	RefusedChoice   = "not a choice"
)

func (e *BrandingError) Error() string {
	if e.Reason == RefusedContrast {
		return fmt.Sprintf("%s: contrast %.2f:1 with the page background, below %.1f:1", e.Field, e.Ratio, MinContrast)
	}
	return e.Field + ": " + e.Reason
}

func (e *BrandingError) Unwrap() error { return gallery.ErrInvalid }

// Branding returns the organisation's identity, for every page. A server
// keeps a copy for brandRefresh; a change made here applies at once.
func (s *Service) Branding(ctx context.Context) (gallery.Branding, error) {
	return s.brand.get(ctx)
}

// brandRefresh is how long a server trusts its copy of the branding: a
// change made on another server shows here within this time.
const brandRefresh = 10 * time.Second

type brandCache struct {
	store *sqlstore.Store
	mu    sync.Mutex
	b     gallery.Branding
	read  time.Time
}

func (c *brandCache) get(ctx context.Context) (gallery.Branding, error) {
	c.mu.Lock()
	b, fresh := c.b, time.Since(c.read) < brandRefresh
	c.mu.Unlock()
	if fresh {
		return b, nil
	}
	b, err := c.store.Branding(ctx)
	if err != nil {
		return b, err
	}
	c.mu.Lock()
	c.b, c.read = b, time.Now()
	c.mu.Unlock()
	return b, nil
}

func (c *brandCache) invalidate() {
	c.mu.Lock()
	c.read = time.Time{}
	c.mu.Unlock()
}

// SaveBranding saves branding texts, for the webmaster: texts holds the
// ones a form sends, by the names of gallery.BrandingNames; the others keep
// theirs. Every text that differs changes with its audit entry, in one
// transaction. A legal page's text equal to its default is kept as the
// default, so that a better default in a later version reaches it; an
// empty one shows the default.
func (s *Service) SaveBranding(ctx context.Context, a Actor, texts map[string]string) error {
	if err := webmaster(a, "branding"); err != nil {
		return err
	}
	next := map[string]string{}
	for _, k := range gallery.BrandingNames() {
		v, ok := texts[k]
		if !ok {
			continue
		}
		v, err := checkBrandingText(k, v)
		if err != nil {
			return err
		}
		next[k] = v
	}
	err := s.store.Atomic(ctx, func(ctx context.Context) error {
		old, err := s.store.Branding(ctx)
		if err != nil {
			return err
		}
		for _, k := range gallery.BrandingNames() {
			v, ok := next[k]
			if !ok || v == old.Value(k) {
				continue
			}
			if err := s.store.SetBranding(ctx, k, v); err != nil {
				return err
			}
			if err := s.audit(ctx, a, "branding.change", k, clipDetail(v)); err != nil {
				return err
			}
		}
		return nil
	})
	s.brand.invalidate()
	return err
}

// checkBrandingText checks and normalises one branding text.
func checkBrandingText(name, v string) (string, error) {
	switch name {
	case "site_name":
		v = strings.TrimSpace(v)
		if utf8.RuneCountInString(v) > MaxSiteName {
			return "", &BrandingError{Field: name, Reason: RefusedTooLong}
		}
		if strings.ContainsFunc(v, unicode.IsControl) {
			return "", &BrandingError{Field: name, Reason: RefusedOneLine}
		}
		return v, nil
	case "accent":
		v = strings.ToLower(strings.TrimSpace(v))
		if v == "" {
			return "", nil
		}
		th, err := AccentTheme(v)
		return th.Light, err
	case "compliance":
		switch v {
		case "", gallery.ComplianceNone, gallery.CompliancePartial, gallery.ComplianceFull:
			return v, nil
		}
		return "", &BrandingError{Field: name, Reason: RefusedChoice}
	case "intro":
		v = gallery.CleanText(v)
		if utf8.RuneCountInString(v) > MaxIntro {
			return "", &BrandingError{Field: name, Reason: RefusedTooLong}
		}
		return v, nil
	}
	v = gallery.CleanText(v)
	if utf8.RuneCountInString(v) > MaxPageText {
		return "", &BrandingError{Field: name, Reason: RefusedTooLong}
	}
	page, lang, _ := strings.Cut(strings.TrimPrefix(name, "page."), ".")
	if v == gallery.CleanText(DefaultPage(page, lang)) {
		v = ""
	}
	return v, nil
}

// clipDetail keeps the audit log's detail short.
func clipDetail(s string) string {
	if utf8.RuneCountInString(s) <= 200 {
		return s
	}
	r := []rune(s)
	return string(r[:199]) + "…"
}

// SetLogo checks and saves the logo, for the webmaster.
func (s *Service) SetLogo(ctx context.Context, a Actor, data []byte) error {
	if err := webmaster(a, "logo"); err != nil {
		return err
	}
	l, err := CheckLogo(data)
	if err != nil {
		return err
	}
	err = s.change(ctx, a, "branding.logo", l.Digest, l.Type, func(ctx context.Context) error {
		return s.store.SetLogo(ctx, l, data)
	})
	s.brand.invalidate()
	return err
}

// RemoveLogo removes the logo, for the webmaster.
func (s *Service) RemoveLogo(ctx context.Context, a Actor) error {
	if err := webmaster(a, "logo"); err != nil {
		return err
	}
	err := s.change(ctx, a, "branding.logo.remove", "", "", func(ctx context.Context) error {
		return s.store.RemoveLogo(ctx)
	})
	s.brand.invalidate()
	return err
}

// Logo returns the logo and its bytes, for everyone: it shows on every
// page, the sign-in page too. ErrNotFound when there is none.
func (s *Service) Logo(ctx context.Context) (gallery.Logo, []byte, error) {
	return s.store.LogoData(ctx)
}

// CheckLogo tells what an uploaded logo is from its bytes alone, and
// refuses anything but a PNG, JPEG, WebP or safe SVG image of bounded
// size.
func CheckLogo(data []byte) (gallery.Logo, error) {
	refuse := func(reason string) (gallery.Logo, error) {
		return gallery.Logo{}, &BrandingError{Field: "logo", Reason: reason}
	}
	switch {
	case len(data) == 0:
		return refuse(RefusedEmpty)
	case len(data) > MaxLogo:
		return refuse(RefusedLogoSize)
	}
	var l gallery.Logo
	var err error
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		l.Type = "image/png"
		l.Width, l.Height, err = pngSize(data)
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		l.Type = "image/jpeg"
		l.Width, l.Height, err = jpegSize(data)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		l.Type = "image/webp"
		l.Width, l.Height, err = webpSize(data)
	case looksLikeSVG(data):
		l.Type = "image/svg+xml"
		l.Width, l.Height, err = checkSVG(data)
		if err != nil {
			return refuse(RefusedSVG)
		}
	default:
		return refuse(RefusedNotImage)
	}
	if err != nil {
		return refuse(RefusedNotImage)
	}
	if l.Type != "image/svg+xml" && (l.Width <= 0 || l.Height <= 0 || l.Width > MaxLogoSide || l.Height > MaxLogoSide) {
		return refuse(RefusedLogoSide)
	}
	sum := sha256.Sum256(data)
	l.Digest = hex.EncodeToString(sum[:])[:16]
	return l, nil
}

// Theme is the accent colour as each colour scheme uses it, with the text
// colour for buttons filled with it.
type Theme struct {
	Light, LightFG string
	Dark, DarkFG   string
}

// The page's backgrounds in each scheme, as app.css sets them: the page's
// and the cards'.
var (
	lightBackgrounds = []string{"#ffffff", "#f2f3f5"}
	darkBackgrounds  = []string{"#121316", "#1e2025"}
)

// AccentTheme checks an accent colour (#rrggbb) and makes its theme. On the
// light scheme's backgrounds it must reach MinContrast, or it is refused
// with the ratio measured; on the dark scheme's, a colour too dark is
// lightened until it does. Button text is black or white, whichever
// contrasts more.
func AccentTheme(accent string) (Theme, error) {
	c, ok := parseHex(accent)
	if !ok {
		return Theme{}, &BrandingError{Field: "accent", Reason: RefusedColour}
	}
	if r := minContrast(c, lightBackgrounds); r < MinContrast {
		return Theme{}, &BrandingError{Field: "accent", Reason: RefusedContrast, Value: accent, Ratio: math.Floor(r*100) / 100}
	}
	dark := c
	for step := 1; minContrast(dark, darkBackgrounds) < MinContrast && step <= 20; step++ {
		t := float64(step) / 20
		for i := range dark {
			dark[i] = c[i] + (255-c[i])*t
		}
	}
	return Theme{Light: toHex(c), LightFG: textOn(c), Dark: toHex(dark), DarkFG: textOn(dark)}, nil
}

type rgb [3]float64

func parseHex(s string) (rgb, bool) {
	var c rgb
	if len(s) != 7 || s[0] != '#' {
		return c, false
	}
	for i := range c {
		v, err := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return c, false
		}
		c[i] = float64(v)
	}
	return c, true
}

func toHex(c rgb) string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c[0])), int(math.Round(c[1])), int(math.Round(c[2])))
}

// luminance is WCAG's relative luminance.
func luminance(c rgb) float64 {
	var l [3]float64
	for i, v := range c {
		v = math.Round(v) / 255
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// Contrast is WCAG's contrast ratio of two colours.
func Contrast(a, b string) (float64, error) {
	x, ok1 := parseHex(a)
	y, ok2 := parseHex(b)
	if !ok1 || !ok2 {
		return 0, errors.New("colours must be #rrggbb")
	}
	return contrast(x, y), nil
}

func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func minContrast(c rgb, backgrounds []string) float64 {
	m := math.Inf(1)
	for _, b := range backgrounds {
		bg, _ := parseHex(b)
		m = min(m, contrast(c, bg))
	}
	return m
}

func textOn(c rgb) string {
	if contrast(c, rgb{0, 0, 0}) >= contrast(c, rgb{255, 255, 255}) {
		return "#000000"
	}
	return "#ffffff"
}
