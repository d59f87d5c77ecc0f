package meta

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// nativeOf reads from memory what readNative reads from a file.
func nativeOf(data []byte) native {
	n, _ := readNative("fuzz.jpg", data) // never fails on bytes in memory
	return n
}

// FuzzFastJPEG feeds the fast reader mutations of the shared JPEG files
// (and of a few XMP packets wrapped in a JPEG): it must never panic nor
// take long, and what it reads must come out clean.
func FuzzFastJPEG(f *testing.F) {
	dir := testmedia.Dir(f)
	for _, rel := range sharedJPEGs(f) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			f.Fatal(err)
		}
		// The metadata lives in the head; long image data only slows the
		// fuzzer down.
		f.Add(b[:min(len(b), 128<<10)])
	}
	xmps, err := filepath.Glob(filepath.Join(dir, "*", "*.xmp"))
	if err != nil {
		f.Fatal(err)
	}
	for _, x := range xmps {
		b, err := os.ReadFile(x)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 60000 {
			f.Add(jpegWith(app1XMP(b)))
		}
	}
	f.Add(jpegWith())
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		n := nativeOf(data)
		doc, err := fastFile("fuzz.jpg", n)
		if err == nil {
			md, err := fastMetadata(doc, nil, n, gallery.Metadata{Kind: n.kind, Format: n.format, MIME: n.mime})
			if err == nil {
				checkClean(t, "fuzz", md)
			}
		}
		_ = readXMP(data, newTags("fuzz.xmp")) // the bytes as a sidecar: only must not panic
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %s", d)
		}
	})
}
