package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// perPage is how many items a grid page holds.
const perPage = 60

type homeData struct {
	Albums []*gallery.Album
	Latest []gallery.Media
	Error  string
	// Smart are the saved searches the caller sees that are smart albums.
	Smart []service.SavedSearchEntry
}

// albumError words the codes album forms come back with.
func albumError(l *i18n.Localizer, code string) string {
	switch code {
	case "exists":
		return l.T("An album of that name is already there.")
	case "invalid":
		return l.T("That is not possible.")
	case "name":
		return refusal(l, gallery.ErrBadAlbumName)
	}
	return ""
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	roots, _, err := h.svc.Albums(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	latest, err := h.svc.Latest(r.Context(), actorOf(r), 24)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	l := h.localizer(r)
	d := homeData{Albums: roots, Latest: latest, Error: albumError(l, r.URL.Query().Get("error"))}
	if d.Smart, err = h.smartAlbums(r); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "home", l.T("Albums"), d)
}

type albumData struct {
	Album   *gallery.Album
	Parents []*gallery.Album
	Page    gallery.Page
	// After is the cursor this page starts at, empty on the first.
	After string
	// CanEdit, All (every album, for menus), Position and Error serve the
	// administrators' forms.
	CanEdit bool
	// CanDownload offers the album's originals as one zip.
	CanDownload bool
	All         []*gallery.Album
	Position    int
	Error       string
	Rights      *albumRights
	// Edit is set for those who may edit the album's description and the
	// order of its items; Order is that order.
	Edit  bool
	Order gallery.ItemOrder
	// Sel is the selection bar, for those who may act on the items.
	Sel *selData
}

func (h *Handler) album(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	after, who := r.URL.Query().Get("after"), r.URL.Query().Has("who")
	v, err := h.svc.AlbumPageView(r.Context(), actorOf(r), id, after, perPage, who)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := albumData{Album: v.Album, Parents: v.Parents, Page: v.Page, After: after, CanEdit: v.Manage, CanDownload: v.CanDownload,
		All: v.All, Position: v.Position, Edit: v.Edit, Order: v.Order}
	if d.Sel, err = h.selection(r, id, false); err != nil {
		h.fail(w, r, err)
		return
	}
	if v.Manage || v.Edit {
		d.Error = albumError(h.localizer(r), r.URL.Query().Get("error"))
	}
	if v.Manage {
		d.Rights = &albumRights{AlbumRights: v.Rights, Names: v.Paths, Asked: who}
	}
	h.render(w, r, http.StatusOK, "album", v.Album.Name, d)
}

// monthGroup is a run of timeline items of one month.
type monthGroup struct {
	Key   string // "2025-07"
	Label string // "July 2025"
	Items []gallery.Media
}

type timelineData struct {
	Months []gallery.Month
	Years  []yearLinks
	Groups []monthGroup
	Next   string
	// Sel is the selection bar, for those who may act on the items.
	Sel *selData
}

type yearLinks struct {
	Year   string
	Months []monthLink
}

type monthLink struct {
	Key, Label string
	Count      int
}

func (h *Handler) timeline(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	months, err := h.svc.Months(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg, err := h.svc.Timeline(r.Context(), actorOf(r), r.URL.Query().Get("after"), perPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	label := func(key string) string {
		t, err := time.Parse("2006-01", key)
		if err != nil {
			return key
		}
		return l.Date(t, i18n.DateMonthYear)
	}
	d := timelineData{Months: months, Next: pg.Next}
	if d.Sel, err = h.selection(r, 0, false); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, m := range months {
		if len(m.Key) < 7 {
			continue
		}
		y := m.Key[:4]
		if len(d.Years) == 0 || d.Years[len(d.Years)-1].Year != y {
			d.Years = append(d.Years, yearLinks{Year: y})
		}
		ys := &d.Years[len(d.Years)-1]
		ys.Months = append(ys.Months, monthLink{Key: m.Key, Label: label(m.Key), Count: m.Count})
	}
	for _, m := range pg.Items {
		key := sortMonth(m)
		if len(d.Groups) == 0 || d.Groups[len(d.Groups)-1].Key != key {
			d.Groups = append(d.Groups, monthGroup{Key: key, Label: label(key)})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Items = append(g.Items, m)
	}
	h.render(w, r, http.StatusOK, "timeline", l.T("Timeline"), d)
}

// sortMonth is the "YYYY-MM" an item is filed under in the timeline.
func sortMonth(m gallery.Media) string {
	if m.Meta.Taken != nil {
		return m.Meta.Taken.Local.Format("2006-01")
	}
	return m.ImportedAt.Format("2006-01")
}

type tagData struct {
	Tag  string
	Page gallery.Page
	// Sel is the selection bar, for those who may act on the items.
	Sel *selData
}

func (h *Handler) tagPage(w http.ResponseWriter, r *http.Request) {
	tag := r.PathValue("name")
	pg, err := h.svc.TagPage(r.Context(), actorOf(r), tag, r.URL.Query().Get("after"), perPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(pg.Items) == 0 && r.URL.Query().Get("after") == "" {
		h.notFound(w, r)
		return
	}
	d := tagData{Tag: tag, Page: pg}
	if d.Sel, err = h.selection(r, 0, false); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "tag", tag, d)
}

// tagHref is the path of a tag's page, each "/"-separated part of its
// name escaped ("?" or "#" in a tag must not end the path).
func tagHref(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/tags/" + strings.Join(parts, "/")
}

type tagIndexData struct {
	Tags    []gallery.TagCount
	ByCount bool
}

// tagIndex lists every tag the caller sees an item of, with counts, by
// name or (?sort=count) by use.
func (h *Handler) tagIndex(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	byCount := r.URL.Query().Get("sort") == "count"
	tags, err := h.svc.TagIndex(r.Context(), actorOf(r), l.Tag(), byCount)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "tags", l.T("Tags"), tagIndexData{Tags: tags, ByCount: byCount})
}
