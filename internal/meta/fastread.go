package meta

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"imagier/internal/gallery"
)

// The fast reader reads ordinary JPEG files without exiftool: it builds
// the same tags exiftool would print for what the mapper reads (see
// tags), from the EXIF, XMP, IPTC and frame header, and feeds them through
// the same mapper. Whenever it is not sure to agree with exiftool, it
// returns a *deferral and Extract asks exiftool instead.

// maxSidecarBytes bounds the XMP sidecars the fast reader parses itself.
const maxSidecarBytes = 1 << 20

// fastExtract reads a JPEG file (which readNative has sniffed and walked
// into n and md) and its sidecars, or returns why exiftool must.
func fastExtract(path string, n native, sidecars []string, md gallery.Metadata) (gallery.Metadata, error) {
	switch strings.ToUpper(strings.TrimPrefix(filepath.Ext(path), ".")) {
	case "INSP", "JPS", "MPO", "THM":
		return md, deferf("file type named by the extension")
	}
	doc, err := fastFile(path, n)
	if err != nil {
		return md, err
	}
	side := make([]*tags, 0, len(sidecars))
	for _, s := range sidecars {
		t, err := fastSidecar(s)
		if err != nil {
			return md, err
		}
		side = append(side, t)
	}
	return fastMetadata(doc, side, n, md)
}

// fastMetadata maps the tags read, unless the maps could differ from
// exiftool's because of what the fast reader leaves unread.
func fastMetadata(doc fastDoc, side []*tags, n native, md gallery.Metadata) (gallery.Metadata, error) {
	out := apply(md, doc.tags, side, n)
	if out.Lens == "" && doc.hasTag("LensModel", "LensID", "Lens") {
		return md, deferf("lens tags exiftool would combine")
	}
	if doc.makerNotes >= 0 {
		// Maker notes can hold any tag the mapper searches every group
		// for: poison those searches and see whether the result moves.
		if diff := changedFields(out, apply(md, doc.poisoned(), side, n)); diff != "" {
			return md, deferf("maker notes could change the %s", diff)
		}
	}
	if out.Sources == nil {
		out.Sources = map[string]string{}
	}
	out.Sources["reader"] = "imagier"
	return out, nil
}

// apply runs the mapper.
func apply(md gallery.Metadata, file *tags, side []*tags, n native) gallery.Metadata {
	md.Warnings = slices.Clip(md.Warnings) // two runs must not share an array
	m := mapper{md: &md, file: file, side: side, iptc: n.iptc, gpsProblem: n.gpsProblem}
	m.apply()
	return md
}

// fastDoc is the file's tags and where its maker notes sit among them.
type fastDoc struct {
	*tags
	makerNotes int // index in fields where exiftool puts maker-note tags, or -1
	// makerNames are the searched-for tag names the maker notes may hold.
	makerNames []string
}

// fastFile reads the tags of the JPEG file named path itself, from what
// readNative's walk kept of it in n.
func fastFile(path string, n native) (fastDoc, error) {
	doc := fastDoc{tags: newTags(path), makerNotes: -1}
	j := n.jpeg
	switch {
	case n.jpegErr != nil:
		return doc, n.jpegErr
	case j == nil:
		return doc, deferf("JPEG: not sniffed as one")
	}
	if k := trailerKind(n.tail); k != "" {
		return doc, deferf("JPEG: %s trailer", k)
	}
	t := doc.tags
	t.add("File:FileType", "JPEG")
	t.add("File:MIMEType", "image/jpeg")
	t.add("File:ImageWidth", json.Number(strconv.Itoa(j.width)))
	t.add("File:ImageHeight", json.Number(strconv.Itoa(j.height)))
	var exif *exifWalk
	var err error
	for _, s := range j.segments {
		if s.xmp {
			if err := readXMP(s.data, t); err != nil {
				return doc, err
			}
			continue
		}
		if exif, err = walkEXIF(s.data, t); err != nil {
			return doc, err
		}
	}
	if exif != nil && exif.mnSize >= 0 {
		if j.djiOnly && exif.make == "DJI" {
			return doc, deferf("JPEG: DJI APPn segments")
		}
		names, err := checkMakerNote(exif)
		if err != nil {
			return doc, err
		}
		doc.makerNotes, doc.makerNames = exif.mnField, names
	}
	iptc, err := checkPhotoshop(j.irb)
	if err != nil {
		return doc, err
	}
	if iptc.present != (n.iptc != nil) || (n.iptc != nil && len(n.iptc.Warnings) > 0) {
		return doc, deferf("IPTC: block our reader and exiftool would see differently")
	}
	if iptc.warning != "" {
		addWarning(t, iptc.warning)
	}
	if err := composites(t, j, iptc); err != nil {
		return doc, err
	}
	return doc, nil
}

// fastSidecar reads an XMP sidecar, as exiftool would read it alone.
func fastSidecar(path string) (*tags, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSidecarBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSidecarBytes {
		return nil, deferf("sidecar too large")
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("<?xpacket begin=")), bytes.HasPrefix(trimmed, []byte("<x:xmpmeta")):
	case bytes.HasPrefix(data, []byte("<?xml")) && bytes.Contains(data[:min(len(data), 256)], []byte("<x:xmpmeta")):
	default:
		return nil, deferf("sidecar %s does not start as XMP", filepath.Base(path))
	}
	t := newTags(path)
	t.sidecar = true
	if err := readXMP(data, t); err != nil {
		return nil, err
	}
	return t, nil
}

// composites adds the Composite tags the mapper reads, computed as
// exiftool computes them.
func composites(t *tags, j *fastJPEG, iptc fastIPTC) error {
	for _, c := range []struct{ tag, ref, neg string }{
		{"GPSLatitude", "GPSLatitudeRef", "s"}, {"GPSLongitude", "GPSLongitudeRef", "w"},
	} {
		v, okV := t.get("GPS:" + c.tag)
		ref, okR := t.get("GPS:" + c.ref)
		if !okV || !okR {
			continue
		}
		s, _ := scalarText(v)
		if r, _ := scalarText(ref); strings.HasPrefix(strings.ToLower(r), c.neg) && s != "0" {
			if s == "" {
				return deferf("EXIF: %s without a value would be negated", c.tag)
			}
			s = "-" + s
		}
		t.add("Composite:"+c.tag, jsonValue(s))
	}
	if alt, ok := compositeAltitude(t); ok {
		t.add("Composite:GPSAltitude", jsonValue(alt))
	}
	t.add("Composite:ImageSize", strconv.Itoa(j.width)+" "+strconv.Itoa(j.height))
	return compositeDate(t, iptc)
}

// compositeAltitude signs the EXIF (else XMP) altitude by its reference.
func compositeAltitude(t *tags) (string, bool) {
	gpsRef, gpsRefOK := t.get("GPS:GPSAltitudeRef")
	xmpRef, xmpRefOK := t.get("XMP-exif:GPSAltitudeRef")
	if !gpsRefOK && !xmpRefOK {
		return "", false
	}
	for _, p := range []struct {
		val   string
		ref   any
		refOK bool
	}{{"GPS:GPSAltitude", gpsRef, gpsRefOK}, {"XMP-exif:GPSAltitude", xmpRef, xmpRefOK}} {
		v, ok := t.get(p.val)
		s, _ := scalarText(v)
		if !ok || !p.refOK || !perlIsFloat(s) {
			continue
		}
		if r, _ := scalarText(p.ref); perlTrue(r) {
			f, _ := strconv.ParseFloat(s, 64)
			if f > 0 {
				f = -f
			}
			return perlNumber(f), true
		}
		return s, true
	}
	return "", false
}

// compositeDate is exiftool's Composite:DateTimeOriginal: for a file
// without any DateTimeOriginal tag, the IPTC date and time created joined
// as "YYYY:MM:DD HH:MM:SS+hh:mm". Odd shapes, which exiftool repairs in
// ways not worth copying, go to exiftool.
func compositeDate(t *tags, iptc fastIPTC) error {
	if t.hasTag("DateTimeOriginal") || iptc.times == 0 {
		return nil
	}
	if iptc.dates == 0 {
		if t.hasTag("DateCreated") {
			return deferf("IPTC time created with an XMP date created")
		}
		return nil
	}
	d, c := string(iptc.dateCreated), string(iptc.timeCreated)
	zone := ""
	if len(c) == 11 && (c[6] == '+' || c[6] == '-') && allDigits(c[7:]) {
		zone, c = c[6:9]+":"+c[9:], c[:6]
	}
	if iptc.dates > 1 || iptc.times > 1 || len(d) != 8 || !allDigits(d) || len(c) != 6 || !allDigits(c) {
		return deferf("IPTC: date and time exiftool would repair")
	}
	t.add("Composite:DateTimeOriginal",
		jsonValue(d[:4]+":"+d[4:6]+":"+d[6:]+" "+c[:2]+":"+c[2:4]+":"+c[4:]+zone))
	return nil
}

// perlTrue is Perl's truth of a string: not empty and not "0".
func perlTrue(s string) bool { return s != "" && s != "0" }

// scalarText returns a tag value as text, and whether it was one.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// hasTag reports a tag with one of the names in any group.
func (t *tags) hasTag(names ...string) bool {
	for _, f := range t.fields {
		for _, n := range names {
			if f.tag == n {
				return true
			}
		}
	}
	return false
}

// poisoned returns the file's tags with made-up maker-note tags for
// every name the mapper searches for in all groups that the maker notes
// may hold, placed where exiftool lists maker-note tags.
func (d fastDoc) poisoned() *tags {
	out := newTags(d.name)
	poison := func() {
		for _, name := range d.makerNames {
			key := "MakerNotes:" + name
			if strings.Contains(name, ":") {
				key = name
			}
			out.add(key, poisonValue(name))
		}
	}
	for i, f := range d.fields {
		if i == d.makerNotes {
			poison()
		}
		out.add(f.key, f.val)
	}
	if d.makerNotes >= len(d.fields) {
		poison()
	}
	return out
}

// poisonValue is a plausible value no real file is likely to hold.
func poisonValue(name string) any {
	switch name {
	case "Make", "Model":
		return "Poison"
	case "Lens", "LensID", "LensModel":
		return "Poison 1mm"
	case "ExposureTime":
		return json.Number("0.123")
	case "FNumber":
		return json.Number("1.23")
	case "FocalLength":
		return json.Number("12.3")
	case "Orientation":
		return json.Number("2")
	case "DateTimeOriginal":
		return "1999:09:09 09:09:09"
	}
	return json.Number("123") // ISO, Composite:ISO
}

// changedFields names the Metadata fields that differ between a and b.
func changedFields(a, b gallery.Metadata) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var out []string
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, va.Type().Field(i).Name)
		}
	}
	return strings.Join(out, ", ")
}
