package media

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"imagier/internal/derive"
	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"photo.jpg", "photo.jpg"},
		{"line\nbreak.jpg", "line break.jpg"},
		{"latin1-\xe9t\xe9.jpg", "latin1-été.jpg"},
		{strings.Repeat("a", 255), strings.Repeat("a", 255)},
		{strings.Repeat("a", 300) + ".jpg", strings.Repeat("a", 251) + ".jpg"},
		// Two-byte characters: the cut falls between two of them.
		{strings.Repeat("é", 200) + ".jpeg", strings.Repeat("é", 125) + ".jpeg"},
		// Three-byte ones: the cut moves back to the start of one.
		{strings.Repeat("€", 100) + ".jpg", strings.Repeat("€", 83) + ".jpg"},
		// Latin-1 bytes double when read into UTF-8.
		{strings.Repeat("\xe9", 250) + ".jpg", strings.Repeat("é", 125) + ".jpg"},
		// A dot far from the end is no extension.
		{"a." + strings.Repeat("b", 300), "a." + strings.Repeat("b", 253)},
	}
	for _, tt := range tests {
		got := CleanName(tt.in)
		if got != tt.want {
			t.Errorf("CleanName(%.20q…): got %.20q… (%d bytes), want %.20q… (%d bytes)", tt.in, got, len(got), tt.want, len(tt.want))
		}
		if len(got) > maxNameBytes || !utf8.ValidString(got) {
			t.Errorf("CleanName(%.20q…): got %d bytes, valid UTF-8 %v", tt.in, len(got), utf8.ValidString(got))
		}
	}
}

// TestNamesEnterCapped imports files whose names are too long or not
// UTF-8, through an upload and through a folder imported with its folders
// as albums: the catalogue gets valid names of at most maxNameBytes.
func TestNamesEnterCapped(t *testing.T) {
	b, err := os.ReadFile(testmedia.Path(t, "cameras/Canon_40D.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	folder := filepath.Join(dir, "latin1-\xe9t\xe9")
	long := filepath.Join(folder, strings.Repeat("\xe9", 250)+".jpg") // 254 bytes on disk, 504 in UTF-8
	upload := filepath.Join(dir, "staged")
	for i, p := range []string{long, upload} {
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, append(slices.Clone(b), byte(i)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			rep, err := lib.Import(ctx, []string{folder}, ImportOptions{FoldersAsAlbums: true})
			if err != nil || rep.Imported != 1 {
				t.Fatalf("import: got %+v, %v; want one imported", rep, err)
			}
			o, _, reason, err := lib.ImportFile(ctx, upload, strings.Repeat("ü", 600)+".jpeg", FileOptions{})
			if err != nil || o != Imported {
				t.Fatalf("upload: got %q (%s), %v; want imported", o, reason, err)
			}
			for _, m := range allMedia(t, lib.store) {
				if len(m.Filename) > maxNameBytes || !utf8.ValidString(m.Filename) {
					t.Errorf("got file name %q (%d bytes), want valid UTF-8 of at most %d bytes", m.Filename, len(m.Filename), maxNameBytes)
				}
				if ext := filepath.Ext(m.Filename); ext != ".jpg" && ext != ".jpeg" {
					t.Errorf("got file name %q, want its extension kept", m.Filename)
				}
				for _, a := range m.Albums {
					if !utf8.ValidString(a) {
						t.Errorf("got album %q, want valid UTF-8", a)
					}
				}
			}
		})
	}
}

// TestEmptyFiles checks that an empty file is refused through every door,
// also when it was not empty when it was listed.
func TestEmptyFiles(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.jpg")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			o, key, reason, err := lib.ImportFile(ctx, empty, "empty.jpg", FileOptions{})
			if err != nil || o != Rejected || key != "" || !strings.Contains(reason, "empty") {
				t.Errorf("upload: got %q, key %q, reason %q, %v; want rejected as empty", o, key, reason, err)
			}
			// Listed at 8 KB, empty when read.
			var buf derive.Buffer
			defer buf.Free()
			o, _, err = lib.importOne(ctx, job{path: empty, name: "empty.jpg", size: 8 << 10}, &buf)
			if o != Rejected || !errors.Is(err, gallery.ErrRejected) || !strings.Contains(err.Error(), "empty") {
				t.Errorf("emptied after listing: got %q, %v; want rejected as empty", o, err)
			}
			if items := allMedia(t, lib.store); len(items) != 0 {
				t.Errorf("got %d items, want none", len(items))
			}
		})
	}
}
