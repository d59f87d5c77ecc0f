package sample

import (
	"bytes"
	"image/jpeg"
	"testing"
)

func TestJPEG(t *testing.T) {
	for _, o := range []uint16{1, 6} {
		p := Photo{Width: 300, Height: 200, Seed: 7, Camera: Camera{Make: "Imagier", Model: "Test", Taken: "2025:01:02 03:04:05", Orientation: o}}
		b, err := JPEG(p, 85)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b[:200], []byte("Exif\x00\x00II*\x00")) {
			t.Errorf("orientation %d: no EXIF APP1 near the start", o)
		}
		img, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got.X != 300 || got.Y != 200 {
			t.Errorf("orientation %d: stored size %v, want 300x200", o, got)
		}
		// The sky is bluer than the ground: at the top of the scene, which
		// orientation 6 stores on the left.
		sky, ground := img.At(150, 5), img.At(150, 195)
		if o == 6 {
			sky, ground = img.At(5, 100), img.At(295, 100)
		}
		_, _, bs, _ := sky.RGBA()
		_, _, bg, _ := ground.RGBA()
		if bs <= bg {
			t.Errorf("orientation %d: sky blue %d not above ground blue %d", o, bs, bg)
		}
	}
}
