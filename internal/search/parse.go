package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a query, so that hostile input costs little.
const (
	MaxBytes = 1000 // length of the query in bytes
	MaxDepth = 20   // nesting of parentheses
	MaxTerms = 64   // leaves, each alternative of `type:photo|video` counting
)

// Options tells Parse what depends on the library.
type Options struct {
	// Field reports whether name (a folded operator name, e.g. "coloris",
	// "region") is a custom field. Any other unknown operator is an error.
	// Nil means no custom fields.
	Field func(name string) bool
	// Check, when set, checks the value of a custom field (a number field
	// takes ranges of numbers, a date field dates), so that a mistake is
	// pointed at like any other; it returns the key and arguments of the
	// mistake, or "" when the value is fine.
	Check func(field string, value Text) (ErrorKey, []string)
}

// FieldSet returns an Options.Field accepting the given field names, folded.
func FieldSet(names ...string) func(string) bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[Fold(n)] = true
	}
	return func(name string) bool { return set[name] }
}

// Parse reads a query of the search box. A blank query returns a nil Node,
// which matches everything. A mistake returns a *Error.
func Parse(query string, opts Options) (Node, error) {
	if len(query) > MaxBytes {
		at := MaxBytes
		for at > 0 && !utf8.RuneStart(query[at]) {
			at-- // point at the start of the rune that crosses the limit
		}
		return nil, errAt(query, at, len(query), ErrTooLong, strconv.Itoa(MaxBytes))
	}
	for i, r := range query {
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			return nil, errAt(query, i, i+1, ErrInvalidText)
		}
	}
	p := &parser{lexer: lexer{src: query, opts: opts}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	n, err := p.sequence(0, -1)
	if err != nil {
		return nil, err
	}
	return n, nil
}

type parser struct {
	lexer
	tok   token
	terms int
}

func (p *parser) advance() error {
	t, err := p.next()
	if err != nil {
		return err
	}
	p.tok = t
	if t.kind == tTerm {
		p.terms += countLeaves(t.node)
		if p.terms > MaxTerms {
			return p.errTok(ErrTooManyTerms, strconv.Itoa(MaxTerms))
		}
	}
	return nil
}

func (p *parser) errTok(k ErrorKey, args ...string) error {
	return errAt(p.src, p.tok.pos, p.tok.end, k, args...)
}

// sequence reads terms joined by the implicit AND, up to the end or, inside
// parentheses opened at open, up to the closing one.
func (p *parser) sequence(depth, open int) (Node, error) {
	var nodes []Node
	for {
		switch p.tok.kind {
		case tEOF:
			if open >= 0 {
				return nil, errAt(p.src, open, open+1, ErrUnclosedParen)
			}
			return and(nodes), nil
		case tRParen:
			if open < 0 {
				return nil, p.errTok(ErrUnmatchedParen)
			}
			return and(nodes), nil
		case tAnd:
			and := p.tok
			if err := p.advance(); err != nil {
				return nil, err
			}
			if len(nodes) == 0 || !p.startsTerm() {
				return nil, errAt(p.src, and.pos, and.end, ErrMisplacedKeyword, and.text)
			}
		}
		n, err := p.or(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
}

func (p *parser) startsTerm() bool {
	k := p.tok.kind
	return k == tTerm || k == tLParen || k == tMinus
}

// or reads unary terms joined by OR, which binds tighter than the implicit AND.
func (p *parser) or(depth int) (Node, error) {
	if !p.startsTerm() {
		return nil, p.errTok(ErrMisplacedKeyword, p.tok.text)
	}
	n, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	nodes := []Node{n}
	for p.tok.kind == tOr {
		or := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.startsTerm() {
			return nil, errAt(p.src, or.pos, or.end, ErrMisplacedKeyword, or.text)
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	return or(nodes), nil
}

func (p *parser) unary(depth int) (Node, error) {
	if p.tok.kind != tMinus {
		return p.primary(depth)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	n, err := p.primary(depth)
	if err != nil {
		return nil, err
	}
	return not(n), nil
}

func (p *parser) primary(depth int) (Node, error) {
	switch p.tok.kind {
	case tTerm:
		n := p.tok.node
		return n, p.advance()
	case tLParen:
		open := p.tok
		if depth+1 > MaxDepth {
			return nil, p.errTok(ErrTooDeep, strconv.Itoa(MaxDepth))
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tRParen {
			return nil, errAt(p.src, open.pos, p.tok.end, ErrEmptyGroup)
		}
		n, err := p.sequence(depth+1, open.pos)
		if err != nil {
			return nil, err
		}
		return n, p.advance()
	}
	return nil, p.errTok(ErrMisplacedKeyword, p.tok.text)
}

func and(nodes []Node) Node {
	var flat []Node
	for _, n := range nodes {
		if a, ok := n.(And); ok {
			flat = append(flat, a.Nodes...)
		} else {
			flat = append(flat, n)
		}
	}
	switch len(flat) {
	case 0:
		return nil
	case 1:
		return flat[0]
	}
	return And{Nodes: flat}
}

func or(nodes []Node) Node {
	var flat []Node
	for _, n := range nodes {
		if o, ok := n.(Or); ok {
			flat = append(flat, o.Nodes...)
		} else {
			flat = append(flat, n)
		}
	}
	if len(flat) == 1 {
		return flat[0]
	}
	return Or{Nodes: flat}
}

func not(n Node) Node {
	if inner, ok := n.(Not); ok {
		return inner.Node
	}
	return Not{Node: n}
}

func countLeaves(n Node) int {
	if o, ok := n.(Or); ok {
		return len(o.Nodes)
	}
	return 1
}

func errAt(src string, start, end int, k ErrorKey, args ...string) *Error {
	return &Error{Offset: start, End: end, Column: utf8.RuneCountInString(src[:start]) + 1, Key: k, Args: args}
}

// Operators reports the canonical names of the built-in operators, for help
// texts and the UI: every alias maps to one of them.
func Operators() []string {
	return strings.Fields("tag album place camera lens type orientation has no taken added rating size near level")
}
