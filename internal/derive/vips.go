package derive

/*
#cgo pkg-config: vips
#cgo LDFLAGS: -lm
#cgo CFLAGS: -O3
#include <stdlib.h>
#include "glue.h"
*/
import "C"

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"imagier/internal/gallery"
)

// initVips starts libvips. libvips keeps its operation table, thread pool,
// cache settings and blocked-loader flags in process globals and cannot be
// started twice, so this sync.OnceValue is package-level state, as is
// libvipsTurns (vipserrors.go), which guards libvips' global error buffer:
// the package's only two.
var initVips = sync.OnceValue(func() error {
	if C.dv_init() != 0 {
		return fmt.Errorf("derive: start libvips: %s", takeError())
	}
	return checkLoaders()
})

// Init starts libvips once per process: one libvips thread per call (we run
// one image per core instead), no operation cache, and every loader blocked
// but the six Make uses (each from a file or from memory), so that no
// uploaded file can reach ImageMagick,
// PDF, SVG or any other loader. Make, Header and EncodeJPEG call it
// themselves; calling it at startup reports a broken libvips early.
func Init() error { return initVips() }

// checkLoaders makes sure Init's blocking took: a libvips that cannot block
// its untrusted loaders, or lacks one of ours, is not fit to run.
func checkLoaders() error {
	for _, name := range []string{"jpegload", "pngload", "gifload", "webpload", "heifload", "tiffload",
		"jpegload_buffer", "pngload_buffer", "gifload_buffer", "webpload_buffer", "heifload_buffer", "tiffload_buffer"} {
		switch operationBlocked(name) {
		case -1:
			return fmt.Errorf("derive: libvips has no %s", name)
		case 1:
			return fmt.Errorf("derive: libvips blocks %s, which derive needs", name)
		}
	}
	for _, name := range []string{"svgload", "svgload_buffer", "magickload", "magickload_buffer",
		"pdfload", "pdfload_buffer", "jxlload", "jxlload_buffer", "vipsload", "matrixload", "csvload", "rawload",
		"jpegload_source", "pngload_source", "tiffload_source"} {
		if operationBlocked(name) == 0 {
			return fmt.Errorf("derive: libvips did not block %s", name)
		}
	}
	return nil
}

// operationBlocked is 1 if libvips refuses to run the operation, 0 if it
// would run it and -1 if this libvips lacks it.
func operationBlocked(nickname string) int {
	c := C.CString(nickname)
	defer C.free(unsafe.Pointer(c))
	return int(C.dv_operation_blocked(c))
}

// Usage is libvips' own count of what it holds, process-wide.
type Usage struct {
	// Memory is the pixel memory allocated now, in bytes, and
	// MemoryHighwater the most ever allocated at once.
	Memory, MemoryHighwater int64
	Allocations             int
	// Files is the number of files open.
	Files int
	// Images is the number of libvips images alive: it returns to its
	// resting value after every call.
	Images int
}

// CurrentUsage reports libvips' memory, open files and images, for metrics
// and to check that every call gives back what it took. It walks every live
// libvips object under libvips' global lock: call it now and then, not per
// image.
func CurrentUsage() Usage {
	var mem, high C.size_t
	var allocs, files, images C.int
	C.dv_usage(&mem, &high, &allocs, &files, &images)
	return Usage{Memory: int64(mem), MemoryHighwater: int64(high), Allocations: int(allocs), Files: int(files), Images: int(images)}
}

// loaderOf names the libvips loader for a format; each format has its own so
// that a file's bytes can never pick another loader.
func loaderOf(f gallery.Format) (C.int, bool) {
	switch f {
	case gallery.FormatJPEG:
		return C.DV_JPEG, true
	case gallery.FormatPNG:
		return C.DV_PNG, true
	case gallery.FormatGIF:
		return C.DV_GIF, true
	case gallery.FormatWebP:
		return C.DV_WEBP, true
	case gallery.FormatHEIF:
		return C.DV_HEIF, true
	case gallery.FormatTIFF:
		return C.DV_TIFF, true
	}
	return 0, false
}

// failOn is libvips' VipsFailOn: how much damage a loader tolerates.
type failOn C.int

const (
	failNone      failOn = C.VIPS_FAIL_ON_NONE
	failTruncated failOn = C.VIPS_FAIL_ON_TRUNCATED
)

// An owner holds the libvips images one stage of a call makes, so that
// every one is unref'd on every path by a single deferred close.
type owner struct {
	wd   *watchdog
	imgs []*C.VipsImage
}

// step runs one C step that makes an image, and owns the result. The name
// says, in an error, which step failed.
func (o *owner) step(name string, f func(out **C.VipsImage) C.int) (*C.VipsImage, error) {
	if err := o.wd.err(); err != nil {
		return nil, err
	}
	var out *C.VipsImage
	if f(&out) != 0 {
		return nil, o.wd.fail(name)
	}
	o.imgs = append(o.imgs, out)
	return out, nil
}

// A stepFunc is a C step that makes out from in.
type stepFunc func(in *C.VipsImage, out **C.VipsImage) C.int

// apply runs f on in, and owns the result.
func (o *owner) apply(name string, in *C.VipsImage, f stepFunc) (*C.VipsImage, error) {
	return o.step(name, func(out **C.VipsImage) C.int { return f(in, out) })
}

// close unrefs every image, after taking it away from the watchdog.
func (o *owner) close() {
	for i := len(o.imgs) - 1; i >= 0; i-- {
		o.wd.unwatch(o.imgs[i])
		C.dv_unref(o.imgs[i])
	}
	o.imgs = nil
}

// load opens path with the format's own loader. Only the header is read:
// pixels are decoded when a later step asks for them.
func (o *owner) load(src Source, shrink int, fail failOn) (*C.VipsImage, error) {
	format, ok := loaderOf(src.Format)
	if !ok {
		return nil, fmt.Errorf("derive: no loader for format %q: %w", src.Format, gallery.ErrInvalid)
	}
	path := C.CString(src.Path)
	defer C.free(unsafe.Pointer(path))
	var buf unsafe.Pointer
	var n C.size_t
	if b := src.Buffer; b != nil {
		buf, n = b.p, C.size_t(b.n)
	}
	load := func(out **C.VipsImage) C.int {
		return C.dv_load(path, buf, n, format, C.int(shrink), C.int(fail), out)
	}
	img, err := o.step("load "+string(src.Format), load)
	if err != nil {
		return nil, err
	}
	o.wd.watch(img)
	return img, nil
}

// saveJPEG encodes img; the bytes are copied into Go memory.
func (o *owner) saveJPEG(name string, img *C.VipsImage, quality int, interlace bool) ([]byte, error) {
	if err := o.wd.err(); err != nil {
		return nil, err
	}
	var buf unsafe.Pointer
	var n C.size_t
	il := C.int(0)
	if interlace {
		il = 1
	}
	if C.dv_save_jpeg(img, C.int(quality), il, 1, &buf, &n) != 0 {
		return nil, o.wd.fail("encode " + name)
	}
	defer C.dv_free(buf)
	return bytes.Clone(unsafe.Slice((*byte)(buf), int(n))), nil
}

// header is what libvips read from a loaded image's header.
type header struct {
	width, height int // as stored
	pages         int
	orientation   int // EXIF 1–8 as libvips read it; 0 when absent
}

func headerOf(img *C.VipsImage) header {
	var w, h, pages, o C.int
	C.dv_header(img, &w, &h, &pages, &o)
	return header{width: int(w), height: int(h), pages: int(pages), orientation: int(o)}
}

func sizeOf(img *C.VipsImage) (int, int) {
	return int(C.dv_width(img)), int(C.dv_height(img))
}

// maxErrorLen bounds a libvips message inside one of our errors.
const maxErrorLen = 240

// takeError copies and clears libvips' error buffer. The buffer is on, and
// its lines the call's own, only while a call runs alone (see withLibvips);
// otherwise it is empty. We keep the last two distinct lines: the failure
// comes last, after the warnings that led to it.
func takeError() string {
	c := C.dv_take_error()
	defer C.dv_free(unsafe.Pointer(c))
	return tail(C.GoString(c))
}

func tail(buf string) string {
	var lines []string
	for _, l := range strings.Split(buf, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || len(lines) > 0 && lines[len(lines)-1] == l:
		case strings.HasPrefix(l, "(") && len(lines) > 0:
			// libheif's error code, e.g. "(6.1000)", on a line of its own.
			lines[len(lines)-1] += " " + l
		default:
			lines = append(lines, l)
		}
	}
	if len(lines) > 2 {
		lines = lines[len(lines)-2:]
	}
	msg := strings.Join(lines, "; ")
	if msg == "" {
		// Some libpng errors reach libvips only as warnings.
		return "the decoder gave no detail"
	}
	if len(msg) > maxErrorLen {
		cut := len(msg) - maxErrorLen
		for cut < len(msg) && !utf8.RuneStart(msg[cut]) {
			cut++
		}
		msg = "…" + msg[cut:]
	}
	return msg
}

// pixels copies out img's size and pixels, packed: what tests compare.
func pixels(img *C.VipsImage) (w, h int, pix []byte, err error) {
	var n C.size_t
	p := C.dv_pixels(img, &n)
	if p == nil {
		return 0, 0, nil, fmt.Errorf("derive: read pixels: %s", takeError())
	}
	defer C.dv_free(p)
	w, h = sizeOf(img)
	return w, h, bytes.Clone(unsafe.Slice((*byte)(p), int(n))), nil
}
