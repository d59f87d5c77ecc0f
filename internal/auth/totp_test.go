package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"imagier/internal/sqlstore"
)

// TestSignInCodeThrottle checks the second step: a right password waiting
// for its code counts nothing, wrong codes count like wrong passwords for
// the pair, and the account's owner still signs in from elsewhere.
func TestSignInCodeThrottle(t *testing.T) {
	for name, store := range sqlstore.OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			addUsers(t, store, "tess")
			u, err := store.UserByName(ctx, "tess")
			if err != nil {
				t.Fatal(err)
			}
			secret, _, err := NewTOTP("Imagier", "tess")
			if err != nil {
				t.Fatal(err)
			}
			if err := store.SetTOTPSecret(ctx, u.ID, secret); err != nil {
				t.Fatal(err)
			}
			s := newSessions(t, store)
			const guesser, owner = "192.0.2.1", "198.51.100.9"
			// More right passwords than the pair's limit: none counts.
			var pending string
			for i := range s.throttle.PerPair + 2 {
				if pending, _, err = s.SignIn(ctx, "tess", rightPassword, guesser, ""); !errors.Is(err, ErrCodeNeeded) {
					t.Fatalf("right password #%d: got %v, want ErrCodeNeeded", i, err)
				}
			}
			for i := range s.throttle.PerPair {
				if _, _, err := s.SignInCode(ctx, pending, "abcdef", guesser); !errors.Is(err, ErrBadCredentials) {
					t.Fatalf("wrong code #%d: got %v, want ErrBadCredentials", i, err)
				}
				if i == maxCodeTries-2 {
					// A fresh pending sign-in, before this one runs out.
					pending, _, _ = s.SignIn(ctx, "tess", rightPassword, guesser, "")
				}
			}
			if _, _, err := s.SignIn(ctx, "tess", rightPassword, guesser, ""); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("the pair after wrong codes: got %v, want ErrBadCredentials", err)
			}
			pending, _, err = s.SignIn(ctx, "tess", rightPassword, owner, "")
			if !errors.Is(err, ErrCodeNeeded) {
				t.Fatalf("the owner's password: got %v, want ErrCodeNeeded", err)
			}
			code, err := totp.GenerateCodeCustom(secret, time.Now(), totpOpts)
			if err != nil {
				t.Fatal(err)
			}
			if _, se, err := s.SignInCode(ctx, pending, code, owner); err != nil || se.User.ID != u.ID {
				t.Fatalf("the owner's code: got %v, %v", se.User.Name, err)
			}
		})
	}
}
