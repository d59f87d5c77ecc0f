package meta

import (
	"context"
	"log/slog"
	"os/exec"
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// newTestExtractor starts an Extractor for one test, skipping the test
// when exiftool is not installed.
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
