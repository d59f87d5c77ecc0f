package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Message contexts of the catalogue entries that Date, Number and Bytes read.
// They are part of the catalogue's contract with translators: renaming one
// orphans every translation of it.
const (
	ctxMonth      = "month"        // msgid "January"…
	ctxShortMonth = "short month"  // msgid "Jan"…
	ctxWeekday    = "weekday"      // msgid "Monday"…
	ctxDayOfMonth = "day of month" // msgid "1": French writes "1er juillet"
	ctxDateFormat = "date format"  // msgid "{month} {day}, {year}"…
	ctxNumber     = "number"       // msgid "." and ",": decimal and thousands separators
	ctxByteUnit   = "byte unit"    // msgid "B", "kB"…
	ctxCompass    = "compass"      // msgid "N", "S", "E", "W": hemispheres
)

// DateStyle selects how much of a date Date writes.
type DateStyle int

// The date styles, with their English and French output for 14 July 2025.
const (
	DateLong      DateStyle = iota // "July 14, 2025", "14 juillet 2025"
	DateShort                      // "Jul 14, 2025", "14 juil. 2025"
	DateFull                       // "Monday, July 14, 2025", "lundi 14 juillet 2025"
	DateMonthYear                  // "July 2025", "juillet 2025": timeline headings
)

// layout returns the msgid of the style's layout in the "date format"
// context. The English layout is the msgid, so an untranslated layout still
// gives a readable date.
func (s DateStyle) layout() string {
	switch s {
	case DateShort:
		return "{short_month} {day}, {year}"
	case DateFull:
		return "{weekday}, {month} {day}, {year}"
	case DateMonthYear:
		return "{month} {year}"
	}
	return "{month} {day}, {year}"
}

// Date writes t's calendar date in style, in t's own location: a photo's
// date taken is a wall-clock date, and the caller knows which zone it means.
// Names and layouts come from the catalogue.
func (l *Localizer) Date(t time.Time, style DateStyle) string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = l.TC(ctxDayOfMonth, day)
	}
	month := t.Month().String()
	return strings.NewReplacer(
		"{weekday}", l.TC(ctxWeekday, t.Weekday().String()),
		"{day}", day,
		"{month}", l.TC(ctxMonth, month),
		"{short_month}", l.TC(ctxShortMonth, month[:3]),
		"{year}", strconv.Itoa(t.Year()),
	).Replace(l.TC(ctxDateFormat, style.layout()))
}

// Number writes x with at most three decimals and the catalogue's
// separators: "12,345.6" in English, "12 345,6" in French (with a narrow
// no-break space, U+202F).
//
// golang.org/x/text/message would pick the separators itself, but its CLDR 32
// tables give French a plain no-break space (U+00A0), which CLDR has since
// replaced; taking them from the catalogue keeps them in translators' hands.
func (l *Localizer) Number(x float64) string {
	return l.decimal(x, 3)
}

// Int writes n with the catalogue's thousands separator: "12,345",
// "12 345". It takes an int so that templates can pass counts directly.
func (l *Localizer) Int(n int) string {
	return l.group3(strconv.Itoa(n), "")
}

// decimal writes x rounded to at most frac decimals, without trailing zeros.
func (l *Localizer) decimal(x float64, frac int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	s := strconv.FormatFloat(x, 'f', frac, 64)
	whole, fraction, _ := strings.Cut(s, ".")
	fraction = strings.TrimRight(fraction, "0")
	if fraction == "" && strings.Trim(whole, "-0") == "" {
		whole = "0" // -0.0001 rounds to "-0", which nobody writes
	}
	return l.group3(whole, fraction)
}

// group3 puts the thousands separator into whole (optionally signed decimal
// digits) and appends fraction after the decimal separator.
func (l *Localizer) group3(whole, fraction string) string {
	var b strings.Builder
	digits := strings.TrimPrefix(whole, "-")
	if len(digits) < len(whole) {
		b.WriteString("-")
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(l.group)
		}
		b.WriteRune(d)
	}
	if fraction != "" {
		b.WriteString(l.point + fraction)
	}
	return b.String()
}

// Coordinates writes a latitude and longitude with five decimals (about a
// metre) and their hemispheres, with the catalogue's decimal separator:
// "48.85783° N, 2.29450° E", "48,85783° N, 2,29450° E". Signs would read as
// hyphens next to a French comma; the letters read the same in both.
func (l *Localizer) Coordinates(lat, lon float64) string {
	one := func(v float64, pos, neg string) string {
		h := pos
		if v < 0 {
			v, h = -v, neg
		}
		whole, fraction, _ := strings.Cut(strconv.FormatFloat(v, 'f', 5, 64), ".")
		return l.group3(whole, fraction) + "°\u00a0" + l.TC(ctxCompass, h)
	}
	return one(lat, "N", "S") + ", " + one(lon, "E", "W")
}

// Bytes writes a file size with at most one decimal: "1.5 MB", "1,5 Mo". A
// no-break space (U+00A0) keeps the number and its unit on one line.
func (l *Localizer) Bytes(n int64) string {
	// Decimal units, each 1000 times the previous, as storage makers and
	// most file managers count; int64 ends in the exabytes.
	byteUnits := [...]string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}
	v := math.Abs(float64(n))
	unit := 0
	// Compare after rounding, so that 999 999 bytes reads "1 MB", not "1000 kB".
	for unit < len(byteUnits)-1 && math.Round(v*10)/10 >= 1000 {
		v /= 1000
		unit++
	}
	if n < 0 {
		v = -v
	}
	return l.decimal(v, 1) + "\u00a0" + l.TC(ctxByteUnit, byteUnits[unit])
}
