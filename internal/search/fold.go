package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// letters that compatibility decomposition keeps whole but readers do not
// distinguish from plain Latin letters in a search box.
var foldTable = map[rune]string{
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'ẞ': "ss",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d",
	'þ': "th", 'Þ': "th", 'ı': "i", '’': "'", '‘': "'",
}

// Fold returns s in lower case without accents or compatibility forms
// ("Église" → "eglise", "Œuvre" → "oeuvre", "ﬁn" → "fin"). The planner's
// index must fold text the same way.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if t, ok := foldTable[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// key folds a keyword, operator name or enumerated value for lookup: folded,
// without hyphens, underscores or spaces ("Mot-clé" → "motcle").
func key(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, Fold(s))
}
