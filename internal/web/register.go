package web

import (
	"errors"
	"net/http"
	"strings"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

type registerData struct {
	// Token is the invitation's, empty for self-registration.
	Token, Name, Email, Error string
	Approval                  bool
	Done                      bool
}

func (h *Handler) registerPage(w http.ResponseWriter, r *http.Request) {
	mode := h.svc.Registration(r.Context())
	if mode == service.RegistrationOff {
		h.notFound(w, r)
		return
	}
	h.render(w, r, http.StatusOK, "register", h.localizer(r).T("Create an account"), registerData{Approval: mode == service.RegistrationApproval})
}

// accountForm reads the account form shared by registration and
// invitations.
func accountForm(r *http.Request) (service.NewAccount, registerData) {
	f := service.NewAccount{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Password: r.PostFormValue("password")}
	return f, registerData{Name: strings.TrimSpace(f.Name), Email: strings.TrimSpace(f.Email)}
}

// accountRefused shows the form again with the reason an account was not
// made, in the caller's language; it reports whether err was such a
// reason (otherwise the caller handles it).
func (h *Handler) accountRefused(w http.ResponseWriter, r *http.Request, d registerData, err error) bool {
	l := h.localizer(r)
	switch {
	case errors.Is(err, service.ErrTooManyAccounts):
		d.Error = l.T("Too many accounts were made from your address lately: try again later.")
	case errors.Is(err, gallery.ErrConflict):
		d.Error = l.T("That name is already taken.")
	case errors.Is(err, service.ErrWeakPassword):
		d.Error = passwordRefused(l)
	case errors.Is(err, gallery.ErrInvalid):
		d.Error = l.T("Choose a user name")
	default:
		return false
	}
	h.render(w, r, http.StatusBadRequest, "register", l.T("Create an account"), d)
	return true
}

// register creates an account from the sign-in page: active at once, or
// waiting for an administrator. Whether a name is taken is said plainly:
// names are shown to other users anyway.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	f, d := accountForm(r)
	token, awaiting, err := h.svc.Register(r.Context(), clientIP(r), r.UserAgent(), f)
	d.Approval = awaiting
	if err != nil {
		if !h.accountRefused(w, r, d, err) {
			h.fail(w, r, err)
		}
		return
	}
	if awaiting {
		d.Done = true
		h.render(w, r, http.StatusOK, "register", h.localizer(r).T("Create an account"), d)
		return
	}
	startSession(w, r, token, "/")
}

func (h *Handler) invitePage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if err := h.svc.CheckInvitation(r.Context(), token); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "register", h.localizer(r).T("Create an account"), registerData{Token: token})
}

// acceptInvite creates the invited account and signs it in.
func (h *Handler) acceptInvite(w http.ResponseWriter, r *http.Request) {
	f, d := accountForm(r)
	d.Token = r.PathValue("token")
	session, err := h.svc.AcceptInvitation(r.Context(), clientIP(r), r.UserAgent(), d.Token, f)
	if err != nil {
		if !h.accountRefused(w, r, d, err) {
			h.fail(w, r, err)
		}
		return
	}
	startSession(w, r, session, "/")
}
