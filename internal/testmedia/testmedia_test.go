package testmedia

import "testing"

func TestManifest(t *testing.T) {
	entries := Manifest(t)
	if got, want := len(entries), 340; got != want {
		t.Fatalf("got %d manifest rows, want %d", got, want)
	}
	for _, e := range entries {
		if len(e.SHA256) != 64 {
			t.Errorf("%s: sha256 %q is not 64 hex digits", e.Path, e.SHA256)
		}
	}
}
