package meta

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// TestHostileFiles sends every broken and malicious file through Sniff
// and Extract, more at a time than there are processes: nothing may panic
// or hang past the Extractor's timeout, every string must come out clean,
// and a file exiftool cannot read still gets its kind.
func TestHostileFiles(t *testing.T) {
	e := sharedExtractor(t)
	var paths []string
	for _, folder := range []string{"broken", "malicious"} {
		found, err := filepath.Glob(filepath.Join(testmedia.Dir(t), folder, "*"))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, found...)
	}
	if len(paths) < 100 {
		t.Fatalf("got %d hostile files, want the 107 of the shared set", len(paths))
	}
	var wg sync.WaitGroup
	results := make([]gallery.Metadata, len(paths))
	errs := make([]error, len(paths))
	sem := make(chan struct{}, 6) // more callers than processes: they queue
	for i, p := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			results[i], errs[i] = e.Extract(ctx, p)
		}()
	}
	wg.Wait()
	for i, p := range paths {
		rel, _ := filepath.Rel(testmedia.Dir(t), p)
		md, err := results[i], errs[i]
		switch {
		case errors.Is(err, ErrTimeout):
			t.Logf("%s: timed out, which is allowed: %v", rel, err)
		case err != nil:
			t.Errorf("%s: got error %v, want Metadata and warnings", rel, err)
		}
		b, _ := os.ReadFile(p)
		kind, _, _ := Sniff(b[:min(len(b), SniffLen)])
		if md.Kind == "" || (md.Kind != kind && md.Kind != gallery.KindRaw && md.Kind != gallery.KindVideo) {
			t.Errorf("%s: got kind %q, Sniff says %q", rel, md.Kind, kind)
		}
		if strings.HasSuffix(p, ".svg") && md.Kind == gallery.KindImage {
			t.Errorf("%s: SVG classified as an image", rel)
		}
		checkClean(t, rel, md)
	}
}

// TestScriptPayloads checks that "<script>" in every metadata field comes
// out as the plain text it is: escaping is the UI's job.
func TestScriptPayloads(t *testing.T) {
	const payload = "<script>alert(1)</script>"
	e := sharedExtractor(t)
	for _, file := range []string{"malicious/payload_in_all_known_metadata.jpg", "malicious/payload_in_all_known_metadata.png"} {
		t.Run(file, func(t *testing.T) {
			md := extract(t, e, file)
			got := map[string]string{
				"make": md.Make, "model": md.Model, "title": md.Title.Default(""),
				"description": md.Description.Default(""), "creator": md.Creator,
				"copyright": md.Copyright.Default(""),
			}
			for field, v := range got {
				if v != payload {
					t.Errorf("got %s %q, want %q", field, v, payload)
				}
			}
			if !slices.Contains(md.Keywords, payload) {
				t.Errorf("got keywords %q, want them to hold %q", md.Keywords, payload)
			}
			checkClean(t, file, md)
		})
	}
}

// checkClean verifies the invariants Extract promises for every string.
func checkClean(t *testing.T, name string, md gallery.Metadata) {
	t.Helper()
	texts := []string{md.MIME, md.FileType, md.Make, md.Model, md.Lens, md.Creator, md.Credit, md.Licence}
	for _, lt := range []gallery.LangText{md.Title, md.Description, md.Copyright} {
		for lang, s := range lt {
			texts = append(texts, lang, s)
		}
	}
	texts = append(texts, md.Keywords...)
	texts = append(texts, md.HierarchicalKeywords...)
	texts = append(texts, md.Warnings...)
	for _, s := range texts {
		if !utf8.ValidString(s) || len(s) > maxString || strings.TrimSpace(s) != s {
			t.Errorf("%s: unclean string %q", name, s)
		}
		for _, r := range s {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Errorf("%s: control character %U in %q", name, r, s)
			}
		}
	}
	if len(md.Keywords) > maxKeywords || len(md.HierarchicalKeywords) > maxKeywords || len(md.Warnings) > maxWarnings {
		t.Errorf("%s: got %d keywords, %d paths, %d warnings; over the caps", name,
			len(md.Keywords), len(md.HierarchicalKeywords), len(md.Warnings))
	}
	if g := md.GPS; g != nil && (g.Lat < -90 || g.Lat > 90 || g.Lon < -180 || g.Lon > 180) {
		t.Errorf("%s: impossible position %+v", name, *g)
	}
	if md.Orientation < 0 || md.Orientation > 8 || md.Width < 0 || md.Height < 0 {
		t.Errorf("%s: got orientation %d, size %dx%d", name, md.Orientation, md.Width, md.Height)
	}
}
