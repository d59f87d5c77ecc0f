package derive

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// Every file of formats/ that the importer can hand to derive, by the
// format its bytes say, gives a medium or an error that says why.
func TestMakeFormats(t *testing.T) {
	const (
		jpg  = gallery.FormatJPEG
		pngf = gallery.FormatPNG
		gif  = gallery.FormatGIF
		webp = gallery.FormatWebP
		heif = gallery.FormatHEIF
		tiff = gallery.FormatTIFF
	)
	tests := []struct {
		file      string
		format    gallery.Format
		w, h      int    // the medium's size; 0 when an error is expected
		truncated bool   // decoded leniently
		why       string // why it fails, or what it exercises
	}{
		{"video-001.progressive.jpeg", jpg, 150, 103, false, "progressive JPEG"},
		{"video-001.restart2.jpeg", jpg, 150, 103, false, "restart markers"},
		{"video-001.q50.410.jpeg", jpg, 150, 103, false, "4:1:0 chroma"},
		{"video-001.cmyk.jpeg", jpg, 150, 103, false, "CMYK, Adobe APP14, no profile"},
		{"pil_sample_cmyk.jpg", jpg, 100, 100, false, "CMYK with a profile"},
		{"testimgari.jpg", jpg, 227, 149, false, "arithmetic coding"},
		{"monkey12.jpg", jpg, 0, 0, false, "12-bit JPEG: libjpeg-turbo is built for 8 bits"},
		{"jpg-24bit-icc-adobe-rgb.jpg", jpg, 792, 526, false, "Adobe RGB profile"},
		{"icc_profile_big.jpg", jpg, 425, 250, false, "ICC split over many APP2"},
		{"sample-xyb.jpg", jpg, 290, 442, false, "JPEG XYB: LUT profile"},
		{"ultrahdr.jpg", jpg, 446, 792, true, "Ultra HDR whose primary image lacks its last bytes (djpeg agrees)"},
		{"frozenpond.mpo", jpg, 640, 480, false, "MPO: first image"},
		{"sugarshack.mpo", jpg, 640, 480, false, "MPO: first image"},
		{"Issue_247-1.nef", jpg, 527, 792, false, "a JPEG named .nef"},
		{"basn0g16.png", pngf, 32, 32, false, "16-bit grey"},
		{"basn2c16.png", pngf, 32, 32, false, "16-bit RGB"},
		{"basn4a16.png", pngf, 32, 32, false, "16-bit grey and alpha"},
		{"basn6a16.png", pngf, 32, 32, false, "16-bit RGBA"},
		{"monkey16.png", pngf, 149, 227, false, "16-bit"},
		{"mode_16bit.png", pngf, 128, 64, false, "16-bit APNG: first frame"},
		{"iss634.apng", pngf, 245, 245, false, "APNG: first frame"},
		{"transparent.png", pngf, 200, 150, false, "alpha, flattened on white"},
		{"animated-red-blue.gif", gif, 64, 48, false, "animated GIF: first frame"},
		{"iss634.gif", gif, 245, 245, false, "animated GIF: first frame"},
		{"hopper.gif", gif, 128, 128, false, "still GIF"},
		{"Animation_Lossy.webp", webp, 320, 240, false, "animated WebP: first frame"},
		{"anim_frame1.webp", webp, 82, 82, false, "animated WebP"},
		{"Alpha_Lossless_2.webp", webp, 386, 395, false, "lossless WebP with alpha"},
		{"big-height.webp", webp, 13, 169, false, "animated WebP, tall"},
		{"looks-like-svg.webp", webp, 256, 256, false, "WebP that libvips once took for SVG"},
		{"IMG_5195.HEIC", heif, 613, 792, false, "iPhone HEIC"},
		{"exif-at-eof.heic", heif, 594, 792, false, "HEIC with EXIF at the end"},
		{"samplefilehub.heif", heif, 640, 426, false, "HEIF"},
		{"exif.avif", heif, 512, 512, false, "AVIF"},
		{"star.avifs", heif, 159, 159, false, "AVIF sequence: primary image"},
		{"17000x17000.avif", heif, 0, 0, false, "declares 17000×17000: over libheif's own limit, refused before decoding"},
		{"hopper_lzw.tif", tiff, 128, 128, false, "LZW TIFF"},
		{"hopper.Lab.tif", tiff, 128, 128, false, "CIELab TIFF"},
		{"16bit.cropped.tif", tiff, 64, 64, false, "16-bit grey TIFF"},
		{"multipage.tiff", tiff, 10, 10, false, "multi-page TIFF: first page"},
		{"BigTIFF.tif", tiff, 64, 64, false, "BigTIFF, little-endian"},
		{"BigTIFFMotorola.tif", tiff, 64, 64, false, "BigTIFF, big-endian"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := testmedia.Path(t, "formats/"+tt.file)
			outs, err := Make(context.Background(), Source{Path: path, Format: tt.format},
				gallery.ImportSizes(), Limits{Timeout: time.Minute})
			// The importer decodes from the bytes it read into a Buffer:
			// the same file from memory gives the same outcome, byte for byte.
			fromMemory, memErr := makeFromBuffer(t, Source{Path: path, Format: tt.format})
			if (err == nil) != (memErr == nil) {
				t.Errorf("from the file: %v; from memory: %v", err, memErr)
			}
			for i := range min(len(outs), len(fromMemory)) {
				if !bytes.Equal(outs[i].JPEG, fromMemory[i].JPEG) || outs[i].Truncated != fromMemory[i].Truncated {
					t.Errorf("%s from memory differs from the file's", outs[i].Size.Name)
				}
			}
			if tt.w == 0 {
				if !errors.Is(err, gallery.ErrRejected) {
					t.Fatalf("got error %v, want a rejection (%s)", err, tt.why)
				}
				t.Logf("rejected as expected (%s): %v", tt.why, err)
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.why, err)
			}
			medium := outs[2]
			if medium.Width != tt.w || medium.Height != tt.h {
				t.Errorf("got medium %d×%d, want %d×%d", medium.Width, medium.Height, tt.w, tt.h)
			}
			if medium.Truncated != tt.truncated {
				t.Errorf("got Truncated %v, want %v", medium.Truncated, tt.truncated)
			}
			decodeRGBA(t, medium.JPEG)
		})
	}
}

// makeFromBuffer reads src's file into a Buffer and makes the import sizes
// from there.
func makeFromBuffer(t *testing.T, src Source) ([]Output, error) {
	t.Helper()
	f, err := os.Open(src.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	var buf Buffer
	defer buf.Free()
	if err := buf.ReadFull(f, fi.Size()); err != nil {
		t.Fatal(err)
	}
	src.Buffer = &buf
	return Make(context.Background(), src, gallery.ImportSizes(), Limits{Timeout: time.Minute})
}

// Colour comes out as 8-bit sRGB whatever it went in as.
func TestMakeColour(t *testing.T) {
	t.Run("CMYK corners", func(t *testing.T) {
		// Pillow's test of this file: the top left is pure red ink,
		// the bottom right nearly black.
		img := decodeRGBA(t, makeOne(t, "formats/pil_sample_cmyk.jpg", gallery.FormatJPEG, "medium").JPEG)
		if c := img.RGBAAt(0, 0); c.R < 200 || c.G > 80 || c.B > 80 {
			t.Errorf("got top left %v, want red", c)
		}
		if c := img.RGBAAt(99, 99); c.R > 60 || c.G > 60 || c.B > 60 {
			t.Errorf("got bottom right %v, want nearly black", c)
		}
	})
	t.Run("CMYK without profile", func(t *testing.T) {
		// The fixture was made from video-001 by the naive formula and
		// has no profile; libvips renders it through its default CMYK
		// profile, which is richer than the naive inverse (about 26).
		// Inverted Adobe CMYK, the classic bug, is over 100.
		cmyk := decodeRGBA(t, makeOne(t, "formats/video-001.cmyk.jpeg", gallery.FormatJPEG, "medium").JPEG)
		rgb := decodeRGBA(t, makeOne(t, "formats/video-001.progressive.jpeg", gallery.FormatJPEG, "medium").JPEG)
		if d := mad(t, cmyk, rgb, nil); d > 35 {
			t.Errorf("got mean difference %.1f from the RGB original, want at most 35", d)
		}
	})
	t.Run("Lab TIFF", func(t *testing.T) {
		lab := decodeRGBA(t, makeOne(t, "formats/hopper.Lab.tif", gallery.FormatTIFF, "medium").JPEG)
		rgb := decodeRGBA(t, makeOne(t, "formats/hopper_lzw.tif", gallery.FormatTIFF, "medium").JPEG)
		if d := mad(t, lab, rgb, nil); d > 10 {
			t.Errorf("got mean difference %.1f from the RGB TIFF, want at most 10", d)
		}
	})
	for _, f := range []string{"basn0g16.png", "basn2c16.png", "basn4a16.png", "basn6a16.png", "transparent.png"} {
		t.Run(f, func(t *testing.T) {
			// The standard library decodes 16-bit PNG and alpha
			// exactly; toRGBA flattens on white as derive does.
			r, err := os.Open(testmedia.Path(t, "formats/"+f))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			want, err := png.Decode(r)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeRGBA(t, makeOne(t, "formats/"+f, gallery.FormatPNG, "medium").JPEG)
			if d := mad(t, got, toRGBA(want), nil); d > 8 {
				t.Errorf("got mean difference %.1f from the PNG, want at most 8", d)
			}
		})
	}
	t.Run("Adobe RGB", testAdobeRGB)
	t.Run("JPEG XYB", func(t *testing.T) {
		// A wheat field: rendered without its profile, or with an
		// intent the profile lacks, it turns green and purple.
		img := decodeRGBA(t, makeOne(t, "formats/sample-xyb.jpg", gallery.FormatJPEG, "medium").JPEG)
		m := meanRGB(img)
		// Rendered right, red leads (127, 118, 109); with the relative
		// intent the mean is (97, 126, 103).
		if m[0] < m[1]+5 || m[0] < m[2]+10 {
			t.Errorf("got mean colour %.0f, want wheat (red above green and blue)", m)
		}
	})
}

// testAdobeRGB checks the file's mean colour against the Adobe RGB (1998)
// to sRGB conversion, computed here from the two standards' primaries and
// curves rather than by a colour engine.
func testAdobeRGB(t *testing.T) {
	const rel = "formats/jpg-24bit-icc-adobe-rgb.jpg"
	raw := decodeFileRGBA(t, rel) // the standard library ignores ICC
	got := meanRGB(decodeRGBA(t, makeOne(t, rel, gallery.FormatJPEG, "medium").JPEG))

	// Every third pixel is plenty for a mean, and keeps -race quick.
	var sum [3]float64
	var n float64
	for i := 0; i < len(raw.Pix); i += 3 * 4 {
		c := adobeToSRGB([3]float64{float64(raw.Pix[i]), float64(raw.Pix[i+1]), float64(raw.Pix[i+2])})
		for k := range sum {
			sum[k] += c[k]
		}
		n++
	}
	want := [3]float64{sum[0] / n, sum[1] / n, sum[2] / n}
	untransformed := meanRGB(raw)
	t.Logf("got %.1f, want %.1f, untransformed %.1f", got, want, untransformed)
	// Resizing before converting moves the mean a little: measured 0.3.
	const tolerance = 1.5
	far := 0.0
	for k := range want {
		if math.Abs(got[k]-want[k]) > tolerance {
			t.Errorf("channel %d: got mean %.1f, want %.1f±%g", k, got[k], want[k], tolerance)
		}
		far = max(far, math.Abs(untransformed[k]-want[k]))
	}
	// Otherwise the test would pass without any colour management.
	if far < 3*tolerance {
		t.Fatalf("untransformed means are at most %.1f from the sRGB ones: the file cannot tell", far)
	}
}

func adobeToSRGB(c [3]float64) [3]float64 {
	var lin [3]float64
	for k := range c {
		lin[k] = math.Pow(c[k]/255, 563.0/256)
	}
	// Adobe RGB (1998) to XYZ, then XYZ to linear sRGB; both D65.
	x := 0.5767309*lin[0] + 0.1855540*lin[1] + 0.1881852*lin[2]
	y := 0.2973769*lin[0] + 0.6273491*lin[1] + 0.0752741*lin[2]
	z := 0.0270343*lin[0] + 0.0706872*lin[1] + 0.9911085*lin[2]
	s := [3]float64{
		3.2404542*x - 1.5371385*y - 0.4985314*z,
		-0.9692660*x + 1.8760108*y + 0.0415560*z,
		0.0556434*x - 0.2040259*y + 1.0572252*z,
	}
	for k := range s {
		v := math.Min(1, math.Max(0, s[k]))
		if v <= 0.0031308 {
			v *= 12.92
		} else {
			v = 1.055*math.Pow(v, 1/2.4) - 0.055
		}
		s[k] = v * 255
	}
	return s
}

func meanRGB(img *image.RGBA) [3]float64 {
	var sum [3]float64
	for i := 0; i < len(img.Pix); i += 4 {
		for k := range sum {
			sum[k] += float64(img.Pix[i+k])
		}
	}
	n := float64(len(img.Pix) / 4)
	return [3]float64{sum[0] / n, sum[1] / n, sum[2] / n}
}

// Every file in broken/ and malicious/ gives outputs or a rejection that
// says why; none crashes or hangs. Files whose bytes name no format of ours
// (SVG, MVG, ZIP, XML, PPM…) are tried with every loader, and each must
// refuse them: only the loader named by the caller ever runs, and Init has
// blocked the rest, the SVG loader first.
func TestMakeHostileFiles(t *testing.T) {
	for _, dir := range []string{"broken", "malicious"} {
		entries, err := os.ReadDir(testmedia.Path(t, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			rel := dir + "/" + e.Name()
			t.Run(rel, func(t *testing.T) {
				t.Parallel()
				path := testmedia.Path(t, rel)
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				f, known := sniff(b)
				formats := []gallery.Format{f}
				if !known {
					formats = loaderFormats
				}
				for _, f := range formats {
					checkHostile(t, Source{Path: path, Format: f}, known)
				}
			})
		}
	}
}

func checkHostile(t *testing.T, src Source, known bool) {
	t.Helper()
	const timeout = 30 * time.Second
	start := time.Now()
	outs, err := Make(context.Background(), src, gallery.ImportSizes(), Limits{Timeout: timeout})
	took := time.Since(start)
	switch {
	case err == nil && !known:
		t.Errorf("%s loader accepted a file that is not %[1]s", src.Format)
	case err == nil:
		for _, o := range outs {
			decodeRGBA(t, o.JPEG)
		}
		t.Logf("%s: medium %d×%d, truncated %v, in %v", src.Format, outs[2].Width, outs[2].Height, outs[2].Truncated, took.Round(time.Millisecond))
	case errors.Is(err, context.DeadlineExceeded):
		t.Errorf("%s: hung until the %v timeout", src.Format, timeout)
	case !errors.Is(err, gallery.ErrRejected):
		t.Errorf("%s: got error %v, want a rejection", src.Format, err)
	case !strings.Contains(err.Error(), string(src.Format)) && !strings.Contains(err.Error(), "limit"):
		t.Errorf("%s: error %q does not say which step failed", src.Format, err)
	default:
		if known {
			t.Logf("%s: %v", src.Format, err)
		}
	}
}

// Init blocks every loader but ours, and the untrusted ones above all.
func TestInitBlocksLoaders(t *testing.T) {
	if err := Init(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"svgload", "svgload_buffer", "svgload_source", "magickload", "magickload_buffer", "pdfload", "jpegload_source", "gifload_source" /* not ours either */} {
		if got := operationBlocked(name); got == 0 {
			t.Errorf("%s: not blocked", name)
		}
	}
	for _, name := range []string{"jpegload", "pngload", "gifload", "webpload", "heifload", "tiffload",
		"jpegload_buffer", "pngload_buffer", "gifload_buffer", "webpload_buffer", "heifload_buffer", "tiffload_buffer"} {
		if got := operationBlocked(name); got != 0 {
			t.Errorf("%s: got blocked state %d, want 0", name, got)
		}
	}
}

func TestMakeBadRequests(t *testing.T) {
	jolla := testmedia.Path(t, "cameras/jolla.jpg")
	tests := []struct {
		name  string
		src   Source
		sizes []gallery.Size
		want  error
	}{
		{"unknown format", Source{Path: jolla, Format: "svg"}, gallery.ImportSizes(), gallery.ErrInvalid},
		{"no sizes", Source{Path: jolla, Format: gallery.FormatJPEG}, nil, gallery.ErrInvalid},
		{"zero size", Source{Path: jolla, Format: gallery.FormatJPEG}, []gallery.Size{{Name: "zero"}}, gallery.ErrInvalid},
		{"missing file", Source{Path: filepath.Join(t.TempDir(), "gone.jpg"), Format: gallery.FormatJPEG}, gallery.ImportSizes(), os.ErrNotExist},
		{"directory", Source{Path: t.TempDir(), Format: gallery.FormatJPEG}, gallery.ImportSizes(), gallery.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Make(context.Background(), tt.src, tt.sizes, Limits{})
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
			if errors.Is(err, gallery.ErrRejected) {
				t.Errorf("got %v: the file is not to blame", err)
			}
		})
	}
}
