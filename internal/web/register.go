package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// invitationTTL is how long an invitation link works.
const invitationTTL = 7 * 24 * time.Hour

type registerData struct {
	// Token is the invitation's, empty for self-registration.
	Token, Name, Email, Error string
	Approval                  bool
	Done                      bool
}

// registration returns the registration setting: off, approval or open.
func (h *Handler) registration(r *http.Request) string {
	s, err := h.store.Settings(r.Context())
	if err != nil {
		return "off"
	}
	switch v := s[sqlstore.SettingRegistration]; v {
	case "approval", "open":
		return v
	}
	return "off"
}

func (h *Handler) registerPage(w http.ResponseWriter, r *http.Request) {
	mode := h.registration(r)
	if mode == "off" {
		h.notFound(w, r)
		return
	}
	h.render(w, r, http.StatusOK, "register", h.localizer(r).T("Create an account"), registerData{Approval: mode == "approval"})
}

// newAccount reads and checks the account form shared by registration and
// invitations; the error is for the person, in their language.
func (h *Handler) newAccount(w http.ResponseWriter, r *http.Request) (*gallery.User, registerData, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	l := h.localizer(r)
	d := registerData{Name: strings.TrimSpace(r.PostFormValue("name")), Email: strings.TrimSpace(r.PostFormValue("email"))}
	if !cleanText(d.Name) || !cleanText(d.Email) || d.Name == "" || len(d.Name) > 100 || len(d.Email) > 200 {
		d.Error = l.T("Choose a user name")
		return nil, d, false
	}
	hash, err := auth.HashPassword(r.PostFormValue("password"))
	if err != nil {
		d.Error = l.T("The password must have at least %d characters", auth.MinPasswordLen)
		return nil, d, false
	}
	return &gallery.User{Name: d.Name, Email: d.Email, PasswordHash: hash, Role: gallery.RoleNormal}, d, true
}

// register creates an account from the sign-in page: active at once, or
// waiting for an administrator. Whether a name is taken is said plainly:
// names are shown to other users anyway.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	mode := h.registration(r)
	if mode == "off" {
		h.notFound(w, r)
		return
	}
	l := h.localizer(r)
	u, d, ok := h.newAccount(w, r)
	d.Approval = mode == "approval"
	if !h.createAccount(w, r, ok, &d, func() error { return h.store.Register(r.Context(), u, d.Approval) }) {
		return
	}
	h.store.AddAudit(r.Context(), sqlstore.AuditEntry{UserID: u.ID, UserName: u.Name, Action: "account.register", Target: u.Name,
		Detail: map[bool]string{true: "awaiting approval", false: "open"}[d.Approval], Address: clientIP(r)})
	if d.Approval {
		d.Done = true
		h.render(w, r, http.StatusOK, "register", l.T("Create an account"), d)
		return
	}
	h.openSession(w, r, *u, "/")
}

// createAccount stores the account a valid form (ok) describes with create.
// A name already taken, or an error in the form, shows the form again, and
// a failure of the store its error page; it reports whether the account
// now exists.
func (h *Handler) createAccount(w http.ResponseWriter, r *http.Request, ok bool, d *registerData, create func() error) bool {
	l := h.localizer(r)
	if ok {
		err := create()
		switch {
		case errors.Is(err, gallery.ErrConflict):
			d.Error = l.T("That name is already taken.")
		case err != nil:
			h.fail(w, r, err)
			return false
		}
	}
	if d.Error != "" {
		h.render(w, r, http.StatusBadRequest, "register", l.T("Create an account"), *d)
		return false
	}
	return true
}

// openSession signs u in and goes to next.
func (h *Handler) openSession(w http.ResponseWriter, r *http.Request, u gallery.User, next string) {
	token, _, err := h.sessions.Open(r.Context(), u, r.UserAgent())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	startSession(w, r, token, next)
}

func (h *Handler) invitePage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if _, err := h.store.InvitationByHash(r.Context(), auth.HashToken(token), time.Now()); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "register", h.localizer(r).T("Create an account"), registerData{Token: token})
}

// acceptInvite creates the invited account and signs it in.
func (h *Handler) acceptInvite(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	u, d, ok := h.newAccount(w, r)
	d.Token = token
	if !h.createAccount(w, r, ok, &d, func() error {
		return h.store.AcceptInvitation(r.Context(), auth.HashToken(token), u, time.Now())
	}) {
		return
	}
	h.store.AddAudit(r.Context(), sqlstore.AuditEntry{UserID: u.ID, UserName: u.Name, Action: "account.invited", Target: u.Name, Address: clientIP(r)})
	h.openSession(w, r, *u, "/")
}

// inviteLink is an invitation just made, shown once to the administrator.
func inviteLink(r *http.Request, token string) string {
	scheme := "http"
	if overHTTPS(r) {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s/invite/%s", scheme, r.Host, token)
}
