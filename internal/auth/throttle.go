package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"imagier/internal/sqlstore"
)

// Throttle slows password guessing. Attempts are counted for each account
// and address pair, and for each address on any account: a pair with
// PerPair attempts, or an address with PerAddress, within Window of the
// first, is refused until the window ends.
//
// Counting pairs, not accounts, is what keeps anyone from locking an
// account: a guesser only locks it for themselves, and its owner, from an
// address that has not failed, signs in at once. IPv6 callers are counted
// by their /64 network, since one machine easily holds a whole one.
//
// The counters live in the database, so that a restart does not forget
// them and servers sharing it count together.
type Throttle struct {
	store *sqlstore.Store
	// The limits; set them before use.
	PerPair, PerAddress int
	Window              time.Duration
	now                 func() time.Time

	// writes lets one of this server's counter writes run at a time.
	// SQLite takes one writer at once and makes the others wait in its
	// busy handler, each holding a thread and a C heap of its own: a
	// flood of sign-ins would cost memory there. Waiting here costs a
	// goroutine.
	writes chan struct{}

	mu     sync.Mutex
	pruned time.Time // when this Throttle last pruned old counters
}

// pruneEvery spaces the deletions of old counters made by one server.
const pruneEvery = time.Minute

// NewThrottle returns a throttle over store's counters with the default
// limits: 5 attempts for an account from one address, or 20 from one
// address on any accounts, within 15 minutes.
func NewThrottle(store *sqlstore.Store) *Throttle {
	return &Throttle{store: store, PerPair: 5, PerAddress: 20, Window: 15 * time.Minute, now: time.Now,
		writes: make(chan struct{}, 1)}
}

// write waits for this server's turn to write counters, and returns the
// func that ends it.
func (t *Throttle) write(ctx context.Context) (release func(), err error) {
	select {
	case t.writes <- struct{}{}:
		return func() { <-t.writes }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("throttle: %w", ctx.Err())
	}
}

// AddressKey names the bucket of a caller's address: the address for IPv4,
// its /64 network for IPv6.
func AddressKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "addr:" + addr
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "net:" + p.String()
	}
	return "addr:" + ip.String()
}

func accountKey(name string) string { return "user:" + strings.ToLower(strings.TrimSpace(name)) }

// buckets returns how the pair's and the address's counters are stored:
// hashed, since a name typed at sign-in is now and then a password typed
// in the wrong box, and so that a long name makes no long row.
func buckets(name, addr string) (pair, address string) { return scopedBuckets("", name, addr) }

// scopedBuckets are the buckets of one kind of attempt: sign-ins have the
// empty scope, so that their counters stay those of before scopes.
func scopedBuckets(scope, name, addr string) (pair, address string) {
	a := AddressKey(addr)
	if scope != "" {
		a = scope + ":" + a
	}
	return bucket(accountKey(name) + "\x00" + a), bucket(a)
}

func bucket(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:16])
}

// Attempt counts an attempt to sign in as name from addr and tells whether
// it may go on. It is counted before the password is checked, so that
// parallel guesses cannot all pass before the first failure is recorded;
// Succeed or Cancel takes it back. A refused attempt counts nothing.
func (t *Throttle) Attempt(ctx context.Context, name, addr string) (bool, error) {
	return t.attempt(ctx, "", name, addr)
}

// Scopes of attempts other than sign-ins, each counted apart with the
// same limits: asking for reset links must not shut an address out of
// signing in, nor registrations, nor a signed-in person's guesses at
// their own password.
const (
	ScopeReset    = "reset"    // a reset link asked for, by name or e-mail
	ScopeRegister = "register" // an account made from the sign-in page
	ScopeReauth   = "reauth"   // the password given again on the account page
)

// AttemptIn counts an attempt of another kind than a sign-in, by name
// from addr, in scope's counters; see Attempt.
func (t *Throttle) AttemptIn(ctx context.Context, scope, name, addr string) (bool, error) {
	return t.attempt(ctx, scope, name, addr)
}

// SucceedIn is Succeed for an attempt counted with AttemptIn.
func (t *Throttle) SucceedIn(ctx context.Context, scope, name, addr string) error {
	pair, address := scopedBuckets(scope, name, addr)
	release, err := t.write(ctx)
	if err != nil {
		return err
	}
	defer release()
	return t.store.UncountAttempt(ctx, []string{pair}, []string{address})
}

func (t *Throttle) attempt(ctx context.Context, scope, name, addr string) (bool, error) {
	now := t.now()
	if err := t.prune(ctx, now); err != nil {
		return false, err
	}
	pair, address := scopedBuckets(scope, name, addr)
	counters := []sqlstore.AttemptCounter{{Bucket: pair, Limit: t.PerPair}, {Bucket: address, Limit: t.PerAddress}}
	// Seen full, refused without writing: a flood of refused attempts
	// neither queues for the write turn nor takes the database's lock.
	if full, err := t.store.AttemptsFull(ctx, counters, now, t.Window); err != nil || full {
		return false, err
	}
	release, err := t.write(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return t.store.CountAttempt(ctx, counters, now, t.Window)
}

// Succeed records that the attempt was a good sign-in: the pair's failures
// are forgotten, and the address gets this attempt back but not its
// failures, so that signing in to one's own account buys no guesses at
// others.
func (t *Throttle) Succeed(ctx context.Context, name, addr string) error {
	return t.SucceedIn(ctx, "", name, addr)
}

// Cancel takes back an attempt that proved nothing: nothing was checked
// (the server was busy, the caller left), or the password was right and
// the one-time code is still to come.
func (t *Throttle) Cancel(ctx context.Context, name, addr string) error {
	pair, address := buckets(name, addr)
	release, err := t.write(ctx)
	if err != nil {
		return err
	}
	defer release()
	return t.store.UncountAttempt(ctx, nil, []string{pair, address})
}

// prune deletes counters whose window has ended, now and then.
func (t *Throttle) prune(ctx context.Context, now time.Time) error {
	t.mu.Lock()
	due := now.Sub(t.pruned) >= pruneEvery
	if due {
		t.pruned = now
	}
	t.mu.Unlock()
	if !due {
		return nil
	}
	release, err := t.write(ctx)
	if err != nil {
		return err
	}
	defer release()
	return t.store.PruneAttempts(ctx, now.Add(-t.Window))
}
