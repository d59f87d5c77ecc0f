package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/sqlstore"
)

// Mailer sends an e-mail; mail.Sender is one.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

const (
	// resetTTL is how long a reset link works; resetGap is the least time
	// between two links for one account, so the form cannot flood a mailbox.
	resetTTL = time.Hour
	resetGap = 10 * time.Minute
)

type resetData struct {
	Token, Error string
	Sent         bool
}

// resetOn tells whether password resets by e-mail are configured: they
// need a way to send mail and the site's public address, never taken from
// the request (whose Host header a caller chooses).
func (h *Handler) resetOn() bool { return h.opt.Mailer != nil && h.opt.PublicURL != "" }

func (h *Handler) resetPage(w http.ResponseWriter, r *http.Request) {
	if !h.resetOn() {
		h.notFound(w, r)
		return
	}
	h.render(w, r, http.StatusOK, "reset", h.localizer(r).T("Forgotten password"), resetData{})
}

// requestReset sends a reset link to the account named, or with that
// e-mail. The answer is the same, at once, whether or not there is one:
// the mail goes out in the background.
func (h *Handler) requestReset(w http.ResponseWriter, r *http.Request) {
	if !h.resetOn() {
		h.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	who := strings.TrimSpace(r.PostFormValue("who"))
	addr := clientIP(r)
	if who != "" && cleanText(who) && len(who) <= 200 {
		// Counted like a failed sign-in under its own name: an address
		// that asks too often is refused for a while.
		ok, err := h.sessions.Throttle().Attempt(r.Context(), "reset:"+who, addr)
		if err != nil {
			h.log.Error("reset throttle", "err", err)
		}
		if ok {
			go h.sendReset(context.WithoutCancel(r.Context()), h.localizer(r), who, addr)
		}
	}
	h.render(w, r, http.StatusOK, "reset", h.localizer(r).T("Forgotten password"), resetData{Sent: true})
}

// sendReset makes the link and mails it; failures are logged, never shown.
func (h *Handler) sendReset(ctx context.Context, l *i18n.Localizer, who, addr string) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	u, err := h.store.UserForReset(ctx, who)
	if err != nil {
		return
	}
	token, err := auth.NewToken()
	if err != nil {
		h.log.Error("reset token", "err", err)
		return
	}
	if err := h.store.AddReset(ctx, u.ID, auth.HashToken(token), time.Now(), resetTTL, resetGap); err != nil {
		if !errors.Is(err, gallery.ErrConflict) {
			h.log.Error("reset", "err", err)
		}
		return
	}
	link := strings.TrimSuffix(h.opt.PublicURL, "/") + "/reset/" + token
	body := l.T("Someone, probably you, asked to choose a new password for your account %s. To do so, open this link within an hour:\n\n%s\n\nIf it was not you, ignore this message: your password stays as it is.", u.Name, link)
	if err := h.opt.Mailer.Send(ctx, u.Email, l.T("Your Imagier password"), body); err != nil {
		h.log.Error("reset mail", "user", u.Name, "err", err)
		return
	}
	h.store.AddAudit(ctx, sqlstore.AuditEntry{UserID: u.ID, UserName: u.Name, Action: "account.reset-sent", Target: u.Name, Address: addr})
}

func (h *Handler) resetForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if _, err := h.store.ResetUser(r.Context(), auth.HashToken(token), time.Now()); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "reset", h.localizer(r).T("Choose a new password"), resetData{Token: token})
}

// reset sets the new password through the link, once, and ends every
// session of the account.
func (h *Handler) reset(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	token := r.PathValue("token")
	l := h.localizer(r)
	hash, err := auth.HashPassword(r.PostFormValue("password"))
	if err != nil {
		h.render(w, r, http.StatusBadRequest, "reset", l.T("Choose a new password"),
			resetData{Token: token, Error: l.T("The password must have at least %d characters", auth.MinPasswordLen)})
		return
	}
	u, err := h.store.UseReset(r.Context(), auth.HashToken(token), hash, time.Now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.store.AddAudit(r.Context(), sqlstore.AuditEntry{UserID: u.ID, UserName: u.Name, Action: "account.reset", Target: u.Name, Address: clientIP(r)})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
