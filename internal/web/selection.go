package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// A batch action ends on the page it came from with a message saying what
// it did, and an Undo button when it can be undone. The message and the
// undo stay on the server, under a random token the browser keeps in a
// short-lived cookie; only the session that acted may read or use them,
// and an undo is an ordinary batch the service checks again.

// flashTTL is how long a message waits to be shown and its undo stays
// offered.
const flashTTL = 15 * time.Minute

// maxFlashes bounds the messages kept, all sessions together, and
// maxOwnFlashes those of one session: an undo holds up to a batch's keys.
const (
	maxFlashes    = 2000
	maxOwnFlashes = 10
)

// flash is what one action left to say.
type flash struct {
	owner string // the session's token hash
	at    time.Time
	// action is the batch action done ("undo" for an undo); n the items
	// it touched; problem, when set, is the sentence to say instead.
	action  string
	n       int
	problem string
	undo    []service.Batch
	next    string
	shown   bool
}

// flashStore keeps the messages; its zero value is ready.
type flashStore struct {
	mu sync.Mutex
	m  map[string]*flash
}

func (s *flashStore) put(f *flash) string {
	var b [18]byte
	rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]*flash{}
	}
	now := time.Now()
	// Expired messages go, then the oldest of this session's beyond its
	// share, then any while there are too many.
	var own []string
	for k, old := range s.m {
		switch {
		case now.Sub(old.at) > flashTTL:
			delete(s.m, k)
		case old.owner == f.owner:
			own = append(own, k)
		}
	}
	if len(own) >= maxOwnFlashes {
		slices.SortFunc(own, func(a, b string) int { return s.m[a].at.Compare(s.m[b].at) })
		for _, k := range own[:len(own)-maxOwnFlashes+1] {
			delete(s.m, k)
		}
	}
	for k := range s.m {
		if len(s.m) < maxFlashes {
			break
		}
		delete(s.m, k)
	}
	f.at = now
	s.m[token] = f
	return token
}

// get returns the message under token when owner left it and it has not
// expired; take also forgets it.
func (s *flashStore) get(token, owner string, take bool) *flash {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.m[token]
	if !ok || owner == "" || f.owner != owner {
		return nil
	}
	if time.Since(f.at) > flashTTL {
		delete(s.m, token)
		return nil
	}
	if take {
		delete(s.m, token)
	}
	return f
}

// flashView is the message a page shows.
type flashView struct {
	Text    string
	Problem bool
	// Undo is the token an Undo button sends back; Next the page to come
	// back to.
	Undo, Next string
}

const flashCookie = "flash"

// say leaves f for the next page the caller sees, and goes there.
func (h *Handler) say(w http.ResponseWriter, r *http.Request, f *flash) {
	se := sessionOf(r.Context())
	if se == nil || se.APIKey {
		http.Redirect(w, r, f.next, http.StatusSeeOther)
		return
	}
	f.owner = se.TokenHash()
	setCookie(w, r, flashCookie, h.flashes.put(f), flashTTL)
	http.Redirect(w, r, f.next, http.StatusSeeOther)
}

// takeFlash returns the message left for this page, once: the cookie is
// cleared as it is shown.
func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request, l *i18n.Localizer) *flashView {
	c, err := r.Cookie(flashCookie)
	se := sessionOf(r.Context())
	if err != nil || se == nil || r.Method != http.MethodGet {
		return nil
	}
	setCookie(w, r, flashCookie, "", -time.Second)
	f := h.flashes.get(c.Value, se.TokenHash(), false)
	if f == nil {
		return nil
	}
	h.flashes.mu.Lock()
	shown := f.shown
	f.shown = true
	h.flashes.mu.Unlock()
	if shown {
		return nil
	}
	v := &flashView{Text: f.problem, Problem: f.problem != "", Next: f.next}
	if !v.Problem {
		v.Text = doneText(l, f.action, f.n)
		if len(f.undo) > 0 {
			v.Undo = c.Value
		}
	}
	return v
}

// doneText says what a batch action did.
func doneText(l *i18n.Localizer, action string, n int) string {
	switch action {
	case service.BatchTag:
		return l.N("Tags added to %d item.", "Tags added to %d items.", n, n)
	case service.BatchUntag:
		return l.N("Tags removed from %d item.", "Tags removed from %d items.", n, n)
	case service.BatchCopy:
		return l.N("%d item copied to the album.", "%d items copied to the album.", n, n)
	case service.BatchMove:
		return l.N("%d item moved to the album.", "%d items moved to the album.", n, n)
	case service.BatchRemove:
		return l.N("%d item removed from this album.", "%d items removed from this album.", n, n)
	case service.BatchDelete:
		return l.N("%d item put in the trash.", "%d items put in the trash.", n, n)
	case service.BatchRestore:
		return l.N("%d item restored.", "%d items restored.", n, n)
	case service.BatchLevel:
		return l.N("Who may see it changed for %d item.", "Who may see them changed for %d items.", n, n)
	case service.BatchCover:
		return l.T("The album’s cover is changed.")
	case service.BatchField:
		return l.N("The field is set on %d item.", "The field is set on %d items.", n, n)
	case service.BatchUnfield:
		return l.N("The field is cleared on %d item.", "The field is cleared on %d items.", n, n)
	case "undo":
		return l.N("Undone: %d item is back as it was.", "Undone: %d items are back as they were.", n, n)
	case "search.save":
		return l.T("The search is saved.")
	case "search.edit":
		return l.T("The saved search is changed.")
	case "search.delete":
		return l.T("The saved search is deleted.")
	}
	return l.T("Done.")
}

// confirmText asks before a destructive action, and before any action on
// every result of a search (all says so).
func confirmText(l *i18n.Localizer, action string, n int, all bool) string {
	if all && action != service.BatchDelete && action != service.BatchRemove {
		return l.N("Apply this to the %d item found?", "Apply this to all %d items found?", n, n)
	}
	if action == service.BatchRemove {
		return l.N("Remove %d item from this album?", "Remove %d items from this album?", n, n)
	}
	return l.N("Put %d item in the trash?", "Put %d items in the trash?", n, n)
}

// batchNext is the page a batch action returns to: the form's next, or for
// the batch page the same items again (all of the page's, selected or
// not).
func batchNext(r *http.Request) string {
	next := r.PostFormValue("next")
	if next == "/batch" {
		keys := splitTags(r.PostFormValue("batch"))
		if len(keys) == 0 {
			keys = r.PostForm["ids"]
		}
		return batchURL(keys)
	}
	if next == "" {
		return "/"
	}
	return safeNext(next)
}

// batchURL is the page of exactly these items, selected.
func batchURL(keys []string) string {
	esc := make([]string, len(keys))
	for i, k := range keys {
		esc[i] = url.QueryEscape(k)
	}
	return "/batch?keys=" + strings.Join(esc, ",")
}

type confirmData struct {
	Action, Question, Next string
	// Cancel is the page to go back to without acting; Batch the batch
	// page's keys, passed on.
	Cancel, Batch string
	Keys          []string
	From          int64
	// Carry are the other fields of an action on search results (the
	// query, and whatever the action needs: tags, album, level, a
	// field's value), sent again as they came.
	Carry []formField
}

// formField is one field of a form, passed on.
type formField struct{ Name, Value string }

// carried returns the fields of r's form that the confirmation page does
// not send on its own, in a stable order.
func carried(r *http.Request) []formField {
	var out []formField
	names := make([]string, 0, len(r.PostForm))
	for name := range r.PostForm {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch name {
		case "csrf", "confirmed", "next", "batch", "ids", "from":
			continue
		}
		for _, v := range r.PostForm[name] {
			out = append(out, formField{name, v})
		}
	}
	return out
}

// batch applies one action to the items selected in a grid and returns to
// the page with a message saying what was done, and an Undo.
func (h *Handler) batch(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := h.localizer(r)
		keys := r.PostForm["ids"]
		next := batchNext(r)
		// q names the items as every result of a search the caller may
		// edit, instead of keys: "select all results"; a blank q is the
		// search of everything.
		_, results := r.PostForm["q"]
		query := strings.TrimSpace(r.PostFormValue("q"))
		if results {
			keys = nil
		}
		b := service.Batch{Action: action, Keys: keys, Results: results, Query: query, Tags: splitTags(r.PostFormValue("tags")),
			Album: formID(r, "album"), From: formID(r, "from"), NewAlbum: r.PostFormValue("new_album"), Parent: formID(r, "parent")}
		b.Level, _ = strconv.Atoi(r.PostFormValue("level"))
		b.Field, b.Values = formID(r, "field"), batchValues(r.PostFormValue("value"))
		// The rights first: a caller who may not do this learns nothing
		// more than if the items did not exist.
		if err := h.svc.CheckBatch(r.Context(), actorOf(r), b); err != nil {
			h.fail(w, r, err)
			return
		}
		problem := ""
		switch {
		case action == service.BatchCover:
		case len(keys) == 0 && !results:
			problem = l.T("Select at least one item first.")
		case (action == service.BatchTag || action == service.BatchUntag) && len(b.Tags) == 0:
			problem = l.T("Type at least one tag first.")
		case (action == service.BatchCopy || action == service.BatchMove) && b.Album == 0 && strings.TrimSpace(b.NewAlbum) == "":
			problem = l.T("Choose an album first.")
		case action == service.BatchLevel && r.PostFormValue("level") == "":
			problem = l.T("Choose who may see them first.")
		case (action == service.BatchField || action == service.BatchUnfield) && b.Field == 0:
			problem = l.T("Choose a field first.")
		case action == service.BatchField && len(b.Values) == 0:
			problem = l.T("Type a value first.")
		}
		if problem != "" {
			h.say(w, r, &flash{problem: problem, next: next})
			return
		}
		// Without the script's dialog, a destructive action, and any action
		// on every result of a search, asks on a page of its own first.
		if (results || action == service.BatchDelete || action == service.BatchRemove) && r.PostFormValue("confirmed") == "" {
			n := len(dedupeKeys(keys))
			var carry []formField
			if results {
				found, err := h.svc.ResultsToEdit(r.Context(), actorOf(r), query, 0)
				if p := queryProblem(l, err); p != "" {
					h.say(w, r, &flash{problem: p, next: next})
					return
				}
				if err != nil {
					h.fail(w, r, err)
					return
				}
				n, carry = found.Total, carried(r)
			}
			h.render(w, r, http.StatusOK, "confirm", l.T("Confirm"), confirmData{Action: action, Question: confirmText(l, action, n, results),
				Next: r.PostFormValue("next"), Cancel: next, Batch: r.PostFormValue("batch"), Keys: keys, From: b.From, Carry: carry})
			return
		}
		res, err := h.svc.ApplyBatch(r.Context(), actorOf(r), b)
		if p := queryProblem(l, err); p != "" {
			// A query with a mistake: the search's own words.
			h.say(w, r, &flash{problem: p, next: next})
			return
		}
		if err != nil {
			if msg, ok := fieldRefusal(l, err); ok {
				h.say(w, r, &flash{problem: msg, next: next})
				return
			}
			if action != service.BatchCover && (errors.Is(err, gallery.ErrInvalid) || errors.Is(err, gallery.ErrConflict)) {
				h.say(w, r, &flash{problem: l.T("That is not possible."), next: next})
				return
			}
			h.fail(w, r, err)
			return
		}
		h.say(w, r, &flash{action: action, n: res.Count, undo: res.Undo, next: next})
	}
}

func dedupeKeys(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// undoBatch undoes the action a message offered to undo, once.
func (h *Handler) undoBatch(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	se := sessionOf(r.Context())
	owner := ""
	if se != nil {
		owner = se.TokenHash()
	}
	f := h.flashes.get(r.PostFormValue("token"), owner, true)
	if f == nil || len(f.undo) == 0 {
		h.say(w, r, &flash{problem: l.T("This can no longer be undone."), next: safeNext(r.PostFormValue("next"))})
		return
	}
	n, err := h.svc.UndoBatch(r.Context(), actorOf(r), f.undo)
	if err != nil {
		if errors.Is(err, gallery.ErrNotFound) || errors.Is(err, gallery.ErrInvalid) || errors.Is(err, gallery.ErrConflict) {
			h.say(w, r, &flash{problem: l.T("This can no longer be undone."), next: f.next})
			return
		}
		h.fail(w, r, err)
		return
	}
	h.say(w, r, &flash{action: "undo", n: n, next: f.next})
}

// selData is what a page's selection bar and grid need.
type selData struct {
	L    *i18n.Localizer
	CSRF string
	// From is the page's album, 0 elsewhere; Next the page to come back to.
	From int64
	Next string
	// On is set when the page opens in selection mode (?select=1, or the
	// batch page); Checked when every item starts selected.
	On, Checked bool
	// Off is the page without selection mode, for Cancel.
	Off string
	// Batch lists the keys of the batch page, to come back to them all.
	Batch string
	// Results is set on the batch of a search's results, Query: the
	// actions apply to every result the caller may edit, Count of them.
	Results bool
	Query   string
	Count   int
	View    service.SelectionView
}

// selection returns the selection bar's data for a page, or nil when the
// caller may not select there.
func (h *Handler) selection(r *http.Request, from int64, editable bool) (*selData, error) {
	se := sessionOf(r.Context())
	if se == nil || se.APIKey {
		return nil, nil
	}
	v, ok, err := h.svc.Selection(r.Context(), actorOf(r), from, editable)
	if err != nil || !ok {
		return nil, err
	}
	q := r.URL.Query()
	on := q.Get("select") != ""
	q.Del("select")
	off := r.URL.Path
	if len(q) > 0 {
		off += "?" + q.Encode()
	}
	return &selData{L: h.localizer(r), CSRF: se.CSRF, From: from, Next: off, On: on, Off: off, View: v}, nil
}

type batchPageData struct {
	Items []gallery.Media
	Sel   *selData
	// Results is set on the batch of a search's results, Query (blank
	// for everything); Total counts the results the caller may edit, of
	// which Items are the first; Problem says why the query does not run.
	Results bool
	Query   string
	Total   int
	Problem string
}

// batchShown is how many results the batch page of a search shows.
const batchShown = 60

// batchPage shows exactly the items asked for that the caller may edit,
// every one selected, the bar ready: "Edit this batch" after an upload.
func (h *Handler) batchPage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("q") {
		h.resultsBatchPage(w, r, strings.TrimSpace(r.URL.Query().Get("q")))
		return
	}
	var keys []string
	for _, k := range strings.Split(r.URL.Query().Get("keys"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	items, err := h.svc.EditableItems(r.Context(), actorOf(r), keys)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := batchPageData{Items: items}
	if len(items) > 0 {
		if d.Sel, err = h.selection(r, 0, true); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Sel != nil {
		d.Sel.On, d.Sel.Checked, d.Sel.Count, d.Sel.Next, d.Sel.Off = true, true, len(items), "/batch", ""
		for i, m := range items {
			if i > 0 {
				d.Sel.Batch += ","
			}
			d.Sel.Batch += m.Key
		}
	}
	h.render(w, r, http.StatusOK, "batch", h.localizer(r).T("Edit this batch"), d)
}

// resultsBatchPage shows the batch of every result of a search that the
// caller may edit: their count, the first of them, and the bar whose
// actions apply to them all ("select all results").
func (h *Handler) resultsBatchPage(w http.ResponseWriter, r *http.Request, q string) {
	l := h.localizer(r)
	found, err := h.svc.ResultsToEdit(r.Context(), actorOf(r), q, batchShown)
	d := batchPageData{Results: true, Query: q}
	if p := queryProblem(l, err); p != "" {
		d.Problem, err = p, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Items, d.Total = found.Items, found.Total
	if d.Total > 0 {
		if d.Sel, err = h.selection(r, 0, true); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Sel != nil {
		d.Sel.On, d.Sel.Count, d.Sel.Results, d.Sel.Query, d.Sel.Off = true, d.Total, true, q, ""
		d.Sel.Next = "/batch?" + url.Values{"q": {q}}.Encode()
	}
	h.render(w, r, http.StatusOK, "batch", l.T("Edit this batch"), d)
}
