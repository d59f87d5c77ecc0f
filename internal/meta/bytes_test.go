package meta

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/testmedia"
)

// TestReadNativeBytes reads every file of the shared media with Imagier's
// own readers both ways, from the bytes an importer holds and from the
// path alone: what they find, the fast reader's reading or deferral
// included, must be the same.
func TestReadNativeBytes(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(testmedia.Dir(t), "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fromPath, err := readNative(path, nil)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		fromBytes, err := readNative(path, data)
		if err != nil {
			t.Fatalf("%s: from bytes: %v", path, err)
		}
		if fmt.Sprint(fromPath.jpegErr) != fmt.Sprint(fromBytes.jpegErr) {
			t.Errorf("%s: fast reader's deferral %v from the path, %v from the bytes", path, fromPath.jpegErr, fromBytes.jpegErr)
		}
		fromPath.jpegErr, fromBytes.jpegErr = nil, nil
		if !reflect.DeepEqual(fromPath, fromBytes) {
			t.Errorf("%s: read from the bytes, got %+v; from the path, %+v", path, fromBytes, fromPath)
		}
	}
}

// TestExtractBytesAgrees reads a few files, each through a different
// reader or path, from their bytes and from their path: the Metadata must
// be the same.
func TestExtractBytesAgrees(t *testing.T) {
	e := sharedExtractor(t)
	for _, rel := range []string{
		"cameras/Canon_40D.jpg",  // the fast reader
		"cameras/OlympusE1.jpg",  // exiftool, for its maker notes
		"iptc-xmp/Issue_614.jpg", // Latin-1 IPTC
		"iptc-xmp/XMP.jpg",       // with its sidecar
		"broken/194531363df5b73f59c4c0517422f917.jpg",
		"orientation/rot1mir0.avif",
		"video/with-gps.mov",
		"pdf/minimal-document.pdf",
	} {
		path := testmedia.Path(t, rel)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		side := Sidecars(path)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		fromPath, err := e.Extract(ctx, path, side...)
		if err != nil {
			t.Errorf("%s: Extract: %v", rel, err)
		}
		fromBytes, err := e.ExtractBytes(ctx, path, data, side...)
		cancel()
		if err != nil {
			t.Errorf("%s: ExtractBytes: %v", rel, err)
		}
		if diff := cmp.Diff(fromPath, fromBytes); diff != "" {
			t.Errorf("%s: ExtractBytes disagrees with Extract (-path +bytes):\n%s", rel, diff)
		}
	}
}

// TestExtractBytesReadsOnce gives ExtractBytes the bytes of a photo the
// fast reader reads and a path where no file is: the metadata comes from
// the bytes, and nothing is opened.
func TestExtractBytesReadsOnce(t *testing.T) {
	e := sharedExtractor(t)
	data, err := os.ReadFile(testmedia.Path(t, "cameras/Canon_40D.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "Canon_40D.jpg")
	md, err := e.ExtractBytes(context.Background(), missing, data)
	if err != nil {
		t.Fatalf("ExtractBytes: %v", err)
	}
	if md.Model != "Canon EOS 40D" || md.Sources["reader"] != "imagier" {
		t.Errorf("got model %q read by %q, want Canon EOS 40D read by imagier", md.Model, md.Sources["reader"])
	}
	if _, err := e.Extract(context.Background(), missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Extract of the missing path: got %v, want it not found", err)
	}
}
