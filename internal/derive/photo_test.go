package derive

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// photoLike returns w×h packed RGB that a JPEG encoder treats like a
// camera photo: smooth light and colour, a few hard edges and sensor-like
// noise, so that file size and decoding time are realistic (a flat or
// purely random picture would be far too small or far too large).
func photoLike(w, h int, seed uint64) []byte {
	// Light and colour vary slowly along each axis.
	wave := func(n, i, c int, f float64) float64 {
		p := float64(i) / float64(n) * 2 * math.Pi
		return 55*math.Sin(p*(1.1+0.35*float64(c))+float64(c)) + 25*math.Sin(p*f+2*float64(c))
	}
	cols := make([][3]float64, w)
	for x := range cols {
		for c := range 3 {
			cols[x][c] = wave(w, x, c, 7.3)
		}
	}
	rows := make([][3]float64, h)
	for y := range rows {
		for c := range 3 {
			rows[y][c] = wave(h, y, c, 5.9)
		}
	}
	pix := make([]byte, w*h*3)
	rng := seed | 1
	for y := range h {
		for x := range w {
			// A bright window and a dark door: edges that cost bits.
			edge := 0.0
			if x > w/5 && x < w/3 && y > h/4 && y < h/2 {
				edge = 60
			} else if x > w*3/5 && x < w*3/4 && y > h/2 {
				edge = -70
			}
			for c := range 3 {
				rng ^= rng << 13
				rng ^= rng >> 7
				rng ^= rng << 17
				noise := float64(rng%17) - 8
				v := 120 + cols[x][c] + rows[y][c] + edge + noise
				pix[(y*w+x)*3+c] = byte(min(255, max(0, v)))
			}
		}
	}
	return pix
}

// writePhoto writes a w×h photo-like JPEG at quality 92, as a camera
// would, into dir.
func writePhoto(tb testing.TB, dir string, w, h int) string {
	tb.Helper()
	jpeg, err := EncodeJPEG(photoLike(w, h, uint64(w*h)), w, h, 92, nil)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("photo-%dx%d.jpg", w, h))
	if err := os.WriteFile(path, jpeg, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}
