package meta

import "strings"

// The namespaces, properties and tag names the fast XMP reader knows, as
// exiftool names them.

// XMP namespaces the fast reader knows.
const (
	nsRDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsX         = "adobe:ns:meta/"
	nsXML       = "http://www.w3.org/XML/1998/namespace"
	nsDC        = "http://purl.org/dc/elements/1.1/"
	nsXMP       = "http://ns.adobe.com/xap/1.0/"
	nsXMPRights = "http://ns.adobe.com/xap/1.0/rights/"
	nsPhotoshop = "http://ns.adobe.com/photoshop/1.0/"
	nsExif      = "http://ns.adobe.com/exif/1.0/"
	nsExifEX    = "http://cipa.jp/exif/1.0/"
	nsAux       = "http://ns.adobe.com/exif/1.0/aux/"
	nsTIFF      = "http://ns.adobe.com/tiff/1.0/"
	nsLR        = "http://ns.adobe.com/lightroom/1.0/"
	nsDigiKam   = "http://www.digikam.org/ns/1.0/"
	nsMWGKW     = "http://www.metadataworkinggroup.com/schemas/keywords/"
	nsCC        = "http://creativecommons.org/ns#"
	nsPLUS      = "http://ns.useplus.org/ldf/xmp/1.0/"
	nsIPTCExt   = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
	nsIPTCCore  = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
	nsPDF       = "http://ns.adobe.com/pdf/1.3/"
)

// xmpPropTable maps a namespace and a property name to the property the
// mapper reads, named as exiftool names it.
var xmpPropTable = map[[2]string]xmpProp{
	{nsDC, "title"}:                {"XMP-dc", "Title", xmpLangAlt},
	{nsDC, "description"}:          {"XMP-dc", "Description", xmpLangAlt},
	{nsDC, "rights"}:               {"XMP-dc", "Rights", xmpLangAlt},
	{nsDC, "creator"}:              {"XMP-dc", "Creator", xmpList},
	{nsDC, "subject"}:              {"XMP-dc", "Subject", xmpList},
	{nsPhotoshop, "Headline"}:      {"XMP-photoshop", "Headline", xmpText},
	{nsPhotoshop, "Credit"}:        {"XMP-photoshop", "Credit", xmpText},
	{nsPhotoshop, "DateCreated"}:   {"XMP-photoshop", "DateCreated", xmpDate},
	{nsXMP, "Rating"}:              {"XMP-xmp", "Rating", xmpText},
	{nsXMP, "CreateDate"}:          {"XMP-xmp", "CreateDate", xmpDate},
	{nsExif, "DateTimeOriginal"}:   {"XMP-exif", "DateTimeOriginal", xmpDate},
	{nsExif, "ExposureTime"}:       {"XMP-exif", "ExposureTime", xmpRational},
	{nsExif, "FNumber"}:            {"XMP-exif", "FNumber", xmpRational},
	{nsExif, "FocalLength"}:        {"XMP-exif", "FocalLength", xmpRational},
	{nsExif, "ISOSpeedRatings"}:    {"XMP-exif", "ISO", xmpList},
	{nsExif, "GPSLatitude"}:        {"XMP-exif", "GPSLatitude", xmpDegrees},
	{nsExif, "GPSLongitude"}:       {"XMP-exif", "GPSLongitude", xmpDegrees},
	{nsExif, "GPSAltitude"}:        {"XMP-exif", "GPSAltitude", xmpRational},
	{nsExif, "GPSAltitudeRef"}:     {"XMP-exif", "GPSAltitudeRef", xmpText},
	{nsExifEX, "LensModel"}:        {"XMP-exifEX", "LensModel", xmpText},
	{nsAux, "Lens"}:                {"XMP-aux", "Lens", xmpText},
	{nsAux, "LensID"}:              {"XMP-aux", "LensID", xmpText},
	{nsTIFF, "Make"}:               {"XMP-tiff", "Make", xmpText},
	{nsTIFF, "Model"}:              {"XMP-tiff", "Model", xmpText},
	{nsTIFF, "Orientation"}:        {"XMP-tiff", "Orientation", xmpText},
	{nsLR, "hierarchicalSubject"}:  {"XMP-lr", "HierarchicalSubject", xmpList},
	{nsDigiKam, "TagsList"}:        {"XMP-digiKam", "TagsList", xmpList},
	{nsXMPRights, "WebStatement"}:  {"XMP-xmpRights", "WebStatement", xmpText},
	{nsXMPRights, "UsageTerms"}:    {"XMP-xmpRights", "UsageTerms", xmpLangAlt},
	{nsCC, "license"}:              {"XMP-cc", "License", xmpText},
	{nsPDF, "Keywords"}:            {"XMP-pdf", "Keywords", xmpText},
	{nsMWGKW, "Keywords"}:          {"XMP-mwg-kw", "KeywordInfo", xmpKeywords},
	{nsPLUS, "Licensor"}:           {"XMP-plus", "Licensor", xmpLicensor},
	{nsIPTCExt, "ArtworkOrObject"}: {"XMP-iptcExt", "ArtworkOrObject", xmpArtwork},
}

// xmpProps returns the property the mapper reads for a namespace and a
// property name.
func xmpProps(space, local string) (xmpProp, bool) {
	p, ok := xmpPropTable[[2]string{space, local}]
	return p, ok
}

// xmpGroup returns exiftool's group for the namespaces above, for
// properties the fast reader does not convert.
func xmpGroup(space string) string {
	switch space {
	case nsDC:
		return "XMP-dc"
	case nsXMP:
		return "XMP-xmp"
	case nsXMPRights:
		return "XMP-xmpRights"
	case nsPhotoshop:
		return "XMP-photoshop"
	case nsExif:
		return "XMP-exif"
	case nsExifEX:
		return "XMP-exifEX"
	case nsAux:
		return "XMP-aux"
	case nsTIFF:
		return "XMP-tiff"
	case nsLR:
		return "XMP-lr"
	case nsDigiKam:
		return "XMP-digiKam"
	case nsMWGKW:
		return "XMP-mwg-kw"
	case nsCC:
		return "XMP-cc"
	case nsPLUS:
		return "XMP-plus"
	case nsIPTCExt:
		return "XMP-iptcExt"
	case nsIPTCCore:
		return "XMP-iptcCore"
	case nsPDF:
		return "XMP-pdf"
	}
	return ""
}

// searchedName reports tag names the mapper looks for in every group (or,
// through Composite tags, by name alone): a property exiftool would call
// so must be one the fast reader converts, or the file goes to exiftool.
func searchedName(name string) bool {
	switch name {
	case "Make", "Model", "LensModel", "LensID", "Lens", "ExposureTime", "FNumber",
		"FocalLength", "ISO", "Orientation", "DateTimeOriginal", "Warning", "Error",
		"GPSAltitude", "GPSAltitudeRef", "TimeCreated", "DateTimeCreated":
		return true
	}
	return false
}

// genericName is the tag name exiftool makes up for a property it has no
// definition for: the name with its first letter capitalised, or, for a
// name without lower-case letters, lower-cased with "_x" turned into "X".
func genericName(local string) string {
	if !strings.ContainsAny(local, "abcdefghijklmnopqrstuvwxyz") {
		var b strings.Builder
		low := strings.ToLower(local)
		for i := 0; i < len(low); i++ {
			if low[i] == '_' && i+1 < len(low) && low[i+1] >= 'a' && low[i+1] <= 'z' {
				b.WriteByte(low[i+1] - 'a' + 'A')
				i++
				continue
			}
			b.WriteByte(low[i])
		}
		local = b.String()
	}
	if local == "" {
		return ""
	}
	return strings.ToUpper(local[:1]) + local[1:]
}

// knownPrefix reports prefixes (and exiftool group names) of namespaces
// whose properties the mapper reads.
func knownPrefix(p string) bool {
	switch p {
	case "dc", "xmp", "xap", "xmpRights", "xapRights", "photoshop", "exif", "exifEX", "aux",
		"tiff", "lr", "digiKam", "mwg-kw", "cc", "plus", "Iptc4xmpExt", "iptcExt",
		"Iptc4xmpCore", "iptcCore", "pdf":
		return true
	}
	return false
}

// nearKnownURI reports a namespace exiftool would take for one of those
// the fast reader converts, whose URI differs only by a version number.
func nearKnownURI(uri string) bool {
	v := versionless(uri)
	if v == uri {
		return false
	}
	for _, known := range []string{nsDC, nsXMP, nsXMPRights, nsPhotoshop, nsExif, nsExifEX, nsAux, nsTIFF,
		nsLR, nsDigiKam, nsMWGKW, nsCC, nsPLUS, nsIPTCExt, nsIPTCCore, nsPDF} {
		if versionless(known) == v {
			return true
		}
	}
	return false
}

// toggleSlash adds a trailing slash to uri, or removes the one it has.
func toggleSlash(uri string) string {
	if s, ok := strings.CutSuffix(uri, "/"); ok {
		return s
	}
	return uri + "/"
}

// versionless replaces the first "/N.N/" (or final "/N.N") of a URI by
// "/#/", as exiftool's loose namespace match does.
func versionless(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '/' || !isDigit(s[i+1]) {
			continue
		}
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '.' {
			k := j + 1
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k > j+1 && (k == len(s) || s[k] == '/') {
				return s[:i+1] + "#" + s[k:]
			}
		}
	}
	return s
}

// exiftoolURI reports the XMP namespaces exiftool 12 knows.
func exiftoolURI(uri string) bool {
	switch uri {
	case nsAux, "http://ns.adobe.com/album/1.0/", nsCC, "http://ns.adobe.com/camera-raw-defaults/1.0/",
		"http://ns.adobe.com/camera-raw-settings/1.0/", "http://ns.adobe.com/camera-raw-saved-settings/1.0/", nsDC,
		nsExif, nsExifEX, "http://ns.adobe.com/iX/1.0/", nsPDF, "http://ns.adobe.com/pdfx/1.3/", nsPhotoshop,
		nsRDF, "http://www.w3.org/2000/01/rdf-schema#", "http://ns.adobe.com/xap/1.0/sType/Dimensions#",
		"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "http://ns.adobe.com/xap/1.0/sType/Font#",
		"http://ns.adobe.com/xap/1.0/sType/Job#", "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
		"http://ns.adobe.com/xap/1.0/sType/Version#", "http://ns.adobe.com/xap/1.0/sType/ManifestItem#",
		"http://ns.adobe.com/photoshop/1.0/camera-profile",
		"http://ns.adobe.com/camera-raw-embedded-lens-profile/1.0/", nsTIFF, nsX, "http://ns.adobe.com/xap/1.0/g/",
		"http://ns.adobe.com/xap/1.0/g/img/", nsXMP, "http://ns.adobe.com/xap/1.0/bj/",
		"http://ns.adobe.com/xmp/1.0/DynamicMedia/", "http://ns.adobe.com/xap/1.0/mm/", nsXMPRights,
		"http://ns.adobe.com/xmp/note/", "http://ns.adobe.com/xap/1.0/t/pg/",
		"http://ns.adobe.com/xmp/Identifier/qual/1.0/", "http://ns.adobe.com/xap/1.0/PLUS/",
		"http://ns.optimasc.com/dex/1.0/", "http://ns.iview-multimedia.com/mediapro/1.0/",
		"http://ns.microsoft.com/expressionmedia/1.0/", nsIPTCCore, nsIPTCExt, "http://ns.microsoft.com/photo/1.0",
		"http://ns.microsoft.com/photo/1.1", "http://ns.microsoft.com/photo/1.2/",
		"http://ns.microsoft.com/photo/1.2/t/RegionInfo#", "http://ns.microsoft.com/photo/1.2/t/Region#", nsLR,
		"http://ns.adobe.com/DICOM/", "http://www.dji.com/drone-dji/1.0/", "http://www.w3.org/2000/svg",
		"http://ns.exiftool.org/1.0/", "http://ns.exiftool.ca/1.0/", nsPLUS,
		"http://prismstandard.org/namespaces/basic/2.0/", "http://prismstandard.org/namespaces/prl/2.1/",
		"http://prismstandard.org/namespaces/prismusagerights/2.1/",
		"http://prismstandard.org/namespaces/pmi/2.2/", "http://prismstandard.org/namespaces/prm/3.0/",
		"http://ns.acdsee.com/iptc/1.0/", nsDigiKam, "http://ns.adobe.com/swf/1.0/",
		"http://developer.sonyericsson.com/cell/1.0/", "http://ns.apple.com/adjustment-settings/1.0/",
		"http://www.metadataworkinggroup.com/schemas/regions/", nsMWGKW,
		"http://www.metadataworkinggroup.com/schemas/collections/", "http://ns.adobe.com/xmp/sType/Area#",
		"http://ns.extensis.com/extensis/1.0/", "http://ns.idimager.com/ics/1.0/",
		"http://ns.fastpictureviewer.com/fpv/1.0/", "http://ns.adobe.com/creatorAtom/1.0/",
		"http://ns.apple.com/faceinfo/1.0/", "http://ns.google.com/photos/1.0/audio/",
		"http://ns.google.com/photos/1.0/image/", "http://ns.google.com/photos/1.0/panorama/",
		"http://ns.google.com/videos/1.0/spherical/", "http://ns.google.com/photos/1.0/depthmap/",
		"http://ns.google.com/photos/1.0/focus/", "http://ns.google.com/photos/1.0/camera/",
		"http://ns.google.com/photos/1.0/creations/", "http://rs.tdwg.org/dwc/index.htm",
		"http://xmp.gettyimages.com/gift/1.0/", "http://ns.leiainc.com/photos/1.0/image/",
		"http://ns.google.com/photos/dd/1.0/profile/", "http://ns.nikon.com/sdc/1.0/",
		"http://ns.nikon.com/asteroid/1.0/", "http://ns.nikon.com/nine/1.0/",
		"http://ns.adobe.com/hdr-metadata/1.0/":
		return true
	}
	return false
}

// mapperReads reports the XMP keys the mapper reads by name.
func mapperReads(key string) bool {
	switch key {
	case "XMP-dc:Title", "XMP-dc:Description", "XMP-dc:Rights", "XMP-dc:Creator", "XMP-dc:Subject",
		"XMP-photoshop:Headline", "XMP-photoshop:Credit", "XMP-photoshop:DateCreated",
		"XMP-xmp:Rating", "XMP-xmp:CreateDate", "XMP-exif:DateTimeOriginal", "XMP-exif:ExposureTime",
		"XMP-exif:FNumber", "XMP-exif:FocalLength", "XMP-exif:ISO", "XMP-exif:GPSLatitude",
		"XMP-exif:GPSLongitude", "XMP-exif:GPSAltitude", "XMP-exif:GPSAltitudeRef",
		"XMP-exifEX:LensModel", "XMP-aux:Lens", "XMP-tiff:Make", "XMP-tiff:Model",
		"XMP-tiff:Orientation", "XMP-lr:HierarchicalSubject", "XMP-digiKam:TagsList",
		"XMP-xmpRights:WebStatement", "XMP-xmpRights:UsageTerms", "XMP-cc:License",
		"XMP-pdf:Keywords", "XMP-mwg-kw:KeywordInfo", "XMP-plus:Licensor",
		"XMP-iptcExt:ArtworkOrObject":
		return true
	}
	return strings.HasPrefix(key, "XMP-dc:Title-") || strings.HasPrefix(key, "XMP-dc:Description-") ||
		strings.HasPrefix(key, "XMP-dc:Rights-") || strings.HasPrefix(key, "XMP-xmpRights:UsageTerms-")
}
