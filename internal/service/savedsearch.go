package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/search"
)

// Saved searches. Who sees which: an account sees its own and those shared
// with a group it belongs to, in its menu and as smart albums; an
// administrator sees the same in the menu, and on the management page
// every saved search, to rename, unshare or delete one. Only the author
// or an administrator changes one. Seeing a saved search never widens
// what its results show: they are searched with the viewer's rights.

// SearchForm is a saved search as its author fills it in.
type SearchForm struct {
	// Name is the search's name; blank, the query names it.
	Name  string
	Query string
	Sort  string
	Smart bool
	// Groups are the groups it is shared with: groups the author belongs
	// to, any group for an administrator.
	Groups []int64
}

// SavedSearchEntry is a saved search as one viewer sees it.
type SavedSearchEntry struct {
	gallery.SavedSearch
	// Mine is set for the viewer's own; MayEdit when the viewer may
	// change it (the author, an administrator).
	Mine, MayEdit bool
}

// maxSearchName bounds a saved search's name, in characters.
const maxSearchName = 100

// checkSearchForm cleans f and checks it for a; the query must parse.
func (s *Service) checkSearchForm(ctx context.Context, a Actor, f *SearchForm) error {
	f.Query = strings.TrimSpace(f.Query)
	if f.Query == "" {
		return invalid("a saved search needs a query")
	}
	if _, err := s.ParseQuery(ctx, f.Query); err != nil {
		return err
	}
	f.Name = strings.Join(strings.Fields(gallery.CleanText(f.Name)), " ")
	if f.Name == "" {
		f.Name = f.Query
	}
	if utf8.RuneCountInString(f.Name) > maxSearchName {
		f.Name = string([]rune(f.Name)[:maxSearchName])
	}
	if !slices.Contains(search.Sorts, search.Sort(f.Sort)) {
		return invalid("sort %q", f.Sort)
	}
	if a.Admin() {
		groups, err := s.store.Groups(ctx)
		if err != nil {
			return err
		}
		for _, g := range f.Groups {
			if !slices.ContainsFunc(groups, func(x gallery.Group) bool { return x.ID == g }) {
				return fmt.Errorf("group %d: %w", g, gallery.ErrNotFound)
			}
		}
		return nil
	}
	mine, err := s.store.UserGroups(ctx, a.User.ID)
	if err != nil {
		return err
	}
	for _, g := range f.Groups {
		if !slices.Contains(mine, g) {
			// A group one is not in does not exist for one.
			return fmt.Errorf("group %d: %w", g, gallery.ErrNotFound)
		}
	}
	return nil
}

// signedIn refuses the command line and guests: a saved search belongs to
// an account.
func signedIn(a Actor, what string) error {
	if a.User.ID == 0 || a.Access == nil {
		return fmt.Errorf("%s: %w", what, gallery.ErrNotFound)
	}
	return nil
}

// SaveSearch keeps a query under a name for its author.
func (s *Service) SaveSearch(ctx context.Context, a Actor, f SearchForm) (int64, error) {
	if err := signedIn(a, "save search"); err != nil {
		return 0, err
	}
	if err := s.checkSearchForm(ctx, a, &f); err != nil {
		return 0, err
	}
	ss := gallery.SavedSearch{UserID: a.User.ID, Name: f.Name, Query: f.Query, Sort: f.Sort, Smart: f.Smart, Groups: f.Groups, CreatedAt: s.now()}
	err := s.change(ctx, a, "search.save", f.Name, searchDetail(ss), func(ctx context.Context) error {
		return s.store.AddSavedSearch(ctx, &ss)
	})
	return ss.ID, err
}

// editableSearch returns the saved search id when a may change it.
func (s *Service) editableSearch(ctx context.Context, a Actor, id int64) (gallery.SavedSearch, error) {
	if err := signedIn(a, "saved search"); err != nil {
		return gallery.SavedSearch{}, err
	}
	ss, err := s.store.SavedSearch(ctx, id)
	if err != nil {
		return ss, err
	}
	if ss.UserID != a.User.ID && !a.Admin() {
		// Someone else's search is not theirs to change: it does not
		// exist for them, even when it is shared with them.
		return gallery.SavedSearch{}, fmt.Errorf("saved search %d: %w", id, gallery.ErrNotFound)
	}
	return ss, nil
}

// EditSavedSearch changes a saved search: its author or an administrator.
// An author shares with their own groups; the groups they are not in (an
// administrator shared it there, or they left) are not theirs to see or
// change, and stay as they were.
func (s *Service) EditSavedSearch(ctx context.Context, a Actor, id int64, f SearchForm) error {
	ss, err := s.editableSearch(ctx, a, id)
	if err != nil {
		return err
	}
	if err := s.checkSearchForm(ctx, a, &f); err != nil {
		return err
	}
	if !a.Admin() {
		mine, err := s.store.UserGroups(ctx, a.User.ID)
		if err != nil {
			return err
		}
		for _, g := range ss.Groups {
			if !slices.Contains(mine, g) {
				f.Groups = append(f.Groups, g)
			}
		}
	}
	ss.Name, ss.Query, ss.Sort, ss.Smart, ss.Groups = f.Name, f.Query, f.Sort, f.Smart, f.Groups
	return s.change(ctx, a, "search.edit", ss.Name, searchDetail(ss), func(ctx context.Context) error {
		return s.store.UpdateSavedSearch(ctx, ss)
	})
}

// DeleteSavedSearch deletes a saved search: its author or an administrator.
func (s *Service) DeleteSavedSearch(ctx context.Context, a Actor, id int64) error {
	ss, err := s.editableSearch(ctx, a, id)
	if err != nil {
		return err
	}
	return s.change(ctx, a, "search.delete", ss.Name, searchDetail(ss), func(ctx context.Context) error {
		return s.store.DeleteSavedSearch(ctx, id)
	})
}

// SavedSearches returns the saved searches a sees in its menu: its own and
// those shared with a group it is in, by name. A guest has none.
func (s *Service) SavedSearches(ctx context.Context, a Actor) ([]SavedSearchEntry, error) {
	if a.User.ID == 0 {
		return nil, nil
	}
	list, err := s.store.SavedSearches(ctx, a.User.ID, false)
	return s.entries(a, list), err
}

// ManagedSearches returns the saved searches of the management page: what
// the menu lists, and for an administrator every saved search.
func (s *Service) ManagedSearches(ctx context.Context, a Actor) ([]SavedSearchEntry, error) {
	if err := signedIn(a, "saved searches"); err != nil {
		return nil, err
	}
	list, err := s.store.SavedSearches(ctx, a.User.ID, a.Admin())
	return s.entries(a, list), err
}

func (s *Service) entries(a Actor, list []gallery.SavedSearch) []SavedSearchEntry {
	out := make([]SavedSearchEntry, len(list))
	for i, ss := range list {
		out[i] = SavedSearchEntry{SavedSearch: ss, Mine: ss.UserID == a.User.ID, MayEdit: ss.UserID == a.User.ID || a.Admin()}
	}
	return out
}

// ShareableGroups returns the groups a may share a search with: its own
// groups, every group for an administrator.
func (s *Service) ShareableGroups(ctx context.Context, a Actor) ([]gallery.Group, error) {
	if err := signedIn(a, "groups"); err != nil {
		return nil, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil || a.Admin() {
		return groups, err
	}
	mine, err := s.store.UserGroups(ctx, a.User.ID)
	if err != nil {
		return nil, err
	}
	out := groups[:0]
	for _, g := range groups {
		if slices.Contains(mine, g.ID) {
			g.Members = nil // Who else is in it is not the author's business.
			out = append(out, g)
		}
	}
	return out, nil
}

// SavedSearch returns a saved search a may open: its own, one shared with
// a group a is in, or any for an administrator.
func (s *Service) SavedSearch(ctx context.Context, a Actor, id int64) (SavedSearchEntry, error) {
	if err := signedIn(a, "saved search"); err != nil {
		return SavedSearchEntry{}, err
	}
	ss, err := s.store.SavedSearch(ctx, id)
	if err != nil {
		return SavedSearchEntry{}, err
	}
	if ss.UserID != a.User.ID && !a.Admin() {
		mine, err := s.store.UserGroups(ctx, a.User.ID)
		if err != nil {
			return SavedSearchEntry{}, err
		}
		if !slices.ContainsFunc(ss.Groups, func(g int64) bool { return slices.Contains(mine, g) }) {
			return SavedSearchEntry{}, fmt.Errorf("saved search %d: %w", id, gallery.ErrNotFound)
		}
	}
	return s.entries(a, []gallery.SavedSearch{ss})[0], nil
}

// SmartAlbum returns a saved search a may open and one page of what its
// query finds for a, with a's own rights: sharing a search shares the
// query, never the author's view.
func (s *Service) SmartAlbum(ctx context.Context, a Actor, id int64, offset int) (SavedSearchEntry, SearchPage, error) {
	ss, err := s.SavedSearch(ctx, a, id)
	if err != nil {
		return ss, SearchPage{}, err
	}
	p, err := s.Search(ctx, a, SearchRequest{Query: ss.Query, Sort: search.Sort(ss.Sort), Offset: offset, Limit: 60})
	return ss, p, err
}

// searchDetail is a saved search's audit detail.
func searchDetail(ss gallery.SavedSearch) string {
	parts := []string{"query=" + ss.Query}
	if ss.Sort != "" {
		parts = append(parts, "sort="+ss.Sort)
	}
	if ss.Smart {
		parts = append(parts, "smart")
	}
	if len(ss.Groups) > 0 {
		ids := make([]string, len(ss.Groups))
		for i, g := range ss.Groups {
			ids[i] = strconv.FormatInt(g, 10)
		}
		parts = append(parts, "groups="+strings.Join(ids, ","))
	}
	return strings.Join(parts, " ")
}
