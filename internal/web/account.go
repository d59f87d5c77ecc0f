package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

type accountData struct {
	User     gallery.User
	Sessions []gallery.Session
	Current  string // the token hash of this browser's session
	Quota    service.Quota
	// Shared accounts (generic) cannot change their password, make keys
	// or sign out other browsers: they are not one person's.
	Shared  bool
	Message string
	Error   string
	Keys    []gallery.APIKey
	// NewKey is the secret of the key just made, shown this once.
	NewKey string
	// TOTPSecret and TOTPURL are a second factor being set up. The
	// otpauth: URL is made here, not typed by anyone, so it may be a link.
	TOTPSecret string
	TOTPURL    template.URL
	Now        time.Time
	// KeyDays is a new key's life when none is chosen.
	KeyDays int
	// Advanced opens the section of keys and sessions, after an action
	// there.
	Advanced bool
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, http.StatusOK, accountData{})
}

// renderAccount shows the account page with what an action left in d.
func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, status int, d accountData) {
	se := sessionOf(r.Context())
	v, err := h.svc.Account(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.User, d.Sessions, d.Keys, d.Quota = v.User, v.Sessions, v.Keys, v.Quota
	d.Current, d.Shared, d.Now, d.KeyDays = se.TokenHash(), v.User.Role == gallery.RoleGeneric, time.Now(), service.DefaultKeyDays
	l := h.localizer(r)
	q := r.URL.Query()
	d.Advanced = q.Has("advanced") || q.Get("done") == "sessions" || q.Get("error") == "key"
	switch r.URL.Query().Get("done") {
	case "password":
		d.Message = l.T("Your password was changed; your other sessions were closed.")
	case "sessions":
		d.Message = l.T("Your other sessions were closed.")
	case "lang":
		d.Message = l.T("Your language was saved.")
	case "totp":
		d.Message = l.T("Two-step sign-in is on: signing in will ask for a code from your app.")
	case "totp-off":
		d.Message = l.T("Two-step sign-in is off.")
	}
	switch r.URL.Query().Get("error") {
	case "code":
		d.Error = l.T("Wrong code, or wrong password.")
	case "password":
		d.Error = l.T("The current password is wrong.")
	case "weak":
		d.Error = passwordRefused(l)
	case "key":
		d.Error = l.T("Wrong password: the key was not made.")
	}
	h.render(w, r, status, "account", l.T("My account"), d)
}

// accountDone goes back to the account page, saying what happened.
func accountDone(w http.ResponseWriter, r *http.Request, query string) {
	http.Redirect(w, r, "/account?"+query, http.StatusSeeOther)
}

// accountAfter goes back to the account page after a change that asked
// for the password (or a code) again: with done when it was made, with
// wrong when the password or code was refused. Other errors fail.
func (h *Handler) accountAfter(w http.ResponseWriter, r *http.Request, err error, done, wrong string) {
	switch {
	case errors.Is(err, service.ErrWeakPassword):
		accountDone(w, r, "error=weak")
	case errors.Is(err, service.ErrWrongPassword):
		accountDone(w, r, wrong)
	case err != nil:
		h.fail(w, r, err)
	default:
		accountDone(w, r, done)
	}
}

// changePassword asks for the current password again; the other sessions
// end, and the API keys are revoked unless the box to keep them is ticked.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	err := h.svc.ChangePassword(r.Context(), actorOf(r), r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("keep_keys") != "")
	h.accountAfter(w, r, err, "done=password", "error=password")
}

func (h *Handler) signOutElsewhere(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.SignOutElsewhere(r.Context(), actorOf(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	accountDone(w, r, "done=sessions")
}

func (h *Handler) accountLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	var known []string
	for _, t := range h.i18n.Languages() {
		known = append(known, t.String())
	}
	if err := h.svc.SetLanguage(r.Context(), actorOf(r), lang, known); err != nil {
		h.fail(w, r, err)
		return
	}
	if lang != "" {
		setCookie(w, r, "lang", lang, 365*24*time.Hour)
	}
	accountDone(w, r, "done=lang")
}

// addKey makes an API key, after the password is given again, and shows
// its secret this once, on this page, never in a URL or a log.
func (h *Handler) addKey(w http.ResponseWriter, r *http.Request) {
	days, _ := strconv.Atoi(r.PostFormValue("days"))
	secret, err := h.svc.AddAPIKey(r.Context(), actorOf(r), service.NewKey{Name: r.PostFormValue("name"),
		ReadOnly: r.PostFormValue("access") != "write", Days: days, Password: r.PostFormValue("password")})
	if errors.Is(err, service.ErrWrongPassword) {
		accountDone(w, r, "error=key#keys")
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderAccount(w, r, http.StatusOK, accountData{NewKey: secret})
}

func (h *Handler) revokeKey(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := h.svc.RevokeAPIKey(r.Context(), actorOf(r), id); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?advanced#keys", http.StatusSeeOther)
}

// totpStart shows a new secret to scan; it is saved only once a code
// from the app and the password confirm it.
func (h *Handler) totpStart(w http.ResponseWriter, r *http.Request) {
	secret, u, err := h.svc.StartTOTP(r.Context(), actorOf(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderAccount(w, r, http.StatusOK, accountData{TOTPSecret: secret, TOTPURL: template.URL(u)})
}

func (h *Handler) totpConfirm(w http.ResponseWriter, r *http.Request) {
	err := h.svc.ConfirmTOTP(r.Context(), actorOf(r), r.PostFormValue("current"), r.PostFormValue("secret"), r.PostFormValue("code"))
	h.accountAfter(w, r, err, "done=totp#totp", "error=code#totp")
}

func (h *Handler) totpOff(w http.ResponseWriter, r *http.Request) {
	err := h.svc.DisableTOTP(r.Context(), actorOf(r), r.PostFormValue("current"), r.PostFormValue("code"))
	h.accountAfter(w, r, err, "done=totp-off#totp", "error=code#totp")
}
