package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"imagier/internal/gallery"
	"imagier/internal/service"
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
	words, err := parse(fs, args, env.Stderr)
	if err != nil {
		return exitFailure
	}
	a, err := open(ctx, *cfg, newLogger(env), false)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	// Without a query, every item, whatever its state, straight from the
	// catalogue; with one, what the search finds for an administrator.
	each := a.store.EachMedia
	if len(words) > 0 {
		if each, err = found(ctx, a, strings.Join(words, " "), append([]string{"list"}, args...)); err != nil {
			return fail(env, err)
		}
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	if !*asJSON {
		fmt.Fprintln(tw, "KEY\tSTATE\tKIND\tSIZE\tTAKEN\tALBUMS\tFILE")
	}
	err = each(ctx, func(m gallery.Media) error {
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

// found runs query as the command line (an administrator) and returns a
// walk over the items it finds, in the search's order; a syntax error
// says where the mistake is.
func found(ctx context.Context, a *app, query string, args []string) (func(context.Context, func(gallery.Media) error) error, error) {
	svc, err := a.service(service.Options{})
	if err != nil {
		return nil, err
	}
	ids, err := svc.SearchIDs(ctx, service.CommandLine(args), query)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, fn func(gallery.Media) error) error {
		for _, id := range ids {
			m, err := a.store.MediaByID(ctx, id)
			if err != nil {
				return err
			}
			if err := fn(m); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
