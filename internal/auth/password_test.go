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

// TestNewPasswordOK checks the one rule for new passwords: the minimum is
// in characters, as the forms state it, and the maximum in bytes.
func TestNewPasswordOK(t *testing.T) {
	for _, tt := range []struct {
		password string
		want     bool
	}{
		{strings.Repeat("x", MinPasswordLen-1), false},
		{strings.Repeat("x", MinPasswordLen), true},
		{strings.Repeat("é", MinPasswordLen-1), false}, // enough bytes, too few characters
		{strings.Repeat("é", MinPasswordLen), true},
		{strings.Repeat("x", MaxPasswordLen), true},
		{strings.Repeat("x", MaxPasswordLen+1), false},
	} {
		if got := NewPasswordOK(tt.password); got != tt.want {
			t.Errorf("NewPasswordOK(%d characters, %d bytes): got %v, want %v", len([]rune(tt.password)), len(tt.password), got, tt.want)
		}
	}
}
