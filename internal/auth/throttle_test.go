package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

func TestAddressKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb::9"}, // one /64
		{"::ffff:192.0.2.7", "192.0.2.7"},                // mapped IPv4
	}
	for _, tt := range tests {
		if AddressKey(tt.a) != AddressKey(tt.b) {
			t.Errorf("%s and %s: got %q and %q, want one bucket", tt.a, tt.b, AddressKey(tt.a), AddressKey(tt.b))
		}
	}
	if AddressKey("2001:db8:1:2::1") == AddressKey("2001:db8:1:3::1") {
		t.Error("two /64 networks share a bucket")
	}
	if AddressKey("192.0.2.7") == AddressKey("192.0.2.8") {
		t.Error("two IPv4 addresses share a bucket")
	}
}

// TestSignInThrottle guesses passwords from IPv4 and IPv6 addresses: the
// account, then the address, is locked, with the same answer as any other
// refusal, and unlocks after the lockout.
func TestSignInThrottle(t *testing.T) {
	for name, store := range sqlstore.OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			hash, _ := HashPassword("correct horse")
			for _, n := range []string{"anne", "paul"} {
				if err := store.AddUser(ctx, &gallery.User{Name: n, Role: gallery.RoleNormal, PasswordHash: hash}); err != nil {
					t.Fatal(err)
				}
			}
			s, err := NewSessions(store, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			s.throttle.now = func() time.Time { return now }
			for i := range 5 {
				if _, _, err := s.SignIn(ctx, "anne", "guess", "192.0.2.1", ""); !errors.Is(err, ErrBadCredentials) {
					t.Fatalf("guess %d: got %v", i, err)
				}
			}
			// Locked: even the right password is refused, from anywhere.
			if _, _, err := s.SignIn(ctx, "Anne", "correct horse", "198.51.100.9", ""); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("locked account: got %v, want ErrBadCredentials", err)
			}
			// Another account from another address is not affected.
			if _, _, err := s.SignIn(ctx, "paul", "correct horse", "198.51.100.9", ""); err != nil {
				t.Fatalf("other account: got %v", err)
			}
			// One IPv6 /64 guessing many names is locked as one address.
			for i := range 20 {
				addr := "2001:db8:0:1::" + string(rune('a'+i%6))
				s.SignIn(ctx, "nobody"+string(rune('a'+i)), "guess", addr, "")
			}
			if _, _, err := s.SignIn(ctx, "paul", "correct horse", "2001:db8:0:1::ffff", ""); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("locked network: got %v, want ErrBadCredentials", err)
			}
			now = now.Add(16 * time.Minute)
			if _, _, err := s.SignIn(ctx, "anne", "correct horse", "2001:db8:0:1::1", ""); err != nil {
				t.Fatalf("after the lockout: got %v", err)
			}
		})
	}
}
