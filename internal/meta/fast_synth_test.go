package meta

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/binary"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/testmedia"
)

// Builders of small JPEG files with chosen metadata, for tests.

// segment returns a JPEG marker segment.
func segment(marker byte, payload []byte) []byte {
	return append([]byte{0xFF, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
}

func app1XMP(packet []byte) []byte {
	return segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), packet...))
}

func app1EXIF(tiff []byte) []byte {
	return segment(0xE1, append([]byte("Exif\x00\x00"), tiff...))
}

// jpegWith returns a small valid JPEG image with segs after its start.
func jpegWith(segs ...[]byte) []byte {
	img := image.NewGray(image.Rect(0, 0, 24, 16))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(err)
	}
	out := []byte{0xFF, 0xD8}
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, b.Bytes()[2:]...)
}

// ifdEntry is a TIFF directory entry; data holds the value bytes.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

// tiffDir is a directory with the directories its pointer tags lead to.
type tiffDir struct {
	entries []ifdEntry
	subs    map[uint16]*tiffDir // pointer tag → directory
	next    *tiffDir
}

// byteOrder is a byte order that can also append.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

type tiffBuilder struct{ o byteOrder }

func (b tiffBuilder) ascii(tag uint16, s string) ifdEntry {
	return ifdEntry{tag, typeASCII, uint32(len(s) + 1), append([]byte(s), 0)}
}

func (b tiffBuilder) undef(tag uint16, v []byte) ifdEntry {
	return ifdEntry{tag, typeUndefined, uint32(len(v)), v}
}

func (b tiffBuilder) short(tag uint16, vs ...uint16) ifdEntry {
	var d []byte
	for _, v := range vs {
		d = b.o.AppendUint16(d, v)
	}
	return ifdEntry{tag, 3, uint32(len(vs)), d}
}

func (b tiffBuilder) byte1(tag uint16, v byte) ifdEntry { return ifdEntry{tag, 1, 1, []byte{v}} }

func (b tiffBuilder) rational(tag uint16, vs ...uint32) ifdEntry {
	var d []byte
	for _, v := range vs {
		d = b.o.AppendUint32(d, v)
	}
	return ifdEntry{tag, typeRational, uint32(len(vs) / 2), d}
}

// build lays out ifd0 (and what it leads to) after a TIFF header.
func (b tiffBuilder) build(ifd0 *tiffDir) []byte {
	hdr := []byte("II*\x00")
	if b.o == byteOrder(binary.BigEndian) {
		hdr = []byte("MM\x00*")
	}
	out := b.o.AppendUint32(hdr, 8)
	offsets := map[*tiffDir]int{}
	var place func(d *tiffDir, off int) int
	size := func(d *tiffDir) int {
		n := 2 + 12*len(d.entries) + 4
		for _, e := range d.entries {
			if len(e.data) > 4 {
				n += len(e.data) + len(e.data)%2
			}
		}
		for tag := range d.subs {
			if !hasEntry(d, tag) {
				n += 12
			}
		}
		return n
	}
	place = func(d *tiffDir, off int) int {
		offsets[d] = off
		end := off + size(d)
		for _, s := range d.subs {
			end = place(s, end)
		}
		if d.next != nil {
			end = place(d.next, end)
		}
		return end
	}
	total := place(ifd0, 8)
	out = append(out, make([]byte, total-8)...)
	for d, off := range offsets {
		entries := append([]ifdEntry(nil), d.entries...)
		for tag, s := range d.subs {
			entries = append(entries, ifdEntry{tag, typeLong, 1, b.o.AppendUint32(nil, uint32(offsets[s]))})
		}
		sortEntries(entries)
		b.o.PutUint16(out[off:], uint16(len(entries)))
		data := off + 2 + 12*len(entries) + 4
		for i, e := range entries {
			p := off + 2 + 12*i
			b.o.PutUint16(out[p:], e.tag)
			b.o.PutUint16(out[p+2:], e.typ)
			b.o.PutUint32(out[p+4:], e.count)
			if len(e.data) <= 4 {
				copy(out[p+8:], e.data)
				continue
			}
			b.o.PutUint32(out[p+8:], uint32(data))
			copy(out[data:], e.data)
			data += len(e.data) + len(e.data)%2
		}
		if d.next != nil {
			b.o.PutUint32(out[off+2+12*len(entries):], uint32(offsets[d.next]))
		}
	}
	return out
}

func hasEntry(d *tiffDir, tag uint16) bool {
	for _, e := range d.entries {
		if e.tag == tag {
			return true
		}
	}
	return false
}

func sortEntries(es []ifdEntry) {
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			if es[j].tag < es[i].tag {
				es[i], es[j] = es[j], es[i]
			}
		}
	}
}

// cameraEXIF is the EXIF of a typical camera photo, in byte order o.
func cameraEXIF(o byteOrder, mutate func(ifd0, exif, gps *tiffDir)) []byte {
	b := tiffBuilder{o}
	exif := &tiffDir{entries: []ifdEntry{
		b.rational(0x829A, 1, 250), b.rational(0x829D, 56, 10), b.short(0x8827, 400),
		b.ascii(0x9003, "2021:07:14 10:11:12"), b.ascii(0x9004, "2021:07:14 10:11:12"),
		b.ascii(0x9011, "+02:00"), b.rational(0x920A, 50, 1), b.ascii(0xA434, "RF24-105mm F4 L IS USM"),
		b.undef(0x9286, []byte("ASCII\x00\x00\x00a comment")), b.rational(0xA404, 0, 0),
	}}
	gps := &tiffDir{entries: []ifdEntry{
		{0, 1, 4, []byte{2, 3, 0, 0}}, b.ascii(1, "S"), b.rational(2, 33, 1, 51, 1, 24606, 1000),
		b.ascii(3, "W"), b.rational(4, 151, 1, 12, 1, 5508, 1000), b.byte1(5, 1), b.rational(6, 125, 10),
	}}
	ifd0 := &tiffDir{entries: []ifdEntry{
		b.ascii(0x010F, "Canon"), b.ascii(0x0110, "Canon EOS R5"), b.short(0x0112, 6),
		b.ascii(0x013B, "Ann Example  "), b.undef(0x8298, []byte("Ann \x00Ed\x00")),
		b.ascii(0x010E, "Lake at dawn"), b.rational(0x011A, 72, 1),
	}, subs: map[uint16]*tiffDir{tagExifIFD: exif, tagGPSInfo: gps}}
	ifd0.next = &tiffDir{entries: []ifdEntry{b.short(0x0103, 6), b.short(0x0112, 1)}}
	if mutate != nil {
		mutate(ifd0, exif, gps)
	}
	return b.build(ifd0)
}

// iptcBlock returns an IPTC block of (record, dataset, value) triples.
func iptcBlock(ds ...any) []byte {
	var b []byte
	for i := 0; i+2 < len(ds); i += 3 {
		v := []byte(ds[i+2].(string))
		b = append(b, 0x1C, byte(ds[i].(int)), byte(ds[i+1].(int)), byte(len(v)>>8), byte(len(v)))
		b = append(b, v...)
	}
	return b
}

// app13 wraps Photoshop resources (id, data pairs) in an APP13 segment.
func app13(res ...any) []byte {
	b := []byte("Photoshop 3.0\x00")
	for i := 0; i+1 < len(res); i += 2 {
		data := res[i+1].([]byte)
		b = append(b, "8BIM"...)
		b = binary.BigEndian.AppendUint16(b, uint16(res[i].(int)))
		b = append(b, 0, 0)
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
		if len(data)%2 == 1 {
			b = append(b, 0)
		}
	}
	return segment(0xED, b)
}

const xmpRich = `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="test">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <!-- comments between properties are fine -->
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="4" xmp:CreateDate="2019-03-04T05:06">
   <dc:title><rdf:Alt>
    <rdf:li xml:lang="x-default">Le &amp; titre &#x2014; &lt;b&gt;</rdf:li>
    <rdf:li xml:lang="fr_fr">Titre FR</rdf:li>
    <rdf:li xml:lang="EN-us">Title</rdf:li>
    <rdf:li xml:lang="x-Repair">Rep</rdf:li>
   </rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="de">Nur deutsch&#9;mit Tab</rdf:li></rdf:Alt></dc:description>
   <dc:subject><rdf:Bag>
    <rdf:li>True</rdf:li><rdf:li>2019</rdf:li><rdf:li>  spaced  </rdf:li><rdf:li>caf&#xE9;</rdf:li><rdf:li/>
    <rdf:li>1.50</rdf:li><rdf:li>007</rdf:li>
   </rdf:Bag></dc:subject>
   <dc:creator><rdf:Seq><rdf:li>A. Person</rdf:li><rdf:li>B. Person</rdf:li></rdf:Seq></dc:creator>
   <dc:rights>Simple rights</dc:rights>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:exifEX="http://cipa.jp/exif/1.0/">
   <exif:DateTimeOriginal>2019-03-04T05:06:07.123+01:00</exif:DateTimeOriginal>
   <exif:ExposureTime>1/320</exif:ExposureTime>
   <exif:FNumber>71/10</exif:FNumber>
   <exif:FocalLength>35</exif:FocalLength>
   <exif:ISOSpeedRatings><rdf:Seq><rdf:li>200</rdf:li></rdf:Seq></exif:ISOSpeedRatings>
   <exif:GPSLatitude>40,26.767S</exif:GPSLatitude>
   <exif:GPSLongitude>79,58.93W</exif:GPSLongitude>
   <exif:GPSAltitude>1000/10</exif:GPSAltitude>
   <exif:GPSAltitudeRef>1</exif:GPSAltitudeRef>
   <tiff:Make>Nikon</tiff:Make><tiff:Model>Z 6</tiff:Model><tiff:Orientation>3</tiff:Orientation>
   <exifEX:LensModel>NIKKOR Z 24-70mm f/4 S</exifEX:LensModel>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/" xmlns:digiKam="http://www.digikam.org/ns/1.0/"
    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" xmlns:cc="http://creativecommons.org/ns#"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:mwg-kw="http://www.metadataworkinggroup.com/schemas/keywords/"
    xmlns:foo="http://example.com/foo/1.0/" photoshop:Credit="Agency">
   <photoshop:Headline>A headline</photoshop:Headline>
   <photoshop:DateCreated>2019-03-04</photoshop:DateCreated>
   <lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|France|Lyon</rdf:li><rdf:li>People|Ann</rdf:li></rdf:Bag></lr:hierarchicalSubject>
   <digiKam:TagsList><rdf:Seq><rdf:li>Events/Trip</rdf:li></rdf:Seq></digiKam:TagsList>
   <xmpRights:WebStatement>https://example.com/rights</xmpRights:WebStatement>
   <xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">Ask first</rdf:li></rdf:Alt></xmpRights:UsageTerms>
   <cc:license rdf:resource="https://creativecommons.org/licenses/by/4.0/"/>
   <pdf:Keywords>k1; k2, k3</pdf:Keywords>
   <plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource">
    <plus:LicensorName>Lic</plus:LicensorName><plus:LicensorURL>https://lic.example</plus:LicensorURL>
   </rdf:li></rdf:Seq></plus:Licensor>
   <Iptc4xmpExt:ArtworkOrObject><rdf:Bag><rdf:li><rdf:Description>
    <Iptc4xmpExt:AOTitle><rdf:Alt><rdf:li xml:lang="x-default">Work</rdf:li><rdf:li xml:lang="fr">Oeuvre</rdf:li></rdf:Alt></Iptc4xmpExt:AOTitle>
   </rdf:Description></rdf:li></rdf:Bag></Iptc4xmpExt:ArtworkOrObject>
   <mwg-kw:Keywords rdf:parseType="Resource"><mwg-kw:Hierarchy><rdf:Bag>
    <rdf:li rdf:parseType="Resource"><mwg-kw:Keyword>P</mwg-kw:Keyword><mwg-kw:Children><rdf:Bag>
     <rdf:li mwg-kw:Keyword="Q"/>
    </rdf:Bag></mwg-kw:Children></rdf:li>
   </rdf:Bag></mwg-kw:Hierarchy></mwg-kw:Keywords>
   <foo:Anything>ignored</foo:Anything>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`

// xmpPacket wraps rdf:Description content in a packet.
func xmpPacket(ns, body string) string {
	return `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">` +
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ` +
		ns + `>` + body + `</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
}

// TestFastReaderSynthetic compares the two paths on made-up files that
// exercise what the shared media show little of, and checks which ones
// the fast reader claims.
func TestFastReaderSynthetic(t *testing.T) {
	e := sharedExtractor(t)
	le, be := byteOrder(binary.LittleEndian), byteOrder(binary.BigEndian)
	iptc := iptcBlock(1, 90, "\x1b%G", 2, 55, "20190304", 2, 60, "050607+0130", 2, 5, "Objet",
		2, 25, "mot", 2, 25, "clé", 2, 120, "Légende", 2, 80, "Ann")
	digest := md5.Sum(iptc)
	tests := []struct {
		name  string
		data  []byte
		claim bool // the fast reader must read it itself
	}{
		{"bare", jpegWith(), true},
		{"camera", jpegWith(app1EXIF(cameraEXIF(le, nil))), true},
		{"camera-big-endian", jpegWith(app1EXIF(cameraEXIF(be, nil))), true},
		{"orientation-in-ifd1", jpegWith(app1EXIF(cameraEXIF(le, func(ifd0, _, _ *tiffDir) {
			ifd0.entries = ifd0.entries[:2]
			ifd0.next.entries[1] = tiffBuilder{le}.short(0x0112, 8)
		}))), true},
		{"gps-unknown-seconds", jpegWith(app1EXIF(cameraEXIF(le, func(_, _, gps *tiffDir) {
			gps.entries[2] = tiffBuilder{le}.rational(2, 33, 1, 51, 1, 0, 0)
			gps.entries[1] = tiffBuilder{le}.ascii(1, "N")
		}))), true},
		{"no-date", jpegWith(app1EXIF(cameraEXIF(le, func(_, exif, _ *tiffDir) {
			exif.entries = exif.entries[:3]
		}))), true},
		{"zero-denominators", jpegWith(app1EXIF(cameraEXIF(le, func(_, exif, _ *tiffDir) {
			b := tiffBuilder{le}
			exif.entries[0], exif.entries[1] = b.rational(0x829A, 0, 0), b.rational(0x829D, 1, 0)
			exif.entries = append(exif.entries, b.rational(0x9202, 0, 0), b.rational(0xA20E, 5, 0))
		}))), true},
		{"iptc-date", jpegWith(app13(0x0404, iptc)), true},
		{"iptc-digest-current", jpegWith(app13(0x0404, iptc, 0x0425, digest[:])), true},
		{"iptc-digest-stale", jpegWith(app13(0x0404, iptc, 0x0425, make([]byte, 16))), true},
		{"xmp-rich", jpegWith(app1EXIF(cameraEXIF(le, nil)), app1XMP([]byte(xmpRich))), true},
		{"xmp-then-exif", jpegWith(app1XMP([]byte(xmpRich)), app1EXIF(cameraEXIF(be, nil))), true},
		{"xmp-padded", jpegWith(app1XMP(append([]byte(xmpRich), make([]byte, 300)...))), true},
		{"xmp-microsoft-uri", jpegWith(app1XMP([]byte(xmpPacket(
			`xmlns:MicrosoftPhoto="http://ns.microsoft.com/photo/1.0/"`,
			`<MicrosoftPhoto:Rating>75</MicrosoftPhoto:Rating>`)))), true},
		{"xmp-attribute-struct", jpegWith(app1XMP([]byte(xmpPacket(
			`xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"`,
			`<plus:Licensor><rdf:Seq><rdf:li plus:LicensorURL="https://a.example"/></rdf:Seq></plus:Licensor>`)))), true},
		{"xmp-empty-values", jpegWith(app1XMP([]byte(xmpPacket(`xmlns:dc="http://purl.org/dc/elements/1.1/"`,
			`<dc:title><rdf:Alt><rdf:li xml:lang="x-default"/></rdf:Alt></dc:title><dc:subject/>`)))), true},
		{"xmp-comment-in-value", jpegWith(app1XMP([]byte(xmpPacket(`xmlns:dc="http://purl.org/dc/elements/1.1/"`,
			`<dc:rights>a<!-- b -->c</dc:rights>`)))), false},
		{"xmp-unknown-make", jpegWith(app1XMP([]byte(xmpPacket(`xmlns:foo="http://example.com/foo/"`,
			`<foo:Make>Other</foo:Make>`)))), false},
		{"xmp-doctype", jpegWith(app1XMP([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>` +
			xmpPacket(`xmlns:dc="http://purl.org/dc/elements/1.1/"`, `<dc:rights>&e;</dc:rights>`)))), false},
		{"junk-between-segments", append(jpegWith()[:2], append([]byte{0, 0}, jpegWith()[2:]...)...), false},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".jpg")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			compareFast(t, e, path, tt.claim)
		})
	}
	// The rich packet also as a sidecar.
	side := filepath.Join(dir, "side.xmp")
	if err := os.WriteFile(side, []byte(xmpRich), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("sidecar", func(t *testing.T) {
		compareFast(t, e, testmedia.Path(t, "orientation/landscape_1.jpg"), true, side)
	})
}

// compareFast checks that the fast reader agrees with exiftool on path,
// and that it reads the file itself when claim is set.
func compareFast(t *testing.T, e *Extractor, path string, claim bool, sidecars ...string) {
	t.Helper()
	fast, ferr := readFast(t, path, sidecars...)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	slow, err := exiftoolExtract(ctx, e, path, sidecars...)
	if err != nil {
		t.Fatalf("exiftool path: %v", err)
	}
	switch {
	case ferr != nil && claim:
		t.Errorf("fast reader defers: %v", ferr)
	case ferr != nil:
		t.Logf("fast reader defers, as expected: %v", ferr)
	case !claim:
		t.Errorf("fast reader read a file it should leave to exiftool")
		fallthrough
	default:
		if diff := cmp.Diff(withoutReader(slow), withoutReader(fast)); diff != "" {
			t.Errorf("fast reader disagrees with exiftool (-exiftool +fast):\n%s", diff)
		}
		if strings.Contains(t.Name(), "rich") && len(fast.Keywords) == 0 {
			t.Errorf("got no keywords from the rich packet")
		}
	}
}
