package i18n

import (
	"testing"

	"golang.org/x/text/language"
)

func TestPluralRule(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want int
	}{
		{"fr", 0, 0},
		{"fr", 1, 0},
		{"fr", 2, 1},
		{"fr", 1000, 1},
		{"en", 0, 1},
		{"en", 1, 0},
		{"en", 2, 1},
		{"de", 1, 0}, // unknown: the English rule
		{"de", 0, 1},
	}
	for _, tt := range tests {
		if got := pluralRuleFor(tt.lang).index(tt.n); got != tt.want {
			t.Errorf("%s, n=%d: got form %d, want %d", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestNormalizePluralForms(t *testing.T) {
	tests := []struct {
		in, wantN, wantExpr string
	}{
		{"nplurals=2; plural=(n > 1);", "2", "n>1"},
		{"nplurals=2; plural=n != 1;", "2", "n!=1"},
		{" nplurals = 2 ;plural = ((n != 1)) ", "2", "n!=1"},
		{"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);", "3", "n%10==1&&n%100!=11?0:n!=0?1:2"},
		{"nplurals=2; plural=(n>1)||(n==0);", "2", "(n>1)||(n==0)"},
		{"", "", ""},
	}
	for _, tt := range tests {
		n, expr := normalizePluralForms(tt.in)
		if n != tt.wantN || expr != tt.wantExpr {
			t.Errorf("normalizePluralForms(%q): got %q, %q, want %q, %q", tt.in, n, expr, tt.wantN, tt.wantExpr)
		}
	}
}

func TestN(t *testing.T) {
	b := newTestBundle(t)
	tests := []struct {
		lang     string
		one, few string
		n        int
		want     string
	}{
		{"fr", "%d photo", "%d photos", 0, "0 photo"},
		{"fr", "%d photo", "%d photos", 1, "1 photo"},
		{"fr", "%d photo", "%d photos", 2, "2 photos"},
		{"en", "%d photo", "%d photos", 0, "0 photos"},
		{"en", "%d photo", "%d photos", 1, "1 photo"},
		{"en", "%d photo", "%d photos", 2, "2 photos"},
		{"fr", "%d item selected", "%d items selected", 0, "0 élément sélectionné"},
		{"fr", "%d item selected", "%d items selected", 1, "1 élément sélectionné"},
		{"fr", "%d item selected", "%d items selected", 5, "5 éléments sélectionnés"},
		{"en", "%d item selected", "%d items selected", 0, "0 items selected"},
		// Counts get the thousands separator without the caller asking.
		{"fr", "%d item", "%d items", 12345, "12\u202f345 éléments"},
		{"en", "%d item", "%d items", 12345, "12,345 items"},
		{"fr", "%d cat", "%d cats", 1234, "1\u202f234 cats"},
		// Not in the catalogues: English forms by the English rule.
		{"fr", "%d cat", "%d cats", 0, "0 cats"},
		{"fr", "%d cat", "%d cats", 1, "1 cat"},
	}
	for _, tt := range tests {
		l := b.Localizer(language.Make(tt.lang))
		if got := l.N(tt.one, tt.few, tt.n, tt.n); got != tt.want {
			t.Errorf("%s: N(%q, %d): got %q, want %q", tt.lang, tt.one, tt.n, got, tt.want)
		}
	}
}

// TestTGroupsIntegers checks that a %d argument of T gets the thousands
// separator, and that other verbs and widths print the number as fmt does.
func TestTGroupsIntegers(t *testing.T) {
	b := newTestBundle(t)
	fr := b.Localizer(language.French)
	tests := []struct {
		format string
		arg    any
		want   string
	}{
		{"%d", 1234567, "1\u202f234\u202f567"},
		{"%d", int64(-20000), "-20\u202f000"},
		{"%d", 999, "999"},
		{"%5d", 12345, "12345"},
		{"%x", 255, "ff"},
		{"%v", 12345, "12345"},
		{"%s", "12345", "12345"},
	}
	for _, tt := range tests {
		if got := fr.T(tt.format, tt.arg); got != tt.want {
			t.Errorf("T(%q, %v): got %q, want %q", tt.format, tt.arg, got, tt.want)
		}
	}
	args := []any{12345}
	fr.T("%d", args...)
	if _, ok := args[0].(int); !ok {
		t.Errorf("T changed its caller's arguments: got %T", args[0])
	}
}
