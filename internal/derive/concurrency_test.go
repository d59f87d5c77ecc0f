package derive

import (
	"bytes"
	"context"
	"fmt"
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

// Calls running side by side give exactly what they give alone.
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
					// Errors may borrow another call's libvips message
					// (the buffer is global); outputs never differ.
					if got != want[i] && !(isError(got) && isError(want[i])) {
						t.Errorf("worker %d, %s: got a different result than alone", w, f.rel)
					}
				}
			}
		})
	}
	wg.Wait()
}

func isError(r string) bool { return len(r) > 7 && r[:7] == "error: " }

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
