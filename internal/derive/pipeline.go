package derive

// #include "glue.h"
import "C"

import (
	"context"
	"strconv"

	"imagier/internal/gallery"
)

// makeWith is one pass of Make, decoding with the given tolerance.
func makeWith(ctx context.Context, src Source, sizes []gallery.Size, lim Limits, fail failOn) ([]Output, error) {
	wd := newWatchdog(ctx)
	defer wd.close()
	dec := &owner{wd: wd}
	defer dec.close()
	enc := &owner{wd: wd}
	defer enc.close()

	in, err := dec.load(src, 1, fail)
	if err != nil {
		return nil, err
	}
	h := headerOf(in)
	if err := checkShape(h, lim); err != nil {
		return nil, err
	}
	info := infoOf(src, h)
	p := newPlan(info.Width, info.Height, sizes)

	mid, err := decode(dec, enc, src, in, h, info.Orientation, p, fail)
	if err != nil {
		if wd.err() == nil {
			err = decodeError{err}
		}
		return nil, err
	}
	dec.close() // the decoder's buffers are no longer needed
	return encode(enc, mid, p)
}

// checkShape refuses, from the header, an image over the pixel limit or
// MaxAspect, before any pixel is decoded: either would cost more memory
// than the image is worth.
func checkShape(h header, lim Limits) error {
	w, ht := int64(h.width), int64(h.height)
	if w*ht > lim.maxPixels() {
		return limitf("image is %d×%d pixels, over the %s MP limit", w, ht,
			strconv.FormatFloat(float64(lim.maxPixels())/1e6, 'g', -1, 64))
	}
	if max(w, ht) > MaxAspect*min(w, ht) {
		return limitf("image is %d×%d pixels, over the %d:1 aspect ratio limit", w, ht, MaxAspect)
	}
	return nil
}

// decode makes the intermediate: decoded (with shrink-on-load), resized to
// the plan's largest size, in 8-bit sRGB on white, in memory, upright. It
// belongs to enc; everything before it to dec.
func decode(dec, enc *owner, src Source, in *C.VipsImage, h header, orient int, p plan, fail failOn) (*C.VipsImage, error) {
	tw, th := p.midW, p.midH // stored orientation: we turn last, when small
	if swaps(orient) {
		tw, th = th, tw
	}
	kernel := C.VipsKernel(C.VIPS_KERNEL_LANCZOS3)
	ourWidth := false // narrow with dv_reduce_width once decoded
	if src.Format == gallery.FormatJPEG || src.Format == gallery.FormatWebP {
		if s := loadShrink(h.width, h.height, tw, th); s > 1 {
			var err error
			if in, err = dec.load(src, s, fail); err != nil {
				return nil, err
			}
			// The decoder has done the bulk of the reduction and left
			// less than a factor of two, where Lanczos2 looks like
			// Lanczos3 with two thirds of the taps. libvips makes the
			// height (its vertical pass is vectorised); the width is
			// narrowed after the decode by our own pass, which takes
			// under half the time of libvips' horizontal one.
			kernel = C.VIPS_KERNEL_LANCZOS2
			ourWidth = true
		}
	}
	img, err := dec.apply("unpack", in, unpack)
	if err != nil {
		return nil, err
	}
	if w, h := sizeOf(img); w != tw || h != th {
		rw := tw
		if ourWidth {
			rw = w
		}
		if rw != w || h != th {
			if img, err = dec.apply("resize", img, resizeTo(rw, th, kernel)); err != nil {
				return nil, err
			}
		}
	}
	if img, err = dec.apply("convert to sRGB", img, toSRGB8); err != nil {
		return nil, err
	}
	if img, err = dec.apply("flatten", img, flattenWhite); err != nil {
		return nil, err
	}
	// Pixels are decoded here, the only full pass over the file.
	mem, err := enc.apply("decode "+string(src.Format), img, copyMemory)
	if err != nil {
		return nil, err
	}
	enc.wd.watch(mem)
	if w, _ := sizeOf(mem); w != tw {
		if mem, err = enc.apply("narrow", mem, narrowTo(tw, 2)); err != nil {
			return nil, err
		}
	}
	return enc.apply("orient", mem, orientBy(orient))
}

// encode cuts and encodes every planned size, largest first, each from the
// image the plan names: the intermediate or a larger size made before it.
// Each resized image is computed into memory once, because the next sizes
// read it again.
func encode(enc *owner, mid *C.VipsImage, p plan) ([]Output, error) {
	made := make([]*C.VipsImage, len(p.outs)) // resized, not yet cropped
	outs := make([]Output, len(p.outs))
	for _, i := range p.order {
		t := p.outs[i]
		img := mid
		if t.from >= 0 {
			img = made[t.from]
		}
		// Height first: the width pass, which costs more per sample,
		// then reads fewer rows.
		if _, h := sizeOf(img); h != t.h {
			var err error
			if img, err = enc.apply("shorten to "+t.size.Name, img, shortenTo(t.h, 3)); err != nil {
				return nil, err
			}
		}
		if w, _ := sizeOf(img); w != t.w {
			var err error
			if img, err = enc.apply("narrow to "+t.size.Name, img, narrowTo(t.w, 3)); err != nil {
				return nil, err
			}
		}
		made[i] = img
		if t.cropW != t.w || t.cropH != t.h {
			var err error
			if img, err = enc.apply("crop "+t.size.Name, img, cropCentre(t.cropW, t.cropH)); err != nil {
				return nil, err
			}
		}
		w, h := sizeOf(img)
		jpeg, err := enc.saveJPEG(t.size.Name, img, Quality, max(w, h) >= progressiveFrom)
		if err != nil {
			return nil, err
		}
		outs[i] = Output{Size: t.size, JPEG: jpeg, Width: w, Height: h}
	}
	return outs, nil
}

// Steps for owner.apply, each a C step of glue.c.

func unpack(in *C.VipsImage, out **C.VipsImage) C.int       { return C.dv_decode(in, out) }
func toSRGB8(in *C.VipsImage, out **C.VipsImage) C.int      { return C.dv_to_srgb8(in, out) }
func flattenWhite(in *C.VipsImage, out **C.VipsImage) C.int { return C.dv_flatten_white(in, out) }
func copyMemory(in *C.VipsImage, out **C.VipsImage) C.int   { return C.dv_copy_memory(in, out) }

// resizeTo resizes to exactly w×h with the given kernel: each axis has its
// own scale, so that rounding cannot leave a side one pixel off.
func resizeTo(w, h int, kernel C.VipsKernel) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int {
		iw, ih := sizeOf(in)
		return C.dv_resize(in, C.double(float64(w)/float64(iw)), C.double(float64(h)/float64(ih)), kernel, out)
	}
}

// narrowTo narrows an 8-bit image in memory to w pixels with a Lanczos
// filter of the given lobes (2 or 3).
func narrowTo(w, lobes int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int {
		return C.dv_reduce_width(in, C.int(w), C.int(lobes), out)
	}
}

// reduceBy is libvips' own Lanczos reduction by the given factors, with no
// box shrink first: what narrowTo and shortenTo are checked against.
func reduceBy(hshrink, vshrink float64, lobes int) stepFunc {
	kernel := C.VipsKernel(C.VIPS_KERNEL_LANCZOS3)
	if lobes == 2 {
		kernel = C.VIPS_KERNEL_LANCZOS2
	}
	return func(in *C.VipsImage, out **C.VipsImage) C.int {
		return C.dv_reduce(in, C.double(hshrink), C.double(vshrink), kernel, out)
	}
}

// shortenTo is narrowTo for the height.
func shortenTo(h, lobes int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int {
		return C.dv_reduce_height(in, C.int(h), C.int(lobes), out)
	}
}

func orientBy(o int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int { return C.dv_orient(in, C.int(o), out) }
}

func cropCentre(w, h int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int { return C.dv_crop_centre(in, C.int(w), C.int(h), out) }
}
