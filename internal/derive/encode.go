package derive

// #include "glue.h"
import "C"

import (
	"context"
	"errors"
	"fmt"
	"unsafe"

	"imagier/internal/gallery"
)

// EncodeJPEG encodes packed 8-bit RGB pixels (w*h*3 bytes, rows top to
// bottom) as a baseline JPEG of the given quality (1–100). When exif is not
// empty it is embedded as the APP1 "Exif" segment: exif is the TIFF
// structure that follows "Exif\0\0", as our metadata code reads and writes
// it. It makes sample and benchmark images quickly; it does not optimise
// Huffman tables.
func EncodeJPEG(rgb []byte, w, h, quality int, exif []byte) ([]byte, error) {
	if err := Init(); err != nil {
		return nil, err
	}
	switch {
	case w <= 0 || h <= 0:
		return nil, fmt.Errorf("derive: encode %d×%d pixels: %w", w, h, gallery.ErrInvalid)
	case len(rgb) != w*h*3:
		return nil, fmt.Errorf("derive: encode %d×%d pixels from %d bytes, want %d: %w", w, h, len(rgb), w*h*3, gallery.ErrInvalid)
	case quality < 1 || quality > 100:
		return nil, fmt.Errorf("derive: JPEG quality %d is outside 1–100: %w", quality, gallery.ErrInvalid)
	case len(exif) > maxAPP1Payload:
		return nil, fmt.Errorf("derive: %d bytes of EXIF do not fit one APP1 segment: %w", len(exif), gallery.ErrInvalid)
	}

	return withLibvips(context.Background(), func() ([]byte, error) { return encodeJPEG(rgb, w, h, quality, exif) })
}

func encodeJPEG(rgb []byte, w, h, quality int, exif []byte) ([]byte, error) {
	wd := newWatchdog(context.Background())
	defer wd.close()
	o := &owner{wd: wd}
	defer o.close()
	img, err := o.step("import pixels", fromRGB(rgb, w, h))
	if err != nil {
		return nil, err
	}
	var buf unsafe.Pointer
	var n C.size_t
	if C.dv_save_jpeg(img, C.int(quality), 0, 0, &buf, &n) != 0 {
		return nil, vipsError{fmt.Errorf("derive: encode JPEG: %s", takeError())}
	}
	defer C.dv_free(buf)
	jpeg := unsafe.Slice((*byte)(buf), int(n))
	if len(exif) == 0 {
		return append([]byte(nil), jpeg...), nil
	}
	return withExif(jpeg, exif)
}

// fromRGB makes a libvips image of packed 8-bit RGB pixels, copied.
func fromRGB(rgb []byte, w, h int) func(out **C.VipsImage) C.int {
	return func(out **C.VipsImage) C.int {
		return C.dv_from_rgb(unsafe.Pointer(unsafe.SliceData(rgb)), C.size_t(len(rgb)), C.int(w), C.int(h), out)
	}
}

// exifHeader starts an APP1 EXIF payload.
const exifHeader = "Exif\x00\x00"

// maxAPP1Payload is what fits in one APP1 segment after its header: the
// 16-bit segment length counts itself.
const maxAPP1Payload = 0xFFFF - 2 - len(exifHeader)

// withExif copies jpeg with an APP1 EXIF segment inserted after SOI and any
// JFIF APP0, which is where readers look for it.
func withExif(jpeg, exif []byte) ([]byte, error) {
	if len(jpeg) < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 {
		return nil, errors.New("derive: encoder output does not start with SOI")
	}
	at := 2
	if jpeg[2] == 0xFF && jpeg[3] == 0xE0 && len(jpeg) >= 6 {
		at = 4 + (int(jpeg[4])<<8 | int(jpeg[5]))
	}
	if at > len(jpeg) {
		return nil, errors.New("derive: encoder output has a bad APP0 segment")
	}
	segLen := 2 + len(exifHeader) + len(exif)
	out := make([]byte, 0, len(jpeg)+2+segLen)
	out = append(out, jpeg[:at]...)
	out = append(out, 0xFF, 0xE1, byte(segLen>>8), byte(segLen))
	out = append(out, exifHeader...)
	out = append(out, exif...)
	return append(out, jpeg[at:]...), nil
}
