package derive

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// declaring patches the SOF of a small real JPEG so that its header
// declares w×h: a header that promises far more pixels than the file holds.
func declaring(t *testing.T, w, h int) string {
	t.Helper()
	b, err := os.ReadFile(testmedia.Path(t, "cameras/Canon.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no baseline SOF in Canon.jpg")
	}
	// FFC0, length (2), precision (1), height (2), width (2).
	b[i+5], b[i+6], b[i+7], b[i+8] = byte(h>>8), byte(h), byte(w>>8), byte(w)
	path := filepath.Join(t.TempDir(), "declaring.jpg")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The pixel limit is checked from the header, before any decoding.
func TestMakePixelLimit(t *testing.T) {
	tests := []struct {
		name string
		path string
		max  int64
		want string
	}{
		{"camera photo under a small limit", testmedia.Path(t, "cameras/jolla.jpg"), 1e6,
			"image is 3264×2448 pixels, over the 1 MP limit"},
		{"613 bytes declaring 2820×3077", testmedia.Path(t, "broken/f8e19feecd246156b5d7e79efc455e99.jpg"), 8e6,
			"image is 2820×3077 pixels, over the 8 MP limit"},
		{"tiny file declaring 20000×20000, default limit", declaring(t, 20000, 20000), 0,
			"image is 20000×20000 pixels, over the 200 MP limit"},
		{"declared 65500×65500, default limit", declaring(t, 65500, 65500), 0,
			"image is 65500×65500 pixels, over the 200 MP limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Make(context.Background(), Source{Path: tt.path, Format: gallery.FormatJPEG}, gallery.Sizes, Limits{MaxPixels: tt.max})
			if !errors.Is(err, gallery.ErrRejected) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want a rejection saying %q", err, tt.want)
			}
			// Decoding 400 MP would take seconds and gigabytes.
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %v: the limit was not checked from the header", took)
			}
		})
	}
}

func TestHeaderDoesNotDecode(t *testing.T) {
	start := time.Now()
	w, h, err := Header(context.Background(), Source{Path: declaring(t, 60000, 50000), Format: gallery.FormatJPEG})
	if err != nil {
		t.Fatal(err)
	}
	if w != 60000 || h != 50000 {
		t.Errorf("got %d×%d, want 60000×50000", w, h)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v for a header", took)
	}
}

// A call stopped by Limits.Timeout or its context says so, stops early,
// and leaves libvips fit for the next call.
func TestMakeTimeout(t *testing.T) {
	path := writePhoto(t, t.TempDir(), 6000, 4000)
	src := Source{Path: path, Format: gallery.FormatJPEG}
	ctx := context.Background()

	start := time.Now()
	if _, err := Make(ctx, src, gallery.Sizes, Limits{}); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)

	t.Run("Limits.Timeout", func(t *testing.T) {
		timeout := max(full/8, time.Millisecond)
		start := time.Now()
		_, err := Make(ctx, src, gallery.Sizes, Limits{Timeout: timeout})
		took := time.Since(start)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "Limits.Timeout") {
			t.Fatalf("got %v, want an error naming the timeout", err)
		}
		if errors.Is(err, gallery.ErrRejected) {
			t.Errorf("got %v: a timeout is not the file's verdict", err)
		}
		if took >= full {
			t.Errorf("took %v with a %v timeout, as long as a whole call (%v): the watchdog did not stop libvips", took, timeout, full)
		}
		t.Logf("full call %v; stopped by a %v timeout after %v", full, timeout, took)
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		timer := time.AfterFunc(full/8, cancel)
		defer timer.Stop()
		_, err := Make(ctx, src, gallery.Sizes, Limits{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := Make(ctx, src, gallery.Sizes, Limits{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
	t.Run("next call", func(t *testing.T) {
		outs, err := Make(ctx, src, gallery.Sizes, Limits{Timeout: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			checkDims(t, o, 6000, 4000)
		}
	})
}

// Damaged data fails libvips' strict decode; Make then decodes leniently
// and says so, because a photo that lost its last rows is still worth
// seeing. Damage the decoder cannot see (a progressive JPEG cut at a scan
// boundary and closed with EOI) gives a sound-looking, blurrier picture.
func TestMakeTruncated(t *testing.T) {
	tests := []struct {
		file      string
		format    gallery.Format
		w, h      int
		truncated bool
	}{
		{"broken/truncated_jpeg.jpg", gallery.FormatJPEG, 100, 100, true},
		{"broken/truncated_image.png", gallery.FormatPNG, 640, 480, true},
		{"broken/broken_data_stream.png", gallery.FormatPNG, 128, 128, true},
		{"broken/video-001.progressive.truncated.jpeg", gallery.FormatJPEG, 150, 103, false},
		{"broken/truncated_app14.jpg", gallery.FormatJPEG, 100, 100, false}, // only extraneous bytes
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			outs, err := Make(context.Background(), Source{Path: testmedia.Path(t, tt.file), Format: tt.format}, gallery.ImportSizes(), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range outs {
				if o.Truncated != tt.truncated {
					t.Errorf("%s: got Truncated %v, want %v", o.Size.Name, o.Truncated, tt.truncated)
				}
			}
			if m := outs[2]; m.Width != tt.w || m.Height != tt.h {
				t.Errorf("got medium %d×%d, want %d×%d", m.Width, m.Height, tt.w, tt.h)
			}
		})
	}
}
