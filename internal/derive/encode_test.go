package derive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"imagier/internal/gallery"
)

// orientationEXIF is the smallest EXIF payload (the TIFF structure after
// "Exif\0\0") that says orientation o: one IFD, one entry.
func orientationEXIF(o int) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("II")
	binary.Write(&b, le, uint16(42))
	binary.Write(&b, le, uint32(8))                  // IFD0 offset
	binary.Write(&b, le, uint16(1))                  // one entry
	binary.Write(&b, le, [4]uint16{0x0112, 3, 1, 0}) // Orientation, SHORT, count 1
	binary.Write(&b, le, [2]uint16{uint16(o), 0})    // its value, padded
	binary.Write(&b, le, uint32(0))                  // no next IFD
	return b.Bytes()
}

func TestEncodeJPEG(t *testing.T) {
	const w, h = 64, 48
	rgb := photoLike(w, h, 1)
	tests := []struct {
		name     string
		exif     []byte
		segments int
		wantW    int // displayed width, as Probe reads it back
	}{
		{"no EXIF", nil, 0, w},
		{"EXIF orientation 6", orientationEXIF(6), 1, h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := EncodeJPEG(rgb, w, h, 90, tt.exif)
			if err != nil {
				t.Fatal(err)
			}
			img, err := jpeg.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got.X != w || got.Y != h {
				t.Errorf("got %v pixels, want %d×%d", got, w, h)
			}
			if d := mad(t, toRGBA(img), rgbaOf(rgb, w, h), nil); d > 8 {
				t.Errorf("got mean difference %.1f from the pixels, want at most 8", d)
			}
			segs := appSegments(t, b)
			if len(segs) != tt.segments || tt.segments > 0 && segs[0] != "\xe1Exif\x00\x00II" {
				t.Errorf("got segments %q, want %d APP1 Exif", segs, tt.segments)
			}
			// libvips, and so every EXIF reader, sees our payload.
			path := filepath.Join(t.TempDir(), "x.jpg")
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			info, err := Probe(context.Background(), Source{Path: path, Format: gallery.FormatJPEG})
			if err != nil {
				t.Fatal(err)
			}
			if info.Width != tt.wantW {
				t.Errorf("Probe got width %d, want %d", info.Width, tt.wantW)
			}
		})
	}
}

func rgbaOf(rgb []byte, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < w*h; i++ {
		copy(img.Pix[i*4:], rgb[i*3:i*3+3])
		img.Pix[i*4+3] = 255
	}
	return img
}

func TestEncodeJPEGBadInput(t *testing.T) {
	tests := []struct {
		name          string
		rgb           []byte
		w, h, quality int
		exif          []byte
	}{
		{"short buffer", make([]byte, 10), 4, 4, 80, nil},
		{"zero width", nil, 0, 4, 80, nil},
		{"quality 0", make([]byte, 48), 4, 4, 0, nil},
		{"quality 101", make([]byte, 48), 4, 4, 101, nil},
		{"EXIF over one segment", make([]byte, 48), 4, 4, 80, make([]byte, 70000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := EncodeJPEG(tt.rgb, tt.w, tt.h, tt.quality, tt.exif); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("got %v, want %v", err, gallery.ErrInvalid)
			}
		})
	}
}
