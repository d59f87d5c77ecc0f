// Package derive makes Imagier's derivative JPEGs (square, thumb, medium and
// the on-request sizes) with libvips, through a thin cgo layer of our own
// (glue.c), and two Lanczos passes of our own where libvips 8.14 is slow
// (reduce.c).
//
// A call decodes its file once, from its path or from bytes the caller
// already holds (Buffer): JPEG and WebP with shrink-on-load, then one
// resize to the largest requested size, kept in memory; every smaller size
// is cut from the smallest size made before it that covers it (the thumb
// from the square's uncropped image, say), so that each resize reads few
// pixels. Each call runs libvips on one thread; callers run one
// call per core. Only the loader of the format the caller names is ever
// used, and every other loader is blocked process-wide, so hostile bytes
// cannot reach ImageMagick, PDF or SVG code.
package derive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"imagier/internal/gallery"
)

// DefaultMaxPixels is the pixel limit when Limits.MaxPixels is zero.
const DefaultMaxPixels = 200_000_000

// MaxAspect is how many times longer than the other one side of an image
// may be: an image over 144:1 is refused, from its header. 144 is the
// thumbnail's long side: past it the thumbnail, the picture every listing
// shows, would be less than a pixel thick and could not show the image's
// shape. Photographs stay far below it: 360° panoramas at about 20:1, a
// whole 36-exposure film roll scanned as one strip at about 40:1.
//
// It also bounds what a call costs on a tiny file. A square derivative is
// cut from an image whose short side is the square's, so for an image r
// times longer than wide it is 120·r pixels long, and each resampling
// filter reads that many samples: at 144:1, 17,280 pixels and filters under
// half a megabyte. An 8,000,000×1 PNG of a few kilobytes used to ask for
// filters of 200 MB.
const MaxAspect = 144

// ErrOverLimit marks a rejection by a limit checked from the header
// (Limits.MaxPixels, MaxAspect): the image may well be sound, but is not
// worth its cost. Such errors are of kind gallery.ErrRejected too.
var ErrOverLimit = errors.New("over a limit")

// Quality is the JPEG quality of every derivative: at the sizes we make,
// higher costs bytes without a difference anyone sees.
const Quality = 82

// progressiveFrom is the long side from which a derivative is a progressive
// JPEG. Large views show a whole picture early on a slow link and come out
// smaller; for thumbnails progressive coding is larger and slower to encode.
const progressiveFrom = 1000

// Limits bound one call.
type Limits struct {
	// MaxPixels is checked against the header before any pixel is
	// decoded; 0 means DefaultMaxPixels.
	MaxPixels int64
	// Timeout bounds the whole call; 0 means only the context does.
	Timeout time.Duration
}

func (l Limits) maxPixels() int64 {
	if l.MaxPixels > 0 {
		return l.MaxPixels
	}
	return DefaultMaxPixels
}

// Source is a file to derive from.
type Source struct {
	// Path names the file. When Buffer is set, the bytes are read from
	// there and Path only names the file in messages.
	Path   string
	Buffer *Buffer
	// Format decides the loader; it must come from the file's bytes.
	Format gallery.Format
	// Orientation is EXIF 1–8 as our metadata read it, which also covers
	// orientation found only in XMP; 0, or any value outside 1–8, uses
	// what libvips reads from EXIF. It is ignored for HEIF, whose
	// irot/imir libheif applies itself.
	Orientation int
}

// Output is one derivative.
type Output struct {
	Size gallery.Size
	// JPEG is an 8-bit sRGB baseline or progressive JPEG with no metadata
	// at all: no EXIF, GPS, XMP, IPTC or ICC profile.
	JPEG          []byte
	Width, Height int
	// Truncated reports that the file's data ended early or was damaged:
	// the decoder filled the gap (usually grey) and the picture may be
	// incomplete. The importer may keep it and warn.
	Truncated bool
}

// Info is what a file's header says.
type Info struct {
	// Width and Height are as displayed, after orientation; for an
	// animation or a multi-page file, those of the first frame or page.
	Width, Height int
	Pages         int
	// Orientation is the EXIF orientation Make applies, 1–8.
	Orientation int
}

// Probe reads only a file's header, with the loader of its format. It costs
// a file open and a header parse (for HEIF, the box structure; for GIF, a
// scan of the frames), no pixel decoding; for a file that fails, a second
// parse while no other call uses libvips, so that the error is its own.
func Probe(ctx context.Context, src Source) (Info, error) {
	if err := start(ctx, src); err != nil {
		return Info{}, err
	}
	return withLibvips(ctx, func() (Info, error) { return probe(ctx, src) })
}

func probe(ctx context.Context, src Source) (Info, error) {
	wd := newWatchdog(ctx)
	defer wd.close()
	o := &owner{wd: wd}
	defer o.close()
	img, err := o.load(src, 1, failTruncated)
	if err != nil {
		return Info{}, err
	}
	return infoOf(src, headerOf(img)), nil
}

// Header reads only the header and returns the displayed width and height,
// after orientation. The importer uses it to enforce MaxPixels, and to
// record dimensions, before any decoding.
func Header(ctx context.Context, src Source) (width, height int, err error) {
	info, err := Probe(ctx, src)
	return info.Width, info.Height, err
}

func infoOf(src Source, h header) Info {
	o := orientation(src, h.orientation)
	info := Info{Width: h.width, Height: h.height, Pages: max(1, h.pages), Orientation: o}
	if swaps(o) {
		info.Width, info.Height = h.height, h.width
	}
	return info
}

// orientation is the EXIF orientation to apply: ours, else libvips'.
func orientation(src Source, read int) int {
	switch {
	case src.Format == gallery.FormatHEIF:
		// libheif has applied irot/imir, and EXIF orientation in HEIF
		// only describes them: applying it would turn twice.
		return 1
	case src.Orientation >= 1 && src.Orientation <= 8:
		return src.Orientation
	case read >= 1 && read <= 8:
		return read
	}
	return 1
}

// start does what every entry point does first.
func start(ctx context.Context, src Source) error {
	if err := Init(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("derive: %w", context.Cause(ctx))
	}
	if _, ok := loaderOf(src.Format); !ok {
		return fmt.Errorf("derive: no loader for format %q: %w", src.Format, gallery.ErrInvalid)
	}
	if src.Buffer != nil {
		if src.Buffer.Len() == 0 {
			return fmt.Errorf("derive: %s: empty buffer: %w", src.Path, gallery.ErrInvalid)
		}
		return nil
	}
	// Tell a missing file, which is our fault, from a bad one, which is
	// the file's: libvips reports both alike.
	fi, err := os.Stat(src.Path)
	if err != nil {
		return fmt.Errorf("derive: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("derive: %s is not a regular file: %w", src.Path, gallery.ErrInvalid)
	}
	return nil
}

// Make decodes src once and returns one JPEG per requested size, in the
// order of sizes; the smaller ones are cut from larger ones, kept in
// memory. A size larger than the image gives the image at its own size.
//
// A file that cannot be decoded gives an error of kind gallery.ErrRejected
// that says why, in words of its own even when other calls fail at the
// same time: such a file is decoded once more, while no other call uses
// libvips. One over lim.MaxPixels or MaxAspect gives an error that is
// ErrOverLimit too, from its header. When lim.Timeout or ctx ends
// the call, the error wraps the context's cause (context.DeadlineExceeded
// for Timeout) and the worker is free for the next file.
//
// A file whose data is cut short is decoded again, leniently, and its
// outputs are marked Truncated; such files cost two decodes.
//
// Make is safe for concurrent use; each call uses one libvips thread.
func Make(ctx context.Context, src Source, sizes []gallery.Size, lim Limits) ([]Output, error) {
	if err := start(ctx, src); err != nil {
		return nil, err
	}
	if len(sizes) == 0 {
		return nil, fmt.Errorf("derive: no sizes requested: %w", gallery.ErrInvalid)
	}
	for _, s := range sizes {
		if s.Long <= 0 {
			return nil, fmt.Errorf("derive: size %q has long side %d: %w", s.Name, s.Long, gallery.ErrInvalid)
		}
	}
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, lim.Timeout, timeoutCause(lim.Timeout))
		defer cancel()
	}

	return makeTolerant(ctx, src, sizes, lim)
}

// makeTolerant decodes strictly, then, if the data is damaged, leniently.
// Only the pass whose error is returned runs again alone (see withLibvips):
// a damaged file that decodes leniently never does.
func makeTolerant(ctx context.Context, src Source, sizes []gallery.Size, lim Limits) ([]Output, error) {
	strict := func() ([]Output, error) { return makeWith(ctx, src, sizes, lim, failTruncated) }
	outs, err := shared(ctx, strict)
	var de decodeError
	if !errors.As(err, &de) {
		return ownError(ctx, strict, outs, err)
	}
	// libvips stopped on damaged data. A photo with its last rows lost is
	// still worth seeing, so decode again, tolerating the damage.
	lenient := func() ([]Output, error) { return makeWith(ctx, src, sizes, lim, failNone) }
	outs, err2 := shared(ctx, lenient)
	if err2 != nil {
		if errors.As(err2, &de) {
			return alone(ctx, strict) // the strict pass names the damage best
		}
		return ownError(ctx, lenient, outs, err2)
	}
	for i := range outs {
		outs[i].Truncated = true
	}
	return outs, nil
}

// A decodeError is a failure while decoding pixels, where a more lenient
// decode may succeed. It is only seen inside Make.
type decodeError struct{ error }

func (e decodeError) Unwrap() error { return e.error }

// limitf is a rejection by a limit: rejectf, marked ErrOverLimit.
func limitf(format string, args ...any) error {
	return fmt.Errorf("derive: %w", limitError{gallery.Rejectf(format, args...)})
}

// A limitError is a rejection that is ErrOverLimit too.
type limitError struct{ error }

func (limitError) Is(target error) bool { return target == ErrOverLimit }
func (e limitError) Unwrap() error      { return e.error }

// rejectf is gallery.Rejectf, marked as ours.
func rejectf(format string, args ...any) error {
	return fmt.Errorf("derive: %w", gallery.Rejectf(format, args...))
}
