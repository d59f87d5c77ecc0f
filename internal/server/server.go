// Package server is Imagier's HTTP front: the middleware every request goes
// through (client address, recovery, security headers, body deadline,
// logging), the links that leave the site, and a graceful shutdown.
// Routes live with the protocols that serve them (web, later piwigo).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// DefaultBodyTimeout is how long a request may take to send its body
// unless its handler allows more.
const DefaultBodyTimeout = time.Minute

// Options tune the root handler. The zero value trusts no proxy and gives
// bodies DefaultBodyTimeout.
type Options struct {
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (config.Config.Proxies).
	TrustedProxies []netip.Prefix
	// BodyTimeout bounds the time from the start of a request to the end
	// of its body, so that a client trickling bytes cannot hold a
	// connection forever. A handler that takes large uploads extends it
	// with http.NewResponseController(w).SetReadDeadline. Zero means
	// DefaultBodyTimeout; negative, no limit.
	BodyTimeout time.Duration
}

// Server wraps the application's handler with what every request needs.
type Server struct {
	log         *slog.Logger
	proxies     []netip.Prefix
	bodyTimeout time.Duration
}

// New returns the root handler with the zero Options: h behind client
// address resolution, recovery, security headers, a body deadline and
// request logging.
func New(h http.Handler, log *slog.Logger) http.Handler {
	return NewWithOptions(h, log, Options{})
}

// NewWithOptions is New with the proxies to trust and the body deadline.
func NewWithOptions(h http.Handler, log *slog.Logger, opt Options) http.Handler {
	s := &Server{log: log, proxies: opt.TrustedProxies, bodyTimeout: opt.BodyTimeout}
	if s.bodyTimeout == 0 {
		s.bodyTimeout = DefaultBodyTimeout
	}
	return s.middleware(h)
}

// Serve listens on ln until ctx ends, then lets requests in flight finish
// for up to ten seconds. Headers must arrive within ten seconds; bodies are
// bounded by the middleware (Options.BodyTimeout), where handlers and
// tests set the limit along with everything else about a request.
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
