package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePO(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantHeader string
		want       map[string]*entry
	}{
		{
			name: "header and a message",
			in: `# A translator's comment.
msgid ""
msgstr ""
"Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

#: web/templates/layout.html:12
msgid "Albums"
msgstr "Albums"
`,
			wantHeader: "Language: fr\nPlural-Forms: nplurals=2; plural=(n > 1);\n",
			want:       map[string]*entry{"Albums": {id: "Albums", strs: []string{"Albums"}, line: 8}},
		},
		{
			name: "context",
			in:   "msgctxt \"month\"\nmsgid \"May\"\nmsgstr \"mai\"\n",
			want: map[string]*entry{"month\x04May": {ctxt: "month", id: "May", strs: []string{"mai"}, line: 1}},
		},
		{
			name: "empty context is no context",
			in:   "msgctxt \"\"\nmsgid \"May\"\nmsgstr \"mai\"\n",
			want: map[string]*entry{"May": {id: "May", strs: []string{"mai"}, line: 1}},
		},
		{
			name: "plural",
			in:   "msgid \"%d photo\"\nmsgid_plural \"%d photos\"\nmsgstr[0] \"%d photo\"\nmsgstr[1] \"%d photos\"\n",
			want: map[string]*entry{"%d photo": {id: "%d photo", plural: "%d photos", hasPlural: true,
				strs: []string{"%d photo", "%d photos"}, line: 1}},
		},
		{
			name: "multi-line strings",
			in:   "msgid \"\"\n\"Your session \"\n\"has expired\"\nmsgstr \"\"\n  \"Votre session \"\n\t\"a expiré\"\n",
			want: map[string]*entry{"Your session has expired": {id: "Your session has expired",
				strs: []string{"Votre session a expiré"}, line: 1}},
		},
		{
			name: "escapes",
			in:   `msgid "a\n\"b\"\t\\c"` + "\n" + `msgstr "x"` + "\n",
			want: map[string]*entry{"a\n\"b\"\t\\c": {id: "a\n\"b\"\t\\c", strs: []string{"x"}, line: 1}},
		},
		{
			name: "comments of every kind and fuzzy",
			in: `# translator
#. extracted
#: reference.go:1
#| msgid "Old"
#, fuzzy, c-format
msgid "New %d"
msgstr "Nouveau %d"

#, c-format
msgid "Kept"
msgstr "Gardé"
#~ msgid "Obsolete"
#~ msgstr "Obsolète"
`,
			want: map[string]*entry{
				"New %d": {id: "New %d", strs: []string{"Nouveau %d"}, fuzzy: true, line: 6},
				"Kept":   {id: "Kept", strs: []string{"Gardé"}, line: 10},
			},
		},
		{
			name: "entries without blank lines, CRLF, byte order mark, no final newline",
			in:   "\uFEFFmsgid \"a\"\r\nmsgstr \"b\"\r\nmsgctxt \"c\"\r\nmsgid \"a\"\r\nmsgstr \"d\"\r\nmsgid \"e\"\r\nmsgstr \"\"",
			want: map[string]*entry{
				"a":      {id: "a", strs: []string{"b"}, line: 1},
				"c\x04a": {ctxt: "c", id: "a", strs: []string{"d"}, line: 3},
				"e":      {id: "e", strs: []string{""}, line: 6},
			},
		},
		{
			name: "keyword glued to its string",
			in:   "msgid\"a\"\nmsgstr\t\"b\"\n",
			want: map[string]*entry{"a": {id: "a", strs: []string{"b"}, line: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parsePO("test.po", []byte(tt.in))
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if f.header != tt.wantHeader {
				t.Errorf("got header %q, want %q", f.header, tt.wantHeader)
			}
			if diff := cmp.Diff(tt.want, f.entries, cmp.AllowUnexported(entry{})); diff != "" {
				t.Errorf("entries differ (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePOErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"msgid at end of file", "msgid \"a\"\n", "test.po:1: entry has no msgstr"},
		{"blank line inside an entry", "\nmsgid \"a\"\n\nmsgstr \"b\"\n", "test.po:2: entry has no msgstr"},
		{"msgstr alone", "msgstr \"b\"\n", "test.po:1: unexpected msgstr outside an entry"},
		{"two contexts", "msgctxt \"a\"\nmsgctxt \"b\"\n", "test.po:2: unexpected msgctxt after msgctxt"},
		{"two msgstr", "msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", "test.po:3: unexpected msgstr after msgstr"},
		{"unknown keyword", "msgid \"a\"\nmsgtxt \"b\"\n", "test.po:2: unknown keyword \"msgtxt\""},
		{"missing quote", "msgid \"a\"\nmsgstr \"b\n", "test.po:2: missing closing quote"},
		{"text after the string", "msgid \"a\" \"b\"\n", "test.po:1: unexpected \"\\\"b\\\"\" after the closing quote"},
		{"unquoted", "msgid a\n", "test.po:1: want a quoted string, got \"a\""},
		{"no string", "msgid\n", "test.po:1: want a quoted string, got \"\""},
		{"unknown escape", "msgid \"a\"\nmsgstr \"\\é\"\n", "test.po:2: unknown escape \\é"},
		{"trailing backslash", "msgid \"a\\", "test.po:1: string ends with a backslash"},
		{"orphan continuation", "msgid \"a\"\nmsgstr \"b\"\n\n\"c\"\n", "test.po:4: string continuation outside an entry"},
		{"comment inside an entry", "msgid \"a\"\n# note\nmsgstr \"b\"\n", "test.po:2: comment inside an entry"},
		{"msgstr for a plural", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", "test.po:3: unexpected msgstr after msgid_plural"},
		{"plural form skipped", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"\n", "test.po:3: msgstr[1] where msgstr[0] is expected"},
		{"plural form repeated", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[0] \"c\"\n", "test.po:4: msgstr[0] where msgstr[1] is expected"},
		{"signed plural index", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[+0] \"b\"\n", "test.po:3: msgstr[+0] where msgstr[0] is expected"},
		{"plural form without msgid_plural", "msgid \"a\"\nmsgstr[0] \"b\"\n", "test.po:2: unexpected msgstr[0] after msgid"},
		{"duplicate", "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", "test.po:4: duplicate message \"a\" (first at line 1)"},
		{"second header", "msgid \"\"\nmsgstr \"x\"\n\nmsgid \"\"\nmsgstr \"y\"\n", "test.po:4: second header entry (first at line 1)"},
		{"plural header", "msgid \"\"\nmsgid_plural \"s\"\nmsgstr[0] \"x\"\n", "test.po:1: header entry has msgid_plural"},
		{"invalid UTF-8", "msgid \"a\"\nmsgstr \"\xe9t\xe9\"\n", "test.po:2: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePO("test.po", []byte(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got error %v, want %s", err, tt.want)
			}
			if pe := (*poError)(nil); !errors.As(err, &pe) {
				t.Errorf("got error of type %T, want *poError", err)
			}
		})
	}
}

// FuzzParsePO checks that the parser never panics and that whatever it
// accepts survives being written back out in canonical form and parsed again.
// The shipped catalogues are seeds, and minimizing inputs that large takes
// the fuzzer a minute each; run it with -fuzzminimizetime=2s.
func FuzzParsePO(f *testing.F) {
	for _, name := range []string{"locales/en.po", "locales/fr.po"} {
		data, err := locales.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"msgid \"a\"\nmsgstr \"b\"\n",
		"msgctxt \"c\"\nmsgid \"\"\n\"a\\n\"\nmsgstr \"b\\t\\\\\"\n",
		"#, fuzzy\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"bs\"\n",
		"msgid \"a\"\nmsgstr[0]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := parsePO("fuzz.po", data)
		if err != nil {
			if pe := (*poError)(nil); !errors.As(err, &pe) || pe.line < 1 {
				t.Fatalf("got error %v, want a *poError with a line number", err)
			}
			return
		}
		out := writePO(first)
		second, err := parsePO("rewritten.po", out)
		if err != nil {
			t.Fatalf("rewritten file: got error %v, want none\n%s", err, out)
		}
		if first.header != second.header {
			t.Errorf("got header %q after rewriting, want %q", second.header, first.header)
		}
		// Lines move when the file is rewritten; everything else must not.
		for _, f := range []*poFile{first, second} {
			for _, e := range f.entries {
				e.line = 0
			}
		}
		// reflect.DeepEqual first: cmp.Diff on every run would slow the
		// fuzzer tenfold.
		if !reflect.DeepEqual(first.entries, second.entries) {
			t.Errorf("entries differ after rewriting (-first +second):\n%s",
				cmp.Diff(first.entries, second.entries, cmp.AllowUnexported(entry{})))
		}
	})
}

// writePO writes f the way translators' tools do, one string per line.
func writePO(f *poFile) []byte {
	var b bytes.Buffer
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`).Replace
	if f.headerLine != 0 {
		fmt.Fprintf(&b, "msgid \"\"\nmsgstr \"%s\"\n\n", quote(f.header))
	}
	keys := make([]string, 0, len(f.entries))
	for k := range f.entries {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		e := f.entries[k]
		if e.fuzzy {
			b.WriteString("#, fuzzy\n")
		}
		if e.ctxt != "" {
			fmt.Fprintf(&b, "msgctxt \"%s\"\n", quote(e.ctxt))
		}
		fmt.Fprintf(&b, "msgid \"%s\"\n", quote(e.id))
		if !e.hasPlural {
			fmt.Fprintf(&b, "msgstr \"%s\"\n\n", quote(e.strs[0]))
			continue
		}
		fmt.Fprintf(&b, "msgid_plural \"%s\"\n", quote(e.plural))
		for i, s := range e.strs {
			fmt.Fprintf(&b, "msgstr[%d] \"%s\"\n", i, quote(s))
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}
