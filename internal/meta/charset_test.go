package meta

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
)

// TestTextCharsets checks, through Extract, the exact strings of the
// README's character-set cases. Expected values come from exiftool run
// with the right character set, and from its reading of the XMP files.
func TestTextCharsets(t *testing.T) {
	e := sharedExtractor(t)
	bonTon := "Do you know your lesson?: Tailored ensembles imagined by Jeanne Lanvin (Sais-tu ta leçon?: " +
		"Costumes tailleur de fantaisie de Jeanne Lanvin), Plate 46 from Gazette du Bon Ton, Volume 2, No. 5, May 1914\n" +
		"Jeanne Lanvin (French fashion designer, 1867-1946); Pierre Brissaud (French illustrator, 1885-1964)\n" +
		"ink on paper (photomechanical lithograph) with hand-applied color (pochoir), 25.4 x 19.1 cm (width)"
	tests := []struct {
		name     string
		file     string
		sidecars []string
		field    func(gallery.Metadata) any
		want     any
		source   string // Sources key and expected value, "key=value"
	}{
		{
			name: "Latin-1 IPTC headline with ESC - A", file: "iptc-xmp/Issue_614.jpg",
			field: func(m gallery.Metadata) any { return m.Title },
			want:  gallery.LangText{"x-default": "l'Affiche présentait étaient"},
		},
		{
			name: "UTF-8 IPTC without charset", file: "iptc-xmp/Issue_80.jpg",
			field: func(m gallery.Metadata) any { return m.Copyright },
			want:  gallery.LangText{"x-default": "© Corbis.  All Rights Reserved."},
		},
		{
			name: "Latin-1 IPTC copyright without charset", file: "iptc-xmp/Nikon_D1X.jpg",
			field: func(m gallery.Metadata) any { return m.Copyright },
			want:  gallery.LangText{"x-default": "© 2003 Joseph S. Colson"},
		},
		{
			name: "Latin-1 IPTC caption without charset", file: "iptc-xmp/BonTonARTSTORplusIPTC.jpg",
			field: func(m gallery.Metadata) any { return m.Description },
			want:  gallery.LangText{"x-default": bonTon},
		},
		{
			name: "French XMP in the sidecar", file: "iptc-xmp/BonTonARTSTORplusIPTC.jpg",
			sidecars: []string{"iptc-xmp/BonTonARTSTORplusIPTC.xmp"},
			field:    func(m gallery.Metadata) any { return [2]any{m.Description, m.Sources["description"]} },
			want:     [2]any{gallery.LangText{"x-default": bonTon}, "XMP-dc:Description (BonTonARTSTORplusIPTC.xmp)"},
		},
		{
			name: "French lang-alt rights", file: "iptc-xmp/XMP.xmp",
			field: func(m gallery.Metadata) any { return m.Copyright },
			want: gallery.LangText{
				"x-default": "© Copyright Phil Harvey",
				"fr":        "© Droit d'auteur Phil Harvey",
			},
		},
		{
			name: "French and German lang-alt artwork title", file: "iptc-xmp/XMP5.xmp",
			field: func(m gallery.Metadata) any { return m.Title },
			want:  gallery.LangText{"x-default": "test", "de": "prüfung", "fr": "épreuve"},
		},
		{
			name: "French EXIF copyright and XMP rights", file: "iptc-xmp/undefined-exif-tag.jpg",
			field: func(m gallery.Metadata) any { return [2]any{m.Copyright, m.Keywords} },
			want:  [2]any{gallery.LangText{"x-default": "Creative Commons Paternité (CC-BY)"}, []string{"argentique"}},
		},
		{
			name: "Cyrillic XMP keywords over lossy IPTC", file: "iptc-xmp/mongolia.jpeg",
			field: func(m gallery.Metadata) any { return [2]any{m.Keywords, m.HierarchicalKeywords} },
			want: [2]any{
				[]string{"Mongolia", "Ôvôrhangaj", "Хужирт"},
				[]string{"Mongolia", "Mongolia/Ôvôrhangaj", "Mongolia/Ôvôrhangaj/Хужирт"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := extract(t, e, tt.file, tt.sidecars...)
			if diff := cmp.Diff(tt.want, tt.field(md)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUndoLatin1 covers the repair of exiftool's Latin-1 reading of IPTC
// outside JPEG files.
func TestUndoLatin1(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Â© Corbis", "© Corbis"},            // UTF-8 read as Latin-1
		{"Ã©tÃ© â€“ summer", "été – summer"}, // with a Windows-1252 byte (0x80 → €)
		{"© 2003 Joseph", "© 2003 Joseph"},   // real Latin-1: not valid UTF-8 once re-encoded
		{"Хужирт", "Хужирт"},                 // not something a Latin-1 decoder produces
		{"plain ASCII", "plain ASCII"},
	}
	for _, tt := range tests {
		if got := undoLatin1(tt.in); got != tt.want {
			t.Errorf("undoLatin1(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
