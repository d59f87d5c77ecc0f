package search

import (
	"strconv"
	"strings"
)

// Node is one node of a parsed query: an And, Or or Not over leaves. Every
// node prints itself in the canonical syntax with String, which parses back
// to an equal tree (the UI's chips and the tests rely on it).
type Node interface {
	String() string
	node()
}

// And holds two or more nodes that must all match. Nested Ands are flattened.
type And struct{ Nodes []Node }

// Or holds two or more nodes of which one must match. Nested Ors are
// flattened, so `tag:a|b OR c` is one Or of three leaves.
type Or struct{ Nodes []Node }

// Not matches what its node does not. A double negation is removed while
// parsing, so Not never holds a Not.
type Not struct{ Node Node }

// Text is a value as typed (Raw) and in its folded form (lower case, accents
// and compatibility forms removed; see Fold). Quoted reports that it was
// typed between double quotes: for a Word it is a phrase.
type Text struct {
	Raw    string
	Folded string
	Quoted bool
}

// Word is a bare word or, when Quoted, a phrase: free text matched against
// every searchable text of an item.
type Word struct{ Text }

// MatchOp names the text operators whose value is matched against one kind of
// text.
type MatchOp string

// The text operators. OpField is a custom field; Match.Field names it.
const (
	OpTag    MatchOp = "tag"
	OpAlbum  MatchOp = "album"
	OpPlace  MatchOp = "place"
	OpCamera MatchOp = "camera"
	OpLens   MatchOp = "lens"
	OpField  MatchOp = "field"
)

// Match is `tag:`, `album:`, `place:`, `camera:`, `lens:` or a custom field
// (`coloris:rouge`, Op OpField and Field "coloris", the field's folded name).
type Match struct {
	Op    MatchOp
	Field string
	Value Text
}

// Kind is a media type of `type:`.
type Kind string

// The media types.
const (
	KindPhoto Kind = "photo"
	KindVideo Kind = "video"
	KindPDF   Kind = "pdf"
	KindOther Kind = "other"
)

// TypeIs is `type:KIND`.
type TypeIs struct{ Kind Kind }

// Orientation is a value of `orientation:`.
type Orientation string

// The orientations.
const (
	Portrait  Orientation = "portrait"
	Landscape Orientation = "landscape"
	Square    Orientation = "square"
)

// OrientationIs is `orientation:VALUE`.
type OrientationIs struct{ Orientation Orientation }

// Flag is a built-in property tested by `has:` and `no:`.
type Flag string

// The flags of `has:` and `no:`.
const (
	FlagGPS         Flag = "gps"
	FlagTitle       Flag = "title"
	FlagDescription Flag = "description"
	FlagTags        Flag = "tags"
	FlagPlace       Flag = "place"
	FlagCamera      Flag = "camera"
	FlagLens        Flag = "lens"
	FlagRating      Flag = "rating"
	FlagCreator     Flag = "creator"
	FlagCredit      Flag = "credit"
)

// Flags lists every flag, in the order the UI offers them.
var Flags = []Flag{FlagGPS, FlagTitle, FlagDescription, FlagTags, FlagPlace,
	FlagCamera, FlagLens, FlagRating, FlagCreator, FlagCredit}

// Has is `has:FLAG` (Flag set) or `has:FIELD` for a custom field (Field set,
// the field's folded name): the item has a value. `no:X` parses to Not{Has}.
type Has struct {
	Flag  Flag
	Field string
}

// Untagged is the bare keyword `untagged`: the item has no tag.
type Untagged struct{}

// DateField names the date of a Dates leaf.
type DateField string

// The dates an item has.
const (
	Taken DateField = "taken"
	Added DateField = "added"
)

// Date is a calendar date of year, month or day precision: Month and Day are
// zero when not given. The zero Date is "no bound".
type Date struct{ Year, Month, Day int }

// DateRange is an inclusive range of periods: it starts with the first day of
// From and ends with the last day of To (`2019..2021-06` is 2019-01-01 to
// 2021-06-30). A zero From or To is open. `2019` is From = To = 2019;
// comparisons become ranges (`>2026-01` is From 2026-02).
type DateRange struct{ From, To Date }

// Dates is `taken:RANGE` or `added:RANGE`.
type Dates struct {
	Field DateField
	Range DateRange
}

// Bound is one end of a NumRange. Strict excludes Value itself (`>4`).
type Bound struct {
	Value       float64
	Set, Strict bool
}

// NumRange is a range of numbers; an unset bound is open. `4` is Lo = Hi = 4.
type NumRange struct{ Lo, Hi Bound }

// Rating is `rating:RANGE` on the item's rating (0 to 5).
type Rating struct{ Range NumRange }

// Size is `size:RANGE`, in megapixels.
type Size struct{ Range NumRange }

// Level is `level:RANGE` on the item's privacy level (0 everybody, 1
// contacts, 2 friends, 4 family, 8 administrators); a viewer only ever
// finds items at levels they reach.
type Level struct{ Range NumRange }

// Near is `near:LAT,LON,KM`: within KM kilometres of a point, in degrees.
type Near struct{ Lat, Lon, KM float64 }

func (And) node()           {}
func (Or) node()            {}
func (Not) node()           {}
func (Word) node()          {}
func (Match) node()         {}
func (TypeIs) node()        {}
func (OrientationIs) node() {}
func (Has) node()           {}
func (Untagged) node()      {}
func (Dates) node()         {}
func (Rating) node()        {}
func (Size) node()          {}
func (Near) node()          {}
func (Level) node()         {}

func (n And) String() string {
	parts := make([]string, len(n.Nodes))
	for i, c := range n.Nodes {
		// OR binds tighter than the implicit AND: an Or child needs no parentheses.
		parts[i] = c.String()
		if _, ok := c.(And); ok {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " ")
}

func (n Or) String() string {
	if prefix, values, ok := alternatives(n); ok {
		return prefix + strings.Join(values, "|")
	}
	parts := make([]string, len(n.Nodes))
	for i, c := range n.Nodes {
		parts[i] = c.String()
		if _, ok := c.(And); ok {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " OR ")
}

// alternatives reports whether every node of n is a leaf of one operator, so
// that n prints as `op:v1|v2`.
func alternatives(n Or) (prefix string, values []string, ok bool) {
	for i, c := range n.Nodes {
		p, v, ok := leaf(c)
		if !ok || p == "" || (i > 0 && p != prefix) {
			return "", nil, false
		}
		prefix = p
		values = append(values, v)
	}
	return prefix, values, len(values) > 1
}

func (n Not) String() string {
	if h, ok := n.Node.(Has); ok {
		return "no:" + h.value()
	}
	switch c := n.Node.(type) {
	case And:
		return "-(" + c.String() + ")"
	case Or:
		if _, _, ok := alternatives(c); !ok {
			return "-(" + c.String() + ")"
		}
	}
	return "-" + n.Node.String()
}

// leaf splits a leaf into its operator prefix ("" for words) and its value.
func leaf(n Node) (prefix, value string, ok bool) {
	switch n := n.(type) {
	case Word:
		return "", n.Text.print(), true
	case Untagged:
		return "", "untagged", true
	case Match:
		if n.Op == OpField {
			return n.Field + ":", n.Value.print(), true
		}
		return string(n.Op) + ":", n.Value.print(), true
	case TypeIs:
		return "type:", string(n.Kind), true
	case OrientationIs:
		return "orientation:", string(n.Orientation), true
	case Has:
		return "has:", n.value(), true
	case Not:
		if h, ok := n.Node.(Has); ok {
			return "no:", h.value(), true
		}
	case Dates:
		return string(n.Field) + ":", n.Range.String(), true
	case Rating:
		return "rating:", n.Range.format(""), true
	case Size:
		return "size:", n.Range.format("mp"), true
	case Level:
		return "level:", n.Range.format(""), true
	case Near:
		return "near:", num(n.Lat) + "," + num(n.Lon) + "," + num(n.KM), true
	}
	return "", "", false
}

func leafString(n Node) string {
	p, v, _ := leaf(n)
	return p + v
}

func (n Word) String() string          { return leafString(n) }
func (n Match) String() string         { return leafString(n) }
func (n TypeIs) String() string        { return leafString(n) }
func (n OrientationIs) String() string { return leafString(n) }
func (n Has) String() string           { return leafString(n) }
func (n Untagged) String() string      { return leafString(n) }
func (n Dates) String() string         { return leafString(n) }
func (n Rating) String() string        { return leafString(n) }
func (n Size) String() string          { return leafString(n) }
func (n Near) String() string          { return leafString(n) }
func (n Level) String() string         { return leafString(n) }

func (h Has) value() string {
	if h.Field != "" {
		return h.Field
	}
	return string(h.Flag)
}

// print writes t as typed: quoted (with \" and \\ escaped) or bare.
func (t Text) print() string {
	if !t.Quoted {
		return t.Raw
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(t.Raw) + `"`
}

// String prints d as YYYY, YYYY-MM or YYYY-MM-DD; the zero Date prints "".
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return pad(d.Year, 4)
	case d.Day == 0:
		return pad(d.Year, 4) + "-" + pad(d.Month, 2)
	}
	return pad(d.Year, 4) + "-" + pad(d.Month, 2) + "-" + pad(d.Day, 2)
}

// IsZero reports whether d is no bound.
func (d Date) IsZero() bool { return d.Year == 0 }

// String prints r canonically: `2019`, `2019..2021-06`, `2021..`, `..2020`.
func (r DateRange) String() string {
	if r.From == r.To {
		return r.From.String()
	}
	return r.From.String() + ".." + r.To.String()
}

func (r NumRange) format(unit string) string {
	lo, hi := num(r.Lo.Value)+unit, num(r.Hi.Value)+unit
	switch {
	case r.Lo.Set && r.Hi.Set && r.Lo == r.Hi && !r.Lo.Strict:
		return lo
	case r.Lo.Set && r.Hi.Set:
		return lo + ".." + hi
	case r.Lo.Set && r.Lo.Strict:
		return ">" + lo
	case r.Lo.Set:
		return ">=" + lo
	case r.Hi.Strict:
		return "<" + hi
	}
	return "<=" + hi
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
