// Command imagier is a self-hosted photo and media library.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"imagier/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli.Main(ctx, os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Terminal: cli.IsTerminal(os.Stderr),
	}))
}
