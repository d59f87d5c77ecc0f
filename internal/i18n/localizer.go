package i18n

import (
	"fmt"

	"golang.org/x/text/language"
)

// Localizer translates and formats for one language. Get one from
// Bundle.Localizer; it is immutable and safe for concurrent use.
type Localizer struct {
	cat *catalog
	// point and group are the decimal and thousands separators, read once
	// from the catalogue because every number needs them.
	point, group string
}

func newLocalizer(cat *catalog) *Localizer {
	l := &Localizer{cat: cat}
	l.point = l.TC(ctxNumber, ".")
	l.group = l.TC(ctxNumber, ",")
	return l
}

// Tag returns the language of the Localizer's catalogue: language.English or
// language.French, never a regional variant.
func (l *Localizer) Tag() language.Tag { return l.cat.tag }

// Lang returns the language code for <html lang>: "en" or "fr".
func (l *Localizer) Lang() string { return l.cat.lang }

// T translates msgid, then formats args into it as fmt.Sprintf does. Without
// args the translation is returned as is, so a literal "%" needs no escaping.
// A msgid the catalogue lacks, or has untranslated, comes back as itself:
// English text is better than nothing.
func (l *Localizer) T(msgid string, args ...any) string {
	return l.TC("", msgid, args...)
}

// TC is T for a message with a msgctxt, which tells apart two messages whose
// English is the same ("May" the month and "May" the verb). An empty ctx is
// the same as T.
func (l *Localizer) TC(ctx, msgid string, args ...any) string {
	s := msgid
	if e, ok := l.cat.lookup(key(ctx, msgid)); ok {
		s = e.strs[0]
	}
	return sprintf(s, args)
}

// N translates a message that depends on a count n: singular and plural are
// its English forms, and the catalogue has as many forms as the language
// needs. n only chooses the form; pass it again in args to print it, as in
// l.N("%d photo", "%d photos", n, n). An untranslated message uses singular
// for n == 1 and plural otherwise.
func (l *Localizer) N(singular, plural string, n int, args ...any) string {
	s := plural
	if n == 1 {
		s = singular
	}
	if e, ok := l.cat.lookup(key("", singular)); ok && e.hasPlural {
		s = e.strs[l.cat.rule.index(n)]
	}
	return sprintf(s, args)
}

func sprintf(s string, args []any) string {
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}
