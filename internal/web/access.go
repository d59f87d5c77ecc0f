package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// whoRow is one line of "who can see this, and why".
type whoRow struct {
	Name    string
	Role    gallery.Role
	Perms   gallery.Perm
	Reasons []gallery.Reason
	// Admin: administrators see everything; Guests: anonymous visitors.
	Admin, Guests bool
}

// albumRights is the album page's rights panel, for administrators.
type albumRights struct {
	Public, Inherit bool
	Grants          []gallery.Grant
	Who             []whoRow
	Users           []gallery.User
	Groups          []sqlstore.Group
	// Names of albums, for reasons that come from a parent.
	Names map[int64]string
	// Asked is set when Who was asked for (and so worked out).
	Asked bool
}

// accountsView is what "who can see" needs, read once per page: the rules,
// the grants, the accounts with their groups, and the guest settings.
type accountsView struct {
	rules      []gallery.AlbumRule
	grants     []gallery.Grant
	users      []gallery.User
	groupNames map[int64]string
	guest      gallery.Principal
}

func (h *Handler) loadAccountsView(ctx context.Context) (*accountsView, error) {
	e := &accountsView{groupNames: map[int64]string{}}
	var err error
	if e.rules, e.grants, err = h.store.AccessRules(ctx); err != nil {
		return nil, err
	}
	if e.users, err = h.store.Users(ctx); err != nil {
		return nil, err
	}
	groups, err := h.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		e.groupNames[g.ID] = g.Name
	}
	if e.guest, err = h.rights.Principal(ctx, nil); err != nil {
		return nil, err
	}
	return e, nil
}

// whoCanSee works out, for every account and for guests, what they may do
// with an album and why. It runs the same computation as every request,
// so what it says is what happens.
func (e *accountsView) whoCanSee(album int64) []whoRow {
	var out []whoRow
	if perm, reasons := gallery.Why(e.guest, album, e.rules, e.grants, e.groupNames); perm != 0 {
		out = append(out, whoRow{Guests: true, Perms: perm, Reasons: reasons})
	}
	for _, u := range e.users {
		if u.Disabled {
			continue
		}
		if u.Role.IsAdmin() {
			out = append(out, whoRow{Name: u.Name, Role: u.Role, Perms: gallery.PermAll, Admin: true})
			continue
		}
		p := e.guest
		p.User, p.Groups = u, u.Groups
		if perm, reasons := gallery.Why(p, album, e.rules, e.grants, e.groupNames); perm != 0 {
			out = append(out, whoRow{Name: u.Name, Role: u.Role, Perms: perm, Reasons: reasons})
		}
	}
	return out
}

// rightsPanel gathers the album page's rights panel. "Who can see it"
// works out every account's rights, so it is made only when asked for.
func (h *Handler) rightsPanel(ctx context.Context, album int64, byID map[int64]*gallery.Album, who bool) (*albumRights, error) {
	d := &albumRights{Names: map[int64]string{}, Asked: who}
	var err error
	if d.Public, d.Inherit, err = h.store.AlbumAccess(ctx, album); err != nil {
		return nil, err
	}
	if d.Grants, err = h.store.AlbumGrants(ctx, album); err != nil {
		return nil, err
	}
	if who {
		e, err := h.loadAccountsView(ctx)
		if err != nil {
			return nil, err
		}
		d.Who = e.whoCanSee(album)
	}
	if d.Users, err = h.store.Users(ctx); err != nil {
		return nil, err
	}
	if d.Groups, err = h.store.Groups(ctx); err != nil {
		return nil, err
	}
	for id, a := range byID {
		d.Names[id] = a.Path
	}
	return d, nil
}

// permsFrom reads the rights checkboxes of a grant form.
func permsFrom(r *http.Request) gallery.Perm {
	var p gallery.Perm
	for _, name := range []string{"view", "download", "contribute", "edit"} {
		if r.PostFormValue(name) != "" {
			p |= gallery.PermNamed(name)
		}
	}
	return p
}

// albumAccess changes who may see an album: public or private, inherited
// grants or not, and grants to users and groups.
func (h *Handler) albumAccess(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	action := r.PostFormValue("action")
	detail := ""
	switch action {
	case "visibility":
		public, inherit := r.PostFormValue("public") == "true", r.PostFormValue("inherit") != ""
		err = h.store.SetAlbumAccess(ctx, id, public, inherit)
		detail = fmt.Sprintf("public=%t inherit=%t", public, inherit)
	case "grant":
		// who is "u123" or "g45".
		who := r.PostFormValue("who")
		n, perr := strconv.ParseInt(strings.TrimLeft(who, "ug"), 10, 64)
		perms := permsFrom(r)
		switch {
		case perr != nil:
			err = fmt.Errorf("grantee %q: %w", who, gallery.ErrInvalid)
		case strings.HasPrefix(who, "u"):
			err = h.store.SetGrant(ctx, id, n, 0, perms)
		case strings.HasPrefix(who, "g"):
			err = h.store.SetGrant(ctx, id, 0, n, perms)
		default:
			err = fmt.Errorf("grantee %q: %w", who, gallery.ErrInvalid)
		}
		detail = fmt.Sprintf("%s perms=%d", who, perms)
	default:
		err = fmt.Errorf("access action %q: %w", action, gallery.ErrInvalid)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.audit(r, "album."+action, strconv.FormatInt(id, 10), detail)
	http.Redirect(w, r, fmt.Sprintf("/albums/%d#rights", id), http.StatusSeeOther)
}

type reviewData struct {
	Page gallery.Page
}

// review lists contributions awaiting an administrator.
func (h *Handler) review(w http.ResponseWriter, r *http.Request) {
	pg, err := h.store.ReviewPage(r.Context(), r.URL.Query().Get("after"), perPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "review", h.localizer(r).T("Review"), reviewData{Page: pg})
}

type auditData struct {
	Entries []sqlstore.AuditEntry
	Filter  auditQuery
	Next    int64
}

// auditQuery is the audit page's filter, as typed.
type auditQuery struct{ User, Action, From, To string }

// auditFilter reads the audit page's filter from its query.
func auditFilter(r *http.Request) (sqlstore.AuditFilter, auditQuery) {
	q := r.URL.Query()
	u := auditQuery{User: q.Get("user"), Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}
	f := sqlstore.AuditFilter{User: u.User, Action: u.Action}
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
	entries, err := h.store.Audit(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := auditData{Entries: entries, Filter: u}
	if len(entries) == 101 {
		d.Entries = entries[:100]
		d.Next = entries[99].ID
	}
	h.render(w, r, http.StatusOK, "audit", h.localizer(r).T("Audit log"), d)
}

// auditCSV exports the filtered audit log. Cells that a spreadsheet would
// read as a formula are prefixed with a quote: names and titles are
// typed by users.
func (h *Handler) auditCSV(w http.ResponseWriter, r *http.Request) {
	f, _ := auditFilter(r)
	entries, err := h.store.Audit(r.Context(), f)
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

// mediaWho is "who can see this photo, and why": everyone who sees one of
// its albums, at a privacy level that reaches the photo's.
type mediaWho struct {
	Name    string
	Role    gallery.Role
	Admin   bool
	Guests  bool
	Perms   gallery.Perm
	Reasons []whoReason
}

// whoReason is one album through which someone sees the photo.
type whoReason struct {
	Album   string
	Reasons []gallery.Reason
}

// whoCanSeeMedia merges whoCanSee over the item's albums, keeping those
// whose privacy level reaches the item's (administrators see everything;
// guests and pending items follow the same rules as for everyone).
func (h *Handler) whoCanSeeMedia(ctx context.Context, m gallery.Media, albums []*gallery.Album) ([]*mediaWho, error) {
	e, err := h.loadAccountsView(ctx)
	if err != nil {
		return nil, err
	}
	level := map[string]int{}
	for _, u := range e.users {
		level[u.Name] = u.Level
	}
	byName := map[string]*mediaWho{}
	var order []*mediaWho
	for _, a := range albums {
		for _, w := range e.whoCanSee(a.ID) {
			if !w.Admin && (m.Pending || (w.Guests && m.Level > gallery.LevelEverybody) || (!w.Guests && level[w.Name] < m.Level)) {
				continue
			}
			key := w.Name
			if w.Guests {
				key = "\x00guests"
			}
			e, ok := byName[key]
			if !ok {
				e = &mediaWho{Name: w.Name, Role: w.Role, Admin: w.Admin, Guests: w.Guests}
				byName[key] = e
				order = append(order, e)
			}
			e.Perms |= w.Perms
			if !w.Admin {
				e.Reasons = append(e.Reasons, whoReason{Album: a.Path, Reasons: w.Reasons})
			}
		}
	}
	return order, nil
}
