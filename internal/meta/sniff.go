package meta

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"imagier/internal/gallery"
)

// SniffLen is how many leading bytes Sniff wants; fewer still work, but
// TIFF-based RAW detection and PDFs with leading junk need the room.
const SniffLen = 4096

// MIME types used for files that are not images Imagier derives from.
const (
	mimeOctetStream = "application/octet-stream"
	mimeText        = "text/plain; charset=utf-8"
)

// Sniff decides kind, format and MIME type from the first bytes of a file
// (pass at least 512 bytes, SniffLen is better), never from its name. It
// never returns gallery.KindImage for markup (SVG, HTML, XML): those can
// carry scripts and are only ever stored as other files.
func Sniff(head []byte) (kind gallery.Kind, format gallery.Format, mime string) {
	if k, f, m, ok := sniffImage(head); ok {
		return k, f, m
	}
	if k, m, ok := sniffRaw(head); ok {
		return k, gallery.FormatUnknown, m
	}
	if k, f, m, ok := sniffBMFF(head); ok {
		return k, f, m
	}
	if m, ok := sniffVideo(head); ok {
		return gallery.KindVideo, gallery.FormatUnknown, m
	}
	if bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")) {
		// Readers accept junk before the header within the first KiB.
		return gallery.KindPDF, gallery.FormatUnknown, "application/pdf"
	}
	return gallery.KindOther, gallery.FormatUnknown, sniffOther(head)
}

// sniffImage recognises the formats the derivative code loads, plus TIFF
// files that are really camera RAW.
func sniffImage(b []byte) (gallery.Kind, gallery.Format, string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return gallery.KindImage, gallery.FormatJPEG, "image/jpeg", true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return gallery.KindImage, gallery.FormatPNG, "image/png", true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return gallery.KindImage, gallery.FormatGIF, "image/gif", true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return gallery.KindImage, gallery.FormatWebP, "image/webp", true
	}
	if order, big, ok := tiffHeader(b); ok {
		if m := tiffRawMIME(b, order); m != "" && !big {
			return gallery.KindRaw, gallery.FormatUnknown, m, true
		}
		return gallery.KindImage, gallery.FormatTIFF, "image/tiff", true
	}
	return "", "", "", false
}

// tiffHeader reports the byte order of a classic or BigTIFF header.
func tiffHeader(b []byte) (order binary.ByteOrder, bigTIFF, ok bool) {
	if len(b) < 8 {
		return nil, false, false
	}
	switch string(b[:4]) {
	case "II*\x00":
		return binary.LittleEndian, false, true
	case "MM\x00*":
		return binary.BigEndian, false, true
	case "II+\x00":
		return binary.LittleEndian, true, true
	case "MM\x00+":
		return binary.BigEndian, true, true
	}
	return nil, false, false
}

// tiffRawMIME spots TIFF-structured RAW files from their header and first
// directory and returns their MIME type, or "" for a plain TIFF: Canon's
// "CR" marker, Phase One's "IIII", a DNGVersion tag, or the RAW layout
// where IFD0 is a reduced-resolution preview and the sensor data hangs off
// SubIFDs. exiftool's FileType catches the rest in Extract.
func tiffRawMIME(b []byte, order binary.ByteOrder) string {
	switch {
	case len(b) >= 10 && string(b[8:10]) == "CR":
		return "image/x-canon-cr2"
	case len(b) >= 12 && string(b[8:12]) == "IIII":
		return "image/x-phaseone-iiq"
	}
	off := int64(order.Uint32(b[4:8]))
	if off < 8 || off+2 > int64(len(b)) {
		return ""
	}
	n := int64(order.Uint16(b[off:]))
	var reduced, subIFDs bool
	for i := int64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > int64(len(b)) {
			break
		}
		switch order.Uint16(b[e:]) {
		case 0xC612: // DNGVersion
			return "image/x-adobe-dng"
		case 0x00FE: // NewSubfileType
			reduced = order.Uint32(b[e+8:])&1 == 1
		case 0x014A: // SubIFDs
			subIFDs = true
		}
	}
	if reduced && subIFDs {
		return "image/x-raw"
	}
	return ""
}

// sniffRaw recognises camera RAW formats with a magic of their own.
func sniffRaw(b []byte) (gallery.Kind, string, bool) {
	has := func(off int, magic string) bool {
		return len(b) >= off+len(magic) && string(b[off:off+len(magic)]) == magic
	}
	switch {
	case has(0, "II\x1a\x00\x00\x00HEAPCCDR"):
		return gallery.KindRaw, "image/x-canon-crw", true
	case has(0, "FUJIFILMCCD-RAW"):
		return gallery.KindRaw, "image/x-fuji-raf", true
	case has(0, "\x00MRM"):
		return gallery.KindRaw, "image/x-minolta-mrw", true
	case has(0, "FOVb"):
		return gallery.KindRaw, "image/x-sigma-x3f", true
	case has(0, "IIRO"), has(0, "IIRS"), has(0, "MMOR"):
		return gallery.KindRaw, "image/x-olympus-orf", true
	case has(0, "IIU\x00"):
		return gallery.KindRaw, "image/x-panasonic-rw2", true
	case has(25, "ARECOYK"): // Kyocera's "KYOCERA", stored reversed
		return gallery.KindRaw, "image/x-kyocera-raw", true
	}
	return "", "", false
}

// sniffVideo recognises video containers that do not use ISO-BMFF boxes.
func sniffVideo(b []byte) (string, bool) {
	switch {
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "AVI ":
		return "video/x-msvideo", true
	case bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		if bytes.Contains(b[:min(len(b), 64)], []byte("webm")) {
			return "video/webm", true
		}
		return "video/x-matroska", true
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0x01, 0xBA}):
		return "video/mpeg", true
	case bytes.HasPrefix(b, []byte("FLV\x01")):
		return "video/x-flv", true
	case bytes.HasPrefix(b, []byte{0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11}):
		return "video/x-ms-asf", true
	case syncEvery(b, 0, 188):
		return "video/mp2t", true
	case syncEvery(b, 4, 192): // M2TS: a 4-byte timestamp before each packet
		return "video/mp2t", true
	}
	return "", false
}

// syncEvery reports whether MPEG transport-stream sync bytes (0x47) sit at
// off, off+size, … for as many packets as head holds (at least two).
func syncEvery(b []byte, off, size int) bool {
	n := 0
	for i := off; i < len(b); i += size {
		if b[i] != 0x47 {
			return false
		}
		n++
	}
	return n >= 2
}

// sniffOther names files Imagier only stores. Markup is checked before text
// so that SVG and HTML get their own (non-image) types.
func sniffOther(b []byte) string {
	magics := []struct{ magic, mime string }{
		{"8BPS", "image/vnd.adobe.photoshop"},
		{"BM", "image/bmp"},
		{"qoif", "image/qoi"},
		{"\x00\x00\x01\x00", "image/vnd.microsoft.icon"},
		{"\xFF\x0A", "image/jxl"},
		{"\x00\x00\x00\x0CJXL \r\n\x87\n", "image/jxl"},
		{"AT&TFORM", "image/vnd.djvu"},
		{"PK\x03\x04", "application/zip"},
		{"\x1F\x8B", "application/gzip"},
		{"7z\xBC\xAF\x27\x1C", "application/x-7z-compressed"},
		{"Rar!\x1A\x07", "application/vnd.rar"},
		{"RIFF", "application/octet-stream"}, // WAV and others: not ours
	}
	for _, m := range magics {
		if bytes.HasPrefix(b, []byte(m.magic)) {
			if m.magic == "RIFF" && len(b) >= 12 && string(b[8:12]) == "WAVE" {
				return "audio/wav"
			}
			return m.mime
		}
	}
	if len(b) >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7' && isSpace(b[2]) {
		return "image/x-portable-anymap"
	}
	if m := sniffMarkup(b); m != "" {
		return m
	}
	if looksText(b) {
		return mimeText
	}
	return mimeOctetStream
}

// sniffMarkup finds the first element of an XML or HTML document, skipping
// a byte-order mark, the XML declaration, comments and doctypes.
func sniffMarkup(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	lower := bytes.ToLower(b[:min(len(b), SniffLen)])
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<script", "<iframe"} {
		if bytes.HasPrefix(bytes.TrimLeft(lower, " \t\r\n"), []byte(tag)) {
			return "text/html; charset=utf-8"
		}
	}
	s := bytes.TrimLeft(lower, " \t\r\n")
	if !bytes.HasPrefix(s, []byte("<")) {
		return ""
	}
	for range 64 { // bounded: a hostile file may be all comments
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			s = skipPast(s, "?>")
		case bytes.HasPrefix(s, []byte("<!--")):
			s = skipPast(s, "-->")
		case bytes.HasPrefix(s, []byte("<!doctype svg")), bytes.HasPrefix(s, []byte("<svg")):
			return "image/svg+xml"
		case bytes.HasPrefix(s, []byte("<!doctype html")), bytes.HasPrefix(s, []byte("<html")):
			return "text/html; charset=utf-8"
		case bytes.HasPrefix(s, []byte("<!")):
			// A doctype's internal subset holds declarations with their
			// own '>': skip to "]>" when a '[' comes before the first '>'.
			if open, end := bytes.IndexByte(s, '['), bytes.IndexByte(s, '>'); open >= 0 && open < end {
				s = skipPast(s, "]>")
			} else {
				s = skipPast(s, ">")
			}
		case bytes.HasPrefix(s, []byte("<x:xmpmeta")), bytes.HasPrefix(s, []byte("<rdf:rdf")),
			bytes.HasPrefix(s, []byte("<x:xapmeta")):
			return "application/rdf+xml"
		case bytes.HasPrefix(s, []byte("<")):
			return "application/xml"
		default:
			return ""
		}
		if len(s) == 0 {
			return "application/xml"
		}
	}
	return "application/xml"
}

func skipPast(s []byte, end string) []byte {
	if i := bytes.Index(s, []byte(end)); i >= 0 {
		return s[i+len(end):]
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// looksText reports whether b is UTF-8 without control characters other
// than white space; a multi-byte rune cut at the end of b is allowed.
func looksText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:])
		}
		if r < 0x20 && !isSpace(byte(r)) && r != '\f' || r == 0x7F {
			return false
		}
		i += n
	}
	return true
}
