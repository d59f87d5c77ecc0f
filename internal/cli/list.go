package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"imagier/internal/gallery"
	"imagier/internal/web"
)

// listed is one line of imagier list --json.
type listed struct {
	gallery.Media
	// State is "published", "pending" (waiting for review) or "trashed".
	State string            `json:"state"`
	URLs  map[string]string `json:"urls"`
}

// state is where an item stands: in the trash, waiting for review, or
// published.
func state(m gallery.Media) string {
	switch {
	case m.DeletedAt != nil:
		return "trashed"
	case m.Pending:
		return "pending"
	}
	return "published"
}

func list(ctx context.Context, env Env, args []string) int {
	fs, cfg := libraryFlags("list", env)
	asJSON := fs.Bool("json", false, "one JSON object per item and line")
	if _, err := parse(fs, args, env.Stderr); err != nil {
		return exitFailure
	}
	a, err := open(ctx, *cfg, newLogger(env), false)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	if !*asJSON {
		fmt.Fprintln(tw, "KEY\tSTATE\tKIND\tSIZE\tTAKEN\tALBUMS\tFILE")
	}
	err = a.store.EachMedia(ctx, func(m gallery.Media) error {
		if *asJSON {
			return enc.Encode(listed{Media: m, State: state(m), URLs: web.MediaURLs(m)})
		}
		taken := ""
		if m.Meta.Taken != nil {
			taken = m.Meta.Taken.Local.Format("2006-01-02 15:04")
		}
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%dx%d\t%s\t%d\t%s\n", m.Key, state(m), m.Meta.Kind, m.Meta.Width, m.Meta.Height, taken, len(m.Albums), m.Filename)
		return err
	})
	tw.Flush()
	if err != nil {
		return fail(env, err)
	}
	return exitOK
}
