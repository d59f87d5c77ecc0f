package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// albumRights is the album page's rights panel, for administrators.
type albumRights struct {
	*service.AlbumRights
	// Names of albums, for reasons that come from a parent.
	Names map[int64]string
	// Asked is set when Who was asked for (and so worked out).
	Asked bool
}

// albumVisibility makes an album public or private, inheriting its
// parent's grants or not.
func (h *Handler) albumVisibility(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	err := h.svc.SetAlbumVisibility(r.Context(), actorOf(r), id, r.PostFormValue("public") == "true", r.PostFormValue("inherit") != "",
		r.PostFormValue("subalbums") == "all")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/albums/%d#rights", id), http.StatusSeeOther)
}

// albumGrant sets the rights of a user or a group on an album: who is
// "u123" or "g45", and no right ticked revokes the grant.
func (h *Handler) albumGrant(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	who := r.PostFormValue("who")
	n, err := strconv.ParseInt(strings.TrimLeft(who, "ug"), 10, 64)
	var to service.Grantee
	switch {
	case err != nil:
	case strings.HasPrefix(who, "u"):
		to.User = n
	case strings.HasPrefix(who, "g"):
		to.Group = n
	}
	var perms gallery.Perm
	for _, name := range []string{"view", "download", "contribute", "edit"} {
		if r.PostFormValue(name) != "" {
			perms |= gallery.PermNamed(name)
		}
	}
	if err := h.svc.Grant(r.Context(), actorOf(r), id, to, perms); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/albums/%d#rights", id), http.StatusSeeOther)
}

type reviewData struct {
	service.ReviewView
	// Done says what the last action did: "published" or "refused", with
	// its count.
	Done  string
	Count int
}

// review lists contributions awaiting an administrator, each with who
// sent it, when and into which album.
func (h *Handler) review(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := h.svc.ReviewView(r.Context(), actorOf(r), q.Get("after"), perPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := reviewData{ReviewView: v}
	if done := q.Get("done"); done == "published" || done == "refused" {
		d.Done = done
		d.Count, _ = strconv.Atoi(q.Get("n"))
	}
	h.render(w, r, http.StatusOK, "review", h.localizer(r).T("Review"), d)
}

type auditData struct {
	Entries []auditRow
	Filter  auditQuery
	Next    int64
}

// auditRow is an activity log entry as the page shows it: a sentence and
// a date in the reader's language, the raw entry on demand.
type auditRow struct {
	service.AuditLine
	Sentence, When string
}

// auditQuery is the audit page's filter, as typed.
type auditQuery struct{ User, Action, From, To string }

// auditFilter reads the audit page's filter from its query.
func auditFilter(r *http.Request) (gallery.AuditFilter, auditQuery) {
	q := r.URL.Query()
	u := auditQuery{User: q.Get("user"), Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}
	f := gallery.AuditFilter{User: u.User, Action: u.Action}
	if t, err := time.Parse("2006-01-02", u.From); err == nil {
		f.From = t
	}
	if t, err := time.Parse("2006-01-02", u.To); err == nil {
		f.To = t.Add(24 * time.Hour)
	}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	return f, u
}

func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request) {
	f, u := auditFilter(r)
	f.Limit = 101
	lines, err := h.svc.AuditLines(r.Context(), actorOf(r), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := auditData{Filter: u}
	if len(lines) == 101 {
		lines = lines[:100]
		d.Next = lines[99].ID
	}
	l := h.localizer(r)
	for _, x := range lines {
		at := x.At.Local()
		d.Entries = append(d.Entries, auditRow{AuditLine: x, Sentence: auditSentence(l, x),
			When: l.T("%s at %s", l.Date(at, i18n.DateLong), at.Format("15:04"))})
	}
	h.render(w, r, http.StatusOK, "audit", l.T("Activity log"), d)
}

// auditCSV exports the filtered audit log. Cells that a spreadsheet would
// read as a formula are prefixed with a quote: names and titles are
// typed by users.
func (h *Handler) auditCSV(w http.ResponseWriter, r *http.Request) {
	f, _ := auditFilter(r)
	entries, err := h.svc.AuditLog(r.Context(), actorOf(r), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="imagier-audit.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write([]string{"time", "user", "action", "target", "detail", "address"})
	for _, e := range entries {
		cw.Write([]string{e.At.Format(time.RFC3339), safeCell(e.UserName), e.Action, safeCell(e.Target), safeCell(e.Detail), e.Address})
	}
	cw.Flush()
}

func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// reviewAction publishes or rejects contributions; rejected ones go to
// the trash, where they can still be restored for a while.
func (h *Handler) reviewAction(publish bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ids := r.PostForm["ids"]
		if err := h.svc.Review(r.Context(), actorOf(r), ids, publish); err != nil {
			h.fail(w, r, err)
			return
		}
		done := "refused"
		if publish {
			done = "published"
		}
		http.Redirect(w, r, fmt.Sprintf("/admin/review?done=%s&n=%d", done, len(ids)), http.StatusSeeOther)
	}
}
