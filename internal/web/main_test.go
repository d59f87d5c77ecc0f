package web

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"imagier/internal/meta"
)

// One metadata reader (a pool of exiftool processes) serves every test of
// the package: starting one per test cost more than most tests.
var extractor struct {
	once sync.Once
	ex   *meta.Extractor
	err  error
}

func sharedExtractor(t testing.TB) *meta.Extractor {
	t.Helper()
	extractor.once.Do(func() {
		extractor.ex, extractor.err = meta.NewExtractor(context.Background(), meta.Options{Procs: 2, Timeout: time.Minute})
	})
	if extractor.err != nil {
		t.Fatal(extractor.err)
	}
	return extractor.ex
}

func TestMain(m *testing.M) {
	code := m.Run()
	if extractor.ex != nil {
		extractor.ex.Close()
	}
	os.Exit(code)
}
