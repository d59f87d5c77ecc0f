package meta

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// head reads the first SniffLen bytes of a shared test file.
func head(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(testmedia.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b[:min(len(b), SniffLen)]
}

func TestSniffFiles(t *testing.T) {
	const (
		image = gallery.KindImage
		raw   = gallery.KindRaw
		video = gallery.KindVideo
		pdf   = gallery.KindPDF
		other = gallery.KindOther
	)
	tests := []struct {
		file   string
		kind   gallery.Kind
		format gallery.Format
		mime   string
	}{
		{"cameras/Canon_40D.jpg", image, gallery.FormatJPEG, "image/jpeg"},
		{"formats/Issue_247-1.nef", image, gallery.FormatJPEG, "image/jpeg"}, // the extension lies
		{"formats/frozenpond.mpo", image, gallery.FormatJPEG, "image/jpeg"},
		{"formats/basn6a16.png", image, gallery.FormatPNG, "image/png"},
		{"formats/iss634.apng", image, gallery.FormatPNG, "image/png"},
		{"formats/animated-red-blue.gif", image, gallery.FormatGIF, "image/gif"},
		{"formats/Animation_Lossy.webp", image, gallery.FormatWebP, "image/webp"},
		{"formats/looks-like-svg.webp", image, gallery.FormatWebP, "image/webp"},
		{"formats/IMG_5195.HEIC", image, gallery.FormatHEIF, "image/heic"},
		{"formats/samplefilehub.heif", image, gallery.FormatHEIF, "image/heic"},
		{"formats/17000x17000.avif", image, gallery.FormatHEIF, "image/avif"},
		{"formats/star.avifs", image, gallery.FormatHEIF, "image/avif"},
		{"formats/multipage.tiff", image, gallery.FormatTIFF, "image/tiff"},
		{"formats/BigTIFF.tif", image, gallery.FormatTIFF, "image/tiff"},
		{"formats/BigTIFFMotorola.tif", image, gallery.FormatTIFF, "image/tiff"},
		{"formats/CanonRaw.cr2", raw, "", "image/x-canon-cr2"},
		{"formats/CanonRaw.cr3", raw, "", "image/x-canon-cr3"},
		{"formats/CanonRaw.crw", raw, "", "image/x-canon-crw"},
		{"formats/DNG.dng", raw, "", "image/x-adobe-dng"},
		{"formats/Nikon.nef", raw, "", "image/x-raw"},
		{"formats/FujiFilm.raf", raw, "", "image/x-fuji-raf"},
		{"formats/Panasonic.rw2", raw, "", "image/x-panasonic-rw2"},
		{"formats/Minolta.mrw", raw, "", "image/x-minolta-mrw"},
		{"formats/Sigma.x3f", raw, "", "image/x-sigma-x3f"},
		{"formats/PhaseOne.iiq", raw, "", "image/x-phaseone-iiq"},
		{"formats/KyoceraRaw.raw", raw, "", "image/x-kyocera-raw"},
		{"formats/8x4x8bit-Grayscale.psd", other, "", "image/vnd.adobe.photoshop"},
		{"formats/hopper.bmp", other, "", "image/bmp"},
		{"formats/hopper.ico", other, "", "image/vnd.microsoft.icon"},
		{"formats/hopper.qoi", other, "", "image/qoi"},
		{"formats/test.jxl", other, "", "image/jxl"},
		{"formats/XMP.svg", other, "", "image/svg+xml"},
		{"iptc-xmp/XMP.xmp", other, "", "application/rdf+xml"},
		{"video/hello.mp4", video, "", "video/mp4"},
		{"video/with-gps.mov", video, "", "video/quicktime"},
		{"video/QuickTime.mov", video, "", "video/quicktime"}, // no ftyp box
		{"video/sample_qt.mp4", video, "", "video/quicktime"},
		{"video/hello.3gp", video, "", "video/3gpp"},
		{"video/sample_fragmented.mp4", video, "", "video/mp4"},
		{"video/RIFF.avi", video, "", "video/x-msvideo"},
		{"video/Matroska.mkv", video, "", "video/x-matroska"},
		{"video/M2TS.mts", video, "", "video/mp2t"},
		{"pdf/minimal-document.pdf", pdf, "", "application/pdf"},
		{"pdf/GHOSTSCRIPT-698804-1-fuzzed.pdf", pdf, "", "application/pdf"},
		{"broken/gofuzz-jpeg-00456de89b80d51dd4dd73dd92b844e1ecef8d15-3", image, gallery.FormatJPEG, "image/jpeg"},
		{"broken/gofuzz-png-077972773f02e194c01dea9e0e6a62c8a71c2144-10", image, gallery.FormatPNG, "image/png"},
		{"broken/gofuzz-gif-079bbc3eac7929c9538f67898c0f765fa80c527e-11", image, gallery.FormatGIF, "image/gif"},
		{"broken/gofuzz-tiff-0c3fc9143b360ea6057f50cf72fe8141d3dd17ed-8", image, gallery.FormatTIFF, "image/tiff"},
		{"broken/gofuzz-webp-044aa866bb634fd108a080be1e44e1ae4ec002ae-21", image, gallery.FormatWebP, "image/webp"},
		{"broken/github_15.heic", other, "", "application/octet-stream"},
		{"broken/21ad703b38e2c350215bb92a849486f3.jpg", other, "", "application/octet-stream"},
		{"malicious/SVG_XSS1.svg", other, "", "image/svg+xml"},
		{"malicious/entityTest.svg", other, "", "image/svg+xml"},
		{"malicious/xlinkLaughsTest.svg", other, "", "image/svg+xml"},
		{"malicious/Classic_XXE_-_etc_passwd.xml", other, "", "application/xml"},
		{"malicious/CVE-2021-22204_exiftool_echo.jpg", other, "", "image/vnd.djvu"},
		{"malicious/imagetragik1_payload_url_touch.jpg", other, "", "text/plain; charset=utf-8"},
		{"malicious/etc_passwd.zip", other, "", "application/zip"},
		{"malicious/outside_parent.tar.gz", other, "", "application/gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			kind, format, mime := Sniff(head(t, tt.file))
			if kind != tt.kind || format != tt.format || mime != tt.mime {
				t.Errorf("got %s/%q/%s, want %s/%q/%s", kind, format, mime, tt.kind, tt.format, tt.mime)
			}
		})
	}
}

// TestSniffNoMarkupImages checks that markup is never an image, whatever
// the bytes around it.
func TestSniffNoMarkupImages(t *testing.T) {
	tests := []struct {
		name, head, mime string
	}{
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, "image/svg+xml"},
		{"svg after BOM, prolog and comment", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- hi -->\n<svg>", "image/svg+xml"},
		{"svg doctype", `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg>`, "image/svg+xml"},
		{"html", "<!DOCTYPE html><html><body><img src=x onerror=alert(1)>", "text/html; charset=utf-8"},
		{"html fragment", "  <script>alert(1)</script>", "text/html; charset=utf-8"},
		{"xmp", `<x:xmpmeta xmlns:x="adobe:ns:meta/">`, "application/rdf+xml"},
		{"endless comments", strings.Repeat("<!-- x -->", 500), "application/xml"},
		{"text", "just some words\n", "text/plain; charset=utf-8"},
		{"binary", "\x00\x01\x02\x03 not text", "application/octet-stream"},
		{"empty", "", "application/octet-stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, format, mime := Sniff([]byte(tt.head))
			if kind != gallery.KindOther || format != gallery.FormatUnknown || mime != tt.mime {
				t.Errorf("got %s/%q/%s, want other//%s", kind, format, mime, tt.mime)
			}
		})
	}
}

// TestSniffSynthetic covers container rules with hand-made headers.
func TestSniffSynthetic(t *testing.T) {
	ftyp := func(major string, compat ...string) []byte {
		b := []byte{0, 0, 0, byte(16 + 4*len(compat))}
		b = append(b, "ftyp"+major+"\x00\x00\x00\x00"...)
		for _, c := range compat {
			b = append(b, c...)
		}
		return append(b, make([]byte, 64)...)
	}
	ts := bytes.Repeat(append([]byte{0x47}, make([]byte, 187)...), 3)
	tests := []struct {
		name   string
		head   []byte
		kind   gallery.Kind
		format gallery.Format
		mime   string
	}{
		{"heic by compatible brand", ftyp("    ", "mif1", "heic"), gallery.KindImage, gallery.FormatHEIF, "image/heic"},
		{"mp4 listing mif1", ftyp("isom", "mif1"), gallery.KindVideo, "", "video/mp4"},
		{"m4v", ftyp("M4V "), gallery.KindVideo, "", "video/x-m4v"},
		{"m4a audio", ftyp("M4A ", "isom"), gallery.KindOther, "", "audio/mp4"},
		{"cr3 by compatible brand", ftyp("isom", "crx "), gallery.KindRaw, "", "image/x-canon-cr3"},
		{"lying ftyp size", append([]byte{0xFF, 0, 0, 0}, "ftypavif\x00\x00\x00\x00mif1"...), gallery.KindImage, gallery.FormatHEIF, "image/avif"},
		{"mpeg-ts", ts, gallery.KindVideo, "", "video/mp2t"},
		{"webm", []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm"), gallery.KindVideo, "", "video/webm"},
		{"pdf after junk", append(bytes.Repeat([]byte{'x'}, 900), "%PDF-1.4"...), gallery.KindPDF, "", "application/pdf"},
		{"pdf too late", append(bytes.Repeat([]byte{0}, 1100), "%PDF-1.4"...), gallery.KindOther, "", "application/octet-stream"},
		{"wav", []byte("RIFF\x00\x00\x00\x00WAVEfmt "), gallery.KindOther, "", "audio/wav"},
		{"tiff header only", []byte("II*\x00\x08\x00\x00\x00"), gallery.KindImage, gallery.FormatTIFF, "image/tiff"},
		{"tiff with lying ifd offset", []byte("MM\x00*\xff\xff\xff\xff\x00\x01"), gallery.KindImage, gallery.FormatTIFF, "image/tiff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, format, mime := Sniff(tt.head)
			if kind != tt.kind || format != tt.format || mime != tt.mime {
				t.Errorf("got %s/%q/%s, want %s/%q/%s", kind, format, mime, tt.kind, tt.format, tt.mime)
			}
		})
	}
}

func FuzzSniff(f *testing.F) {
	for _, rel := range []string{"formats/IMG_5195.HEIC", "formats/DNG.dng", "video/hello.mp4", "formats/XMP.svg"} {
		f.Add(head(f, rel))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		kind, _, mime := Sniff(b)
		if kind == "" || mime == "" {
			t.Errorf("got kind %q, MIME %q; want both set", kind, mime)
		}
		if kind == gallery.KindImage && (strings.Contains(mime, "svg") || strings.Contains(mime, "html")) {
			t.Errorf("markup %s classified as an image", mime)
		}
	})
}
