package benchlib_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"imagier/internal/auth"
	"imagier/internal/benchlib"
	"imagier/internal/blob/fsblob"
	"imagier/internal/media"
	"imagier/internal/service"
	"imagier/internal/sqlstore"
)

// The search benchmark of issue 11. It makes a library of
// $IMAGIER_BENCH_ITEMS items (20,000 by default, 5,000 under -short) on
// each database, builds the search index through the service as a server
// does at start, then times each kind of query as a normal user with
// grants and as the webmaster. `./dev bench-search` runs it at 100k and 1M.
//
// Each query sub-benchmark runs b.N different queries of its kind, drawn
// from the library with a fixed seed, and reports their p50, p95 and p99
// in milliseconds of wall time, the process's CPU per query (getrusage:
// on PostgreSQL the server's own CPU is not in it), and p95 over a
// reference measured in the same run: the time to SHA-256 one MiB, which
// tells how fast the (shared) machine ran.

// benchSize is the number of items of the benchmark's libraries.
func benchSize(b *testing.B) int {
	if v := os.Getenv("IMAGIER_BENCH_ITEMS"); v != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(v), "k"), "m"))
		if err != nil || n < 1 {
			b.Fatalf("IMAGIER_BENCH_ITEMS=%q: want a number of items (100k, 1m)", v)
		}
		switch {
		case strings.HasSuffix(strings.ToLower(v), "k"):
			n *= 1000
		case strings.HasSuffix(strings.ToLower(v), "m"):
			n *= 1_000_000
		}
		return n
	}
	if testing.Short() {
		return 5000
	}
	return 20_000
}

// benchStores opens an empty store on each database the benchmark runs
// on: $IMAGIER_BENCH_DB (sqlite or postgres) limits it to one.
func benchStores(b *testing.B) []string {
	var out []string
	only := os.Getenv("IMAGIER_BENCH_DB")
	for _, name := range []string{"sqlite", "postgres"} {
		if only == "" || only == name {
			out = append(out, name)
		}
	}
	return out
}

// openBenchStore opens an empty store for the benchmark, or, with
// $IMAGIER_BENCH_KEEP set, the one an earlier run kept for this size (a
// SQLite file under the system's temporary folder, a PostgreSQL schema
// imagier_bench_N): loading a million items takes minutes. kept tells
// whether it holds the library already.
func openBenchStore(b *testing.B, name string, n int) (st *sqlstore.Store, kept bool) {
	ctx := context.Background()
	keep := os.Getenv("IMAGIER_BENCH_KEEP") != ""
	if name == "sqlite" {
		dir := b.TempDir()
		if keep {
			dir = filepath.Join(os.TempDir(), fmt.Sprintf("imagier-bench-%d", n))
		}
		st, err := sqlstore.Open(ctx, "", dir)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st, keep && mediaCount(b, st) == n
	}
	u, ok := sqlstore.TestPostgresURL(b)
	if !ok {
		b.Skip("PostgreSQL unreachable")
	}
	if !keep {
		return sqlstore.OpenTestPostgres(b, u), false
	}
	schema := fmt.Sprintf("imagier_bench_%d", n)
	db, err := sql.Open("pgx", u)
	if err != nil {
		b.Fatal(err)
	}
	_, err = db.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema)
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	pu, err := url.Parse(u)
	if err != nil {
		b.Fatal(err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	st, err = sqlstore.Open(ctx, pu.String(), "")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, mediaCount(b, st) == n
}

func mediaCount(b *testing.B, st *sqlstore.Store) int {
	var c int
	if err := st.BulkDB().QueryRow(`SELECT COUNT(*) FROM media`).Scan(&c); err != nil {
		b.Fatal(err)
	}
	return c
}

// searchEnv is one database's library with its service and actors.
type searchEnv struct {
	svc    *service.Service
	store  *sqlstore.Store
	lib    *benchlib.Library
	user   service.Actor
	admin  service.Actor
	rng    *rand.Rand
	loadS  float64
	buildS float64
	// buildCPU is the process's CPU time during the build (the
	// database's own, on PostgreSQL, is not in it).
	buildCPU float64
	// buildRSS is the peak resident memory at the end of the build,
	// baseRSS the resident memory before it.
	buildRSS, baseRSS float64
	// userShare is the share of the library the bench user sees.
	userShare float64
	heapMB    float64
	ref       *reference
}

func BenchmarkSearch(b *testing.B) {
	n := benchSize(b)
	for _, db := range benchStores(b) {
		b.Run(fmt.Sprintf("%s/%dk", db, n/1000), func(b *testing.B) {
			e := newSearchEnv(b, db, n)
			b.Run("build", func(b *testing.B) {
				b.ReportMetric(e.loadS, "load-s")
				b.ReportMetric(e.buildS, "build-s")
				b.ReportMetric(e.buildCPU, "build-cpu-s")
				b.ReportMetric(e.userShare, "user-sees-share")
				b.ReportMetric(e.heapMB, "index-heap-MB")
				b.ReportMetric(e.buildRSS, "build-peak-rss-MB")
				b.ReportMetric(0, "ns/op")
			})
			var words []string
			for _, who := range []struct {
				name string
				a    service.Actor
			}{{"user", e.user}, {"admin", e.admin}} {
				queries := e.queries(b, who.a)
				for _, q := range queries {
					b.Run(who.name+"/"+q.name, func(b *testing.B) { e.timeQueries(b, q) })
				}
				if who.name == "admin" {
					words = queries[0].texts
				}
			}
			// For scale, what the same words cost as a scan of the
			// catalogue's texts in SQL, with no rights to check.
			b.Run("reference/sql-like-one-word", func(b *testing.B) {
				like := rebind(e.store, `SELECT COUNT(*) FROM media WHERE deleted_at IS NULL AND (title LIKE ? OR description LIKE ?)`)
				e.timeQueries(b, query{name: "sql-like", texts: words, most: 20, run: func(ctx context.Context, text string) (int, error) {
					var n int
					err := e.store.BulkDB().QueryRowContext(ctx, like, "%"+text+"%", "%"+text+"%").Scan(&n)
					return n, err
				}})
			})
			// And one facet of the broad query, tags alone, counted by a
			// GROUP BY join: the index counts nine kinds of facets.
			b.Run("reference/sql-tag-facet-broad", func(b *testing.B) {
				q := `SELECT x.tag_id, COUNT(*) FROM media_tags x JOIN media m ON m.id = x.media_id
					WHERE m.deleted_at IS NULL AND m.taken_local >= ? GROUP BY x.tag_id ORDER BY 2 DESC LIMIT 12`
				e.timeQueries(b, query{name: "sql-facet", texts: []string{"2015", "2005"}, most: 6, run: func(ctx context.Context, text string) (int, error) {
					rows, err := e.store.BulkDB().QueryContext(ctx, rebind(e.store, q), text)
					if err != nil {
						return 0, err
					}
					defer rows.Close()
					n := 0
					for rows.Next() {
						n++
					}
					return n, rows.Err()
				}})
			})
			b.Run("edit", func(b *testing.B) { e.timeEdits(b) })
			b.Run("plans", func(b *testing.B) {
				if b.N == 1 {
					e.plans(b)
				}
				b.ReportMetric(0, "ns/op")
			})
			b.Run("memory", func(b *testing.B) {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if hwm, ok := vmHWM(); ok {
					b.ReportMetric(hwm, "peak-rss-MB")
				}
				// What the server holds once the build's garbage is
				// returned, and what the process held before the build.
				debug.FreeOSMemory()
				if rss, ok := procStatus("VmRSS:"); ok {
					b.ReportMetric(rss, "rss-MB")
				}
				b.ReportMetric(e.baseRSS, "base-rss-MB")
				b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
				b.ReportMetric(0, "ns/op")
			})
			e.svc.Close()
		})
		// The next database starts from a clean slate: the index of this
		// one goes with its service.
		runtime.GC()
		debug.FreeOSMemory()
	}
}

// newSearchEnv loads a library into a fresh store, then builds the index
// through a new service, timing both. The peak resident memory is reset
// after the load, so that what the benchmark reports is the index's and
// the queries' (the loader's garbage returned to the system first).
func newSearchEnv(b *testing.B, db string, n int) *searchEnv {
	ctx := context.Background()
	st, kept := openBenchStore(b, db, n)
	e := &searchEnv{store: st, rng: rand.New(rand.NewPCG(7, 7)), ref: &reference{}}
	start := time.Now()
	opt := benchlib.Options{Items: n, Seed: 11}
	var lib *benchlib.Library
	if kept {
		lib = benchlib.Describe(opt)
		b.Logf("%s: the %d items kept by an earlier run", db, n)
	} else {
		var err error
		if lib, err = benchlib.Load(ctx, st, opt); err != nil {
			b.Fatal(err)
		}
		e.loadS = time.Since(start).Seconds()
		b.Logf("%s: %d items loaded in %.1f s", db, n, e.loadS)
	}
	e.lib = lib
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	blobs, err := fsblob.New(filepath.Join(b.TempDir(), "files"))
	if err != nil {
		b.Fatal(err)
	}
	ml := media.New(st, blobs, nil, log, media.Options{Workers: 1})
	sessions, err := auth.NewSessions(st, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	rights := auth.NewRights(st)
	actor := func(u benchlib.User) service.Actor {
		gu, err := st.UserByID(ctx, u.ID)
		if err != nil {
			b.Fatal(err)
		}
		acc, err := rights.For(ctx, &gu, 0)
		if err != nil {
			b.Fatal(err)
		}
		return service.Actor{User: gu, Access: acc, Address: "192.0.2.1"}
	}
	e.user, e.admin = actor(lib.BenchUser), actor(lib.Users[0])
	runtime.GC()
	debug.FreeOSMemory()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	e.baseRSS, _ = procStatus("VmRSS:")
	start = time.Now()
	cpu0 := cpuTime()
	e.svc, err = service.New(st, ml, sessions, log, service.Options{UploadDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	// The index is built at start or by the first search, whichever
	// comes first: this one, as the webmaster, waits for it.
	if _, err := e.svc.Search(ctx, e.admin, service.SearchRequest{Limit: 1}); err != nil {
		b.Fatal(err)
	}
	e.buildS, e.buildCPU = time.Since(start).Seconds(), cpuTime()-cpu0
	e.buildRSS, _ = vmHWM()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	e.heapMB = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / (1 << 20)
	if path := os.Getenv("IMAGIER_BENCH_HEAP_PROFILE"); path != "" {
		// What the index holds, by where it was allocated: go tool pprof
		// -sample_index=inuse_space.
		f, err := os.Create(path + "-" + db)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.WriteHeapProfile(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	all, err := e.svc.Search(ctx, e.admin, service.SearchRequest{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	mine, err := e.svc.Search(ctx, e.user, service.SearchRequest{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	e.userShare = float64(mine.Total) / float64(all.Total)
	return e
}

// query is one kind of query with its b.N instances.
type query struct {
	name string
	// texts are the queries, used in turn.
	texts []string
	run   func(ctx context.Context, text string) (int, error)
	// most caps the number of queries run, for the slow reference.
	most int
}

// queries draws each kind of query for an actor from the library: words
// from titles, facets of real items, prefixes of real words.
func (e *searchEnv) queries(b *testing.B, a service.Actor) []query {
	const count = 200
	search := func(facets bool) func(ctx context.Context, text string) (int, error) {
		return func(ctx context.Context, text string) (int, error) {
			p, err := e.svc.Search(ctx, a, service.SearchRequest{Query: text, Limit: 60, Facets: facets, Lang: "fr"})
			return p.Total, err
		}
	}
	samples := e.sampleItems(b, a, count)
	var one, three, facets, prefixes []string
	for i, s := range samples {
		words := strings.Fields(s.text)
		one = append(one, e.lib.Words[e.zipfWord()])
		if len(words) >= 3 {
			k := e.rng.IntN(len(words) - 2)
			three = append(three, strings.Join(words[k:k+3], " "))
		} else {
			three = append(three, e.lib.Words[e.zipfWord()]+" "+e.lib.Words[e.zipfWord()]+" "+e.lib.Words[e.zipfWord()])
		}
		if s.tag != "" && s.city != "" && s.year != "" {
			facets = append(facets, fmt.Sprintf("tag:%s place:%s taken:%s", quote(s.tag), quote(s.city), s.year))
		}
		w := e.lib.Words[e.zipfWord()]
		if i%3 == 0 {
			w = e.lib.Tags[e.zipfWord()]
		}
		if r1, n1 := utf8.DecodeRuneInString(w); r1 != utf8.RuneError {
			if _, n2 := utf8.DecodeRuneInString(w[n1:]); n2 > 0 {
				prefixes = append(prefixes, w[:n1+n2])
			}
		}
	}
	// Half the library: ten of the twenty years, more than three stars,
	// with a position.
	broad := []string{"taken:2005..2014", "taken:2015..2024", "has:gps", "rating:0", "-rating:0"}
	all := e.selectAllQuery(b, a)
	return []query{
		{name: "one-word", texts: one, run: search(false)},
		{name: "three-words", texts: three, run: search(false)},
		{name: "three-facets", texts: facets, run: search(false)},
		{name: "broad-facets", texts: broad, run: search(true)},
		{name: "suggest-2", texts: prefixes, run: func(ctx context.Context, text string) (int, error) {
			s, err := e.svc.Suggest(ctx, a, text, "fr")
			return len(s), err
		}},
		{name: "select-all", texts: []string{all}, run: func(ctx context.Context, text string) (int, error) {
			ids, err := e.svc.SearchIDs(ctx, a, text)
			return len(ids), err
		}},
	}
}

func quote(s string) string {
	if strings.ContainsAny(s, " \"():|") {
		return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
	}
	return s
}

// zipfWord draws a word's rank as the library's texts do.
func (e *searchEnv) zipfWord() int {
	// A simple power law, ranks 0–4999, the first ones most often.
	return min(benchlib.VocabularySize-1, int(float64(benchlib.VocabularySize)*e.rng.Float64()*e.rng.Float64()*e.rng.Float64()))
}

type sample struct {
	id              int64
	text            string
	tag, city, year string
}

// sampleItems returns count items the actor sees, at random, with a title,
// a tag, a city and a year when they have them.
func (e *searchEnv) sampleItems(b *testing.B, a service.Actor, count int) []sample {
	ctx := context.Background()
	var out []sample
	db := e.store.BulkDB()
	for tries := 0; len(out) < count && tries < count*50; tries++ {
		id := 1 + e.rng.Int64N(int64(e.lib.Items))
		var s sample
		s.id = id
		var taken *string
		err := db.QueryRowContext(ctx, rebind(e.store, `SELECT title || ' ' || description, place_city, taken_local FROM media WHERE id = ? AND deleted_at IS NULL AND NOT pending`), id).
			Scan(&s.text, &s.city, &taken)
		if err != nil {
			continue
		}
		if !e.sees(b, a, id) {
			continue
		}
		if taken != nil && len(*taken) >= 4 {
			s.year = (*taken)[:4]
		}
		db.QueryRowContext(ctx, rebind(e.store, `SELECT t.name FROM media_tags x JOIN tags t ON t.id = x.tag_id WHERE x.media_id = ? ORDER BY t.id LIMIT 1`), id).Scan(&s.tag)
		out = append(out, s)
	}
	if len(out) < count {
		b.Fatalf("found only %d items to draw queries from", len(out))
	}
	return out
}

// sees tells whether the actor sees an item, from the album links.
func (e *searchEnv) sees(b *testing.B, a service.Actor, id int64) bool {
	rows, err := e.store.BulkDB().Query(rebind(e.store, `SELECT album_id, level FROM album_media WHERE media_id = ?`), id)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var album int64
		var level int
		rows.Scan(&album, &level)
		if a.Access.On(album) != 0 && level <= a.Access.Level {
			return true
		}
	}
	return false
}

func rebind(st *sqlstore.Store, q string) string {
	if st.Dialect() != "postgres" {
		return q
	}
	var sb strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&sb, "$%d", n)
			continue
		}
		sb.WriteRune(c)
	}
	return sb.String()
}

// selectAllQuery returns a range of years whose results, for the actor,
// are closest to 100,000 items (the whole library when it is smaller).
func (e *searchEnv) selectAllQuery(b *testing.B, a service.Actor) string {
	ctx := context.Background()
	best, bestDiff := "", -1
	for span := 1; span <= 20; span++ {
		q := fmt.Sprintf("taken:%d..%d", 2025-span, 2024)
		p, err := e.svc.Search(ctx, a, service.SearchRequest{Query: q, Limit: 1})
		if err != nil {
			b.Fatal(err)
		}
		diff := p.Total - 100_000
		if diff < 0 {
			diff = -diff
		}
		if bestDiff < 0 || diff < bestDiff {
			best, bestDiff = q, diff
		}
	}
	return best
}

// timeQueries runs b.N queries of one kind and reports their percentiles.
func (e *searchEnv) timeQueries(b *testing.B, q query) {
	ctx := context.Background()
	if len(q.texts) == 0 {
		b.Skip("no query of this kind in the library")
	}
	n := b.N
	if q.most > 0 {
		n = min(n, q.most)
	}
	ref := e.ref.measure()
	times := make([]time.Duration, 0, n)
	results := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < n; i++ {
		text := q.texts[i%len(q.texts)]
		start := time.Now()
		n, err := q.run(ctx, text)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatalf("%s %q: %v", q.name, text, err)
		}
		results += n
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	ref = (ref + e.ref.measure()) / 2
	reportPercentiles(b, times)
	b.ReportMetric(cpu/float64(n)*1000, "cpu-ms/op")
	b.ReportMetric(float64(results)/float64(n), "results/op")
	b.ReportMetric(percentile(times, 95).Seconds()/ref, "p95/ref")
}

// timeEdits changes the title of an item the bench user sees, as the
// webmaster through the service, then times the bench user's next search
// for the new title: it must find it.
func (e *searchEnv) timeEdits(b *testing.B) {
	ctx := context.Background()
	items := e.sampleItems(b, e.user, 50)
	var edits, finds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		it := items[i%len(items)]
		word := fmt.Sprintf("zzbench%dx%d", i, e.rng.IntN(1_000_000))
		title := "Fête " + word
		start := time.Now()
		if err := e.svc.EditMedia(ctx, e.admin, benchlib.Key(it.id), service.MediaEdit{Title: &title}); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		p, err := e.svc.Search(ctx, e.user, service.SearchRequest{Query: word, Limit: 60})
		end := time.Now()
		if err != nil {
			b.Fatal(err)
		}
		if p.Total != 1 || len(p.Items) != 1 || p.Items[0].ID != it.id {
			b.Fatalf("after renaming item %d to %q, the search found %d items", it.id, title, p.Total)
		}
		edits, finds = append(edits, mid.Sub(start)), append(finds, end.Sub(mid))
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(edits, 50)), "edit-p50-ms")
	b.ReportMetric(ms(percentile(finds, 50)), "next-search-p50-ms")
	b.ReportMetric(ms(percentile(finds, 95)), "next-search-p95-ms")
}

func reportPercentiles(b *testing.B, times []time.Duration) {
	b.ReportMetric(ms(percentile(times, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(times, 95)), "p95-ms")
	b.ReportMetric(ms(percentile(times, 99)), "p99-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile returns the p-th percentile (nearest rank) of times.
func percentile(times []time.Duration, p int) time.Duration {
	if len(times) == 0 {
		return 0
	}
	s := slices.Clone(times)
	slices.Sort(s)
	k := (p*len(s) + 99) / 100
	return s[max(0, min(len(s)-1, k-1))]
}

// reference is the machine's speed at the moment: the seconds it takes to
// SHA-256 one MiB, the best of a few tries.
type reference struct{ buf []byte }

func (r *reference) measure() float64 {
	if r.buf == nil {
		r.buf = make([]byte, 1<<20)
		for i := range r.buf {
			r.buf[i] = byte(i * 7)
		}
	}
	best := time.Duration(1 << 62)
	for range 5 {
		start := time.Now()
		sha256.Sum256(r.buf)
		best = min(best, time.Since(start))
	}
	return best.Seconds()
}

// cpuTime returns the user and system CPU this process used, in seconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// vmHWM reads this process's peak resident memory since the last reset,
// in MB.
func vmHWM() (float64, bool) { return procStatus("VmHWM:") }

// procStatus reads a memory figure of /proc/self/status, in MB.
func procStatus(field string) (float64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if kb, ok := strings.CutPrefix(l, field); ok {
			v, err := strconv.ParseFloat(strings.Fields(kb)[0], 64)
			return v / 1024, err == nil
		}
	}
	return 0, false
}

// plans logs the query plans of the SQL that the search path still runs:
// per request, the log catch-up and the page's cards; at start, the
// index's chunked reads of the whole library. The texts are those of
// internal/sqlstore/search.go and browse.go, with the values a request
// would bind written in.
func (e *searchEnv) plans(b *testing.B) {
	ctx := context.Background()
	db := e.store.BulkDB()
	var ids []string
	for i := range 60 {
		ids = append(ids, fmt.Sprint(1+int64(i)*int64(e.lib.Items/60)))
	}
	mid := e.lib.Items / 2
	lo, hi := fmt.Sprint(mid), fmt.Sprint(mid+2000)
	for _, q := range []struct{ name, sql string }{
		{"log head", `SELECT MAX(seq) FROM search_log`},
		{"log catch-up", `SELECT seq, kind, ref FROM search_log WHERE seq > 1000 ORDER BY seq LIMIT 20000`},
		{"cards of a page (CardsByIDs)", `SELECT m.id, m.public_key, m.title, m.alt_text, m.filename, m.kind, m.mime, m.width, m.height, m.sort_date, m.taken_local FROM media m WHERE m.id IN (` + strings.Join(ids, ", ") + `)`},
		{"build: next chunk's upper id", `SELECT MAX(id) FROM (SELECT id FROM media WHERE id > ` + lo + ` ORDER BY id LIMIT 2000) c`},
		{"build: a chunk's items", `SELECT m.id, m.title, m.description, m.alt_text, m.filename, m.folder, m.creator, m.credit, m.copyright, m.kind, m.make, m.model, m.lens, m.rating, m.level, m.pending, m.sort_date, COALESCE(m.taken_local, ''), m.imported_at, m.width, m.height, m.lat, m.lon, m.place_city, m.place_region, m.place_country FROM media m WHERE m.id > ` + lo + ` AND m.id <= ` + hi + ` AND m.deleted_at IS NULL ORDER BY m.id`},
		{"build: a chunk's tags", `SELECT x.media_id, x.tag_id, '' FROM media_tags x WHERE x.media_id > ` + lo + ` AND x.media_id <= ` + hi},
		{"build: a chunk's albums", `SELECT x.media_id, x.album_id, '' FROM album_media x WHERE x.media_id > ` + lo + ` AND x.media_id <= ` + hi},
		{"build: a chunk's field values", `SELECT x.media_id, x.field_id, x.value FROM media_fields x WHERE x.media_id > ` + lo + ` AND x.media_id <= ` + hi},
	} {
		explain := `EXPLAIN QUERY PLAN `
		if e.store.Dialect() == "postgres" {
			explain = `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) `
		}
		rows, err := db.QueryContext(ctx, explain+q.sql)
		if err != nil {
			b.Fatalf("%s: %v", q.name, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
		}
		rows.Close()
		// Printed rather than logged: a benchmark's log is cut after ten
		// lines.
		fmt.Printf("%s plan of %s:\n\t%s\n", e.store.Dialect(), q.name, strings.Join(lines, "\n\t"))
	}
}
