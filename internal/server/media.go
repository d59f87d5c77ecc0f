package server

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"imagier/internal/gallery"
)

// MediaURLs returns the paths of an item's original and, for images, of
// every derivative size. They hold the item's random public key only.
func MediaURLs(m gallery.Media) map[string]string {
	urls := map[string]string{"original": "/i/" + m.Key + "/original"}
	if m.Meta.Kind == gallery.KindImage {
		for _, s := range gallery.Sizes {
			urls[s.Name] = "/i/" + m.Key + "/" + s.Name + ".jpg"
		}
	}
	return urls
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.CountMedia(r.Context())
	if err != nil {
		s.log.Error("health", "err", err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, `{"status":"unavailable"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"status": "ok", "database": s.store.Dialect(), "items": n})
}

// activeTypes could run script in the browser if served inline.
var activeTypes = []string{"svg", "html", "xml", "javascript", "xhtml"}

// mediaFile serves /i/{key}/original and /i/{key}/{size}.jpg.
func (s *Server) mediaFile(w http.ResponseWriter, r *http.Request) {
	key, file := r.PathValue("key"), r.PathValue("file")
	if len(key) > 64 {
		s.httpError(w, r, gallery.ErrNotFound)
		return
	}
	m, err := s.store.MediaByKey(r.Context(), key)
	if err != nil {
		s.httpError(w, r, err)
		return
	}
	var body io.ReadSeekCloser
	h := w.Header()
	if file == "original" {
		body, err = s.lib.Original(r.Context(), m)
		ctype := m.Meta.MIME
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		disposition := "inline"
		for _, t := range activeTypes {
			if strings.Contains(ctype, t) {
				// Uploaded SVG or HTML is never rendered by the browser.
				ctype, disposition = "application/octet-stream", "attachment"
			}
		}
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": m.Filename}))
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	} else {
		size, ok := strings.CutSuffix(file, ".jpg")
		if !ok {
			s.httpError(w, r, gallery.ErrNotFound)
			return
		}
		body, err = s.lib.Derivative(r.Context(), m, size)
		h.Set("Content-Type", "image/jpeg")
	}
	if err != nil {
		s.httpError(w, r, err)
		return
	}
	defer body.Close()
	// Content never changes under a key and size; rights do, so caches
	// shared between users must not keep it.
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("ETag", `"`+m.Key+"-"+file+`"`)
	http.ServeContent(w, r, "", time.Time{}, body)
}
