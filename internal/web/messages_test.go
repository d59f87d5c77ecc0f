package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"imagier/internal/i18n"
)

// usedMessages finds every message the interface asks for: .L.T and .L.N
// in templates, l.T, l.N and T calls with a literal in Go files. A plural
// message is known by its singular.
func usedMessages(t *testing.T) []string {
	t.Helper()
	str := `"((?:[^"\\]|\\.)*)"`
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\.L\.T ` + str),
		regexp.MustCompile(`\.L\.N ` + str),
		regexp.MustCompile(`\bl\.T\(` + str),
		regexp.MustCompile(`\bl\.N\(` + str),
		regexp.MustCompile(`localizer\(r\)\.T\(` + str),
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") {
			return err
		}
		if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				for _, s := range m[1:] {
					if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
						seen[u] = true
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestMessagesTranslated fails when a message of the interface is missing
// in English or French.
func TestMessagesTranslated(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	used := usedMessages(t)
	if len(used) < 50 {
		t.Fatalf("found only %d messages: the scan is broken", len(used))
	}
	known := map[string]bool{}
	for _, id := range b.IDs() {
		known[id] = true
	}
	for _, id := range used {
		if !known[id] {
			t.Errorf("message %q is not in the catalogues", id)
		}
	}
	for lang, ids := range b.Missing(used) {
		for _, id := range ids {
			if known[id] {
				t.Errorf("message %q has no %s translation", id, lang)
			}
		}
	}
}
