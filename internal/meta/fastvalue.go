package meta

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds the facts about exiftool's output that the fast reader
// must reproduce so that its tags read exactly like those exiftool prints
// with -j -n: how values become JSON, and how numbers are written.

// jsonValue returns s as the mapper would receive it from exiftool's JSON:
// "true"/"false" (any case) become booleans, numbers in JSON's grammar
// become json.Number, and other strings lose their NUL bytes and have
// each byte that is not part of valid UTF-8 replaced with "?".
func jsonValue(s string) any {
	if strings.EqualFold(s, "true") || strings.EqualFold(s, "false") {
		return strings.EqualFold(s, "true")
	}
	if jsonNumber(s) {
		return json.Number(s)
	}
	return fixUTF8(strings.ReplaceAll(s, "\x00", ""))
}

// jsonNumber reports whether exiftool prints s unquoted: an optional
// minus, 1 to 15 integer digits without a leading zero, up to 16
// decimals and an exponent of up to 3 digits.
func jsonNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	n := i - start
	if n == 0 || n > 15 || (n > 1 && s[start] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == d || i-d > 16 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == d || i-d > 3 {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// fixUTF8 replaces, byte by byte, what exiftool's JSON writer does not
// accept as UTF-8 with "?": bytes outside a valid sequence, overlong
// forms, surrogates, U+FFFE and U+FFFF, and code points above U+10FFFF.
func fixUTF8(s string) string {
	if utf8.ValidString(s) && !strings.Contains(s, "\uFFFE") && !strings.Contains(s, "\uFFFF") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			b.WriteByte(c)
			i++
			continue
		}
		if n := utf8SeqLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteByte('?')
		i++
	}
	return b.String()
}

// utf8SeqLen returns the length of the sequence at the start of s if
// exiftool takes it as valid UTF-8, else 0.
func utf8SeqLen(s string) int {
	c := s[0]
	if c < 0xC2 || c >= 0xF8 {
		return 0
	}
	n := 1
	switch {
	case c >= 0xF0:
		n = 3
	case c >= 0xE0:
		n = 2
	}
	if len(s) < n+1 {
		return 0
	}
	for _, t := range []byte(s[1 : n+1]) {
		if t < 0x80 || t > 0xBF {
			return 0
		}
	}
	c1 := s[1]
	switch n {
	case 2:
		if (c == 0xE0 && c1&0xE0 == 0x80) || (c == 0xED && c1&0xE0 == 0xA0) ||
			(c == 0xEF && c1 == 0xBF && s[2]&0xFE == 0xBE) {
			return 0
		}
	case 3:
		if (c == 0xF0 && c1&0xF0 == 0x80) || (c == 0xF4 && c1 > 0x8F) || c > 0xF4 {
			return 0
		}
	}
	return n + 1
}

// perlNumber formats a computed number the way Perl prints one: 15
// significant digits, and no sign on zero.
func perlNumber(f float64) string {
	if f == 0 {
		return "0"
	}
	return strconv.FormatFloat(f, 'g', 15, 64)
}

// perlIsFloat is exiftool's IsFloat: a decimal number with optional
// sign, fraction and exponent, and nothing else.
func perlIsFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i == len(s) || !(isDigit(s[i]) || (s[i] == '.' && i+1 < len(s) && isDigit(s[i+1]))) {
		return false
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(s)
}

// perlNumbers extracts the decimal numbers of s as exiftool's coordinate
// conversion does: an optional sign, digits with an optional fraction
// (or a fraction alone), and an optional exponent with a sign.
func perlNumbers(s string, max int) []string {
	var out []string
	for i := 0; i < len(s) && len(out) < max; {
		j := i
		if s[j] == '+' || s[j] == '-' {
			j++
		}
		if j >= len(s) || !(isDigit(s[j]) || (s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]))) {
			i++
			continue
		}
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '.' {
			j++
			for j < len(s) && isDigit(s[j]) {
				j++
			}
		}
		if j+1 < len(s) && (s[j] == 'e' || s[j] == 'E') && (s[j+1] == '+' || s[j+1] == '-') {
			k := j + 2
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k > j+2 {
				j = k
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// toDegrees is exiftool's conversion of a coordinate ("d m s" from EXIF
// rationals, or XMP's "DD,MM.mmN") into decimal degrees. It reports false
// where exiftool would print an empty string. With sign, a trailing S or W
// makes the result negative; without, a negative result is made positive.
func toDegrees(val string, sign bool) (float64, bool) {
	for _, w := range strings.Fields(val) {
		if w == "inf" || w == "undef" {
			return 0, false
		}
	}
	nums := perlNumbers(val, 3)
	if len(nums) == 0 {
		return 0, false
	}
	var v [3]float64
	for i, s := range nums {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, false
		}
		v[i] = f
	}
	deg := v[0] + (v[1]+v[2]/60)/60
	if sign {
		if southOrWest(val) {
			deg = -deg
		}
	} else if deg < 0 {
		deg = -deg
	}
	if math.IsNaN(deg) || math.IsInf(deg, 0) {
		return 0, false
	}
	return deg, true
}

// southOrWest reports a coordinate ending in S, South, W or West (any
// case, trailing white space allowed) after a character that is not a
// letter.
func southOrWest(s string) bool {
	s = strings.TrimRight(s, " \t\n\r\f\v")
	ls := strings.ToLower(s)
	for _, suf := range []string{"south", "west", "s", "w"} {
		if strings.HasSuffix(ls, suf) {
			rest := ls[:len(ls)-len(suf)]
			if rest == "" {
				return false
			}
			c := rest[len(rest)-1]
			return !(c >= 'a' && c <= 'z')
		}
	}
	return false
}
