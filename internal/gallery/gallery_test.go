package gallery

import (
	"errors"
	"testing"
)

func TestLangTextDefault(t *testing.T) {
	tests := []struct {
		text LangText
		lang string
		want string
	}{
		{LangText{"x-default": "Fireworks", "fr": "Feu d'artifice"}, "fr", "Feu d'artifice"},
		{LangText{"x-default": "Fireworks", "fr": "Feu d'artifice"}, "de", "Fireworks"},
		{LangText{"fr": "Feu d'artifice"}, "", "Feu d'artifice"},
		{nil, "fr", ""},
	}
	for _, tt := range tests {
		if got := tt.text.Default(tt.lang); got != tt.want {
			t.Errorf("%v.Default(%q): got %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}

func TestSizes(t *testing.T) {
	prev := 0
	for _, s := range Sizes {
		if s.Long <= prev {
			t.Errorf("size %s (%d) is not larger than the one before (%d)", s.Name, s.Long, prev)
		}
		prev = s.Long
		if got, ok := SizeByName(s.Name); !ok || got != s {
			t.Errorf("SizeByName(%q): got %v, %v", s.Name, got, ok)
		}
	}
	if _, ok := SizeByName("huge"); ok {
		t.Error("SizeByName(huge) found a size")
	}
}

func TestRejectf(t *testing.T) {
	err := Rejectf("image is %d pixels", 12)
	if !errors.Is(err, ErrRejected) || err.Error() != "rejected: image is 12 pixels" {
		t.Errorf("got %v", err)
	}
}
