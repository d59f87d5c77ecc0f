package service

import (
	"context"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/search"
)

// SearchRequest is a search as a door receives it.
type SearchRequest struct {
	// Query is the query as typed; blank lists everything the actor sees.
	Query  string
	Sort   search.Sort
	Offset int
	Limit  int
	// Facets asks for the facets of the whole result set.
	Facets bool
	// Lang is the reader's language, for labels the index makes.
	Lang string
}

// SearchPage is one page of results.
type SearchPage struct {
	// Node is the parsed query, nil when blank.
	Node search.Node
	// Terms are the query's top-level terms, each a chip that may be
	// removed: Without is the query without it.
	Terms  []SearchTerm
	Total  int
	Items  []gallery.Media
	Facets []search.Facet
	// Next is the offset of the next page, 0 on the last.
	Next int
}

// SearchTerm is one top-level term of a query, in the canonical syntax.
type SearchTerm struct {
	Text    string
	Without string
}

// ParseQuery parses a query of the search box with the library's fields;
// a mistake is a *search.Error.
func (s *Service) ParseQuery(ctx context.Context, query string) (search.Node, error) {
	fields, err := s.index.Fields(ctx)
	if err != nil {
		return nil, err
	}
	byName := make(map[string]gallery.FieldType, len(fields))
	for _, f := range fields {
		byName[f.Name] = f.Type
	}
	return search.Parse(query, search.Options{
		Field: func(name string) bool { _, ok := byName[name]; return ok },
		Check: func(name string, v search.Text) (search.ErrorKey, []string) {
			return search.CheckField(byName[name], name, v)
		},
	})
}

// Search runs a query with the actor's rights: only items the actor may
// see are found, counted or suggested.
func (s *Service) Search(ctx context.Context, a Actor, r SearchRequest) (SearchPage, error) {
	node, err := s.ParseQuery(ctx, r.Query)
	if err != nil {
		return SearchPage{}, err
	}
	if r.Limit < 1 || r.Limit > 500 {
		r.Limit = 60
	}
	res, err := s.index.Search(ctx, a.Access, search.Request{Query: node, Sort: r.Sort, Offset: max(r.Offset, 0), Limit: r.Limit,
		Facets: r.Facets, FacetLimit: 12, Lang: r.Lang, Prefix: typing(r.Query)})
	if err != nil {
		return SearchPage{}, fmt.Errorf("search: %w", err)
	}
	items, err := s.store.CardsByIDs(ctx, res.IDs)
	if err != nil {
		return SearchPage{}, err
	}
	p := SearchPage{Node: node, Terms: terms(node), Total: res.Total, Items: items, Facets: res.Facets}
	if end := max(r.Offset, 0) + len(res.IDs); end < res.Total {
		p.Next = end
	}
	if !a.Admin() {
		// The privacy facet is for administrators only.
		kept := p.Facets[:0]
		for _, f := range p.Facets {
			if f.Kind != search.FacetLevel {
				kept = append(kept, f)
			}
		}
		p.Facets = kept
	}
	return p, nil
}

// SearchIDs returns every item a query finds for the actor ("select all
// results"), in no particular order.
func (s *Service) SearchIDs(ctx context.Context, a Actor, query string) ([]int64, error) {
	node, err := s.ParseQuery(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.index.All(ctx, a.Access, node)
}

// Suggest returns what the search box offers for a prefix being typed:
// tags, albums, places, field values and cameras the actor sees items of.
func (s *Service) Suggest(ctx context.Context, a Actor, prefix, lang string) ([]search.Suggestion, error) {
	return s.index.Suggest(ctx, a.Access, prefix, lang, 10)
}

// typing reports whether a query's last word may be unfinished: it ends
// with a letter or digit, not a space or a closing quote.
func typing(q string) bool {
	r, _ := utf8.DecodeLastRuneInString(q)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// SearchCount returns how many items a query finds for the actor.
func (s *Service) SearchCount(ctx context.Context, a Actor, query string) (int, error) {
	node, err := s.ParseQuery(ctx, query)
	if err != nil {
		return 0, err
	}
	return s.index.Count(ctx, a.Access, node)
}

// KeepSearchIndex builds the search index, so that the first search does
// not wait for it, then keeps reading the catalogue's changes every
// interval, so that the log is pruned and a search after a quiet hour
// has little to catch up; a server runs it in the background until ctx
// ends.
func (s *Service) KeepSearchIndex(ctx context.Context, interval time.Duration) {
	for {
		if err := s.index.Start(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("search index", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// terms splits a query into its top-level terms.
func terms(n search.Node) []SearchTerm {
	if n == nil {
		return nil
	}
	nodes := []search.Node{n}
	if and, ok := n.(search.And); ok {
		nodes = and.Nodes
	}
	out := make([]SearchTerm, len(nodes))
	for i, c := range nodes {
		var rest []search.Node
		rest = append(rest, nodes[:i]...)
		rest = append(rest, nodes[i+1:]...)
		without := ""
		switch len(rest) {
		case 0:
		case 1:
			without = rest[0].String()
		default:
			without = search.And{Nodes: rest}.String()
		}
		out[i] = SearchTerm{Text: c.String(), Without: without}
	}
	return out
}
