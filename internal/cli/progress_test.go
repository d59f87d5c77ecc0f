package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"imagier/internal/media"
)

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	bar := &progressBar{w: &b}
	bar.update(media.Progress{Done: 5, Total: 20, DoneBytes: 25e6, TotalBytes: 100e6, Elapsed: 5 * time.Second})
	got := b.String()
	for _, want := range []string{"5/20 files", " 25%", "5.0 MB/s", "ETA 0:15"} {
		if !strings.Contains(got, want) {
			t.Errorf("got %q, want it to contain %q", got, want)
		}
	}
	bar.update(media.Progress{Done: 20, Total: 20, DoneBytes: 100e6, TotalBytes: 100e6, Elapsed: 20 * time.Second})
	bar.finish()
	if got := b.String(); !strings.Contains(got, "20/20 files") || !strings.Contains(got, "100%") || !strings.HasSuffix(got, "\n") {
		t.Errorf("final bar: got %q", got)
	}
}
