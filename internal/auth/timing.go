package auth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// recentDurations keeps how long the last few real failed sign-ins took,
// from the request to the answer. A refused sign-in, answered without
// hashing, waits as long as one of them drawn at random: the same typical
// time and the same spread, under load as at rest, so its answer does not
// show it was refused.
type recentDurations struct {
	mu sync.Mutex
	d  [64]time.Duration
	n  int // samples added in all; d holds the last len(d)
}

// maxPause bounds the wait of a refused sign-in, whatever was measured: a
// real failure waits at most hasherWait for a slot.
const maxPause = hasherWait + 2*time.Second

func (r *recentDurations) add(d time.Duration) {
	r.mu.Lock()
	r.d[r.n%len(r.d)] = d
	r.n++
	r.mu.Unlock()
}

// pick returns one of the recent durations at random, 0 when there is none.
func (r *recentDurations) pick() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == 0 {
		return 0
	}
	return r.d[rand.IntN(min(r.n, len(r.d)))]
}

// waitFrom returns when a duration picked from r has passed since start,
// or when ctx ends.
func (r *recentDurations) waitFrom(ctx context.Context, start time.Time) error {
	t := time.NewTimer(time.Until(start.Add(min(r.pick(), maxPause))))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("sign-in: %w", ctx.Err())
	}
}
