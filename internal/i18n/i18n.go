// Package i18n holds Imagier's user interface text in English and French and
// formats dates, numbers and file sizes for each language.
//
// The text lives in gettext PO catalogues under locales/, one per language,
// so that translators work in Poedit or Weblate rather than in Go. English
// msgids are the source strings; en.po repeats them as msgstr so that English
// wording can be adjusted without touching code. Month and weekday names,
// date layouts, number separators and byte units are catalogue entries too,
// with a msgctxt, so that translators own them as well.
//
// A Bundle is built once at start-up with New; it and the Localizers it hands
// out are immutable and safe for concurrent use.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// locales is read-only: embed.FS cannot be changed at run time.
//
//go:embed locales/*.po
var locales embed.FS

// sourceLang is the language of the msgids, used when nothing else matches.
const sourceLang = "en"

// Bundle holds every catalogue. It is immutable after New.
type Bundle struct {
	locs    []*Localizer // sourceLang first: the Matcher's default is its first tag
	matcher language.Matcher
}

// New parses the catalogues embedded in the binary. An error means a
// catalogue is malformed; it names the file and line.
func New() (*Bundle, error) {
	return newBundle(locales)
}

// newBundle reads locales/*.po from fsys; tests give it broken catalogues.
func newBundle(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "locales/*.po")
	if err != nil {
		return nil, err
	}
	b := &Bundle{}
	var tags []language.Tag
	for _, name := range names {
		cat, err := readCatalog(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		loc := newLocalizer(cat)
		if cat.lang == sourceLang {
			b.locs = slices.Insert(b.locs, 0, loc)
			tags = slices.Insert(tags, 0, cat.tag)
		} else {
			b.locs = append(b.locs, loc)
			tags = append(tags, cat.tag)
		}
	}
	if len(b.locs) == 0 || b.locs[0].cat.lang != sourceLang {
		return nil, fmt.Errorf("i18n: no locales/%s.po", sourceLang)
	}
	b.matcher = language.NewMatcher(tags)
	return b, nil
}

// catalog is one language's parsed PO file.
type catalog struct {
	tag     language.Tag
	lang    string // tag's base language, as in the file name: "fr"
	rule    pluralRule
	entries map[string]*entry
}

// readCatalog parses one PO file and checks that its header agrees with its
// file name and with the plural rule this package applies.
func readCatalog(fsys fs.FS, name string) (*catalog, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	f, err := parsePO(name, data)
	if err != nil {
		return nil, err
	}
	if f.headerLine == 0 {
		return nil, fmt.Errorf("%s: no header entry (msgid \"\") with Language and Plural-Forms", name)
	}
	fields, err := f.headerFields(name)
	if err != nil {
		return nil, err
	}
	lang := strings.TrimSuffix(path.Base(name), ".po")
	tag, err := language.Parse(lang)
	if err != nil || tag.String() != lang {
		return nil, fmt.Errorf("%s: file name is not a plain language code", name)
	}
	at := func(msg string, args ...any) error {
		return &poError{name, f.headerLine, fmt.Sprintf(msg, args...)}
	}
	if fields["language"] != lang {
		return nil, at("header Language is %q, want %q as in the file name", fields["language"], lang)
	}
	// Only UTF-8 is read; a PO file in Latin-1 would otherwise show mojibake.
	if ct := strings.ToLower(fields["content-type"]); ct != "" && !strings.Contains(ct, "charset=utf-8") {
		return nil, at("header Content-Type is %q, want charset=UTF-8", fields["content-type"])
	}
	rule := pluralRuleFor(lang)
	n, expr := normalizePluralForms(fields["plural-forms"])
	if n != strconv.Itoa(rule.nplurals) || expr != rule.expr {
		return nil, at("header Plural-Forms is %q, want nplurals=%d; plural=%s; (the rule this package applies for %s)",
			fields["plural-forms"], rule.nplurals, rule.expr, lang)
	}
	return &catalog{tag: tag, lang: lang, rule: rule, entries: f.entries}, nil
}

// lookup returns the entry for k only if it is translated: present, not
// fuzzy, no empty msgstr, and as many plural forms as the language has.
func (c *catalog) lookup(k string) (*entry, bool) {
	e, ok := c.entries[k]
	if !ok || e.fuzzy || slices.Contains(e.strs, "") {
		return nil, false
	}
	if e.hasPlural && len(e.strs) != c.rule.nplurals {
		return nil, false
	}
	return e, true
}

// Languages returns the languages the bundle has a catalogue for, English
// first.
func (b *Bundle) Languages() []language.Tag {
	tags := make([]language.Tag, len(b.locs))
	for i, l := range b.locs {
		tags[i] = l.cat.tag
	}
	return tags
}

// Match chooses the language of a response. cookie holds the user's explicit
// choice and wins when it names a language we have; otherwise the browser's
// Accept-Language header is negotiated. English is the answer when neither
// helps, including when either is malformed: a bad header must not fail a
// page.
func (b *Bundle) Match(acceptLanguage, cookie string) language.Tag {
	if t, err := language.Parse(cookie); err == nil {
		if l := b.byBase(t); l != nil {
			return l.cat.tag
		}
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return b.locs[0].cat.tag
	}
	// Match returns the index of a supported tag; its first return value
	// can carry extensions (en-u-rg-gbzzzz) that we do not want to echo.
	_, i, _ := b.matcher.Match(tags...)
	return b.locs[i].cat.tag
}

// byBase returns the localizer for t's base language, or nil.
func (b *Bundle) byBase(t language.Tag) *Localizer {
	base, _ := t.Base()
	for _, l := range b.locs {
		if l.cat.lang == base.String() {
			return l
		}
	}
	return nil
}

// Localizer returns the Localizer for tag's base language (fr-CA gets
// French), or the English one when there is no catalogue for it. The same
// Localizer is returned every time; it is safe for concurrent use.
func (b *Bundle) Localizer(tag language.Tag) *Localizer {
	if l := b.byBase(tag); l != nil {
		return l
	}
	return b.locs[0]
}

// IDs returns the key of every message in the English catalogue, sorted: its
// msgid, or for a message with a msgctxt, msgctxt + ContextSeparator + msgid.
// A plural message is listed under its singular msgid.
func (b *Bundle) IDs() []string {
	ids := make([]string, 0, len(b.locs[0].cat.entries))
	for k := range b.locs[0].cat.entries {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	return ids
}

// Missing reports, by language ("en", "fr"), which of ids have no usable
// translation: absent, fuzzy, with an empty msgstr or with the wrong number
// of plural forms. ids are keys as IDs returns them. The map is empty when
// every language has them all, so that another package's test can check the
// strings its templates use.
func (b *Bundle) Missing(ids []string) map[string][]string {
	missing := map[string][]string{}
	for _, l := range b.locs {
		for _, id := range ids {
			if _, ok := l.cat.lookup(id); !ok {
				missing[l.cat.lang] = append(missing[l.cat.lang], id)
			}
		}
	}
	return missing
}
