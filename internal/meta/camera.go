package meta

import (
	"math"
	"strconv"
	"strings"

	"imagier/internal/gallery"
)

// skipForCamera rejects groups whose Make/Model describe something else
// than the camera: ICC profiles name the profile's device.
func skipForCamera(group string) bool {
	return strings.HasPrefix(group, "ICC")
}

// camera fills make, model, lens and exposure: the file first (EXIF, then
// XMP, then maker notes and containers), sidecars as a fallback.
func (m *mapper) camera() {
	docs := m.fileFirst()
	m.set(&m.md.Make, "make", m.cameraText(docs, "Make", "IFD0:Make", "XMP-tiff:Make"))
	m.set(&m.md.Model, "model", m.cameraText(docs, "Model", "IFD0:Model", "XMP-tiff:Model"))
	m.set(&m.md.Lens, "lens", m.lens(docs))

	m.md.ExposureTime = m.number(docs, "exposure_time", "ExposureTime", 1e5,
		"ExifIFD:ExposureTime", "XMP-exif:ExposureTime")
	m.md.FNumber = m.number(docs, "f_number", "FNumber", 1e3, "ExifIFD:FNumber", "XMP-exif:FNumber")
	m.md.FocalLength = m.number(docs, "focal_length", "FocalLength", 1e5,
		"ExifIFD:FocalLength", "XMP-exif:FocalLength")
	iso := m.number(docs, "iso", "ISO", 1e7, "ExifIFD:ISO", "Composite:ISO", "XMP-exif:ISO")
	m.md.ISO = int(math.Round(iso))
}

// cameraText returns the first of keys, then tag in any group of the file,
// then keys in the sidecars. Numbers alone (a video codec's maker code)
// name no camera.
func (m *mapper) cameraText(docs []*tags, tag string, keys ...string) found {
	ok := func(s string) bool { _, err := strconv.ParseFloat(s, 64); return s != "" && err != nil }
	for _, k := range keys {
		if s := m.file.str(k); ok(s) {
			return found{s, k}
		}
	}
	for _, f := range m.file.fields {
		if f.tag == tag && !skipForCamera(f.group) {
			if list := scalars(f.val); len(list) > 0 && ok(list[0]) {
				return found{list[0], f.key}
			}
		}
	}
	for _, t := range docs[1:] {
		for _, k := range keys {
			if s := t.str(k); ok(s) {
				return found{s, source(t, k)}
			}
		}
	}
	return found{}
}

// lens prefers the EXIF 2.3 LensModel, then XMP, then maker notes and
// exiftool's LensID, which -n turns into a number unless it is a name.
func (m *mapper) lens(docs []*tags) found {
	for _, t := range docs {
		for _, k := range []string{"ExifIFD:LensModel", "XMP-exifEX:LensModel", "XMP-aux:Lens", "IFD0:LensModel"} {
			if s := t.str(k); lensName(s) {
				return found{s, source(t, k)}
			}
		}
	}
	for _, tag := range []string{"LensModel", "LensID", "Lens"} {
		for _, f := range m.file.fields {
			if f.tag != tag {
				continue
			}
			if list := scalars(f.val); len(list) > 0 && lensName(list[0]) {
				return found{list[0], f.key}
			}
		}
	}
	return found{}
}

// lensName tells a lens name from the numeric codes ("368") and byte
// strings ("8B 40 2D 80 2C 3C FD 0E") that -n leaves in lens tags.
func lensName(s string) bool {
	for _, tok := range strings.Fields(s) {
		if _, err := strconv.ParseFloat(tok, 64); err == nil {
			continue
		}
		if _, err := strconv.ParseUint(tok, 16, 8); err == nil && len(tok) == 2 {
			continue
		}
		return true
	}
	return false
}

// number returns the first positive value below limit among keys, then
// tag in any group of the file, recording its source under name.
func (m *mapper) number(docs []*tags, name, tag string, limit float64, keys ...string) float64 {
	valid := func(f float64) bool { return f > 0 && f < limit }
	for _, t := range docs {
		for _, k := range keys {
			if f, ok := t.num(k); ok && valid(f) {
				m.md.Sources[name] = source(t, k)
				return f
			}
		}
	}
	for _, f := range m.file.fields {
		if f.tag != tag {
			continue
		}
		if v, ok := m.file.num(f.key); ok && valid(v) {
			m.md.Sources[name] = f.key
			return v
		}
	}
	return 0
}

// geometry fills Orientation, Width and Height. The size is as displayed:
// swapped for orientations 5–8, except for HEIF/AVIF, where exiftool
// reports the size after the container's own rotation (irot), which
// libheif applies and EXIF orientation must not repeat.
func (m *mapper) geometry() {
	m.orientation()
	w, h, src := m.size()
	if w <= 0 || h <= 0 {
		return
	}
	if m.md.Orientation >= 5 && m.md.Format != gallery.FormatHEIF {
		w, h = h, w
	}
	m.md.Width, m.md.Height = w, h
	m.md.Sources["width"], m.md.Sources["height"] = src, src
}

// orientation reads the EXIF orientation of the file itself (sidecars do
// not rotate pixels). Thumbnail directories (IFD1, SubIFDs) come last.
// For videos, the track rotation stands in, as the matching EXIF value.
func (m *mapper) orientation() {
	if m.md.Kind == gallery.KindVideo {
		rot, ok := m.file.num("Composite:Rotation")
		var o int
		switch {
		case !ok:
		case rot == 90:
			o = 6
		case rot == 180:
			o = 3
		case rot == 270:
			o = 8
		}
		if o != 0 {
			m.md.Orientation = o
			m.md.Sources["orientation"] = "Composite:Rotation"
		}
		return
	}
	try := func(key string) bool {
		o, ok := m.file.num(key)
		if !ok || o < 1 || o > 8 || o != math.Trunc(o) {
			return false
		}
		m.md.Orientation = int(o)
		m.md.Sources["orientation"] = key
		return true
	}
	if try("IFD0:Orientation") || try("XMP-tiff:Orientation") {
		return
	}
	for _, f := range m.file.fields {
		if f.tag == "Orientation" && !strings.HasPrefix(f.group, "IFD") && !strings.HasPrefix(f.group, "SubIFD") {
			if try(f.key) {
				return
			}
		}
	}
	// Last resort: the thumbnail's orientation, which writers copy from
	// the main image's (Nikon D5000 JPEGs have it only there).
	try("IFD1:Orientation")
}

// size returns the stored image size as exiftool reports it.
func (m *mapper) size() (w, h int, src string) {
	dim := func(f float64, ok bool) int {
		if !ok || f < 1 || f > math.MaxInt32 || f != math.Trunc(f) {
			return 0
		}
		return int(f)
	}
	if m.md.Format == gallery.FormatHEIF {
		w, h = dim(m.file.num("File:ImageWidth")), dim(m.file.num("File:ImageHeight"))
		if w > 0 && h > 0 {
			return w, h, "File:ImageWidth"
		}
	}
	if parts := strings.Fields(m.file.str("Composite:ImageSize")); len(parts) == 2 {
		pw, errW := strconv.ParseFloat(parts[0], 64)
		ph, errH := strconv.ParseFloat(parts[1], 64)
		w, h = dim(pw, errW == nil), dim(ph, errH == nil)
		if w > 0 && h > 0 {
			return w, h, "Composite:ImageSize"
		}
	}
	w, h = dim(m.file.num("File:ImageWidth")), dim(m.file.num("File:ImageHeight"))
	return w, h, "File:ImageWidth"
}
