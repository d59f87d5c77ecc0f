package derive

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// A mix of sound, damaged and refused files in every format.
var mixedFiles = []struct {
	rel    string
	format gallery.Format
}{
	{"cameras/jolla.jpg", gallery.FormatJPEG},
	{"orientation/landscape_6.jpg", gallery.FormatJPEG},
	{"formats/pil_sample_cmyk.jpg", gallery.FormatJPEG},
	{"broken/truncated_jpeg.jpg", gallery.FormatJPEG},
	{"broken/f8e19feecd246156b5d7e79efc455e99.jpg", gallery.FormatJPEG},
	{"formats/basn6a16.png", gallery.FormatPNG},
	{"broken/truncated_image.png", gallery.FormatPNG},
	{"formats/iss634.gif", gallery.FormatGIF},
	{"formats/Animation_Lossy.webp", gallery.FormatWebP},
	{"formats/exif.avif", gallery.FormatHEIF},
	{"formats/17000x17000.avif", gallery.FormatHEIF},
	{"formats/hopper.Lab.tif", gallery.FormatTIFF},
}

// result is what a call gave, in a form that compares.
func result(outs []Output, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var b bytes.Buffer
	for _, o := range outs {
		fmt.Fprintf(&b, "%s %d×%d %v %x\n", o.Size.Name, o.Width, o.Height, o.Truncated, o.JPEG)
	}
	return b.String()
}

// Calls running side by side give exactly what they give alone, errors
// included.
func TestMakeConcurrent(t *testing.T) {
	ctx := context.Background()
	want := make([]string, len(mixedFiles))
	for i, f := range mixedFiles {
		want[i] = result(Make(ctx, Source{Path: testmedia.Path(t, f.rel), Format: f.format}, gallery.Sizes, Limits{}))
	}
	const workers = 4
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for round := range 2 {
				for k := range mixedFiles {
					i := (k + w + round) % len(mixedFiles) // a different order in each worker
					f := mixedFiles[i]
					got := result(Make(ctx, Source{Path: testmedia.Path(t, f.rel), Format: f.format}, gallery.Sizes, Limits{}))
					if got != want[i] {
						t.Errorf("worker %d, %s: got a different result than alone", w, f.rel)
					}
				}
			}
		})
	}
	wg.Wait()
}

// Broken files whose rejections each name a problem of their own, a
// truncated one that decodes leniently, and sound files, some of which
// leave messages in libvips' error buffer although they decode (HEIF's
// "bad seek").
var distinctFiles = []struct {
	rel    string
	format gallery.Format
}{
	{"broken/194531363df5b73f59c4c0517422f917.jpg", gallery.FormatJPEG},
	{"broken/beach.jpg", gallery.FormatJPEG},
	{"broken/c3018ebe53d0046eecb58858ca869a99.jpg", gallery.FormatJPEG},
	{"broken/gofuzz-jpeg-00456de89b80d51dd4dd73dd92b844e1ecef8d15-3", gallery.FormatJPEG},
	{"broken/huge_tag_exif.jpg", gallery.FormatJPEG},
	{"broken/IllegalArgumentException.HeifReader.processBoxes.heif", gallery.FormatHEIF},
	{"broken/uaf_heif_context.h_117_1.heic", gallery.FormatHEIF},
	{"broken/no-frames.gif", gallery.FormatGIF},
	{"broken/gofuzz-gif-079bbc3eac7929c9538f67898c0f765fa80c527e-11", gallery.FormatGIF},
	{"broken/gofuzz-webp-044aa866bb634fd108a080be1e44e1ae4ec002ae-21", gallery.FormatWebP},
	{"broken/gofuzz-tiff-0c3fc9143b360ea6057f50cf72fe8141d3dd17ed-8", gallery.FormatTIFF},
	{"broken/seek_too_large.tif", gallery.FormatTIFF},
	{"broken/truncated_jpeg.jpg", gallery.FormatJPEG},
	{"cameras/Canon.jpg", gallery.FormatJPEG},
	{"orientation/landscape_6.jpg", gallery.FormatJPEG},
	{"formats/exif.avif", gallery.FormatHEIF},
	{"formats/basn6a16.png", gallery.FormatPNG},
}

// Each call's rejection names its own file's problem and nothing else,
// however many calls fail at once: libvips keeps one error buffer for the
// whole process, and a reason used to borrow lines from another file's
// failure, or lose its own to a call that cleared the buffer.
func TestMakeConcurrentErrors(t *testing.T) {
	ctx := context.Background()
	sizes := gallery.ImportSizes()[:1]
	alone := make([]string, len(distinctFiles))
	for i, f := range distinctFiles {
		alone[i] = result(Make(ctx, Source{Path: testmedia.Path(t, f.rel), Format: f.format}, sizes, Limits{}))
	}
	// Alone, each reason is its own: it differs from every other and
	// names no other file.
	for i, r := range alone {
		for j, f := range distinctFiles {
			if j != i && (r == alone[j] || strings.Contains(r, filepath.Base(f.rel))) {
				t.Fatalf("%s alone gives %q, which is not its own (%s: %q)", distinctFiles[i].rel, r, f.rel, alone[j])
			}
		}
	}
	const workers, rounds = 6, 2
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for round := range rounds {
				for k := range distinctFiles {
					i := (k*(w+1) + round) % len(distinctFiles)
					f := distinctFiles[i]
					got := result(Make(ctx, Source{Path: testmedia.Path(t, f.rel), Format: f.format}, sizes, Limits{}))
					if got != alone[i] {
						t.Errorf("%s: got %.300q beside other calls, want %.300q as alone", f.rel, got, alone[i])
					}
				}
			}
		})
	}
	wg.Wait()
}

// Every call gives back what it took: images, open files and pixel
// memory, whether it succeeds, fails or is stopped.
func TestMakeReleasesEverything(t *testing.T) {
	ctx := context.Background()
	photo := writePhoto(t, t.TempDir(), 3000, 2000)
	run := func() {
		for _, f := range mixedFiles {
			Make(ctx, Source{Path: testmedia.Path(t, f.rel), Format: f.format}, gallery.Sizes, Limits{})
			Probe(ctx, Source{Path: testmedia.Path(t, f.rel), Format: f.format})
		}
		Make(ctx, Source{Path: photo, Format: gallery.FormatJPEG}, gallery.Sizes, Limits{Timeout: 5 * time.Millisecond})
	}
	run() // libvips sets up its per-thread buffers on first use
	before := CurrentUsage()
	for range 3 {
		run()
	}
	after := CurrentUsage()
	if after.Images != before.Images {
		t.Errorf("got %d libvips images alive, want %d", after.Images, before.Images)
	}
	if after.Files != before.Files {
		t.Errorf("got %d open files, want %d", after.Files, before.Files)
	}
	// Each thread that ran libvips keeps a few pixel buffers for reuse
	// (measured: up to 18, 3.3 MB, for these files) until it exits, and
	// Go may run a call on any thread: allow for that, not for a lost
	// image, which would hold the whole intermediate.
	const threadBuffers = 32 << 20
	if after.Memory > before.Memory+threadBuffers {
		t.Errorf("got %d bytes of pixel memory, want at most %d", after.Memory, before.Memory+threadBuffers)
	}
	t.Logf("before %+v, after %+v", before, after)
}
