package derive

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"os"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

func mustSize(t testing.TB, name string) gallery.Size {
	t.Helper()
	s, ok := gallery.SizeByName(name)
	if !ok {
		t.Fatalf("no size %q", name)
	}
	return s
}

// makeOne derives one size from a shared test file.
func makeOne(t testing.TB, rel string, f gallery.Format, size string) Output {
	t.Helper()
	outs, err := Make(context.Background(), Source{Path: testmedia.Path(t, rel), Format: f},
		[]gallery.Size{mustSize(t, size)}, Limits{})
	if err != nil {
		t.Fatalf("Make(%s): %v", rel, err)
	}
	return outs[0]
}

// decodeRGBA decodes a JPEG with the standard library: it ignores EXIF
// orientation and ICC profiles, so it shows exactly the stored pixels.
func decodeRGBA(t testing.TB, b []byte) *image.RGBA {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode JPEG: %v", err)
	}
	return toRGBA(img)
}

func decodeFileRGBA(t testing.TB, rel string) *image.RGBA {
	t.Helper()
	b, err := os.ReadFile(testmedia.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return decodeRGBA(t, b)
}

// toRGBA draws img over white, as derive flattens alpha.
func toRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Over)
	return out
}

// mad is the mean absolute difference per RGB channel, on the 0–255 scale,
// of two images of one size; inside reports which pixels count (nil: all).
// Every other pixel each way is plenty for a mean, and keeps -race quick.
func mad(t testing.TB, a, b *image.RGBA, inside func(x, y int) bool) float64 {
	t.Helper()
	if a.Rect.Size() != b.Rect.Size() {
		t.Fatalf("comparing %v with %v", a.Rect.Size(), b.Rect.Size())
	}
	var sum float64
	var n int
	for y := 0; y < a.Rect.Dy(); y += 2 {
		for x := 0; x < a.Rect.Dx(); x += 2 {
			if inside != nil && !inside(x, y) {
				continue
			}
			i := a.PixOffset(x, y)
			for c := 0; c < 3; c++ {
				sum += math.Abs(float64(a.Pix[i+c]) - float64(b.Pix[i+c]))
			}
			n += 3
		}
	}
	return sum / float64(n)
}

// orient applies EXIF orientation o to stored pixels, giving the picture
// as it is meant to be seen. It follows the EXIF 2.3 table, written out
// independently of libvips: for each displayed pixel, where it is stored.
func orient(src *image.RGBA, o int) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = w-1-x, y
			case 3: // turned 180°
				sx, sy = w-1-x, h-1-y
			case 4: // mirrored top to bottom
				sx, sy = x, h-1-y
			case 5: // transposed
				sx, sy = y, x
			case 6: // to be turned 90° clockwise
				sx, sy = y, h-1-x
			case 7: // transversed
				sx, sy = w-1-y, h-1-x
			case 8: // to be turned 90° anticlockwise
				sx, sy = w-1-y, x
			default:
				sx, sy = x, y
			}
			copy(out.Pix[out.PixOffset(x, y):][:4], src.Pix[src.PixOffset(sx, sy):][:4])
		}
	}
	return out
}

// appSegments lists the APPn and COM markers of a JPEG, up to its first
// scan, each with the first bytes of its payload.
func appSegments(t testing.TB, b []byte) []string {
	t.Helper()
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatalf("not a JPEG")
	}
	var out []string
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			t.Fatalf("no marker at offset %d", i)
		}
		m := b[i+1]
		if m == 0xDA { // start of scan: metadata comes before
			break
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if (m >= 0xE0 && m <= 0xEF) || m == 0xFE {
			p := b[i+4 : min(i+2+n, len(b))]
			out = append(out, string(append([]byte{m}, p[:min(len(p), 8)]...)))
		}
		i += 2 + n
	}
	return out
}

// sniff tells a file's format from its first bytes, as the importer will;
// ok is false for anything derive has no loader for.
func sniff(b []byte) (gallery.Format, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return gallery.FormatJPEG, true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return gallery.FormatPNG, true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return gallery.FormatGIF, true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return gallery.FormatWebP, true
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")),
		bytes.HasPrefix(b, []byte("II+\x00")), bytes.HasPrefix(b, []byte("MM\x00+")):
		return gallery.FormatTIFF, true
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		switch string(b[8:12]) {
		case "heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis":
			return gallery.FormatHEIF, true
		}
	}
	return gallery.FormatUnknown, false
}

// loaderFormats are the formats derive has a loader for.
var loaderFormats = []gallery.Format{
	gallery.FormatJPEG, gallery.FormatPNG, gallery.FormatGIF,
	gallery.FormatWebP, gallery.FormatHEIF, gallery.FormatTIFF,
}
