package web

import (
	"errors"
	"net/http"

	"imagier/internal/service"
)

type resetData struct {
	Token, Error string
	Sent         bool
}

func (h *Handler) resetPage(w http.ResponseWriter, r *http.Request) {
	if !h.svc.ResetsOn() {
		h.notFound(w, r)
		return
	}
	h.render(w, r, http.StatusOK, "reset", h.localizer(r).T("Forgotten password"), resetData{})
}

// requestReset sends a reset link to the account named, or with that
// e-mail. The answer is the same, at once, whether or not there is one:
// the mail goes out in the background.
func (h *Handler) requestReset(w http.ResponseWriter, r *http.Request) {
	if !h.svc.ResetsOn() {
		h.notFound(w, r)
		return
	}
	l := h.localizer(r)
	site := h.brandOf(r.Context()).Name
	h.svc.RequestReset(r.Context(), clientIP(r), r.PostFormValue("who"), func(account, link string) (string, string) {
		return l.T("Your password on %s", site), l.T("Someone, probably you, asked to choose a new password for your account %s. To do so, open this link within an hour:\n\n%s\n\nIf it was not you, ignore this message: your password stays as it is.", account, link)
	})
	h.render(w, r, http.StatusOK, "reset", l.T("Forgotten password"), resetData{Sent: true})
}

func (h *Handler) resetForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if err := h.svc.CheckReset(r.Context(), token); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "reset", h.localizer(r).T("Choose a new password"), resetData{Token: token})
}

// reset sets the new password through the link, once: every session of
// the account ends and its API keys are revoked.
func (h *Handler) reset(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	err := h.svc.Reset(r.Context(), clientIP(r), token, r.PostFormValue("password"))
	if errors.Is(err, service.ErrWeakPassword) {
		l := h.localizer(r)
		h.render(w, r, http.StatusBadRequest, "reset", l.T("Choose a new password"),
			resetData{Token: token, Error: passwordRefused(l)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
