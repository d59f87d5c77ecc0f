package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"imagier/internal/service"
)

func check(ctx context.Context, env Env, args []string) int {
	fs, cfg := libraryFlags("check", env)
	repair := fs.Bool("repair", false, "remove orphans and unfinished writes, remake missing derivatives")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if _, err := parse(fs, args, env.Stderr); err != nil {
		return exitFailure
	}
	a, err := open(ctx, *cfg, newLogger(env), false)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	svc, err := a.service(service.Options{})
	if err != nil {
		return fail(env, err)
	}
	rep, err := svc.Check(ctx, service.CommandLine(append([]string{"check"}, args...)), a.lock, *repair)
	if err != nil {
		return fail(env, err)
	}
	if *asJSON {
		json.NewEncoder(env.Stdout).Encode(rep)
	} else {
		fmt.Fprintf(env.Stdout, "%d items checked\n", rep.Items)
		for _, s := range rep.MissingOriginals {
			fmt.Fprintln(env.Stdout, "missing original:", s)
		}
		for _, s := range rep.CorruptOriginals {
			fmt.Fprintln(env.Stdout, "corrupt original (hash differs):", s)
		}
		for _, s := range rep.MissingDerivatives {
			fmt.Fprintln(env.Stdout, "missing derivatives:", s)
		}
		for _, s := range rep.Orphans {
			fmt.Fprintln(env.Stdout, "orphan file:", s)
		}
		if rep.TempFiles > 0 {
			fmt.Fprintln(env.Stdout, "unfinished writes:", rep.TempFiles)
		}
		if *repair {
			fmt.Fprintf(env.Stdout, "%d repaired\n", rep.Repaired)
		}
		if rep.Clean() {
			fmt.Fprintln(env.Stdout, "all clean")
		}
	}
	if rep.Clean() {
		return exitOK
	}
	if *repair && len(rep.MissingOriginals)+len(rep.CorruptOriginals) == 0 {
		// Everything found was repairable and repaired.
		return exitOK
	}
	return exitProblems
}
