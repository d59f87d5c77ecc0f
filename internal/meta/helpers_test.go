package meta

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// shared is the package's one Extractor, shared by every test that does
// not test the Extractor's own life (timeouts, crashes, Close): starting
// exiftool costs more than most of the extractions a test makes. It starts
// with the first test that needs it, so that benchmarks, which measure
// their own, run without it, and TestMain closes it.
var shared struct {
	once sync.Once
	e    *Extractor
	err  error
	stop context.CancelFunc
}

func TestMain(m *testing.M) {
	m.Run()
	if shared.e != nil {
		shared.e.Close()
	}
	if shared.stop != nil {
		shared.stop()
	}
}

// sharedExtractor returns the package's Extractor, skipping the test when
// exiftool is not installed.
func sharedExtractor(t testing.TB) *Extractor {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		t.Skip("exiftool not installed")
	}
	shared.once.Do(func() {
		var ctx context.Context
		ctx, shared.stop = context.WithCancel(context.Background())
		// Procs is below the number of callers TestHostileFiles runs at
		// once, so that they queue; warnings (a process killed after a
		// timeout) are shown, as no one test owns them.
		shared.e, shared.err = NewExtractor(ctx, Options{Procs: 3, Logger: slog.New(slog.NewTextHandler(os.Stderr,
			&slog.HandlerOptions{Level: slog.LevelWarn}))})
	})
	if shared.err != nil {
		t.Fatalf("NewExtractor: %v", shared.err)
	}
	return shared.e
}

// exiftoolExtract reads a file as Extract would with Options.ExiftoolOnly.
func exiftoolExtract(ctx context.Context, e *Extractor, path string, sidecars ...string) (gallery.Metadata, error) {
	return e.extract(ctx, path, nil, true, sidecars)
}

// newTestExtractor starts an Extractor of its own for a test of the
// Extractor's life, skipping the test when exiftool is not installed.
func newTestExtractor(t *testing.T, opt Options) *Extractor {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil && opt.Exiftool == "" {
		t.Skip("exiftool not installed")
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	e, err := NewExtractor(ctx, opt)
	if err != nil {
		cancel()
		t.Fatalf("NewExtractor: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		cancel()
	})
	return e
}

// testWriter sends log lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// extract reads a shared test file (path relative to the test media
// folder) with the given sidecars, failing the test on error.
func extract(t *testing.T, e *Extractor, rel string, sidecars ...string) gallery.Metadata {
	t.Helper()
	var side []string
	for _, s := range sidecars {
		side = append(side, testmedia.Path(t, s))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	md, err := e.Extract(ctx, testmedia.Path(t, rel), side...)
	if err != nil {
		t.Fatalf("Extract(%s): %v", rel, err)
	}
	return md
}
