package meta

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// The fast reader's side of scanJPEG's walk: the segments before the image
// data, read strictly. Every segment exiftool would decode into tags the fast reader
// does not produce (FlashPix, MPF, maker-specific APPn, JUMBF…), and every
// irregularity exiftool would warn about (junk between segments, repeated
// or split EXIF, incomplete ICC profiles…), is a deferral.

// fastSegment is an APP1 segment the fast reader decodes.
type fastSegment struct {
	xmp  bool // else EXIF (the TIFF block after "Exif\0\0")
	data []byte
}

// fastJPEG is what the strict reading keeps.
type fastJPEG struct {
	width, height int
	segments      []fastSegment // EXIF and XMP, in file order
	irb           []byte        // Photoshop APP13 payload, concatenated
	// djiOnly records APPn segments exiftool decodes for DJI files only.
	djiOnly bool
}

// standaloneMarker reports markers without a length (as exiftool lists
// them, JPEG 2000 ones included).
func standaloneMarker(m byte) bool {
	return m <= 0x01 || (m >= 0xD0 && m <= 0xD9) || (m >= 0x30 && m <= 0x3F) || m == 0x4F || m == 0x92 || m == 0x93
}

// segment handles one segment with a length.
func (j *fastJPEG) segment(marker byte, seg []byte, icc *iccChunks) error {
	switch {
	case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
		if j.width >= 0 {
			return deferf("JPEG: several frame headers")
		}
		if len(seg) < 6 {
			return deferf("JPEG: short frame header")
		}
		j.height, j.width = int(binary.BigEndian.Uint16(seg[1:])), int(binary.BigEndian.Uint16(seg[3:]))
		return nil
	case marker < 0xE0 || marker > 0xEF:
		return nil // tables, restart interval, comment
	}
	switch marker {
	case 0xE0:
		return app0(seg)
	case 0xE1:
		return j.app1(seg)
	case 0xE2:
		return icc.app2(seg)
	case 0xEC:
		if bytes.HasPrefix(seg, []byte("Ducky")) {
			return checkDucky(seg[5:])
		}
		return deferf("JPEG: APP12 picture info")
	case 0xED:
		if bytes.HasPrefix(seg, []byte("Adobe_Photoshop2.5:")) || bytes.HasPrefix(seg, []byte("Adobe_CM")) {
			return deferf("JPEG: old Photoshop or Adobe_CM segment")
		}
		return nil
	case 0xEE, 0xEF:
		return nil // Adobe colour transform, GraphicConverter quality
	}
	if sig, ok := appSignature(marker, seg); ok {
		return deferf("JPEG: APP%d %s segment", marker-0xE0, sig)
	}
	if marker >= 0xE3 && marker <= 0xE6 {
		j.djiOnly = true
	}
	return nil
}

// app0 accepts JFIF and JFXX and refuses what exiftool decodes further.
func app0(seg []byte) error {
	switch {
	case bytes.HasPrefix(seg, []byte("JFIF\x00")):
		if len(seg) < 14 {
			return deferf("JPEG: short JFIF segment")
		}
	case bytes.HasPrefix(seg, []byte("JFXX\x00")):
	case bytes.HasPrefix(seg, []byte("AVI1")), bytes.HasPrefix(seg, []byte("Ocad")),
		len(seg) >= 14 && (string(seg[:2]) == "II" || string(seg[:2]) == "MM") && string(seg[6:14]) == "HEAPJPGM":
		return deferf("JPEG: APP0 AVI1, Ocad or CIFF segment")
	}
	return nil
}

// app1 keeps the EXIF and XMP segments.
func (j *fastJPEG) app1(seg []byte) error {
	head := strings.ToLower(string(seg[:min(len(seg), 10)]))
	if i := strings.Index(head, "exif\x00"); i >= 0 && i <= 4 {
		if !bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return deferf("JPEG: irregular EXIF header")
		}
		for _, s := range j.segments {
			if !s.xmp {
				return deferf("JPEG: several EXIF segments")
			}
		}
		j.segments = append(j.segments, fastSegment{data: seg[6:]})
		return nil
	}
	const xmpHeader = "http://ns.adobe.com/xap/1.0/\x00"
	switch {
	case bytes.HasPrefix(seg, []byte(xmpHeader)):
		for _, s := range j.segments {
			if s.xmp {
				return deferf("JPEG: several XMP segments")
			}
		}
		j.segments = append(j.segments, fastSegment{xmp: true, data: seg[len(xmpHeader):]})
		return nil
	case bytes.HasPrefix(seg, []byte("http://ns.adobe.com/xmp/extension/\x00")):
		return deferf("JPEG: extended XMP")
	case bytes.HasPrefix(seg, []byte("QVCI\x00")), bytes.HasPrefix(seg, []byte("FLIR\x00")),
		bytes.HasPrefix(seg, []byte("PARROT\x00")):
		return deferf("JPEG: maker APP1 segment")
	case bytes.HasPrefix(seg, []byte("http")), bytes.HasPrefix(seg, []byte("XMP\x00")),
		bytes.Contains(seg, []byte("<exif:")), bytes.Contains(seg, []byte("<?xpacket")):
		return deferf("JPEG: non-standard XMP segment")
	}
	return nil
}

// appSignature reports APP3 to APP11 segments exiftool decodes.
func appSignature(marker byte, seg []byte) (string, bool) {
	has := func(p string) bool { return bytes.HasPrefix(seg, []byte(p)) }
	switch marker {
	case 0xE3:
		switch {
		case has("Meta\x00\x00"), has("META\x00\x00"), has("Exif\x00\x00"), has("Stim\x00"), has("_JPSJPS_"),
			has("\xFF\xD8\xFF\xDB"):
			return "Kodak, Stim, JPS or preview", true
		}
	case 0xE4:
		switch {
		case has("SCALADO\x00"), has("FPXR\x00"):
			return "Scalado or FlashPix", true
		}
	case 0xE5:
		if has("RMETA\x00") {
			return "Ricoh", true
		}
	case 0xE6:
		switch {
		case has("EPPIM\x00"), has("NITF\x00"), has("TDHD\x01\x00\x00\x00"), has("GoPro\x00"),
			len(seg) > 7 && has("DTAT\x00\x00") && seg[7] == '{':
			return "maker", true
		}
	case 0xE7:
		switch {
		case has("PENTAX \x00"), has("HUAWEI\x00\x00"), has("\x1aQualcomm Camera Attributes"):
			return "maker", true
		}
	case 0xE8:
		if has("SPIFF\x00") && len(seg) == 32 {
			return "SPIFF", true
		}
	case 0xE9:
		if has("Media Jukebox\x00") && len(seg) > 22 {
			return "Media Jukebox", true
		}
	case 0xEA:
		if has("UNICODE\x00") {
			return "comment", true
		}
	case 0xEB:
		if has("HDR_RI ") || (has("JP") && len(seg) >= 16) {
			return "JPEG-HDR or JUMBF", true
		}
	}
	return "", false
}

// checkDucky checks the blocks of a Photoshop "Ducky" segment.
func checkDucky(b []byte) error {
	for len(b) >= 4 {
		n := int(binary.BigEndian.Uint16(b[2:]))
		if 4+n > len(b) {
			return deferf("JPEG: invalid Ducky block length")
		}
		b = b[4+n:]
	}
	return nil
}

// iccChunks collects the APP2 ICC_PROFILE segments.
type iccChunks struct {
	total  int
	chunks map[int][]byte
}

func (c *iccChunks) app2(seg []byte) error {
	has := func(p string) bool { return bytes.HasPrefix(seg, []byte(p)) }
	switch {
	case has("ICC_PROFILE\x00") && len(seg) >= 14:
		num, total := int(seg[12]), int(seg[13])
		if c.chunks == nil {
			c.total, c.chunks = total, map[int][]byte{}
		}
		if total == 0 || total != c.total || num < 1 || num > total || c.chunks[num] != nil {
			return deferf("JPEG: irregular ICC profile chunks")
		}
		c.chunks[num] = seg[14:]
		return nil
	case has("FPXR\x00"), has("MPF\x00"), len(seg) >= 10 && string(seg[4:10]) == "IJPEG\x00":
		return deferf("JPEG: APP2 FlashPix, MPF or InfiRay segment")
	}
	for _, p := range []string{"", "QVGA\x00", "BGTH"} {
		if len(seg) > len(p)+3 && has(p+"\xFF\xD8\xFF") {
			if m := seg[len(p)+3]; m == 0xDB || m == 0xE0 || m == 0xE1 {
				return deferf("JPEG: APP2 preview image")
			}
		}
	}
	return nil
}

// check checks that every chunk came and validates the profile.
func (c *iccChunks) check() error {
	if c.chunks == nil {
		return nil
	}
	if len(c.chunks) != c.total {
		return deferf("JPEG: incomplete ICC profile")
	}
	var p []byte
	for i := 1; i <= c.total; i++ {
		p = append(p, c.chunks[i]...)
	}
	return checkICC(p)
}

// checkICC checks an ICC profile as exiftool reads it: its length, its
// tag table, localized text records and the types of the tags it decodes
// as structures.
func checkICC(p []byte) error {
	n := int64(len(p))
	if n < 132 || int64(binary.BigEndian.Uint32(p)) != n {
		return deferf("ICC: bad profile length")
	}
	count := int64(binary.BigEndian.Uint32(p[128:]))
	if count < 1 || count >= 0x100 || 132+12*count > n {
		return deferf("ICC: bad tag table")
	}
	for i := int64(0); i < count; i++ {
		e := p[132+12*i:]
		sig := string(e[:4])
		off, size := int64(binary.BigEndian.Uint32(e[4:])), int64(binary.BigEndian.Uint32(e[8:]))
		if off+size > n {
			return deferf("ICC: tag %q out of bounds", sig)
		}
		typ := "err "
		if size > 4 {
			typ = string(p[off : off+4])
		}
		switch sig {
		case "meta":
			return deferf("ICC: metadata dictionary")
		case "chrm", "clrt", "meas", "view":
			if typ != sig {
				return deferf("ICC: tag %q has type %q", sig, typ)
			}
		}
		if typ == "mluc" && size >= 28 {
			if err := checkMLUC(p[off : off+size]); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkMLUC checks the records of a multi-localized Unicode text.
func checkMLUC(v []byte) error {
	size := int64(len(v))
	count := int64(binary.BigEndian.Uint32(v[8:]))
	recLen := int64(binary.BigEndian.Uint32(v[12:]))
	if recLen < 12 {
		return nil
	}
	for i := int64(0); i < count; i++ {
		rec := 16 + i*recLen
		if rec+recLen > size {
			return deferf("ICC: corrupted text")
		}
		strLen, strPos := int64(binary.BigEndian.Uint32(v[rec+4:])), int64(binary.BigEndian.Uint32(v[rec+8:]))
		if strPos+strLen > size {
			return deferf("ICC: corrupted text")
		}
	}
	return nil
}

// trailerKind names a trailer exiftool recognises from the last 64 bytes
// of a file, or returns "".
func trailerKind(tail []byte) string {
	s := string(tail)
	switch {
	case len(s) >= 12 && (strings.HasPrefix(s[len(s)-12:], "AXS!") || strings.HasPrefix(s[len(s)-12:], "AXS*")):
		return "AFCP"
	case strings.HasSuffix(s, "\xa1\xb2\xc3\xd4"):
		return "FotoStation"
	case strings.HasSuffix(s, "cbipcbbl"):
		return "PhotoMechanic"
	case strings.HasPrefix(s, "CANON OPTIONAL DATA\x00"):
		return "CanonVRD"
	case strings.Contains(s, "~\x00\x04\x00zmie~"):
		return "MIE"
	case strings.HasSuffix(s, "\x00\x00QDIOBS"), strings.HasSuffix(s, "\x00\x00SEFT"):
		return "Samsung"
	case strings.HasSuffix(s, "8db42d694ccc418790edff439fe026bf"):
		return "Insta360"
	case strings.HasSuffix(s, "\x00\x00\x00\x00\x00\x00/NIKON APP"):
		return "NikonApp"
	}
	return ""
}
