package meta

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// The fast reader's EXIF walk: the TIFF structure of a JPEG's APP1 "Exif"
// segment, read the way exiftool reads it, with every offset and count
// bounded. It records the tags the mapper reads, under exiftool's names
// for the directory they were found in, and gives up (a deferral) on
// anything exiftool would warn about or decode into more than it records.

// EXIF tags the walk knows. Names are exiftool's.
const (
	tagExifIFD     = 0x8769
	tagInteropIFD  = 0xA005
	tagMakerNote   = 0x927C
	tagPrintIM     = 0xC4A5
	tagUserComment = 0x9286
	tagCFAPattern  = 0xA302
	typeUndefined  = 7
	typeSLong      = 9
	typeFloat      = 11

	maxExifDirs  = 8      // IFD0, IFD1, ExifIFD, GPS, InteropIFD and spare
	maxExifCount = 100000 // exiftool ignores larger numeric arrays, with a warning
	maxArray     = 500    // and may decline to decode long ones
)

// exifName names the tags of exiftool's main EXIF table that the mapper
// reads, by name or through its searches of every group.
func exifName(tag uint16) string {
	switch tag {
	case 0x010E:
		return "ImageDescription"
	case 0x010F:
		return "Make"
	case 0x0110:
		return "Model"
	case 0x0112:
		return "Orientation"
	case 0x013B:
		return "Artist"
	case 0x4746:
		return "Rating"
	case 0x8298:
		return "Copyright"
	case 0x829A:
		return "ExposureTime"
	case 0x829D:
		return "FNumber"
	case 0x8827:
		return "ISO"
	case 0x9003:
		return "DateTimeOriginal"
	case 0x9004:
		return "CreateDate"
	case 0x9011:
		return "OffsetTimeOriginal"
	case 0x9012:
		return "OffsetTimeDigitized"
	case 0x920A:
		return "FocalLength"
	case 0xA434:
		return "LensModel"
	}
	return ""
}

// gpsName maps the GPS tags the mapper reads.
func gpsName(tag uint16) string {
	switch tag {
	case 1:
		return "GPSLatitudeRef"
	case 2:
		return "GPSLatitude"
	case 3:
		return "GPSLongitudeRef"
	case 4:
		return "GPSLongitude"
	case 5:
		return "GPSAltitudeRef"
	case 6:
		return "GPSAltitude"
	}
	return ""
}

// offsetTag reports tags whose value exiftool takes as an offset or
// directory pointer: they must have an integer type.
func offsetTag(tag uint16) bool {
	switch tag {
	case 0x0111, 0x0117, 0x0120, 0x0121, 0x0144, 0x0145, 0x014A, 0x0201, 0x0202, 0x0207,
		0x0208, 0x0209, 0x8769, 0x8781, 0x8825, 0xA005, 0xA010, 0xA011, 0xBCC0, 0xBCC1,
		0xBCC2, 0xBCC3:
		return true
	}
	return false
}

// numericTag reports tags exiftool feeds into arithmetic (its own
// conversions or Composite tags): a text type there ends in a warning.
func numericTag(tag uint16) bool {
	switch tag {
	case 0x0112, 0x011A, 0x011B, 0x4746, 0x829A, 0x829D, 0x8827, 0x9201, 0x9202, 0x9203,
		0x9204, 0x9205, 0x9206, 0x920A, 0xA002, 0xA003, 0xA20E, 0xA20F, 0xA405:
		return true
	}
	return false
}

// subdirTag reports the main-table tags exiftool decodes as a directory
// of their own (XMP, IPTC, Photoshop, ICC, SubIFDs, DNG data…), which the
// fast reader does not follow.
func subdirTag(tag uint16) bool {
	switch tag {
	case 0x014A, 0x0190, 0x02BC, 0x4748, 0x8290, 0x83BB, 0x8568, 0x8606, 0x8649, 0x8773,
		0x888A, 0x935C, 0xC634, 0xC68C, 0xC68F, 0xC691, 0xC6F5, 0xC7D5, 0xA462:
		return true
	}
	return false
}

func intType(typ uint16) bool {
	switch typ {
	case 1, 3, 4, 6, 8, 9, 13:
		return true
	}
	return false
}

func numericType(typ uint16) bool {
	return intType(typ) || typ == typeRational || typ == typeSRational || typ == typeFloat || typ == typeDouble
}

// exifWalk is one walk over a TIFF block.
type exifWalk struct {
	t    tiffReader
	doc  *tags
	seen map[int64]string // directory offsets visited, and their names
	// make and model as exiftool keeps them for maker-note decisions,
	// and as they were when the maker notes came.
	make, model     string
	mnMake, mnModel string
	// mnOff and mnSize locate the MakerNote value (mnSize -1 if none);
	// mnField is where exiftool lists its tags among the fields.
	mnOff, mnSize int64
	mnField       int
	// gps tells whether a GPS directory was read.
	gps bool
}

// deferral is the reason the fast reader leaves a file to exiftool.
type deferral struct{ reason string }

func (d *deferral) Error() string { return d.reason }

func deferf(format string, args ...any) *deferral {
	return &deferral{fmt.Sprintf(format, args...)}
}

// walkEXIF reads the TIFF block of an APP1 Exif segment into doc.
func walkEXIF(tiff []byte, doc *tags) (*exifWalk, error) {
	order, big, ok := tiffHeader(tiff)
	if !ok || big {
		return nil, deferf("EXIF: not a TIFF header")
	}
	w := &exifWalk{t: tiffReader{b: tiff, order: order}, doc: doc, seen: map[int64]string{}, mnSize: -1}
	ifd0 := w.t.u32(4)
	next, err := w.dir("IFD0", ifd0, false)
	if err != nil {
		return nil, err
	}
	if next != 0 {
		ifd2, err := w.dir("IFD1", next, false)
		if err != nil {
			return nil, err
		}
		if ifd2 != 0 {
			return nil, deferf("EXIF: more than two image directories")
		}
	}
	return w, nil
}

// dir reads the directory at off and returns its next-directory pointer.
func (w *exifWalk) dir(name string, off int64, gps bool) (int64, error) {
	n := int64(len(w.t.b))
	if off < 8 || off+2 > n {
		return 0, deferf("EXIF: %s directory out of bounds", name)
	}
	if prev, ok := w.seen[off]; ok || len(w.seen) >= maxExifDirs {
		return 0, deferf("EXIF: %s points back to %s", name, prev)
	}
	w.seen[off] = name
	count := int64(w.t.order.Uint16(w.t.b[off:]))
	end := off + 2 + 12*count
	if end+4 > n {
		return 0, deferf("EXIF: %s directory runs past the segment", name)
	}
	if count == 0 {
		return 0, deferf("EXIF: %s directory is empty", name)
	}
	for i := int64(0); i < count; i++ {
		e := off + 2 + 12*i
		if w.t.order.Uint16(w.t.b[e+2:]) == 0 {
			// exiftool skips an entry of type 0 (zero padding) without a
			// word, but gives up the directory if it is the first.
			if i == 0 {
				return 0, deferf("EXIF: %s starts with an empty entry", name)
			}
			continue
		}
		if err := w.entry(name, off, end, e, gps); err != nil {
			return 0, err
		}
	}
	return int64(w.t.order.Uint32(w.t.b[end:])), nil
}

// entry checks one directory entry as exiftool would and records it.
func (w *exifWalk) entry(dir string, dirStart, dirEnd, e int64, gps bool) error {
	b, order := w.t.b, w.t.order
	tag, typ := order.Uint16(b[e:]), order.Uint16(b[e+2:])
	count := int64(order.Uint32(b[e+4:]))
	if typ < 1 || typ > 13 {
		return deferf("EXIF: %s tag %#04x has type %d", dir, tag, typ)
	}
	size := count * typeSize(typ)
	if size > 0x7FFFFFFF {
		return deferf("EXIF: %s tag %#04x is too large", dir, tag)
	}
	valOff := e + 8
	if size > 4 {
		valOff = int64(order.Uint32(b[e+8:]))
		if valOff < 8 || (valOff < dirEnd && valOff+size > dirStart) || valOff+size > int64(len(b)) {
			return deferf("EXIF: %s tag %#04x points outside its data", dir, tag)
		}
	}
	if count > maxArray && typ != typeASCII && typ != typeUndefined {
		return deferf("EXIF: %s tag %#04x is a long array", dir, tag)
	}
	val := b[valOff : valOff+size]
	if gps {
		return w.gpsEntry(tag, typ, count, val)
	}
	return w.mainEntry(dir, tag, typ, count, val, valOff)
}

// mainEntry handles a tag of exiftool's main EXIF table (IFD0, IFD1,
// ExifIFD, InteropIFD).
func (w *exifWalk) mainEntry(dir string, tag, typ uint16, count int64, val []byte, valOff int64) error {
	switch {
	case tag >= 0xF000:
		return deferf("EXIF: %s tag %#04x is decoded from its text", dir, tag)
	case subdirTag(tag):
		return deferf("EXIF: %s tag %#04x holds a directory", dir, tag)
	case typ == typeIFD && tag != tagExifIFD && tag != tagGPSInfo && tag != tagInteropIFD:
		return deferf("EXIF: %s tag %#04x has the IFD type", dir, tag)
	case offsetTag(tag) && !intType(typ):
		return deferf("EXIF: %s offset tag %#04x has type %d", dir, tag, typ)
	case numericTag(tag) && !numericType(typ):
		return deferf("EXIF: %s number tag %#04x has type %d", dir, tag, typ)
	}
	switch tag {
	case tagExifIFD, tagGPSInfo, tagInteropIFD:
		return w.subdir(dir, tag, typ, count, val)
	case tagMakerNote:
		if dir != "ExifIFD" || w.mnSize >= 0 {
			return deferf("EXIF: maker notes in %s", dir)
		}
		w.mnOff, w.mnSize, w.mnField = valOff, int64(len(val)), len(w.doc.fields)
		w.mnMake, w.mnModel = w.make, w.model
		return nil
	case tagPrintIM:
		return checkPrintIM(val, w.t.order)
	case tagUserComment:
		return checkExifText(val, "UserComment")
	case tagCFAPattern:
		return checkCFAPattern(val, typ, w.t)
	}
	name := exifName(tag)
	if name == "" {
		return nil
	}
	s, err := w.mainValue(tag, typ, count, val)
	if err != nil {
		return err
	}
	switch name { // exiftool keeps the last seen, for its maker-note decisions
	case "Make":
		w.make = s
	case "Model":
		w.model = s
	}
	w.doc.add(dir+":"+name, jsonValue(s))
	return nil
}

// mainValue renders a recorded main-table tag as exiftool prints it
// with -n.
func (w *exifWalk) mainValue(tag, typ uint16, count int64, val []byte) (string, error) {
	switch tag {
	case 0x8298: // Copyright: read as bytes, photographer NUL editor NUL
		s := string(val)
		if i := strings.IndexByte(s, 0); i >= 0 {
			s = strings.TrimRight(s[:i], " ") + "\n" + s[i+1:]
		}
		if i := strings.IndexByte(s, 0); i >= 0 {
			s = strings.TrimRight(s[:i], " ")
		}
		return strings.TrimSuffix(s, "\n"), nil
	case 0x010E, 0x010F, 0x0110, 0x013B, 0x9003, 0x9004, 0x9011, 0x9012, 0xA434:
		if typ != typeASCII {
			return "", deferf("EXIF: text tag %#04x has type %d", tag, typ)
		}
		s := cString(val)
		switch tag {
		case 0x010F, 0x0110, 0x013B:
			s = strings.TrimRight(s, " \t\n\r\f\v")
		}
		return s, nil
	}
	return readValue(w.t, typ, count, val)
}

// subdir follows a pointer to the Exif, GPS or Interop directory.
func (w *exifWalk) subdir(dir string, tag, typ uint16, count int64, val []byte) error {
	if (typ != typeLong && typ != typeIFD) || count != 1 {
		return deferf("EXIF: %s pointer %#04x is malformed", dir, tag)
	}
	off := int64(w.t.order.Uint32(val))
	name := map[uint16]string{tagExifIFD: "ExifIFD", tagGPSInfo: "GPS", tagInteropIFD: "InteropIFD"}[tag]
	if tag == tagGPSInfo {
		w.gps = true
	}
	_, err := w.dir(name, off, tag == tagGPSInfo)
	return err
}

// gpsEntry handles a tag of the GPS directory.
func (w *exifWalk) gpsEntry(tag, typ uint16, count int64, val []byte) error {
	if typ == typeIFD {
		return deferf("EXIF: GPS tag %#04x has the IFD type", tag)
	}
	switch tag {
	case 7, 0x14, 0x16:
		if (typ == typeRational || typ == typeSRational) && zeroDenominator(w.t, val) {
			return deferf("EXIF: GPS tag %#04x divides by zero", tag)
		}
	case 0x1B:
		return checkExifText(val, "GPSProcessingMethod")
	case 0x1C:
		return checkExifText(val, "GPSAreaInformation")
	}
	name := gpsName(tag)
	if name == "" {
		return nil
	}
	var s string
	switch tag {
	case 1, 3:
		if typ != typeASCII {
			return deferf("EXIF: GPS reference %#04x has type %d", tag, typ)
		}
		s = cString(val)
	case 2, 4:
		if typ != typeRational && typ != typeSRational && typ != typeASCII {
			return deferf("EXIF: GPS coordinate %#04x has type %d", tag, typ)
		}
		raw, err := readValue(w.t, typ, count, val)
		if err != nil {
			return err
		}
		if deg, ok := toDegrees(raw, false); ok {
			s = perlNumber(deg) // else "", as exiftool prints
		}
	default:
		if !numericType(typ) {
			return deferf("EXIF: GPS tag %#04x has type %d", tag, typ)
		}
		var err error
		if s, err = readValue(w.t, typ, count, val); err != nil {
			return err
		}
	}
	w.doc.add("GPS:"+name, jsonValue(s))
	return nil
}

// readValue renders a value of any TIFF type as exiftool's ReadValue
// does: numbers joined by spaces, rationals to 10 significant digits
// ("inf" or "undef" over zero), text up to its first NUL, and a single
// undefined byte as a number.
func readValue(t tiffReader, typ uint16, count int64, val []byte) (string, error) {
	switch typ {
	case typeASCII:
		return cString(val), nil
	case typeUndefined:
		if count != 1 {
			return string(val), nil
		}
		typ = 1
	}
	parts := make([]string, 0, count)
	sz := typeSize(typ)
	for i := int64(0); i < count; i++ {
		p := val[i*sz:]
		var s string
		switch typ {
		case 1:
			s = strconv.Itoa(int(p[0]))
		case 6:
			s = strconv.Itoa(int(int8(p[0])))
		case 3:
			s = strconv.Itoa(int(t.order.Uint16(p)))
		case 8:
			s = strconv.Itoa(int(int16(t.order.Uint16(p))))
		case 4, typeIFD:
			s = strconv.FormatUint(uint64(t.order.Uint32(p)), 10)
		case typeSLong:
			s = strconv.Itoa(int(int32(t.order.Uint32(p))))
		case typeRational, typeSRational:
			s = rational(t, typ, p)
		case typeFloat, typeDouble:
			f := float64(math.Float32frombits(t.order.Uint32(p)))
			if typ == typeDouble {
				f = math.Float64frombits(t.order.Uint64(p))
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return "", deferf("EXIF: floating-point value is %v", f)
			}
			s = perlNumber(f)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " "), nil
}

// rational renders one rational as exiftool does.
func rational(t tiffReader, typ uint16, p []byte) string {
	n, d := float64(t.order.Uint32(p)), float64(t.order.Uint32(p[4:]))
	if typ == typeSRational {
		n, d = float64(int32(t.order.Uint32(p))), float64(int32(t.order.Uint32(p[4:])))
	}
	switch {
	case d != 0:
		return strconv.FormatFloat(n/d, 'g', 10, 64)
	case n != 0:
		return "inf"
	}
	return "undef"
}

// zeroDenominator reports a rational value with a zero denominator.
func zeroDenominator(t tiffReader, val []byte) bool {
	for i := 0; i+8 <= len(val); i += 8 {
		if t.order.Uint32(val[i+4:]) == 0 {
			return true
		}
	}
	return false
}

// cString returns b up to its first NUL.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// checkExifText checks the 8-byte character code of an EXIF text such
// as UserComment: exiftool warns about any it does not know.
func checkExifText(val []byte, name string) error {
	if len(val) < 8 {
		return nil
	}
	id := string(val[:8])
	ascii := func(rest string) bool {
		return strings.HasPrefix(rest, "\x00") || (rest != "" && strings.Trim(rest, "\x00 ") == "")
	}
	switch {
	case strings.HasPrefix(id, "ASCII") && ascii(id[5:]), ascii(id):
	case id == "UNICODE\x00" || id == "UNICODE ":
	case strings.HasPrefix(id, "JIS") && strings.Trim(id[3:], "\x00 ") == "":
	default:
		return deferf("EXIF: %s has an unknown character code", name)
	}
	return nil
}

// checkCFAPattern checks a CFAPattern the way exiftool decodes it.
func checkCFAPattern(val []byte, typ uint16, t tiffReader) error {
	if typ != typeUndefined {
		return deferf("EXIF: CFAPattern has type %d", typ)
	}
	if len(val) > 0 && strings.Trim(string(val), "0123456") == "" {
		return deferf("EXIF: CFAPattern is written as text")
	}
	if len(val) < 4 {
		return nil
	}
	w, h := int(t.order.Uint16(val)), int(t.order.Uint16(val[2:]))
	if w*h <= len(val)-4 {
		return nil
	}
	sw, sh := int(bits.ReverseBytes16(uint16(w))), int(bits.ReverseBytes16(uint16(h)))
	if sw*sh > len(val)-4 {
		return deferf("EXIF: CFAPattern is invalid")
	}
	return nil
}

// checkPrintIM checks a PrintIM block as exiftool reads it, with its
// entry count in either byte order.
func checkPrintIM(val []byte, order binary.ByteOrder) error {
	if len(val) <= 15 || !bytes.HasPrefix(val, []byte("PrintIM")) {
		return deferf("PrintIM block is malformed")
	}
	num := order.Uint16(val[14:])
	if len(val) < 16+int(num)*6 && len(val) < 16+int(bits.ReverseBytes16(num))*6 {
		return deferf("PrintIM block has a bad size")
	}
	return nil
}
