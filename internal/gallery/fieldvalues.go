package gallery

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of a field's definition and values: a form, a spreadsheet cell
// and the search index all hold them whole.
const (
	MaxFieldName    = 40
	MaxFieldLabel   = 100
	MaxFieldHelp    = 1000
	MaxFieldChoices = 2000
	MaxChoice       = 200
	MaxFieldText    = 1000
	MaxFieldLong    = 20000
	maxNumberDigits = 30
)

// ValueProblem says why a field refuses a value; the doors word it.
type ValueProblem string

// The reasons a value is refused.
const (
	ProblemNumber   ValueProblem = "number"   // not a decimal number
	ProblemDate     ValueProblem = "date"     // not a calendar day
	ProblemBool     ValueProblem = "bool"     // not yes or no
	ProblemChoice   ValueProblem = "choice"   // not one of the choices
	ProblemTree     ValueProblem = "tree"     // not a path of the list
	ProblemLong     ValueProblem = "long"     // too long
	ProblemMultiple ValueProblem = "multiple" // several values where one goes
	ProblemRequired ValueProblem = "required" // empty, and the field needs one
	ProblemApplies  ValueProblem = "applies"  // the field does not apply to the item
)

// ValueError is a value a field refuses, of kind ErrInvalid.
type ValueError struct {
	Field   string // the field's name
	Value   string
	Problem ValueProblem
	// LabelFR and LabelEN are the field's labels, for the message.
	LabelFR, LabelEN string
}

// Label is the field's label in a language, or its name.
func (e *ValueError) Label(lang string) string {
	if l := (Field{LabelFR: e.LabelFR, LabelEN: e.LabelEN}).Label(lang); l != "" {
		return l
	}
	return e.Field
}

func (e *ValueError) Error() string {
	why := map[ValueProblem]string{
		ProblemNumber: "is not a number", ProblemDate: "is not a date (YYYY-MM-DD or DD/MM/YYYY)",
		ProblemBool: "is not yes or no", ProblemChoice: "is not one of the choices", ProblemTree: "is not a path of the list",
		ProblemLong: "is too long", ProblemMultiple: "holds several values where one goes",
		ProblemRequired: "is empty and the field is required", ProblemApplies: "does not apply to this item",
	}[e.Problem]
	if e.Problem == ProblemRequired || e.Problem == ProblemApplies {
		return fmt.Sprintf("field %s %s", e.Field, why)
	}
	return fmt.Sprintf("field %s: %q %s", e.Field, e.Value, why)
}

// Unwrap makes a ValueError of kind ErrInvalid.
func (e *ValueError) Unwrap() error { return ErrInvalid }

func (f Field) refuse(v string, p ValueProblem) error {
	if utf8.RuneCountInString(v) > 80 {
		v = string([]rune(v)[:80]) + "…"
	}
	return f.Refusal(v, p)
}

// Refusal is the error of a value the field refuses for a reason.
func (f Field) Refusal(v string, p ValueProblem) *ValueError {
	return &ValueError{Field: f.Name, Value: v, Problem: p, LabelFR: f.LabelFR, LabelEN: f.LabelEN}
}

// Canonical checks one value typed for the field and returns it in its
// canonical form (see FieldValue); "" stays "", meaning no value.
// Numbers take a dot or a French decimal comma, dates YYYY-MM-DD or
// DD/MM/YYYY, yes/no either language; a choice or a tree's path is
// matched regardless of case and returned as the list spells it.
func (f Field) Canonical(v string) (string, error) {
	v = CleanText(v)
	if v == "" {
		return "", nil
	}
	switch f.Type {
	case FieldLongText:
		if len(v) > MaxFieldLong {
			return "", f.refuse(v, ProblemLong)
		}
		return v, nil
	case FieldNumber:
		n, ok := canonicalNumber(v)
		if !ok {
			return "", f.refuse(v, ProblemNumber)
		}
		return n, nil
	case FieldDate:
		for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
			if t, err := time.Parse(layout, v); err == nil && t.Year() >= 1 {
				return t.Format("2006-01-02"), nil
			}
		}
		return "", f.refuse(v, ProblemDate)
	case FieldBool:
		switch strings.ToLower(v) {
		case "true", "yes", "oui", "vrai", "1", "y", "o":
			return "true", nil
		case "false", "no", "non", "faux", "0", "n":
			return "false", nil
		}
		return "", f.refuse(v, ProblemBool)
	case FieldChoice, FieldMultiChoice:
		if c, ok := match(f.Choices, v); ok {
			return c, nil
		}
		return "", f.refuse(v, ProblemChoice)
	case FieldTree:
		if c, ok := match(f.TreePaths(), TreePath(v)); ok {
			return c, nil
		}
		return "", f.refuse(v, ProblemTree)
	}
	// Text: one line.
	v = strings.Join(strings.Fields(v), " ")
	if len(v) > MaxFieldText {
		return "", f.refuse(v, ProblemLong)
	}
	return v, nil
}

// CanonicalValues checks the values typed for the field on one item and
// returns them canonical, without blanks or repeats; only a multiple
// choice takes more than one.
func (f Field) CanonicalValues(vs []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		c, err := f.Canonical(v)
		if err != nil {
			return nil, err
		}
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	if len(out) > 1 && !f.Multiple() {
		return nil, f.refuse(strings.Join(vs, " | "), ProblemMultiple)
	}
	return out, nil
}

// match finds v among choices, exactly or else regardless of case.
func match(choices []string, v string) (string, bool) {
	for _, c := range choices {
		if c == v {
			return c, true
		}
	}
	for _, c := range choices {
		if strings.EqualFold(c, v) {
			return c, true
		}
	}
	return "", false
}

// canonicalNumber reads a decimal number ("-12,50", "1 234.5") and writes
// it with a dot, without leading or trailing zeros; exponents, infinities
// and hexadecimal are refused, and digits kept exactly.
func canonicalNumber(v string) (string, bool) {
	v = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, v)
	if strings.Contains(v, ",") {
		if strings.Contains(v, ".") || strings.Count(v, ",") > 1 {
			return "", false
		}
		v = strings.Replace(v, ",", ".", 1)
	}
	neg := false
	if v != "" && (v[0] == '-' || v[0] == '+') {
		neg, v = v[0] == '-', v[1:]
	}
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" && frac == "" || len(whole)+len(frac) > maxNumberDigits || strings.Contains(frac, ".") {
		return "", false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	whole = strings.TrimLeft(whole, "0")
	frac = strings.TrimRight(frac, "0")
	if whole == "" {
		whole = "0"
	}
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, true
}

// TreePath normalises a path typed with any spacing around its ">"
// separators: "Bretagne>Rennes" → "Bretagne > Rennes".
func TreePath(v string) string {
	parts := strings.Split(v, ">")
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(parts, TreeSeparator)
}

// TreePaths returns every path a tree field takes: each line of its
// choices and every level above it, in the list's order, parents first.
func (f Field) TreePaths() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range f.Choices {
		levels := strings.Split(c, TreeSeparator)
		for i := range levels {
			p := strings.Join(levels[:i+1], TreeSeparator)
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// ParseChoices reads the choices of a field as an administrator types
// them, one a line (a tree's as paths whose levels are separated by ">"),
// and checks them: no blank level, no repeat, no "|" (which separates
// several values in a spreadsheet cell), and bounded sizes.
func ParseChoices(t FieldType, text string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(CleanText(text), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			continue
		}
		if t == FieldTree {
			line = TreePath(line)
			for _, level := range strings.Split(line, TreeSeparator) {
				if level == "" {
					return nil, fmt.Errorf("choice %q has an empty level: %w", line, ErrInvalid)
				}
			}
		}
		if strings.Contains(line, "|") || utf8.RuneCountInString(line) > MaxChoice {
			return nil, fmt.Errorf("choice %q: %w", line, ErrInvalid)
		}
		if k := strings.ToLower(line); !seen[k] {
			seen[k] = true
			out = append(out, line)
		}
	}
	if len(out) > MaxFieldChoices {
		return nil, fmt.Errorf("%d choices: %w", len(out), ErrTooLong)
	}
	switch t {
	case FieldChoice, FieldMultiChoice, FieldTree:
		if len(out) == 0 {
			return nil, fmt.Errorf("a %s field needs choices: %w", t, ErrInvalid)
		}
	default:
		out = nil
	}
	return out, nil
}

// ValidFieldType reports whether t is one of the field types.
func ValidFieldType(t FieldType) bool {
	for _, k := range FieldTypes {
		if k == t {
			return true
		}
	}
	return false
}

// ValidFieldName reports whether a field's name, already folded, may be
// an operator of the query language: 1 to MaxFieldName letters a–z,
// digits, "-" and "_", starting with a letter. (Whether it is taken by a
// built-in operator is the search package's to say.)
func ValidFieldName(name string) bool {
	if name == "" || len(name) > MaxFieldName || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// CheckDefinition checks a field's labels, help texts and type; the name
// and choices are checked by ValidFieldName and ParseChoices.
func (f Field) CheckDefinition() error {
	if !ValidFieldType(f.Type) {
		return fmt.Errorf("field type %q: %w", f.Type, ErrInvalid)
	}
	if f.LabelFR == "" && f.LabelEN == "" {
		return fmt.Errorf("a field needs a label: %w", ErrInvalid)
	}
	for _, l := range []string{f.LabelFR, f.LabelEN} {
		if utf8.RuneCountInString(l) > MaxFieldLabel || strings.ContainsFunc(l, unicode.IsControl) {
			return fmt.Errorf("label: %w", ErrTooLong)
		}
	}
	for _, h := range []string{f.HelpFR, f.HelpEN} {
		if utf8.RuneCountInString(h) > MaxFieldHelp {
			return fmt.Errorf("help: %w", ErrTooLong)
		}
	}
	return nil
}

// Display returns a value as a reader sees it: yes/no in their language,
// a date as DD/MM/YYYY in French, a number with a decimal comma.
func (f Field) Display(v, lang string) string {
	fr := strings.HasPrefix(lang, "fr")
	switch f.Type {
	case FieldBool:
		switch {
		case v == "true" && fr:
			return "oui"
		case v == "true":
			return "yes"
		case fr:
			return "non"
		}
		return "no"
	case FieldDate:
		if t, err := time.Parse("2006-01-02", v); err == nil && fr {
			return t.Format("02/01/2006")
		}
	case FieldNumber:
		if fr {
			return strings.Replace(v, ".", ",", 1)
		}
	}
	return v
}
