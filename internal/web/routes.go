package web

import "net/http"

// routes lists every page and file the interface serves. Handlers wrapped
// in h.user need a signed-in caller; h.form also checks the CSRF token.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", h.health)
	mux.HandleFunc("GET /static/{name}", h.static)

	mux.HandleFunc("GET /setup", h.setupPage)
	mux.HandleFunc("POST /setup", h.setup)
	mux.HandleFunc("GET /login", h.loginPage)
	mux.HandleFunc("POST /login", h.login)
	mux.HandleFunc("POST /logout", h.user(h.form(h.logout)))
	mux.HandleFunc("POST /lang", h.setLanguage)

	mux.HandleFunc("GET /{$}", h.user(h.home))
	mux.HandleFunc("GET /albums/{id}", h.user(h.album))
	mux.HandleFunc("GET /timeline", h.user(h.timeline))
	mux.HandleFunc("GET /m/{key}", h.user(h.mediaPage))
	mux.HandleFunc("GET /tags/{name...}", h.user(h.tagPage))
	mux.HandleFunc("GET /i/{key}/{file}", h.user(h.mediaFile))

	mux.HandleFunc("POST /m/{key}/edit", h.user(h.admin(h.form(h.editMedia))))
	mux.HandleFunc("POST /batch", h.user(h.admin(h.form(h.batch))))
	mux.HandleFunc("POST /albums", h.user(h.admin(h.form(h.albumAction))))
	mux.HandleFunc("GET /trash", h.user(h.admin(h.trash)))
	mux.HandleFunc("GET /api/tags", h.user(h.admin(h.tagSuggestions)))
	mux.HandleFunc("GET /upload", h.user(h.admin(h.uploadPage)))
	mux.HandleFunc("POST /api/uploads", h.user(h.admin(h.apiCSRF(h.uploadStart))))
	mux.HandleFunc("HEAD /api/uploads/{id}", h.user(h.admin(h.uploadOffset)))
	mux.HandleFunc("PATCH /api/uploads/{id}", h.user(h.admin(h.apiCSRF(h.uploadChunk))))
	mux.HandleFunc("POST /api/uploads/{id}/finish", h.user(h.admin(h.apiCSRF(h.uploadFinish))))

	mux.HandleFunc("/", h.maybeUser(h.notFound))
	return mux
}
