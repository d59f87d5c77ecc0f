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
	if px := int64(h.width) * int64(h.height); px > lim.maxPixels() {
		return nil, rejectf("image is %d×%d pixels, over the %s MP limit", h.width, h.height,
			strconv.FormatFloat(float64(lim.maxPixels())/1e6, 'g', -1, 64))
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

// decode makes the intermediate: decoded (with shrink-on-load), resized to
// the plan's largest size, in 8-bit sRGB on white, in memory, upright. It
// belongs to enc; everything before it to dec.
func decode(dec, enc *owner, src Source, in *C.VipsImage, h header, orient int, p plan, fail failOn) (*C.VipsImage, error) {
	tw, th := p.midW, p.midH // stored orientation: we turn last, when small
	if swaps(orient) {
		tw, th = th, tw
	}
	if src.Format == gallery.FormatJPEG || src.Format == gallery.FormatWebP {
		if s := loadShrink(h.width, h.height, tw, th); s > 1 {
			var err error
			if in, err = dec.load(src, s, fail); err != nil {
				return nil, err
			}
		}
	}
	img, err := dec.apply("unpack", in, unpack)
	if err != nil {
		return nil, err
	}
	if w, h := sizeOf(img); w != tw || h != th {
		if img, err = dec.apply("resize", img, resizeTo(tw, th)); err != nil {
			return nil, err
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
	return enc.apply("orient", mem, orientBy(orient))
}

// encode cuts and encodes every planned size from the intermediate.
func encode(enc *owner, mid *C.VipsImage, p plan) ([]Output, error) {
	mw, mh := sizeOf(mid)
	outs := make([]Output, len(p.outs))
	for i, t := range p.outs {
		img := mid
		var err error
		if t.w != mw || t.h != mh {
			if img, err = enc.apply("resize to "+t.size.Name, img, resizeTo(t.w, t.h)); err != nil {
				return nil, err
			}
		}
		if t.cropW != t.w || t.cropH != t.h {
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

// resizeTo resizes to exactly w×h: each axis has its own scale, so that
// rounding cannot leave a side one pixel off.
func resizeTo(w, h int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int {
		iw, ih := sizeOf(in)
		return C.dv_resize(in, C.double(float64(w)/float64(iw)), C.double(float64(h)/float64(ih)), out)
	}
}

func orientBy(o int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int { return C.dv_orient(in, C.int(o), out) }
}

func cropCentre(w, h int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int { return C.dv_crop_centre(in, C.int(w), C.int(h), out) }
}
