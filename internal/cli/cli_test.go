package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"imagier/internal/cli"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"
)

// syncBuffer is a bytes.Buffer safe to write from the server goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// run runs imagier in-process with the given environment variables.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr syncBuffer
	code := cli.Main(context.Background(), args, cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
	})
	return code, stdout.String(), stderr.String()
}

// databases returns the settings for each reachable database.
func databases(t *testing.T) map[string]map[string]string {
	out := map[string]map[string]string{"sqlite": {"IMAGIER_DATA": t.TempDir()}}
	if u, ok := sqlstore.TestPostgresURL(t); ok {
		dsn, drop := sqlstore.TestSchema(t, u)
		t.Cleanup(drop)
		out["postgres"] = map[string]string{"IMAGIER_DATA": t.TempDir(), "IMAGIER_DATABASE": dsn}
	}
	return out
}

func TestImportListCheck(t *testing.T) {
	for name, env := range databases(t) {
		t.Run(name, func(t *testing.T) {
			code, out, stderr := run(t, env, "", "import", "--json", "--album", "Tests/Caméras",
				testmedia.Path(t, "cameras"), testmedia.Path(t, "broken/no-frames.gif"))
			if code != 0 {
				t.Fatalf("import exit %d: %s", code, stderr)
			}
			var rep struct {
				Imported, Duplicates, Rejected int
				Rejections                     []struct{ File, Reason string }
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("import --json printed %q: %v", out, err)
			}
			if rep.Imported != 54 || rep.Rejected != 1 || !strings.HasSuffix(rep.Rejections[0].File, "no-frames.gif") {
				t.Fatalf("got %+v, want 54 imported and no-frames.gif rejected", rep)
			}

			code, out, _ = run(t, env, "", "list", "--json")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 0 || len(lines) != 54 {
				t.Fatalf("list: exit %d, %d lines; want 0 and 54", code, len(lines))
			}
			var item struct {
				Key    string
				Albums []string
				Meta   struct{ Make, Model string }
				URLs   map[string]string
			}
			found := false
			for _, l := range lines {
				json.Unmarshal([]byte(l), &item)
				if item.Meta.Model == "Canon EOS 40D" {
					found = true
					break
				}
			}
			if !found || item.Albums[0] != "Tests/Caméras" || item.URLs["medium"] != "/i/"+item.Key+"/medium.jpg" {
				t.Fatalf("Canon 40D item: got %+v", item)
			}
			if code, out, _ := run(t, env, "", "check"); code != 0 || !strings.Contains(out, "all clean") {
				t.Fatalf("check: exit %d, %q", code, out)
			}
		})
	}
}

func TestUserAdd(t *testing.T) {
	env := map[string]string{"IMAGIER_DATA": t.TempDir()}
	tests := []struct {
		args  []string
		stdin string
		code  int
		out   string
	}{
		{[]string{"user", "add", "marie", "--role", "admin", "--password-stdin"}, "correct horse\n", 0, "user marie created (admin)"},
		{[]string{"user", "add", "marie", "--role", "admin", "--password-stdin"}, "correct horse\n", 2, "exists"},
		{[]string{"user", "add", "paul", "--role", "king", "--password-stdin"}, "correct horse\n", 2, "role"},
		{[]string{"user", "add", "paul", "--role", "normal", "--password-stdin"}, "short\n", 2, "at least"},
		{[]string{"user", "add", "paul", "--role", "normal"}, "", 2, "--password-stdin"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, env, tt.stdin, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.out) {
			t.Errorf("%v: got exit %d, %q; want %d and %q", tt.args, code, out+errOut, tt.code, tt.out)
		}
	}
}

func TestServe(t *testing.T) {
	env := map[string]string{"IMAGIER_DATA": t.TempDir(), "IMAGIER_LISTEN": "127.0.0.1:0"}
	if code, _, stderr := run(t, env, "", "import", testmedia.Path(t, "cameras/jolla.jpg"), testmedia.Path(t, "malicious")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	_, out, _ := run(t, env, "", "list", "--json")
	keys := map[string]string{} // filename → key
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var it struct{ Key, Filename string }
		json.Unmarshal([]byte(l), &it)
		keys[it.Filename] = it.Key
	}

	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	exited := make(chan int)
	go func() {
		exited <- cli.Main(ctx, []string{"serve"}, cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
			Getenv: func(k string) string { return env[k] }})
	}()
	addr := regexp.MustCompile(`http://[0-9.:]+/`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		base = addr.FindString(stdout.String())
	}
	if base == "" {
		t.Fatalf("server did not say where it listens: %q %q", stdout.String(), stderr.String())
	}
	// Files are for signed-in callers only.
	if resp, err := http.Get(base + "i/" + keys["jolla.jpg"] + "/square.jpg"); err != nil || resp.StatusCode != 404 {
		t.Fatalf("thumbnail without a session: got %v, %v; want 404", resp.StatusCode, err)
	}
	if code, _, stderr := run(t, env, "correct horse\n", "user", "add", "marie", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(base+"login", url.Values{"name": {"marie"}, "password": {"correct horse"}})
	if err != nil || resp.StatusCode != 200 || resp.Request.URL.Path != "/" {
		t.Fatalf("sign in: got %v, %v", resp, err)
	}
	resp.Body.Close()
	get := func(path string) (*http.Response, []byte) {
		resp, err := client.Get(base + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	jolla := keys["jolla.jpg"]
	tests := []struct {
		path, ctype string
		status      int
	}{
		{"/healthz", "application/json", 200},
		{"/i/" + jolla + "/square.jpg", "image/jpeg", 200},
		{"/i/" + jolla + "/xxlarge.jpg", "image/jpeg", 200},
		{"/i/" + jolla + "/original", "image/jpeg", 200},
		{"/i/" + jolla + "/huge.jpg", "", 404},
		{"/i/" + jolla + "/medium.png", "", 404},
		{"/i/AAAA/medium.jpg", "", 404},
		{"/i/" + strings.Repeat("a", 500) + "/medium.jpg", "", 404},
	}
	for _, tt := range tests {
		resp, body := get(tt.path)
		if resp.StatusCode != tt.status || (tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype) {
			t.Errorf("GET %s: got %d %s, want %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.ctype)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff header", tt.path)
		}
		if tt.status == 200 && len(body) == 0 {
			t.Errorf("GET %s: empty body", tt.path)
		}
	}
	// An import while the server runs is served at once.
	if code, out, stderr := run(t, env, "", "import", "--json", testmedia.Path(t, "cameras/Canon_40D.jpg")); code != 0 || !strings.Contains(out, `"imported":1`) {
		t.Fatalf("import beside the server: exit %d, %s %s", code, out, stderr)
	}
	_, out, _ = run(t, env, "", "list", "--json")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var it struct{ Key, Filename string }
		json.Unmarshal([]byte(l), &it)
		if it.Filename == "Canon_40D.jpg" {
			if resp, _ := get("/i/" + it.Key + "/thumb.jpg"); resp.StatusCode != 200 {
				t.Errorf("thumb of a file imported beside the server: got %d, want 200", resp.StatusCode)
			}
		}
	}
	// Uploaded SVG is never served as something a browser would run.
	for name, key := range keys {
		if !strings.HasSuffix(name, ".svg") {
			continue
		}
		resp, body := get("/i/" + key + "/original")
		if ct := resp.Header.Get("Content-Type"); ct != "application/octet-stream" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: served as %s, %s; want an attachment", name, ct, resp.Header.Get("Content-Disposition"))
		}
		if len(body) == 0 {
			t.Errorf("%s: empty body", name)
		}
	}
	cancel()
	select {
	case code := <-exited:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
