package auth

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

func TestCleanAgent(t *testing.T) {
	long := strings.Repeat("a", 199) + "é" + strings.Repeat("b", 50)
	for _, c := range []struct{ in, want string }{
		{"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"},
		{long, strings.Repeat("a", 199)},
		{"bad \xff\xfe bytes\x00\x1b[31m", "bad  bytes[31m"},
		{"", ""},
	} {
		got := cleanAgent(c.in)
		if got != c.want || !utf8.ValidString(got) || len(got) > maxAgent {
			t.Errorf("cleanAgent(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

// TestLookupNotesLastUse: using a session writes down when, once per
// seenEvery however many requests come; a hostile User-Agent is stored
// cleaned, on both databases.
func TestLookupNotesLastUse(t *testing.T) {
	for name, store := range sqlstore.OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := &gallery.User{Name: "anne", Role: gallery.RoleNormal, PasswordHash: "x"}
			if err := store.AddUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			s, err := NewSessions(store, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			token, se, err := s.Open(ctx, *u, strings.Repeat("é", 150)+"\xff")
			if err != nil {
				t.Fatal(err)
			}
			old := time.UnixMilli(time.Now().Add(-time.Hour).UnixMilli()).UTC()
			lastSeen := func() (time.Time, string) {
				t.Helper()
				list, err := store.UserSessions(ctx, u.ID, time.Now())
				if err != nil || len(list) != 1 {
					t.Fatalf("sessions: %v %v", list, err)
				}
				return list[0].LastSeen, list[0].UserAgent
			}
			if _, ua := lastSeen(); ua != strings.Repeat("é", 100) {
				t.Errorf("stored agent: got %d bytes %q, want the first 100 runes", len(ua), ua)
			}
			if err := store.TouchSession(ctx, se.TokenHash(), old); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Lookup(ctx, token); err != nil {
				t.Fatal(err)
			}
			if seen, _ := lastSeen(); !seen.After(old) {
				t.Errorf("after a first use: last seen %v, want later than %v", seen, old)
			}
			// Used again at once: nothing is written.
			if err := store.TouchSession(ctx, se.TokenHash(), old); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if _, err := s.Lookup(ctx, token); err != nil {
					t.Fatal(err)
				}
			}
			if seen, _ := lastSeen(); !seen.Equal(old) {
				t.Errorf("used again at once: last seen %v, want it left at %v", seen, old)
			}
		})
	}
}
