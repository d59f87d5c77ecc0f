package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

func TestHasher(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(1)
	hash, err := h.Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyPassword(hash, "correct horse battery"); err != nil {
		t.Fatalf("VerifyPassword of a Hasher's hash: got %v", err)
	}
	if _, err := h.Hash(ctx, "short"); err == nil {
		t.Error("a 5-character password was hashed")
	}
	// A hash asking for more memory than the hasher's slots runs alone.
	salt := make([]byte, saltLen)
	rand.Read(salt)
	b64 := base64.RawStdEncoding
	big := fmt.Sprintf("$argon2id$v=%d$m=%d,t=1,p=1$%s$%s", argon2.Version, 3*argonMemory, b64.EncodeToString(salt),
		b64.EncodeToString(argon2.IDKey([]byte("correct horse battery"), salt, 1, 3*argonMemory, 1, argonKeyLen)))
	tests := []struct {
		what, hash, password string
		want                 error // nil, ErrMismatch, or errFormat
	}{
		{"right", hash, "correct horse battery", nil},
		{"wrong", hash, "correct horse batterY", ErrMismatch},
		{"too long", hash, strings.Repeat("x", MaxPasswordLen+1), ErrMismatch},
		{"more memory than the slots", big, "correct horse battery", nil},
		{"unreadable hash", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "whatever1", errFormat},
	}
	for _, tt := range tests {
		err := h.Verify(ctx, tt.hash, tt.password)
		if tt.want == errFormat {
			if err == nil || errors.Is(err, ErrMismatch) || checkedNothing(err) {
				t.Errorf("%s: got %v, want a format error", tt.what, err)
			}
		} else if !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.what, err, tt.want)
		}
	}
}

// errFormat stands for any error about the hash itself in TestHasher.
var errFormat = errors.New("format")

// TestHasherBusy fills every slot: a waiter gives up at its deadline or
// when its caller leaves, having computed nothing.
func TestHasherBusy(t *testing.T) {
	hash, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	h := NewHasher(1)
	h.wait = 50 * time.Millisecond
	if err := h.sem.Acquire(context.Background(), h.budget); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		what string
		ctx  context.Context
		want error
	}{
		{"deadline", context.Background(), ErrBusy},
		{"caller gone", gone, context.Canceled},
	}
	for _, tt := range tests {
		err := h.Verify(tt.ctx, hash, "correct horse")
		if !errors.Is(err, tt.want) || !checkedNothing(err) {
			t.Errorf("Verify, %s: got %v, want %v", tt.what, err, tt.want)
		}
		if _, err := h.Hash(tt.ctx, "correct horse"); !errors.Is(err, tt.want) {
			t.Errorf("Hash, %s: got %v, want %v", tt.what, err, tt.want)
		}
	}
	if n := h.runs.Load(); n != 0 {
		t.Errorf("got %d computations while every slot was taken", n)
	}
	h.sem.Release(h.budget)
	if err := h.Verify(context.Background(), hash, "correct horse"); err != nil {
		t.Errorf("once a slot is free: got %v", err)
	}
}
