// Package web is Imagier's HTML interface: server-rendered pages, a little
// hand-written JavaScript, in French and English. Every route is in
// routes.go; each page has its own file and template.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"imagier/internal/i18n"
	"imagier/internal/server"
	"imagier/internal/service"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure the interface.
type Options struct {
	// Links makes the absolute addresses of links sent elsewhere
	// (invitations, the feed), never from a Host header alone.
	Links server.Links
}

// Handler serves the interface. It parses each request, calls one method
// of the service with the caller as actor, and renders what comes back.
type Handler struct {
	svc      *service.Service
	i18n     *i18n.Bundle
	log      *slog.Logger
	opt      Options
	pages    map[string]*template.Template
	assets   map[string]asset // by fingerprinted name
	assetURL map[string]string
	mux      *http.ServeMux
	// flashes are the messages batch actions leave for the next page.
	flashes flashStore
	// sheets are the spreadsheets previewed, waiting to be applied.
	sheets sheetStore
}

// asset is a static file kept in memory, raw and gzipped.
type asset struct {
	body, gz []byte
	ctype    string
}

// New builds the handler.
func New(svc *service.Service, bundle *i18n.Bundle, log *slog.Logger, opt Options) (*Handler, error) {
	h := &Handler{svc: svc, i18n: bundle, log: log, opt: opt}
	if err := h.loadAssets(); err != nil {
		return nil, err
	}
	if err := h.loadTemplates(); err != nil {
		return nil, err
	}
	h.mux = h.routes()
	return h, nil
}

// ServeHTTP refuses, before any handler, text no page ever needs: invalid
// UTF-8 and control characters in the path or query. They could only be
// an attack, and PostgreSQL rejects them anyway.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !cleanText(r.URL.Path) || !cleanText(r.URL.RawQuery) || !cleanQuery(r.URL.Query()) {
		http.Error(w, h.localizer(r).T("That is not possible."), http.StatusBadRequest)
		return
	}
	if h.svc.Blocked(r.Context(), clientIP(r)) {
		http.Error(w, h.localizer(r).T("Your address is blocked by this site's administrators."), http.StatusForbidden)
		return
	}
	h.mux.ServeHTTP(w, r)
}

// cleanText reports whether s is valid UTF-8 without NUL or other C0
// controls but tab, newline and carriage return.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// cleanQuery checks decoded form or query values with cleanText.
func cleanQuery(v map[string][]string) bool {
	for k, vs := range v {
		if !cleanText(k) {
			return false
		}
		for _, x := range vs {
			if !cleanText(x) {
				return false
			}
		}
	}
	return true
}

// loadAssets fingerprints every static file, so that its URL changes with
// its content and browsers may cache it for ever.
func (h *Handler) loadAssets() error {
	h.assets, h.assetURL = map[string]asset{}, map[string]string{}
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := path.Base(p)
		ext := path.Ext(name)
		fp := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}[ext]
		h.assets[fp] = asset{body: body, gz: gz.Bytes(), ctype: ctype}
		h.assetURL[name] = "/static/" + fp
		return nil
	})
}

func (h *Handler) static(w http.ResponseWriter, r *http.Request) {
	a, ok := h.assets[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Vary", "Accept-Encoding")
	body := a.body
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		body = a.gz
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// loadTemplates parses each page with the layout.
func (h *Handler) loadTemplates() error {
	h.pages = map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t := template.New("layout.html").Funcs(h.funcs())
		t, err := t.ParseFS(templateFS, "templates/layout.html", "templates/_*.html", n)
		if err != nil {
			return fmt.Errorf("template %s: %w", base, err)
		}
		h.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return nil
}
