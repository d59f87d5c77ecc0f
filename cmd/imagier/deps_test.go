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
	imports := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Deps       []string
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
		{in + "auth", []string{in + "gallery", in + "sqlstore"}},
		{in + "meta", []string{in + "gallery"}},
		{in + "derive", []string{in + "gallery"}},
		{in + "sqlstore", []string{in + "gallery"}},
		{in + "sample", []string{in + "gallery", in + "derive"}},
		{in + "media", []string{in + "gallery", in + "blob", in + "derive", in + "meta", in + "sqlstore"}},
		{in + "server", []string{in + "gallery", in + "blob", in + "derive", in + "meta", in + "sqlstore", in + "media"}},
	}
	for _, r := range rules {
		for _, d := range imports[r.pkg] {
			if !slices.Contains(r.allowed, d) {
				t.Errorf("%s depends on %s, which it must not", r.pkg, d)
			}
		}
	}
}
