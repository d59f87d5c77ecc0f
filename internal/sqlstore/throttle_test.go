package sqlstore

import (
	"context"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestAttemptCounters walks counters through their limits, windows, take
// backs and pruning, on every database.
func TestAttemptCounters(t *testing.T) {
	const window = 15 * time.Minute
	t0 := time.UnixMilli(1_700_000_000_000)
	pair := AttemptCounter{Bucket: "pair", Limit: 2}
	addr := AttemptCounter{Bucket: "addr", Limit: 3}
	other := AttemptCounter{Bucket: "other", Limit: 2}
	type step struct {
		what     string
		at       time.Duration // after t0
		count    []AttemptCounter
		forget   []string // with takeBack, an UncountAttempt instead
		takeBack []string
		prune    bool
		want     bool           // CountAttempt's answer
		counts   map[string]int // attempts afterwards; -1 for no row
	}
	steps := []step{
		{what: "first", count: []AttemptCounter{pair, addr}, want: true, counts: map[string]int{"pair": 1, "addr": 1}},
		{what: "second", at: time.Minute, count: []AttemptCounter{pair, addr}, want: true, counts: map[string]int{"pair": 2, "addr": 2}},
		{what: "pair full: nothing counted", at: 2 * time.Minute, count: []AttemptCounter{pair, addr}, want: false, counts: map[string]int{"pair": 2, "addr": 2}},
		{what: "other pair", at: 3 * time.Minute, count: []AttemptCounter{other, addr}, want: true, counts: map[string]int{"other": 1, "addr": 3}},
		{what: "address full: the pair is not counted", at: 4 * time.Minute, count: []AttemptCounter{{Bucket: "new", Limit: 2}, addr}, want: false, counts: map[string]int{"new": -1, "addr": 3}},
		{what: "good sign-in", at: 5 * time.Minute, forget: []string{"other"}, takeBack: []string{"addr"}, counts: map[string]int{"other": -1, "addr": 2}},
		{what: "address has room again", at: 6 * time.Minute, count: []AttemptCounter{other, addr}, want: true, counts: map[string]int{"other": 1, "addr": 3}},
		{what: "take back never goes below zero", at: 6 * time.Minute, takeBack: []string{"other", "other"}, counts: map[string]int{"other": 0}},
		{what: "window over: starts again", at: window, count: []AttemptCounter{pair, addr}, want: true, counts: map[string]int{"pair": 1, "addr": 1}},
		{what: "prune drops ended windows only", at: window + 6*time.Minute + time.Millisecond, prune: true, counts: map[string]int{"pair": 1, "addr": 1, "other": -1}},
	}
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			for _, st := range steps {
				now := t0.Add(st.at)
				switch {
				case st.count != nil:
					if full, err := s.AttemptsFull(ctx, st.count, now, window); err != nil || full == st.want {
						t.Fatalf("%s: AttemptsFull: got %v, %v, want %v", st.what, full, err, !st.want)
					}
					got, err := s.CountAttempt(ctx, st.count, now, window)
					if err != nil || got != st.want {
						t.Fatalf("%s: got %v, %v, want %v", st.what, got, err, st.want)
					}
				case st.prune:
					if err := s.PruneAttempts(ctx, now.Add(-window)); err != nil {
						t.Fatalf("%s: %v", st.what, err)
					}
				default:
					if err := s.UncountAttempt(ctx, st.forget, st.takeBack); err != nil {
						t.Fatalf("%s: %v", st.what, err)
					}
				}
				for b, want := range st.counts {
					if got := attempts(t, s, b); got != want {
						t.Errorf("%s: %s holds %d attempts, want %d", st.what, b, got, want)
					}
				}
			}
		})
	}
}

// TestAttemptCountersParallel counts many attempts at once through two
// stores on one database, as two servers would: exactly the limit pass.
func TestAttemptCountersParallel(t *testing.T) {
	for name, s := range OpenTestStores(t) {
		t.Run(name, func(t *testing.T) {
			second := openSecond(t, s)
			ctx := context.Background()
			now := time.Now()
			var mu sync.Mutex
			passed := 0
			var wg sync.WaitGroup
			for i := range 40 {
				wg.Go(func() {
					st := []*Store{s, second}[i%2]
					ok, err := st.CountAttempt(ctx, []AttemptCounter{{Bucket: "p", Limit: 5}, {Bucket: "a", Limit: 100}}, now, time.Minute)
					if err != nil {
						t.Error(err)
					}
					if ok {
						mu.Lock()
						passed++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if passed != 5 {
				t.Errorf("got %d attempts passed, want 5", passed)
			}
			if got := attempts(t, s, "a"); got != 5 {
				t.Errorf("address counter: got %d, want 5", got)
			}
		})
	}
}

// openSecond opens another store on s's database.
func openSecond(t *testing.T, s *Store) *Store {
	t.Helper()
	var dsn, dir string
	if s.d.name == "sqlite" {
		var file string
		if err := s.db.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
			t.Fatal(err)
		}
		dir = filepath.Dir(file)
	} else {
		u, _ := TestPostgresURL(t)
		var schema string
		if err := s.db.QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
			t.Fatal(err)
		}
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		q := pu.Query()
		q.Set("search_path", schema)
		pu.RawQuery = q.Encode()
		dsn = pu.String()
	}
	second, err := Open(context.Background(), dsn, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	return second
}

// attempts returns a counter's attempts, -1 when it has no row.
func attempts(t *testing.T, s *Store, bucket string) int {
	t.Helper()
	var n int
	err := s.db.QueryRow(s.d.q(`SELECT attempts FROM throttle_counters WHERE bucket = ?`), bucket).Scan(&n)
	if notFound(err) {
		return -1
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}
