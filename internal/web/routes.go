package web

import (
	"net/http"

	"imagier/internal/service"
)

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
	// fileToken is formToken for a multipart form, which may carry a
	// file (the logo).
	fileToken
	// sameSite is for the forms before any session (sign-in,
	// registration, invitations, resets): the browser must say the
	// request comes from our own page.
	sameSite
	// sheetToken is fileToken for a spreadsheet, which may be larger
	// than a logo.
	sheetToken
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
		{"POST /setup", public, sameSite, h.setup},
		{"GET /login", public, noToken, h.loginPage},
		{"POST /login", public, sameSite, h.login},
		// The second step carries its own one-time pending token.
		{"POST /login/code", public, sameSite, h.loginCode},
		{"POST /logout", member, formToken, h.logout},
		// Self-registration (when the settings allow it) and invitation
		// links, each a one-time token of its own.
		{"GET /register", public, noToken, h.registerPage},
		{"POST /register", public, sameSite, h.register},
		{"GET /invite/{token}", public, noToken, h.invitePage},
		{"POST /invite/{token}", public, sameSite, h.acceptInvite},
		// Password resets by e-mail, when configured; the link is a
		// one-time token.
		{"GET /reset", public, noToken, h.resetPage},
		{"POST /reset", public, sameSite, h.requestReset},
		{"GET /reset/{token}", public, noToken, h.resetForm},
		{"POST /reset/{token}", public, sameSite, h.reset},
		// Changing the language only sets a preference cookie.
		{"POST /lang", public, sameSite, h.setLanguage},
		// The organisation's identity and legal pages: everyone reaches
		// them, even when the library needs signing in.
		{"GET /legal", public, noToken, h.anyone(h.legalPage("legal"))},
		{"GET /privacy", public, noToken, h.anyone(h.legalPage("privacy"))},
		{"GET /accessibility", public, noToken, h.anyone(h.legalPage("accessibility"))},
		{"GET /brand.css", public, noToken, h.brandCSS},
		{"GET /brand/logo", public, noToken, h.logo},

		{"GET /{$}", visitor, noToken, h.home},
		{"GET /albums/{id}", visitor, noToken, h.album},
		{"GET /albums/{id}/download", visitor, noToken, h.albumZip},
		{"GET /timeline", visitor, noToken, h.timeline},
		{"GET /feed.atom", visitor, noToken, h.feed},
		{"GET /m/{key}", visitor, noToken, h.mediaPage},
		{"GET /tags", visitor, noToken, h.tagIndex},
		{"GET /tags/{$}", visitor, noToken, h.tagIndex},
		{"GET /tags/{name...}", visitor, noToken, h.tagPage},
		{"GET /i/{key}/{file}", visitor, noToken, h.mediaFile},
		// Search: results, suggestions and the advanced form's composer
		// see only what the caller sees; the service filters.
		{"GET /search", visitor, noToken, h.searchPage},
		{"GET /search/suggest", visitor, noToken, h.searchSuggest},
		{"GET /search/advanced", visitor, noToken, h.advancedSearch},

		{"GET /account", member, noToken, h.account},
		// Staff preview the site as a visitor sees it; it only ever
		// takes rights away (see visitorView).
		{"POST /view-as", member, formToken, h.viewAs},
		{"POST /account/password", member, formToken, h.changePassword},
		{"POST /account/sessions", member, formToken, h.signOutElsewhere},
		{"POST /account/lang", member, formToken, h.accountLanguage},
		{"POST /account/keys", member, formToken, h.addKey},
		{"POST /account/keys/{id}/revoke", member, formToken, h.revokeKey},
		{"POST /account/totp/start", member, formToken, h.totpStart},
		{"POST /account/totp/confirm", member, formToken, h.totpConfirm},
		{"POST /account/totp/off", member, formToken, h.totpOff},

		// Editing an item needs the edit right on one of its albums; the
		// service checks it per item.
		{"POST /m/{key}/edit", member, formToken, h.editMedia},
		// An album's description and the order of its items, for those
		// who may edit it; the service checks the right on the album.
		{"POST /albums/{id}/description", member, formToken, h.albumDescription},
		{"GET /albums/{id}/arrange", member, noToken, h.arrangePage},
		{"POST /albums/{id}/order", member, formToken, h.albumItemOrder},
		{"POST /albums/{id}/arrange", member, formToken, h.arrangeItem},
		{"POST /batch/tag", member, formToken, h.batch(service.BatchTag)},
		{"POST /batch/untag", member, formToken, h.batch(service.BatchUntag)},
		{"POST /batch/copy", member, formToken, h.batch(service.BatchCopy)},
		{"POST /batch/move", member, formToken, h.batch(service.BatchMove)},
		{"POST /batch/remove", member, formToken, h.batch(service.BatchRemove)},
		{"POST /batch/delete", member, formToken, h.batch(service.BatchDelete)},
		{"POST /batch/restore", admin, formToken, h.batch(service.BatchRestore)},
		// An undo replays, as ordinary batches the service checks again,
		// what the caller's own last action left to undo.
		{"POST /batch/undo", member, formToken, h.undoBatch},
		// The items of keys the caller may edit, selected: "Edit this
		// batch" after an upload.
		{"GET /batch", member, noToken, h.batchPage},
		{"POST /batch/level", admin, formToken, h.batch(service.BatchLevel)},
		{"POST /batch/cover", admin, formToken, h.batch(service.BatchCover)},
		// Saved searches and smart albums: the service checks who may see
		// or change each one, and results follow the viewer's own rights.
		{"GET /searches", member, noToken, h.searchesPage},
		{"POST /searches", member, formToken, h.saveSearch},
		{"GET /searches/{id}", member, noToken, h.smartAlbum},
		{"POST /searches/{id}", member, formToken, h.editSearch},
		{"POST /searches/{id}/delete", member, formToken, h.deleteSearch},

		{"GET /upload", contributor, noToken, h.uploadPage},
		{"POST /api/uploads", contributor, apiToken, h.uploadStart},
		{"HEAD /api/uploads/{id}", contributor, noToken, h.uploadOffset},
		{"PATCH /api/uploads/{id}", contributor, apiToken, h.uploadChunk},
		{"POST /api/uploads/{id}/finish", contributor, apiToken, h.uploadFinish},

		{"POST /albums", admin, formToken, h.createAlbum},
		{"POST /albums/{id}/rename", admin, formToken, h.renameAlbum},
		{"POST /albums/{id}/move", admin, formToken, h.moveAlbum},
		{"POST /albums/{id}/position", admin, formToken, h.positionAlbum},
		{"POST /albums/{id}/place", admin, formToken, h.placeAlbum},
		{"POST /albums/{id}/delete", admin, formToken, h.deleteAlbum},
		{"POST /albums/{id}/visibility", admin, formToken, h.albumVisibility},
		{"POST /albums/{id}/grants", admin, formToken, h.albumGrant},
		{"GET /trash", admin, noToken, h.trash},
		{"GET /api/tags", admin, noToken, h.tagSuggestions},
		{"GET /admin/people", admin, noToken, h.people},
		{"POST /admin/users", admin, formToken, h.addUser},
		{"POST /admin/users/{id}", admin, formToken, h.updateUser},
		{"POST /admin/users/{id}/approve", admin, formToken, h.approveUser(true)},
		{"POST /admin/users/{id}/refuse", admin, formToken, h.approveUser(false)},
		{"POST /admin/invitations", admin, formToken, h.invite},
		{"POST /admin/invitations/{id}/revoke", admin, formToken, h.revokeInvite},
		{"POST /admin/groups", admin, formToken, h.addGroup},
		{"POST /admin/groups/{id}/delete", admin, formToken, h.deleteGroup},
		{"POST /admin/groups/{id}/quota", admin, formToken, h.groupQuota},
		{"POST /admin/groups/{id}/join", admin, formToken, h.groupMember(true)},
		{"POST /admin/groups/{id}/leave", admin, formToken, h.groupMember(false)},
		{"GET /admin/settings", admin, noToken, h.settingsPage},
		{"POST /admin/settings", admin, formToken, h.saveSettings},
		// Only the webmaster changes the identity; the service checks it.
		{"POST /admin/branding", admin, formToken, h.saveBranding},
		{"POST /admin/branding/logo", admin, fileToken, h.setLogo},
		{"POST /admin/branding/logo/delete", admin, formToken, h.removeLogo},
		{"POST /admin/blocks", admin, formToken, h.block},
		{"POST /admin/blocks/{id}/delete", admin, formToken, h.unblock},
		{"GET /admin/review", admin, noToken, h.review},
		{"POST /admin/review/publish", admin, formToken, h.reviewAction(true)},
		{"POST /admin/review/reject", admin, formToken, h.reviewAction(false)},
		{"GET /admin/audit", admin, noToken, h.auditPage},
		{"GET /admin/audit.csv", admin, noToken, h.auditCSV},
		// The organisation's own fields: defined by administrators,
		// filled by whoever may edit an item (the service checks it).
		{"GET /admin/fields", admin, noToken, h.fieldsPage},
		{"GET /admin/fields/new", admin, noToken, h.fieldForm},
		{"POST /admin/fields", admin, formToken, h.saveField},
		{"GET /admin/fields/{id}", admin, noToken, h.fieldForm},
		{"POST /admin/fields/{id}", admin, formToken, h.saveField},
		{"POST /admin/fields/{id}/delete", admin, formToken, h.deleteField},
		{"POST /admin/fields/{id}/move", admin, formToken, h.moveField},
		{"GET /admin/fields/import", admin, noToken, h.fieldsImportPage},
		{"POST /admin/fields/import", admin, sheetToken, h.importFields},
		{"GET /admin/fields.csv", admin, noToken, h.exportFields},
		{"POST /m/{key}/fields", member, formToken, h.saveItemFields},
		{"POST /batch/field", member, formToken, h.batch(service.BatchField)},
		{"POST /batch/unfield", member, formToken, h.batch(service.BatchUnfield)},
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
		case fileToken:
			next = h.fileForm(next)
		case sameSite:
			next = h.sameOrigin(next)
		case sheetToken:
			next = h.sheetForm(next)
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
