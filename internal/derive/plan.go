package derive

import (
	"cmp"
	"math"
	"slices"

	"imagier/internal/gallery"
)

// A plan is the geometry of one Make call, worked out from the header
// before any pixel is decoded. Widths and heights are as displayed, after
// orientation, unless a name says stored.
type plan struct {
	// mid is the size of the one intermediate image every output is cut
	// from: the largest any requested size needs, never above the source.
	midW, midH int
	outs       []target
	// order lists outs largest first, the order in which they are made.
	order []int
}

// A target is one output: resize to w×h, then, for a square, crop the
// centre cropW×cropH.
type target struct {
	size         gallery.Size
	w, h         int
	cropW, cropH int
	// from is the index in outs of the target whose w×h image this one is
	// resized from, or -1 for the intermediate. It is the smallest image
	// made before it that covers w×h: each resize then reads the fewest
	// pixels, and the small sizes cost a fraction of a resize of the
	// intermediate.
	from int
}

// newPlan plans sizes for an image displayed at w×h.
func newPlan(w, h int, sizes []gallery.Size) plan {
	p := plan{outs: make([]target, len(sizes))}
	best := 0.0
	for i, s := range sizes {
		t := targetFor(w, h, s)
		p.outs[i] = t
		// The intermediate is the largest resize, taken as computed so
		// that it is exactly that output's size.
		if sc := float64(t.w) / float64(w); sc > best {
			best, p.midW, p.midH = sc, t.w, t.h
		}
	}
	p.order = make([]int, len(sizes))
	for i := range p.order {
		p.order[i] = i
	}
	slices.SortStableFunc(p.order, func(a, b int) int {
		return cmp.Compare(p.outs[b].w*p.outs[b].h, p.outs[a].w*p.outs[a].h)
	})
	for k, i := range p.order {
		t := &p.outs[i]
		t.from = -1
		for _, j := range p.order[:k] {
			f := p.outs[j]
			if f.w >= t.w && f.h >= t.h && (t.from < 0 || f.w*f.h < p.outs[t.from].w*p.outs[t.from].h) {
				t.from = j
			}
		}
	}
	return p
}

// targetFor never upscales: a size larger than the image gives the image
// at its own size, and a square of a small image is its largest centred
// square.
func targetFor(w, h int, s gallery.Size) target {
	if s.Square {
		short := min(w, h)
		side := min(s.Long, short)
		rw, rh := scaleTo(w, h, short, side)
		return target{size: s, w: rw, h: rh, cropW: side, cropH: side}
	}
	rw, rh := scaleTo(w, h, max(w, h), min(s.Long, max(w, h)))
	return target{size: s, w: rw, h: rh, cropW: rw, cropH: rh}
}

// scaleTo scales w×h by to/from, rounding each side and keeping it at least
// one pixel; the side that was from becomes exactly to.
func scaleTo(w, h, from, to int) (int, int) {
	if from == to {
		return w, h
	}
	f := float64(to) / float64(from)
	return max(1, int(math.Round(float64(w)*f))), max(1, int(math.Round(float64(h)*f)))
}

// loadShrink is the shrink-on-load factor for a w×h stored image whose
// resize target is tw×th in the same orientation: the largest power of two
// up to 8 that still leaves at least tw×th pixels, so the decoder does the
// bulk of the reduction and the one resize only refines it.
func loadShrink(w, h, tw, th int) int {
	for _, s := range []int{8, 4, 2} {
		if w >= tw*s && h >= th*s {
			return s
		}
	}
	return 1
}

// swaps reports whether EXIF orientation o turns the image a quarter turn,
// so that displayed width is stored height.
func swaps(o int) bool { return o >= 5 && o <= 8 }
