package derive

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"strconv"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// Thresholds on the mean absolute difference per channel (0–255) between
// a derivative and its upright reference. Our Q82 re-encode of fixtures that
// are themselves lossy (and 4:4:4, for landscape_*) measures 2–7 when the
// picture is upright; every wrong turn or mirror of these pictures measures
// 40 or more. Half-way on a log scale leaves room both ways.
const (
	uprightMAD = 12
	wrongMAD   = 24
)

// checkUpright fails unless got matches ref within uprightMAD, and differs
// from every other orientation of ref of the same size by more than
// wrongMAD, which shows that the comparison could tell.
func checkUpright(t *testing.T, got, ref *image.RGBA, inside func(x, y int) bool) {
	t.Helper()
	if got.Rect.Size() != ref.Rect.Size() {
		t.Fatalf("got %v pixels, want %v", got.Rect.Size(), ref.Rect.Size())
	}
	if d := mad(t, got, ref, inside); d > uprightMAD {
		t.Errorf("got mean difference %.1f from the upright picture, want at most %d", d, uprightMAD)
	}
	for o := 2; o <= 8; o++ {
		wrong := orient(ref, o)
		if wrong.Rect.Size() != got.Rect.Size() {
			continue
		}
		if d := mad(t, got, wrong, inside); d <= wrongMAD {
			t.Errorf("got mean difference %.1f from the picture in orientation %d, want over %d: the test cannot tell them apart", d, o, wrongMAD)
		}
	}
}

func TestOrientationEXIF(t *testing.T) {
	landscape := decodeFileRGBA(t, "orientation/landscape_1.jpg")
	portrait := decodeFileRGBA(t, "orientation/portrait_1.jpg")
	// There is no hopper_orientation_1: hopper_lzw.tif is the same picture
	// stored upright, losslessly, and its derivative is the reference.
	hopper := decodeRGBA(t, makeOne(t, "formats/hopper_lzw.tif", gallery.FormatTIFF, "medium").JPEG)

	type tc struct {
		file   string
		format gallery.Format
		ref    func(t *testing.T) *image.RGBA
	}
	var cases []tc
	for n := 1; n <= 8; n++ {
		cases = append(cases,
			tc{fmt.Sprintf("landscape_%d.jpg", n), gallery.FormatJPEG, func(*testing.T) *image.RGBA { return landscape }},
			tc{fmt.Sprintf("portrait_%d.jpg", n), gallery.FormatJPEG, func(*testing.T) *image.RGBA { return portrait }},
		)
		if n == 1 {
			continue
		}
		jpg := fmt.Sprintf("hopper_orientation_%d.jpg", n)
		cases = append(cases,
			// The JPEG's own stored pixels, turned by our reading of the
			// EXIF table rather than by libvips.
			tc{jpg, gallery.FormatJPEG, func(t *testing.T) *image.RGBA {
				return orient(decodeFileRGBA(t, "orientation/"+jpg), n)
			}},
			tc{fmt.Sprintf("hopper_orientation_%d.webp", n), gallery.FormatWebP, func(*testing.T) *image.RGBA { return hopper }},
		)
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			out := makeOne(t, "orientation/"+c.file, c.format, "medium")
			checkUpright(t, decodeRGBA(t, out.JPEG), c.ref(t), nil)
		})
	}
}

// Source.Orientation wins over the file's tag: it is how orientation kept
// only in XMP reaches derive, since libvips reads EXIF only.
func TestOrientationFromSource(t *testing.T) {
	tests := []struct {
		file   string
		format gallery.Format
		orient int
	}{
		{"orientation/landscape_1.jpg", gallery.FormatJPEG, 6},
		{"orientation/landscape_6.jpg", gallery.FormatJPEG, 1},
		{"orientation/xmp_tags_orientation.png", gallery.FormatPNG, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.file, tt.orient), func(t *testing.T) {
			// Orientation 1 shows the stored pixels; any other must be
			// those pixels turned.
			stored := mustMake(t, Source{Path: testmedia.Path(t, tt.file), Format: tt.format, Orientation: 1}, "medium")
			got := mustMake(t, Source{Path: testmedia.Path(t, tt.file), Format: tt.format, Orientation: tt.orient}, "medium")
			checkUpright(t, decodeRGBA(t, got.JPEG), orient(decodeRGBA(t, stored.JPEG), tt.orient), nil)
		})
	}
}

func mustMake(t testing.TB, src Source, size string) Output {
	t.Helper()
	outs, err := Make(context.Background(), src, []gallery.Size{mustSize(t, size)}, Limits{})
	if err != nil {
		t.Fatalf("Make(%s): %v", src.Path, err)
	}
	return outs[0]
}

// AVIF irot/imir are applied by libheif; nothing may turn the picture again,
// whatever orientation our metadata claims. Each rotXmirY.avif shows the
// same upright field with its own label in the middle.
func TestOrientationHEIF(t *testing.T) {
	manifest := map[string]testmedia.Entry{}
	for _, e := range testmedia.Manifest(t) {
		manifest[e.Path] = e
	}
	ref := decodeRGBA(t, makeOne(t, "orientation/rot0mir0.avif", gallery.FormatHEIF, "medium").JPEG)
	// Leave out the label, which differs from file to file.
	outsideLabel := func(x, y int) bool {
		w, h := ref.Rect.Dx(), ref.Rect.Dy()
		return x < w*3/10 || x > w*85/100 || y < h*28/100 || y > h*75/100
	}
	for rot := 0; rot < 4; rot++ {
		for mir := 0; mir < 2; mir++ {
			rel := fmt.Sprintf("orientation/rot%dmir%d.avif", rot, mir)
			t.Run(rel, func(t *testing.T) {
				// exiftool reports the coded (ispe) size; a quarter turn
				// swaps it.
				e := manifest[rel]
				w, _ := strconv.Atoi(e.Width)
				h, _ := strconv.Atoi(e.Height)
				if rot%2 == 1 {
					w, h = h, w
				}
				out := mustMake(t, Source{Path: testmedia.Path(t, rel), Format: gallery.FormatHEIF}, "medium")
				if out.Width != w || out.Height != h {
					t.Fatalf("got %d×%d, want %d×%d", out.Width, out.Height, w, h)
				}
				checkUpright(t, decodeRGBA(t, out.JPEG), ref, outsideLabel)
				claimed := mustMake(t, Source{Path: testmedia.Path(t, rel), Format: gallery.FormatHEIF, Orientation: 6}, "medium")
				if !bytes.Equal(claimed.JPEG, out.JPEG) {
					t.Errorf("Orientation 6 from metadata changed the output: it must be ignored for HEIF")
				}
			})
		}
	}
}

func TestHeaderOrientation(t *testing.T) {
	tests := []struct {
		file         string
		format       gallery.Format
		orient       int
		wantW, wantH int
	}{
		{"orientation/landscape_6.jpg", gallery.FormatJPEG, 0, 600, 450},
		{"orientation/landscape_6.jpg", gallery.FormatJPEG, 1, 450, 600},
		{"orientation/portrait_8.jpg", gallery.FormatJPEG, 0, 450, 600},
		{"orientation/hopper_orientation_6.webp", gallery.FormatWebP, 0, 128, 128},
		{"orientation/rot1mir0.avif", gallery.FormatHEIF, 6, 640, 427},
		{"formats/IMG_5195.HEIC", gallery.FormatHEIF, 0, 2566, 3313},
		{"cameras/HMD_Nokia_8.3_5G.jpg", gallery.FormatJPEG, 0, 4608, 1976},
	}
	for _, tt := range tests {
		name := strings.TrimPrefix(tt.file, "orientation/") + "/" + strconv.Itoa(tt.orient)
		t.Run(name, func(t *testing.T) {
			w, h, err := Header(context.Background(), Source{Path: testmedia.Path(t, tt.file), Format: tt.format, Orientation: tt.orient})
			if err != nil {
				t.Fatal(err)
			}
			if w != tt.wantW || h != tt.wantH {
				t.Errorf("got %d×%d, want %d×%d", w, h, tt.wantW, tt.wantH)
			}
		})
	}
}
