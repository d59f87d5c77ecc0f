package meta

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// knownDisagreements lists, by "path field", where Extract deliberately
// differs from the manifest (exiftool's raw reading), and why.
func knownDisagreements() map[string]string {
	const (
		mwg      = "IPTC and XMP disagree: XMP wins (MWG guidance), the manifest shows the raw union"
		lossy    = "IPTC keywords are lossy copies (\"??????\"); XMP wins, the manifest shows the union"
		created  = "XMP photoshop:DateCreated (the MWG twin of DateTimeOriginal) ranks above xmp:CreateDate, which the manifest falls back to"
		nullIsle = "GPS 0,0 is refused as a no-fix placeholder (Null Island)"
		nan      = "raw EXIF GPSLongitude is the string \"NaN,0,0.00\", which exiftool reads as 0: refused"
	)
	return map[string]string{
		"iptc-xmp/MWG.jpg keywords":                mwg,
		"iptc-xmp/mongolia.jpeg keywords":          lossy,
		"cameras/long_description.jpg taken":       created,
		"iptc-xmp/BonTonARTSTORplusIPTC.jpg taken": created,
		"iptc-xmp/BonTonARTSTORplusIPTC.xmp taken": created,
		"gps/Samsung_GT-I9000_Galaxy_S.jpg gps":    nullIsle,
		"gps/nan-exif.jpg gps":                     nan,
	}
}

// TestManifest compares Extract with MANIFEST.tsv (exiftool's reading) for
// the camera, orientation, GPS and IPTC/XMP folders. Each file is read on
// its own, as the manifest was; TestSidecarPriority covers images read
// with their sidecars.
func TestManifest(t *testing.T) {
	e := newTestExtractor(t, Options{Procs: 2})
	known := knownDisagreements()
	used := map[string]bool{}
	var checks, agree int
	for _, en := range testmedia.Manifest(t) {
		folder, _, _ := strings.Cut(en.Path, "/")
		switch folder {
		case "cameras", "orientation", "gps", "iptc-xmp":
		default:
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		md, err := e.Extract(ctx, testmedia.Path(t, en.Path))
		cancel()
		if err != nil {
			t.Errorf("%s: Extract: %v", en.Path, err)
			continue
		}
		for _, c := range compareManifest(en, md) {
			checks++
			key := en.Path + " " + c.field
			switch reason, isKnown := known[key]; {
			case c.ok && isKnown:
				t.Errorf("%s: agrees now; remove it from the known disagreements", key)
			case c.ok:
				agree++
				if c.note != "" {
					t.Logf("%s: agreement: %s", key, c.note)
				}
			case isKnown:
				used[key] = true
				t.Logf("%s: known disagreement (%s): %s", key, reason, c.diff)
			default:
				t.Errorf("%s: %s", key, c.diff)
			}
		}
	}
	for key := range known {
		if !used[key] {
			t.Errorf("known disagreement %q was not met", key)
		}
	}
	pct := 100 * float64(agree) / float64(max(checks, 1))
	t.Logf("agreement with MANIFEST.tsv: %d of %d checks (%.2f%%)", agree, checks, pct)
	if pct < 98 {
		t.Errorf("got %.2f%% agreement, want at least 98%%", pct)
	}
}

// check is the outcome of comparing one field.
type check struct {
	field string
	ok    bool
	diff  string // why it failed
	note  string // why an apparent difference is agreement
}

// compareManifest checks every field the manifest has a value for.
func compareManifest(en testmedia.Entry, md gallery.Metadata) []check {
	var out []check
	add := func(field string, ok bool, format string, args ...any) {
		out = append(out, check{field: field, ok: ok, diff: fmt.Sprintf(format, args...)})
	}
	if en.DateTaken != "" {
		out = append(out, compareDate(en.DateTaken, md.Taken))
	}
	if en.Orientation != "" {
		want, _ := strconv.Atoi(en.Orientation)
		add("orientation", md.Orientation == want, "got orientation %d, want %d", md.Orientation, want)
	}
	if en.GPSLat != "" || en.GPSLon != "" {
		out = append(out, compareGPS(en.GPSLat, en.GPSLon, md.GPS))
	}
	if en.Make != "" {
		add("make", md.Make == en.Make, "got make %q, want %q", md.Make, en.Make)
	}
	if en.Model != "" {
		add("model", md.Model == en.Model, "got model %q, want %q", md.Model, en.Model)
	}
	if en.Keywords != "" {
		out = append(out, compareKeywords(en.Keywords, md.Keywords))
	}
	if en.Width != "" && en.Height != "" {
		w, errW := strconv.Atoi(en.Width)
		h, errH := strconv.Atoi(en.Height)
		if errW == nil && errH == nil {
			// The manifest has the stored size; Metadata the displayed one.
			if md.Orientation >= 5 && md.Format != gallery.FormatHEIF {
				w, h = h, w
			}
			add("size", md.Width == w && md.Height == h, "got %dx%d, want %dx%d", md.Width, md.Height, w, h)
		}
	}
	return out
}

// compareDate compares the wall clock (and the offset when the manifest
// has one). An impossible manifest date must be refused by us.
func compareDate(manifest string, got *gallery.DateTime) check {
	c := check{field: "taken"}
	value, src, _ := strings.Cut(manifest, " [")
	want, ok := parseDate(value)
	if !ok {
		// parseDate is what refuses it in Extract too: whatever we got
		// came from the next candidate.
		c.ok = true
		c.note = fmt.Sprintf("impossible date %q [%s refused; got %v", value, src, got)
		return c
	}
	if got == nil {
		c.diff = fmt.Sprintf("got no date, want %s", value)
		return c
	}
	const layout = "2006:01:02 15:04:05"
	c.ok = got.Local.Format(layout) == want.Local.Format(layout)
	if c.ok && want.HasOffset {
		_, gotOff := got.Local.Zone()
		_, wantOff := want.Local.Zone()
		c.ok = got.HasOffset && gotOff == wantOff
	}
	c.diff = fmt.Sprintf("got date %s (offset %v), want %s", got.Local.Format(time.RFC3339), got.HasOffset, value)
	return c
}

// compareGPS compares within 1e-5 degrees; an impossible manifest position
// must be refused by us, which counts as agreement.
func compareGPS(latS, lonS string, got *gallery.GPS) check {
	c := check{field: "gps"}
	lat, errLat := strconv.ParseFloat(latS, 64)
	lon, errLon := strconv.ParseFloat(lonS, 64)
	if errLat != nil || errLon != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		c.ok = got == nil
		c.note = fmt.Sprintf("impossible position %q,%q refused", latS, lonS)
		c.diff = fmt.Sprintf("impossible position %q,%q not refused: got %+v", latS, lonS, got)
		return c
	}
	if got == nil {
		c.diff = fmt.Sprintf("got no position, want %g,%g", lat, lon)
		return c
	}
	c.ok = math.Abs(got.Lat-lat) < 1e-5 && math.Abs(got.Lon-lon) < 1e-5
	c.diff = fmt.Sprintf("got %g,%g, want %g,%g", got.Lat, got.Lon, lat, lon)
	return c
}

// compareKeywords compares as sets. The manifest cuts the field at 300
// bytes: then its last item is dropped and the rest must be a subset.
func compareKeywords(manifest string, got []string) check {
	c := check{field: "keywords"}
	items := strings.Split(manifest, ";")
	truncated := len(manifest) >= 300
	if truncated {
		items = items[:len(items)-1]
	}
	want := map[string]bool{}
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			want[it] = true
		}
	}
	have := map[string]bool{}
	for _, k := range got {
		have[k] = true
	}
	c.ok = true
	for k := range want {
		c.ok = c.ok && have[k]
	}
	if !truncated {
		for k := range have {
			c.ok = c.ok && want[k]
		}
	}
	w := slices.Sorted(func(yield func(string) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	})
	c.diff = fmt.Sprintf("got keywords %q, want %q", got, w)
	if !c.ok && strings.Join(got, ";") == manifest {
		// A keyword holding ";" (the manifest's separator) split in two.
		c.ok = true
		c.note = "keywords joined with \";\" equal the manifest's text"
	}
	return c
}
