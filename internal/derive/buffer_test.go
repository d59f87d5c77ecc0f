package derive

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// ReadFull takes exactly the size it is told, and tells a file that grew
// or shrank meanwhile.
func TestBufferReadFull(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
		size int64
		want error
	}{
		{"exact", strings.NewReader("abcdef"), 6, nil},
		{"empty", strings.NewReader(""), 0, nil},
		{"shorter than said", strings.NewReader("abc"), 6, ErrChanged},
		{"longer than said", strings.NewReader("abcdefg"), 6, ErrChanged},
		{"negative", strings.NewReader(""), -1, ErrChanged},
		{"too large", strings.NewReader(""), maxBuffer + 1, ErrChanged},
	}
	var buf Buffer
	defer buf.Free()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := buf.ReadFull(tt.r, tt.size)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err == nil && buf.Len() != int(tt.size) {
				t.Errorf("holds %d bytes, want %d", buf.Len(), tt.size)
			}
			if err != nil && buf.Len() != 0 {
				t.Errorf("holds %d bytes after a failed read, want none", buf.Len())
			}
		})
	}
	// Reused, it grows and keeps only the last contents.
	big := bytes.Repeat([]byte("x"), 3<<20)
	if err := buf.ReadFull(bytes.NewReader(big), int64(len(big))); err != nil {
		t.Fatal(err)
	}
	if err := buf.ReadFull(strings.NewReader("small"), 5); err != nil || string(buf.Bytes()) != "small" {
		t.Fatalf("got %q, %v", buf.Bytes(), err)
	}
}
