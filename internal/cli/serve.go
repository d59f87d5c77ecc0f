package cli

import (
	"context"
	"fmt"
	"net"

	"imagier/internal/server"
)

func serve(ctx context.Context, env Env, args []string) int {
	fs, cfg := libraryFlags("serve", env)
	cfg.ServeFlags(fs, env.Getenv)
	if _, err := parse(fs, args, env.Stderr); err != nil {
		return exitFailure
	}
	log := newLogger(env)
	a, err := open(ctx, *cfg, log, false)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fail(env, err)
	}
	// Sweeping up needs the folder to ourselves; pending derivatives are
	// made in the background while the server already answers.
	exclusive := a.lock.Exclusive()
	recovered := make(chan error, 1)
	go func() { recovered <- a.lib.Recover(ctx, a.lock) }()
	if exclusive {
		if err := <-recovered; err != nil {
			return fail(env, err)
		}
		if err := a.lock.Share(); err != nil {
			return fail(env, err)
		}
	}
	fmt.Fprintf(env.Stdout, "Imagier is running at http://%s/ (data in %s, %s database). Press Ctrl-C to stop.\n",
		ln.Addr(), a.cfg.DataDir, a.store.Dialect())
	if err := server.Serve(ctx, ln, server.New(a.lib, a.store, log), log); err != nil {
		return fail(env, err)
	}
	return exitOK
}
