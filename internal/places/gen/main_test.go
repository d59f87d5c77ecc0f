package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/places"
)

// TestGenerate: the generator compacts export.js's TSV into a file the
// server reads back, and refuses input that is not that TSV.
func TestGenerate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "places.gz")
	tsv := "R\tFR\t84\tAuvergne-Rhône-Alpes\tAuvergne-Rhône-Alpes\n" +
		"P\tLyon\tFR\t84\t45.74846\t4.84671\tPPLA\t472317\n" +
		"P\tVilleurbanne\tFR\t84\t45.76601\t4.8795\tPPLA3\t147192\n"
	if err := run(strings.NewReader(tsv), out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	g := places.FromBytes(b)
	if got, want := g.Nearest(45.7578, 4.832), (gallery.Place{City: "Lyon", Region: "Auvergne-Rhône-Alpes", Country: "FR"}); got != want {
		t.Errorf("Nearest = %+v, want %+v", got, want)
	}
	for _, bad := range []string{"", "R\tFR\n", "P\tLyon\tFR\t84\tnorth\t4.8\tPPL\t1\n", "R\tFR\t84\tA\tB\n"} {
		if err := run(strings.NewReader(bad), out); err == nil {
			t.Errorf("run(%q) succeeded", bad)
		}
	}
	if b2, _ := os.ReadFile(out); string(b2) != string(b) {
		t.Error("a failed run replaced the file")
	}
}
