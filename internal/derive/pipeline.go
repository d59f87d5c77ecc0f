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
	kernel := C.VipsKernel(C.VIPS_KERNEL_LANCZOS3)
	if src.Format == gallery.FormatJPEG || src.Format == gallery.FormatWebP {
		if s := loadShrink(h.width, h.height, tw, th); s > 1 {
			var err error
			if in, err = dec.load(src, s, fail); err != nil {
				return nil, err
			}
			// The decoder has done the bulk of the reduction and left
			// less than a factor of two, where Lanczos2 looks like
			// Lanczos3 with two thirds of the taps: libvips' horizontal
			// pass, whose cost grows with the taps, is the costliest step
			// after the decode itself (6 taps instead of 9 from a
			// 4000-pixel photo to 792).
			kernel = C.VIPS_KERNEL_LANCZOS2
		}
	}
	img, err := dec.apply("unpack", in, unpack)
	if err != nil {
		return nil, err
	}
	if w, h := sizeOf(img); w != tw || h != th {
		if img, err = dec.apply("resize", img, resizeTo(tw, th, kernel)); err != nil {
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
		if w, h := sizeOf(img); w != t.w || h != t.h {
			var err error
			if img, err = enc.apply("resize to "+t.size.Name, img, cutTo(t.w, t.h)); err != nil {
				return nil, err
			}
			if img, err = enc.apply("compute "+t.size.Name, img, copyMemory); err != nil {
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

// cutTo resizes an opaque in-memory image to exactly w×h, like resizeTo,
// for a size cut from the intermediate or from a larger size.
func cutTo(w, h int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int {
		iw, ih := sizeOf(in)
		return C.dv_cut(in, C.double(float64(w)/float64(iw)), C.double(float64(h)/float64(ih)), out)
	}
}

func orientBy(o int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int { return C.dv_orient(in, C.int(o), out) }
}

func cropCentre(w, h int) stepFunc {
	return func(in *C.VipsImage, out **C.VipsImage) C.int { return C.dv_crop_centre(in, C.int(w), C.int(h), out) }
}
