package meta

import (
	"math"
	"strings"

	"imagier/internal/gallery"
)

// describe fills the descriptive texts. XMP wins over IPTC and IPTC over
// EXIF, as the Metadata Working Group advises when they disagree; sidecar
// XMP wins over the file's. Windows' XP* tags are left out: they are
// UCS-2 blobs that are often garbage (Issue_80.jpg's XPAuthor).
func (m *mapper) describe() {
	xmp := m.xmpFirst()

	m.md.Title = m.langText("title", xmp, "XMP-dc:Title",
		m.iptcFound(iptcObjectName), first(xmp, "XMP-photoshop:Headline"), m.iptcFound(iptcHeadline),
		first([]*tags{m.file}, "PDF:Title", "Keys:Title", "ItemList:Title", "UserData:Title", "PNG:Title"))
	if m.md.Title == nil {
		// A reproduction of an artwork may name only the work shown.
		m.md.Title = m.artworkTitle(xmp)
	}
	m.md.Title = m.dropDefaults("title", m.md.Title)

	exifDesc := first([]*tags{m.file}, "IFD0:ImageDescription")
	if cameraDefault(exifDesc.val) || sameText(exifDesc.val, m.md.Make) {
		exifDesc = found{}
	}
	m.md.Description = m.dropDefaults("description", m.langText("description", xmp, "XMP-dc:Description",
		m.iptcFound(iptcCaption), exifDesc,
		first([]*tags{m.file}, "PDF:Subject", "Keys:Description", "ItemList:Description",
			"UserData:Description", "PNG:Description")))

	m.md.Copyright = m.langText("copyright", xmp, "XMP-dc:Rights",
		m.iptcFound(iptcCopyright),
		first([]*tags{m.file}, "IFD0:Copyright", "Keys:Copyright", "ItemList:Copyright",
			"UserData:Copyright", "PNG:Copyright"))

	m.setFirst(&m.md.Creator, "creator", m.joined(xmp, "XMP-dc:Creator"), m.iptcFound(iptcByline),
		first([]*tags{m.file}, "IFD0:Artist", "PDF:Author", "Keys:Artist", "ItemList:Artist",
			"UserData:Artist", "PNG:Author"))
	m.setFirst(&m.md.Credit, "credit", first(xmp, "XMP-photoshop:Credit"), m.iptcFound(iptcCredit))
	m.setFirst(&m.md.Licence, "licence",
		first(xmp, "XMP-xmpRights:WebStatement", "XMP-cc:License"), m.licensorURL(xmp),
		first(xmp, "XMP-xmpRights:UsageTerms"))
	m.rating(xmp)
}

// dropDefaults removes from a title or caption the texts a camera writes
// by default ("OLYMPUS DIGITAL CAMERA", "SONY DSC"…), which describe
// nothing; nil when none is left. (An EXIF ImageDescription that repeats
// the camera's make is set aside before, where its source is known.)
func (m *mapper) dropDefaults(name string, lt gallery.LangText) gallery.LangText {
	for lang, v := range lt {
		if cameraDefault(v) {
			delete(lt, lang)
		}
	}
	if len(lt) == 0 {
		delete(m.md.Sources, name)
		return nil
	}
	return lt
}

// artworkTitle reads the title of the first artwork of an IPTC Extension
// ArtworkOrObject structure, with its languages ("AOTitle-fr").
func (m *mapper) artworkTitle(xmp []*tags) gallery.LangText {
	const key = "XMP-iptcExt:ArtworkOrObject"
	for _, t := range xmp {
		v, _ := t.get(key)
		list, _ := v.([]any)
		if len(list) == 0 {
			continue
		}
		st, _ := list[0].(map[string]any)
		lt := gallery.LangText{}
		for k, v := range st {
			lang := "x-default"
			if k != "AOTitle" {
				rest, ok := strings.CutPrefix(k, "AOTitle-")
				if !ok || !langTag(rest) {
					continue
				}
				lang = rest
			}
			if s := scalars(v); len(s) > 0 {
				lt[lang] = s[0]
			}
		}
		if len(lt) > 0 {
			m.md.Sources["title"] = source(t, key)
			return lt
		}
	}
	return nil
}

// setFirst stores the first non-empty candidate.
func (m *mapper) setFirst(dst *string, name string, cands ...found) {
	for _, c := range cands {
		if m.set(dst, name, c) {
			return
		}
	}
}

// langText reads an XMP lang-alt tag with all its languages (exiftool
// prints "Tag" for x-default and "Tag-fr" for French), else the first
// non-empty fallback as x-default.
func (m *mapper) langText(name string, xmp []*tags, key string, fallbacks ...found) gallery.LangText {
	for _, t := range xmp {
		lt := gallery.LangText{}
		for _, f := range t.fields {
			lang := "x-default"
			if f.key != key {
				rest, ok := strings.CutPrefix(f.key, key+"-")
				if !ok || !langTag(rest) {
					continue
				}
				lang = rest
			}
			if list := scalars(f.val); len(list) > 0 && lt[lang] == "" {
				lt[lang] = list[0]
			}
		}
		if len(lt) > 0 {
			m.md.Sources[name] = source(t, key)
			return lt
		}
	}
	for _, c := range fallbacks {
		if c.val != "" {
			m.md.Sources[name] = c.src
			return gallery.LangText{"x-default": c.val}
		}
	}
	return nil
}

// langTag accepts RFC 5646-shaped tags ("fr", "en-US", "x-repair").
func langTag(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// joined returns the first list among keys, joined with "; " (several
// creators are common; the field holds one text).
func (m *mapper) joined(docs []*tags, key string) found {
	for _, t := range docs {
		if list := dedupe(t.strs(key)); len(list) > 0 {
			return found{clean(strings.Join(list, "; ")), source(t, key)}
		}
	}
	return found{}
}

// iptcFound returns an IPTC dataset's text (repeated values joined).
func (m *mapper) iptcFound(ds byte) found {
	vals, src := m.iptcValues(ds)
	if len(vals) == 0 {
		return found{}
	}
	return found{clean(strings.Join(vals, "; ")), src}
}

// iptcValues returns an IPTC dataset's values: from our own reader for
// JPEG files, else exiftool's, repaired when no character set is declared
// (exiftool then assumes Latin-1, which garbles UTF-8).
func (m *mapper) iptcValues(ds byte) ([]string, string) {
	name := iptcDatasetName(ds)
	if m.iptc != nil {
		var vals []string
		switch ds {
		case iptcObjectName:
			vals = []string{m.iptc.ObjectName}
		case iptcHeadline:
			vals = []string{m.iptc.Headline}
		case iptcCredit:
			vals = []string{m.iptc.Credit}
		case iptcCopyright:
			vals = []string{m.iptc.Copyright}
		case iptcCaption:
			vals = []string{m.iptc.Caption}
		case iptcKeywords:
			vals = m.iptc.Keywords
		case iptcByline:
			vals = m.iptc.Bylines
		}
		return dedupe(vals), name
	}
	vals := m.file.strs(name)
	if m.file.str("IPTC:CodedCharacterSet") == "" {
		for i, v := range vals {
			vals[i] = undoLatin1(v)
		}
	}
	return dedupe(vals), name
}

// licensorURL reads the URL of the first PLUS licensor, a structure.
func (m *mapper) licensorURL(xmp []*tags) found {
	for _, t := range xmp {
		v, _ := t.get("XMP-plus:Licensor")
		list, _ := v.([]any)
		for _, item := range list {
			if st, ok := item.(map[string]any); ok {
				if s := scalars(st["LicensorURL"]); len(s) > 0 {
					return found{s[0], source(t, "XMP-plus:Licensor")}
				}
			}
		}
	}
	return found{}
}

// rating reads the XMP or EXIF rating: -1 (rejected) to 5 stars.
func (m *mapper) rating(xmp []*tags) {
	for _, t := range xmp {
		for _, k := range []string{"XMP-xmp:Rating", "IFD0:Rating", "ExifIFD:Rating"} {
			r, ok := t.num(k)
			if !ok || r < -1 || r > 5 || r != math.Trunc(r) {
				continue
			}
			// A sidecar's 0 ("no stars") still overrides the file's stars.
			if m.md.Rating = int(r); r != 0 {
				m.md.Sources["rating"] = source(t, k)
			}
			return
		}
	}
}
