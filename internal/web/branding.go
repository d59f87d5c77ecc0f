package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// brandData is what every page shows of the organisation's identity.
type brandData struct {
	Name string
	// LogoURL is the logo's address, with its version; "" without a logo.
	// LogoW and LogoH are its size when known, so that the header keeps
	// its place while it loads.
	LogoURL      string
	LogoW, LogoH int
	// StyleURL is the accent colour's style sheet; "" for the default.
	StyleURL string
	Intro    string
	// Compliance is the accessibility statement's compliance, for the
	// footer's link.
	Compliance string
}

// brandOf returns the identity to show; if it cannot be read, the page
// shows the default rather than fail.
func (h *Handler) brandOf(ctx context.Context) brandData {
	b, err := h.svc.Branding(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		h.log.Error("branding", "err", err)
	}
	d := brandData{Name: b.Name(), Intro: b.Intro, Compliance: b.Compliance}
	if b.Logo.Digest != "" {
		d.LogoURL = "/brand/logo?v=" + b.Logo.Digest
		d.LogoW, d.LogoH = b.Logo.Width, b.Logo.Height
	}
	if b.Accent != "" {
		d.StyleURL = "/brand.css?v=" + strings.TrimPrefix(b.Accent, "#")
	}
	return d
}

// anyone runs next with the caller's session and access when there are,
// and never refuses: for the pages every visitor must reach, even when the
// library needs signing in (the legal pages).
func (h *Handler) anyone(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		se, err := h.lookup(r)
		if err != nil {
			se = nil
		}
		a, err := h.svc.ActorFor(r.Context(), se, clientIP(r))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), actorKey, &a)
		if se != nil {
			ctx = context.WithValue(ctx, sessionKey, se)
		}
		next(w, r.WithContext(ctx))
	}
}

// pageTitle names a legal page for people.
func pageTitle(l *i18n.Localizer, page string) string {
	switch page {
	case "legal":
		return l.T("Legal notice")
	case "privacy":
		return l.T("Personal data")
	case "accessibility":
		return l.T("Accessibility")
	}
	return page
}

// accessibilityLink words the footer's link to the accessibility
// statement, with the compliance it states.
func accessibilityLink(l *i18n.Localizer, compliance string) string {
	switch compliance {
	case gallery.ComplianceNone:
		return l.T("Accessibility: not compliant")
	case gallery.CompliancePartial:
		return l.T("Accessibility: partially compliant")
	case gallery.ComplianceFull:
		return l.T("Accessibility: fully compliant")
	}
	return l.T("Accessibility")
}

// darkAccent is the shade of an accent colour the dark scheme uses, when
// it is not the colour itself.
func darkAccent(accent string) string {
	th, err := service.AccentTheme(accent)
	if err != nil || th.Dark == th.Light {
		return ""
	}
	return th.Dark
}

// pageText is a legal page's text in a language: the webmaster's, else the
// default.
func pageText(b *gallery.Branding, page, lang string) string {
	if t := b.Pages[gallery.PageKey(page, lang)]; t != "" {
		return t
	}
	if t := service.DefaultPage(page, lang); t != "" {
		return t
	}
	return service.DefaultPage(page, "en")
}

type legalData struct {
	Text string
	// Lang is the text's language when it is not the page's: a page the
	// webmaster wrote in one language only shows in it, rather than the
	// other's skeleton with its blanks.
	Lang string
	// PlacesCredit credits the gazetteer's data on the legal page, as its
	// licence asks, when the library names places.
	PlacesCredit bool
}

// shownPage is a legal page's text for a reader of lang: theirs if the
// webmaster wrote it, else one the webmaster wrote in another language,
// else the default.
func shownPage(b *gallery.Branding, page, lang string) legalData {
	if t := b.Pages[gallery.PageKey(page, lang)]; t != "" {
		return legalData{Text: t}
	}
	for _, other := range gallery.PageLangs {
		if t := b.Pages[gallery.PageKey(page, other)]; t != "" {
			return legalData{Text: t, Lang: other}
		}
	}
	return legalData{Text: pageText(b, page, lang)}
}

// legalPage shows a legal page in the caller's language.
func (h *Handler) legalPage(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := h.svc.Branding(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		l := h.localizer(r)
		d := shownPage(&b, page, l.Lang())
		d.PlacesCredit = page == "legal" && h.svc.NamesPlaces()
		h.render(w, r, http.StatusOK, "legal", pageTitle(l, page), d)
	}
}

// Addresses in a text become links; a trailing punctuation mark stays
// text.
var textURL = regexp.MustCompile(`https?://[^\s<>"'«»]+`)

// prose shows a plain text typed by the webmaster: paragraphs apart by a
// blank line, a line starting with "## " a heading, lines starting with
// "- " a list, addresses as links. Everything else is escaped text.
func prose(s string) template.HTML {
	var b strings.Builder
	for _, block := range paragraphs(s) {
		var para, list []string
		flush := func() {
			if len(para) > 0 {
				b.WriteString("<p>" + strings.Join(para, "<br>\n") + "</p>\n")
				para = nil
			}
			if len(list) > 0 {
				b.WriteString("<ul>\n<li>" + strings.Join(list, "</li>\n<li>") + "</li>\n</ul>\n")
				list = nil
			}
		}
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(line)
			switch {
			case line == "":
			case strings.HasPrefix(line, "## "):
				flush()
				b.WriteString("<h2>" + inlineText(strings.TrimPrefix(line, "## ")) + "</h2>\n")
			case strings.HasPrefix(line, "- "):
				if len(para) > 0 {
					flush()
				}
				list = append(list, inlineText(strings.TrimPrefix(line, "- ")))
			default:
				if len(list) > 0 {
					flush()
				}
				para = append(para, inlineText(line))
			}
		}
		flush()
	}
	return template.HTML(b.String())
}

// inlineText escapes a line and links its addresses.
func inlineText(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range textURL.FindAllStringIndex(s, -1) {
		u := strings.TrimRight(s[m[0]:m[1]], ".,;:!?)")
		b.WriteString(template.HTMLEscapeString(s[last:m[0]]))
		e := template.HTMLEscapeString(u)
		b.WriteString(`<a href="` + e + `" rel="nofollow noopener">` + e + `</a>`)
		last = m[0] + len(u)
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return b.String()
}

// brandCSS serves the accent colour as a style sheet: inline style is
// refused by the site's Content-Security-Policy.
func (h *Handler) brandCSS(w http.ResponseWriter, r *http.Request) {
	b, err := h.svc.Branding(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var css bytes.Buffer
	if th, err := service.AccentTheme(b.Accent); err == nil {
		css.WriteString(":root { --accent: " + th.Light + "; --accent-fg: " + th.LightFG + "; --focus: " + th.Light + "; }\n")
		css.WriteString("@media (prefers-color-scheme: dark) {\n  :root { --accent: " + th.Dark + "; --accent-fg: " + th.DarkFG + "; --focus: " + th.Dark + "; }\n}\n")
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/css; charset=utf-8")
	cacheVersion(hd, r, strings.TrimPrefix(b.Accent, "#"))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(css.Bytes()))
}

// cacheVersion lets browsers keep for ever what is asked for at its
// current version, and check anything else each time.
func cacheVersion(hd http.Header, r *http.Request, version string) {
	if r.URL.Query().Get("v") == version && version != "" {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "no-cache")
	}
	hd.Set("ETag", strconv.Quote(version))
}

// logo serves the logo from our own address, with a policy that lets an
// SVG neither run script nor fetch anything, were it opened by itself.
func (h *Handler) logo(w http.ResponseWriter, r *http.Request) {
	l, data, err := h.svc.Logo(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", l.Type)
	hd.Set("X-Content-Type-Options", "nosniff")
	if l.Type == "image/svg+xml" {
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	} else {
		hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	hd.Set("Content-Disposition", "inline")
	cacheVersion(hd, r, l.Digest)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// fileForm is form for a multipart form that may carry a file (the logo):
// bounded, read once, with the session's CSRF token in its csrf field.
func (h *Handler) fileForm(next http.HandlerFunc) http.HandlerFunc {
	return h.multipartForm(int64(4*service.MaxLogo+maxForm), int64(4*service.MaxLogo+maxForm), func(l *i18n.Localizer) string {
		return l.T("The logo is too large: at most %s.", l.Bytes(service.MaxLogo))
	}, next)
}

// multipartForm reads a form that may carry a file, at most limit bytes
// (memory of them in memory, the rest in temporary files), answering
// tooLarge's sentence beyond it, then checks the CSRF token as h.form does.
func (h *Handler) multipartForm(limit, memory int64, tooLarge func(*i18n.Localizer) string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err := r.ParseMultipartForm(memory)
		if errors.Is(err, http.ErrNotMultipart) {
			err = r.ParseForm()
		}
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			http.Error(w, tooLarge(h.localizer(r)), http.StatusRequestEntityTooLarge)
			return
		}
		if err != nil || !cleanQuery(r.PostForm) {
			http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
			return
		}
		if !h.tokenOK(w, r) {
			return
		}
		next(w, r)
	}
}

// saveBranding saves the texts a branding form sends: the identity form
// (name, colour, introduction) or one legal page's form.
func (h *Handler) saveBranding(w http.ResponseWriter, r *http.Request) {
	texts := map[string]string{}
	for _, k := range gallery.BrandingNames() {
		if vs, ok := r.PostForm[k]; ok {
			texts[k] = vs[0]
		}
	}
	h.brandingDone(w, r, h.svc.SaveBranding(r.Context(), actorOf(r), texts), texts)
}

// setLogo saves an uploaded logo.
func (h *Handler) setLogo(w http.ResponseWriter, r *http.Request) {
	var data []byte
	if f, _, err := r.FormFile("logo"); err == nil {
		data, err = io.ReadAll(io.LimitReader(f, service.MaxLogo+1))
		f.Close()
		if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.brandingDone(w, r, h.svc.SetLogo(r.Context(), actorOf(r), data), nil)
}

func (h *Handler) removeLogo(w http.ResponseWriter, r *http.Request) {
	h.brandingDone(w, r, h.svc.RemoveLogo(r.Context(), actorOf(r)), nil)
}

// brandingDone answers a branding form: back to the settings, or the
// settings again with the refusal in words and what was typed.
func (h *Handler) brandingDone(w http.ResponseWriter, r *http.Request, err error, typed map[string]string) {
	var be *service.BrandingError
	if !errors.As(err, &be) {
		if err != nil {
			h.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/admin/settings?saved=branding#branding", http.StatusSeeOther)
		return
	}
	v, err := h.svc.SettingsView(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if v.Branding != nil {
		for k, t := range typed {
			v.Branding.Set(k, t)
		}
	}
	l := h.localizer(r)
	h.render(w, r, http.StatusBadRequest, "settings", l.T("Settings"), settingsData{SettingsView: v, BrandError: brandingMessage(l, be), BrandField: be.Field})
}

// brandingMessage words a branding refusal.
func brandingMessage(l *i18n.Localizer, e *service.BrandingError) string {
	switch e.Reason {
	case service.RefusedContrast:
		return l.T("The colour %s has a contrast of only %s:1 with the page’s light background; links and buttons need at least 4.5:1. Choose a darker colour.", e.Value, l.Number(e.Ratio))
	case service.RefusedColour:
		return l.T("Give the colour as # followed by six hexadecimal digits, such as #0b57d0.")
	case service.RefusedOneLine:
		return l.T("The site’s name must fit on one line.")
	case service.RefusedTooLong:
		switch {
		case e.Field == "site_name":
			return l.T("The site’s name is too long: at most %d characters.", service.MaxSiteName)
		case e.Field == "intro":
			return l.T("The introduction is too long: at most %d characters.", service.MaxIntro)
		}
		return l.T("This page’s text is too long: at most %d characters.", service.MaxPageText)
	case service.RefusedChoice:
		return l.T("That is not possible.")
	case service.RefusedEmpty:
		return l.T("Choose an image file for the logo.")
	case service.RefusedNotImage:
		return l.T("This file is not a PNG, JPEG, WebP or SVG image.")
	case service.RefusedLogoSize:
		return l.T("The logo is too large: at most %s.", l.Bytes(service.MaxLogo))
	case service.RefusedLogoSide:
		return l.T("The logo is too large: at most %d pixels wide and high.", service.MaxLogoSide)
	case service.RefusedSVG:
		return l.T("This SVG image holds script, event handlers or references to other sites: it is refused for safety.")
	}
	return l.T("That is not possible.")
}
