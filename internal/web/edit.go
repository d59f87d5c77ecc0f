package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// admin runs next only for administrators; others get a 404, which tells
// them nothing about what exists.
func (h *Handler) admin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !accessOf(r.Context()).All {
			h.notFound(w, r)
			return
		}
		next(w, r)
	}
}

// back returns to the page a form came from, when it is on this site.
func back(w http.ResponseWriter, r *http.Request, fallback string) {
	next := r.PostFormValue("next")
	if next == "" {
		next = fallback
	}
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

// splitTags reads a comma-separated tag list.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// editMedia saves the edit form of a media page: a field the form does
// not send is left as it is.
func (h *Handler) editMedia(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	field := func(name string) *string {
		if v := f[name]; len(v) == 1 {
			return &v[0]
		}
		return nil
	}
	e := service.MediaEdit{Title: field("title"), Description: field("description"), AltText: field("alt_text"),
		Creator: field("creator"), Credit: field("credit"), Copyright: field("copyright")}
	if _, ok := f["tags"]; ok {
		e.Tags, e.SetTags = splitTags(f.Get("tags")), true
	}
	if v := f["taken"]; len(v) == 1 {
		e.Taken, e.SetTaken = v[0], true
	}
	if f.Has("lat") {
		e.Lat, e.Lon, e.SetGPS = f.Get("lat"), f.Get("lon"), true
	}
	if v := f.Get("level"); v != "" {
		level, err := strconv.Atoi(v)
		if err != nil {
			h.fail(w, r, fmt.Errorf("level %q: %w", v, gallery.ErrInvalid))
			return
		}
		e.Level = &level
	}
	key := r.PathValue("key")
	if err := h.svc.EditMedia(r.Context(), actorOf(r), key, e); err != nil {
		h.fail(w, r, err)
		return
	}
	back(w, r, "/m/"+key)
}

// albumDone goes to an album's page; a name already taken or a move into
// itself is said plainly there, by a code rather than a text anyone could
// put in a link.
func (h *Handler) albumDone(w http.ResponseWriter, r *http.Request, id int64, err error) {
	target := "/"
	if id != 0 {
		target = fmt.Sprintf("/albums/%d", id)
	}
	switch {
	case errors.Is(err, gallery.ErrConflict):
		http.Redirect(w, r, target+"?error=exists", http.StatusSeeOther)
	case errors.Is(err, gallery.ErrBadAlbumName):
		http.Redirect(w, r, target+"?error=name", http.StatusSeeOther)
	case errors.Is(err, gallery.ErrInvalid):
		http.Redirect(w, r, target+"?error=invalid", http.StatusSeeOther)
	case err != nil:
		h.fail(w, r, err)
	default:
		http.Redirect(w, r, target, http.StatusSeeOther)
	}
}

func (h *Handler) createAlbum(w http.ResponseWriter, r *http.Request) {
	parent := formID(r, "parent")
	id, err := h.svc.CreateAlbum(r.Context(), actorOf(r), parent, r.PostFormValue("name"))
	if err != nil {
		h.albumDone(w, r, parent, err)
		return
	}
	h.albumDone(w, r, id, nil)
}

func (h *Handler) renameAlbum(w http.ResponseWriter, r *http.Request) {
	h.albumDone(w, r, pathID(r), h.svc.RenameAlbum(r.Context(), actorOf(r), pathID(r), r.PostFormValue("name")))
}

func (h *Handler) moveAlbum(w http.ResponseWriter, r *http.Request) {
	h.albumDone(w, r, pathID(r), h.svc.MoveAlbum(r.Context(), actorOf(r), pathID(r), formID(r, "parent")))
}

func (h *Handler) positionAlbum(w http.ResponseWriter, r *http.Request) {
	pos, err := strconv.Atoi(r.PostFormValue("position"))
	if err != nil {
		h.albumDone(w, r, pathID(r), fmt.Errorf("position: %w", gallery.ErrInvalid))
		return
	}
	h.albumDone(w, r, pathID(r), h.svc.SetAlbumPosition(r.Context(), actorOf(r), pathID(r), pos))
}

func (h *Handler) deleteAlbum(w http.ResponseWriter, r *http.Request) {
	err := h.svc.DeleteAlbum(r.Context(), actorOf(r), pathID(r), r.PostFormValue("media") == "trash")
	if err != nil {
		h.albumDone(w, r, pathID(r), err)
		return
	}
	h.albumDone(w, r, 0, nil)
}

type trashData struct {
	Page      gallery.Page
	Retention int
}

func (h *Handler) trash(w http.ResponseWriter, r *http.Request) {
	pg, err := h.svc.TrashPage(r.Context(), actorOf(r), r.URL.Query().Get("after"), perPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "trash", h.localizer(r).T("Trash"), trashData{Page: pg, Retention: int(service.TrashRetention.Hours() / 24)})
}

// tagSuggestions answers the tag field's autocompletion, as JSON.
func (h *Handler) tagSuggestions(w http.ResponseWriter, r *http.Request) {
	tags, err := h.svc.TagSuggestions(r.Context(), actorOf(r), r.URL.Query().Get("q"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tags)
}
