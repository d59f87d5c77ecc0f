package service

import (
	"context"
	"fmt"

	"imagier/internal/gallery"
)

// Acting on every result of a search ("select all results"): the query is
// resolved when the action is applied, with the actor's rights, and only
// the results the actor may edit are acted on. The action itself is the
// ordinary batch of keys, in chunks of maxBatch within one transaction,
// so that every kind of batch works on results alike, and its undo
// records exactly what changed.

// maxQueryBatch bounds the results one action touches.
const maxQueryBatch = 100_000

// QueryBatch is what a batch of search results holds for an actor.
type QueryBatch struct {
	// Total counts the results the actor may edit; Items are the first
	// of them, for a page.
	Total int
	Items []gallery.Media
}

// ResultsToEdit returns how many of a query's results the actor may edit,
// and the first limit of them.
func (s *Service) ResultsToEdit(ctx context.Context, a Actor, query string, limit int) (QueryBatch, error) {
	var ids []int64
	total := 0
	if a.Admin() && !a.ReadOnly {
		// An administrator edits every result: the index holds no item
		// in the trash. Counting needs no look at each item.
		found, err := s.SearchIDs(ctx, a, query)
		if err != nil {
			return QueryBatch{}, err
		}
		if len(found) > maxQueryBatch {
			return QueryBatch{}, invalid("%d results at once", len(found))
		}
		total, ids = len(found), found[:min(limit, len(found))]
	} else {
		items, err := s.editableResults(ctx, a, query)
		if err != nil {
			return QueryBatch{}, err
		}
		total = len(items)
		for _, it := range items[:min(limit, len(items))] {
			ids = append(ids, it.ID)
		}
	}
	cards, err := s.store.CardsByIDs(ctx, ids)
	if err != nil {
		return QueryBatch{}, err
	}
	return QueryBatch{Total: total, Items: cards}, nil
}

// editableResults returns, in the results' order, every item query finds
// for the actor that the actor may edit; the others are left out without
// a word, as on an album page.
func (s *Service) editableResults(ctx context.Context, a Actor, query string) ([]gallery.ItemLinks, error) {
	if a.Access == nil || a.ReadOnly {
		return nil, nil
	}
	ids, err := s.SearchIDs(ctx, a, query)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxQueryBatch {
		return nil, invalid("%d results at once", len(ids))
	}
	out := make([]gallery.ItemLinks, 0, len(ids))
	for start := 0; start < len(ids); start += maxBatch {
		chunk := ids[start:min(len(ids), start+maxBatch)]
		items, err := s.store.ItemsByIDs(ctx, chunk)
		if err != nil {
			return nil, err
		}
		byID := make(map[int64]gallery.ItemLinks, len(items))
		for _, it := range items {
			if !it.Deleted && it.Perm(a.Access).Has(gallery.PermEdit) {
				byID[it.ID] = it
			}
		}
		for _, id := range chunk {
			if it, ok := byID[id]; ok {
				out = append(out, it)
				delete(byID, id)
			}
		}
	}
	return out, nil
}

// onResults tells whether b is on every result of a search.
func (b Batch) onResults() bool { return b.Results || b.Query != "" }

// applyQuery applies b to every result of b.Query the actor may edit.
func (s *Service) applyQuery(ctx context.Context, a Actor, b Batch) (BatchResult, error) {
	switch {
	case len(b.Keys) > 0:
		return BatchResult{}, invalid("keys and a query at once")
	case b.Action == BatchRestore || b.Action == BatchCover:
		return BatchResult{}, invalid("%s on search results", b.Action)
	}
	if err := s.CheckBatch(ctx, a, b); err != nil {
		return BatchResult{}, err
	}
	items, err := s.editableResults(ctx, a, b.Query)
	if err != nil {
		return BatchResult{}, err
	}
	if len(items) == 0 {
		return BatchResult{}, invalid("no result to act on")
	}
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	var res BatchResult
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		for start := 0; start < len(keys); start += maxBatch {
			part := b
			part.Results, part.Query, part.found = false, "", b.Query
			part.Keys = keys[start:min(len(keys), start+maxBatch)]
			r, err := s.ApplyBatch(ctx, a, part)
			if err != nil {
				return fmt.Errorf("results %d to %d: %w", start+1, start+len(part.Keys), err)
			}
			if r.album != 0 {
				// The new album is made once, then filled.
				b.Album, b.NewAlbum, res.album = r.album, "", r.album
			}
			res.Count += r.Count
			res.Undo = append(res.Undo, r.Undo...)
		}
		return nil
	})
	if err != nil {
		return BatchResult{}, err
	}
	return res, nil
}
