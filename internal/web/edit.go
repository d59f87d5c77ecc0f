package web

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
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

// editMedia saves the edit form of a media page.
func (h *Handler) editMedia(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, perm, err := h.visibleMedia(r, r.PathValue("key"))
	if err == nil && !perm.Has(gallery.PermEdit) {
		err = fmt.Errorf("edit %s: %w", m.Key, gallery.ErrForbidden)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if v := r.PostFormValue("level"); v != "" && accessOf(ctx).All {
		level, _ := strconv.Atoi(v)
		if err := h.store.SetLevel(ctx, []int64{m.ID}, level); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	fields := map[string]string{}
	for _, f := range []string{"title", "description", "alt_text"} {
		if v := r.PostForm[f]; len(v) == 1 {
			fields[f] = strings.TrimSpace(v[0])
		}
	}
	if err := h.store.Edit(ctx, m.ID, fields); err != nil {
		h.fail(w, r, err)
		return
	}
	if _, ok := r.PostForm["tags"]; ok {
		if err := h.store.SetTags(ctx, m.ID, splitTags(r.PostFormValue("tags"))); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if v, ok := r.PostForm["taken"]; ok && len(v) == 1 {
		var taken *time.Time
		if v[0] != "" {
			t, err := time.Parse("2006-01-02T15:04", v[0])
			if err != nil {
				t, err = time.Parse("2006-01-02T15:04:05", v[0])
			}
			if err != nil {
				h.fail(w, r, fmt.Errorf("date %q: %w", v[0], gallery.ErrInvalid))
				return
			}
			taken = &t
		}
		if err := h.store.SetTaken(ctx, m.ID, taken); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if lat, lon := strings.TrimSpace(r.PostFormValue("lat")), strings.TrimSpace(r.PostFormValue("lon")); r.PostForm.Has("lat") {
		var g *gallery.GPS
		if lat != "" || lon != "" {
			la, err1 := strconv.ParseFloat(strings.Replace(lat, ",", ".", 1), 64)
			lo, err2 := strconv.ParseFloat(strings.Replace(lon, ",", ".", 1), 64)
			if err1 != nil || err2 != nil {
				h.fail(w, r, fmt.Errorf("position %q,%q: %w", lat, lon, gallery.ErrInvalid))
				return
			}
			g = &gallery.GPS{Lat: la, Lon: lo}
		}
		if err := h.store.SetGPS(ctx, m.ID, g); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.audit(r, "media.edit", m.Key, strings.Join(slices.Sorted(maps.Keys(r.PostForm)), ","))
	back(w, r, "/m/"+m.Key)
}

// keysToIDs turns the public keys a form sent into row ids. Unless the
// caller is an administrator, every item must be one they may edit: one
// that is not fails the whole request, as if it did not exist.
func (h *Handler) keysToIDs(r *http.Request, keys []string) ([]int64, error) {
	if len(keys) > 5000 {
		return nil, fmt.Errorf("%d items at once: %w", len(keys), gallery.ErrInvalid)
	}
	acc := accessOf(r.Context())
	var ids []int64
	for _, k := range keys {
		m, err := h.store.MediaByKey(r.Context(), k)
		if errors.Is(err, gallery.ErrNotFound) && acc.All {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !acc.All {
			perm, err := h.store.MediaPerm(r.Context(), acc, m.ID)
			if err != nil {
				return nil, err
			}
			if !perm.Has(gallery.PermEdit) {
				return nil, fmt.Errorf("item %s: %w", k, gallery.ErrNotFound)
			}
		}
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// formID reads an id field; 0 when absent or malformed.
func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return id
}

// batch applies one action to the items selected in a grid or on a page.
func (h *Handler) batch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, err := h.keysToIDs(r, r.PostForm["ids"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acc := accessOf(ctx)
	action := r.PostFormValue("action")
	album := formID(r, "album")
	// Beyond administrators, editors tag, file and trash items of albums
	// they may edit, between albums they may edit.
	if !acc.All {
		ok := false
		switch action {
		case "tag", "untag", "delete":
			ok = true
		case "copy":
			ok = acc.On(album).Has(gallery.PermEdit)
		case "move":
			ok = acc.On(album).Has(gallery.PermEdit) && acc.On(formID(r, "from")).Has(gallery.PermEdit)
		case "remove":
			ok = acc.On(formID(r, "from")).Has(gallery.PermEdit)
		}
		if !ok || strings.TrimSpace(r.PostFormValue("new_album")) != "" {
			h.notFound(w, r)
			return
		}
	}
	if album == 0 && strings.TrimSpace(r.PostFormValue("new_album")) != "" {
		if album, err = h.store.CreateAlbum(ctx, formID(r, "parent"), r.PostFormValue("new_album")); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	switch action {
	case "level":
		level, _ := strconv.Atoi(r.PostFormValue("level"))
		err = h.store.SetLevel(ctx, ids, level)
	case "tag":
		err = h.store.AddTags(ctx, ids, splitTags(r.PostFormValue("tags")))
	case "untag":
		err = h.store.RemoveTags(ctx, ids, splitTags(r.PostFormValue("tags")))
	case "copy":
		err = h.store.AddToAlbums(ctx, ids, album)
	case "move":
		err = h.store.MoveToAlbum(ctx, ids, formID(r, "from"), album)
	case "remove":
		err = h.store.RemoveFromAlbum(ctx, ids, formID(r, "from"))
	case "delete":
		err = h.store.Trash(ctx, ids, time.Now())
	case "restore":
		err = h.store.Restore(ctx, ids)
	case "cover":
		if len(ids) == 1 {
			err = h.store.SetCover(ctx, formID(r, "from"), ids[0])
		}
	default:
		err = fmt.Errorf("action %q: %w", r.PostFormValue("action"), gallery.ErrInvalid)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.audit(r, "media."+action, strings.Join(r.PostForm["ids"], " "), batchDetail(r))
	back(w, r, "/")
}

// batchDetail is what the audit log keeps of a batch action's fields.
func batchDetail(r *http.Request) string {
	var parts []string
	for _, f := range []string{"tags", "album", "from", "new_album", "level"} {
		if v := r.PostFormValue(f); v != "" {
			parts = append(parts, f+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// albumAction creates, renames, moves or deletes an album.
func (h *Handler) albumAction(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := formID(r, "id")
	var err error
	next := fmt.Sprintf("/albums/%d", id)
	switch r.PostFormValue("action") {
	case "create":
		var created int64
		created, err = h.store.CreateAlbum(ctx, formID(r, "parent"), r.PostFormValue("name"))
		next = fmt.Sprintf("/albums/%d", created)
	case "rename":
		err = h.store.RenameAlbum(ctx, id, r.PostFormValue("name"))
	case "move":
		err = h.store.MoveAlbum(ctx, id, formID(r, "parent"))
	case "position":
		pos, perr := strconv.Atoi(r.PostFormValue("position"))
		if perr != nil || pos < -1000 || pos > 1000 {
			err = fmt.Errorf("position %q: %w", r.PostFormValue("position"), gallery.ErrInvalid)
			break
		}
		err = h.store.SetAlbumPosition(ctx, id, pos)
	case "delete":
		err = h.store.DeleteAlbum(ctx, id, r.PostFormValue("media") == "trash", time.Now())
		next = "/"
	default:
		err = fmt.Errorf("album action %q: %w", r.PostFormValue("action"), gallery.ErrInvalid)
	}
	// A name already taken or a move into itself is said plainly on the
	// album page, by a code rather than a text anyone could put in a link.
	if errors.Is(err, gallery.ErrConflict) || errors.Is(err, gallery.ErrInvalid) {
		code := "exists"
		if errors.Is(err, gallery.ErrInvalid) {
			code = "invalid"
		}
		target := "/"
		if id != 0 {
			target = fmt.Sprintf("/albums/%d", id)
		}
		http.Redirect(w, r, target+"?error="+code, http.StatusSeeOther)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.audit(r, "album."+r.PostFormValue("action"), strconv.FormatInt(id, 10), strings.TrimSpace(r.PostFormValue("name")+" "+r.PostFormValue("parent")))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

type trashData struct {
	Page      gallery.Page
	Retention int
}

// TrashRetention is how long deleted items wait before they go for good.
const TrashRetention = 30 * 24 * time.Hour

func (h *Handler) trash(w http.ResponseWriter, r *http.Request) {
	pg, err := h.store.TrashPage(r.Context(), r.URL.Query().Get("after"), perPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "trash", h.localizer(r).T("Trash"), trashData{Page: pg, Retention: int(TrashRetention.Hours() / 24)})
}

// tagSuggestions answers the tag field's autocompletion, as JSON.
func (h *Handler) tagSuggestions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if len(q) > 100 {
		q = q[:100]
	}
	tags, err := h.store.TagsWithPrefix(r.Context(), q, 20)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tags)
}
