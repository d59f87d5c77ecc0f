package derive

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// TestGolden compares small derivatives with the ones kept in
// testdata/golden, made by this package. After a deliberate change, look at
// the new files and rewrite them with
//
//	go test ./internal/derive -run Golden -update
//
// Pixels are compared, not bytes, so that a libjpeg update that shifts a
// few values does not fail the test; a change in geometry, orientation or
// colour does.
func TestGolden(t *testing.T) {
	synthetic := filepath.Join(t.TempDir(), "synthetic.jpg")
	if err := os.WriteFile(synthetic, mustEncode(t, photoLike(1200, 800, 7), 1200, 800), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		golden string
		path   string
		format gallery.Format
		size   string
	}{
		{"synthetic.square.jpg", synthetic, gallery.FormatJPEG, "square"},
		{"synthetic.thumb.jpg", synthetic, gallery.FormatJPEG, "thumb"},
		{"hopper_orientation_6.thumb.jpg", testmedia.Path(t, "orientation/hopper_orientation_6.jpg"), gallery.FormatJPEG, "thumb"},
		{"rot3mir1.thumb.jpg", testmedia.Path(t, "orientation/rot3mir1.avif"), gallery.FormatHEIF, "thumb"},
		{"pil_sample_cmyk.thumb.jpg", testmedia.Path(t, "formats/pil_sample_cmyk.jpg"), gallery.FormatJPEG, "thumb"},
		{"basn6a16.thumb.jpg", testmedia.Path(t, "formats/basn6a16.png"), gallery.FormatPNG, "thumb"},
		{"transparent.square.jpg", testmedia.Path(t, "formats/transparent.png"), gallery.FormatPNG, "square"},
		{"hopper.Lab.square.jpg", testmedia.Path(t, "formats/hopper.Lab.tif"), gallery.FormatTIFF, "square"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			outs, err := Make(context.Background(), Source{Path: tt.path, Format: tt.format}, []gallery.Size{mustSize(t, tt.size)}, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got := outs[0].JPEG
			golden := filepath.Join("testdata", "golden", tt.golden)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			gotImg, wantImg := decodeRGBA(t, got), decodeRGBA(t, want)
			if gotImg.Rect.Size() != wantImg.Rect.Size() {
				t.Fatalf("got %v pixels, want %v", gotImg.Rect.Size(), wantImg.Rect.Size())
			}
			if d := mad(t, gotImg, wantImg, nil); d > 1 {
				t.Errorf("got mean difference %.2f from %s, want at most 1", d, golden)
			}
		})
	}
}

func mustEncode(t testing.TB, rgb []byte, w, h int) []byte {
	t.Helper()
	b, err := EncodeJPEG(rgb, w, h, 92, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
