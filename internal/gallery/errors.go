package gallery

import (
	"errors"
	"fmt"
)

// Error kinds. Wrap them with %w; protocol packages translate them to HTTP
// statuses or Piwigo codes at their edge, and nowhere else.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
	// ErrRejected marks a file the import pipeline refuses (unreadable,
	// hostile, over a limit). Its message names the reason.
	ErrRejected = errors.New("rejected")
)

// Rejectf returns an error of kind ErrRejected with a reason that a person
// can read.
func Rejectf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRejected, fmt.Sprintf(format, args...))
}

// Refusals of a value a person typed, which the web side words for them;
// each is of kind ErrInvalid.
var (
	// ErrBadAlbumName: an album name empty, longer than 255 bytes, or with
	// a slash (which separates the names of a path).
	ErrBadAlbumName = fmt.Errorf("album name of 1 to 255 bytes without a slash needed: %w", ErrInvalid)
	// ErrTooLong: a text longer than its field takes.
	ErrTooLong = fmt.Errorf("too long: %w", ErrInvalid)
)
