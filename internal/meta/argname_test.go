package meta

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"imagier/internal/testmedia"
)

// TestAwkwardNames copies a real photo and a sidecar under names that
// exiftool's line-based argument file would misread (an option, a
// comment, two arguments, trimmed white space) and checks that Extract
// reads the right files.
func TestAwkwardNames(t *testing.T) {
	e := sharedExtractor(t)
	photo, err := os.ReadFile(testmedia.Path(t, "cameras/Canon_40D.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	xmp, err := os.ReadFile(testmedia.Path(t, "iptc-xmp/XMP.xmp"))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{
		"-ver.jpg",
		"-execute",
		"#comment.jpg",
		"line\nbreak.jpg",
		"-stay_open\nFalse\n.jpg",
		"carriage return\r",
		"  leading and trailing spaces  ",
		"latin1-\xe9.jpg",
		"Crémieux.jpg",
	}
	dir := t.TempDir()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			sidecar := path + ".xmp"
			if err := os.WriteFile(path, photo, 0o644); err != nil {
				t.Skipf("this file system refuses the name: %v", err)
			}
			if err := os.WriteFile(sidecar, xmp, 0o644); err != nil {
				t.Fatal(err)
			}
			rel, err := filepath.Rel(".", path) // relative names too
			if err != nil {
				rel = path
			}
			md, err := e.Extract(context.Background(), rel, sidecar)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if md.Model != "Canon EOS 40D" {
				t.Errorf("got model %q, want %q", md.Model, "Canon EOS 40D")
			}
			if got := md.Copyright.Default("fr"); got != "© Droit d'auteur Phil Harvey" {
				t.Errorf("got sidecar copyright %q, want the sidecar's French text", got)
			}
		})
	}
}

func TestPlainArg(t *testing.T) {
	tests := []struct {
		arg  string
		want bool
	}{
		{"/photos/a b.jpg", true},
		{"/photos/Crémieux.jpg", true},
		{"-x.jpg", false},
		{"#x", false},
		{"/a\nb", false},
		{"/a\r", false},
		{"/a ", false},
		{"/\xe9", false},
		{"/a\u0085b", false},
	}
	for _, tt := range tests {
		if got := plainArg(tt.arg); got != tt.want {
			t.Errorf("plainArg(%q): got %v, want %v", tt.arg, got, tt.want)
		}
	}
}
