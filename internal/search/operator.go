package search

import "strings"

// operator reads the value of `name:` (l.pos is after the colon) and returns
// its leaf, or an Or of leaves for alternatives.
func (l *lexer) operator(start int, name string) (Node, error) {
	op, builtin := operators[key(name)]
	field := Fold(name)
	if !builtin && (l.opts.Field == nil || !validName(field) || !l.opts.Field(field)) {
		return nil, errAt(l.src, start, start+len(name)+1, ErrUnknownOperator, name)
	}
	texts, spans, err := l.values(start, name)
	if err != nil {
		return nil, err
	}
	nodes := make([]Node, len(texts))
	for i, t := range texts {
		n, k, args := l.leaf(op, builtin, field, name, t)
		if n == nil {
			return nil, errAt(l.src, spans[i][0], spans[i][1], k, args...)
		}
		nodes[i] = n
	}
	return or(nodes), nil
}

// leaf makes one alternative's leaf, or says what is wrong with it.
func (l *lexer) leaf(op operator, builtin bool, field, name string, t Text) (Node, ErrorKey, []string) {
	if !builtin {
		if l.opts.Check != nil {
			if k, args := l.opts.Check(field, t); k != "" {
				return nil, k, args
			}
		}
		return Match{Op: OpField, Field: field, Value: t}, "", nil
	}
	v := t.Raw
	switch op.kind {
	case opMatch:
		return Match{Op: op.match, Value: t}, "", nil
	case opType:
		if k, ok := kinds[key(v)]; ok {
			return TypeIs{Kind: k}, "", nil
		}
		return nil, ErrUnknownValue, []string{name, v, "photo, video, pdf, other"}
	case opOrientation:
		if o, ok := orientations[key(v)]; ok {
			return OrientationIs{Orientation: o}, "", nil
		}
		return nil, ErrUnknownValue, []string{name, v, "portrait, landscape, square"}
	case opHas, opNo:
		h, ok := Has{Flag: flags[key(v)]}, true
		if h.Flag == "" {
			h.Field = Fold(v)
			ok = l.opts.Field != nil && !IsReserved(v) && validName(h.Field) && l.opts.Field(h.Field)
		}
		if !ok {
			return nil, ErrUnknownValue, []string{name, v, flagList()}
		}
		if op.kind == opNo {
			return Not{Node: h}, "", nil
		}
		return h, "", nil
	case opDate:
		r, k, ok := ParseDateRange(v)
		if !ok {
			return nil, k, []string{name, v}
		}
		return Dates{Field: op.date, Range: r}, "", nil
	case opRating, opSize, opLevel:
		return numLeaf(op.kind, name, v)
	case opNear:
		if n, ok := parseNear(v); ok {
			return n, "", nil
		}
		return nil, ErrBadNear, []string{v}
	}
	return nil, ErrUnknownOperator, []string{name}
}

func numLeaf(kind opKind, name, v string) (Node, ErrorKey, []string) {
	units := []string{"mpix", "mpx", "mp"}
	if kind != opSize {
		units = nil
	}
	r, k, ok := ParseNumRange(v, units...)
	if !ok {
		return nil, k, []string{name, v}
	}
	if kind == opSize {
		return Size{Range: r}, "", nil
	}
	if kind == opLevel {
		return Level{Range: r}, "", nil
	}
	if (r.Lo.Set && r.Lo.Value > 5) || (r.Hi.Set && r.Hi.Value > 5) {
		return nil, ErrBadNumber, []string{name, v}
	}
	return Rating{Range: r}, "", nil
}

// validName reports whether a folded field name prints back as an operator
// name (has:/no: take a field's name as their value).
func validName(s string) bool {
	l := lexer{src: s + ":"}
	name, ok := l.operatorName(0)
	return ok && name == s
}

func flagList() string {
	names := make([]string, len(Flags))
	for i, f := range Flags {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}
