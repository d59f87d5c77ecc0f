package sample

import (
	"fmt"
	"path/filepath"
	"time"
)

// place is where demo photos are taken.
type place struct {
	album, name string
	lat, lon    float64
}

var demoPlaces = []place{
	{"Festival d'été 2025", "Lyon", 45.7640, 4.8357},
	{"Randonnées/Vercors", "Vercors", 44.9590, 5.5080},
	{"Randonnées/Écrins", "La Bérarde", 44.9330, 6.2920},
	{"Marché de Noël", "Strasbourg", 48.5818, 7.7509},
}

var demoCameras = []Camera{
	{Make: "Canon", Model: "Canon EOS R6", Lens: "RF24-105mm F4 L IS USM", ExposureTime: [2]uint32{1, 250}, FNumber: [2]uint32{8, 1}, ISO: 200, FocalLength: [2]uint32{50, 1}},
	{Make: "NIKON CORPORATION", Model: "NIKON Z 6_2", Lens: "NIKKOR Z 24-70mm f/4 S", ExposureTime: [2]uint32{1, 500}, FNumber: [2]uint32{56, 10}, ISO: 100, FocalLength: [2]uint32{35, 1}},
	{Make: "FUJIFILM", Model: "X-T4", Lens: "XF16-55mmF2.8 R LM WR", ExposureTime: [2]uint32{1, 125}, FNumber: [2]uint32{4, 1}, ISO: 400, FocalLength: [2]uint32{23, 1}},
	{Make: "Apple", Model: "iPhone 14", ExposureTime: [2]uint32{1, 1000}, FNumber: [2]uint32{15, 10}, ISO: 50, FocalLength: [2]uint32{6, 1}},
}

// Demo writes count sample photos under dir, in one folder per album, and
// returns dir. Dates, places and cameras vary; a few photos are portrait
// (EXIF orientation 6) as cameras held upright write them.
func Demo(dir string, count, width, height int) error {
	base := time.Date(2025, 7, 12, 9, 30, 0, 0, time.UTC)
	for i := range count {
		pl := demoPlaces[i%len(demoPlaces)]
		cam := demoCameras[i%len(demoCameras)]
		taken := base.Add(time.Duration(i) * 26 * time.Hour).Add(time.Duration(i*37) * time.Minute)
		cam.Taken = taken.Format("2006:01:02 15:04:05")
		cam.Offset = "+02:00"
		cam.Description = fmt.Sprintf("%s, photo %d", pl.name, i+1)
		cam.Orientation = 1
		if i%5 == 3 {
			cam.Orientation = 6
		}
		cam.HasGPS = true
		cam.Lat, cam.Lon, cam.Alt = pl.lat+float64(i)*0.0007, pl.lon-float64(i)*0.0005, 200+float64(i*37%900)
		p := Photo{Width: width, Height: height, Seed: uint64(i + 1), Camera: cam}
		name := fmt.Sprintf("IMG_%04d.jpg", 1000+i)
		if err := Write(filepath.Join(dir, filepath.FromSlash(pl.album), name), p, 90); err != nil {
			return err
		}
	}
	return nil
}
