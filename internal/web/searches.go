package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/search"
	"imagier/internal/service"
)

// Saved searches: saving one from the search page, the page that manages
// them, and a saved search opened as a smart album.

// searchForm reads a saved search's fields: q, sort, name, smart, groups.
func searchForm(r *http.Request) service.SearchForm {
	f := service.SearchForm{Name: r.PostFormValue("name"), Query: r.PostFormValue("q"), Sort: r.PostFormValue("sort"),
		Smart: r.PostFormValue("smart") != ""}
	for _, g := range r.PostForm["groups"] {
		if id, err := strconv.ParseInt(g, 10, 64); err == nil {
			f.Groups = append(f.Groups, id)
		}
	}
	return f
}

// queryProblem words a mistake in a query, or "" when err is not one.
func queryProblem(l *i18n.Localizer, err error) string {
	var se *search.Error
	if errors.As(err, &se) {
		return l.T("The query has a mistake at character %d; open it as a search to see it.", se.Column)
	}
	return ""
}

// searchProblem words what is wrong with a saved search's form, or ""
// when the error is not the form's.
func searchProblem(l *i18n.Localizer, err error) string {
	if p := queryProblem(l, err); p != "" {
		return p
	}
	if errors.Is(err, gallery.ErrInvalid) {
		return l.T("Type a query first.")
	}
	return ""
}

// saveSearch keeps the search the form describes, and opens it.
func (h *Handler) saveSearch(w http.ResponseWriter, r *http.Request) {
	id, err := h.svc.SaveSearch(r.Context(), actorOf(r), searchForm(r))
	if p := searchProblem(h.localizer(r), err); p != "" {
		h.say(w, r, &flash{problem: p, next: "/searches"})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.say(w, r, &flash{action: "search.save", next: "/searches/" + strconv.FormatInt(id, 10)})
}

// editSearch renames a saved search, changes its query, order, sharing, or
// whether it is a smart album.
func (h *Handler) editSearch(w http.ResponseWriter, r *http.Request) {
	err := h.svc.EditSavedSearch(r.Context(), actorOf(r), pathID(r), searchForm(r))
	if p := searchProblem(h.localizer(r), err); p != "" {
		h.say(w, r, &flash{problem: p, next: "/searches"})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.say(w, r, &flash{action: "search.edit", next: "/searches"})
}

// deleteSearch deletes a saved search.
func (h *Handler) deleteSearch(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.DeleteSavedSearch(r.Context(), actorOf(r), pathID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.say(w, r, &flash{action: "search.delete", next: "/searches"})
}

type searchesData struct {
	Searches []searchRow
	// Groups are those the caller may share a new search with.
	Groups []groupChoice
}

// searchRow is one saved search on the management page: Shared names the
// groups it is shared with that the caller knows of, Groups are the
// choices of its form.
type searchRow struct {
	service.SavedSearchEntry
	Shared []string
	Groups []groupChoice
}

type groupChoice struct {
	ID      int64
	Name    string
	Checked bool
}

// savedSort is one order a saved search's results may take.
type savedSort struct {
	Value string
	Label string
}

func savedSorts(l *i18n.Localizer) []savedSort {
	return []savedSort{{"", l.T("Results in order of relevance")}, {string(search.SortTaken), l.T("Results by date taken, newest first")},
		{string(search.SortTakenAsc), l.T("Results by date taken, oldest first")}, {string(search.SortAdded), l.T("Results by date added, latest first")},
		{string(search.SortTitle), l.T("Results by title")}}
}

// searchesPage lists the caller's saved searches, those shared with them
// and, for administrators, everyone's, with the forms that change them.
func (h *Handler) searchesPage(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	list, err := h.svc.ManagedSearches(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	groups, err := h.svc.ShareableGroups(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var d searchesData
	for _, g := range groups {
		d.Groups = append(d.Groups, groupChoice{ID: g.ID, Name: g.Name})
	}
	for _, ss := range list {
		row := searchRow{SavedSearchEntry: ss}
		for _, g := range groups {
			on := slices.Contains(ss.Groups, g.ID)
			if on {
				row.Shared = append(row.Shared, g.Name)
			}
			row.Groups = append(row.Groups, groupChoice{ID: g.ID, Name: g.Name, Checked: on})
		}
		d.Searches = append(d.Searches, row)
	}
	h.render(w, r, http.StatusOK, "searches", h.localizer(r).T("Saved searches"), d)
}

type smartData struct {
	Search service.SavedSearchEntry
	Page   service.SearchPage
	// Offset is where this page starts; Problem says why the query no
	// longer runs (a custom field it names was deleted).
	Offset  int
	Problem string
	// Open is the saved query as a search page; Batch its results in the
	// batch editor, for those who may edit some.
	Open, Batch string
	CanBatch    bool
}

// smartAlbum shows what a saved search finds for the caller, with the
// caller's rights: a search shared with a group never shows a member
// what they may not see.
func (h *Handler) smartAlbum(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.URL.Query().Get("from"))
	a := actorOf(r)
	ss, page, err := h.svc.SmartAlbum(r.Context(), a, pathID(r), max(offset, 0))
	l := h.localizer(r)
	d := smartData{Search: ss, Page: page, Offset: max(offset, 0)}
	if p := queryProblem(l, err); p != "" {
		d.Problem, err = p, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := url.Values{"q": {ss.Query}}
	if ss.Sort != "" {
		q.Set("sort", ss.Sort)
	}
	d.Open = "/search?" + q.Encode()
	d.Batch = "/batch?" + url.Values{"q": {ss.Query}}.Encode()
	// Editors of some album and administrators may act on the results
	// (the batch page keeps those they may edit).
	d.CanBatch = a.Access.Staff() && !a.ReadOnly && d.Problem == "" && page.Total > 0
	h.render(w, r, http.StatusOK, "smart", ss.Name, d)
}

// searchFieldsData is a saved search's fields in a form; Prefix keeps the
// ids of several forms on one page apart.
type searchFieldsData struct {
	L                         *i18n.Localizer
	Prefix, Name, Query, Sort string
	Smart                     bool
	Groups                    []groupChoice
	Sorts                     []savedSort
}

func searchFields(p pageData, prefix, name, query, sort string, smart bool, groups []groupChoice) searchFieldsData {
	return searchFieldsData{L: p.L, Prefix: prefix, Name: name, Query: query, Sort: sort, Smart: smart, Groups: groups, Sorts: savedSorts(p.L)}
}

// smartAlbums returns the saved searches the caller sees that are smart
// albums, for the home page; none while staff preview it as a visitor.
func (h *Handler) smartAlbums(r *http.Request) ([]service.SavedSearchEntry, error) {
	if sessionOf(r.Context()) == nil || viewOf(r.Context()).Reduced {
		return nil, nil
	}
	all, err := h.svc.SavedSearches(r.Context(), actorOf(r))
	var out []service.SavedSearchEntry
	for _, ss := range all {
		if ss.Smart {
			out = append(out, ss)
		}
	}
	return out, err
}
