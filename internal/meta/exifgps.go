package meta

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// EXIF tags and types the GPS check reads.
const (
	tagGPSInfo      = 0x8825
	tagGPSLatitude  = 2
	tagGPSLongitude = 4

	typeASCII     = 2
	typeLong      = 4
	typeRational  = 5
	typeSRational = 10
	typeDouble    = 12
	typeIFD       = 13

	maxIFDEntries = 1000
)

// exifGPSProblem inspects the raw GPS coordinates of an EXIF (TIFF)
// structure and describes why they cannot be trusted, or returns "" when
// they look sound or are absent. exiftool converts a "NaN" string or a
// zero denominator into 0 or "undef", which would put the photo on the
// equator; only the raw values show the difference.
func exifGPSProblem(tiff []byte) string {
	t, ok := newTIFFReader(tiff)
	if !ok {
		return ""
	}
	gps, ok := t.ifdPointer(t.u32(4), tagGPSInfo)
	if !ok {
		return ""
	}
	var problems []string
	t.entries(gps, func(tag, typ uint16, count uint32, valOff int64) {
		var name string
		switch tag {
		case tagGPSLatitude:
			name = "GPSLatitude"
		case tagGPSLongitude:
			name = "GPSLongitude"
		default:
			return
		}
		if p := t.badCoordinate(typ, count, valOff); p != "" {
			problems = append(problems, name+" "+p)
		}
	})
	return strings.Join(problems, "; ")
}

// tiffReader reads a TIFF structure with every offset bounds-checked.
type tiffReader struct {
	b     []byte
	order binary.ByteOrder
}

func newTIFFReader(b []byte) (tiffReader, bool) {
	order, big, ok := tiffHeader(b)
	if !ok || big {
		return tiffReader{}, false
	}
	return tiffReader{b: b, order: order}, true
}

func (t tiffReader) u32(off int64) int64 {
	if off < 0 || off+4 > int64(len(t.b)) {
		return -1
	}
	return int64(t.order.Uint32(t.b[off:]))
}

// entries calls fn for each entry of the IFD at off; valOff is where the
// value lives (inline or pointed to), or -1 when that is out of bounds.
func (t tiffReader) entries(off int64, fn func(tag, typ uint16, count uint32, valOff int64)) {
	if off < 8 || off+2 > int64(len(t.b)) {
		return
	}
	n := min(int64(t.order.Uint16(t.b[off:])), maxIFDEntries)
	for i := int64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > int64(len(t.b)) {
			return
		}
		tag, typ := t.order.Uint16(t.b[e:]), t.order.Uint16(t.b[e+2:])
		count := t.order.Uint32(t.b[e+4:])
		size := int64(count) * typeSize(typ)
		valOff := e + 8
		if size > 4 {
			valOff = t.u32(e + 8)
		}
		if valOff < 0 || size < 0 || valOff+size > int64(len(t.b)) {
			valOff = -1
		}
		fn(tag, typ, count, valOff)
	}
}

// ifdPointer finds tag in the IFD at off and returns the IFD it points to.
func (t tiffReader) ifdPointer(off int64, tag uint16) (int64, bool) {
	ptr := int64(-1)
	t.entries(off, func(tg, typ uint16, count uint32, valOff int64) {
		if tg == tag && (typ == typeLong || typ == typeIFD) && count == 1 && valOff >= 0 && ptr < 0 {
			ptr = t.u32(valOff)
		}
	})
	return ptr, ptr >= 8
}

func typeSize(typ uint16) int64 {
	switch typ {
	case 1, 2, 6, 7:
		return 1
	case 3, 8:
		return 2
	case 4, 9, 11, 13:
		return 4
	case 5, 10, 12:
		return 8
	}
	return 0
}

// badCoordinate checks a latitude or longitude value: degrees, minutes and
// seconds as rationals (or a string or doubles, as some writers do).
func (t tiffReader) badCoordinate(typ uint16, count uint32, off int64) string {
	if off < 0 {
		return "points outside the EXIF data"
	}
	switch typ {
	case typeASCII:
		s := strings.ToLower(string(t.b[off : off+int64(count)]))
		if strings.Contains(s, "nan") || strings.Contains(s, "inf") {
			return fmt.Sprintf("is %q", strings.TrimRight(string(t.b[off:off+int64(count)]), "\x00"))
		}
	case typeRational, typeSRational:
		for i := int64(0); i < min(int64(count), 3); i++ {
			num, den := t.u32(off+8*i), t.u32(off+8*i+4)
			// 0/0 in minutes or seconds is a common way to say "unused";
			// anything else over zero is infinite or undefined.
			if den == 0 && (num != 0 || i == 0) {
				return fmt.Sprintf("has a zero denominator (%d/0)", num)
			}
		}
	case typeDouble:
		for i := int64(0); i < min(int64(count), 3); i++ {
			f := math.Float64frombits(t.order.Uint64(t.b[off+8*i:]))
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Sprintf("is %v", f)
			}
		}
	}
	return ""
}
