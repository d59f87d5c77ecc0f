package fsblob

import (
	"testing"

	"imagier/internal/blob/blobtest"
)

func TestConformance(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blobtest.Run(t, s)
	n, err := s.TempCount()
	if err != nil || n != 0 {
		t.Fatalf("temporary files left: got %d, %v; want 0", n, err)
	}
}
