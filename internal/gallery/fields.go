package gallery

import "strings"

// FieldType is the type of an organisation's own field.
type FieldType string

// The field types.
const (
	FieldText        FieldType = "text"        // one line
	FieldLongText    FieldType = "longtext"    // paragraphs
	FieldNumber      FieldType = "number"      // a decimal number
	FieldDate        FieldType = "date"        // a calendar day
	FieldBool        FieldType = "bool"        // yes or no
	FieldChoice      FieldType = "choice"      // one of Choices
	FieldMultiChoice FieldType = "multichoice" // any of Choices
	FieldTree        FieldType = "tree"        // one path of a hierarchical list
)

// FieldTypes lists the types in the order the interface offers them.
var FieldTypes = []FieldType{FieldText, FieldLongText, FieldNumber, FieldDate, FieldBool, FieldChoice, FieldMultiChoice, FieldTree}

// TreeSeparator separates the levels of a tree field's paths, in choices
// and in values: "Bretagne > Rennes > École Jean Moulin".
const TreeSeparator = " > "

// Field is a criterion an administrator defines for the organisation
// (collection, coloris, site…). Name is its operator in search queries
// (`coloris:rouge`): folded, made of letters, digits, - and _.
type Field struct {
	ID       int64
	Name     string
	Type     FieldType
	LabelFR  string
	LabelEN  string
	HelpFR   string
	HelpEN   string
	Required bool
	// Choices are the values of a choice, multiple choice or tree field;
	// a tree's are whole paths, every level of a path being a choice too.
	Choices  []string
	Position int
	// Albums are the albums the field applies to, with their sub-albums;
	// none means every item.
	Albums []int64
}

// Label returns the field's label in a language ("fr" or "en"), falling
// back on the other one.
func (f Field) Label(lang string) string {
	if strings.HasPrefix(lang, "fr") && f.LabelFR != "" || f.LabelEN == "" {
		return f.LabelFR
	}
	return f.LabelEN
}

// Help returns the field's help text in a language, falling back on the
// other one.
func (f Field) Help(lang string) string {
	if strings.HasPrefix(lang, "fr") && f.HelpFR != "" || f.HelpEN == "" {
		return f.HelpFR
	}
	return f.HelpEN
}

// Multiple reports whether an item may hold several values of the field.
func (f Field) Multiple() bool { return f.Type == FieldMultiChoice }

// FieldValue is one value of one field on an item, in its canonical text
// form: numbers as decimals with a dot, dates as YYYY-MM-DD, yes/no as
// "true"/"false", a tree's value as its whole path.
type FieldValue struct {
	FieldID int64
	Value   string
}
