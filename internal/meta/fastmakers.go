package meta

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
)

// What exiftool checks, expects or finds in the maker notes of each make
// the fast reader knows (see checkMakerNote).

// makerOffsets is exiftool's list of expected gaps between a maker-note
// directory and its values, by make; the first is the usual one.
func makerOffsets(make, model string) []int64 {
	switch {
	case strings.HasPrefix(make, "Canon"):
		out := []int64{4}
		if hasWord(model, "20D", "350D", "REBEL XT", "Kiss Digital N") {
			out[0] = 6
		}
		if hasWord(model, "FV") || strings.Contains(model, "OPTURA") && hasWordStart(model, "OPTURA") {
			out = append(out, 28)
		}
		if strings.Contains(model, "PowerShot") || strings.Contains(model, "IXUS") || strings.Contains(model, "IXY") {
			out = append(out, 16)
		}
		return out
	case strings.HasPrefix(make, "Panasonic") && !isWordAfter(make, "Panasonic"),
		strings.HasPrefix(make, "JVC") && !isWordAfter(make, "JVC"):
		return []int64{0}
	case strings.HasPrefix(make, "OLYMPUS"):
		switch {
		case prefixWord(model, "E-1", "E-300", "E-330"):
			return []int64{16}
		case prefixWord(model, "C2500L", "C-1", "C-1Z", "C-5000Z", "X-2", "C720UZ", "C725UZ", "C150", "C2Z",
			"E-10", "E-20", "FerrariMODEL2003", "u20D", "u10D"):
			return nil // exiftool expects no particular gap for these
		}
		return []int64{4}
	case strings.HasPrefix(make, "CASIO"):
		return []int64{4, 16, 2}
	case strings.HasPrefix(strings.ToUpper(make), "KONICA MINOLTA"):
		return []int64{4, -16}
	case strings.HasPrefix(strings.ToUpper(make), "MINOLTA"):
		return []int64{4, -8, -12}
	case strings.HasPrefix(make, "SONY"):
		switch {
		case strings.HasPrefix(model, "DSLR-"), model == "SLT-A33", model == "SLT-A35", model == "SLT-A55V",
			model == "NEX-3", model == "NEX-5", model == "NEX-C3", model == "NEX-VG10E":
			return []int64{4}
		}
		return []int64{0}
	}
	return []int64{4}
}

// hasWord reports one of words in s between word boundaries.
func hasWord(s string, words ...string) bool {
	for _, w := range words {
		for i := 0; ; {
			k := strings.Index(s[i:], w)
			if k < 0 {
				break
			}
			k += i
			before := k == 0 || !isWordByte(s[k-1])
			after := k+len(w) == len(s) || !isWordByte(s[k+len(w)])
			if before && after {
				return true
			}
			i = k + 1
		}
	}
	return false
}

// hasWordStart reports w in s after a word boundary.
func hasWordStart(s, w string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		k += i
		if k == 0 || !isWordByte(s[k-1]) {
			return true
		}
		i = k + 1
	}
}

// prefixWord reports that s starts with one of words, followed by a word
// boundary.
func prefixWord(s string, words ...string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) && !isWordAfter(s, w) {
			return true
		}
	}
	return false
}

// isWordAfter reports that s starts with w followed by a word character
// (so that "^w\b" does not match).
func isWordAfter(s, w string) bool {
	return strings.HasPrefix(s, w) && len(s) > len(w) && isWordByte(s[len(w)])
}

// canon checks what exiftool validates in Canon maker notes: the length
// word that starts most of its binary records, and the models whose
// camera information it decodes by firmware version.
func (d *mnDir) canon() error {
	if _, ok := d.tags[0x000D]; ok && containsAny(d.w.model, "1D Mark IV", "1D X", "5D Mark II", "EOS 7D", "EOS 50D") {
		return deferf("maker notes: Canon camera information by firmware")
	}
	for tag, en := range d.tags {
		size := int64(len(en.val))
		if size == 0 {
			continue
		}
		var want []int64
		first := func(at int64) int64 {
			if at+2 > size {
				return -1
			}
			return int64(d.t.order.Uint16(en.val[at:]))
		}
		got := first(0)
		switch tag {
		case 0x0001, 0x0004, 0x000A, 0x000F, 0x0011, 0x001D, 0x0024, 0x0026, 0x002F, 0x0035, 0x003C,
			0x0090, 0x0091, 0x0092, 0x0093, 0x0099, 0x00A0, 0x00A9, 0x00AA, 0x00B0, 0x00B1, 0x00E0,
			0x4016, 0x4018, 0x4020, 0x4021, 0x4024, 0x4025, 0x4026, 0x4028, 0x403F:
			want = []int64{size}
		case 0x4013:
			want = []int64{size, 0x2C}
		case 0x4015:
			got = first(2)
			want = []int64{size}
		case 0x00B6:
			want = []int64{size / 2}
		case 0x0012:
			if !validCanonAFInfo(en.val, d.t.order) {
				return deferf("maker notes: Canon AF information fails exiftool's check")
			}
			continue
		default:
			continue
		}
		ok := false
		for _, v := range want {
			ok = ok || v == got
		}
		if !ok {
			return deferf("maker notes: Canon record %#04x fails exiftool's check", tag)
		}
	}
	return nil
}

// nikon checks the Nikon maker notes: sub-directories are left to
// exiftool, and encrypted records need the shutter count exiftool
// decrypts them with, or it warns.
func (d *mnDir) nikon() error {
	for _, tag := range []uint16{0x0E01, 0x0E0E, 0x0E10, 0x0E13, 0x0E1E} {
		if _, ok := d.tags[tag]; ok {
			return deferf("maker notes: Nikon Capture data %#04x", tag)
		}
	}
	if en, ok := d.tags[0x0011]; ok {
		if (en.typ != typeLong && en.typ != typeIFD) || en.count != 1 {
			return deferf("maker notes: Nikon preview directory pointer is malformed")
		}
		if err := d.subIFD("PreviewIFD", d.base+int64(d.t.order.Uint32(en.val))); err != nil {
			return err
		}
	}
	_, count := d.tags[0x00A7]
	for _, tag := range []uint16{0x0091, 0x0097, 0x0098} {
		if _, ok := d.tags[tag]; ok && !count {
			return deferf("maker notes: Nikon encrypted data without a shutter count")
		}
	}
	return nil
}

// printIMAndSony checks the PrintIM block some maker notes hold, and the
// Sony records exiftool decodes with checks of their own.
func (d *mnDir) printIMAndSony() error {
	if en, ok := d.tags[0x0E00]; ok {
		if err := checkPrintIM(en.val, d.t.order); err != nil {
			return err
		}
	}
	if d.l.name == "Sony" {
		if _, ok := d.tags[0x0020]; ok {
			return deferf("maker notes: Sony MoreInfo")
		}
		if en, ok := d.tags[0xB028]; ok && !bytes.Equal(en.val, []byte{0, 0, 0, 0}) {
			return deferf("maker notes: Sony Minolta directory")
		}
	}
	return nil
}

// validCanonAFInfo is exiftool's check of Canon AF information: a known
// number of AF points and a plausible image aspect ratio.
func validCanonAFInfo(v []byte, order binary.ByteOrder) bool {
	if len(v) < 24 {
		return false
	}
	switch order.Uint16(v) {
	case 1, 5, 7, 9, 15, 45, 53:
	default:
		return false
	}
	w1, h1 := float64(order.Uint16(v[4:])), float64(order.Uint16(v[6:]))
	if w1 == 0 || h1 == 0 {
		return false
	}
	f1 := w1 / h1
	for _, r := range []float64{1.33, 1.67, 0.75, 0.60} {
		if math.Abs(f1-r) < 0.01 {
			return true
		}
	}
	w2, h2 := float64(order.Uint16(v[8:])), float64(order.Uint16(v[10:]))
	if w2 == 0 || h2 == 0 || w1 == h1 {
		return false
	}
	return math.Abs(1-f1/(w2/h2)) < 0.01
}

// names lists the tag names the mapper searches for in every group that
// exiftool may find in these maker notes, from their tables and the
// Composite tags built on them (FujiFilm's and Apple's have none in JPEG
// files; Canon's and Nikon's lens names live in a few records only).
func (d *mnDir) names() []string {
	switch d.l.name {
	case "Canon":
		out := []string{"ExposureTime", "FNumber", "FocalLength", "ISO", "Composite:ISO"}
		// The lens name is record 0x95, or part of the camera
		// information of three models.
		_, info := d.tags[0x000D]
		info = info && (strings.HasSuffix(d.w.model, "EOS 40D") ||
			hasWord(d.w.model, "450D", "REBEL XSi", "Kiss X2", "1000D", "REBEL XS", "Kiss F"))
		if _, lens := d.tags[0x0095]; lens || info {
			out = append(out, "LensModel")
		}
		return out
	case "Nikon":
		// Only the lens data of the Nikon 1 series names the lens; the
		// Composite LensID is eight hexadecimal bytes.
		out := []string{"DateTimeOriginal", "ExposureTime", "FNumber", "FocalLength", "ISO", "Make", "Model", "Orientation"}
		if en, ok := d.tags[0x0098]; ok && !bytes.HasPrefix(en.val, []byte("010")) &&
			!bytes.HasPrefix(en.val, []byte("020")) && !bytes.HasPrefix(en.val, []byte("080")) {
			out = append(out, "LensModel")
		}
		return out
	case "Sony":
		return []string{"DateTimeOriginal", "ExposureTime", "FNumber", "FocalLength", "ISO", "Orientation"}
	case "Panasonic":
		return []string{"ISO"}
	case "Casio":
		return []string{"DateTimeOriginal", "FocalLength", "ISO"}
	case "Minolta":
		return []string{"ExposureTime", "FNumber", "FocalLength", "ISO", "Make"}
	case "Olympus":
		// Without the sub-directories checked above, no lens name.
		return []string{"DateTimeOriginal", "ExposureTime", "FNumber", "FocalLength", "ISO", "Make", "Model"}
	}
	return nil
}

// kodakHeader reports maker notes exiftool takes for Kodak's whatever
// the make, which it tries before Nikon's headerless ones.
func kodakHeader(mn []byte) bool {
	if len(mn) >= 21 && string(mn[8:21]) == "Eastman Kodak" {
		return true
	}
	if len(mn) < 12 || mn[0] != 1 || mn[1] != 0 || mn[2] > 1 || string(mn[3:8]) != "\x00\x00\x00\x04\x00" {
		return false
	}
	for _, c := range mn[8:12] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// olympus leaves the newer Olympus sub-directories to exiftool.
func (d *mnDir) olympus() error {
	for tag, en := range d.tags {
		switch {
		case tag >= 0x2010 && tag <= 0x5000 && (tag&0x0F == 0 || tag == 0x2031):
			return deferf("maker notes: Olympus sub-directory %#04x", tag)
		case (tag == 0x0088 || tag == 0x1036) && !intType(en.typ):
			return deferf("maker notes: Olympus offset %#04x has type %d", tag, en.typ)
		}
	}
	return d.printIMAndSony()
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// minoltaMake reports makes exiftool takes Minolta maker notes for.
func minoltaMake(make string) bool {
	u := strings.ToUpper(make)
	return strings.HasPrefix(u, "KONICA MINOLTA") || strings.HasPrefix(u, "MINOLTA")
}

// minolta leaves the Minolta records exiftool reads by model to it.
func (d *mnDir) minolta() error {
	for tag, en := range d.tags {
		switch tag {
		case 0x0004, 0x0010, 0x0018, 0x0020, 0x0114:
			return deferf("maker notes: Minolta record %#04x", tag)
		case 0x0088:
			if !intType(en.typ) {
				return deferf("maker notes: Minolta offset has type %d", en.typ)
			}
		}
	}
	return d.printIMAndSony()
}
