package cli_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"imagier/internal/sample"
	"imagier/internal/testmedia"
)

// buildImagier builds the real binary once per test run.
func buildImagier(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "imagier")
	out, err := exec.Command("go", "build", "-o", bin, "imagier/cmd/imagier").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashSources lays out a few hundred files: generated camera JPEGs and
// links to real test files.
func crashSources(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	for i := range 200 {
		p := sample.Photo{Width: 1200, Height: 800, Seed: uint64(i + 1), Camera: sample.Camera{
			Make: "Imagier", Model: "Crash Cam", Taken: "2024:05:06 07:08:09", Orientation: 1,
			ExposureTime: [2]uint32{1, 100}, FNumber: [2]uint32{4, 1}, ISO: 100, FocalLength: [2]uint32{35, 1},
		}}
		if err := sample.Write(filepath.Join(src, fmt.Sprintf("gen/%02d/%03d.jpg", i/50, i)), p, 85); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"cameras", "orientation", "gps"} {
		ents, err := os.ReadDir(testmedia.Path(t, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			b, err := os.ReadFile(testmedia.Path(t, dir+"/"+e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(src, dir), 0o750)
			if err := os.WriteFile(filepath.Join(src, dir, e.Name()), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return src
}

type listedItem struct {
	SHA256    string         `json:"sha256"`
	DerivedAt *time.Time     `json:"derived_at"`
	Meta      map[string]any `json:"meta"`
	Filename  string         `json:"filename"`
}

func listItems(t *testing.T, bin, data string) map[string]listedItem {
	t.Helper()
	out, err := exec.Command(bin, "list", "--json", "--data", data).Output()
	if err != nil {
		t.Fatalf("imagier list: %v", err)
	}
	items := map[string]listedItem{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var it listedItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("list line %q: %v", sc.Text(), err)
		}
		if _, dup := items[it.SHA256]; dup {
			t.Fatalf("%s listed twice", it.SHA256)
		}
		items[it.SHA256] = it
	}
	return items
}

// TestCrashRecovery kills the real importer with SIGKILL at random points,
// restarts it, and checks that every acknowledged file is there exactly
// once with its metadata, that derivatives and the stores are complete, and
// that check finds nothing wrong.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	bin := buildImagier(t)
	src := crashSources(t)
	data := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	acked := map[string]bool{}
	for round := range 6 {
		cmd := exec.Command(bin, "import", "--data", data, "--folders-as-albums", src)
		cmd.Env = append(os.Environ(), "IMAGIER_LOG=debug", "IMAGIER_WORKERS=2")
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if f := strings.Fields(sc.Text()); len(f) > 3 && f[2] == "msg=imported" {
					for _, kv := range f {
						if sha, ok := strings.CutPrefix(kv, "sha256="); ok {
							mu.Lock()
							acked[sha] = true
							mu.Unlock()
						}
					}
				}
			}
		}()
		killAfter := time.Duration(300+rng.IntN(2500)) * time.Millisecond
		exited := make(chan error, 1)
		go func() { <-done; exited <- cmd.Wait() }()
		select {
		case <-time.After(killAfter):
			children := childPIDs(cmd.Process.Pid)
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			t.Logf("round %d: killed after %s, %d acknowledged so far", round, killAfter, len(acked))
			// The exiftool readers must not outlive the importer.
			for _, pid := range children {
				if !gone(pid, 5*time.Second) {
					t.Errorf("round %d: child %d survived the importer", round, pid)
				}
			}
		case err := <-exited:
			t.Logf("round %d: finished before the kill (%v)", round, err)
		}
		// Before any recovery runs: every acknowledged file is listed.
		items := listItems(t, bin, data)
		mu.Lock()
		for sha := range acked {
			if _, ok := items[sha]; !ok {
				t.Fatalf("round %d: acknowledged %s is missing", round, sha)
			}
		}
		mu.Unlock()
	}
	// The restart: a complete run, which recovers first.
	out, err := exec.Command(bin, "import", "--json", "--data", data, "--folders-as-albums", src).Output()
	if err != nil {
		t.Fatalf("final import: %v", err)
	}
	var rep struct{ Imported, Duplicates, Rejected int }
	json.Unmarshal(out, &rep)
	items := listItems(t, bin, data)
	for sha := range acked {
		it, ok := items[sha]
		if !ok {
			t.Fatalf("acknowledged %s is missing after restart", sha)
		}
		if it.Meta["kind"] == nil || it.DerivedAt == nil {
			t.Errorf("%s: kind %v, derived %v; want metadata and derivatives", it.Filename, it.Meta["kind"], it.DerivedAt)
		}
	}
	if got, want := len(items), rep.Imported+rep.Duplicates; got != want {
		t.Errorf("got %d items, want %d (every accepted file once)", got, want)
	}
	if len(items) < 250 {
		t.Errorf("got %d items, want at least 250", len(items))
	}
	chk := exec.Command(bin, "check", "--json", "--data", data)
	out, err = chk.Output()
	if err != nil {
		t.Fatalf("check after restart: %v\n%s", err, out)
	}
	ents, _ := os.ReadDir(filepath.Join(data, "files", ".tmp"))
	if len(ents) != 0 {
		t.Errorf("%d temporary files left", len(ents))
	}
}

// childPIDs lists the processes that pid's threads started.
func childPIDs(pid int) []int {
	var out []int
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, task := range tasks {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, task.Name()))
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// gone waits up to d for process pid to end (zombies count as ended).
func gone(pid int, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return true
		}
		if s := string(b); strings.Contains(s[strings.LastIndexByte(s, ')')+1:], " Z ") {
			return true
		}
	}
	return false
}
