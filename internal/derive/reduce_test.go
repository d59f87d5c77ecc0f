package derive

import (
	"context"
	"image"
	"regexp"
	"testing"
)

// rgbImage is an image as packed RGB bytes.
type rgbImage struct {
	w, h int
	pix  []byte
}

func rgbOf(img *image.RGBA, r image.Rectangle) rgbImage {
	out := rgbImage{w: r.Dx(), h: r.Dy()}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			out.pix = append(out.pix, c.R, c.G, c.B)
		}
	}
	return out
}

// reduced reduces src to w×h (one of them src's own) with our pass,
// narrowTo or shortenTo, and with libvips' vips_reduce.
func reduced(t *testing.T, src rgbImage, w, h, lobes int) (ours, theirs rgbImage) {
	t.Helper()
	wd := newWatchdog(context.Background())
	defer wd.close()
	o := &owner{wd: wd}
	defer o.close()
	in, err := o.step("import pixels", fromRGB(src.pix, src.w, src.h))
	if err != nil {
		t.Fatal(err)
	}
	step := narrowTo(w, lobes)
	if w == src.w {
		step = shortenTo(h, lobes)
	}
	a, err := o.apply("ours", in, step)
	if err != nil {
		t.Fatal(err)
	}
	b, err := o.apply("libvips", in, reduceBy(float64(src.w)/float64(w), float64(src.h)/float64(h), lobes))
	if err != nil {
		t.Fatal(err)
	}
	if ours.w, ours.h, ours.pix, err = pixels(a); err != nil {
		t.Fatal(err)
	}
	if theirs.w, theirs.h, theirs.pix, err = pixels(b); err != nil {
		t.Fatal(err)
	}
	return ours, theirs
}

// The passes of reduce.c give what libvips' vips_reduce gives, to within
// rounding, on a real photo: the sizes and factors the importer uses.
// libvips quantises the filter's phase, and its vectorised vertical pass
// rounds the weights more coarsely still: hence the larger largest
// difference for a long vertical filter.
func TestReduceMatchesLibvips(t *testing.T) {
	photo := decodeFileRGBA(t, "cameras/jolla.jpg")
	src := rgbOf(photo, image.Rect(1000, 800, 1800, 1400)) // 800×600 of detail
	tests := []struct {
		name      string
		w, h      int
		lobes     int
		mean, max float64
	}{
		{"width after shrink-on-load", 634, 600, 2, 0.5, 4},
		{"height after shrink-on-load", 800, 476, 2, 0.5, 4},
		{"width of a square", 160, 600, 3, 0.5, 4},
		{"height of a square", 800, 120, 3, 0.5, 6},
		{"width of a thumb", 720, 600, 3, 0.5, 4},
		{"by a factor of 2", 400, 600, 3, 0.5, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ours, theirs := reduced(t, src, tt.w, tt.h, tt.lobes)
			if ours.w != tt.w || ours.h != tt.h || theirs.w != tt.w || theirs.h != tt.h {
				t.Fatalf("got %d×%d and libvips %d×%d, want %d×%d", ours.w, ours.h, theirs.w, theirs.h, tt.w, tt.h)
			}
			var sum, worst float64
			for i := range ours.pix {
				d := float64(ours.pix[i]) - float64(theirs.pix[i])
				if d < 0 {
					d = -d
				}
				sum += d
				worst = max(worst, d)
			}
			mean := sum / float64(len(ours.pix))
			t.Logf("mean difference %.3f, largest %.0f", mean, worst)
			if mean > tt.mean || worst > tt.max {
				t.Errorf("mean difference %.3f (want ≤ %.1f), largest %.0f (want ≤ %.0f)", mean, tt.mean, worst, tt.max)
			}
		})
	}
}

// A flat area stays exactly flat, up to the image's edges: the weights of
// every output pixel add up to one, edge taps included.
func TestReduceKeepsFlat(t *testing.T) {
	src := rgbImage{w: 97, h: 61}
	for range src.w * src.h {
		src.pix = append(src.pix, 37, 200, 255)
	}
	for _, tt := range []struct{ w, h, lobes int }{{13, 61, 3}, {97, 7, 3}, {80, 61, 2}, {97, 50, 2}, {1, 61, 3}, {97, 1, 2}} {
		ours, _ := reduced(t, src, tt.w, tt.h, tt.lobes)
		for i := 0; i < len(ours.pix); i += 3 {
			if ours.pix[i] != 37 || ours.pix[i+1] != 200 || ours.pix[i+2] != 255 {
				t.Fatalf("%d×%d, Lanczos%d: pixel %d is %v, want [37 200 255]", tt.w, tt.h, tt.lobes, i/3, ours.pix[i:i+3])
			}
		}
	}
}

// Sizes the passes cannot make are refused, not read out of bounds.
func TestReduceRefuses(t *testing.T) {
	src := rgbImage{w: 8, h: 6, pix: make([]byte, 8*6*3)}
	wd := newWatchdog(context.Background())
	defer wd.close()
	o := &owner{wd: wd}
	defer o.close()
	in, err := o.step("import pixels", fromRGB(src.pix, src.w, src.h))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		step stepFunc
	}{
		{"wider", narrowTo(9, 3)},
		{"taller", shortenTo(7, 3)},
		{"no width", narrowTo(0, 3)},
		{"no height", shortenTo(0, 3)},
		{"four lobes", narrowTo(4, 4)},
	} {
		if _, err := o.apply(tt.name, in, tt.step); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// A reduction whose filter would hold more than reduce.c's bound of
// weights fails, with a reason, rather than take the memory: narrowing
// 8,000,000 pixels to 792 once asked for 192 MB, and had the allocation
// failed, g_new would have aborted the process. It runs alone so that
// libvips' reason is kept (see withLibvips).
func TestReduceRefusesHugeFilter(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		step stepFunc
	}{
		{"width", 2_000_000, 1, narrowTo(792, 3)},
		{"height", 1, 2_000_000, shortenTo(792, 3)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := alone(context.Background(), func() (struct{}, error) {
				wd := newWatchdog(context.Background())
				defer wd.close()
				o := &owner{wd: wd}
				defer o.close()
				in, err := o.step("import pixels", fromRGB(make([]byte, tt.w*tt.h*3), tt.w, tt.h))
				if err == nil {
					_, err = o.apply("reduce", in, tt.step)
				}
				return struct{}{}, err
			})
			want := regexp.MustCompile(`reduce: 2000000 to 792 pixels needs \d+ filter weights, over 1048576$`)
			if err == nil || !want.MatchString(err.Error()) {
				t.Fatalf("got %v, want an error matching %q", err, want)
			}
		})
	}
}
