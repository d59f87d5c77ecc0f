// Package sample makes photo-like JPEG files with camera EXIF, for the
// demo library and for benchmarks: smooth skies and hills with sensor-like
// noise, so that they compress and decode like real photos.
package sample

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"imagier/internal/derive"
)

// Photo describes one picture to make.
type Photo struct {
	Width, Height int
	Seed          uint64
	Camera        Camera
}

// Pixels renders p as packed 8-bit RGB, as a camera stores it: with EXIF
// orientation 6 the scene is a portrait, stored turned a quarter to the left
// for viewers to turn back.
func Pixels(p Photo) []byte {
	if p.Camera.Orientation != 6 {
		return render(p, p.Width, p.Height)
	}
	dw, dh := p.Height, p.Width // the displayed portrait
	d := render(p, dw, dh)
	out := make([]byte, len(d))
	for sy := range p.Height {
		for sx := range p.Width {
			si, di := (sy*p.Width+sx)*3, (sx*dw+dw-1-sy)*3
			copy(out[si:si+3], d[di:di+3])
		}
	}
	return out
}

// render draws the scene w×h as it is meant to be seen.
func render(p Photo, w, h int) []byte {
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	hue := rng.Float64()
	sunX, sunY := (0.2+0.6*rng.Float64())*float64(w), (0.1+0.25*rng.Float64())*float64(h)
	sunR := float64(min(w, h)) * (0.04 + 0.05*rng.Float64())
	ridge := make([]float64, w) // height of the hills at each column
	f1, f2, p1, p2 := 2+4*rng.Float64(), 9+9*rng.Float64(), rng.Float64()*6, rng.Float64()*6
	for x := range ridge {
		u := float64(x) / float64(w)
		ridge[x] = float64(h) * (0.55 + 0.08*math.Sin(u*f1+p1) + 0.03*math.Sin(u*f2+p2))
	}
	pix := make([]byte, w*h*3)
	noise := uint64(p.Seed*2654435761 + 1)
	for y := range h {
		v := float64(y) / float64(h)
		for x := range w {
			var r, g, b float64
			if float64(y) < ridge[x] {
				// Sky: a vertical gradient, warmer near the horizon.
				r, g, b = 90+120*v+60*hue, 140+80*v, 230-40*v
				if dx, dy := float64(x)-sunX, float64(y)-sunY; dx*dx+dy*dy < sunR*sunR {
					r, g, b = 255, 240, 200
				}
			} else {
				// Hills: green-brown, darker with depth, with texture.
				d := (float64(y) - ridge[x]) / float64(h)
				t := math.Sin(float64(x)*0.05+float64(y)*0.03) * 12
				r, g, b = 60+80*hue-60*d+t, 110-50*d+t, 50-20*d
			}
			// Sensor noise: an xorshift per pixel is far cheaper than
			// the rand package here.
			noise ^= noise << 13
			noise ^= noise >> 7
			noise ^= noise << 17
			n := float64(int(noise&31) - 16)
			i := (y*w + x) * 3
			pix[i], pix[i+1], pix[i+2] = clamp(r+n), clamp(g+n), clamp(b+n)
		}
	}
	return pix
}

func clamp(v float64) byte {
	return byte(math.Max(0, math.Min(255, v)))
}

// JPEG renders p and encodes it with its EXIF at the given quality.
func JPEG(p Photo, quality int) ([]byte, error) {
	if err := derive.Init(); err != nil {
		return nil, err
	}
	return derive.EncodeJPEG(Pixels(p), p.Width, p.Height, quality, EXIF(p.Camera))
}

// Write renders p into the file at path.
func Write(path string, p Photo, quality int) error {
	b, err := JPEG(p, quality)
	if err != nil {
		return fmt.Errorf("sample %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o640)
}
