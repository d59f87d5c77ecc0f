// Package cli is the imagier command: it parses a subcommand's flags, wires
// the library from its adapters, and runs it. Tests start it like a user
// would, with arguments and standard streams.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Env is what the command sees of the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Terminal tells whether Stderr is a terminal, for progress bars.
	Terminal bool
}

// Exit codes.
const (
	exitOK       = 0
	exitProblems = 1 // the command ran and found something wrong
	exitFailure  = 2 // the command could not do its work
)

type command struct {
	name, usage string
	run         func(ctx context.Context, env Env, args []string) int
}

func commands() []command {
	return []command{
		{"serve", "serve [--data DIR] [--listen ADDR] [--database URL]   run the web server", serve},
		{"import", "import [--data DIR] [--album A/B] [--folders-as-albums] [--json] FILE_OR_DIR…   add files", importCmd},
		{"list", "list [--data DIR] [--json] [--] [QUERY...]   print every media item with its metadata, or those a search finds (words after -- may start with -)", list},
		{"check", "check [--data DIR] [--repair] [--json]   verify files, rows and hashes", check},
		{"user", "user add NAME --role webmaster|admin|normal|generic --password-stdin | user list [--json]   accounts", userCmd},
		{"album", `album add "A/B" [--public] [--description TEXT] | album list [--json]   albums`, albumCmd},
		{"group", "group add NAME [--member USER]…   groups of users", groupCmd},
		{"grant", `grant "A/B" (--user NAME | --group NAME) --rights see,download,contribute,edit [--revoke]   rights on an album`, grantCmd},
		{"settings", "settings set KEY VALUE | settings list   the library's settings", settingsCmd},
		{"sample", "sample [--data DIR] [--count N]   generate and import sample photos", sampleCmd},
		{"fields", "fields import [--dry-run] FILE.csv | fields export FILE.csv   the values of the organisation's fields, as a spreadsheet (- for standard input or output)", fieldsCmd},
		{"places", "places [--data DIR]   name the places of items with a GPS position not named yet", placesCmd},
	}
}

// Main runs the command line args (without the program name) and returns
// the process's exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "imagier: unknown command %q\n", args[0])
	usage(env.Stderr)
	return exitFailure
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: imagier COMMAND [FLAGS]")
	for _, c := range commands() {
		fmt.Fprintln(w, "  imagier "+c.usage)
	}
	fmt.Fprintln(w, "Every flag can also be set as IMAGIER_<FLAG> in the environment, e.g. IMAGIER_DATA.")
}

// parse parses a subcommand's flags, allowing them after positional
// arguments too (imagier import dir --album X).
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		// The flag package takes a "--" as the end of the flags, and
		// drops it: what follows is all arguments, even "-word".
		if n := len(args) - len(fs.Args()); n > 0 && args[n-1] == "--" {
			return append(pos, fs.Args()...), nil
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newLogger(env Env) *slog.Logger {
	level := slog.LevelInfo
	if strings.EqualFold(env.Getenv("IMAGIER_LOG"), "debug") {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}

func fail(env Env, err error) int {
	fmt.Fprintln(env.Stderr, "imagier:", err)
	return exitFailure
}

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
