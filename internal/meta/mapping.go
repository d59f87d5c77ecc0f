package meta

import (
	"fmt"
	"path/filepath"
	"strings"

	"imagier/internal/gallery"
)

// mapper turns the tags found in a file and its sidecars into Metadata.
// Each field has its own priority list; the general rules are:
//   - descriptive fields (title, keywords, date, position…): sidecar XMP
//     first, since digiKam or Lightroom wrote it after the file, then the
//     file's XMP, then IPTC, then EXIF and container-specific tags;
//   - facts about the bytes themselves (size, orientation, camera): the
//     file first, sidecars only as a fallback for the camera.
type mapper struct {
	md   *gallery.Metadata
	file *tags   // never nil; empty when exiftool could not read the file
	side []*tags // sidecars in priority order, XMP groups only
	// iptc is the file's IPTC decoded by our own reader (JPEG only); nil
	// means exiftool's IPTC values are used instead.
	iptc *iptcData
	// gpsProblem says why the file's raw EXIF GPS cannot be trusted.
	gpsProblem string
}

// apply fills md; Kind, Format and MIME must already hold Sniff's answer.
func (m *mapper) apply() {
	if m.md.Sources == nil {
		m.md.Sources = map[string]string{}
	}
	m.kind()
	m.warnings()
	m.taken()
	m.camera()
	m.geometry()
	m.gps()
	m.describe()
	m.keywords()
	m.timing()
	if len(m.md.Sources) == 0 {
		m.md.Sources = nil
	}
}

// xmpFirst lists the sidecars, then the file.
func (m *mapper) xmpFirst() []*tags {
	return append(append([]*tags(nil), m.side...), m.file)
}

// fileFirst lists the file, then the sidecars.
func (m *mapper) fileFirst() []*tags {
	return append([]*tags{m.file}, m.side...)
}

// source names a tag for Metadata.Sources; sidecar tags name the sidecar.
func source(t *tags, key string) string {
	if t.sidecar {
		return fmt.Sprintf("%s (%s)", key, filepath.Base(t.name))
	}
	return key
}

func (m *mapper) warn(format string, args ...any) {
	w := clean(fmt.Sprintf(format, args...))
	for _, have := range m.md.Warnings {
		if have == w {
			return
		}
	}
	if len(m.md.Warnings) < maxWarnings {
		m.md.Warnings = append(m.md.Warnings, w)
	}
}

// warnings copies exiftool's warnings and errors, for the file and for
// each sidecar, and those of our IPTC reader.
func (m *mapper) warnings() {
	for _, t := range m.fileFirst() {
		for _, f := range t.fields {
			if f.tag != "Warning" && f.tag != "Error" {
				continue
			}
			for _, s := range scalars(f.val) {
				if t.sidecar {
					m.warn("%s: %s", filepath.Base(t.name), s)
				} else {
					m.warn("%s", s)
				}
			}
		}
	}
	if m.iptc != nil {
		for _, w := range m.iptc.Warnings {
			m.warn("%s", w)
		}
	}
}

// found is a value and the tag it came from.
type found struct{ val, src string }

// first returns the first non-empty text among keys, trying each tags in
// order.
func first(docs []*tags, keys ...string) found {
	for _, t := range docs {
		for _, k := range keys {
			if s := t.str(k); s != "" {
				return found{s, source(t, k)}
			}
		}
	}
	return found{}
}

// set stores a text field and its source when the text is not empty.
func (m *mapper) set(dst *string, name string, f found) bool {
	if f.val == "" {
		return false
	}
	*dst = f.val
	m.md.Sources[name] = f.src
	return true
}

// isRawFileType reports exiftool file types that are camera RAW.
func isRawFileType(ft string) bool {
	switch strings.ToUpper(ft) {
	case "3FR", "ARI", "ARQ", "ARW", "BAY", "CAP", "CR2", "CR3", "CRW", "DCR", "DCS", "DNG",
		"EIP", "ERF", "FFF", "GPR", "IIQ", "K25", "KDC", "MDC", "MEF", "MOS", "MRW", "NEF",
		"NRW", "ORF", "ORI", "PEF", "RAF", "RAW", "RW2", "RWL", "SR2", "SRF", "SRW", "X3F":
		return true
	}
	return false
}

// isVideoFileType reports exiftool file types that are video containers.
func isVideoFileType(ft string) bool {
	switch strings.ToUpper(ft) {
	case "3G2", "3GP", "AVI", "F4V", "FLV", "M2TS", "M4V", "MKV", "MOV", "MP4", "MPEG",
		"MTS", "MXF", "OGV", "WEBM", "WMV", "ASF", "DV", "VOB":
		return true
	}
	return false
}

// kind refines Sniff's answer with exiftool's file type: a TIFF that
// exiftool knows as NEF or DNG is RAW, and a file Sniff did not know gets
// exiftool's kind when exiftool recognised it. Content always wins over
// exiftool's guesses from the extension (a ".nef" that is a JPEG stays a
// JPEG, because exiftool says JPEG too).
func (m *mapper) kind() {
	ft := m.file.str("File:FileType")
	mime := m.file.str("File:MIMEType")
	m.md.FileType = ft
	if ft == "" {
		return
	}
	m.md.Sources["file_type"] = "File:FileType"
	switch {
	case isRawFileType(ft) && (m.md.Format == gallery.FormatTIFF || m.md.Kind == gallery.KindOther):
		m.md.Kind, m.md.Format = gallery.KindRaw, gallery.FormatUnknown
		m.md.MIME = "image/x-raw"
		if strings.HasPrefix(mime, "image/") {
			m.md.MIME = mime
		}
	case m.md.Kind == gallery.KindRaw && strings.HasPrefix(mime, "image/x-"):
		m.md.MIME = mime // exiftool names the RAW flavour better
	case m.md.Kind == gallery.KindOther && m.md.MIME == mimeOctetStream:
		switch {
		case isVideoFileType(ft):
			m.md.Kind = gallery.KindVideo
		case ft == "PDF":
			m.md.Kind = gallery.KindPDF
		}
		if mime != "" {
			m.md.MIME = mime
		}
	}
}
