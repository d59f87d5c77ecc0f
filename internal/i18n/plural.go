package i18n

import "strings"

// pluralRule chooses which msgstr[N] a count uses in one language.
type pluralRule struct {
	nplurals int
	expr     string // the Plural-Forms expression, without spaces or outer parentheses
	index    func(n int) int
}

// pluralRuleFor returns the rule Imagier applies for a language. PO files
// carry the rule as a C expression; rather than interpret C, we keep the rule
// of each language we ship here and check that the file's header agrees
// (see checkPluralForms). A language missing here gets the English rule, which
// is also what gettext falls back to for an untranslated message.
func pluralRuleFor(lang string) pluralRule {
	switch lang {
	case "fr":
		return pluralRule{2, "n>1", func(n int) int { return b2i(n > 1) }}
	default:
		return pluralRule{2, "n!=1", func(n int) int { return b2i(n != 1) }}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// normalizePluralForms turns a Plural-Forms header value such as
// "nplurals=2; plural=(n > 1);" into its count and a spacing-free expression
// ("n>1") that can be compared with pluralRule.expr.
func normalizePluralForms(v string) (nplurals, expr string) {
	v = strings.Join(strings.Fields(v), "")
	for part := range strings.SplitSeq(v, ";") {
		if n, ok := strings.CutPrefix(part, "nplurals="); ok {
			nplurals = n
		} else if e, ok := strings.CutPrefix(part, "plural="); ok {
			for len(e) >= 2 && e[0] == '(' && e[len(e)-1] == ')' && balanced(e[1:len(e)-1]) {
				e = e[1 : len(e)-1]
			}
			expr = e
		}
	}
	return nplurals, expr
}

// balanced reports whether s's parentheses pair up, so that "(n>1)" loses its
// outer pair but "(n%10)==(1)" keeps its own.
func balanced(s string) bool {
	depth := 0
	for _, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
