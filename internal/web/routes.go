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
	mux.HandleFunc("GET /i/{key}/{file}", h.user(h.mediaFile))

	mux.HandleFunc("/", h.notFound)
	return mux
}
