package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// pageData is what every template gets.
type pageData struct {
	L       *i18n.Localizer
	Session *auth.Session
	// Access is what the caller may see and do, for menus.
	Access *gallery.Access
	// Title is the page's own title, already translated.
	Title string
	// Path is the request's path and query, for the language form to come
	// back to.
	Path string
	// Brand is the organisation's identity, shown on every page.
	Brand brandData
	Data  any
	// Pending is how many contributions wait for review, shown next to
	// Review in administrators' menu.
	Pending int
	// VisitorView is set while staff preview the page as a visitor sees
	// it: a banner says so and offers the way back. CanPreview offers
	// staff that preview, on the pages visitors may see.
	VisitorView, CanPreview bool
	// Flash is the message an action left for this page, if any.
	Flash *flashView
	// Searches are the caller's saved searches, for the menu.
	Searches []service.SavedSearchEntry
	// Query is the search of the results page, kept in the header's box.
	Query string
}

type ctxKey int

const (
	sessionKey ctxKey = iota
	actorKey
)

func sessionOf(ctx context.Context) *auth.Session {
	se, _ := ctx.Value(sessionKey).(*auth.Session)
	return se
}

// accessOf returns what the caller may see; a request that did not go
// through visitor or user sees nothing.
func accessOf(ctx context.Context) *gallery.Access {
	if a, ok := ctx.Value(actorKey).(*service.Actor); ok {
		return a.Access
	}
	return &gallery.Access{}
}

// localizer picks the caller's language: their choice in a cookie, else
// their browser's.
func (h *Handler) localizer(r *http.Request) *i18n.Localizer {
	cookie := ""
	if c, err := r.Cookie("lang"); err == nil {
		cookie = c.Value
	}
	return h.i18n.Localizer(h.i18n.Match(r.Header.Get("Accept-Language"), cookie))
}

// render writes a page, rendered fully before anything is sent so that a
// template error becomes a clean 500.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	t, ok := h.pages[name]
	if !ok {
		h.renderFailed(w, r, name, fmt.Errorf("no template %q", name))
		return
	}
	p := pageData{L: h.localizer(r), Session: sessionOf(r.Context()), Access: accessOf(r.Context()), Title: title, Path: r.URL.RequestURI(), Data: data,
		VisitorView: viewOf(r.Context()).Reduced, CanPreview: viewOf(r.Context()).Can}
	p.Brand = h.brandOf(r.Context())
	if r.URL.Path == "/search" {
		p.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	}
	if p.Session != nil && p.Access.All {
		// The menu's count is a hint: a failure to count leaves it out.
		p.Pending, _ = h.svc.PendingCount(r.Context(), actorOf(r))
	}
	if status == http.StatusOK {
		p.Flash = h.takeFlash(w, r, p.L)
	}
	if p.Session != nil && !p.VisitorView {
		// Like the count above, the menu's saved searches are a hint.
		p.Searches, _ = h.svc.SavedSearches(r.Context(), actorOf(r))
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		h.renderFailed(w, r, name, fmt.Errorf("render %s: %w", name, err))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Vary", "Cookie, Accept-Language, Accept-Encoding")
	if buf.Len() > 1024 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		hd.Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		zw.Write(buf.Bytes())
		zw.Close()
		return
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// MediaURLs returns the paths of an item's original and, for images, of
// every derivative size. They hold the item's random public key only.
func MediaURLs(m gallery.Media) map[string]string {
	urls := map[string]string{"original": "/i/" + m.Key + "/original", "page": "/m/" + m.Key}
	if m.Meta.Kind == gallery.KindImage {
		for _, s := range gallery.Sizes {
			urls[s.Name] = "/i/" + m.Key + "/" + s.Name + ".jpg"
		}
	}
	return urls
}

// fail maps an error to a page — the one place errors become statuses — and
// logs what is not the caller's doing. Internals are never shown.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, gallery.ErrNotFound), errors.Is(err, gallery.ErrForbidden):
		// Forbidden looks like not found: saying more would confirm
		// that the item exists.
		h.notFound(w, r)
	case errors.Is(err, gallery.ErrInvalid):
		h.errorPage(w, r, http.StatusBadRequest, refusal(h.localizer(r), err))
	case errors.Is(err, gallery.ErrConflict):
		h.errorPage(w, r, http.StatusConflict, refusal(h.localizer(r), err))
	case errors.Is(err, service.ErrBusy):
		// Too many passwords being checked at once: come back shortly.
		w.Header().Set("Retry-After", "5")
		h.errorPage(w, r, http.StatusServiceUnavailable, h.localizer(r).T("Something went wrong on the server; try again later."))
	case errors.Is(err, context.Canceled):
	default:
		h.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		h.errorPage(w, r, http.StatusInternalServerError, h.localizer(r).T("Something went wrong on the server; try again later."))
	}
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	// A guest asking for a page they may not see is offered to sign in:
	// signing in may show it. Every missing page answers the same, so
	// this says nothing about what exists.
	if a, ok := r.Context().Value(actorKey).(*service.Actor); ok && a.Access.Guest() && sessionOf(r.Context()) == nil &&
		r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/i/") {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	l := h.localizer(r)
	h.render(w, r, http.StatusNotFound, "notfound", l.T("Page not found"), nil)
}

func (h *Handler) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := h.svc.Healthy(r.Context()); err != nil {
		h.log.Error("health", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, `{"status":"unavailable"}`)
		return
	}
	fmt.Fprintf(w, `{"status":"ok","database":%q}`+"\n", h.svc.Dialect())
}

// funcs are the helpers templates call.
func (h *Handler) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string { return h.assetURL[name] },
		"src":   func(key, size string) string { return "/i/" + key + "/" + size + ".jpg" },
		// srcset offers the browser every size from thumb up, so it picks
		// what the layout and the screen's density need.
		"srcset": func(key string) string {
			var b bytes.Buffer
			for _, s := range gallery.Sizes {
				if s.Square {
					continue
				}
				if b.Len() > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "/i/%s/%s.jpg %dw", key, s.Name, s.Long)
			}
			return b.String()
		},
		// ratio names the CSS class that gives an item its share of a
		// justified row: its aspect ratio in hundredths, in steps of 5.
		"ratio": func(w, h int) string {
			if w <= 0 || h <= 0 {
				return "r100"
			}
			r := (w*100/h + 2) / 5 * 5
			return "r" + strconv.Itoa(min(max(r, 25), 400))
		},
		"original": func(key string) string { return "/i/" + key + "/original" },
		"grid": func(items []gallery.Media, albumID int64, l *i18n.Localizer) gridData {
			return gridData{Items: items, AlbumID: albumID, Words: l}
		},
		"selectGrid": func(items []gallery.Media, albumID int64, l *i18n.Localizer) gridData {
			return gridData{Items: items, AlbumID: albumID, L: l, Words: l}
		},
		// selGrid is a grid whose items the selection bar of sel acts on.
		"selGrid": func(items []gallery.Media, albumID int64, sel *selData) gridData {
			return gridData{Items: items, AlbumID: albumID, L: sel.L, Checked: sel.Checked, Words: sel.L}
		},
		"newPassword":   newPassword,
		"contains":      strings.Contains,
		"canContribute": (*gallery.Access).CanContribute,
		// mayContribute tells whether the caller may upload into an album.
		"mayContribute": func(a *gallery.Access, album int64) bool { return a.On(album).Has(gallery.PermContribute) },
		"levels":        func() []int { return gallery.Levels },
		"kindName":      kindName,
		"roleName":      roleName,
		"permNames":     permNames,
		"shortDate":     func(l *i18n.Localizer, t time.Time) string { return l.Date(t, i18n.DateShort) },
		// mb shows a quota in the megabytes its field takes.
		"mb":        func(b int64) string { return strconv.FormatFloat(float64(b)/1e6, 'f', -1, 64) },
		"levelName": levelName,
		"join":      strings.Join,
		"paras":     paragraphs,
		"orderName": orderName,
		"albumCard": func(l *i18n.Localizer, a *gallery.Album) albumCardData {
			return albumCardData{L: l, A: a, Range: dateRange(l, a.First, a.Last), Desc: shorten(a.Description, 120)}
		},
		"prose":             prose,
		"pageText":          pageText,
		"pageTitle":         pageTitle,
		"accessibilityLink": accessibilityLink,
		"darkAccent":        darkAccent,
		"legalPages":        func() []string { return gallery.LegalPages },
		"pageKey":           gallery.PageKey,
		// Privacy explained, tags linked, browsers named.
		"levelHelp":   levelHelp,
		"tagHref":     tagHref,
		"browserName": browserName,
		"alt": func(m gallery.Media) string {
			switch {
			case m.AltText != "":
				return m.AltText
			}
			return m.DisplayTitle()
		},
		// Saved searches: the fields of one's form.
		"searchFields": searchFields,
	}
}

type gridData struct {
	Items   []gallery.Media
	AlbumID int64
	// L is set when the grid's items can be selected; Checked when they
	// start selected.
	L       *i18n.Localizer
	Checked bool
	// Words names the kinds of files the grid cannot picture.
	Words *i18n.Localizer
}

type albumCardData struct {
	L     *i18n.Localizer
	A     *gallery.Album
	Range string
	// Desc is the album's description, shortened for a card.
	Desc string
}

// dateRange words the months an album spans: "July 2025", or
// "July 2025 – March 2026".
func dateRange(l *i18n.Localizer, first, last string) string {
	f, err1 := time.Parse("2006-01", truncate(first, 7))
	t, err2 := time.Parse("2006-01", truncate(last, 7))
	switch {
	case err1 != nil || err2 != nil:
		return ""
	case f.Equal(t):
		return l.Date(f, i18n.DateMonthYear)
	}
	return l.Date(f, i18n.DateMonthYear) + " – " + l.Date(t, i18n.DateMonthYear)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// levelName words a privacy level for people.
func levelName(l *i18n.Localizer, level int) string {
	switch level {
	case gallery.LevelEverybody:
		return l.T("Everybody")
	case gallery.LevelContacts:
		return l.T("Contacts")
	case gallery.LevelFriends:
		return l.T("Friends")
	case gallery.LevelFamily:
		return l.T("Family")
	case gallery.LevelAdmins:
		return l.T("Administrators")
	}
	return strconv.Itoa(level)
}

// roleName words an account's status for people.
func roleName(l *i18n.Localizer, r gallery.Role) string {
	switch r {
	case gallery.RoleWebmaster:
		return l.T("Webmaster")
	case gallery.RoleAdmin:
		return l.T("Administrator")
	case gallery.RoleNormal:
		return l.T("User")
	case gallery.RoleGeneric:
		return l.T("Shared account")
	case gallery.RoleGuest:
		return l.T("Guest")
	}
	return string(r)
}

// permNames words a set of rights for people.
func permNames(l *i18n.Localizer, p gallery.Perm) string {
	var out []string
	for _, x := range []struct {
		p    gallery.Perm
		name string
	}{{gallery.PermView, l.T("see")}, {gallery.PermDownload, l.T("download originals")}, {gallery.PermContribute, l.T("contribute")}, {gallery.PermEdit, l.T("edit")}} {
		if p.Has(x.p) {
			out = append(out, x.name)
		}
	}
	return strings.Join(out, ", ")
}

// kindName words a file's kind for people, where a grid or a page shows a
// file it cannot picture.
func kindName(l *i18n.Localizer, k gallery.Kind) string {
	switch k {
	case gallery.KindImage:
		return l.T("Photo")
	case gallery.KindVideo:
		return l.T("Video")
	case gallery.KindPDF:
		return l.T("PDF document")
	case gallery.KindRaw:
		return l.T("Camera raw file")
	}
	return l.T("File")
}
