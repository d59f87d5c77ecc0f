package meta

import (
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
)

// dateCandidate is one place a capture date may come from.
type dateCandidate struct {
	t      *tags
	key    string
	offKey string // tag holding the UTC offset of key's value, if any
	utc    bool   // the value is UTC by the format's definition
	// raw, when set, replaces the tag lookup (IPTC read by our reader).
	raw string
}

// taken picks the capture date: the first valid candidate, in the priority
// order of dateCandidates. Impossible dates ("0000:00:00 00:00:00", blank
// ones) are skipped. A date without offset borrows one from a later
// candidate that has the same wall-clock time and an offset.
func (m *mapper) taken() {
	cands := m.dateCandidates()
	for i, c := range cands {
		dt, ok := c.parse()
		if !ok {
			continue
		}
		m.md.Taken = &dt
		m.md.Sources["taken"] = c.source()
		if dt.HasOffset {
			return
		}
		for _, o := range cands[i+1:] {
			odt, ok := o.parse()
			if ok && odt.HasOffset && sameWallClock(dt.Local, odt.Local) {
				m.md.Taken = &odt
				m.md.Sources["taken_offset"] = o.source()
				return
			}
		}
		return
	}
}

func (c dateCandidate) source() string {
	if c.t == nil {
		return c.key
	}
	return source(c.t, c.key)
}

func (c dateCandidate) parse() (gallery.DateTime, bool) {
	s := c.raw
	if c.t != nil {
		s = c.t.str(c.key)
	}
	dt, ok := parseDate(s)
	if !ok {
		return dt, false
	}
	if !dt.HasOffset && c.t != nil && c.offKey != "" {
		if off, ok := parseOffset(c.t.str(c.offKey)); ok {
			dt.Local = withZone(dt.Local, off)
			dt.HasOffset = true
		}
	}
	if !dt.HasOffset && c.utc {
		dt.HasOffset = true // already in UTC, which Local's zone says
	}
	return dt, true
}

// dateCandidates lists, best first: DateTimeOriginal (sidecar XMP, then
// EXIF, then any other group), XMP photoshop:DateCreated, IPTC date and
// time created, Apple's QuickTime CreationDate, then the CreateDate tags
// of EXIF, XMP, QuickTime (UTC by definition) and PDF.
func (m *mapper) dateCandidates() []dateCandidate {
	var c []dateCandidate
	add := func(t *tags, key, offKey string) {
		c = append(c, dateCandidate{t: t, key: key, offKey: offKey})
	}
	for _, s := range m.side {
		add(s, "XMP-exif:DateTimeOriginal", "")
	}
	add(m.file, "ExifIFD:DateTimeOriginal", "ExifIFD:OffsetTimeOriginal")
	add(m.file, "IFD0:DateTimeOriginal", "ExifIFD:OffsetTimeOriginal")
	add(m.file, "XMP-exif:DateTimeOriginal", "")
	for _, f := range m.file.fields {
		if f.tag == "DateTimeOriginal" && f.group != "Composite" {
			add(m.file, f.key, "")
		}
	}
	add(m.file, "Composite:DateTimeOriginal", "")
	for _, t := range m.xmpFirst() {
		add(t, "XMP-photoshop:DateCreated", "")
	}
	c = append(c, m.iptcDate())
	add(m.file, "Keys:CreationDate", "")
	add(m.file, "ExifIFD:CreateDate", "ExifIFD:OffsetTimeDigitized")
	for _, t := range m.xmpFirst() {
		add(t, "XMP-xmp:CreateDate", "")
	}
	c = append(c, dateCandidate{t: m.file, key: "QuickTime:CreateDate", utc: true})
	add(m.file, "PDF:CreateDate", "")
	add(m.file, "PNG:CreateDate", "")
	return c
}

// iptcDate joins IPTC DateCreated and TimeCreated into one candidate.
func (m *mapper) iptcDate() dateCandidate {
	if m.iptc != nil {
		return dateCandidate{key: "IPTC:DateCreated", raw: iptcDateTime(m.iptc.DateCreated, m.iptc.TimeCreated)}
	}
	d, t := m.file.str("IPTC:DateCreated"), m.file.str("IPTC:TimeCreated")
	if d != "" && t != "" {
		d += " " + t
	}
	return dateCandidate{key: "IPTC:DateCreated", raw: d}
}

// iptcDateTime rewrites IPTC's "CCYYMMDD" and "HHMMSS±HHMM" (some writers
// add a fraction of a second) in the "YYYY:MM:DD HH:MM:SS±HH:MM" form
// parseDate reads.
func iptcDateTime(date, clock string) string {
	if len(date) != 8 {
		return ""
	}
	s := date[:4] + ":" + date[4:6] + ":" + date[6:]
	if len(clock) < 6 {
		return s
	}
	s += " " + clock[:2] + ":" + clock[2:4] + ":" + clock[4:6]
	zone := clock[6:]
	if strings.HasPrefix(zone, ".") {
		zone = strings.TrimLeft(zone[1:], "0123456789")
	}
	if len(zone) == 5 && (zone[0] == '+' || zone[0] == '-') {
		s += zone[:3] + ":" + zone[3:]
	}
	return s
}

// parseDate reads exiftool's date forms: "YYYY:MM:DD HH:MM:SS" with
// optional fraction and zone ("Z", "+02:00", "-0700"), "HH:MM" without
// seconds, a date alone, and "-" instead of ":" in the date. It rejects
// impossible values, such as an all-zero or blank date.
func parseDate(s string) (gallery.DateTime, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return gallery.DateTime{}, false
	}
	num := func(p string) int {
		n, err := strconv.Atoi(p)
		if err != nil || strings.ContainsAny(p, "+- ") {
			return -1
		}
		return n
	}
	sep := s[4]
	if (sep != ':' && sep != '-') || s[7] != sep {
		return gallery.DateTime{}, false
	}
	y, mo, d := num(s[:4]), num(s[5:7]), num(s[8:10])
	rest := strings.TrimLeft(s[10:], " T")
	h, mi, sec := 0, 0, 0
	if len(rest) >= 5 && rest[2] == ':' {
		h, mi = num(rest[:2]), num(rest[3:5])
		rest = rest[5:]
		if len(rest) >= 3 && rest[0] == ':' {
			sec = num(rest[1:3])
			rest = rest[3:]
		}
		if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
			rest = strings.TrimLeft(rest[1:], "0123456789")
		}
	}
	if y < 1800 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) ||
		h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 {
		return gallery.DateTime{}, false
	}
	sec = min(sec, 59) // a leap second is not worth a day of confusion
	local := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return gallery.DateTime{Local: local}, true
	}
	off, ok := parseOffset(rest)
	if !ok {
		return gallery.DateTime{}, false
	}
	return gallery.DateTime{Local: withZone(local, off), HasOffset: true}, true
}

// parseOffset reads "Z", "+02:00", "+0200" or "+02" as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "Z" {
		return 0, true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	digits := strings.ReplaceAll(s[1:], ":", "")
	if len(digits) != 2 && len(digits) != 4 {
		return 0, false
	}
	h, err1 := strconv.Atoi(digits[:2])
	mi := 0
	var err2 error
	if len(digits) == 4 {
		mi, err2 = strconv.Atoi(digits[2:])
	}
	if err1 != nil || err2 != nil || h > 14 || mi > 59 {
		return 0, false
	}
	off := h*3600 + mi*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// withZone keeps the wall clock of t and attaches a fixed offset.
func withZone(t time.Time, off int) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0,
		time.FixedZone("", off))
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func sameWallClock(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay() &&
		a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}
