package sample

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"imagier/internal/meta"
)

// TestEXIFRoundTrip reads a generated photo back with the metadata reader:
// every field written must come out as written.
func TestEXIFRoundTrip(t *testing.T) {
	cam := Camera{
		Make: "Canon", Model: "Canon EOS R6", Lens: "RF24-105mm F4 L IS USM",
		Taken: "2025:07:14 22:30:05", Offset: "+02:00", Description: "Feu d'artifice, Lyon",
		Orientation: 6, ExposureTime: [2]uint32{1, 250}, FNumber: [2]uint32{56, 10}, ISO: 800,
		FocalLength: [2]uint32{50, 1}, HasGPS: true, Lat: -33.8568, Lon: 151.2153, Alt: -12.5,
	}
	path := filepath.Join(t.TempDir(), "p.jpg")
	if err := Write(path, Photo{Width: 120, Height: 80, Seed: 1, Camera: cam}, 85); err != nil {
		t.Fatal(err)
	}
	ex, err := meta.NewExtractor(context.Background(), meta.Options{Procs: 1, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	md, err := ex.Extract(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if md.Make != cam.Make || md.Model != cam.Model || md.Lens != cam.Lens || md.ISO != 800 || md.Orientation != 6 {
		t.Errorf("got make %q model %q lens %q iso %d orientation %d", md.Make, md.Model, md.Lens, md.ISO, md.Orientation)
	}
	if md.ExposureTime != 1.0/250 || md.FNumber != 5.6 || md.FocalLength != 50 {
		t.Errorf("got exposure %g f/%g %g mm, want 0.004 f/5.6 50 mm", md.ExposureTime, md.FNumber, md.FocalLength)
	}
	if md.Width != 80 || md.Height != 120 {
		t.Errorf("got %dx%d, want the displayed 80x120", md.Width, md.Height)
	}
	if md.Taken == nil || md.Taken.Local.Format(time.RFC3339) != "2025-07-14T22:30:05+02:00" || !md.Taken.HasOffset {
		t.Errorf("got taken %+v, want 2025-07-14T22:30:05+02:00", md.Taken)
	}
	g := md.GPS
	if g == nil || math.Abs(g.Lat-cam.Lat) > 1e-5 || math.Abs(g.Lon-cam.Lon) > 1e-5 || g.Alt == nil || math.Abs(*g.Alt-cam.Alt) > 0.05 {
		t.Errorf("got GPS %+v, want %g,%g at %g m", g, cam.Lat, cam.Lon, cam.Alt)
	}
	if md.Description.Default("") != cam.Description {
		t.Errorf("got description %q, want %q", md.Description.Default(""), cam.Description)
	}
}
