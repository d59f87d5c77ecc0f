package meta

import (
	"encoding/binary"

	"imagier/internal/gallery"
)

// Brands of ISO-BMFF files. HEIF still images and AVIF share the container
// with MP4, QuickTime and 3GP videos, and with Canon's CR3; only the brands
// in the ftyp box tell them apart. Lookups are switches rather than maps so
// that the package holds no mutable state.

// heifBrand returns the MIME type of a HEIF/AVIF brand, or "".
func heifBrand(brand string) string {
	switch brand {
	case "heic", "heix", "heim", "heis":
		return "image/heic"
	case "hevc", "hevx", "hevm", "hevs":
		return "image/heic-sequence"
	case "avif", "avis":
		return "image/avif"
	case "mif1", "mif2":
		return "image/heif"
	case "msf1":
		return "image/heif-sequence"
	}
	return ""
}

// videoBrand returns the MIME type of a video brand, or "".
func videoBrand(brand string) string {
	switch brand {
	case "qt  ":
		return "video/quicktime"
	case "M4V ", "M4VH", "M4VP":
		return "video/x-m4v"
	case "3gp4", "3gp5", "3gp6", "3gp7", "3gs7", "3ge6", "3ge7", "3gg6":
		return "video/3gpp"
	case "3g2a", "3g2b", "3g2c":
		return "video/3gpp2"
	case "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso8", "iso9",
		"mp41", "mp42", "avc1", "dash", "mmp4", "MSNV", "f4v ", "XAVC", "NDAS", "nvr1":
		return "video/mp4"
	}
	return ""
}

func audioBrand(brand string) bool {
	switch brand {
	case "M4A ", "M4B ", "M4P ", "F4A ":
		return true
	}
	return false
}

// sniffBMFF classifies ISO-BMFF files from their ftyp box, and QuickTime
// movies that start straight with an atom other than ftyp.
func sniffBMFF(b []byte) (gallery.Kind, gallery.Format, string, bool) {
	if len(b) < 12 {
		return "", "", "", false
	}
	switch string(b[4:8]) {
	case "moov", "mdat", "wide", "free", "skip", "pnot":
		return gallery.KindVideo, gallery.FormatUnknown, "video/quicktime", true
	case "ftyp":
	default:
		return "", "", "", false
	}
	size := int(binary.BigEndian.Uint32(b[:4]))
	if size < 16 || size > len(b) {
		size = min(len(b), 256) // a lying size: read what brands we have
	}
	major := string(b[8:12])
	var compat []string
	for i := 16; i+4 <= size; i += 4 {
		compat = append(compat, string(b[i:i+4]))
	}
	all := append([]string{major}, compat...)

	for _, br := range all {
		if br == "crx " {
			return gallery.KindRaw, gallery.FormatUnknown, "image/x-canon-cr3", true
		}
	}
	if audioBrand(major) {
		return gallery.KindOther, gallery.FormatUnknown, "audio/mp4", true
	}
	if m := heifBrand(major); m != "" {
		return gallery.KindImage, gallery.FormatHEIF, heifMIME(m, all), true
	}
	// A video brand as the major brand decides, even when an image brand
	// is listed as compatible (some encoders list everything they know).
	if m := videoBrand(major); m != "" {
		return gallery.KindVideo, gallery.FormatUnknown, m, true
	}
	for _, br := range compat {
		if m := heifBrand(br); m != "" {
			return gallery.KindImage, gallery.FormatHEIF, heifMIME(m, all), true
		}
	}
	for _, br := range compat {
		if m := videoBrand(br); m != "" {
			return gallery.KindVideo, gallery.FormatUnknown, m, true
		}
	}
	return gallery.KindVideo, gallery.FormatUnknown, "video/mp4", true
}

// heifMIME prefers the most specific image MIME among the brands: an AVIF
// or HEIC brand beats the generic "mif1" that usually comes with it.
func heifMIME(first string, brands []string) string {
	if first != "image/heif" && first != "image/heif-sequence" {
		return first
	}
	for _, br := range brands {
		if m := heifBrand(br); m != "" && m != "image/heif" && m != "image/heif-sequence" {
			return m
		}
	}
	return first
}
