package gallery

import "testing"

// TestNameTitle: titles made from file names lose the extension and the
// separators between words, keep dates and numbers, and never come out
// empty.
func TestNameTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"FDLM26_14.jpg", "FDLM26 14"},
		{"fete-de-la-musique.JPG", "fete de la musique"},
		{"Conseil.municipal__2026-06-21.jpeg", "Conseil municipal 2026-06-21"},
		{"IMG_0042.HEIC", "IMG 0042"},
		{"  spaced   name .png", "spaced name"},
		{"version 3.5 finale.tif", "version 3.5 finale"},
		{"noext", "noext"},
		{".hidden", "hidden"},
		{"___.jpg", "___.jpg"},
		{"archive.tar.gz", "archive tar"},
	}
	for _, tt := range tests {
		if got := NameTitle(tt.in); got != tt.want {
			t.Errorf("NameTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	m := Media{Filename: "FDLM26_14.jpg"}
	if got := m.DisplayTitle(); got != "FDLM26 14" {
		t.Errorf("DisplayTitle without a title = %q", got)
	}
	m.Title = "Fête de la musique"
	if got := m.DisplayTitle(); got != m.Title {
		t.Errorf("DisplayTitle with a title = %q", got)
	}
}
