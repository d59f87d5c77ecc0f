package web

import "testing"

func TestTagHref(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"fête", "/tags/f%C3%AAte"},
		{"Mongolia/Övôrhangaj", "/tags/Mongolia/%C3%96v%C3%B4rhangaj"},
		{"a?b#c d", "/tags/a%3Fb%23c%20d"},
	} {
		if got := tagHref(c.name); got != c.want {
			t.Errorf("tagHref(%q): got %q, want %q", c.name, got, c.want)
		}
	}
}
