package meta

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/testmedia"
)

func TestSidecars(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	write := func(path string) {
		t.Helper()
		if err := os.WriteFile(path, []byte("<x:xmpmeta/>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"x.jpg", "x.xmp", "x.jpg.xmp", "y.JPG", "Y.XMP", "y.jpg.Xmp", "z.png", "zz.xmp", ".xmp"} {
		write(filepath.Join(dir, name))
	}
	write(filepath.Join(other, "z.png.xmp"))
	write(filepath.Join(other, "z.xmp"))
	// A symlink named like a sidecar, pointing out of the folder: ignored.
	if err := os.Symlink(filepath.Join(other, "z.png.xmp"), filepath.Join(dir, "z.png.xmp")); err != nil {
		t.Fatal(err)
	}
	// A folder named like a sidecar: ignored.
	if err := os.Mkdir(filepath.Join(dir, "z.xmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		want []string
	}{
		{"x.jpg", []string{"x.jpg.xmp", "x.xmp"}},
		{"y.JPG", []string{"y.jpg.Xmp", "Y.XMP"}},
		{"z.png", nil},
		{"x.xmp", nil}, // a sidecar has no sidecar
		{"missing.jpg", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var want []string
			for _, w := range tt.want {
				want = append(want, filepath.Join(dir, w))
			}
			if diff := cmp.Diff(want, Sidecars(filepath.Join(dir, tt.file))); diff != "" {
				t.Errorf("Sidecars mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if got := Sidecars(filepath.Join(t.TempDir(), "nowhere", "a.jpg")); got != nil {
		t.Errorf("got %q for a missing folder, want nil", got)
	}
}

// TestSidecarPriority reads images with the sidecars Sidecars finds: the
// sidecar's XMP wins for descriptive fields and the date, the file keeps
// its camera and pixels.
func TestSidecarPriority(t *testing.T) {
	e := sharedExtractor(t)
	tests := []struct {
		file         string
		wantSidecars []string
		wantTaken    string
		wantKeywords []string
		wantMake     string
		wantSource   string // of the keywords
	}{
		{
			// XMP.xmp, an unrelated sample that shares the name, is taken
			// as XMP.jpg's sidecar: it wins, but the camera stays the file's.
			file: "iptc-xmp/XMP.jpg", wantSidecars: []string{"iptc-xmp/XMP.xmp"},
			wantTaken: "2005-06-09T20:09:27+02:00", wantKeywords: []string{"test1", "&-&amp;-&"},
			wantMake: "FUJIFILM", wantSource: "XMP-dc:Subject (XMP.xmp)",
		},
		{
			file: "iptc-xmp/BonTonARTSTORplusIPTC.jpg", wantSidecars: []string{"iptc-xmp/BonTonARTSTORplusIPTC.xmp"},
			wantTaken: "2007-11-19T00:00:00-08:00", wantSource: "XMP-dc:Subject (BonTonARTSTORplusIPTC.xmp)",
			wantKeywords: []string{"illustrations (layout features)", "fashion illustrations", "decorative arts",
				"domestic life", "genre", "Fashion and art", "Fashion design", "umbrella", "cloche", "peplum",
				"walking dress", "rain", "Art Deco", "Twentieth century"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			side := Sidecars(testmedia.Path(t, tt.file))
			var wantSide []string
			for _, s := range tt.wantSidecars {
				wantSide = append(wantSide, testmedia.Path(t, s))
			}
			if diff := cmp.Diff(wantSide, side); diff != "" {
				t.Fatalf("Sidecars mismatch (-want +got):\n%s", diff)
			}
			md := extract(t, e, tt.file, tt.wantSidecars...)
			if md.Taken == nil || md.Taken.Local.Format(time.RFC3339) != tt.wantTaken {
				t.Errorf("got taken %v, want %s", md.Taken, tt.wantTaken)
			}
			if diff := cmp.Diff(tt.wantKeywords, md.Keywords); diff != "" {
				t.Errorf("keywords mismatch (-want +got):\n%s", diff)
			}
			if got := md.Sources["keywords"]; got != tt.wantSource {
				t.Errorf("got keywords source %q, want %q", got, tt.wantSource)
			}
			if md.Make != tt.wantMake {
				t.Errorf("got make %q, want %q", md.Make, tt.wantMake)
			}
		})
	}
}

// TestCheckSidecar: the XMP sidecars photo tools write pass; an XXE
// document, a sidecar padded past the limit, XML that breaks off and text
// that is no XMP are refused, each with its reason.
func TestCheckSidecar(t *testing.T) {
	read := func(rel string) []byte {
		data, err := os.ReadFile(testmedia.Path(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for _, rel := range []string{"iptc-xmp/APhotoManager-exmaple.xmp", "iptc-xmp/digikam-example.xmp",
		"iptc-xmp/XMP.xmp", "iptc-xmp/BonTonARTSTORplusIPTC.xmp", "iptc-xmp/exiftool-9.74-example.xmp"} {
		if err := CheckSidecar(read(rel)); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
	}
	good := read("iptc-xmp/APhotoManager-exmaple.xmp")
	padded := append(append([]byte(nil), good...), bytes.Repeat([]byte(" "), MaxSidecarBytes)...)
	for _, tt := range []struct {
		name string
		data []byte
		want error
	}{
		{"XXE", read("malicious/Classic_XXE_-_etc_passwd.xml"), ErrSidecarEntities},
		{"too large", padded, ErrSidecarTooLarge},
		{"cut short", good[:len(good)/2], ErrSidecarNotXMP},
		{"an SVG", read("formats/XMP.svg"), ErrSidecarNotXMP},
		{"a JPEG", read("iptc-xmp/XMP.jpg"), ErrSidecarNotXMP},
		{"an undeclared entity", []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/">&xxe;</x:xmpmeta>`), ErrSidecarNotXMP},
		{"nested deep", []byte(strings.Repeat("<a>", 100) + `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>` + strings.Repeat("</a>", 100)), ErrSidecarNotXMP},
	} {
		if err := CheckSidecar(tt.data); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestSidecarOf pairs names as Sidecars pairs files on disk.
func TestSidecarOf(t *testing.T) {
	for _, tt := range []struct {
		name, sidecar string
		want          bool
	}{
		{"IMG_1.jpg", "IMG_1.jpg.xmp", true},
		{"IMG_1.jpg", "IMG_1.xmp", true},
		{"IMG_1.JPG", "img_1.XMP", true},
		{"IMG_1.nef", "IMG_1.xmp", true},
		{"IMG_1.jpg", "IMG_10.xmp", false},
		{"IMG_1.jpg", "IMG_1.nef.xmp", false},
		{"IMG_1.jpg", "IMG_1.jpg", false},
		{"IMG_1.xmp", "IMG_1.xmp", false},
		{"IMG_1", "IMG_1.xmp", true},
		{"IMG_1.jpg", ".xmp", false},
	} {
		if got := SidecarOf(tt.name, tt.sidecar); got != tt.want {
			t.Errorf("SidecarOf(%q, %q) = %v, want %v", tt.name, tt.sidecar, got, tt.want)
		}
	}
}

// FuzzCheckSidecar: whatever bytes come, CheckSidecar answers without
// panicking, and never lets through a document type declaration (where
// entities live) or more than MaxSidecarBytes.
func FuzzCheckSidecar(f *testing.F) {
	for _, rel := range []string{"iptc-xmp/APhotoManager-exmaple.xmp", "iptc-xmp/XMP5.xmp", "malicious/Classic_XXE_-_etc_passwd.xml", "malicious/entityTest.svg"} {
		data, err := os.ReadFile(testmedia.Path(f, rel))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := CheckSidecar(data)
		if err == nil && (len(data) > MaxSidecarBytes || bytes.Contains(data, []byte("<!DOCTYPE")) || bytes.Contains(data, []byte("<!ENTITY"))) {
			t.Errorf("accepted %q", data)
		}
	})
}
