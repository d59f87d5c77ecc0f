package meta

import (
	"math"
	"strconv"
	"strings"

	"imagier/internal/gallery"
)

// Altitudes outside this range (metres) are dropped as nonsense; the
// position itself is kept.
const (
	minAltitude = -12000
	maxAltitude = 1e6
)

// gpsCandidate is one reading of a position, before validation.
type gpsCandidate struct {
	lat, lon float64
	alt      *float64
	src      string
	exif     bool // read from the file's EXIF GPS directory
}

// gps picks the first sound position, sidecars first. A refused position
// (NaN, infinite, out of range, overflowed rationals, 0,0) leaves a warning
// and the search goes on with the next source; GPS stays nil if none is
// sound.
func (m *mapper) gps() {
	refused := map[string]bool{}
	for _, t := range m.xmpFirst() {
		for _, c := range gpsCandidates(t) {
			why := c.problem()
			if why == "" && c.exif && !t.sidecar && m.gpsProblem != "" {
				why = "raw EXIF " + m.gpsProblem
			}
			if why != "" {
				if !refused[why] { // the same data seen through two tags
					refused[why] = true
					m.warn("GPS position refused: %s (%s)", why, c.src)
				}
				continue
			}
			m.md.GPS = &gallery.GPS{Lat: c.lat, Lon: c.lon}
			m.md.Sources["gps"] = c.src
			if c.alt != nil && *c.alt >= minAltitude && *c.alt <= maxAltitude {
				m.md.GPS.Alt = c.alt
			} else if c.alt != nil {
				m.warn("GPS altitude %g m ignored (%s)", *c.alt, c.src)
			}
			return
		}
	}
}

// problem says why a position is impossible, or returns "".
func (c gpsCandidate) problem() string {
	deg := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch {
	case math.Abs(c.lat) > 90: // also true for ±Inf
		return "latitude " + deg(c.lat) + " is out of range"
	case math.Abs(c.lon) > 180:
		return "longitude " + deg(c.lon) + " is out of range"
	case math.IsNaN(c.lat) || math.IsNaN(c.lon):
		return "latitude " + deg(c.lat) + ", longitude " + deg(c.lon) + ": missing or not a number"
	case c.lat == 0 && c.lon == 0:
		// "Null Island": what devices without a fix write.
		return "0, 0 is a placeholder, not a position"
	}
	return ""
}

// gpsCandidates lists the readings of one tags set, best first: exiftool's
// Composite tags (signed, altitude signed), the EXIF GPS directory with its
// reference letters, XMP exif:GPS*, and QuickTime ISO 6709 strings.
func gpsCandidates(t *tags) []gpsCandidate {
	var out []gpsCandidate
	add := func(lat, lon float64, alt *float64, src string, exif bool) {
		out = append(out, gpsCandidate{lat: lat, lon: lon, alt: alt, src: source(t, src), exif: exif})
	}
	if lat, ok := t.num("Composite:GPSLatitude"); ok {
		if lon, ok := t.num("Composite:GPSLongitude"); ok {
			alt := optNum(t, "Composite:GPSAltitude")
			_, fromEXIF := t.get("GPS:GPSLatitude")
			add(lat, lon, alt, "Composite:GPSLatitude", fromEXIF)
		}
	}
	if lat, ok := signed(t, "GPS:GPSLatitude", "GPS:GPSLatitudeRef"); ok {
		lon, ok := signed(t, "GPS:GPSLongitude", "GPS:GPSLongitudeRef")
		if !ok {
			lon = math.NaN() // a latitude alone is no position
		}
		add(lat, lon, altitude(t, "GPS:GPSAltitude", "GPS:GPSAltitudeRef"), "GPS:GPSLatitude", true)
	}
	if lat, ok := xmpCoord(t, "XMP-exif:GPSLatitude"); ok {
		if lon, ok := xmpCoord(t, "XMP-exif:GPSLongitude"); ok {
			add(lat, lon, altitude(t, "XMP-exif:GPSAltitude", "XMP-exif:GPSAltitudeRef"), "XMP-exif:GPSLatitude", false)
		}
	}
	for _, k := range []string{"Keys:GPSCoordinates", "UserData:GPSCoordinates", "ItemList:GPSCoordinates"} {
		if lat, lon, alt, ok := parseCoordinates(t.str(k)); ok {
			add(lat, lon, alt, k, false)
		}
	}
	return out
}

func optNum(t *tags, key string) *float64 {
	if f, ok := t.num(key); ok {
		return &f
	}
	return nil
}

// signed applies an EXIF reference letter (S, W negative) to a value that
// -n prints unsigned. A missing reference counts as N or E.
func signed(t *tags, key, refKey string) (float64, bool) {
	f, ok := t.num(key)
	if !ok {
		if _, present := t.get(key); present {
			return math.NaN(), true // there, but not a number
		}
		return 0, false
	}
	switch strings.ToUpper(t.str(refKey)) {
	case "S", "W":
		f = -math.Abs(f)
	}
	return f, true
}

// altitude applies GPSAltitudeRef (1: below sea level).
func altitude(t *tags, key, refKey string) *float64 {
	f, ok := t.num(key)
	if !ok {
		return nil
	}
	if ref, ok := t.num(refKey); ok && ref == 1 {
		f = -math.Abs(f)
	}
	return &f
}

// xmpCoord reads an XMP GPS coordinate: -n gives signed decimal degrees,
// but a value exiftool could not convert stays in XMP's "DD,MM.mmN" or
// "DD,MM,SSN" form.
func xmpCoord(t *tags, key string) (float64, bool) {
	if f, ok := t.num(key); ok {
		return f, true
	}
	s := strings.TrimSpace(t.str(key))
	if len(s) < 2 {
		return 0, false
	}
	sign := 1.0
	switch s[len(s)-1] {
	case 'S', 's', 'W', 'w':
		sign = -1
	case 'N', 'n', 'E', 'e':
	default:
		return 0, false
	}
	parts := strings.Split(s[:len(s)-1], ",")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	v, scale := 0.0, 1.0
	for _, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return 0, false
		}
		v += f / scale
		scale *= 60
	}
	return sign * v, true
}

// parseCoordinates reads QuickTime GPS coordinates: "lat lon [alt]" as -n
// prints them, or raw ISO 6709 ("+32.0929+034.8620+028.516/").
func parseCoordinates(s string) (lat, lon float64, alt *float64, ok bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "/")
	var parts []string
	if strings.ContainsAny(s, " ,") {
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	} else {
		for i := 0; i < len(s); { // split before each sign after the first
			j := i + 1
			for j < len(s) && s[j] != '+' && s[j] != '-' {
				j++
			}
			parts = append(parts, s[i:j])
			i = j
		}
	}
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, nil, false
	}
	var f [3]float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, 0, nil, false
		}
		f[i] = v
	}
	if len(parts) == 3 {
		alt = &f[2]
	}
	return f[0], f[1], alt, true
}
