package meta

import (
	"strings"
	"unicode/utf8"

	"imagier/internal/gallery"
)

// Limits on what a hostile file can push into Metadata.
const (
	maxString   = 64 << 10 // bytes per string
	maxKeywords = 1000     // keywords and hierarchical keywords, each
	maxWarnings = 50
)

// clean makes a metadata string safe to store: valid UTF-8, no control
// characters but newline and tab, trimmed, at most maxString bytes (cut on
// a rune boundary). HTML is left alone: escaping is the UI's job.
func clean(s string) string {
	if len(s) > 4*maxString {
		s = s[:4*maxString] // don't scan megabytes we'll throw away
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = gallery.CleanText(s)
	if len(s) > maxString {
		cut := maxString
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = strings.TrimSpace(s[:cut])
	}
	return s
}

// cameraDefault reports descriptions that cameras write by default and
// that describe nothing, blank ones included.
func cameraDefault(s string) bool {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	switch s {
	case "", "OLYMPUS DIGITAL CAMERA", "SONY DSC", "DIGITAL CAMERA", "KODAK DIGITAL STILL CAMERA",
		"SAMSUNG", "SAMSUNG DIGITAL CAMERA", "DCIM", "DCIM\\100MEDIA", "DEFAULT", "UNKNOWN", "NONE",
		"MINOLTA DIGITAL CAMERA", "PENTAX DIGITAL CAMERA", "NIKON DIGITAL CAMERA", "LEICA DIGITAL CAMERA",
		"CANON DIGITAL CAMERA", "FUJIFILM DIGITAL CAMERA", "PANASONIC DIGITAL CAMERA", "CASIO DIGITAL CAMERA",
		"HP DIGITAL CAMERA", "SANYO DIGITAL CAMERA", "KONICA MINOLTA DIGITAL CAMERA":
		return true
	}
	return strings.HasPrefix(s, "DCIM\\") || strings.HasPrefix(s, "DCIM/")
}

// sameText reports whether a and b are the same text but for case and
// spacing ("SAMSUNG   " and "Samsung"); empty texts are never the same.
func sameText(a, b string) bool {
	a, b = strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " ")
	return a != "" && strings.EqualFold(a, b)
}

// dedupe cleans list, drops empty and repeated entries (keeping the first)
// and caps the result at maxKeywords.
func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		s = clean(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
		if len(out) == maxKeywords {
			break
		}
	}
	return out
}

// latin1 decodes b as Windows-1252, the superset of ISO 8859-1 that
// writers claiming Latin-1 actually use for bytes 0x80–0x9F.
func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		if c >= 0x80 && c < 0xA0 {
			if r := cp1252Rune(c); r != 0 {
				sb.WriteRune(r)
				continue
			}
		}
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// cp1252Rune maps bytes 0x80–0x9F of Windows-1252; it returns 0 for the
// five bytes the code page leaves undefined (kept as C1 controls, which
// clean removes). A constant rather than a table variable keeps the package
// free of package-level variables.
func cp1252Rune(c byte) rune {
	const high = "€\x00‚ƒ„…†‡ˆ‰Š‹Œ\x00Ž\x00\x00‘’“”•–—˜™š›œ\x00žŸ"
	i := 0
	for _, r := range high {
		if i == int(c)-0x80 {
			return r
		}
		i++
	}
	return 0
}

// utf8OrLatin1 decodes text without a declared character set: valid UTF-8
// is taken as UTF-8, anything else as Latin-1.
func utf8OrLatin1(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return latin1(b)
}

// undoLatin1 repairs text exiftool decoded as Latin-1 although its bytes
// were UTF-8 (IPTC without a character set outside JPEG, where our own
// reader does not run): when re-encoding s to Windows-1252 gives valid
// multi-byte UTF-8, that is what the writer meant.
func undoLatin1(s string) string {
	b := make([]byte, 0, len(s))
	multi := false
	for _, r := range s {
		c, ok := toCP1252(r)
		if !ok {
			return s // not something a Latin-1 decoder could have produced
		}
		multi = multi || c >= 0x80
		b = append(b, c)
	}
	if !multi || !utf8.Valid(b) {
		return s
	}
	return string(b)
}

func toCP1252(r rune) (byte, bool) {
	if r < 0x80 || (r >= 0xA0 && r <= 0xFF) {
		return byte(r), true
	}
	for c := byte(0x80); c < 0xA0; c++ {
		if cp1252Rune(c) == r {
			return c, true
		}
	}
	if r >= 0x80 && r < 0xA0 {
		return byte(r), true
	}
	return 0, false
}
