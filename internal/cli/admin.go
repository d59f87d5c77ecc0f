package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/service"
)

// Scripted administration: each command opens the library, calls one
// method of the service as the command line's actor (audited under the
// command line that ran), and prints the outcome.

// optional is a flag that tells whether it was given at all: an album
// already there changes only in what the command line says.
type optional[T any] struct {
	v     T
	set   bool
	parse func(string) (T, error)
}

func (o *optional[T]) String() string { return fmt.Sprint(o.v) }
func (o *optional[T]) Set(s string) (err error) {
	o.v, err = o.parse(s)
	o.set = err == nil
	return err
}

// ptr is the flag's value, nil when it was not given.
func (o *optional[T]) ptr() *T {
	if !o.set {
		return nil
	}
	return &o.v
}

// optionalBool is a boolean flag (--public, or --public=false).
type optionalBool struct{ optional[bool] }

func (*optionalBool) IsBoolFlag() bool { return true }

// strs is a flag that may be repeated.
type strs []string

func (s *strs) String() string     { return strings.Join(*s, ",") }
func (s *strs) Set(v string) error { *s = append(*s, v); return nil }

// adminCommand parses a subcommand's flags, opens the library with its
// service, and runs fn with the command line's actor.
func adminCommand(ctx context.Context, env Env, name string, args []string, flags func(*flag.FlagSet), want int,
	fn func(ctx context.Context, a *app, actor service.Actor, pos []string) error) int {
	fs, cfg := libraryFlags(name, env)
	if flags != nil {
		flags(fs)
	}
	pos, err := parse(fs, args, env.Stderr)
	if err != nil {
		return exitFailure
	}
	if want >= 0 && len(pos) != want {
		fmt.Fprintf(env.Stderr, "imagier %s: want %d argument(s), got %d\n", name, want, len(pos))
		return exitFailure
	}
	a, err := open(ctx, *cfg, newLogger(env), false)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	if _, err := a.service(service.Options{}); err != nil {
		return fail(env, err)
	}
	actor := service.CommandLine(append(strings.Fields(name), args...))
	if err := fn(ctx, a, actor, pos); err != nil {
		return fail(env, explain(err))
	}
	return exitOK
}

// explain words a refusal for the person at the terminal.
func explain(err error) error {
	switch {
	case errors.Is(err, gallery.ErrNotFound):
		return fmt.Errorf("%w (no such name)", err)
	case errors.Is(err, gallery.ErrConflict):
		return fmt.Errorf("%w (that name is already taken)", err)
	}
	return err
}

func userCmd(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return userAdd(ctx, env, args[1:])
		case "list":
			return userList(ctx, env, args[1:])
		}
	}
	fmt.Fprintln(env.Stderr, "usage: imagier user add NAME --role webmaster|admin|normal|generic --password-stdin | imagier user list [--json]")
	return exitFailure
}

func userAdd(ctx context.Context, env Env, args []string) int {
	var role, email string
	var level int
	var fromStdin bool
	return adminCommand(ctx, env, "user add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "normal", "webmaster, admin, normal or generic (a shared account)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
		fs.IntVar(&level, "level", 0, "privacy level seen up to: 0, 1 (contacts), 2 (friends), 4 (family), 8 (administrators)")
		fs.StringVar(&email, "email", "", "e-mail address, for password resets")
	}, 1, func(ctx context.Context, a *app, actor service.Actor, pos []string) error {
		if !fromStdin {
			return errors.New("give the password on standard input with --password-stdin (never on the command line, where others can read it)")
		}
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("reading the password: %w", err)
		}
		u, err := a.svc.AddUser(ctx, actor, service.UserForm{Name: pos[0], Password: strings.TrimRight(line, "\r\n"), Role: gallery.Role(role), Level: level, Email: email})
		if errors.Is(err, service.ErrWeakPassword) {
			// The web forms' rule, in the same words.
			return fmt.Errorf("this password cannot be used: at least %d characters (and at most %d bytes)", auth.MinPasswordLen, auth.MaxPasswordLen)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "user %s created (%s)\n", u.Name, u.Role)
		return nil
	})
}

// userRow is a user as `imagier user list --json` prints it: never the
// password hash.
type userRow struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	Level    int      `json:"level"`
	Email    string   `json:"email,omitempty"`
	Disabled bool     `json:"disabled"`
	Groups   []string `json:"groups"`
	Quota    *int64   `json:"quota,omitempty"`
}

func userList(ctx context.Context, env Env, args []string) int {
	var asJSON bool
	return adminCommand(ctx, env, "user list", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "one JSON object per line")
	}, 0, func(ctx context.Context, a *app, actor service.Actor, _ []string) error {
		users, err := a.svc.Users(ctx, actor)
		if err != nil {
			return err
		}
		groups, err := a.svc.Groups(ctx, actor)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, g := range groups {
			names[g.ID] = g.Name
		}
		enc := json.NewEncoder(env.Stdout)
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		if !asJSON {
			fmt.Fprintln(tw, "NAME\tROLE\tLEVEL\tGROUPS\tSTATE")
		}
		for _, u := range users {
			row := userRow{ID: u.ID, Name: u.Name, Role: string(u.Role), Level: u.Level, Email: u.Email, Disabled: u.Disabled, Groups: []string{}, Quota: u.Quota}
			for _, g := range u.Groups {
				row.Groups = append(row.Groups, names[g])
			}
			if asJSON {
				if err := enc.Encode(row); err != nil {
					return err
				}
				continue
			}
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", u.Name, u.Role, u.Level, strings.Join(row.Groups, ","), state)
		}
		return tw.Flush()
	})
}

func albumCmd(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			public := &optionalBool{optional[bool]{parse: strconv.ParseBool}}
			description := &optional[string]{parse: func(s string) (string, error) { return s, nil }}
			return adminCommand(ctx, env, "album add", args[1:], func(fs *flag.FlagSet) {
				fs.Var(public, "public", "seen by whoever sees the album above it (a new album is private otherwise)")
				fs.Var(description, "description", "the album's description")
			}, 1, func(ctx context.Context, a *app, actor service.Actor, pos []string) error {
				path := strings.Split(strings.Trim(pos[0], "/"), "/")
				id, err := a.svc.AddAlbumPath(ctx, actor, service.AlbumSpec{Path: path, Public: public.ptr(), Description: description.ptr()})
				if err != nil {
					return err
				}
				_, rule, err := a.svc.AlbumRule(ctx, actor, id)
				if err != nil {
					return err
				}
				state := "private"
				if rule {
					state = "public"
				}
				fmt.Fprintf(env.Stdout, "album %s (%d), %s\n", strings.Join(path, "/"), id, state)
				return nil
			})
		case "list":
			var asJSON bool
			return adminCommand(ctx, env, "album list", args[1:], func(fs *flag.FlagSet) {
				fs.BoolVar(&asJSON, "json", false, "one JSON object per line")
			}, 0, func(ctx context.Context, a *app, actor service.Actor, _ []string) error {
				roots, _, err := a.svc.Albums(ctx, actor)
				if err != nil {
					return err
				}
				return listAlbums(env, roots, asJSON)
			})
		}
	}
	fmt.Fprintln(env.Stderr, `usage: imagier album add "A/B" [--public] [--description TEXT] | imagier album list [--json]`)
	return exitFailure
}

// albumRow is an album as `imagier album list --json` prints it.
type albumRow struct {
	ID          int64  `json:"id"`
	Path        string `json:"path"`
	ParentID    int64  `json:"parent_id,omitempty"`
	Description string `json:"description,omitempty"`
	Count       int    `json:"count"`
	Total       int    `json:"total"`
}

func listAlbums(env Env, list []*gallery.Album, asJSON bool) error {
	enc := json.NewEncoder(env.Stdout)
	var walk func([]*gallery.Album) error
	walk = func(list []*gallery.Album) error {
		for _, al := range list {
			if asJSON {
				if err := enc.Encode(albumRow{ID: al.ID, Path: al.Path, ParentID: al.ParentID, Description: al.Description, Count: al.Count, Total: al.Total}); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(env.Stdout, "%s\t%d items\n", al.Path, al.Total)
			}
			if err := walk(al.Children); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(list)
}

func groupCmd(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 && args[0] == "add" {
		var members strs
		return adminCommand(ctx, env, "group add", args[1:], func(fs *flag.FlagSet) {
			fs.Var(&members, "member", "a user to put in the group (repeat for more)")
		}, 1, func(ctx context.Context, a *app, actor service.Actor, pos []string) error {
			if _, err := a.svc.AddGroup(ctx, actor, pos[0], members...); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "group %s created with %d member(s)\n", pos[0], len(members))
			return nil
		})
	}
	fmt.Fprintln(env.Stderr, "usage: imagier group add NAME [--member USER]…")
	return exitFailure
}

func grantCmd(ctx context.Context, env Env, args []string) int {
	var user, group, rights string
	var revoke bool
	return adminCommand(ctx, env, "grant", args, func(fs *flag.FlagSet) {
		fs.StringVar(&user, "user", "", "the user to grant to")
		fs.StringVar(&group, "group", "", "the group to grant to")
		fs.StringVar(&rights, "rights", "see", "comma-separated: see, download, contribute, edit")
		fs.BoolVar(&revoke, "revoke", false, "take every right back instead")
	}, 1, func(ctx context.Context, a *app, actor service.Actor, pos []string) error {
		var perms gallery.Perm
		if !revoke {
			var err error
			if perms, err = service.ParsePerms(rights); err != nil {
				return err
			}
		}
		if err := a.svc.GrantByName(ctx, actor, pos[0], user, group, perms); err != nil {
			return err
		}
		if revoke {
			fmt.Fprintf(env.Stdout, "grant on %s revoked\n", pos[0])
		} else {
			fmt.Fprintf(env.Stdout, "granted %s on %s\n", rights, pos[0])
		}
		return nil
	})
}

func settingsCmd(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "set":
			return adminCommand(ctx, env, "settings set", args[1:], nil, 2, func(ctx context.Context, a *app, actor service.Actor, pos []string) error {
				if err := a.svc.SetSetting(ctx, actor, pos[0], pos[1]); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%s set to %s\n", pos[0], pos[1])
				return nil
			})
		case "list":
			return adminCommand(ctx, env, "settings list", args[1:], nil, 0, func(ctx context.Context, a *app, actor service.Actor, _ []string) error {
				st, err := a.svc.Settings(ctx)
				if err != nil {
					return err
				}
				for _, name := range gallery.SettingNames() {
					v, _ := st.Value(name)
					fmt.Fprintf(env.Stdout, "%s\t%s\n", name, v)
				}
				return nil
			})
		}
	}
	fmt.Fprintf(env.Stderr, "usage: imagier settings set KEY VALUE | imagier settings list (keys: %s)\n", strings.Join(gallery.SettingNames(), ", "))
	return exitFailure
}
