package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestDependenciesPointDown enforces the layering: the domain, config and
// blob interface import nothing internal; adapters and tools never import
// the services above them; protocol packages never import each other.
func TestDependenciesPointDown(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", "imagier/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{} // all dependencies, transitively
	direct := map[string][]string{}  // the package's own imports
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Deps       []string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Deps {
			if strings.HasPrefix(d, "imagier/") {
				imports[p.ImportPath] = append(imports[p.ImportPath], d)
			}
		}
		direct[p.ImportPath] = p.Imports
	}
	const in = "imagier/internal/"
	rules := []struct {
		pkg     string
		allowed []string // internal packages it may depend on, directly or not
	}{
		{in + "gallery", nil},
		{in + "config", nil},
		{in + "mail", nil},
		{in + "blob", nil},
		{in + "blob/fsblob", []string{in + "blob"}},
		// search is the query language and its index, over the domain
		// alone; the catalogue implements the index's Source.
		{in + "search", []string{in + "gallery"}},
		{in + "auth", []string{in + "gallery", in + "sqlstore", in + "search"}},
		{in + "meta", []string{in + "gallery"}},
		{in + "derive", []string{in + "gallery"}},
		{in + "sqlstore", []string{in + "gallery", in + "search"}},
		{in + "sample", []string{in + "gallery", in + "derive"}},
		{in + "places", []string{in + "gallery"}},
		{in + "media", []string{in + "gallery", in + "blob", in + "derive", in + "meta", in + "sqlstore", in + "search", in + "places"}},
		{in + "server", []string{in + "gallery", in + "blob", in + "derive", in + "meta", in + "sqlstore", in + "media", in + "search", in + "places"}},
		{in + "service", []string{in + "gallery", in + "config", in + "blob", in + "derive", in + "meta", in + "sqlstore", in + "media", in + "auth", in + "search", in + "places"}},
	}
	for _, r := range rules {
		for _, d := range imports[r.pkg] {
			if !slices.Contains(r.allowed, d) {
				t.Errorf("%s depends on %s, which it must not", r.pkg, d)
			}
		}
	}
	// The doors reach the catalogue, the files and the media tools only
	// through the service, which holds the rules; only the command line's
	// wiring chooses adapters.
	for _, door := range []string{in + "web"} {
		for _, d := range direct[door] {
			if slices.Contains([]string{in + "sqlstore", in + "media", in + "blob", in + "blob/fsblob", in + "derive", in + "meta"}, d) {
				t.Errorf("%s imports %s: it must go through the service", door, d)
			}
		}
	}
}
