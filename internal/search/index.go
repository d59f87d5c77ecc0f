package search

import (
	"context"

	"imagier/internal/gallery"
)

// Sort orders results.
type Sort string

// The orders of results. Relevance puts items whose title or tags match
// every word first, then the newest.
const (
	SortRelevance Sort = ""
	SortTaken     Sort = "taken"     // newest taken first
	SortTakenAsc  Sort = "taken-asc" // oldest taken first
	SortAdded     Sort = "added"     // latest added first
	SortTitle     Sort = "title"     // by title, A to Z
)

// Sorts lists the orders in the order the interface offers them.
var Sorts = []Sort{SortRelevance, SortTaken, SortTakenAsc, SortAdded, SortTitle}

// Request is one search: a parsed query (nil matches everything the
// viewer sees), an order, a page, and whether to count facets.
type Request struct {
	Query  Node
	Sort   Sort
	Offset int
	Limit  int
	// Facets asks for the facets of the whole result set.
	Facets bool
	// FacetLimit caps the values listed per facet (the most frequent).
	FacetLimit int
	// Lang is the reader's language ("fr" or "en"), for labels that the
	// index makes (countries, custom fields).
	Lang string
	// Prefix tells that the query's last word may be the start of a word
	// still being typed: it also matches the words it begins.
	Prefix bool
}

// Result is what a Request finds.
type Result struct {
	// Total counts every result the viewer may see.
	Total int
	// IDs are the media ids of the requested page, in order.
	IDs    []int64
	Facets []Facet
}

// FacetKind names a facet.
type FacetKind string

// The facets.
const (
	FacetTag    FacetKind = "tag"
	FacetAlbum  FacetKind = "album"
	FacetPlace  FacetKind = "place"
	FacetYear   FacetKind = "year"
	FacetMonth  FacetKind = "month"
	FacetCamera FacetKind = "camera"
	FacetType   FacetKind = "type"
	FacetLevel  FacetKind = "level" // privacy level, for administrators
	FacetField  FacetKind = "field" // a custom field; Facet.Field says which
)

// Facet counts, for one property, how many results have each value.
type Facet struct {
	Kind  FacetKind
	Field *gallery.Field // for FacetField
	// Values are the most frequent values first; a value no result has is
	// not listed.
	Values []FacetValue
}

// FacetValue is one value of a facet with its count. Query is the leaf
// that narrows a query to it, in the canonical syntax (`tag:"Fête"`);
// Value is the raw value ("photo", "2019", "4", "FR") for the interface to
// word, Label a display name when the index knows one (a country's name
// in the requested language, an album's path).
type FacetValue struct {
	Value string
	Label string
	Query string
	Count int
}

// SuggestionKind names what a suggestion is.
type SuggestionKind string

// The kinds of suggestions.
const (
	SuggestTag    SuggestionKind = "tag"
	SuggestAlbum  SuggestionKind = "album"
	SuggestPlace  SuggestionKind = "place"
	SuggestField  SuggestionKind = "field"
	SuggestCamera SuggestionKind = "camera"
)

// Suggestion is what the search box offers as one types: a tag, album,
// place, field value or camera whose name starts with what is typed,
// with how many items the viewer sees with it. Query is the leaf that
// replaces the word being typed.
type Suggestion struct {
	Kind   SuggestionKind
	Label  string
	Detail string // an album's parent path, a field's label
	Query  string
	Count  int
}

// Doc is what the index knows of one item in the library (not in the
// trash), read from the catalogue.
type Doc struct {
	ID                          int64
	Title, Description, AltText string
	Filename, Folder            string
	Creator, Credit, Copyright  string
	Kind                        gallery.Kind
	Make, Model, Lens           string
	Rating                      int
	Level                       int
	Pending                     bool
	SortDate                    string // "YYYY-MM-DD HH:MM:SS"
	Taken                       string // "" when unknown
	Added                       int64  // import time, Unix ms
	Width, Height               int
	HasGPS                      bool
	Lat, Lon                    float64
	Place                       gallery.Place
	Tags, Albums                []int64
	Fields                      []gallery.FieldValue
}

// Vocabulary is what items refer to by id: tags, albums and fields.
type Vocabulary struct {
	Tags   []TagName
	Albums []AlbumName
	Fields []gallery.Field
}

// TagName is a tag's id and name ("Lieux/France/Lyon" for a hierarchical
// keyword: each level is a parent).
type TagName struct {
	ID   int64
	Name string
}

// AlbumName is an album's id, parent (0 for a root) and name.
type AlbumName struct {
	ID, Parent int64
	Name       string
}

// LogEntry is one change the index must follow: Kind 'm' for the item Ref,
// 't' tags, 'a' albums, 'f' fields.
type LogEntry struct {
	Seq  int64
	Kind byte
	Ref  int64
}

// Source is the catalogue the index reads.
type Source interface {
	// SearchVocabulary returns every tag, album and field.
	SearchVocabulary(ctx context.Context) (Vocabulary, error)
	// SearchDocs calls fn with the Doc of each item of ids that is in the
	// library and not in the trash; every such item when ids is nil.
	SearchDocs(ctx context.Context, ids []int64, fn func(*Doc) error) error
	// SearchLog returns the first limit entries after seq, and those of
	// seqs in also (numbers skipped earlier, whose transaction may since
	// have committed), in order.
	SearchLog(ctx context.Context, after int64, also []int64, limit int) ([]LogEntry, error)
	// SearchLogHead returns the last seq written (0 for none).
	SearchLogHead(ctx context.Context) (int64, error)
	// PruneSearchLog deletes the entries older than a Unix ms time.
	PruneSearchLog(ctx context.Context, before int64) error
}
