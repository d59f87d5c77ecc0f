package gallery

import "testing"

func TestCleanText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"  Fête\r\nde la musique \x00\x1b[31m", "Fête\nde la musique [31m"},
		{"IPTC\rcaption", "IPTC\ncaption"},
		{"col1\tcol2", "col1\tcol2"},
		{"<b>kept</b>", "<b>kept</b>"},
		{"\u0085\u200b zero-width kept", "\u200b zero-width kept"},
		{" \n\t ", ""},
	} {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
