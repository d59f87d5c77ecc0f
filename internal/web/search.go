package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/search"
	"imagier/internal/service"
)

// The search box in every page's header, its suggestions, and the results
// page with its chips, sort, facets and paging. The query language and
// the rights are the service's: a handler here only reads the request,
// asks, and words the answer.

const (
	// maxSuggestBytes caps the word the suggestions are asked for: a
	// name being typed is short, and the index need not scan for more.
	maxSuggestBytes = 100
	// maxSuggestWords is how many of the last words typed may make one
	// name.
	maxSuggestWords = 4
	// maxSearchOffset bounds paging: far pages are better reached by
	// narrowing the query.
	maxSearchOffset = 100_000
)

type searchData struct {
	// Query is the query as typed; Sort its order ("" for relevance).
	Query, Sort string
	Sorts       []sortChoice
	// Searched is set once there is something to show: a query, or a
	// blank one with results (everything the caller sees).
	Total int
	Terms []chipView
	Items []gallery.Media
	// Facets narrow the results, beside the grid.
	Facets []facetView
	// Offset is where this page starts; Next and Prev link the pages.
	Offset     int
	Next, Prev string
	// Mistake is the syntax error, shown instead of results.
	Mistake *queryMistake
	// Sel is the selection bar, for those who may act on the items.
	Sel *selData
	// All links "Select all N results" to the batch page, for staff.
	All string
	// Save is the form that saves the search, for signed-in accounts.
	Save *saveSearchForm
}

type sortChoice struct {
	Value, Label string
	Selected     bool
}

// chipView is one term of the query, removable.
type chipView struct {
	Text, Without string
}

type facetView struct {
	ID, Title string
	Values    []facetValueView
}

type facetValueView struct {
	Label string
	Count int
	// Href adds the value to the query, or takes it away when Active.
	Href   string
	Active bool
}

// queryMistake is a syntax error in the reader's language, with the query
// cut around the mistaken part so that the template can mark it; every
// part stays text, escaped as any other.
type queryMistake struct {
	Message              string
	Before, Wrong, After string
	Column               int
	AtEnd                bool
}

type saveSearchForm struct {
	CSRF   string
	Groups []gallery.Group
}

// searchURL is the address of a search: what people bookmark and share.
func searchURL(q, sort string, offset int) string {
	v := url.Values{"q": {q}}
	if sort != "" {
		v.Set("sort", sort)
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	return "/search?" + v.Encode()
}

// parseSort keeps only the orders the interface offers.
func parseSort(s string) search.Sort {
	for _, o := range search.Sorts {
		if string(o) == s {
			return o
		}
	}
	return search.SortRelevance
}

func sortLabel(l *i18n.Localizer, s search.Sort) string {
	switch s {
	case search.SortTaken:
		return l.T("Date taken, newest first")
	case search.SortTakenAsc:
		return l.T("Date taken, oldest first")
	case search.SortAdded:
		return l.T("Date added, latest first")
	case search.SortTitle:
		return l.T("Title, A to Z")
	}
	return l.T("Relevance")
}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	q := r.URL.Query()
	query := strings.TrimSpace(q.Get("q"))
	sort := parseSort(q.Get("sort"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = min(max(offset, 0), maxSearchOffset)
	d := searchData{Query: query, Sort: string(sort), Offset: offset}
	for _, s := range search.Sorts {
		d.Sorts = append(d.Sorts, sortChoice{Value: string(s), Label: sortLabel(l, s), Selected: s == sort})
	}
	title := l.T("Search")
	if query != "" {
		title = l.T("Search: %s", query)
	}
	pg, err := h.svc.Search(r.Context(), actorOf(r), service.SearchRequest{Query: query, Sort: sort, Offset: offset, Limit: perPage,
		Facets: true, Lang: l.Lang()})
	var mistake *search.Error
	if errors.As(err, &mistake) {
		d.Mistake = wordMistake(l, query, mistake)
		h.render(w, r, http.StatusBadRequest, "search", title, d)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Total, d.Items = pg.Total, pg.Items
	active := map[string]string{}
	for _, t := range pg.Terms {
		d.Terms = append(d.Terms, chipView{Text: t.Text, Without: searchURL(t.Without, d.Sort, 0)})
		active[t.Text] = t.Without
	}
	canonical := ""
	if pg.Node != nil {
		canonical = pg.Node.String()
	}
	for i, f := range pg.Facets {
		fv := facetView{ID: "facet-" + strconv.Itoa(i), Title: facetTitle(l, f)}
		for _, v := range f.Values {
			vv := facetValueView{Label: facetValueLabel(l, f.Kind, v), Count: v.Count}
			if without, ok := active[v.Query]; ok {
				vv.Active, vv.Href = true, searchURL(without, d.Sort, 0)
			} else {
				vv.Href = searchURL(strings.TrimSpace(canonical+" "+v.Query), d.Sort, 0)
			}
			fv.Values = append(fv.Values, vv)
		}
		if len(fv.Values) > 0 {
			d.Facets = append(d.Facets, fv)
		}
	}
	if pg.Next > 0 {
		d.Next = searchURL(query, d.Sort, pg.Next)
	}
	if offset > 0 {
		d.Prev = searchURL(query, d.Sort, max(offset-perPage, 0))
	}
	if d.Sel, err = h.selection(r, 0, false); err != nil {
		h.fail(w, r, err)
		return
	}
	if se := sessionOf(r.Context()); se != nil && !se.APIKey && !viewOf(r.Context()).Reduced {
		a := actorOf(r)
		if a.Access.Staff() && d.Total > 0 {
			d.All = "/batch?" + url.Values{"q": {query}}.Encode()
		}
		d.Save = &saveSearchForm{CSRF: se.CSRF}
		// The groups the caller may share a saved search with: their
		// own, any for an administrator; a failure only leaves them out.
		d.Save.Groups, _ = h.svc.ShareableGroups(r.Context(), a)
	}
	h.render(w, r, http.StatusOK, "search", title, d)
}

// wordMistake words a syntax error and cuts the query around it. Offsets
// outside the query, or inside a character, are brought back to the
// nearest character boundary: the message must show whatever the parser
// said.
func wordMistake(l *i18n.Localizer, query string, e *search.Error) *queryMistake {
	start := min(max(e.Offset, 0), len(query))
	for start > 0 && start < len(query) && !utf8.RuneStart(query[start]) {
		start--
	}
	end := min(max(e.End, start), len(query))
	for end < len(query) && !utf8.RuneStart(query[end]) {
		end++
	}
	if end == start && end < len(query) {
		_, n := utf8.DecodeRuneInString(query[start:])
		end = start + n
	}
	m := &queryMistake{Message: mistakeMessage(l, e), Before: query[:start], Wrong: query[start:end], After: query[end:],
		Column: max(e.Column, 1)}
	m.AtEnd = m.Wrong == ""
	return m
}

// mistakeMessage is the sentence for a syntax error, in the reader's
// language; each key's arguments are listed in internal/search/errors.go.
func mistakeMessage(l *i18n.Localizer, e *search.Error) string {
	arg := func(i int) string {
		if i < len(e.Args) {
			return e.Args[i]
		}
		return ""
	}
	switch e.Key {
	case search.ErrTooLong:
		return l.T("The search is longer than %s bytes.", arg(0))
	case search.ErrTooDeep:
		return l.T("Parentheses are nested more than %s deep.", arg(0))
	case search.ErrTooManyTerms:
		return l.T("The search has more than %s terms.", arg(0))
	case search.ErrInvalidText:
		return l.T("The search contains a character that cannot be searched.")
	case search.ErrUnclosedQuote:
		return l.T("This quotation mark is never closed.")
	case search.ErrUnclosedParen:
		return l.T("This parenthesis is never closed.")
	case search.ErrUnmatchedParen:
		return l.T("This parenthesis closes nothing.")
	case search.ErrEmptyGroup:
		return l.T("The parentheses are empty.")
	case search.ErrEmptyPhrase:
		return l.T("The quotation marks are empty.")
	case search.ErrEmptyValue:
		return l.T("%s needs a value right after the colon.", arg(0))
	case search.ErrMisplacedKeyword:
		return l.T("%s must stand between two terms, as in “a OR b”.", arg(0))
	case search.ErrMisplacedPipe:
		return l.T("| separates the values of an operator, as in type:photo|video; between words, write OR.")
	case search.ErrDanglingMinus:
		return l.T("A minus sign must be followed by what to leave out, as in -word.")
	case search.ErrUnknownOperator:
		return l.T("“%s:” is neither a search operator nor a field.", arg(0))
	case search.ErrUnknownValue:
		return l.T("%s: does not accept “%s”; it accepts %s.", arg(0), arg(1), arg(2))
	case search.ErrBadDate:
		return l.T("%s: “%s” is not a date such as 2019, 2019-06 or 2019-06-21.", arg(0), arg(1))
	case search.ErrBadRange:
		return l.T("%s: “%s” is not a valid range.", arg(0), arg(1))
	case search.ErrBadNumber:
		return l.T("%s: “%s” is not a valid number here.", arg(0), arg(1))
	case search.ErrBadNear:
		return l.T("near: “%s” is not LATITUDE,LONGITUDE,KM, as in 48.85,2.35,5km.", arg(0))
	}
	return l.T("This search cannot be read.")
}

func facetTitle(l *i18n.Localizer, f search.Facet) string {
	switch f.Kind {
	case search.FacetTag:
		return l.T("Tags")
	case search.FacetAlbum:
		return l.T("Albums")
	case search.FacetPlace:
		return l.T("Places")
	case search.FacetYear:
		return l.T("Years")
	case search.FacetMonth:
		return l.T("Months")
	case search.FacetCamera:
		return l.T("Cameras")
	case search.FacetType:
		return l.T("File types")
	case search.FacetLevel:
		return l.T("Privacy level")
	case search.FacetField:
		if f.Field != nil {
			return f.Field.Label(l.Lang())
		}
	}
	return string(f.Kind)
}

// facetValueLabel words a facet's value: the index's display name when it
// has one, else the raw value put in words.
func facetValueLabel(l *i18n.Localizer, kind search.FacetKind, v search.FacetValue) string {
	switch kind {
	case search.FacetMonth:
		if t, err := time.Parse("2006-01", v.Value); err == nil {
			return l.Date(t, i18n.DateMonthYear)
		}
	case search.FacetType:
		switch search.Kind(v.Value) {
		case search.KindPhoto:
			return l.T("Photos")
		case search.KindVideo:
			return l.T("Videos")
		case search.KindPDF:
			return l.T("PDF documents")
		case search.KindOther:
			return l.T("Other files")
		}
	case search.FacetLevel:
		if n, err := strconv.Atoi(v.Value); err == nil {
			return levelName(l, n)
		}
	case search.FacetField:
		// A yes/no field's values come without a label: "true", "false".
		if v.Label == "" && v.Value == "true" {
			return l.T("Yes")
		} else if v.Label == "" && v.Value == "false" {
			return l.T("No")
		}
	}
	if v.Label != "" {
		return v.Label
	}
	return v.Value
}

// suggestionJSON is one suggestion as the search box's script reads it.
type suggestionJSON struct {
	Kind   string `json:"kind"`
	What   string `json:"what"` // the kind, in words
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"`
	Query  string `json:"query"`
	Count  int    `json:"count"`
	// Words is how many of the last words typed the suggestion replaces.
	Words int `json:"words"`
	// Text is what a screen reader and the list say: label, kind, count.
	Text string `json:"text"`
}

// searchSuggest answers the search box's suggestions for the word being
// typed, as JSON: only names of items the caller sees.
func (h *Handler) searchSuggest(w http.ResponseWriter, r *http.Request) {
	l := h.localizer(r)
	prefix := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(prefix) > maxSuggestBytes {
		prefix = prefix[:maxSuggestBytes]
		for len(prefix) > 0 && !utf8.ValidString(prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	out := []suggestionJSON{}
	if prefix == "" {
		writeJSON(w, http.StatusOK, out)
		return
	}
	// The box sends the last few words typed, for names of several
	// words ("fête de la mu"); when no name holds them all, the last word
	// alone is asked for, as a term of its own.
	words := strings.Fields(prefix)
	if len(words) > maxSuggestWords {
		words = words[len(words)-maxSuggestWords:]
	}
	prefix = strings.Join(words, " ")
	list, err := h.svc.Suggest(r.Context(), actorOf(r), prefix, l.Lang())
	if err == nil && len(list) == 0 && len(words) > 1 {
		words = words[len(words)-1:]
		list, err = h.svc.Suggest(r.Context(), actorOf(r), words[0], l.Lang())
	}
	if err != nil {
		var mistake *search.Error
		if errors.As(err, &mistake) {
			writeJSON(w, http.StatusOK, out)
			return
		}
		h.log.Error("search suggestions", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": l.T("Something went wrong on the server; try again later.")})
		return
	}
	for _, s := range list {
		what := suggestionKind(l, s.Kind)
		label := s.Label
		if s.Detail != "" {
			label += " (" + s.Detail + ")"
		}
		out = append(out, suggestionJSON{Kind: string(s.Kind), What: what, Label: s.Label, Detail: s.Detail, Query: s.Query, Count: s.Count,
			Words: len(words), Text: l.N("%s, %s, %d item", "%s, %s, %d items", s.Count, label, what, s.Count)})
	}
	writeJSON(w, http.StatusOK, out)
}

func suggestionKind(l *i18n.Localizer, k search.SuggestionKind) string {
	switch k {
	case search.SuggestTag:
		return l.T("Tag")
	case search.SuggestAlbum:
		return l.T("Album")
	case search.SuggestPlace:
		return l.T("Place")
	case search.SuggestField:
		return l.T("Field")
	case search.SuggestCamera:
		return l.T("Camera")
	}
	return string(k)
}

// advancedSearch composes a query from the advanced form's controls and
// the words already typed, and sends the browser to its results in the
// canonical syntax. A query that does not parse goes as typed: the
// results page says what is wrong with it.
func (h *Handler) advancedSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	parts := []string{strings.TrimSpace(q.Get("q"))}
	add := func(op, v string) {
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, op+":"+v)
		}
	}
	switch t := q.Get("type"); t {
	case "photo", "video", "pdf", "other":
		add("type", t)
	}
	from, to := strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	switch {
	case from != "" && to != "":
		add("taken", from+".."+to)
	case from != "":
		add("taken", from+"..")
	case to != "":
		add("taken", ".."+to)
	}
	if q.Get("gps") != "" {
		add("has", "gps")
	}
	if n, err := strconv.Atoi(q.Get("rating")); err == nil && n >= 1 && n <= 5 {
		add("rating", ">="+strconv.Itoa(n))
	}
	switch o := q.Get("orientation"); o {
	case "portrait", "landscape", "square":
		add("orientation", o)
	}
	query := strings.TrimSpace(strings.Join(parts, " "))
	if node, err := h.svc.ParseQuery(r.Context(), query); err == nil && node != nil {
		query = node.String()
	}
	http.Redirect(w, r, searchURL(query, string(parseSort(q.Get("sort"))), 0), http.StatusSeeOther)
}
