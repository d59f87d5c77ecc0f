package derive

// #include "glue.h"
import "C"

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// A watchdog stops a call's libvips work when its context ends. It sets the
// kill flag on the images being computed; libvips checks that flag each
// time a region of pixels is asked for, fails the computation, and the
// step's error then names the context's cause instead of libvips' message.
// Work inside one decoder call (a single libheif decode, say) cannot be
// interrupted: it ends, then the next region request fails.
type watchdog struct {
	ctx  context.Context
	stop func() bool

	mu      sync.Mutex
	watched []*C.VipsImage // images that keep a pipeline's pixels flowing
	fired   bool
}

func newWatchdog(ctx context.Context) *watchdog {
	w := &watchdog{ctx: ctx}
	w.stop = context.AfterFunc(ctx, w.fire)
	return w
}

func (w *watchdog) fire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fired = true
	for _, img := range w.watched {
		C.dv_kill(img)
	}
}

// watch puts img under the watchdog until unwatch. The caller keeps its
// reference until then; the watchdog touches img only under mu, so it
// never sees a freed image.
func (w *watchdog) watch(img *C.VipsImage) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.watched = append(w.watched, img)
	if w.fired {
		C.dv_kill(img)
	}
}

func (w *watchdog) unwatch(img *C.VipsImage) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.watched = slices.DeleteFunc(w.watched, func(p *C.VipsImage) bool { return p == img })
}

// close stops watching; a fire already running finishes under mu first.
func (w *watchdog) close() {
	w.stop()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.watched = nil
}

// err is the reason to stop, or nil while the context is live.
func (w *watchdog) err() error {
	if w.ctx.Err() == nil {
		return nil
	}
	return fmt.Errorf("derive: %w", context.Cause(w.ctx))
}

// fail turns a failed step into an error. libvips' message is taken either
// way, so it cannot leak into a later step's error; when the watchdog
// stopped the step, the message is only "killed" and the context's cause is
// the better reason.
func (w *watchdog) fail(step string) error {
	msg := takeError()
	if err := w.err(); err != nil {
		return err
	}
	return vipsError{rejectf("%s: %s", step, msg)}
}

// timeoutCause is the context cause when Limits.Timeout runs out.
func timeoutCause(d time.Duration) error {
	return fmt.Errorf("timed out after %s (Limits.Timeout): %w", d, context.DeadlineExceeded)
}
