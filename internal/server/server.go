// Package server is Imagier's HTTP front: every route in one function, the
// middleware every response goes through (recovery, security headers,
// logging), and a graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/media"
	"imagier/internal/sqlstore"
)

// Server holds what the handlers need.
type Server struct {
	lib   *media.Library
	store *sqlstore.Store
	log   *slog.Logger
}

// New returns the root handler.
func New(lib *media.Library, store *sqlstore.Store, log *slog.Logger) http.Handler {
	s := &Server{lib: lib, store: store, log: log}
	return s.middleware(s.routes())
}

// routes lists every route Imagier serves.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.health)
	mux.HandleFunc("GET /i/{key}/{file}", s.mediaFile)
	return mux
}

// Serve listens on ln until ctx ends, then lets requests in flight finish
// for up to ten seconds.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// httpError maps the domain's error kinds to statuses — the one place that
// does — and logs what is not the caller's fault. Internals are never shown.
func (s *Server) httpError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, gallery.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, gallery.ErrForbidden):
		// Saying "forbidden" would confirm that the item exists.
		status = http.StatusNotFound
	case errors.Is(err, gallery.ErrInvalid), errors.Is(err, gallery.ErrRejected):
		status = http.StatusBadRequest
	case errors.Is(err, gallery.ErrConflict):
		status = http.StatusConflict
	case errors.Is(err, context.Canceled):
		return
	}
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	http.Error(w, http.StatusText(status), status)
}
