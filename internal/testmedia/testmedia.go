// Package testmedia finds the shared real-world test files and parses their
// MANIFEST.tsv, so that every package's tests read the same expected facts.
// It is imported by tests only.
package testmedia

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the folder of shared test media: $IMAGIER_TESTDATA when set,
// else shared/testdata beside the module's root folder. It skips the test
// when the folder is missing, and fails it under CI.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("IMAGIER_TESTDATA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(filepath.Dir(d), "shared", "testdata")
			if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); err != nil {
				if os.Getenv("CI") != "" {
					// CI must never pass by skipping what it cannot find.
					t.Fatalf("shared test media not found at %s", dir)
				}
				t.Skipf("shared test media not found at %s", dir)
			}
			return dir
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", wd)
		}
	}
}

// Path returns the path of a file named relative to Dir, e.g.
// "cameras/Canon_40D.jpg".
func Path(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(Dir(t), filepath.FromSlash(rel))
}

// Entry is one row of MANIFEST.tsv. Empty strings mean exiftool found no
// value. DateTaken keeps exiftool's text and source tag, e.g.
// "2008:05:30 15:56:01 [ExifIFD:DateTimeOriginal]".
type Entry struct {
	Path        string
	SHA256      string
	Size        string
	FileType    string
	Make        string
	Model       string
	DateTaken   string
	Orientation string
	GPSLat      string
	GPSLon      string
	Keywords    string
	Width       string
	Height      string
	Extra       string
	Exercises   string
}

// Manifest parses MANIFEST.tsv.
func Manifest(t testing.TB) []Entry {
	t.Helper()
	f, err := os.Open(filepath.Join(Dir(t), "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		t.Fatalf("MANIFEST.tsv header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var out []Entry
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("MANIFEST.tsv: %v", err)
		}
		get := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		out = append(out, Entry{
			Path: get("path"), SHA256: get("sha256"), Size: get("size_bytes"),
			FileType: get("file_type"), Make: get("make"), Model: get("model"),
			DateTaken: get("date_taken"), Orientation: get("orientation"),
			GPSLat: get("gps_lat"), GPSLon: get("gps_lon"), Keywords: get("keywords"),
			Width: get("width"), Height: get("height"), Extra: get("extra"),
			Exercises: get("exercises"),
		})
	}
	return out
}
