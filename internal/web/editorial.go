package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// paragraphs splits a plain text into its paragraphs (blank-line
// separated), for a template to put each in its own <p>, escaped.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// shorten cuts a text to about n characters, on a word, with an ellipsis;
// line breaks become spaces.
func shorten(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-–—") + "…"
}

// albumDescription saves an album's description.
func (h *Handler) albumDescription(w http.ResponseWriter, r *http.Request) {
	h.albumDone(w, r, pathID(r), h.svc.SetAlbumDescription(r.Context(), actorOf(r), pathID(r), r.PostFormValue("description")))
}

// albumItemOrder chooses how an album lists its items.
func (h *Handler) albumItemOrder(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	if err := h.svc.SetAlbumItemOrder(r.Context(), actorOf(r), id, gallery.ItemOrder(r.PostFormValue("order"))); err != nil {
		h.fail(w, r, err)
		return
	}
	back(w, r, fmt.Sprintf("/albums/%d/arrange", id))
}

// arrangeItem moves an item in an album arranged by hand: the page's
// "earlier" and "later" buttons send a step, its script's drag and drop a
// target. The script asks for no redirect and gets 204.
func (h *Handler) arrangeItem(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	mv := service.ItemMove{Key: r.PostFormValue("key"), Target: r.PostFormValue("target"), After: r.PostFormValue("after") == "1",
		First: r.PostFormValue("to") == "first", Last: r.PostFormValue("to") == "last"}
	if v := r.PostFormValue("step"); v != "" {
		step, err := strconv.Atoi(v)
		if err != nil {
			h.fail(w, r, fmt.Errorf("step %q: %w", v, gallery.ErrInvalid))
			return
		}
		mv.Step = step
	}
	if err := h.svc.MoveAlbumItem(r.Context(), actorOf(r), id, mv); err != nil {
		h.fail(w, r, err)
		return
	}
	if r.Header.Get("X-Requested-With") == "imagier" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	back(w, r, fmt.Sprintf("/albums/%d/arrange", id))
}

// placeAlbum moves an album among its siblings: the album panel's
// buttons send a step, the drag and drop of album cards a "before".
func (h *Handler) placeAlbum(w http.ResponseWriter, r *http.Request) {
	step, _ := strconv.Atoi(r.PostFormValue("step"))
	err := h.svc.PlaceAlbum(r.Context(), actorOf(r), pathID(r), formID(r, "before"), step)
	if err == nil && r.Header.Get("X-Requested-With") == "imagier" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	back(w, r, fmt.Sprintf("/albums/%d", pathID(r)))
}

type arrangeData struct {
	Album   *gallery.Album
	Parents []*gallery.Album
	Page    gallery.Page
	After   string
	Order   gallery.ItemOrder
	Orders  []gallery.ItemOrder
}

// arrangePage is where an album's editors choose its order and, in manual
// order, move its items.
func (h *Handler) arrangePage(w http.ResponseWriter, r *http.Request) {
	after := r.URL.Query().Get("after")
	v, err := h.svc.AlbumPageView(r.Context(), actorOf(r), pathID(r), after, 100, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !v.Edit {
		h.notFound(w, r)
		return
	}
	l := h.localizer(r)
	h.render(w, r, http.StatusOK, "arrange", l.T("Display order")+" · "+v.Album.Name,
		arrangeData{Album: v.Album, Parents: v.Parents, Page: v.Page, After: after, Order: v.Order, Orders: gallery.ItemOrders()})
}

// orderName words an album order for people.
func orderName(l *i18n.Localizer, o gallery.ItemOrder) string {
	switch o {
	case gallery.OrderManual:
		return l.T("By hand")
	case gallery.OrderTitle:
		return l.T("By title")
	case gallery.OrderName:
		return l.T("By file name")
	}
	return l.T("By date taken")
}
