package gallery

import (
	"strings"
	"unicode"
)

// CleanText is the one rule for free text that people type or files carry:
// line breaks kept (a lone CR, as IPTC and old Mac software write, becomes
// a newline), tabs kept, every other control character dropped, and the
// ends trimmed. HTML is left alone: escaping is the pages' job.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
