package auth

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

// ErrBusy is returned when a password could not be hashed or checked in
// time because too many were being computed: nothing was checked.
var ErrBusy = errors.New("password: too many checks at once, try again")

// maxHasherSlots caps the default number of slots. Argon2id with one lane
// keeps one core busy, so more slots than cores would only queue in the
// CPU; and each slot holds 19 MiB, which the collector lets grow to twice
// that before it comes by. Two slots check forty or more passwords a
// second, more than a photo library's sign-ins, and keep a flood of them
// within tens of megabytes: in TestSignInFloodMemory two raise the peak
// RSS by 20 to 65 MB, four by 65 to 105.
const maxHasherSlots = 2

// hasherWait is how long a computation waits for a slot before giving up:
// longer than a burst of honest sign-ins takes to clear, short enough that
// a flood does not pile up requests.
const hasherWait = 5 * time.Second

// Hasher computes and checks argon2id password hashes a few at a time.
// Each computation holds about 19 MiB for tens of milliseconds, and anyone
// can ask for one by trying to sign in: unbounded, sixty bad sign-ins at
// once took a server from 145 MB to 1.2 GB. A Hasher lets a few run at
// once; the others wait for a slot and give up with ErrBusy after a few
// seconds, or when their ctx ends.
//
// The bound holds for a process only if every door that hashes — sign-in,
// setup, registration, reset, account page, user creation — uses the same
// Hasher (Sessions.Hasher). It is safe for concurrent use.
type Hasher struct {
	sem *semaphore.Weighted
	// budget is the argon2 memory, in KiB, the slots allow in all: a
	// computation weighs its own memory, at least one slot's, so that
	// hashes made with other parameters are bounded too.
	budget int64
	wait   time.Duration
	// waiting counts callers waiting for a slot.
	waiting atomic.Int64
	// runs counts computations, so tests can tell one happened.
	runs atomic.Int64
}

// NewHasher returns a Hasher that runs at most slots computations at once;
// 0 or less means one per core, up to two.
func NewHasher(slots int) *Hasher {
	if slots <= 0 {
		slots = min(runtime.GOMAXPROCS(0), maxHasherSlots)
	}
	budget := int64(slots) * argonMemory
	return &Hasher{sem: semaphore.NewWeighted(budget), budget: budget, wait: hasherWait}
}

// Hash returns an argon2id hash of password, as HashPassword does, once a
// slot is free.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := checkNewPassword(password); err != nil {
		return "", err
	}
	release, err := h.acquire(ctx, argonMemory)
	if err != nil {
		return "", err
	}
	defer release()
	return newHash(password)
}

// Verify checks password against hash, as VerifyPassword does, once a slot
// is free. It returns ErrMismatch for a wrong password, ErrBusy or ctx's
// error (wrapped) when it checked nothing, and another error for a hash it
// cannot read.
func (h *Hasher) Verify(ctx context.Context, hash, password string) error {
	p, err := parseHash(hash)
	if err != nil {
		return err
	}
	if len(password) > MaxPasswordLen {
		// Refused without computing: the length says nothing about
		// the account.
		return ErrMismatch
	}
	release, err := h.acquire(ctx, int64(p.mem))
	if err != nil {
		return err
	}
	defer release()
	return p.check(password)
}

// acquire takes the slots a computation over mem KiB needs, and returns
// the func that gives them back.
func (h *Hasher) acquire(ctx context.Context, mem int64) (release func(), err error) {
	w := min(max(mem, argonMemory), h.budget)
	wctx, cancel := context.WithTimeout(ctx, h.wait)
	defer cancel()
	h.waiting.Add(1)
	err = h.sem.Acquire(wctx, w)
	h.waiting.Add(-1)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("password: %w", ctx.Err())
		}
		return nil, ErrBusy
	}
	h.runs.Add(1)
	return func() {
		if h.waiting.Load() > 0 {
			// The computation's memory is garbage now, and a waiter
			// is about to take as much: collected first, it is
			// reused. Left to the collector's pace, a flood of
			// sign-ins grows the heap to twice the slots' memory.
			runtime.GC()
		}
		h.sem.Release(w)
	}, nil
}

// checkedNothing tells whether err, from Hash or Verify, means that no
// computation was done: the caller may try again.
func checkedNothing(err error) bool {
	return errors.Is(err, ErrBusy) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
