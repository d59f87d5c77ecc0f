package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// floodEnv and relayEnv tell the test binary, started again by
// TestSignInFloodMemory, which part it plays: the relay, or the child
// doing the work of its mode, "baseline" or "flood".
const (
	floodEnv = "IMAGIER_TEST_SIGNIN_FLOOD"
	relayEnv = "IMAGIER_TEST_SIGNIN_RELAY"
)

// TestSignInFloodMemory sends 120 bad sign-ins at once — unknown names,
// wrong passwords, and guesses from a refused address — and checks that
// they raise the peak memory of the process by less than 100 MB. Each
// argon2id computation holds 19 MiB: unbounded, they would take gigabytes.
// The peak is measured in child processes, one doing everything but the
// sign-ins, one doing them too, so that nothing else in the test binary
// counts.
func TestSignInFloodMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Maxrss is in KiB on Linux only")
	}
	if raceEnabled {
		t.Skip("the race detector's shadow memory would be measured too")
	}
	base := floodChild(t, "baseline")
	flood := floodChild(t, "flood")
	t.Logf("peak RSS: %.1f MB without the sign-ins, %.1f MB with them", base/1e6, flood/1e6)
	if flood-base >= 100e6 {
		t.Errorf("120 sign-ins at once raised the peak RSS by %.1f MB, want less than 100", (flood-base)/1e6)
	}
}

// floodChild returns the peak RSS, in bytes, of a process doing mode's
// work in TestSignInFloodChild. A relay, itself a new process, starts it:
// Linux counts into a child's Maxrss the peak of the process it was
// vforked from, which here would be this test binary, grown by other
// tests; the relay is small.
func floodChild(t *testing.T, mode string) float64 {
	t.Helper()
	out := runSelf(t, "TestSignInFloodRelay", relayEnv+"="+mode)
	var kib int64
	if i := bytes.Index(out, []byte("child maxrss ")); i < 0 {
		t.Fatalf("%s relay: no figure in\n%s", mode, out)
	} else if _, err := fmt.Sscanf(string(out[i:]), "child maxrss %d KiB", &kib); err != nil {
		t.Fatalf("%s relay: %v in\n%s", mode, err, out)
	}
	return float64(kib) * 1024
}

// runSelf runs one test of this binary in a new process, with env added,
// and returns its output; the process ended in out's last line.
func runSelf(t *testing.T, test string, env ...string) []byte {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", test, env, err, out)
	}
	return fmt.Appendf(out, "child maxrss %d KiB\n", cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
}

// TestSignInFloodRelay starts TestSignInFloodChild for TestSignInFloodMemory,
// and is skipped otherwise.
func TestSignInFloodRelay(t *testing.T) {
	mode := os.Getenv(relayEnv)
	if mode == "" {
		t.Skip("run by TestSignInFloodMemory")
	}
	os.Stdout.Write(runSelf(t, "TestSignInFloodChild", floodEnv+"="+mode))
}

// TestSignInFloodChild is TestSignInFloodMemory's child, and is skipped
// otherwise.
func TestSignInFloodChild(t *testing.T) {
	mode := os.Getenv(floodEnv)
	if mode == "" {
		t.Skip("run by TestSignInFloodMemory")
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// rightPassword hashed beforehand, so that no child computes it.
	const hash = "$argon2id$v=19$m=19456,t=2,p=1$a9goEx7BKIRUnUiQagaF9Q$5WsQmmyl693P0x2G4o6SJSJHqQzZ5Srs3pFGwZWW6Jw"
	if err := store.AddUser(ctx, &gallery.User{Name: "anne", Role: gallery.RoleWebmaster, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	s, err := NewSessions(store, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if mode != "flood" {
		return
	}
	// Refuse one address, as its own failed sign-ins would.
	const refused = "203.0.113.9"
	for i := range s.throttle.PerAddress {
		if _, err := s.throttle.Attempt(ctx, fmt.Sprintf("ghost%d", i), refused); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	answers := map[string]int{}
	start := time.Now()
	for i := range 120 {
		name, addr := "anne", fmt.Sprintf("192.0.2.%d", i)
		switch i % 3 {
		case 0:
			name = fmt.Sprintf("nobody%d", i)
		case 1:
			addr = refused
		}
		wg.Go(func() {
			_, _, err := s.SignIn(ctx, name, "wrong password", addr, "")
			switch {
			case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrBusy):
			default:
				t.Errorf("%s from %s: got %v, want ErrBadCredentials or ErrBusy", name, addr, err)
			}
			mu.Lock()
			answers[fmt.Sprint(err)]++
			mu.Unlock()
		})
	}
	wg.Wait()
	t.Logf("answers in %v: %v", time.Since(start).Round(time.Millisecond), answers)
}
