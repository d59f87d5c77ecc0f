package testmedia

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
)

// KnownDisagreements lists, by "path field", where our metadata
// deliberately differs from the manifest (exiftool's raw reading of each
// file on its own), and why.
func KnownDisagreements() map[string]string {
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

// Check is the outcome of comparing one field of a file's metadata with
// its manifest row.
type Check struct {
	Field string // "taken", "orientation", "gps", "make", "model", "keywords" or "size"
	OK    bool
	Diff  string // why it failed
	Note  string // why an apparent difference is agreement
}

// CompareManifest checks every field the manifest row e has a value for
// against md.
func CompareManifest(e Entry, md gallery.Metadata) []Check {
	var out []Check
	add := func(field string, ok bool, format string, args ...any) {
		out = append(out, Check{Field: field, OK: ok, Diff: fmt.Sprintf(format, args...)})
	}
	if e.DateTaken != "" {
		out = append(out, compareDate(e.DateTaken, md.Taken))
	}
	if e.Orientation != "" {
		want, _ := strconv.Atoi(e.Orientation)
		add("orientation", md.Orientation == want, "got orientation %d, want %d", md.Orientation, want)
	}
	if e.GPSLat != "" || e.GPSLon != "" {
		out = append(out, compareGPS(e.GPSLat, e.GPSLon, md.GPS))
	}
	if e.Make != "" {
		add("make", md.Make == e.Make, "got make %q, want %q", md.Make, e.Make)
	}
	if e.Model != "" {
		add("model", md.Model == e.Model, "got model %q, want %q", md.Model, e.Model)
	}
	if e.Keywords != "" {
		out = append(out, compareKeywords(e.Keywords, md.Keywords))
	}
	if e.Width != "" && e.Height != "" {
		w, errW := strconv.Atoi(e.Width)
		h, errH := strconv.Atoi(e.Height)
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

// CheckAgreement judges the checks of every file, keyed by manifest path,
// against known, keyed by "path field" as KnownDisagreements is: an
// unexpected disagreement, a known disagreement that now agrees and a
// known one that was never met are errors, and so is an agreement below
// minPct percent of all checks.
func CheckAgreement(t testing.TB, results map[string][]Check, known map[string]string, minPct float64) {
	t.Helper()
	used := map[string]bool{}
	var checks, agree int
	for _, path := range slices.Sorted(maps.Keys(results)) {
		for _, c := range results[path] {
			checks++
			key := path + " " + c.Field
			switch reason, isKnown := known[key]; {
			case c.OK && isKnown:
				t.Errorf("%s: agrees now; remove it from the known disagreements", key)
			case c.OK:
				agree++
				if c.Note != "" {
					t.Logf("%s: agreement: %s", key, c.Note)
				}
			case isKnown:
				used[key] = true
				t.Logf("%s: known disagreement (%s): %s", key, reason, c.Diff)
			default:
				t.Errorf("%s: %s", key, c.Diff)
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(known)) {
		if !used[key] {
			t.Errorf("known disagreement %q was not met", key)
		}
	}
	pct := 100 * float64(agree) / float64(max(checks, 1))
	t.Logf("agreement with MANIFEST.tsv: %d of %d checks (%.2f%%)", agree, checks, pct)
	if pct < minPct {
		t.Errorf("got %.2f%% agreement, want at least %g%%", pct, minPct)
	}
}

// compareDate compares the wall clock (and the offset when the manifest
// has one). An impossible manifest date must be refused by us.
func compareDate(manifest string, got *gallery.DateTime) Check {
	c := Check{Field: "taken"}
	value, src, _ := strings.Cut(manifest, " [")
	want, ok := parseDate(value)
	if !ok {
		// Extract refuses it too: whatever we got came from the next
		// candidate.
		c.OK = true
		c.Note = fmt.Sprintf("impossible date %q [%s refused; got %v", value, src, got)
		return c
	}
	if got == nil {
		c.Diff = fmt.Sprintf("got no date, want %s", value)
		return c
	}
	const layout = "2006:01:02 15:04:05"
	c.OK = got.Local.Format(layout) == want.Local.Format(layout)
	if c.OK && want.HasOffset {
		_, gotOff := got.Local.Zone()
		_, wantOff := want.Local.Zone()
		c.OK = got.HasOffset && gotOff == wantOff
	}
	c.Diff = fmt.Sprintf("got date %s (offset %v), want %s", got.Local.Format(time.RFC3339), got.HasOffset, value)
	return c
}

// parseDate reads the date forms exiftool prints in the manifest:
// "YYYY:MM:DD HH:MM:SS", optionally followed by a fraction of a second and
// by "Z" or "±HH:MM". It refuses impossible dates, such as blank ones
// ("    :  :     :  :  ") and "0000:00:00 00:00:00", and, as Extract does,
// years before 1800. It is written apart from the meta package's parser so
// that the test does not grade that parser with itself.
func parseDate(s string) (gallery.DateTime, bool) {
	s = strings.TrimSpace(s)
	// time.Parse accepts a fraction after the seconds without the layout
	// naming it; "Z07:00" accepts both "Z" and "±HH:MM".
	for _, l := range []struct {
		layout    string
		hasOffset bool
	}{
		{"2006:01:02 15:04:05Z07:00", true},
		{"2006:01:02 15:04:05Z0700", true},
		{"2006:01:02 15:04:05", false},
	} {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if t.Year() < 1800 {
			return gallery.DateTime{}, false
		}
		if l.hasOffset {
			// A fixed zone, not the named one time.Parse may borrow from
			// time.Local when the offsets match.
			_, off := t.Zone()
			t = t.In(time.FixedZone("", off))
		}
		return gallery.DateTime{Local: t.Truncate(time.Second), HasOffset: l.hasOffset}, true
	}
	return gallery.DateTime{}, false
}

// compareGPS compares within 1e-5 degrees; an impossible manifest position
// must be refused by us, which counts as agreement.
func compareGPS(latS, lonS string, got *gallery.GPS) Check {
	c := Check{Field: "gps"}
	lat, errLat := strconv.ParseFloat(latS, 64)
	lon, errLon := strconv.ParseFloat(lonS, 64)
	if errLat != nil || errLon != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		c.OK = got == nil
		c.Note = fmt.Sprintf("impossible position %q,%q refused", latS, lonS)
		c.Diff = fmt.Sprintf("impossible position %q,%q not refused: got %+v", latS, lonS, got)
		return c
	}
	if got == nil {
		c.Diff = fmt.Sprintf("got no position, want %g,%g", lat, lon)
		return c
	}
	c.OK = math.Abs(got.Lat-lat) < 1e-5 && math.Abs(got.Lon-lon) < 1e-5
	c.Diff = fmt.Sprintf("got %g,%g, want %g,%g", got.Lat, got.Lon, lat, lon)
	return c
}

// compareKeywords compares as sets. The manifest cuts the field at 300
// bytes: then its last item is dropped and the rest must be a subset.
func compareKeywords(manifest string, got []string) Check {
	c := Check{Field: "keywords"}
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
	c.OK = true
	for k := range want {
		c.OK = c.OK && have[k]
	}
	if !truncated {
		for k := range have {
			c.OK = c.OK && want[k]
		}
	}
	c.Diff = fmt.Sprintf("got keywords %q, want %q", got, slices.Sorted(maps.Keys(want)))
	if !c.OK && strings.Join(got, ";") == manifest {
		// A keyword holding ";" (the manifest's separator) split in two.
		c.OK = true
		c.Note = "keywords joined with \";\" equal the manifest's text"
	}
	return c
}
