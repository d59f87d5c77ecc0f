package search

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzFields accepts the tests' fields and any name starting with "x", so
// that the fuzzer reaches custom fields.
var fuzzFields = Options{Field: func(name string) bool {
	return strings.HasPrefix(name, "x") || testFields.Field(name)
}}

// FuzzParse checks that Parse never panics, that its errors point inside the
// query, and that a parsed tree prints to a query parsing to the same tree.
func FuzzParse(f *testing.F) {
	for _, q := range []string{
		`"fête de la musique" taken:2019..2021-06 (lieu:Lyon OR place:"vieux Lyon") -type:video|pdf note:>=4 -sans:gps`,
		`a b OR c -(d OR -e) ((f)) untagged Non-Étiqueté`,
		`mc:x|"y z" coloris:rouge|bleu has:coloris no:région size:>12mp près:-33.8,151.2,5km`,
		`added:>2026-01 added:<=2026-01-31 date:21/06/2019 rating:2..4 rating:<3,5 orientation:carré`,
		`xa:1 xb:"q \" \\ r"|-s a:titre avec:mots-clés tag:a:b jean-pierre 10:30`,
		`"abc`, `a (b`, `a)`, `()`, `""`, `tag:`, `OR a`, `a|b`, `--a`, `foo:bar`, `type:gif`,
		`taken:2021..2019`, `rating:9`, `near:1,2`, "a\x00", "\xff",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q, fuzzFields)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %v is not a *Error", q, err)
			}
			if e.Offset < 0 || e.Offset > e.End || e.End > len(q) || e.Column < 1 || messages[e.Key] == "" {
				t.Fatalf("Parse(%q) error %+v points outside the query or has no message", q, e)
			}
			return
		}
		if n == nil {
			if strings.TrimSpace(q) != "" {
				t.Fatalf("Parse(%q) = nil for a query that is not blank", q)
			}
			return
		}
		s := n.String()
		again, err := Parse(s, fuzzFields)
		var e *Error
		if errors.As(err, &e) && e.Key == ErrTooLong && len(s) > MaxBytes {
			return // aliases printed by their longer English names
		}
		if err != nil {
			t.Fatalf("Parse(%q) printed as %q, which fails: %v", q, s, err)
		}
		if d := cmp.Diff(n, again); d != "" {
			t.Fatalf("Parse(%q) printed as %q parses to another tree (-first +second):\n%s", q, s, d)
		}
	})
}
