package search

import (
	"strconv"
	"strings"
	"time"
)

// ParseDateRange reads a date value: `2019`, `2019-06`, `2019-06-21` (or
// `21/06/2019`, `06/2019`), a range `A..B`, `..B`, `A..`, or a comparison
// `>A`, `>=A`, `<A`, `<=A`. The key is ErrBadDate or ErrBadRange when it
// fails; the planner may use it for custom date fields.
func ParseDateRange(s string) (DateRange, ErrorKey, bool) {
	for _, c := range []string{">=", "<=", ">", "<"} {
		if rest, ok := strings.CutPrefix(s, c); ok {
			d, ok := parseDate(rest)
			if !ok {
				return DateRange{}, ErrBadDate, false
			}
			switch c {
			case ">=":
				return DateRange{From: d}, "", true
			case "<=":
				return DateRange{To: d}, "", true
			case ">":
				d, ok = shift(d, 1)
				return DateRange{From: d}, ErrBadRange, ok
			}
			d, ok = shift(d, -1)
			return DateRange{To: d}, ErrBadRange, ok
		}
	}
	a, b, isRange := strings.Cut(s, "..")
	if !isRange {
		d, ok := parseDate(s)
		return DateRange{From: d, To: d}, ErrBadDate, ok
	}
	if a == "" && b == "" {
		return DateRange{}, ErrBadRange, false
	}
	var r DateRange
	var ok bool
	if a != "" {
		if r.From, ok = parseDate(a); !ok {
			return DateRange{}, ErrBadDate, false
		}
	}
	if b != "" {
		if r.To, ok = parseDate(b); !ok {
			return DateRange{}, ErrBadDate, false
		}
	}
	if a != "" && b != "" && first(r.From).After(last(r.To)) {
		return DateRange{}, ErrBadRange, false
	}
	return r, "", true
}

// parseDate reads YYYY, YYYY-MM, YYYY-MM-DD, MM/YYYY or DD/MM/YYYY.
func parseDate(s string) (Date, bool) {
	var parts []string
	if strings.Contains(s, "/") {
		parts = strings.Split(s, "/")
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
	} else {
		parts = strings.Split(s, "-")
	}
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, false
	}
	var n [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 4 || (i > 0 && len(p) > 2) {
			return Date{}, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || p[0] == '+' || p[0] == '-' {
			return Date{}, false
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year < 1 || (len(parts) > 1 && (d.Month < 1 || d.Month > 12)) {
		return Date{}, false
	}
	if len(parts) == 3 && (d.Day < 1 || d.Day > last(Date{Year: d.Year, Month: d.Month}).Day()) {
		return Date{}, false
	}
	return d, true
}

// first and last are the first and last day of d's period.
func first(d Date) time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

func last(d Date) time.Time {
	switch {
	case d.Day != 0:
		return first(d)
	case d.Month != 0:
		return first(d).AddDate(0, 1, -1)
	}
	return first(d).AddDate(1, 0, -1)
}

// shift moves d by one period of its own precision, keeping it in 1–9999.
func shift(d Date, by int) (Date, bool) {
	t := first(d)
	switch {
	case d.Day != 0:
		t = t.AddDate(0, 0, by)
		d = Date{t.Year(), int(t.Month()), t.Day()}
	case d.Month != 0:
		t = t.AddDate(0, by, 0)
		d = Date{t.Year(), int(t.Month()), 0}
	default:
		d.Year += by
	}
	return d, d.Year >= 1 && d.Year <= 9999
}

// ParseNumRange reads a number value: `4`, `2..4`, `..4`, `2..`, `>4`, `>=4`,
// `<4`, `<=4`, with `.` or `,` as decimal separator. unit, when not empty, is
// an optional case-insensitive suffix of each number (size: "mp"). The key is
// ErrBadNumber or ErrBadRange when it fails.
func ParseNumRange(s string, units ...string) (NumRange, ErrorKey, bool) {
	number := func(s string) (float64, bool) {
		for _, u := range units {
			if len(s) > len(u) && strings.EqualFold(s[len(s)-len(u):], u) {
				s = s[:len(s)-len(u)]
				break
			}
		}
		return decimal(s, false)
	}
	for _, c := range []string{">=", "<=", ">", "<"} {
		if rest, ok := strings.CutPrefix(s, c); ok {
			v, ok := number(rest)
			b := Bound{Value: v, Set: true, Strict: len(c) == 1}
			if c[0] == '>' {
				return NumRange{Lo: b}, ErrBadNumber, ok
			}
			return NumRange{Hi: b}, ErrBadNumber, ok
		}
	}
	a, b, isRange := strings.Cut(s, "..")
	if !isRange {
		v, ok := number(s)
		return NumRange{Lo: Bound{Value: v, Set: true}, Hi: Bound{Value: v, Set: true}}, ErrBadNumber, ok
	}
	if a == "" && b == "" {
		return NumRange{}, ErrBadRange, false
	}
	var r NumRange
	var ok bool
	if a != "" {
		if r.Lo.Value, ok = number(a); !ok {
			return NumRange{}, ErrBadNumber, false
		}
		r.Lo.Set = true
	}
	if b != "" {
		if r.Hi.Value, ok = number(b); !ok {
			return NumRange{}, ErrBadNumber, false
		}
		r.Hi.Set = true
	}
	if r.Lo.Set && r.Hi.Set && r.Lo.Value > r.Hi.Value {
		return NumRange{}, ErrBadRange, false
	}
	return r, "", true
}

// decimal reads digits with an optional fraction ("3.5" or "3,5" unless
// signed, when only "." is a separator and a leading "-" is allowed). It
// refuses everything else strconv would take (exponents, "inf", "0x").
func decimal(s string, signed bool) (float64, bool) {
	t := s
	if signed {
		t = strings.TrimPrefix(t, "-")
	} else {
		t = strings.Replace(t, ",", ".", 1)
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if !digits(whole, 1, 9) || (hasFrac && !digits(frac, 1, 9)) {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	if signed && strings.HasPrefix(s, "-") {
		v = -v
	}
	return v, err == nil
}

func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseNear reads LAT,LON,KM (KM optionally suffixed "km").
func parseNear(s string) (Near, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return Near{}, false
	}
	lat, ok1 := decimal(parts[0], true)
	lon, ok2 := decimal(parts[1], true)
	km := parts[2]
	if len(km) > 2 && strings.EqualFold(km[len(km)-2:], "km") {
		km = km[:len(km)-2]
	}
	dist, ok3 := decimal(km, false)
	if !ok1 || !ok2 || !ok3 || strings.Contains(parts[2], ",") {
		return Near{}, false
	}
	n := Near{Lat: lat, Lon: lon, KM: dist}
	if n.Lat < -90 || n.Lat > 90 || n.Lon < -180 || n.Lon > 180 || n.KM <= 0 || n.KM > 20040 {
		return Near{}, false
	}
	return n, true
}
