package i18n

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

// newTestBundle parses the shipped catalogues.
func newTestBundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return b
}

const (
	enHeader = "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n" +
		"\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
	frHeader = "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n"
)

// catalogues returns a file system holding locales/<name> for each file.
func catalogues(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["locales/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no English", map[string]string{"fr.po": frHeader}, "i18n: no locales/en.po"},
		{"syntax error", map[string]string{"en.po": enHeader, "fr.po": frHeader + "msgid \"a\"\nmsgstr b\n"},
			"i18n: locales/fr.po:7: want a quoted string, got \"b\""},
		{"no header", map[string]string{"en.po": "msgid \"a\"\nmsgstr \"a\"\n"},
			"i18n: locales/en.po: no header entry (msgid \"\") with Language and Plural-Forms"},
		{"header line without colon", map[string]string{"en.po": "msgid \"\"\nmsgstr \"Language en\\n\"\n"},
			"i18n: locales/en.po:1: header line \"Language en\" has no colon"},
		{"Language differs from file name", map[string]string{"en.po": enHeader, "fr.po": strings.Replace(frHeader, "fr", "de", 1)},
			"i18n: locales/fr.po:1: header Language is \"de\", want \"fr\" as in the file name"},
		{"file name with a region", map[string]string{"en.po": enHeader, "fr_FR.po": frHeader},
			"i18n: locales/fr_FR.po: file name is not a plain language code"},
		{"not UTF-8", map[string]string{"en.po": strings.Replace(enHeader, "UTF-8", "ISO-8859-1", 1)},
			"i18n: locales/en.po:1: header Content-Type is \"text/plain; charset=ISO-8859-1\", want charset=UTF-8"},
		{"plural rule differs from ours", map[string]string{"en.po": enHeader, "fr.po": strings.Replace(frHeader, "n > 1", "n != 1", 1)},
			"i18n: locales/fr.po:1: header Plural-Forms is \"nplurals=2; plural=(n != 1);\", want nplurals=2; plural=n>1; (the rule this package applies for fr)"},
		{"no Plural-Forms", map[string]string{"en.po": "msgid \"\"\nmsgstr \"Language: en\\n\"\n"},
			"i18n: locales/en.po:1: header Plural-Forms is \"\", want nplurals=2; plural=n!=1; (the rule this package applies for en)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newBundle(catalogues(tt.files))
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v, want %s", err, tt.want)
			}
		})
	}
}

func TestLanguages(t *testing.T) {
	got := newTestBundle(t).Languages()
	if want := []language.Tag{language.English, language.French}; !cmp.Equal(got, want, cmp.Comparer(func(a, b language.Tag) bool { return a == b })) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestMatch(t *testing.T) {
	b := newTestBundle(t)
	tests := []struct {
		name, accept, cookie string
		want                 language.Tag
	}{
		{"cookie wins", "en-US,en;q=0.9", "fr", language.French},
		{"cookie with a region", "", "fr-BE", language.French},
		{"cookie for a language we lack", "fr", "de", language.French},
		{"malformed cookie", "fr", "%%%", language.French},
		{"Canadian French", "fr-CA,fr;q=0.9,en;q=0.8", "", language.French},
		{"British English", "en-GB,en;q=0.9", "", language.English},
		{"French after German", "de-DE,de;q=0.9,fr;q=0.5", "", language.French},
		{"German only", "de-DE,de;q=0.9", "", language.English},
		{"empty", "", "", language.English},
		{"garbage header", "garbage;;;q=x", "", language.English},
		{"wildcard", "*", "", language.English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Match(tt.accept, tt.cookie); got != tt.want {
				t.Errorf("Match(%q, %q): got %v, want %v", tt.accept, tt.cookie, got, tt.want)
			}
		})
	}
}

func TestLocalizer(t *testing.T) {
	b := newTestBundle(t)
	tests := []struct {
		tag      language.Tag
		wantTag  language.Tag
		wantLang string
	}{
		{language.English, language.English, "en"},
		{language.French, language.French, "fr"},
		{language.CanadianFrench, language.French, "fr"},
		{language.German, language.English, "en"},
		{language.Und, language.English, "en"},
	}
	for _, tt := range tests {
		l := b.Localizer(tt.tag)
		if l.Tag() != tt.wantTag || l.Lang() != tt.wantLang {
			t.Errorf("Localizer(%v): got %v %q, want %v %q", tt.tag, l.Tag(), l.Lang(), tt.wantTag, tt.wantLang)
		}
	}
}

func TestT(t *testing.T) {
	b := newTestBundle(t)
	tests := []struct {
		lang, ctx, msgid string
		args             []any
		want             string
	}{
		{"fr", "", "Timeline", nil, "Chronologie"},
		{"en", "", "Timeline", nil, "Timeline"},
		{"fr", "", "Sign out", nil, "Se déconnecter"},
		{"fr", "", "Uploading %s", []any{"chat.jpg"}, "Envoi de chat.jpg"},
		{"fr", "", "%s rejected: %s", []any{"a.exe", "not a photo"}, "a.exe refusé\u00a0: not a photo"},
		{"fr", "", "Not in the catalogue", nil, "Not in the catalogue"},
		{"fr", "", "Not in the catalogue: %d%%", []any{5}, "Not in the catalogue: 5%"},
		{"fr", "", "100% literal without args", nil, "100% literal without args"},
		{"fr", "month", "May", nil, "mai"},
		{"fr", "short month", "May", nil, "mai"},
		{"fr", "no such context", "May", nil, "May"},
		{"fr", "", "May", nil, "May"}, // only the contexted entries exist
		{"fr", "", "", nil, ""},       // not the header entry
	}
	for _, tt := range tests {
		l := b.Localizer(language.Make(tt.lang))
		if got := l.TC(tt.ctx, tt.msgid, tt.args...); got != tt.want {
			t.Errorf("%s: TC(%q, %q): got %q, want %q", tt.lang, tt.ctx, tt.msgid, got, tt.want)
		}
		if tt.ctx == "" {
			if got := l.T(tt.msgid, tt.args...); got != tt.want {
				t.Errorf("%s: T(%q): got %q, want %q", tt.lang, tt.msgid, got, tt.want)
			}
		}
	}
}

// untranslated is a French catalogue whose messages are all unusable, each in
// its own way.
const untranslated = frHeader + `#, fuzzy
msgid "Fuzzy"
msgstr "Flou"

msgid "Empty"
msgstr ""

msgid "%d short plural"
msgid_plural "%d short plurals"
msgstr[0] "%d pluriel court"

msgid "%d empty form"
msgid_plural "%d empty forms"
msgstr[0] "%d forme vide"
msgstr[1] ""

msgid "Translated"
msgstr "Traduit"
`

func TestUntranslatedFallsBackToEnglish(t *testing.T) {
	b, err := newBundle(catalogues(map[string]string{"en.po": enHeader, "fr.po": untranslated}))
	if err != nil {
		t.Fatal(err)
	}
	fr := b.Localizer(language.French)
	for _, id := range []string{"Fuzzy", "Empty"} {
		if got := fr.T(id); got != id {
			t.Errorf("T(%q): got %q, want %q", id, got, id)
		}
	}
	for _, id := range []string{"%d short plural", "%d empty form"} {
		for n, want := range map[int]string{0: "0 " + id[3:] + "s", 1: "1 " + id[3:]} {
			if got := fr.N(id, id+"s", n, n); got != want {
				t.Errorf("N(%q, %d): got %q, want %q", id, n, got, want)
			}
		}
	}
	got := b.Missing([]string{"Fuzzy", "Empty", "%d short plural", "%d empty form", "Translated", "Absent"})
	want := map[string][]string{
		"en": {"Fuzzy", "Empty", "%d short plural", "%d empty form", "Translated", "Absent"},
		"fr": {"Fuzzy", "Empty", "%d short plural", "%d empty form", "Absent"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Missing differs (-want +got):\n%s", diff)
	}
}

func TestMissingAndIDs(t *testing.T) {
	b := newTestBundle(t)
	ids := b.IDs()
	for _, want := range []string{"Albums", "%d photo", "month" + ContextSeparator + "July"} {
		if !slices.Contains(ids, want) {
			t.Errorf("IDs lacks %q", want)
		}
	}
	got := b.Missing([]string{"Albums", "month" + ContextSeparator + "July", "No such message"})
	want := map[string][]string{"en": {"No such message"}, "fr": {"No such message"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Missing differs (-want +got):\n%s", diff)
	}
}

// TestConcurrentUse lets the race detector check that a Localizer needs no
// locking: handlers share one per language.
func TestConcurrentUse(t *testing.T) {
	b := newTestBundle(t)
	var wg sync.WaitGroup
	for _, tag := range b.Languages() {
		for range 4 {
			wg.Go(func() {
				l := b.Localizer(tag)
				_ = l.T("Albums") + l.N("%d photo", "%d photos", 3, 3) + l.Number(12345.6) + l.Bytes(1<<20)
			})
		}
	}
	wg.Wait()
}
