package search

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrors(t *testing.T) {
	flags := "gps, title, description, tags, place, camera, lens, rating, creator, credit"
	tests := []struct {
		query       string
		key         ErrorKey
		offset, end int
		column      int
		args        []string
	}{
		{`"abc`, ErrUnclosedQuote, 0, 4, 1, nil},
		{`église "x`, ErrUnclosedQuote, 8, 10, 8, nil},
		{`tag:"abc`, ErrUnclosedQuote, 4, 8, 5, nil},
		{`"a\"`, ErrUnclosedQuote, 0, 4, 1, nil},
		{"a (b c", ErrUnclosedParen, 2, 3, 3, nil},
		{"((a)", ErrUnclosedParen, 0, 1, 1, nil},
		{"a b)", ErrUnmatchedParen, 3, 4, 4, nil},
		{")", ErrUnmatchedParen, 0, 1, 1, nil},
		{"a ( ) b", ErrEmptyGroup, 2, 5, 3, nil},
		{`a ""`, ErrEmptyPhrase, 2, 4, 3, nil},
		{`"   "`, ErrEmptyPhrase, 0, 5, 1, nil},
		{"tag:", ErrEmptyValue, 0, 4, 1, []string{"tag:"}},
		{"lieu: Lyon", ErrEmptyValue, 0, 5, 1, []string{"lieu:"}},
		{"été tag:a|", ErrEmptyValue, 6, 12, 5, []string{"tag:"}},
		{`coloris:""`, ErrEmptyValue, 0, 10, 1, []string{"coloris:"}},
		{"type:(photo)", ErrEmptyValue, 0, 5, 1, []string{"type:"}},
		{"OR a", ErrMisplacedKeyword, 0, 2, 1, []string{"OR"}},
		{"a OR", ErrMisplacedKeyword, 2, 4, 3, []string{"OR"}},
		{"a OU OR b", ErrMisplacedKeyword, 2, 4, 3, []string{"OU"}},
		{"(OR a)", ErrMisplacedKeyword, 1, 3, 2, []string{"OR"}},
		{"(a OR) b", ErrMisplacedKeyword, 3, 5, 4, []string{"OR"}},
		{"a |", ErrMisplacedKeyword, 2, 3, 3, []string{"|"}},
		{"AND a", ErrMisplacedKeyword, 0, 3, 1, []string{"AND"}},
		{"a ET", ErrMisplacedKeyword, 2, 4, 3, []string{"ET"}},
		{"a OR AND b", ErrMisplacedKeyword, 2, 4, 3, []string{"OR"}},
		{"a|b", ErrMisplacedPipe, 1, 2, 2, nil},
		{"|a", ErrMisplacedPipe, 0, 1, 1, nil},
		{`"a"|b`, ErrMisplacedPipe, 3, 4, 4, nil},
		{"- a", ErrDanglingMinus, 0, 1, 1, nil},
		{"a -", ErrDanglingMinus, 2, 3, 3, nil},
		{"--a", ErrDanglingMinus, 0, 1, 1, nil},
		{"(a -)", ErrDanglingMinus, 3, 4, 4, nil},
		{"-OR a", ErrMisplacedKeyword, 1, 3, 2, []string{"OR"}},
		{"foo:bar", ErrUnknownOperator, 0, 4, 1, []string{"foo"}},
		{"voir http://example", ErrUnknownOperator, 5, 10, 6, []string{"http"}},
		{"Lieux:Lyon", ErrUnknownOperator, 0, 6, 1, []string{"Lieux"}},
		{"type:gif", ErrUnknownValue, 5, 8, 6, []string{"type", "gif", "photo, video, pdf, other"}},
		{"type:photo|gif", ErrUnknownValue, 11, 14, 12, []string{"type", "gif", "photo, video, pdf, other"}},
		{"orientation:round", ErrUnknownValue, 12, 17, 13, []string{"orientation", "round", "portrait, landscape, square"}},
		{"has:foo", ErrUnknownValue, 4, 7, 5, []string{"has", "foo", flags}},
		{"sans:date", ErrUnknownValue, 5, 9, 6, []string{"sans", "date", flags}},
		{"taken:2019-13", ErrBadDate, 6, 13, 7, []string{"taken", "2019-13"}},
		{"taken:2019-02-29", ErrBadDate, 6, 16, 7, []string{"taken", "2019-02-29"}},
		{"date:19", ErrBadDate, 5, 7, 6, []string{"date", "19"}},
		{"date:hier", ErrBadDate, 5, 9, 6, []string{"date", "hier"}},
		{"date:2019-1-+1", ErrBadDate, 5, 14, 6, []string{"date", "2019-1-+1"}},
		{"taken:>=20x", ErrBadDate, 6, 11, 7, []string{"taken", ">=20x"}},
		{"taken:2021..2019", ErrBadRange, 6, 16, 7, []string{"taken", "2021..2019"}},
		{"taken:2019-07..2019-06", ErrBadRange, 6, 22, 7, []string{"taken", "2019-07..2019-06"}},
		{"taken:..", ErrBadRange, 6, 8, 7, []string{"taken", ".."}},
		{"date:>9999", ErrBadRange, 5, 10, 6, []string{"date", ">9999"}},
		{"rating:6", ErrBadNumber, 7, 8, 8, []string{"rating", "6"}},
		{"note:beaucoup", ErrBadNumber, 5, 13, 6, []string{"note", "beaucoup"}},
		{"rating:1e0", ErrBadNumber, 7, 10, 8, []string{"rating", "1e0"}},
		{"rating:Inf", ErrBadNumber, 7, 10, 8, []string{"rating", "Inf"}},
		{"rating:4..2", ErrBadRange, 7, 11, 8, []string{"rating", "4..2"}},
		{"rating:..", ErrBadRange, 7, 9, 8, []string{"rating", ".."}},
		{"size:>12gb", ErrBadNumber, 5, 10, 6, []string{"size", ">12gb"}},
		{"near:48,2", ErrBadNear, 5, 9, 6, []string{"48,2"}},
		{"near:91,0,5", ErrBadNear, 5, 11, 6, []string{"91,0,5"}},
		{"near:0,181,5", ErrBadNear, 5, 12, 6, []string{"0,181,5"}},
		{"near:0,0,0", ErrBadNear, 5, 10, 6, []string{"0,0,0"}},
		{"near:0,0,-5", ErrBadNear, 5, 11, 6, []string{"0,0,-5"}},
		{"près:a,b,c", ErrBadNear, 6, 11, 6, []string{"a,b,c"}},
		{strings.Repeat("a ", 501), ErrTooLong, 1000, 1002, 1001, []string{"1000"}},
		{strings.Repeat("é", 501), ErrTooLong, 1000, 1002, 501, []string{"1000"}},
		{"a" + strings.Repeat("é", 500), ErrTooLong, 999, 1001, 501, []string{"1000"}},
		{strings.Repeat("(", 21) + "a" + strings.Repeat(")", 21), ErrTooDeep, 20, 21, 21, []string{"20"}},
		{strings.Repeat("a ", 65), ErrTooManyTerms, 128, 129, 129, []string{"64"}},
		{strings.Repeat("a ", 63) + "type:photo|video", ErrTooManyTerms, 126, 142, 127, []string{"64"}},
		{"a\x00b", ErrInvalidText, 1, 2, 2, nil},
		{"a\xffb", ErrInvalidText, 1, 2, 2, nil},
	}
	for _, tt := range tests {
		name := tt.query
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			n, err := Parse(tt.query, testFields)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %v, %v; want a *Error", tt.query, n, err)
			}
			got := []any{e.Key, e.Offset, e.End, e.Column, e.Args}
			want := []any{tt.key, tt.offset, tt.end, tt.column, tt.args}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("Parse(%q) error [key offset end column args] (-want +got):\n%s", tt.query, d)
			}
			if msg := e.Error(); strings.Contains(msg, "search.") || strings.Contains(msg, "%!") {
				t.Errorf("Error() = %q, want an English sentence", msg)
			}
		})
	}
}

// TestUnknownOperatorWithoutFields checks that without Options.Field every
// unknown operator is an error, never a word.
func TestUnknownOperatorWithoutFields(t *testing.T) {
	for _, q := range []string{"coloris:rouge", "has:coloris", "no:coloris"} {
		if _, err := Parse(q, Options{}); err == nil {
			t.Errorf("Parse(%q, no fields) succeeded, want an error", q)
		}
	}
}

func TestErrorSpanOfQuotedValue(t *testing.T) {
	_, err := Parse(`type:"gif"|photo`, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Offset != 5 || e.End != 10 {
		t.Fatalf(`Parse(type:"gif"|photo) = %v, want an error spanning bytes 5–10`, err)
	}
}
