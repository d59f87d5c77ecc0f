package search

import (
	"fmt"
	"strings"
)

// ErrorKey identifies a syntax error for translation. Its Args are listed
// beside each key.
type ErrorKey string

// The syntax errors.
const (
	ErrTooLong          ErrorKey = "search.too_long"          // max bytes
	ErrTooDeep          ErrorKey = "search.too_deep"          // max depth
	ErrTooManyTerms     ErrorKey = "search.too_many_terms"    // max terms
	ErrInvalidText      ErrorKey = "search.invalid_text"      // (none): bad UTF-8 or a control character
	ErrUnclosedQuote    ErrorKey = "search.unclosed_quote"    // (none)
	ErrUnclosedParen    ErrorKey = "search.unclosed_paren"    // (none)
	ErrUnmatchedParen   ErrorKey = "search.unmatched_paren"   // (none)
	ErrEmptyGroup       ErrorKey = "search.empty_group"       // (none): ()
	ErrEmptyPhrase      ErrorKey = "search.empty_phrase"      // (none): ""
	ErrEmptyValue       ErrorKey = "search.empty_value"       // operator as typed
	ErrMisplacedKeyword ErrorKey = "search.misplaced_keyword" // keyword as typed (OR, OU, |, AND, ET)
	ErrMisplacedPipe    ErrorKey = "search.misplaced_pipe"    // (none): | outside an operator's value
	ErrDanglingMinus    ErrorKey = "search.dangling_minus"    // (none): - not followed by a term
	ErrUnknownOperator  ErrorKey = "search.unknown_operator"  // operator as typed
	ErrUnknownValue     ErrorKey = "search.unknown_value"     // operator, value, allowed values joined with ", " (has:/no: also take custom fields)
	ErrBadDate          ErrorKey = "search.bad_date"          // operator, value
	ErrBadRange         ErrorKey = "search.bad_range"         // operator, value
	ErrBadNumber        ErrorKey = "search.bad_number"        // operator, value
	ErrBadNear          ErrorKey = "search.bad_near"          // value
)

// Error is a syntax error: where it is (Offset and End in bytes, Column in
// runes from 1) and what it is (Key and Args), so that the web layer can
// show a sentence in the reader's language pointing at the mistake.
type Error struct {
	Offset, End int
	Column      int
	Key         ErrorKey
	Args        []string
}

var messages = map[ErrorKey]string{
	ErrTooLong:          "the query is longer than %s bytes",
	ErrTooDeep:          "parentheses are nested deeper than %s",
	ErrTooManyTerms:     "the query has more than %s terms",
	ErrInvalidText:      "the query contains a character that cannot be searched",
	ErrUnclosedQuote:    "this quote is never closed",
	ErrUnclosedParen:    "this parenthesis is never closed",
	ErrUnmatchedParen:   "this parenthesis closes nothing",
	ErrEmptyGroup:       "the parentheses are empty",
	ErrEmptyPhrase:      "the quotes are empty",
	ErrEmptyValue:       "%s needs a value right after the colon",
	ErrMisplacedKeyword: "%s must stand between two terms",
	ErrMisplacedPipe:    "| separates values of an operator, as in type:photo|video; between words, write OR",
	ErrDanglingMinus:    "- must be followed by what to exclude, as in -word",
	ErrUnknownOperator:  "%s: is not a search operator or a field",
	ErrUnknownValue:     "%s: does not accept %q (accepted: %s)",
	ErrBadDate:          "%s: %q is not a date such as 2019, 2019-06 or 2019-06-21",
	ErrBadRange:         "%s: %q is not a valid range",
	ErrBadNumber:        "%s: %q is not a valid number here",
	ErrBadNear:          "near: %q is not LATITUDE,LONGITUDE,KM",
}

// Error returns the English sentence, with the column.
func (e *Error) Error() string {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = a
	}
	msg := messages[e.Key]
	if n := strings.Count(msg, "%"); n != len(args) {
		msg = string(e.Key)
		args = nil
	}
	return fmt.Sprintf("search query, column %d: ", e.Column) + fmt.Sprintf(msg, args...)
}
