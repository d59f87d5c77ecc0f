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
