package i18n

import (
	"fmt"
	"io"
	"strconv"

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
	return l.sprintf(s, args)
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
	return l.sprintf(s, args)
}

// sprintf formats args into s as fmt.Sprintf does, except that an integer
// printed with a plain %d gets the language's thousands separator, so that
// "%d items" reads "12,345 items" and "12 345 éléments" without every
// caller remembering l.Int.
func (l *Localizer) sprintf(s string, args []any) string {
	if len(args) == 0 {
		return s
	}
	args = append([]any(nil), args...) // the caller's slice stays as it was
	for i, a := range args {
		switch n := a.(type) {
		case int:
			args[i] = groupedInt{l, int64(n)}
		case int64:
			args[i] = groupedInt{l, n}
		case int32:
			args[i] = groupedInt{l, int64(n)}
		}
	}
	return fmt.Sprintf(s, args...)
}

// groupedInt is an integer argument of T or N: %d writes it with the
// thousands separator; any other verb, or %d with a width or flags, as fmt
// would.
type groupedInt struct {
	l *Localizer
	n int64
}

func (g groupedInt) Format(f fmt.State, verb rune) {
	_, wide := f.Width()
	_, precise := f.Precision()
	if verb != 'd' || wide || precise || f.Flag('+') || f.Flag('-') || f.Flag('0') || f.Flag(' ') || f.Flag('#') {
		fmt.Fprintf(f, fmt.FormatString(f, verb), g.n)
		return
	}
	io.WriteString(f, g.l.group3(strconv.FormatInt(g.n, 10), ""))
}
