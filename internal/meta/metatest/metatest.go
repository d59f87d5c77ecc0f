// Package metatest shares one metadata reader among the tests of a
// package: starting exiftool costs more than most tests' extractions. It
// is imported by tests only.
package metatest

import (
	"context"
	"sync"
	"testing"
	"time"

	"imagier/internal/meta"
)

// Pool is a test package's one Extractor, started by the first test that
// asks for it (so that benchmarks, which measure their own, run without
// it) and closed by Close, from TestMain. The zero value is ready.
type Pool struct {
	once sync.Once
	ex   *meta.Extractor
	err  error
	stop context.CancelFunc
}

// Get returns the package's Extractor, starting it on first use.
func (p *Pool) Get(t testing.TB) *meta.Extractor {
	t.Helper()
	p.once.Do(func() {
		var ctx context.Context
		ctx, p.stop = context.WithCancel(context.Background())
		p.ex, p.err = meta.NewExtractor(ctx, meta.Options{Procs: 2, Timeout: time.Minute})
	})
	if p.err != nil {
		t.Fatal(p.err)
	}
	return p.ex
}

// Close stops the Extractor, if one was started.
func (p *Pool) Close() {
	if p.ex != nil {
		p.ex.Close()
	}
	if p.stop != nil {
		p.stop()
	}
}

// Run runs a package's tests, then closes the pool: TestMain's whole body
// is os.Exit(pool.Run(m)).
func (p *Pool) Run(m *testing.M) int {
	defer p.Close()
	return m.Run()
}
