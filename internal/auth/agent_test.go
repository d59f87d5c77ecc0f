package auth

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanAgent(t *testing.T) {
	long := strings.Repeat("a", 199) + "é" + strings.Repeat("b", 50)
	for _, c := range []struct{ in, want string }{
		{"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"},
		{long, strings.Repeat("a", 199)},
		{"bad \xff\xfe bytes\x00\x1b[31m", "bad  bytes[31m"},
		{"", ""},
	} {
		got := cleanAgent(c.in)
		if got != c.want || !utf8.ValidString(got) || len(got) > maxAgent {
			t.Errorf("cleanAgent(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}
