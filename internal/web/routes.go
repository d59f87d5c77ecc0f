package web

import "net/http"

// Who may reach a route. The handler itself checks rights on the objects
// it touches (an album, an item); this is the door before it.
type access int

const (
	// public routes need nothing: sign-in, static files, health.
	public access = iota
	// visitor routes are open to anonymous guests while guest access is
	// on, and show them only what is public.
	visitor
	// member routes need a signed-in account.
	member
	// contributor routes need the right to upload into some album.
	contributor
	// admin routes are for administrators; others get a 404.
	admin
)

// csrf is how a state-changing route proves it came from our own page.
type csrf int

const (
	noToken   csrf = iota
	formToken      // a csrf form field
	apiToken       // an X-CSRF-Token header, from our script
)

// route is one line of the route table.
type route struct {
	pattern string
	access  access
	csrf    csrf
	handler http.HandlerFunc
}

// routeTable lists every page and file the interface serves. The access
// matrix test walks it: a route added here without an entry there fails.
func (h *Handler) routeTable() []route {
	return []route{
		{"GET /healthz", public, noToken, h.health},
		{"GET /static/{name}", public, noToken, h.static},

		{"GET /setup", public, noToken, h.setupPage},
		{"POST /setup", public, noToken, h.setup},
		{"GET /login", public, noToken, h.loginPage},
		{"POST /login", public, noToken, h.login},
		// The second step carries its own one-time pending token.
		{"POST /login/code", public, noToken, h.loginCode},
		{"POST /logout", member, formToken, h.logout},
		// Self-registration (when the settings allow it) and invitation
		// links, each a one-time token of its own.
		{"GET /register", public, noToken, h.registerPage},
		{"POST /register", public, noToken, h.register},
		{"GET /invite/{token}", public, noToken, h.invitePage},
		{"POST /invite/{token}", public, noToken, h.acceptInvite},
		// Password resets by e-mail, when configured; the link is a
		// one-time token.
		{"GET /reset", public, noToken, h.resetPage},
		{"POST /reset", public, noToken, h.requestReset},
		{"GET /reset/{token}", public, noToken, h.resetForm},
		{"POST /reset/{token}", public, noToken, h.reset},
		// Changing the language only sets a preference cookie.
		{"POST /lang", public, noToken, h.setLanguage},

		{"GET /{$}", visitor, noToken, h.home},
		{"GET /albums/{id}", visitor, noToken, h.album},
		{"GET /albums/{id}/download", visitor, noToken, h.albumZip},
		{"GET /timeline", visitor, noToken, h.timeline},
		{"GET /feed.atom", visitor, noToken, h.feed},
		{"GET /m/{key}", visitor, noToken, h.mediaPage},
		{"GET /tags/{name...}", visitor, noToken, h.tagPage},
		{"GET /i/{key}/{file}", visitor, noToken, h.mediaFile},

		{"GET /account", member, noToken, h.account},
		{"POST /account", member, formToken, h.accountAction},

		// Editing an item needs the edit right on one of its albums; the
		// handlers check it per item.
		{"POST /m/{key}/edit", member, formToken, h.editMedia},
		{"POST /batch", member, formToken, h.batch},

		{"GET /upload", contributor, noToken, h.uploadPage},
		{"POST /api/uploads", contributor, apiToken, h.uploadStart},
		{"HEAD /api/uploads/{id}", contributor, noToken, h.uploadOffset},
		{"PATCH /api/uploads/{id}", contributor, apiToken, h.uploadChunk},
		{"POST /api/uploads/{id}/finish", contributor, apiToken, h.uploadFinish},

		{"POST /albums", admin, formToken, h.albumAction},
		{"POST /albums/{id}/access", admin, formToken, h.albumAccess},
		{"GET /trash", admin, noToken, h.trash},
		{"GET /api/tags", admin, noToken, h.tagSuggestions},
		{"GET /admin/people", admin, noToken, h.people},
		{"POST /admin/people", admin, formToken, h.peopleAction},
		{"GET /admin/settings", admin, noToken, h.settingsPage},
		{"POST /admin/settings", admin, formToken, h.saveSettings},
		{"GET /admin/review", admin, noToken, h.review},
		{"POST /admin/review", admin, formToken, h.reviewAction},
		{"GET /admin/audit", admin, noToken, h.auditPage},
		{"GET /admin/audit.csv", admin, noToken, h.auditCSV},
	}
}

// routes builds the router from the table, wrapping each handler in the
// checks its access and CSRF columns ask for.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range h.routeTable() {
		next := rt.handler
		switch rt.csrf {
		case formToken:
			next = h.form(next)
		case apiToken:
			next = h.apiCSRF(next)
		}
		switch rt.access {
		case visitor:
			next = h.visitor(next)
		case member:
			next = h.user(next)
		case contributor:
			next = h.user(h.contributor(next))
		case admin:
			next = h.user(h.admin(next))
		}
		mux.HandleFunc(rt.pattern, next)
	}
	mux.HandleFunc("/", h.maybeUser(h.notFound))
	return mux
}
