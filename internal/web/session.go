package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/server"
	"imagier/internal/service"
)

const (
	sessionCookie = "imagier_session"
	// maxForm bounds what a form may send; uploads have their own route.
	maxForm = 64 << 10
)

// visitor runs next for anyone allowed in: a signed-in caller, or an
// anonymous guest while guest access is on. Everyone else goes to the
// sign-in page (or gets a 404 for a file). Who the caller is and what
// they may see is worked out here, once, and travels in the request's
// context as the service's Actor.
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
		a, err := h.svc.ActorFor(r.Context(), se, clientIP(r))
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
		if se == nil && (!guests || a.Access.SignInRequired) {
			if strings.HasPrefix(r.URL.Path, "/i/") || r.Method != http.MethodGet {
				h.notFound(w, r)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		ctx := r.Context()
		if se != nil && guests {
			a, ctx = h.visitorView(r, a)
		}
		ctx = context.WithValue(ctx, actorKey, &a)
		if se != nil {
			ctx = context.WithValue(ctx, sessionKey, se)
		}
		next(w, r.WithContext(ctx))
	}
}

// lookup returns the caller's session, nil when there is none: from an
// API key in an "Authorization: Bearer" header, else from the cookie.
func (h *Handler) lookup(r *http.Request) (*auth.Session, error) {
	if key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return h.svc.KeySession(r.Context(), strings.TrimSpace(key))
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return h.svc.Session(r.Context(), c.Value)
	}
	return nil, nil
}

// maybeUser runs next with the caller's session when there is one, and
// without it otherwise: for pages anyone may see, like the 404 page, which
// should keep its menu for a signed-in caller.
func (h *Handler) maybeUser(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if se, err := h.lookup(r); err == nil && se != nil {
			ctx := context.WithValue(r.Context(), sessionKey, se)
			// The actor too, so that the menu is the caller's whole menu.
			if a, err := h.svc.ActorFor(ctx, se, clientIP(r)); err == nil {
				ctx = context.WithValue(ctx, actorKey, &a)
			}
			r = r.WithContext(ctx)
		}
		next(w, r)
	}
}

// form checks, before next runs, that a state-changing request carries the
// session's CSRF token.
func (h *Handler) form(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !h.parseForm(w, r) {
			return
		}
		if !h.tokenOK(w, r) {
			return
		}
		next(w, r)
	}
}

// tokenOK checks that a parsed form's csrf field is the session's token,
// and answers 403 when it is not.
func (h *Handler) tokenOK(w http.ResponseWriter, r *http.Request) bool {
	se := sessionOf(r.Context())
	// A key-authenticated script sends no cookie, so a forged cross-site
	// request cannot ride on it: it needs no token.
	if se == nil || !se.APIKey && !se.ValidCSRF(r.PostFormValue("csrf")) {
		http.Error(w, h.localizer(r).T("Your session has expired, please try again"), http.StatusForbidden)
		return false
	}
	return true
}

// parseForm reads a bounded form, once, for every handler behind (they
// read r.PostForm directly), refusing text no form ever sends.
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil || !cleanQuery(r.PostForm) {
		http.Error(w, h.localizer(r).T("This form could not be read: it may be too large."), http.StatusBadRequest)
		return false
	}
	return true
}

// sameOrigin refuses a form posted from another site: the forms that
// come before any session (sign-in, registration, invitations, resets)
// have no session token to check, and a forged sign-in would put the
// victim in the attacker's account. Browsers say where a request comes
// from (Sec-Fetch-Site, else Origin); a client that says nothing is not
// a browser a page could drive, and is let through.
func (h *Handler) sameOrigin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !h.fromThisSite(r) {
			http.Error(w, h.localizer(r).T("This form must be sent from this site's own page."), http.StatusForbidden)
			return
		}
		if !h.parseForm(w, r) {
			return
		}
		next(w, r)
	}
}

// fromThisSite tells whether a request came from one of our pages, as far
// as the browser says: its Origin is this request's host or, behind a
// proxy that rewrites the Host header, the site's public address.
func (h *Handler) fromThisSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	base, ok := h.opt.Links.Base(r)
	if !ok {
		return false
	}
	site, err := url.Parse(base)
	return err == nil && strings.EqualFold(u.Scheme, site.Scheme) && strings.EqualFold(u.Host, site.Host)
}

// setCookie sets an HttpOnly, SameSite cookie, Secure whenever the request
// came over HTTPS — directly, or through a trusted reverse proxy.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: overHTTPS(r), SameSite: http.SameSiteLaxMode,
	})
}

// clientIP is the caller's address. The server's front resolves it, from
// forwarded headers only when the peer is a proxy named in
// --trusted-proxies, and leaves it in RemoteAddr.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return host
}

// overHTTPS tells whether the caller reached us over HTTPS, directly or
// through a trusted proxy.
func overHTTPS(r *http.Request) bool { return server.Scheme(r) == "https" }

// safeNext keeps a redirect after sign-in on this site: a path of ours,
// never "//host", "/\host" or anything a browser might read as another
// site after dropping control characters.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) || len(next) > 2000 {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
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
	if none, err := h.svc.NoAccount(r.Context()); err == nil && none {
		h.render(w, r, http.StatusOK, "nouser", h.localizer(r).T("Welcome"), nil)
		return
	}
	h.render(w, r, http.StatusOK, "login", h.localizer(r).T("Sign in"), loginData{Next: safeNext(r.URL.Query().Get("next")),
		Register: h.svc.Registration(r.Context()) != service.RegistrationOff, Reset: h.svc.ResetsOn()})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	token, err := h.svc.SignIn(r.Context(), name, password, clientIP(r), r.UserAgent())
	if errors.Is(err, service.ErrCodeNeeded) {
		h.render(w, r, http.StatusOK, "login", h.localizer(r).T("Sign in"), loginData{Next: next, Name: name, Pending: token})
		return
	}
	if errors.Is(err, service.ErrBadCredentials) {
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
	setCookie(w, r, sessionCookie, token, service.SessionTTL)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginCode is sign-in's second step, for accounts with a one-time code.
func (h *Handler) loginCode(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.PostFormValue("next"))
	pending := r.PostFormValue("pending")
	token, err := h.svc.SignInCode(r.Context(), pending, r.PostFormValue("code"), clientIP(r))
	if errors.Is(err, service.ErrBadCredentials) {
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

// logout ends the session and asks the browser to forget what it kept of
// it: the session's cookie, and the private files in its cache (not every
// cookie: the chosen language outlives the session).
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.SignOut(r.Context(), *sessionOf(r.Context())); err != nil {
		h.fail(w, r, err)
		return
	}
	setCookie(w, r, sessionCookie, "", -time.Second)
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type setupData struct {
	Token, Name, Error string
}

func (h *Handler) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if !h.svc.SetupAllowed(r.Context(), token) {
		h.notFound(w, r)
		return
	}
	h.render(w, r, http.StatusOK, "setup", h.localizer(r).T("Create the first account"), setupData{Token: token})
}

func (h *Handler) setup(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	token := r.PostFormValue("token")
	name := strings.TrimSpace(r.PostFormValue("name"))
	session, err := h.svc.Setup(r.Context(), clientIP(r), token, name, r.PostFormValue("password"), r.UserAgent())
	data := setupData{Token: token, Name: name}
	switch {
	case errors.Is(err, service.ErrBadName):
		data.Error = l.T("Choose a user name")
	case errors.Is(err, service.ErrWeakPassword):
		data.Error = passwordRefused(l)
	case err != nil:
		h.fail(w, r, err)
		return
	}
	if data.Error != "" {
		h.render(w, r, http.StatusBadRequest, "setup", l.T("Create the first account"), data)
		return
	}
	startSession(w, r, session, "/")
}

// setLanguage remembers the caller's language. It changes nothing but a
// preference cookie, so it needs no CSRF token and works signed out.
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	for _, t := range h.i18n.Languages() {
		if t.String() == lang {
			setCookie(w, r, "lang", lang, 365*24*time.Hour)
		}
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// actorOf returns who makes the request, for the service; a request that
// did not go through visitor or user is an anonymous visitor who sees
// nothing.
func actorOf(r *http.Request) service.Actor {
	if a, ok := r.Context().Value(actorKey).(*service.Actor); ok {
		return *a
	}
	return service.Actor{Access: &gallery.Access{}, Address: clientIP(r)}
}
