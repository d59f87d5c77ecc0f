package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

func TestAddressKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb::9"}, // one /64
		{"::ffff:192.0.2.7", "192.0.2.7"},                // mapped IPv4
	}
	for _, tt := range tests {
		if AddressKey(tt.a) != AddressKey(tt.b) {
			t.Errorf("%s and %s: got %q and %q, want one bucket", tt.a, tt.b, AddressKey(tt.a), AddressKey(tt.b))
		}
	}
	if AddressKey("2001:db8:1:2::1") == AddressKey("2001:db8:1:3::1") {
		t.Error("two /64 networks share a bucket")
	}
	if AddressKey("192.0.2.7") == AddressKey("192.0.2.8") {
		t.Error("two IPv4 addresses share a bucket")
	}
}

const rightPassword = "correct horse"

// addUsers adds accounts with rightPassword; the first is the webmaster.
func addUsers(t *testing.T, store *sqlstore.Store, names ...string) {
	t.Helper()
	hash := cheapHash(rightPassword)
	for i, n := range names {
		role := gallery.RoleNormal
		if i == 0 {
			role = gallery.RoleWebmaster
		}
		if err := store.AddUser(context.Background(), &gallery.User{Name: n, Role: role, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
}

// cheapHash hashes password with argon2id's smallest parameters: the
// throttle tests count sign-ins, and would spend their time hashing.
func cheapHash(password string) string {
	salt := []byte("a test salt, not random")
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=8,t=1,p=1$%s$%s", argon2.Version, b64.EncodeToString(salt),
		b64.EncodeToString(argon2.IDKey([]byte(password), salt, 1, 8, 1, argonKeyLen)))
}

// newSessions returns sessions over store whose unknown names are also
// checked against a cheap hash.
func newSessions(t *testing.T, store *sqlstore.Store) *Sessions {
	t.Helper()
	s, err := NewSessions(store, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.dummy = cheapHash("not a real password")
	return s
}

// signInStep is one step of a sign-in scenario: times sign-ins by server
// (an index in the scenario's Sessions), after the clock moved by later. A
// %d in name or addr is replaced by the sign-in's number.
type signInStep struct {
	what           string
	server         int
	later          time.Duration
	times          int
	name, password string
	addr           string
	want           error // nil: signed in
}

// runSteps plays steps on servers, which share one clock.
func runSteps(t *testing.T, servers []*Sessions, steps []signInStep) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	for _, s := range servers {
		s.throttle.now = func() time.Time { return now }
	}
	for _, st := range steps {
		now = now.Add(st.later)
		for i := range max(st.times, 1) {
			name, addr := st.name, st.addr
			if strings.Contains(name, "%") {
				name = fmt.Sprintf(name, i)
			}
			if strings.Contains(addr, "%") {
				addr = fmt.Sprintf(addr, i)
			}
			_, _, err := servers[st.server].SignIn(ctx, name, st.password, addr, "")
			if !errors.Is(err, st.want) {
				t.Fatalf("%s (#%d, %s as %s from %s): got %v, want %v", st.what, i, st.password, name, addr, err, st.want)
			}
		}
	}
}

// TestSignInThrottle guesses passwords from IPv4 and IPv6 addresses: a
// guesser locks only their own pair, or their own address, never an
// account for its owner; every refusal is the same answer as any other.
func TestSignInThrottle(t *testing.T) {
	steps := []signInStep{
		{what: "guesses at anne", times: 5, name: "anne", password: "guess", addr: "192.0.2.1", want: ErrBadCredentials},
		{what: "the pair is refused, even the right password", name: "anne", password: rightPassword, addr: "192.0.2.1", want: ErrBadCredentials},
		{what: "anne from a clean address", name: "anne", password: rightPassword, addr: "198.51.100.9"},
		{what: "another account from the guesser's address", name: "paul", password: rightPassword, addr: "192.0.2.1"},
		{what: "guesses at the webmaster from many addresses", times: 10, name: "root", password: "guess", addr: "203.0.113.%d", want: ErrBadCredentials},
		{what: "the webmaster from a clean address", name: "root", password: rightPassword, addr: "198.51.100.10"},
		{what: "one /64 guessing many names", times: 20, name: "nobody%d", password: "guess", addr: "2001:db8:0:1::%x", want: ErrBadCredentials},
		{what: "the /64 is refused for every account", name: "paul", password: rightPassword, addr: "2001:db8:0:1::ffff", want: ErrBadCredentials},
		{what: "the next /64 is not", name: "paul", password: rightPassword, addr: "2001:db8:0:2::1"},
		{what: "after the window, the pair", later: 16 * time.Minute, name: "anne", password: rightPassword, addr: "192.0.2.1"},
		{what: "after the window, the /64", name: "paul", password: rightPassword, addr: "2001:db8:0:1::1"},
	}
	for name, store := range sqlstore.OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			addUsers(t, store, "root", "anne", "paul")
			s := newSessions(t, store)
			runSteps(t, []*Sessions{s}, steps)
		})
	}
}

// TestSignInThrottleShared signs in through two servers on one database:
// they count together.
func TestSignInThrottleShared(t *testing.T) {
	steps := []signInStep{
		{what: "guesses on the first server", server: 0, times: 3, name: "anne", password: "guess", addr: "192.0.2.1", want: ErrBadCredentials},
		{what: "guesses on the second server", server: 1, times: 2, name: "anne", password: "guess", addr: "192.0.2.1", want: ErrBadCredentials},
		{what: "the pair is refused by the first", server: 0, name: "anne", password: rightPassword, addr: "192.0.2.1", want: ErrBadCredentials},
		{what: "and by the second", server: 1, name: "anne", password: rightPassword, addr: "192.0.2.1", want: ErrBadCredentials},
		{what: "anne from a clean address", server: 1, name: "anne", password: rightPassword, addr: "198.51.100.9"},
		{what: "many names from one address, first server", server: 0, times: 10, name: "nobody%d", password: "guess", addr: "203.0.113.5", want: ErrBadCredentials},
		{what: "many names from one address, second server", server: 1, times: 10, name: "somebody%d", password: "guess", addr: "203.0.113.5", want: ErrBadCredentials},
		{what: "the address is refused by the first", server: 0, name: "paul", password: rightPassword, addr: "203.0.113.5", want: ErrBadCredentials},
		{what: "after the window", server: 1, later: 16 * time.Minute, name: "paul", password: rightPassword, addr: "203.0.113.5"},
	}
	for name, stores := range openTwice(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			addUsers(t, stores[0], "anne", "paul")
			var servers []*Sessions
			for _, store := range stores {
				servers = append(servers, newSessions(t, store))
			}
			runSteps(t, servers, steps)
		})
	}
}

// openTwice opens two stores on one empty database of each kind, as two
// servers would.
func openTwice(t *testing.T) map[string][2]*sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	open := func(dsn, dir string) *sqlstore.Store {
		s, err := sqlstore.Open(ctx, dsn, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	dir := t.TempDir()
	out := map[string][2]*sqlstore.Store{"sqlite": {open("", dir), open("", dir)}}
	if u, ok := sqlstore.TestPostgresURL(t); ok {
		dsn, drop := sqlstore.TestSchema(t, u)
		t.Cleanup(drop) // after the stores close: cleanups run last first
		out["postgres"] = [2]*sqlstore.Store{open(dsn, ""), open(dsn, "")}
	}
	return out
}

// TestSignInThrottleParallel sends many guesses at once for one account
// from one address: only the pair's limit reach the hasher.
func TestSignInThrottleParallel(t *testing.T) {
	for name, store := range sqlstore.OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			addUsers(t, store, "anne")
			s := newSessions(t, store)
			before := s.hasher.runs.Load()
			var wg sync.WaitGroup
			for range 30 {
				wg.Go(func() {
					if _, _, err := s.SignIn(context.Background(), "anne", "guess", "192.0.2.1", ""); !errors.Is(err, ErrBadCredentials) {
						t.Errorf("got %v, want ErrBadCredentials", err)
					}
				})
			}
			wg.Wait()
			if got := s.hasher.runs.Load() - before; got != int64(s.throttle.PerPair) {
				t.Errorf("got %d passwords checked, want %d", got, s.throttle.PerPair)
			}
		})
	}
}

// TestRefusedSignIn checks that a refused sign-in hashes nothing but takes
// as long as real failures did.
func TestRefusedSignIn(t *testing.T) {
	store := sqlstore.OpenTestStores(t)["sqlite"]
	addUsers(t, store, "anne")
	s := newSessions(t, store)
	ctx := context.Background()
	for range s.throttle.PerPair {
		s.SignIn(ctx, "anne", "guess", "192.0.2.1", "")
	}
	const measured = 120 * time.Millisecond
	for range len(s.failTimes.d) {
		s.failTimes.add(measured)
	}
	before := s.hasher.runs.Load()
	start := time.Now()
	_, _, err := s.SignIn(ctx, "anne", rightPassword, "192.0.2.1", "")
	took := time.Since(start)
	if !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("got %v, want ErrBadCredentials", err)
	}
	if n := s.hasher.runs.Load() - before; n != 0 {
		t.Errorf("got %d passwords checked for a refused sign-in, want 0", n)
	}
	if took < measured {
		t.Errorf("a refused sign-in took %v, want at least the %v failures took", took, measured)
	}
	// A real failure is measured: from now on refusals take as long.
	n := s.failTimes.n
	s.SignIn(ctx, "anne", "guess", "198.51.100.9", "")
	if s.failTimes.n != n+1 {
		t.Errorf("a failed sign-in was not measured")
	}
}
