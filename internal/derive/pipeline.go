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
	img, err := dec.step("unpack", func(out **C.VipsImage) C.int { return C.dv_decode(in, out) })
	if err != nil {
		return nil, err
	}
	if w, h := sizeOf(img); w != tw || h != th {
		hs, vs := float64(tw)/float64(w), float64(th)/float64(h)
		img, err = dec.step("resize", func(out **C.VipsImage) C.int { return C.dv_resize(img, C.double(hs), C.double(vs), out) })
		if err != nil {
			return nil, err
		}
	}
	if img, err = dec.step("convert to sRGB", func(out **C.VipsImage) C.int { return C.dv_to_srgb8(img, out) }); err != nil {
		return nil, err
	}
	if img, err = dec.step("flatten", func(out **C.VipsImage) C.int { return C.dv_flatten_white(img, out) }); err != nil {
		return nil, err
	}
	// Pixels are decoded here, the only full pass over the file.
	mem, err := enc.step("decode "+string(src.Format), func(out **C.VipsImage) C.int { return C.dv_copy_memory(img, out) })
	if err != nil {
		return nil, err
	}
	enc.wd.watch(mem)
	return enc.step("orient", func(out **C.VipsImage) C.int { return C.dv_orient(mem, C.int(orient), out) })
}

// encode cuts and encodes every planned size from the intermediate.
func encode(enc *owner, mid *C.VipsImage, p plan) ([]Output, error) {
	mw, mh := sizeOf(mid)
	outs := make([]Output, len(p.outs))
	for i, t := range p.outs {
		img := mid
		var err error
		if t.w != mw || t.h != mh {
			hs, vs := float64(t.w)/float64(mw), float64(t.h)/float64(mh)
			img, err = enc.step("resize to "+t.size.Name, func(out **C.VipsImage) C.int { return C.dv_resize(mid, C.double(hs), C.double(vs), out) })
			if err != nil {
				return nil, err
			}
		}
		if w, h := sizeOf(img); w != t.cropW || h != t.cropH {
			src := img
			img, err = enc.step("crop "+t.size.Name, func(out **C.VipsImage) C.int {
				return C.dv_crop_centre(src, C.int(t.cropW), C.int(t.cropH), out)
			})
			if err != nil {
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
