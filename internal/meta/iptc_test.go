package meta

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"imagier/internal/testmedia"
)

// readIPTC runs our JPEG reader on a shared test file.
func readIPTC(t testing.TB, rel string) (iptcData, bool) {
	t.Helper()
	b, err := os.ReadFile(testmedia.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	h, _, _ := scanJPEG(memHead(b))
	block, ok := findIPTC(h.PhotoshopIRB)
	if !ok {
		return iptcData{}, false
	}
	return parseIPTC(block), true
}

// TestIPTCCharsets checks the exact text of the README's charset cases;
// the expected strings are what exiftool reads when told the right
// character set.
func TestIPTCCharsets(t *testing.T) {
	bonTon := "Do you know your lesson?: Tailored ensembles imagined by Jeanne Lanvin (Sais-tu ta leçon?: " +
		"Costumes tailleur de fantaisie de Jeanne Lanvin), Plate 46 from Gazette du Bon Ton, Volume 2, No. 5, May 1914\n" +
		"Jeanne Lanvin (French fashion designer, 1867-1946); Pierre Brissaud (French illustrator, 1885-1964)\n" +
		"ink on paper (photomechanical lithograph) with hand-applied color (pochoir), 25.4 x 19.1 cm (width)"
	tests := []struct {
		file string
		want iptcData
	}{
		{"iptc-xmp/Issue_614.jpg", iptcData{Charset: "latin-1", Headline: "l'Affiche présentait étaient"}},
		{"iptc-xmp/Issue_80.jpg", iptcData{
			Copyright: "© Corbis.  All Rights Reserved.", Bylines: []string{"Corbis"},
			DateCreated: "20080314", TimeCreated: "135926.054-0600", // a fraction IIM does not allow
		}},
		{"iptc-xmp/Nikon_D1X.jpg", iptcData{
			Copyright: "© 2003 Joseph S. Colson", Caption: "Workshop showing workbench and storage",
			Keywords: []string{"Woodworking"}, Bylines: []string{""},
			DateCreated: "20030806", TimeCreated: "180434-0500",
		}},
		{"iptc-xmp/BonTonARTSTORplusIPTC.jpg", iptcData{
			ObjectName: "Do you know your lesson?", Caption: bonTon,
			Headline:  "Do you know your lesson?: Tailored ensembles imagined by Jeanne Lanvin",
			Credit:    "Allan Kohl; Minneapolis College of Art & Design Visual Resource Collection",
			Copyright: "publicDomain", Bylines: []string{"Allan Kohl"}, DateCreated: "20071119",
			Keywords: []string{"illustrations (layout features)", "fashion illustrations", "decorative arts",
				"domestic life", "genre", "Fashion and art", "Fashion design", "umbrella", "cloche", "peplum",
				"walking dress", "rain", "Art Deco", "Twentieth century"},
		}},
		{"iptc-xmp/mongolia.jpeg", iptcData{
			Caption: "Willy Gardiol", DateCreated: "20110817", TimeCreated: "163937+0000",
			Keywords: []string{"??????", "Mongolia", "Ôvôrhangaj", "??????"},
		}},
		{"iptc-xmp/app13-multiple.jpg", iptcData{DateCreated: "20191014", TimeCreated: "150020+0000"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, ok := readIPTC(t, tt.file)
			if !ok {
				t.Fatal("got no IPTC block, want one")
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("IPTC mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeIPTC(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		charset string
		want    string
	}{
		{"undeclared UTF-8", "\xc2\xa9 2024", "", "© 2024"},
		{"undeclared Latin-1", "\xa9 2024 caf\xe9", "", "© 2024 café"},
		{"undeclared Windows-1252 quotes", "\x93hi\x94 \x80", "", "“hi” €"},
		{"declared Latin-1 that looks like UTF-8", "\xc3\xa9", "latin-1", "Ã©"},
		{"declared UTF-8 with a bad byte", "ok\xff", "utf-8", "ok\uFFFD"},
		{"control characters and padding", "a\x00b\x1b[31mc\r\nd\re\x00\x00", "", "ab[31mc\nd\ne"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeIPTC([]byte(tt.in), tt.charset); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIPTCHostile(t *testing.T) {
	dataset := func(rec, ds byte, val string) []byte {
		return append([]byte{0x1C, rec, ds, byte(len(val) >> 8), byte(len(val))}, val...)
	}
	var many []byte
	for range 3000 {
		many = append(many, dataset(2, iptcKeywords, "k")...)
	}
	tests := []struct {
		name         string
		block        []byte
		wantKeywords int
		wantWarning  bool
	}{
		{"empty", nil, 0, false},
		{"truncated header", []byte{0x1C, 2}, 0, true},
		{"length past the end", []byte{0x1C, 2, 25, 0xFF, 0xFF, 'a'}, 0, true},
		{"extended length too long", []byte{0x1C, 2, 25, 0x80, 0x08, 1, 2, 3, 4, 5, 6, 7, 8}, 0, true},
		{"extended length of zero bytes", []byte{0x1C, 2, 25, 0x80, 0x00}, 0, true},
		{"garbage after datasets", append(dataset(2, iptcKeywords, "a"), "junk"...), 1, true},
		{"zero padding", append(dataset(2, iptcKeywords, "a"), 0, 0, 0), 1, false},
		{"repeated keywords are capped", many, maxKeywords, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseIPTC(tt.block)
			if len(got.Keywords) != tt.wantKeywords {
				t.Errorf("got %d keywords, want %d", len(got.Keywords), tt.wantKeywords)
			}
			if (len(got.Warnings) > 0) != tt.wantWarning {
				t.Errorf("got warnings %q, want some: %v", got.Warnings, tt.wantWarning)
			}
		})
	}
}

func TestFindIPTC(t *testing.T) {
	res := func(id uint16, name string, data string) []byte {
		b := append([]byte("8BIM"), byte(id>>8), byte(id), byte(len(name)))
		b = append(b, name...)
		if (len(name)+1)%2 == 1 {
			b = append(b, 0)
		}
		n := len(data)
		b = append(b, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
		b = append(b, data...)
		if n%2 == 1 {
			b = append(b, 0)
		}
		return b
	}
	tests := []struct {
		name   string
		irb    []byte
		want   string
		wantOK bool
	}{
		{"first resource", res(0x0404, "", "iptc"), "iptc", true},
		{"after another with odd sizes", append(res(0x0425, "ab", "odd"), res(0x0404, "n", "iptc")...), "iptc", true},
		{"absent", res(0x0425, "", "digest"), "", false},
		{"not a resource", []byte("Adobe_CM\x00\x01 and more bytes"), "", false},
		{"truncated IPTC is returned as is", res(0x0404, "", "iptc")[:14], "ip", true},
		{"size past the end of another resource", append(res(0x0425, "", "x"), 0xFF), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := findIPTC(tt.irb)
			if string(got) != tt.want || ok != tt.wantOK {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// FuzzIPTC feeds Photoshop resource blocks to the IPTC reader. Seeds are
// the blocks of the real test files, read here rather than copied.
func FuzzIPTC(f *testing.F) {
	dir := testmedia.Dir(f)
	for _, folder := range []string{"iptc-xmp", "broken", "malicious", "cameras", "orientation"} {
		paths, _ := filepath.Glob(filepath.Join(dir, folder, "*"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil || !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
				continue
			}
			h, _, _ := scanJPEG(memHead(b))
			if len(h.PhotoshopIRB) > 0 {
				f.Add(h.PhotoshopIRB)
			}
		}
	}
	f.Fuzz(func(t *testing.T, irb []byte) {
		block, ok := findIPTC(irb)
		if !ok {
			block = irb // also parse the raw bytes as a block
		}
		d := parseIPTC(block)
		all := append([]string{d.ObjectName, d.Headline, d.Credit, d.Copyright, d.Caption}, d.Keywords...)
		for _, s := range append(all, d.Bylines...) {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\x1b") || len(s) > maxString {
				t.Fatalf("unclean value %q", s)
			}
		}
		if len(d.Keywords) > maxKeywords || len(d.Bylines) > maxKeywords {
			t.Fatalf("got %d keywords, %d bylines; want at most %d", len(d.Keywords), len(d.Bylines), maxKeywords)
		}
	})
}

// FuzzJPEGHeader runs the JPEG segment scanner and the EXIF GPS check on
// arbitrary bytes, seeded with the beginnings of the real test files.
func FuzzJPEGHeader(f *testing.F) {
	dir := testmedia.Dir(f)
	for _, folder := range []string{"gps", "broken", "malicious"} {
		paths, _ := filepath.Glob(filepath.Join(dir, folder, "*"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err == nil && bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
				f.Add(b[:min(len(b), 8<<10)])
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, _, _ := scanJPEG(memHead(b))
		_ = exifGPSProblem(h.Exif)
		_ = exifGPSProblem(b)
		if block, ok := findIPTC(h.PhotoshopIRB); ok {
			_ = parseIPTC(block)
		}
	})
}
