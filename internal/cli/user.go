package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

func user(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(env.Stderr, "usage: imagier user add NAME --role webmaster|admin|normal|generic --password-stdin")
		return exitFailure
	}
	fs, cfg := libraryFlags("user add", env)
	role := fs.String("role", "normal", "webmaster, admin, normal or generic (a shared account)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, err := parse(fs, args[1:], env.Stderr)
	if err != nil {
		return exitFailure
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		fmt.Fprintln(env.Stderr, "imagier user add: name exactly one user")
		return exitFailure
	}
	r := gallery.Role(*role)
	if r != gallery.RoleWebmaster && r != gallery.RoleAdmin && r != gallery.RoleNormal && r != gallery.RoleGeneric {
		fmt.Fprintf(env.Stderr, "imagier user add: role %q: want webmaster, admin, normal or generic\n", *role)
		return exitFailure
	}
	if !*fromStdin {
		fmt.Fprintln(env.Stderr, "imagier user add: give the password on standard input with --password-stdin (never on the command line, where others can read it)")
		return exitFailure
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fail(env, fmt.Errorf("reading the password: %w", err))
	}
	hash, err := auth.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return fail(env, err)
	}
	a, err := open(ctx, *cfg, newLogger(env), false)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	u := &gallery.User{Name: strings.TrimSpace(pos[0]), Role: r, PasswordHash: hash}
	if err := a.store.AddUser(ctx, u); err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stdout, "user %s created (%s)\n", u.Name, u.Role)
	return exitOK
}
