package web

import (
	"context"
	"net/http"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

// viewCookie holds staff's choice to see the site as a visitor who is not
// signed in. It can only take rights away: it is read for signed-in staff
// on the pages visitors may see, and then they get a guest's rights.
const viewCookie = "imagier_view"

// viewKey is the context key of a page's viewState, on the pages
// visitors may see, for staff.
type viewKey struct{}

// viewState says whether staff may preview the page as a visitor sees it
// (Can), and whether they are doing so (Reduced).
type viewState struct{ Can, Reduced bool }

// visitorView returns the actor a request of staff previewing the site as
// a visitor acts as: a guest's, without the account. It applies to reads
// only, so leaving the preview (a form) still works; it is never more than
// the caller's own rights, since a guest's are the least there are.
func (h *Handler) visitorView(r *http.Request, a service.Actor) (service.Actor, context.Context) {
	if !a.Access.Staff() {
		return a, r.Context()
	}
	st := viewState{Can: true}
	if c, err := r.Cookie(viewCookie); err == nil && c.Value == "visitor" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		if g, err := h.svc.ActorFor(r.Context(), nil, a.Address); err == nil {
			a, st.Reduced = g, true
		}
	}
	return a, context.WithValue(r.Context(), viewKey{}, st)
}

// viewOf returns the page's viewState.
func viewOf(ctx context.Context) viewState {
	v, _ := ctx.Value(viewKey{}).(viewState)
	return v
}

// viewAs starts (as=visitor) or ends the preview of the site as a visitor
// sees it, for staff, then goes back to the page it was asked from.
func (h *Handler) viewAs(w http.ResponseWriter, r *http.Request) {
	if !accessOf(r.Context()).Staff() {
		h.notFound(w, r)
		return
	}
	if r.PostFormValue("as") == "visitor" {
		setCookie(w, r, viewCookie, "visitor", 12*time.Hour)
	} else {
		setCookie(w, r, viewCookie, "", -time.Second)
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// levelHelpData explains each privacy level where one is chosen.
type levelHelpData struct {
	ID     string
	Levels []levelHelpLine
}

type levelHelpLine struct{ Name, Who string }

// levelHelp says, for each privacy level, who sees an item at it.
func levelHelp(l *i18n.Localizer, id string) levelHelpData {
	d := levelHelpData{ID: id}
	for _, lv := range gallery.Levels {
		d.Levels = append(d.Levels, levelHelpLine{Name: levelName(l, lv), Who: levelWho(l, lv)})
	}
	return d
}

// levelWho is one sentence on who sees an item at a privacy level.
func levelWho(l *i18n.Localizer, level int) string {
	switch level {
	case gallery.LevelEverybody:
		return l.T("Everyone who sees its album, visitors who are not signed in included.")
	case gallery.LevelContacts:
		return l.T("Accounts at the Contacts level or above that see its album; not visitors.")
	case gallery.LevelFriends:
		return l.T("Accounts at the Friends level or above that see its album.")
	case gallery.LevelFamily:
		return l.T("Accounts at the Family level that see its album.")
	case gallery.LevelAdmins:
		return l.T("Administrators only.")
	}
	return ""
}
