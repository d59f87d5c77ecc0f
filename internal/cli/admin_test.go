package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"
)

// openStore opens the database a command ran on, to check what it left.
func openStore(t *testing.T, env map[string]string) *sqlstore.Store {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), env["IMAGIER_DATABASE"], env["IMAGIER_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestAdminCommands administers a library from the command line, through
// the same service as the web pages: each change is audited under the
// command line that made it, and bad names or rights are refused plainly.
func TestAdminCommands(t *testing.T) {
	for name, env := range databases(t) {
		t.Run(name, func(t *testing.T) {
			steps := []struct {
				args  []string
				stdin string
				code  int
				out   string
			}{
				{[]string{"user", "add", "marie", "--role", "admin", "--password-stdin"}, "correct horse\n", 0, "user marie created (admin)"},
				{[]string{"user", "add", "paul", "--role", "normal", "--password-stdin", "--level", "4", "--email", "paul@example.org"}, "correct horse\n", 0, "created"},
				{[]string{"album", "add", "Fêtes/2019/Musique", "--public", "--description", "Fête de la musique"}, "", 0, "Fêtes/2019/Musique"},
				{[]string{"album", "add", "Archives"}, "", 0, "private"},
				// Again, without flags: the album keeps what it has.
				{[]string{"album", "add", "Fêtes/2019/Musique"}, "", 0, "public"},
				{[]string{"album", "add", "/"}, "", 2, "invalid"},
				{[]string{"group", "add", "Communication", "--member", "paul", "--member", "marie"}, "", 0, "2 member(s)"},
				{[]string{"group", "add", "Communication"}, "", 2, "taken"},
				{[]string{"group", "add", "Ghosts", "--member", "nobody"}, "", 2, "nobody"},
				{[]string{"grant", "Archives", "--group", "Communication", "--rights", "see,download,edit"}, "", 0, "granted"},
				{[]string{"grant", "Archives", "--user", "paul", "--rights", "see,fly"}, "", 2, "fly"},
				{[]string{"grant", "Nowhere", "--user", "paul", "--rights", "see"}, "", 2, "Nowhere"},
				{[]string{"grant", "Archives", "--user", "paul", "--group", "Communication"}, "", 2, "one user or one group"},
				{[]string{"grant", "Archives", "--user", "ghost", "--rights", "see"}, "", 2, "ghost"},
				{[]string{"grant", "Archives", "--user", "paul", "--rights", "contribute"}, "", 0, "granted"},
				{[]string{"grant", "Archives", "--user", "paul", "--revoke"}, "", 0, "revoked"},
				{[]string{"settings", "set", "registration", "approval"}, "", 0, "set"},
				{[]string{"settings", "set", "registration", "sometimes"}, "", 2, "off, approval or open"},
				{[]string{"settings", "set", "guest_access", "false"}, "", 0, "set"},
				{[]string{"settings", "set", "rights_version", "1"}, "", 2, "no setting"},
			}
			for _, s := range steps {
				code, out, errOut := run(t, env, s.stdin, s.args...)
				if code != s.code || !strings.Contains(out+errOut, s.out) {
					t.Errorf("%v: got exit %d, %q; want %d and %q", s.args, code, out+errOut, s.code, s.out)
				}
			}

			code, out, errOut := run(t, env, "", "album", "list", "--json")
			if code != 0 {
				t.Fatalf("album list: %s", errOut)
			}
			paths := map[string]bool{}
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				var a struct {
					Path        string
					Description string
				}
				if err := json.Unmarshal([]byte(l), &a); err != nil {
					t.Fatalf("album list --json printed %q", l)
				}
				paths[a.Path] = true
				if a.Path == "Fêtes/2019/Musique" && a.Description != "Fête de la musique" {
					t.Errorf("description: got %q", a.Description)
				}
			}
			for _, p := range []string{"Fêtes", "Fêtes/2019", "Fêtes/2019/Musique", "Archives"} {
				if !paths[p] {
					t.Errorf("album list lacks %s: %v", p, paths)
				}
			}

			code, out, _ = run(t, env, "", "user", "list", "--json")
			if code != 0 || strings.Contains(out, "argon2") {
				t.Fatalf("user list: exit %d, or a password hash shown: %s", code, out)
			}
			var paul struct {
				Name   string
				Level  int
				Groups []string
			}
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if err := json.Unmarshal([]byte(l), &paul); err != nil {
					t.Fatalf("user list --json printed %q", l)
				}
				if paul.Name == "paul" {
					break
				}
			}
			if paul.Name != "paul" || paul.Level != 4 || len(paul.Groups) != 1 || paul.Groups[0] != "Communication" {
				t.Errorf("user list: paul is %+v", paul)
			}

			st := openStore(t, env)
			ctx := context.Background()
			settings, err := st.Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if settings.Registration != gallery.RegistrationApproval || settings.Guests {
				t.Errorf("settings: %+v", settings)
			}
			rules, grants, err := st.AccessRules(ctx)
			if err != nil {
				t.Fatal(err)
			}
			public := 0
			for _, r := range rules {
				if r.Public {
					public++
				}
			}
			if public != 1 || len(grants) != 1 || grants[0].Name != "Communication" || grants[0].Perms != gallery.PermView|gallery.PermDownload|gallery.PermEdit {
				t.Errorf("rules %+v grants %+v: want one public album and the group's grant", rules, grants)
			}
			entries, err := st.Audit(ctx, gallery.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			actions := map[string]int{}
			for _, e := range entries {
				if !strings.HasPrefix(e.UserName, "command line: imagier ") {
					t.Errorf("audit entry %s by %q, want the command line", e.Action, e.UserName)
				}
				actions[e.Action]++
			}
			want := map[string]int{"user.add": 2, "album.create": 2, "album.update": 1, "group.add": 1, "album.grant": 3, "setting.change": 2}
			for a, n := range want {
				if actions[a] != n {
					t.Errorf("audit: %d %s entries, want %d (all: %v)", actions[a], a, n, actions)
				}
			}
			if !strings.Contains(entries[len(entries)-1].UserName, "user add marie --role admin") {
				t.Errorf("the first entry names %q, not its command line", entries[len(entries)-1].UserName)
			}
		})
	}
}

// TestImportAudited: each file an import adds or files is audited under
// the command line that imported it.
func TestImportAudited(t *testing.T) {
	env := map[string]string{"IMAGIER_DATA": t.TempDir()}
	files := []string{testmedia.Path(t, "cameras/Canon_40D.jpg"), testmedia.Path(t, "cameras/Sony.jpg")}
	if code, _, errOut := run(t, env, "", append([]string{"import", "--album", "A"}, files...)...); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	if code, _, errOut := run(t, env, "", "import", "--album", "B", files[0]); code != 0 {
		t.Fatalf("import again: %s", errOut)
	}
	entries, err := openStore(t, env).Audit(context.Background(), gallery.AuditFilter{Action: "import"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range entries {
		got[e.Action]++
		if !strings.HasPrefix(e.UserName, "command line: imagier import --album") || e.Detail == "" {
			t.Errorf("entry %+v", e)
		}
	}
	if got["import"] != 2 || got["import.existing"] != 1 {
		t.Errorf("audit: %v, want 2 import and 1 import.existing", got)
	}
}

// TestAdminFlags: the administration commands take --data like the
// others, and say plainly what they refuse.
func TestAdminFlags(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{}
	for _, s := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"album", "add", "Mairie", "--data", dir}, 0, "album Mairie"},
		{[]string{"album", "list", "--json", "--data", dir}, 0, `"path":"Mairie"`},
		{[]string{"grant", "Mairie", "--group", "nobody", "--data", dir}, 2, `group "nobody"`},
		{[]string{"settings", "set", "guest_access", "maybe", "--data", dir}, 2, "not true or false"},
		{[]string{"album"}, 2, "usage"},
	} {
		code, out, errOut := run(t, env, "", s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.out) {
			t.Errorf("%v: got exit %d, %q; want %d and %q", s.args, code, out+errOut, s.code, s.out)
		}
	}
}
