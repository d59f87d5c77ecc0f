package meta

import (
	"context"
	"errors"
	"testing"
	"time"

	"imagier/internal/testmedia"
)

// TestTimeout gives an Extractor a timeout too short for exiftool: each
// call either times out or succeeds, and once the timeout is sane again
// the Extractor works, through processes started to replace the killed
// ones.
func TestTimeout(t *testing.T) {
	e := newTestExtractor(t, Options{Procs: 1, Timeout: time.Millisecond, ExiftoolOnly: true})
	path := testmedia.Path(t, "cameras/Canon_40D.jpg")
	timeouts := 0
	for range 5 {
		md, err := e.Extract(context.Background(), path)
		switch {
		case errors.Is(err, ErrTimeout):
			timeouts++
			if md.Kind != "image" {
				t.Errorf("got kind %q with the timeout, want Sniff's answer", md.Kind)
			}
		case err != nil:
			t.Fatalf("got %v, want success or ErrTimeout", err)
		}
	}
	t.Logf("%d of 5 extractions timed out", timeouts)

	e.opt.Timeout = 30 * time.Second // no extraction is running
	md, err := e.Extract(context.Background(), path)
	if err != nil {
		t.Fatalf("after the timeouts: %v", err)
	}
	if md.Model != "Canon EOS 40D" {
		t.Errorf("got model %q, want %q", md.Model, "Canon EOS 40D")
	}
}

// TestCrashedProcess kills an idle exiftool behind the Extractor's back:
// the next call fails, and the one after runs on a fresh process.
func TestCrashedProcess(t *testing.T) {
	e := newTestExtractor(t, Options{Procs: 1, ExiftoolOnly: true})
	p := <-e.pool
	if p == nil {
		t.Fatal("got no started process in the pool")
	}
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	e.pool <- p

	path := testmedia.Path(t, "cameras/Canon_40D.jpg")
	if _, err := e.Extract(context.Background(), path); err == nil {
		t.Error("got no error from a dead process, want one")
	}
	md, err := e.Extract(context.Background(), path)
	if err != nil {
		t.Fatalf("after the crash: %v", err)
	}
	if md.Make != "Canon" {
		t.Errorf("got make %q, want Canon", md.Make)
	}
}

// TestCancel checks that a cancelled context ends the call at once and
// leaves the Extractor usable.
func TestCancel(t *testing.T) {
	e := sharedExtractor(t)
	path := testmedia.Path(t, "cameras/Canon_40D.jpg")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Extract(ctx, path); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if _, err := e.Extract(context.Background(), path); err != nil {
		t.Errorf("after the cancellation: %v", err)
	}
}

// TestClose checks that Close is idempotent and that Extract fails after.
func TestClose(t *testing.T) {
	e := newTestExtractor(t, Options{Procs: 2})
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	_, err := e.Extract(context.Background(), testmedia.Path(t, "cameras/Canon_40D.jpg"))
	if !errors.Is(err, ErrClosed) {
		t.Errorf("got %v after Close, want ErrClosed", err)
	}
}

func TestNewExtractorMissingProgram(t *testing.T) {
	_, err := NewExtractor(context.Background(), Options{Exiftool: "/nonexistent/exiftool"})
	if err == nil {
		t.Fatal("got no error for a missing program, want one")
	}
}
