package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

const (
	sessionCookie = "imagier_session"
	sessionTTL    = 30 * 24 * time.Hour
	// maxForm bounds what a form may send; uploads have their own route.
	maxForm = 64 << 10
)

// visitor runs next for anyone allowed in: a signed-in caller, or an
// anonymous guest while guest access is on. Everyone else goes to the
// sign-in page (or gets a 404 for a file). What the caller may see is
// worked out here, once, and travels in the request's context.
func (h *Handler) visitor(next http.HandlerFunc) http.HandlerFunc {
	return h.withAccess(true, next)
}

// user runs next for a signed-in caller only.
func (h *Handler) user(next http.HandlerFunc) http.HandlerFunc {
	return h.withAccess(false, next)
}

func (h *Handler) withAccess(guests bool, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		se, err := h.lookup(r)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		var u *gallery.User
		var version int64
		if se != nil {
			u, version = &se.User, se.RightsVersion
		}
		acc, err := h.rights.For(r.Context(), u, version)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		// A read-only key reads; anything else is as if the route
		// were not there.
		if se != nil && se.ReadOnly && r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.notFound(w, r)
			return
		}
		if se == nil && (!guests || acc.SignInRequired) {
			if strings.HasPrefix(r.URL.Path, "/i/") || r.Method != http.MethodGet {
				h.notFound(w, r)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		ctx := context.WithValue(r.Context(), accessKey, acc)
		if se != nil {
			ctx = context.WithValue(ctx, sessionKey, se)
		}
		next(w, r.WithContext(ctx))
	}
}

// lookup returns the caller's session, nil when there is none: from an
// API key in an "Authorization: Bearer" header, else from the cookie.
func (h *Handler) lookup(r *http.Request) (*auth.Session, error) {
	var se auth.Session
	var err error
	if key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		se, err = h.sessions.LookupKey(r.Context(), strings.TrimSpace(key))
	} else if c, cerr := r.Cookie(sessionCookie); cerr == nil {
		se, err = h.sessions.Lookup(r.Context(), c.Value)
	} else {
		return nil, nil
	}
	if errors.Is(err, gallery.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &se, nil
}

// maybeUser runs next with the caller's session when there is one, and
// without it otherwise: for pages anyone may see, like the 404 page, which
// should keep its menu for a signed-in caller.
func (h *Handler) maybeUser(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if se, err := h.lookup(r); err == nil && se != nil {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey, se))
		}
		next(w, r)
	}
}

// form checks, before next runs, that a state-changing request carries the
// session's CSRF token.
func (h *Handler) form(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		// Parsed here, once, for every handler behind: they read
		// r.PostForm directly.
		if err := r.ParseForm(); err != nil {
			http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
			return
		}
		se := sessionOf(r.Context())
		// A key-authenticated script sends no cookie, so a forged
		// cross-site request cannot ride on it: it needs no token.
		if se == nil || !se.APIKey && !se.ValidCSRF(r.PostFormValue("csrf")) {
			http.Error(w, h.localizer(r).T("Your session has expired, please try again"), http.StatusForbidden)
			return
		}
		if !cleanQuery(r.PostForm) {
			http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
			return
		}
		next(w, r)
	}
}

// setCookie sets an HttpOnly, SameSite cookie, Secure whenever the request
// came over HTTPS — directly, or through a reverse proxy on this machine.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: overHTTPS(r), SameSite: http.SameSiteLaxMode,
	})
}

// clientIP is the caller's address: the peer's, or, behind a reverse proxy
// on this machine, the one the proxy saw (the last X-Forwarded-For entry,
// which the proxy itself appended).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(last) != nil {
				return last
			}
		}
	}
	return host
}

// overHTTPS trusts X-Forwarded-Proto only from a proxy on loopback.
func overHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback() && r.Header.Get("X-Forwarded-Proto") == "https"
}

// safeNext keeps a redirect after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

type loginData struct {
	Next, Name, Error string
	// Register offers to create an account, Reset a forgotten password.
	Register, Reset bool
	// Pending is set when the password was right and a one-time code is
	// asked for: the token that carries the sign-in to its second step.
	Pending string
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if n, err := h.store.CountUsers(r.Context()); err == nil && n == 0 {
		h.render(w, r, http.StatusOK, "nouser", h.localizer(r).T("Welcome"), nil)
		return
	}
	h.render(w, r, http.StatusOK, "login", h.localizer(r).T("Sign in"), loginData{Next: safeNext(r.URL.Query().Get("next")), Register: h.registration(r) != "off", Reset: h.resetOn()})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	token, _, err := h.sessions.SignIn(r.Context(), name, password, clientIP(r), r.UserAgent())
	if errors.Is(err, auth.ErrCodeNeeded) {
		h.render(w, r, http.StatusOK, "login", h.localizer(r).T("Sign in"), loginData{Next: next, Name: name, Pending: token})
		return
	}
	if errors.Is(err, auth.ErrBadCredentials) {
		l := h.localizer(r)
		h.render(w, r, http.StatusUnauthorized, "login", l.T("Sign in"), loginData{Next: next, Name: name, Error: l.T("Invalid user name or password")})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	startSession(w, r, token, next)
}

// startSession gives the browser its session cookie and sends it on.
func startSession(w http.ResponseWriter, r *http.Request, token, next string) {
	setCookie(w, r, sessionCookie, token, sessionTTL)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginCode is sign-in's second step, for accounts with a one-time code.
func (h *Handler) loginCode(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	next := safeNext(r.PostFormValue("next"))
	pending := r.PostFormValue("pending")
	token, _, err := h.sessions.SignInCode(r.Context(), pending, r.PostFormValue("code"), clientIP(r))
	if errors.Is(err, auth.ErrBadCredentials) {
		l := h.localizer(r)
		h.render(w, r, http.StatusUnauthorized, "login", l.T("Sign in"), loginData{Next: next, Pending: pending, Error: l.T("Wrong or expired code")})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	startSession(w, r, token, next)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.sessions.SignOut(r.Context(), *sessionOf(r.Context())); err != nil {
		h.fail(w, r, err)
		return
	}
	setCookie(w, r, sessionCookie, "", -time.Second)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type setupData struct {
	Token, Name, Error string
}

// setupOK tells whether the first account may be created with token: only
// while no account exists, and only by whoever read the token the server
// printed.
func (h *Handler) setupOK(ctx context.Context, token string) bool {
	if h.opt.SetupToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(h.opt.SetupToken)) != 1 {
		return false
	}
	n, err := h.store.CountUsers(ctx)
	return err == nil && n == 0
}

func (h *Handler) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if !h.setupOK(r.Context(), token) {
		h.notFound(w, r)
		return
	}
	h.render(w, r, http.StatusOK, "setup", h.localizer(r).T("Create the first account"), setupData{Token: token})
}

func (h *Handler) setup(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	token := r.PostFormValue("token")
	if !h.setupOK(r.Context(), token) {
		h.notFound(w, r)
		return
	}
	l := h.localizer(r)
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	data := setupData{Token: token, Name: name}
	hash, err := auth.HashPassword(password)
	switch {
	case name == "" || len(name) > 100:
		data.Error = l.T("Choose a user name")
	case err != nil:
		data.Error = l.T("The password must have at least %d characters", auth.MinPasswordLen)
	}
	if data.Error != "" {
		h.render(w, r, http.StatusBadRequest, "setup", l.T("Create the first account"), data)
		return
	}
	u := &gallery.User{Name: name, Role: gallery.RoleWebmaster, PasswordHash: hash}
	if err := h.store.AddUser(r.Context(), u); err != nil {
		h.fail(w, r, err)
		return
	}
	token, _, err = h.sessions.Open(r.Context(), *u, r.UserAgent())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	startSession(w, r, token, "/")
}

// setLanguage remembers the caller's language. It changes nothing but a
// preference cookie, so it needs no CSRF token and works signed out.
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	lang := r.PostFormValue("lang")
	for _, t := range h.i18n.Languages() {
		if t.String() == lang {
			setCookie(w, r, "lang", lang, 365*24*time.Hour)
		}
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}
