package derive

// #include "glue.h"
import "C"

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/semaphore"
)

// libvips 8.14 has one error buffer for the whole process: every thread
// appends its lines to it, and nothing tells whose they are. A call that
// failed used to read other calls' lines beside its own, or to find its own
// already taken by a call that cleared the buffer. Taking the buffer right
// where a step fails cannot fix that: a decoder writes its message from a
// libvips worker thread, some time before the calling thread sees the step
// fail, and libvips tells lines apart neither by thread nor by image.
//
// So the buffer is off (vips_error_freeze) while calls share libvips, and
// a call that fails on libvips' word runs again with libvips to itself and
// the buffer on: what the buffer holds then is that call's alone. Only
// failing files pay, with a second run, after the calls in flight end.

// maxShared is more calls than will ever share libvips; a call takes all of
// it to run alone.
const maxShared = 1 << 30

// libvipsTurns lets calls share libvips, or one call have it alone. Like
// initVips it is process-wide, because libvips' error buffer is.
var libvipsTurns = semaphore.NewWeighted(maxShared)

// withLibvips runs f, which uses libvips, beside other calls; if f fails on
// libvips' word, it runs f again alone, so that the error names only f's
// own problem.
func withLibvips[T any](ctx context.Context, f func() (T, error)) (T, error) {
	v, err := shared(ctx, f)
	return ownError(ctx, f, v, err)
}

// ownError returns what a shared run of f gave, unless f failed on libvips'
// word (a vipsError): it then runs f again alone, for an error of its own,
// and returns that. f must be safe to run twice.
func ownError[T any](ctx context.Context, f func() (T, error), v T, err error) (T, error) {
	if !errors.As(err, new(vipsError)) {
		return v, err
	}
	return alone(ctx, f)
}

// shared runs f beside other calls, with libvips' error buffer off.
func shared[T any](ctx context.Context, f func() (T, error)) (T, error) {
	if err := turn(ctx, 1); err != nil {
		var zero T
		return zero, err
	}
	defer libvipsTurns.Release(1)
	return f()
}

// alone runs f with libvips to itself and libvips' error buffer on. It
// waits for the calls in flight to end; calls that start meanwhile wait for
// it.
func alone[T any](ctx context.Context, f func() (T, error)) (T, error) {
	if err := turn(ctx, maxShared); err != nil {
		var zero T
		return zero, err
	}
	defer libvipsTurns.Release(maxShared)
	C.dv_errors_on()
	defer C.dv_errors_off()
	return f()
}

// turn takes a weight of libvipsTurns, once libvips is started: the error
// buffer's switch and lock exist only then.
func turn(ctx context.Context, weight int64) error {
	if err := Init(); err != nil {
		return err
	}
	if err := libvipsTurns.Acquire(ctx, weight); err != nil {
		return fmt.Errorf("derive: %w", context.Cause(ctx))
	}
	return nil
}

// A vipsError is a step that failed on libvips' word. Its message, from
// libvips' error buffer, is the step's own only when it ran alone.
type vipsError struct{ error }

func (e vipsError) Unwrap() error { return e.error }
