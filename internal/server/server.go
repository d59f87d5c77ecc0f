// Package server is Imagier's HTTP front: the middleware every response goes
// through (recovery, security headers, logging) and a graceful shutdown.
// Routes live with the protocols that serve them (web, later piwigo).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Server wraps the application's handler with what every response needs.
type Server struct {
	log *slog.Logger
}

// New returns the root handler: h behind recovery, security headers and
// request logging.
func New(h http.Handler, log *slog.Logger) http.Handler {
	s := &Server{log: log}
	return s.middleware(h)
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
