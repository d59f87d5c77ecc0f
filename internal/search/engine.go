package search

import (
	"context"
	"errors"
	"log/slog"

	"imagier/internal/gallery"
)

// Index answers searches from memory: it is built from the catalogue at
// start and follows its changes through the search log.
type Index struct {
	src Source
	log *slog.Logger
}

// NewIndex returns an index over src; nothing is read until Start or the
// first search.
func NewIndex(src Source, log *slog.Logger) *Index { return &Index{src: src, log: log} }

var errNotYet = errors.New("search index: not written yet")

// Fields returns the library's custom fields.
func (ix *Index) Fields(ctx context.Context) ([]gallery.Field, error) { return nil, nil }

// Search runs a request for a viewer.
func (ix *Index) Search(ctx context.Context, acc *gallery.Access, r Request) (Result, error) {
	return Result{}, errNotYet
}

// All returns every media id a query finds for a viewer, newest first.
func (ix *Index) All(ctx context.Context, acc *gallery.Access, q Node) ([]int64, error) {
	return nil, errNotYet
}

// Suggest returns suggestions for a prefix being typed.
func (ix *Index) Suggest(ctx context.Context, acc *gallery.Access, prefix, lang string, limit int) ([]Suggestion, error) {
	return nil, errNotYet
}
