package cli

import (
	"context"
	"fmt"

	"imagier/internal/service"
)

// placesCmd names the places of the items with a GPS position that were
// never looked up, as the server does when it starts.
func placesCmd(ctx context.Context, env Env, args []string) int {
	fs, cfg := libraryFlags("places", env)
	if rest, err := parse(fs, args, env.Stderr); err != nil || len(rest) > 0 {
		if err == nil {
			fmt.Fprintf(env.Stderr, "imagier places: unexpected argument %q\n", rest[0])
		}
		return exitFailure
	}
	a, err := open(ctx, *cfg, newLogger(env), false)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	if !a.lib.Places().Available() {
		return fail(env, fmt.Errorf("this build has no gazetteer: build it with ./dev build"))
	}
	svc, err := a.service(service.Options{})
	if err != nil {
		return fail(env, err)
	}
	n, err := svc.FindPlaces(ctx)
	if err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stdout, "%d items looked up\n", n)
	return exitOK
}
