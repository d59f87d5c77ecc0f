package derive

import (
	"bytes"
	"context"
	"image/color"
	"image/jpeg"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

func TestMakeSizes(t *testing.T) {
	tests := []struct {
		file   string
		format gallery.Format
		w, h   int // displayed
	}{
		{"cameras/jolla.jpg", gallery.FormatJPEG, 3264, 2448},
		{"cameras/HMD_Nokia_8.3_5G.jpg", gallery.FormatJPEG, 4608, 1976},
		{"cameras/Canon.jpg", gallery.FormatJPEG, 8, 8},
		{"formats/IMG_5195.HEIC", gallery.FormatHEIF, 2566, 3313},
		{"orientation/portrait_6.jpg", gallery.FormatJPEG, 450, 600},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			outs, err := Make(context.Background(), Source{Path: testmedia.Path(t, tt.file), Format: tt.format}, gallery.Sizes, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != len(gallery.Sizes) {
				t.Fatalf("got %d outputs, want %d", len(outs), len(gallery.Sizes))
			}
			for i, o := range outs {
				if o.Size != gallery.Sizes[i] {
					t.Errorf("output %d is %q, want %q", i, o.Size.Name, gallery.Sizes[i].Name)
				}
				checkDims(t, o, tt.w, tt.h)
				if o.Truncated {
					t.Errorf("%s: got Truncated on a sound file", o.Size.Name)
				}
			}
		})
	}
}

// checkDims checks an output's size against the displayed source size, and
// its JPEG's against both.
func checkDims(t *testing.T, o Output, w, h int) {
	t.Helper()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(o.JPEG))
	if err != nil {
		t.Fatalf("%s: %v", o.Size.Name, err)
	}
	if cfg.Width != o.Width || cfg.Height != o.Height || cfg.ColorModel != color.YCbCrModel {
		t.Errorf("%s: JPEG is %d×%d %T, Output says %d×%d YCbCr", o.Size.Name, cfg.Width, cfg.Height, cfg.ColorModel, o.Width, o.Height)
	}
	if o.Size.Square {
		side := min(o.Size.Long, w, h)
		if o.Width != side || o.Height != side {
			t.Errorf("%s: got %d×%d, want %d×%d", o.Size.Name, o.Width, o.Height, side, side)
		}
		return
	}
	long := min(o.Size.Long, max(w, h)) // never upscaled
	gotLong, gotShort := max(o.Width, o.Height), min(o.Width, o.Height)
	wantShort := float64(min(w, h)) * float64(long) / float64(max(w, h))
	if gotLong != long || math.Abs(float64(gotShort)-wantShort) > 1 {
		t.Errorf("%s: got %d×%d, want long side %d and short side %.1f±1", o.Size.Name, o.Width, o.Height, long, wantShort)
	}
	if (o.Width >= o.Height) != (w >= h) {
		t.Errorf("%s: got %d×%d, want the shape of %d×%d", o.Size.Name, o.Width, o.Height, w, h)
	}
}

// A derivative carries no metadata: GPS must never leak through a
// thumbnail, nor anything else from the original.
func TestMakeStripsMetadata(t *testing.T) {
	tests := []struct {
		file   string
		format gallery.Format
	}{
		{"cameras/HMD_Nokia_8.3_5G.jpg", gallery.FormatJPEG},
		{"gps/gps-2000-scaled.jpg", gallery.FormatJPEG},
		{"gps/png_with_exif_and_gps.png", gallery.FormatPNG},
		{"gps/HTC_Desire.webp", gallery.FormatWebP},
		{"formats/IMG_5195.HEIC", gallery.FormatHEIF},
		{"formats/jpg-24bit-icc-adobe-rgb.jpg", gallery.FormatJPEG},
		{"malicious/payload_in_all_known_metadata.jpg", gallery.FormatJPEG},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			outs, err := Make(context.Background(), Source{Path: testmedia.Path(t, tt.file), Format: tt.format}, gallery.Sizes, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range outs {
				if segs := appSegments(t, o.JPEG); len(segs) != 0 {
					t.Errorf("%s: got APPn/COM segments %q, want none", o.Size.Name, segs)
				}
			}
		})
	}
}

func TestNewPlan(t *testing.T) {
	sq, thumb, medium, xxl := mustSize(t, "square"), mustSize(t, "thumb"), mustSize(t, "medium"), mustSize(t, "xxlarge")
	tests := []struct {
		name       string
		w, h       int
		sizes      []gallery.Size
		midW, midH int
		outs       [][4]int // w, h, cropW, cropH
	}{
		{"import sizes from a 4:3 photo", 3264, 2448, gallery.ImportSizes(), 792, 594,
			[][4]int{{160, 120, 120, 120}, {144, 108, 144, 108}, {792, 594, 792, 594}}},
		// The square needs a short side of 120: more than thumb gives.
		{"square and thumb of a panorama", 4608, 1976, []gallery.Size{sq, thumb}, 280, 120,
			[][4]int{{280, 120, 120, 120}, {144, 62, 144, 62}}},
		{"tiny image is never upscaled", 8, 6, []gallery.Size{sq, medium}, 8, 6,
			[][4]int{{8, 6, 6, 6}, {8, 6, 8, 6}}},
		{"portrait", 2566, 3313, []gallery.Size{xxl, thumb}, 1283, 1656,
			[][4]int{{1283, 1656, 1283, 1656}, {112, 144, 112, 144}}},
		{"very thin strip keeps a pixel", 10000, 3, []gallery.Size{thumb}, 144, 1,
			[][4]int{{144, 1, 144, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlan(tt.w, tt.h, tt.sizes)
			if p.midW != tt.midW || p.midH != tt.midH {
				t.Errorf("got intermediate %d×%d, want %d×%d", p.midW, p.midH, tt.midW, tt.midH)
			}
			var got [][4]int
			for _, o := range p.outs {
				got = append(got, [4]int{o.w, o.h, o.cropW, o.cropH})
			}
			if diff := cmp.Diff(tt.outs, got); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
		})
	}
}

// Each size is cut from the smallest size made before it that covers it,
// largest first, and never from a size too small for it.
func TestPlanChain(t *testing.T) {
	sq, thumb, small, medium := mustSize(t, "square"), mustSize(t, "thumb"), mustSize(t, "small"), mustSize(t, "medium")
	tests := []struct {
		name  string
		w, h  int
		sizes []gallery.Size
		order []string
		from  map[string]string // "" is the intermediate
	}{
		{"import sizes: the thumb comes from the square's 160×120", 4000, 3000, gallery.ImportSizes(),
			[]string{"medium", "square", "thumb"},
			map[string]string{"medium": "", "square": "medium", "thumb": "square"}},
		// The square of a panorama is 280×120 before its crop, which
		// small (576×247) covers.
		{"panorama", 4608, 1976, []gallery.Size{thumb, sq, small, medium},
			[]string{"medium", "small", "square", "thumb"},
			map[string]string{"medium": "", "small": "medium", "square": "small", "thumb": "square"}},
		// Both are the 8×6 image itself: medium takes the square's
		// uncropped image as it is, with no resize.
		{"tiny image", 8, 6, []gallery.Size{sq, medium},
			[]string{"square", "medium"},
			map[string]string{"square": "", "medium": "square"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlan(tt.w, tt.h, tt.sizes)
			var order []string
			from := map[string]string{}
			for _, i := range p.order {
				o := p.outs[i]
				order = append(order, o.size.Name)
				if o.from >= 0 {
					f := p.outs[o.from]
					from[o.size.Name] = f.size.Name
					if f.w < o.w || f.h < o.h {
						t.Errorf("%s (%d×%d) is cut from %s (%d×%d), which is smaller", o.size.Name, o.w, o.h, f.size.Name, f.w, f.h)
					}
				} else {
					from[o.size.Name] = ""
				}
			}
			if diff := cmp.Diff(tt.order, order); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.from, from); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadShrink(t *testing.T) {
	tests := []struct {
		w, h, tw, th int
		want         int
	}{
		{6000, 4000, 792, 528, 4},   // 1500×1000 still covers 792×528
		{6000, 4000, 1656, 1104, 2}, // 3000×2000
		{6000, 4000, 160, 107, 8},   // never more than libjpeg's 1/8
		{4608, 1976, 280, 120, 8},
		{3264, 2448, 792, 594, 4},
		{1000, 800, 792, 634, 1},
		{1584, 1188, 792, 594, 2}, // exactly twice: still enough
	}
	for _, tt := range tests {
		if got := loadShrink(tt.w, tt.h, tt.tw, tt.th); got != tt.want {
			t.Errorf("loadShrink(%d, %d, %d, %d) = %d, want %d", tt.w, tt.h, tt.tw, tt.th, got, tt.want)
		}
	}
}
