package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tEOF tokenKind = iota
	tLParen
	tRParen
	tOr
	tAnd
	tMinus
	tTerm
)

type token struct {
	kind     tokenKind
	pos, end int
	text     string // as typed
	node     Node   // for tTerm
}

// lexer cuts the query into tokens, one at a time, and reads each term's
// operator and value.
type lexer struct {
	src  string
	pos  int
	opts Options
}

func (l *lexer) peek(at int) rune {
	if at >= len(l.src) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(l.src[at:])
	return r
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// ends reports whether r ends a bare word or value.
func ends(r rune) bool {
	return r == -1 || isSpace(r) || r == '(' || r == ')' || r == '"' || r == '|'
}

func (l *lexer) next() (token, error) {
	for isSpace(l.peek(l.pos)) {
		_, n := utf8.DecodeRuneInString(l.src[l.pos:])
		l.pos += n
	}
	start := l.pos
	tok := func(k tokenKind, size int) (token, error) {
		l.pos += size
		return token{kind: k, pos: start, end: l.pos, text: l.src[start:l.pos]}, nil
	}
	switch c := l.peek(start); c {
	case -1:
		return token{kind: tEOF, pos: start, end: start}, nil
	case '(':
		return tok(tLParen, 1)
	case ')':
		return tok(tRParen, 1)
	case '|':
		if r := l.peek(start + 1); r == -1 || isSpace(r) || r == '(' || r == ')' {
			return tok(tOr, 1)
		}
		return token{}, errAt(l.src, start, start+1, ErrMisplacedPipe)
	case '-':
		if r := l.peek(start + 1); r == -1 || isSpace(r) || r == ')' || r == '-' || r == '|' {
			return token{}, errAt(l.src, start, start+1, ErrDanglingMinus)
		}
		return tok(tMinus, 1)
	case '"':
		t, err := l.quoted()
		if err != nil {
			return token{}, err
		}
		if t.Raw == "" {
			return token{}, errAt(l.src, start, l.pos, ErrEmptyPhrase)
		}
		return l.term(start, Word{t})
	}
	if name, ok := l.operatorName(start); ok {
		l.pos = start + len(name) + 1
		n, err := l.operator(start, name)
		if err != nil {
			return token{}, err
		}
		return l.term(start, n)
	}
	end := start
	for !ends(l.peek(end)) {
		_, n := utf8.DecodeRuneInString(l.src[end:])
		end += n
	}
	l.pos = end
	if l.peek(end) == '|' {
		return token{}, errAt(l.src, end, end+1, ErrMisplacedPipe)
	}
	raw := l.src[start:end]
	switch raw {
	case "OR", "OU":
		return token{kind: tOr, pos: start, end: end, text: raw}, nil
	case "AND", "ET":
		return token{kind: tAnd, pos: start, end: end, text: raw}, nil
	}
	if untaggedWords[key(raw)] {
		return l.term(start, Untagged{})
	}
	return l.term(start, Word{Text{Raw: raw, Folded: Fold(raw)}})
}

func (l *lexer) term(start int, n Node) (token, error) {
	return token{kind: tTerm, pos: start, end: l.pos, text: l.src[start:l.pos], node: n}, nil
}

// operatorName returns the name of `name:` at start: a letter, then letters,
// marks, digits, hyphens or underscores, then a colon.
func (l *lexer) operatorName(start int) (string, bool) {
	i := start
	for i < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[i:])
		switch {
		case r == ':':
			return l.src[start:i], i > start
		case unicode.IsLetter(r) || (i > start && (unicode.IsMark(r) || unicode.IsDigit(r) || r == '-' || r == '_')):
			i += n
		default:
			return "", false
		}
	}
	return "", false
}

// quoted reads a phrase at l.pos: `"…"` with \" and \\ escaped. Its text is
// trimmed and its inner spaces collapsed to one.
func (l *lexer) quoted() (Text, error) {
	start := l.pos
	var b strings.Builder
	for i := start + 1; i < len(l.src); i++ {
		switch c := l.src[i]; {
		case c == '\\' && i+1 < len(l.src) && (l.src[i+1] == '"' || l.src[i+1] == '\\'):
			b.WriteByte(l.src[i+1])
			i++
		case c == '"':
			l.pos = i + 1
			raw := strings.Join(strings.Fields(b.String()), " ")
			return Text{Raw: raw, Folded: Fold(raw), Quoted: true}, nil
		default:
			b.WriteByte(c)
		}
	}
	return Text{}, errAt(l.src, start, len(l.src), ErrUnclosedQuote)
}

// values reads an operator's value at l.pos: alternatives separated by |,
// each bare or quoted. It returns each one's text and byte span.
func (l *lexer) values(opStart int, name string) ([]Text, [][2]int, error) {
	var texts []Text
	var spans [][2]int
	for {
		start := l.pos
		var t Text
		if l.peek(start) == '"' {
			var err error
			if t, err = l.quoted(); err != nil {
				return nil, nil, err
			}
		} else {
			end := start
			for !ends(l.peek(end)) {
				_, n := utf8.DecodeRuneInString(l.src[end:])
				end += n
			}
			l.pos = end
			t = Text{Raw: l.src[start:end], Folded: Fold(l.src[start:end])}
		}
		if t.Raw == "" {
			return nil, nil, errAt(l.src, opStart, l.pos, ErrEmptyValue, name+":")
		}
		texts = append(texts, t)
		spans = append(spans, [2]int{start, l.pos})
		if l.peek(l.pos) != '|' {
			return texts, spans, nil
		}
		l.pos++
	}
}
