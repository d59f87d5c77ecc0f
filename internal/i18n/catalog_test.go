package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// These tests check the shipped catalogues rather than the code: they are
// what fails when a translator's change would show English, or a broken
// format, to users.

// TestCataloguesComplete checks that every language has every English
// message translated, and no message English lacks.
func TestCataloguesComplete(t *testing.T) {
	b := newTestBundle(t)
	if missing := b.Missing(b.IDs()); len(missing) != 0 {
		for lang, ids := range missing {
			t.Errorf("%s.po: %d messages of en.po missing, fuzzy or untranslated: %q", lang, len(ids), ids)
		}
	}
	en := b.locs[0].cat
	for _, l := range b.locs[1:] {
		for k, e := range l.cat.entries {
			src, ok := en.entries[k]
			switch {
			case !ok:
				t.Errorf("%s.po:%d: %q is not in en.po", l.cat.lang, e.line, k)
			case e.hasPlural != src.hasPlural || e.plural != src.plural:
				t.Errorf("%s.po:%d: got msgid_plural %q, want %q as in en.po", l.cat.lang, e.line, e.plural, src.plural)
			}
		}
	}
}

func TestPluralFormCounts(t *testing.T) {
	b := newTestBundle(t)
	for _, l := range b.locs {
		for _, e := range l.cat.entries {
			if e.hasPlural && len(e.strs) != l.cat.rule.nplurals {
				t.Errorf("%s.po:%d: got %d plural forms, want %d", l.cat.lang, e.line, len(e.strs), l.cat.rule.nplurals)
			}
		}
	}
}

// TestPlaceholdersKept checks that every translation has the same fmt verbs
// as its msgid, which fmt would otherwise report in the page as %!(EXTRA…),
// and the same {name} placeholders in date layouts.
func TestPlaceholdersKept(t *testing.T) {
	b := newTestBundle(t)
	placeholder := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]|\{[a-z_]+\}`)
	find := func(s string) []string {
		found := placeholder.FindAllString(s, -1)
		slices.Sort(found) // "%[2]s … %[1]s" may swap places in a translation
		return found
	}
	for _, l := range b.locs {
		for _, e := range l.cat.entries {
			want := find(e.id)
			if e.hasPlural && !slices.Equal(find(e.plural), want) {
				t.Errorf("%s.po:%d: msgid_plural has %q, want %q as msgid", l.cat.lang, e.line, find(e.plural), want)
			}
			for i, s := range e.strs {
				if got := find(s); !slices.Equal(got, want) {
					t.Errorf("%s.po:%d: msgstr form %d has %q, want %q", l.cat.lang, e.line, i, got, want)
				}
			}
		}
	}
}

// TestFrenchSpacing checks French typography: a colon, semicolon, question
// or exclamation mark follows a no-break space, never an ordinary one that
// could leave it alone at the start of a line.
func TestFrenchSpacing(t *testing.T) {
	b := newTestBundle(t)
	fr := b.locs[slices.IndexFunc(b.locs, func(l *Localizer) bool { return l.cat.lang == "fr" })].cat
	for _, e := range fr.entries {
		for _, s := range e.strs {
			for _, p := range []string{" :", " ;", " ?", " !"} {
				if strings.Contains(s, p) {
					t.Errorf("fr.po:%d: %q has an ordinary space before %q", e.line, s, p[1:])
				}
			}
		}
	}
}

// TestTypographicApostrophes checks that the text people read uses one
// apostrophe, the typographic ’, in every language: a straight one among
// curly ones looks like a typing slip.
func TestTypographicApostrophes(t *testing.T) {
	b := newTestBundle(t)
	for _, l := range b.locs {
		for _, e := range l.cat.entries {
			for _, s := range e.strs {
				if strings.Contains(s, "'") {
					t.Errorf("%s.po:%d: %q has a straight apostrophe; use ’", l.cat.lang, e.line, s)
				}
			}
		}
	}
}
