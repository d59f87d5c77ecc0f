package search_test

import (
	"errors"
	"fmt"

	"imagier/internal/search"
)

func ExampleParse() {
	opts := search.Options{Field: search.FieldSet("coloris")}
	n, _ := search.Parse(`lieu:Lyon fête OR "feu d’artifice" date:>2019-06 Coloris:rouge|bleu -sans:gps`, opts)
	fmt.Printf("%T: %s\n", n, n)
	_, err := search.Parse(`église tag:"fête`, opts)
	var e *search.Error
	errors.As(err, &e)
	fmt.Println(e.Key, e.Offset, e.Column)
	// Output:
	// search.And: place:Lyon fête OR "feu d’artifice" taken:2019-07.. coloris:rouge|bleu has:gps
	// search.unclosed_quote 12 12
}
