package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"
)

// TestPostgresURL returns the PostgreSQL server used by tests:
// $IMAGIER_TEST_POSTGRES, else the local test database. ok is false when
// it cannot be reached; under CI that fails the test instead.
func TestPostgresURL(t testing.TB) (string, bool) {
	t.Helper()
	u := os.Getenv("IMAGIER_TEST_POSTGRES")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", u)
	if err == nil {
		err = db.PingContext(ctx)
		db.Close()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL unreachable under CI: %v", err)
		}
		return "", false
	}
	return u, true
}

// OpenTestStores opens an empty store on every reachable database: SQLite
// always, PostgreSQL in a fresh schema (dropped at cleanup) when reachable.
// It is exported for other packages' tests.
func OpenTestStores(t testing.TB) map[string]*Store {
	t.Helper()
	ctx := context.Background()
	out := map[string]*Store{}
	s, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	out["sqlite"] = s
	if u, ok := TestPostgresURL(t); ok {
		out["postgres"] = OpenTestPostgres(t, u)
	}
	return out
}

// OpenTestPostgres opens a store on a fresh schema of the server at u and
// returns it; the schema is dropped at cleanup.
func OpenTestPostgres(t testing.TB, u string) *Store {
	t.Helper()
	dsn, drop := TestSchema(t, u)
	s, err := Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); drop() })
	return s
}

// TestSchema creates an empty schema on the server at u and returns a URL
// whose connections use it, and a func that drops it.
func TestSchema(t testing.TB, u string) (string, func()) {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		t.Fatal(err)
	}
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String(), func() {
		if _, err := db.ExecContext(ctx, fmt.Sprintf("DROP SCHEMA %s CASCADE", schema)); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		db.Close()
	}
}
