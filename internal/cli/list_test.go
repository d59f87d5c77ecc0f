package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"imagier/internal/cli"
	"imagier/internal/testmedia"
)

// serveLibrary runs imagier serve on env's library until the test ends,
// and returns its address.
func serveLibrary(t *testing.T, env map[string]string) string {
	t.Helper()
	env["IMAGIER_LISTEN"] = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	exited := make(chan int)
	go func() {
		exited <- cli.Main(ctx, []string{"serve"}, cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
			Getenv: func(k string) string { return env[k] }})
	}()
	t.Cleanup(func() { cancel(); <-exited })
	addr := regexp.MustCompile(`http://[0-9.:]+/`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if base := addr.FindString(stdout.String()); base != "" {
			return base
		}
	}
	t.Fatalf("server did not say where it listens: %q %q", stdout.String(), stderr.String())
	return ""
}

// webUser is a signed-in browser of the served library.
type webUser struct {
	t      *testing.T
	base   string
	client *http.Client
	csrf   string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func signIn(t *testing.T, base, name string) *webUser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u := &webUser{t: t, base: base, client: &http.Client{Jar: jar}}
	resp, err := u.client.PostForm(base+"login", url.Values{"name": {name}, "password": {"correct horse"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("sign in as %s: %v %v", name, resp, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(b)
	if m == nil {
		t.Fatalf("no CSRF token on the page after signing in as %s", name)
	}
	u.csrf = string(m[1])
	return u
}

// send makes a request with the session's CSRF header and decodes a JSON
// answer into out (when not nil).
func (u *webUser) send(method, path, ctype string, body []byte, header map[string]string, out any) int {
	u.t.Helper()
	req, _ := http.NewRequest(method, u.base+strings.TrimPrefix(path, "/"), bytes.NewReader(body))
	req.Header.Set("X-CSRF-Token", u.csrf)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			u.t.Fatalf("%s %s answered %d %q", method, path, resp.StatusCode, b)
		}
	}
	return resp.StatusCode
}

// upload sends a file through the browser's upload API and returns the
// outcome the server answered.
func (u *webUser) upload(file, name string, album int64) string {
	u.t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		u.t.Fatal(err)
	}
	js, _ := json.Marshal(map[string]any{"name": name, "size": len(data), "album": album})
	var start struct{ ID, Error string }
	if st := u.send("POST", "/api/uploads", "application/json", js, nil, &start); st != http.StatusCreated {
		u.t.Fatalf("start upload of %s: %d %s", name, st, start.Error)
	}
	if st := u.send("PATCH", "/api/uploads/"+start.ID, "application/offset+octet-stream", data, map[string]string{"Upload-Offset": "0"}, nil); st != http.StatusOK {
		u.t.Fatalf("send %s: %d", name, st)
	}
	var fin struct{ Outcome, Reason string }
	if st := u.send("POST", "/api/uploads/"+start.ID+"/finish", "", nil, nil, &fin); st != http.StatusOK {
		u.t.Fatalf("finish %s: %d %s", name, st, fin.Reason)
	}
	return fin.Outcome
}

type stateItem struct {
	Key, Filename, State string
	Pending              bool
	DeletedAt            *time.Time `json:"deleted_at"`
	Albums               []string
}

func listStates(t *testing.T, env map[string]string) map[string]stateItem {
	t.Helper()
	code, out, stderr := run(t, env, "", "list", "--json")
	if code != 0 {
		t.Fatalf("list --json: exit %d: %s", code, stderr)
	}
	items := map[string]stateItem{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var it stateItem
		if err := json.Unmarshal([]byte(l), &it); err != nil {
			t.Fatalf("list --json printed %q: %v", l, err)
		}
		items[it.Filename] = it
	}
	return items
}

// TestListStates lists every item of a library — published, waiting for
// review, in the trash — each with its state, the contributions made the
// way they are made: uploaded by a contributor through the web, refused by
// an administrator.
func TestListStates(t *testing.T) {
	for name, env := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if code, _, stderr := run(t, env, "", "import", "--album", "Dépôt", testmedia.Path(t, "cameras/jolla.jpg")); code != 0 {
				t.Fatalf("import: %s", stderr)
			}
			for _, args := range [][]string{
				{"user", "add", "marie", "--role", "admin", "--password-stdin"},
				{"user", "add", "paul", "--role", "normal", "--password-stdin"},
				{"grant", "Dépôt", "--user", "paul", "--rights", "see,contribute"},
			} {
				if code, out, stderr := run(t, env, "correct horse\n", args...); code != 0 {
					t.Fatalf("%v: exit %d: %s %s", args, code, out, stderr)
				}
			}
			_, out, _ := run(t, env, "", "album", "list", "--json")
			var album struct {
				ID   int64
				Path string
			}
			json.Unmarshal([]byte(strings.Split(strings.TrimSpace(out), "\n")[0]), &album)
			if album.Path != "Dépôt" || album.ID == 0 {
				t.Fatalf("album list: %q", out)
			}

			base := serveLibrary(t, env)
			paul := signIn(t, base, "paul")
			for _, f := range []string{"cameras/Canon_40D.jpg", "cameras/Nikon.jpg"} {
				if got := paul.upload(testmedia.Path(t, f), f[len("cameras/"):], album.ID); got != "pending" {
					t.Fatalf("contribution of %s: outcome %q, want pending", f, got)
				}
			}
			items := listStates(t, env)
			marie := signIn(t, base, "marie")
			form := url.Values{"csrf": {marie.csrf}, "ids": {items["Nikon.jpg"].Key}}
			if st := marie.send("POST", "/admin/review/reject", "application/x-www-form-urlencoded", []byte(form.Encode()), nil, nil); st != http.StatusOK {
				t.Fatalf("reject: got %d", st)
			}

			items = listStates(t, env)
			want := map[string]string{"jolla.jpg": "published", "Canon_40D.jpg": "pending", "Nikon.jpg": "trashed"}
			if len(items) != len(want) {
				t.Fatalf("list --json: %d items, want %d: %v", len(items), len(want), items)
			}
			for file, state := range want {
				it := items[file]
				if it.State != state || it.Key == "" || len(it.Albums) != 1 || it.Albums[0] != "Dépôt" {
					t.Errorf("%s: got %+v, want state %s in Dépôt", file, it, state)
				}
				// The state agrees with the item's own fields.
				if (it.DeletedAt != nil) != (state == "trashed") || it.Pending != (state != "published") {
					t.Errorf("%s: state %s but pending %v, deleted at %v", file, it.State, it.Pending, it.DeletedAt)
				}
			}

			code, out, _ := run(t, env, "", "list")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 0 || len(lines) != 4 || strings.Fields(lines[0])[1] != "STATE" {
				t.Fatalf("list: exit %d, %q", code, out)
			}
			for _, l := range lines[1:] {
				f := strings.Fields(l)
				if file := f[len(f)-1]; want[file] != f[1] {
					t.Errorf("list: %s has state %q, want %q", file, f[1], want[file])
				}
			}
		})
	}
}

// TestListQuery: imagier list runs a query as an administrator, given as
// one argument or as several words joined with spaces; a mistake in it is
// said with its column and exits 2; without one, every item is listed.
func TestListQuery(t *testing.T) {
	for name, env := range databases(t) {
		t.Run(name, func(t *testing.T) {
			for album, files := range map[string][]string{"Fête": {"cameras/Canon_40D.jpg", "cameras/Nikon_D70.jpg"}, "Mairie": {"cameras/jolla.jpg"}} {
				args := []string{"import", "--album", album}
				for _, f := range files {
					args = append(args, testmedia.Path(t, f))
				}
				if code, _, stderr := run(t, env, "", args...); code != 0 {
					t.Fatalf("import: %s", stderr)
				}
			}
			files := func(out string) []string {
				var got []string
				for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
					var it stateItem
					if err := json.Unmarshal([]byte(l), &it); err != nil {
						t.Fatalf("list --json printed %q: %v", l, err)
					}
					got = append(got, it.Filename)
				}
				slices.Sort(got)
				return got
			}
			for _, c := range []struct {
				name string
				args []string
				want []string
			}{
				{"one argument", []string{"list", "--json", `album:"Fête"`}, []string{"Canon_40D.jpg", "Nikon_D70.jpg"}},
				{"several words", []string{"list", "album:Fête", "OR", "album:Mairie", "--json"}, []string{"Canon_40D.jpg", "Nikon_D70.jpg", "jolla.jpg"}},
				// A word that starts with - is a flag, unless after --.
				{"words and a negation", []string{"list", "--json", "--", "type:photo", "-album:Fête"}, []string{"jolla.jpg"}},
				{"no query", []string{"list", "--json"}, []string{"Canon_40D.jpg", "Nikon_D70.jpg", "jolla.jpg"}},
			} {
				code, out, stderr := run(t, env, "", c.args...)
				if code != 0 {
					t.Errorf("%s: exit %d: %s", c.name, code, stderr)
					continue
				}
				if got := files(out); !slices.Equal(got, c.want) {
					t.Errorf("%s: got %q, want %q", c.name, got, c.want)
				}
			}
			// The table, for people.
			code, out, _ := run(t, env, "", "list", "album:Mairie")
			if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 || !strings.Contains(lines[1], "jolla.jpg") {
				t.Errorf("list album:Mairie: exit %d, %q", code, out)
			}
			for _, bad := range [][]string{{"list", `album:"Fête`}, {"list", "--json", "tag:"}, {"list", "--nonsense"}, {"list", "type:photo", "-album:Fête"}} {
				code, out, stderr := run(t, env, "", bad...)
				if code != 2 || out != "" || stderr == "" {
					t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and a message", bad, code, out, stderr)
				}
				if !strings.HasPrefix(bad[len(bad)-1], "-") && !strings.Contains(stderr, "column") {
					t.Errorf("%q: the message does not say where: %q", bad, stderr)
				}
			}
		})
	}
}
