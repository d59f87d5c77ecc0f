package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"imagier/internal/service"
)

// fieldsCmd imports or exports the values of the organisation's fields as
// a spreadsheet (see service.ImportFieldsCSV for its form).
func fieldsCmd(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return fieldsImport(ctx, env, args[1:])
		case "export":
			return adminCommand(ctx, env, "fields export", args[1:], nil, 1, func(ctx context.Context, a *app, actor service.Actor, pos []string) error {
				if pos[0] == "-" {
					return a.svc.ExportFieldsCSV(ctx, actor, env.Stdout)
				}
				f, err := os.Create(pos[0])
				if err != nil {
					return err
				}
				if err := a.svc.ExportFieldsCSV(ctx, actor, f); err != nil {
					f.Close()
					return err
				}
				return f.Close()
			})
		}
	}
	fmt.Fprintln(env.Stderr, "usage: imagier fields import [--dry-run] FILE.csv | imagier fields export FILE.csv (- for standard output/input)")
	return exitFailure
}

func fieldsImport(ctx context.Context, env Env, args []string) int {
	var dryRun bool
	refused := 0
	code := adminCommand(ctx, env, "fields import", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "say what would change, and change nothing")
	}, 1, func(ctx context.Context, a *app, actor service.Actor, pos []string) error {
		var r io.Reader = env.Stdin
		if pos[0] != "-" {
			f, err := os.Open(pos[0])
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		rep, err := a.svc.ImportFieldsCSV(ctx, actor, r, dryRun)
		if err != nil {
			return err
		}
		printImport(env, rep)
		refused = rep.Refused
		return nil
	})
	if code == exitOK && refused > 0 {
		// The good lines are applied; the others are the problems found.
		return exitProblems
	}
	return code
}

// printImport says what each line changed, or would change, and why a
// line was refused.
func printImport(env Env, rep service.ImportReport) {
	verb := "changed"
	if rep.DryRun {
		verb = "would change"
	}
	list := func(vs []string) string {
		if len(vs) == 0 {
			return "(empty)"
		}
		return strings.Join(vs, " | ")
	}
	for _, l := range rep.Lines {
		if l.Problem != nil {
			fmt.Fprintln(env.Stderr, l.Problem.Error())
			continue
		}
		for _, c := range l.Changes {
			fmt.Fprintf(env.Stdout, "line %d: %s: %s %s: %s → %s\n", l.Line, l.File, verb, c.Field.Name, list(c.Old), list(c.New))
		}
	}
	what := "applied"
	if rep.DryRun {
		what = "would be applied (dry run: nothing changed)"
	}
	fmt.Fprintf(env.Stdout, "%d line(s) %s, %d refused\n", rep.Applied, what, rep.Refused)
}
