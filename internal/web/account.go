package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

type accountData struct {
	User     gallery.User
	Sessions []sqlstore.Session
	Current  string // the token hash of this browser's session
	Quota    quotaInfo
	// Shared accounts (generic) cannot change their password.
	Shared  bool
	Message string
	Error   string
	Keys    []sqlstore.APIKey
	// NewKey is the secret of the key just made, shown this once.
	NewKey string
	// TOTPSecret and TOTPURL are a second factor being set up. The
	// otpauth: URL is made here, not typed by anyone, so it may be a link.
	TOTPSecret string
	TOTPURL    template.URL
	Now        time.Time
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, accountData{})
}

// renderAccount shows the account page with what an action left in d.
func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, d accountData) {
	ctx := r.Context()
	se := sessionOf(ctx)
	d.User, d.Current, d.Shared, d.Now = se.User, se.TokenHash(), se.User.Role == gallery.RoleGeneric, time.Now()
	var err error
	if d.Keys, err = h.store.APIKeys(ctx, se.User.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Sessions, err = h.store.UserSessions(ctx, se.User.ID, time.Now()); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Quota, err = h.quotaOf(ctx, se.User); err != nil {
		h.fail(w, r, err)
		return
	}
	l := h.localizer(r)
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
		d.Error = l.T("The current password is wrong, or the new one is shorter than %d characters.", auth.MinPasswordLen)
	}
	h.render(w, r, http.StatusOK, "account", l.T("My account"), d)
}

// accountAction changes the caller's password or language, or ends their
// other sessions ("log out everywhere else").
func (h *Handler) accountAction(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	se := sessionOf(ctx)
	// A script's key does not manage the account that made it.
	if se.APIKey {
		h.notFound(w, r)
		return
	}
	switch r.PostFormValue("action") {
	case "key.add":
		if se.User.Role == gallery.RoleGeneric {
			h.notFound(w, r)
			return
		}
		secret, hash, err := auth.NewAPIKey()
		if err != nil {
			h.fail(w, r, err)
			return
		}
		k := &sqlstore.APIKey{UserID: se.User.ID, Name: r.PostFormValue("name"), ReadOnly: r.PostFormValue("access") != "write"}
		if days, err := strconv.Atoi(r.PostFormValue("days")); err == nil && days > 0 && days <= 3650 {
			t := time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC()
			k.ExpiresAt = &t
		}
		if err := h.store.AddAPIKey(ctx, k, hash); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "key.add", k.Name, fmt.Sprintf("read_only=%t", k.ReadOnly))
		// Shown once, on this page, never in a URL or a log.
		h.renderAccount(w, r, accountData{NewKey: secret})
	case "totp.start":
		if se.User.Role == gallery.RoleGeneric || se.User.TOTP {
			h.notFound(w, r)
			return
		}
		secret, u, err := auth.NewTOTP("Imagier", se.User.Name)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.renderAccount(w, r, accountData{TOTPSecret: secret, TOTPURL: template.URL(u)})
	case "totp.confirm":
		// The secret comes back from the page that showed it; the code
		// proves the app has it.
		secret := r.PostFormValue("secret")
		if _, ok := auth.CheckTOTP(secret, r.PostFormValue("code"), time.Now()); !ok || se.User.Role == gallery.RoleGeneric {
			http.Redirect(w, r, "/account?error=code#totp", http.StatusSeeOther)
			return
		}
		if err := h.store.SetTOTPSecret(ctx, se.User.ID, secret); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "account.totp.on", se.User.Name, "")
		http.Redirect(w, r, "/account?done=totp#totp", http.StatusSeeOther)
	case "totp.off":
		secret, err := h.store.TOTPSecret(ctx, se.User.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		_, ok := auth.CheckTOTP(secret, r.PostFormValue("code"), time.Now())
		if auth.VerifyPassword(se.User.PasswordHash, r.PostFormValue("current")) != nil || !ok {
			http.Redirect(w, r, "/account?error=code#totp", http.StatusSeeOther)
			return
		}
		if err := h.store.SetTOTPSecret(ctx, se.User.ID, ""); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "account.totp.off", se.User.Name, "")
		http.Redirect(w, r, "/account?done=totp-off#totp", http.StatusSeeOther)
	case "key.revoke":
		if err := h.store.RevokeAPIKey(ctx, se.User.ID, formID(r, "key"), time.Now()); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "key.revoke", r.PostFormValue("key"), "")
		http.Redirect(w, r, "/account#keys", http.StatusSeeOther)
	case "password":
		if se.User.Role == gallery.RoleGeneric {
			h.notFound(w, r)
			return
		}
		// The current password is asked again: a borrowed, signed-in
		// browser must not be enough to take the account over.
		err := auth.VerifyPassword(se.User.PasswordHash, r.PostFormValue("current"))
		hash, herr := auth.HashPassword(r.PostFormValue("new"))
		if err != nil || herr != nil {
			http.Redirect(w, r, "/account?error=password", http.StatusSeeOther)
			return
		}
		if err := h.store.SetPassword(ctx, se.User.ID, hash, se.TokenHash()); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "account.password", se.User.Name, "")
		http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
	case "sessions":
		if err := h.store.DeleteUserSessions(ctx, se.User.ID, se.TokenHash()); err != nil {
			h.fail(w, r, err)
			return
		}
		h.audit(r, "account.signout-everywhere", se.User.Name, "")
		http.Redirect(w, r, "/account?done=sessions", http.StatusSeeOther)
	case "lang":
		lang := r.PostFormValue("lang")
		ok := lang == ""
		for _, t := range h.i18n.Languages() {
			ok = ok || t.String() == lang
		}
		if !ok {
			h.fail(w, r, errors.New("unknown language"))
			return
		}
		if err := h.store.SetUserLang(ctx, se.User.ID, lang); err != nil {
			h.fail(w, r, err)
			return
		}
		if lang != "" {
			setCookie(w, r, "lang", lang, 365*24*time.Hour)
		}
		http.Redirect(w, r, "/account?done=lang", http.StatusSeeOther)
	default:
		h.notFound(w, r)
	}
}

// reviewAction publishes or rejects contributions; rejected ones go to
// the trash, where they can still be restored for a while.
func (h *Handler) reviewAction(w http.ResponseWriter, r *http.Request) {
	ids, err := h.keysToIDs(r, r.PostForm["ids"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	action := r.PostFormValue("action")
	switch action {
	case "publish":
		err = h.store.Publish(r.Context(), ids)
	case "reject":
		err = h.store.Trash(r.Context(), ids, time.Now())
	default:
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.audit(r, "review."+action, strings.Join(r.PostForm["ids"], " "), "")
	http.Redirect(w, r, "/admin/review", http.StatusSeeOther)
}
