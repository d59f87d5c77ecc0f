package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"imagier/internal/auth"
	"imagier/internal/i18n"
	"imagier/internal/mail"
	"imagier/internal/server"
	"imagier/internal/service"
	"imagier/internal/web"
)

func serve(ctx context.Context, env Env, args []string) int {
	fs, cfg := libraryFlags("serve", env)
	cfg.ServeFlags(fs, env.Getenv)
	if _, err := parse(fs, args, env.Stderr); err != nil {
		return exitFailure
	}
	log := newLogger(env)
	// The server reads metadata too: uploads arrive through it.
	a, err := open(ctx, *cfg, log, true)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	proxies, err := a.cfg.Proxies()
	if err != nil {
		return fail(env, err)
	}
	// Background work uses the store: on every way out it is told to
	// stop, then awaited, and only then is the store closed (the defers
	// run in reverse).
	ctx, cancel := context.WithCancel(ctx)
	var background sync.WaitGroup
	defer background.Wait()
	defer cancel()
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fail(env, err)
	}
	defer ln.Close() // for the ways out before Serve, which closes it itself
	// Sweeping up needs the folder to ourselves, before anyone else
	// comes in; with another process already there, only pending
	// derivatives are made, in the background while the server answers.
	if a.lock.Exclusive() {
		if err := a.lib.Recover(ctx, a.lock); err != nil {
			return fail(env, err)
		}
		if err := a.lock.Share(); err != nil {
			return fail(env, err)
		}
	} else {
		background.Go(func() {
			if err := a.lib.Recover(ctx, a.lock); err != nil && ctx.Err() == nil {
				log.Error("making pending derivatives", "err", err)
			}
		})
	}
	h, setup, err := a.webHandler(ctx, log)
	if err != nil {
		return fail(env, err)
	}
	base := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(env.Stdout, "Imagier is running at %s (data in %s, %s database). Press Ctrl-C to stop.\n",
		base, a.cfg.DataDir, a.store.Dialect())
	if setup != "" {
		fmt.Fprintf(env.Stdout, "No account exists yet: open %ssetup?token=%s to create the webmaster account.\n", base, setup)
	} else {
		fmt.Fprintf(env.Stdout, "Sign in at %slogin (imagier user add creates more accounts).\n", base)
	}
	background.Go(func() { a.purgeTrash(ctx, log) })
	background.Go(func() { a.svc.KeepSearchIndex(ctx, 30*time.Second) })
	background.Go(func() { a.findPlaces(ctx, log) })
	root := server.NewWithOptions(h, log, server.Options{TrustedProxies: proxies})
	if err := server.Serve(ctx, ln, root, log); err != nil {
		return fail(env, err)
	}
	return exitOK
}

// webHandler builds the web interface; while no account exists it makes
// the one-time token that lets the first visitor create one.
func (a *app) webHandler(ctx context.Context, log *slog.Logger) (http.Handler, string, error) {
	n, err := a.store.CountUsers(ctx)
	if err != nil {
		return nil, "", err
	}
	setup := ""
	if n == 0 {
		if setup, err = auth.SetupToken(); err != nil {
			return nil, "", err
		}
	}
	bundle, err := i18n.New()
	if err != nil {
		return nil, "", err
	}
	opt := service.Options{
		SetupToken: setup, UploadDir: filepath.Join(a.cfg.DataDir, "uploads"), MaxUploadSize: a.cfg.MaxFileSize,
		PublicURL: a.cfg.PublicURL,
	}
	if a.cfg.SMTP != "" {
		m, err := mail.New(a.cfg.SMTP, a.cfg.MailFrom)
		if err != nil {
			return nil, "", err
		}
		opt.Mailer = m
	}
	svc, err := a.service(opt)
	if err != nil {
		return nil, "", err
	}
	h, err := web.New(svc, bundle, log, web.Options{Links: server.NewLinks(a.cfg.PublicURL)})
	return h, setup, err
}

// purgeTrash deletes for good, a few times a day, what stayed in the trash
// longer than the retention, and forgets expired sessions, until ctx ends.
func (a *app) purgeTrash(ctx context.Context, log *slog.Logger) {
	for {
		if n, err := a.svc.PurgeTrash(ctx); err != nil && ctx.Err() == nil {
			log.Error("emptying the trash", "err", err)
		} else if n > 0 {
			log.Info("emptied the trash", "items", n)
		}
		if err := a.svc.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			log.Error("forgetting expired sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(6 * time.Hour):
		}
	}
}

// findPlaces names, once at start, the places of the items imported
// before the library had a gazetteer, while the server answers.
func (a *app) findPlaces(ctx context.Context, log *slog.Logger) {
	if !a.lib.Places().Available() {
		log.Info("places are off: this build has no gazetteer (./dev build makes one)")
		return
	}
	start := time.Now()
	n, err := a.svc.FindPlaces(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Error("finding places", "err", err, "items", n)
	case n > 0:
		log.Info("found places", "items", n, "seconds", time.Since(start).Seconds())
	}
}
