package sqlstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"imagier/internal/gallery"
)

func TestSessions(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := &gallery.User{Name: "anne", Role: gallery.RoleWebmaster, PasswordHash: "x"}
			if err := s.AddUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			se := gallery.Session{TokenHash: "h1", UserID: u.ID, CSRF: "c1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
			if err := s.AddSession(ctx, se); err != nil {
				t.Fatal(err)
			}
			got, gu, err := s.SessionUser(ctx, "h1", now)
			if err != nil || got.CSRF != "c1" || gu.Name != "anne" || gu.Role != gallery.RoleWebmaster {
				t.Fatalf("got %+v %+v %v", got, gu, err)
			}
			if _, _, err := s.SessionUser(ctx, "h1", now.Add(2*time.Hour)); !errors.Is(err, gallery.ErrNotFound) {
				t.Fatalf("expired session: got %v, want ErrNotFound", err)
			}
			if err := s.DeleteSession(ctx, "h1"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.SessionUser(ctx, "h1", now); !errors.Is(err, gallery.ErrNotFound) {
				t.Fatalf("deleted session: got %v, want ErrNotFound", err)
			}
			if n, err := s.CountUsers(ctx); err != nil || n != 1 {
				t.Fatalf("CountUsers: got %d, %v", n, err)
			}
		})
	}
}

// TestSessionLastSeen: a session's last use is written down apart from
// who-sees-what (the rights version stays), and read with the
// account's sessions; a session never touched shows its sign-in time.
func TestSessionLastSeen(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := &gallery.User{Name: "anne", Role: gallery.RoleNormal, PasswordHash: "x"}
			if err := s.AddUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			signed := time.UnixMilli(time.Now().Add(-time.Hour).UnixMilli()).UTC()
			for _, h := range []string{"used", "idle"} {
				se := gallery.Session{TokenHash: h, UserID: u.ID, CSRF: "c", CreatedAt: signed, ExpiresAt: signed.Add(24 * time.Hour), UserAgent: "Firefox/133.0"}
				if err := s.AddSession(ctx, se); err != nil {
					t.Fatal(err)
				}
			}
			version, err := s.RightsVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			seen := signed.Add(30 * time.Minute)
			if err := s.TouchSession(ctx, "used", seen); err != nil {
				t.Fatal(err)
			}
			if v, _ := s.RightsVersion(ctx); v != version {
				t.Errorf("rights version: got %d, want %d unchanged", v, version)
			}
			list, err := s.UserSessions(ctx, u.ID, seen)
			if err != nil || len(list) != 2 {
				t.Fatalf("sessions: got %d, %v; want 2", len(list), err)
			}
			for _, se := range list {
				want := signed
				if se.TokenHash == "used" {
					want = seen
				}
				if !se.LastSeen.Equal(want) || se.UserAgent != "Firefox/133.0" {
					t.Errorf("%s: got last seen %v, agent %q; want %v, the agent", se.TokenHash, se.LastSeen, se.UserAgent, want)
				}
			}
		})
	}
}
