package service

import (
	"context"

	"imagier/internal/gallery"
)

// SelectionView is what a page's selection bar offers the actor: only
// what they may do.
type SelectionView struct {
	// Albums are the destinations of copy and move: the albums the actor
	// may edit.
	Albums []*gallery.Album
	// Move offers moving the items out of the page's album, and taking
	// them out of it.
	Move bool
	// Level offers choosing who may see the items (administrators).
	Level bool
	// Fields are the organisation's fields, to set on the items.
	Fields []gallery.Field
}

// Selection tells whether the actor may select items on a page and act on
// them, and what the bar offers; from is the page's album, 0 for a page
// of items from anywhere (timeline, tag, a batch). Beyond administrators,
// an editor selects on the pages of the albums they edit, where every
// item is theirs to edit, and on pages that list only items they may edit
// (editable, as EditableItems returns).
func (s *Service) Selection(ctx context.Context, a Actor, from int64, editable bool) (SelectionView, bool, error) {
	if a.ReadOnly || a.Access == nil {
		return SelectionView{}, false, nil
	}
	if !a.Admin() && !editable && (from == 0 || !a.Access.On(from).Has(gallery.PermEdit)) {
		return SelectionView{}, false, nil
	}
	roots, _, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return SelectionView{}, false, err
	}
	v := SelectionView{Move: from != 0, Level: a.Admin()}
	if v.Fields, err = s.store.Fields(ctx); err != nil {
		return SelectionView{}, false, err
	}
	for _, al := range flatten(roots) {
		if a.Access.On(al.ID).Has(gallery.PermEdit) {
			v.Albums = append(v.Albums, al)
		}
	}
	return v, true, nil
}

// EditableItems returns, in the order asked, the items of keys the actor
// may edit; the others are left out without a word, as if they did not
// exist. It serves a page of items to act on, such as a batch just
// uploaded.
func (s *Service) EditableItems(ctx context.Context, a Actor, keys []string) ([]gallery.Media, error) {
	if len(keys) > maxBatch {
		return nil, invalid("%d items at once", len(keys))
	}
	items, err := s.store.ItemsByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]gallery.ItemLinks, len(items))
	for _, it := range items {
		if !it.Deleted && it.Perm(a.Access).Has(gallery.PermEdit) {
			byKey[it.Key] = it
		}
	}
	var out []gallery.Media
	seen := map[string]bool{}
	for _, k := range keys {
		it, ok := byKey[k]
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		m, err := s.store.MediaByID(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
