package auth

import (
	"context"
	"errors"
)

// Hasher hashes and verifies passwords.
type Hasher struct{}

// Hash hashes a new password.
func (Hasher) Hash(ctx context.Context, password string) (string, error) {
	return HashPassword(password)
}

// Verify checks a password against its hash.
func (Hasher) Verify(ctx context.Context, hash, password string) error {
	err := VerifyPassword(hash, password)
	if err != nil && !errors.Is(err, ErrMismatch) {
		return ErrMismatch
	}
	return err
}

// Hasher returns the password hasher every door uses.
func (s *Sessions) Hasher() Hasher { return Hasher{} }

// CountReset counts a reset request like a failed sign-in under its own
// name, and tells whether it may go on.
func (s *Sessions) CountReset(ctx context.Context, who, addr string) bool {
	if s.throttle.Locked("reset:"+who, addr) {
		return false
	}
	s.throttle.Fail("reset:"+who, addr)
	return true
}
