package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("got hash %q, want a PHC argon2id string", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		password string
		want     error
	}{
		{"correct horse battery", nil},
		{"correct horse batterY", ErrMismatch},
		{"", ErrMismatch},
		{strings.Repeat("x", 5000), ErrMismatch},
	}
	for _, tt := range tests {
		if err := VerifyPassword(h, tt.password); !errors.Is(err, tt.want) {
			t.Errorf("VerifyPassword(%.20q): got %v, want %v", tt.password, err, tt.want)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA"} {
		if err := VerifyPassword(bad, "whatever1"); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("VerifyPassword with hash %q: got %v, want a format error", bad, err)
		}
	}
}
