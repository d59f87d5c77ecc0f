package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/search"
)

// getAs fetches a page in a language and returns its status and body.
func getAs(t *testing.T, c *http.Client, u, lang string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", lang)
	resp, err := c.Do(req)
	page := body(t, resp, err)
	return resp.StatusCode, page
}

// TestSearchSyntaxError requires a query that does not parse to render
// the normal page with status 400: a sentence in the reader's language,
// the query echoed with the mistaken part marked, and hostile text
// escaped, never a server error.
func TestSearchSyntaxError(t *testing.T) {
	tests := []struct {
		query    string
		lang     string
		message  string
		marked   string // the text inside <mark>, escaped as the page has it
		absent   string // raw text the page must not hold
		atColumn string
	}{
		{`fête (église`, "en", "This parenthesis is never closed.", "(", "", "At character 6 of your search:"},
		{`fête (église`, "fr", "Cette parenthèse n’est jamais fermée.", "(", "", "Au caractère 6 de votre recherche"},
		{`lieu: Lyon`, "fr", "lieu: doit être suivi d’une valeur juste après les deux-points.", "lieu:", "", ""},
		{`couleur:rouge`, "en", "“couleur:” is neither a search operator nor a field.", "couleur:", "", ""},
		{`type:film`, "fr", "n’accepte pas «\u00a0film\u00a0»", "", "", ""},
		{`date:hier`, "en", "date: “hier” is not a date such as 2019", "", "", ""},
		{`chat OR`, "en", "OR must stand between two terms", "OR", "", ""},
		{`"unclosed`, "fr", "Ce guillemet n’est jamais fermé.", "&#34;unclosed", "", ""},
		{`<script>alert(1)</script> (`, "en", "This parenthesis is never closed.", "(", "<script>alert(1)", ""},
		{`<img src=x onerror=alert(1)> "`, "fr", "Ce guillemet n’est jamais fermé.", "&#34;", "<img src=x", ""},
		{strings.Repeat("a ", 600), "en", "The search is longer than 1000 bytes.", "", "", ""},
	}
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			s.signedIn(t)
			c := s.signedIn2(t)
			for _, tt := range tests {
				status, page := getAs(t, c, s.URL+"/search?"+url.Values{"q": {tt.query}}.Encode(), tt.lang)
				what := tt.lang + " " + tt.query[:min(len(tt.query), 40)]
				if status != http.StatusBadRequest {
					t.Errorf("%s: status %d, want 400", what, status)
				}
				if !strings.Contains(page, tt.message) {
					t.Errorf("%s: no message %q in %s", what, tt.message, excerpt(page, "query-mistake"))
				}
				if tt.marked != "" && !strings.Contains(page, "<mark>"+tt.marked+"</mark>") {
					t.Errorf("%s: %q is not marked: %s", what, tt.marked, excerpt(page, "query-echo"))
				}
				if tt.absent != "" && strings.Contains(page, tt.absent) {
					t.Errorf("%s: the page holds %q unescaped", what, tt.absent)
				}
				if tt.atColumn != "" && !strings.Contains(page, tt.atColumn) {
					t.Errorf("%s: no %q", what, tt.atColumn)
				}
				// The header's box keeps the query, to be corrected.
				if !strings.Contains(page, `id="search-q" name="q" value="`) {
					t.Errorf("%s: no search box in the header", what)
				}
			}
		})
	}
}

// signedIn2 signs in again as the first account, with a client of its own
// that does not follow redirects.
func (s *site) signedIn2(t *testing.T) *http.Client {
	t.Helper()
	c := s.client(false)
	resp, err := c.PostForm(s.URL+"/login", url.Values{"name": {"anne"}, "password": {"correct horse"}})
	body(t, resp, err)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: got %d, want 303", resp.StatusCode)
	}
	return c
}

// excerpt returns the part of page around the first occurrence of mark,
// for failure messages.
func excerpt(page, mark string) string {
	i := strings.Index(page, mark)
	if i < 0 {
		i = strings.Index(page, "<main")
	}
	return page[max(i, 0):min(len(page), max(i, 0)+600)]
}

// TestAdvancedSearch requires the advanced form's controls to become a
// query in the canonical syntax, added to the words typed, and the
// browser sent to its results; a query that does not parse goes as typed.
func TestAdvancedSearch(t *testing.T) {
	tests := []struct {
		form url.Values
		want string
	}{
		{url.Values{"q": {"église"}, "type": {"photo"}}, "église type:photo"},
		{url.Values{"from": {"2019-01-01"}, "to": {"2020-12-31"}, "gps": {"1"}}, "taken:2019-01-01..2020-12-31 has:gps"},
		{url.Values{"q": {"lieu:Lyon"}, "rating": {"4"}, "orientation": {"portrait"}, "sort": {"taken"}}, "place:Lyon rating:>=4 orientation:portrait"},
		{url.Values{"to": {"2020-06-30"}}, "taken:..2020-06-30"},
		// Values outside the form's choices are left out.
		{url.Values{"q": {"chat"}, "type": {"film"}, "rating": {"9"}, "orientation": {"round"}}, "chat"},
		// A mistake goes as typed, for the results page to explain.
		{url.Values{"q": {"(chat"}, "type": {"video"}}, "(chat type:video"},
	}
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			s.signedIn(t)
			c := s.signedIn2(t)
			for _, tt := range tests {
				resp, err := c.Get(s.URL + "/search/advanced?" + tt.form.Encode())
				body(t, resp, err)
				if resp.StatusCode != http.StatusSeeOther {
					t.Errorf("%v: status %d, want 303", tt.form, resp.StatusCode)
					continue
				}
				u, err := url.Parse(resp.Header.Get("Location"))
				if err != nil || u.Path != "/search" {
					t.Errorf("%v: redirected to %q, want /search", tt.form, resp.Header.Get("Location"))
					continue
				}
				if got := u.Query().Get("q"); got != tt.want {
					t.Errorf("%v: q=%q, want %q", tt.form, got, tt.want)
				}
				if got, want := u.Query().Get("sort"), tt.form.Get("sort"); got != want {
					t.Errorf("%v: sort=%q, want %q", tt.form, got, want)
				}
			}
		})
	}
}

// TestSearchBoxEverywhere requires the header's search form on the pages
// of every caller who may browse, and none where the library needs
// signing in.
func TestSearchBoxEverywhere(t *testing.T) {
	form := regexp.MustCompile(`<form method="get" action="/search" role="search"[^>]*aria-label="[^"]+">`)
	for name, s := range newSites(t, "cameras/Canon_40D.jpg") {
		t.Run(name, func(t *testing.T) {
			must(t, s.store.SetSetting(context.Background(), "guest_access", "false"))
			s.signedIn(t)
			c := s.signedIn2(t)
			for _, p := range []string{"/", "/timeline", "/tags", "/account", "/admin/people", "/nothing/here"} {
				_, page := getAs(t, c, s.URL+p, "en")
				if !form.MatchString(page) {
					t.Errorf("%s: no search form in the header", p)
				}
				if !strings.Contains(page, `<label for="search-q"`) {
					t.Errorf("%s: the search box has no label", p)
				}
			}
			// While the library needs signing in, a guest's search is
			// sent to the sign-in page, like any other visitor page.
			guest := s.client(false)
			resp, err := guest.Get(s.URL + "/search?q=x")
			body(t, resp, err)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
				t.Errorf("guest's search, guests off: %d to %q, want the sign-in page", resp.StatusCode, resp.Header.Get("Location"))
			}
			if err := s.store.SetSetting(context.Background(), "guest_access", "true"); err != nil {
				t.Fatal(err)
			}
			if _, page := getAs(t, guest, s.URL+"/", "fr"); !form.MatchString(page) || !strings.Contains(page, "Rechercher dans la photothèque") {
				t.Errorf("guest's home in French: no search form")
			}
		})
	}
}

// suggestion is one answer of /search/suggest.
type suggestion struct {
	Kind, What, Label, Detail, Query, Text string
	Count, Words                           int
}

func suggestions(t *testing.T, c *http.Client, base, q, lang string) (int, []suggestion) {
	t.Helper()
	status, page := getAs(t, c, base+"/search/suggest?"+url.Values{"q": {q}}.Encode(), lang)
	var out []suggestion
	if status == 200 {
		if err := json.Unmarshal([]byte(page), &out); err != nil {
			t.Fatalf("suggest %q: %v in %s", q, err, page)
		}
	}
	return status, out
}

// searchLibrary makes, on a site with the mongolia photo and two
// cameras' photos, a public album "Publique" holding two photos, one of
// them for administrators only, and leaves the rest private; guests may
// browse. It returns the keys of the public photo and of the hidden one.
func searchLibrary(t *testing.T, s *site) (public, hidden gallery.Media) {
	t.Helper()
	ctx := context.Background()
	must(t, s.store.SetSetting(ctx, "guest_access", "true"))
	items := map[string]gallery.Media{}
	must(t, s.store.EachMedia(ctx, func(m gallery.Media) error { items[m.Filename] = m; return nil }))
	public, hidden = items["Canon_40D.jpg"], items["Nikon_D5000.jpg"]
	if public.ID == 0 || hidden.ID == 0 {
		t.Fatalf("library: %v", items)
	}
	id, err := s.store.CreateAlbum(ctx, 0, "Publique")
	must(t, err)
	must(t, s.store.SetAlbumAccess(ctx, id, true, true))
	must(t, s.store.AddToAlbums(ctx, []int64{public.ID, hidden.ID}, id))
	must(t, s.store.SetLevel(ctx, []int64{hidden.ID}, gallery.LevelAdmins))
	must(t, s.store.AddTags(ctx, []int64{public.ID}, []string{"Zébulon"}))
	must(t, s.store.AddTags(ctx, []int64{hidden.ID}, []string{"Zanzibar secret"}))
	return public, hidden
}

var searchFiles = []string{"cameras/Canon_40D.jpg", "cameras/Nikon_D5000.jpg", "iptc-xmp/mongolia.jpeg"}

// TestSearchResults searches as the administrator and as a guest, in
// English and French: the total in the reader's words, the chips, the
// sort, the facets with their counts (a guest's leave out what they may
// not see), a facet's link narrowing the query and a chip's link taking a
// term away.
func TestSearchResults(t *testing.T) {
	for name, s := range newSites(t, searchFiles...) {
		t.Run(name, func(t *testing.T) {
			public, hidden := searchLibrary(t, s)
			_, err := s.store.CreateGroup(context.Background(), "famille")
			must(t, err)
			s.signedIn(t)
			admin := s.signedIn2(t)
			guest := s.client(false)

			status, page := getAs(t, admin, s.URL+"/search", "en")
			if status != 200 || !strings.Contains(page, ">3 results<") {
				t.Fatalf("admin, everything: %d %s", status, excerpt(page, "search-total"))
			}
			for _, want := range []string{`<option value="taken">Date taken, newest first</option>`, "Select all 3 results", `action="/searches"`,
				`>Tags</h2>`, `>File types</h2>`, `>Privacy level</h2>`, "Zanzibar secret", "Zébulon"} {
				if !strings.Contains(page, want) {
					t.Errorf("admin, everything: no %q", want)
				}
			}
			// The form that saves the search carries what the saved
			// searches' handler reads.
			i := strings.Index(page, `action="/searches"`)
			if i < 0 {
				t.Fatal("admin: no form to save the search")
			}
			form, _, _ := strings.Cut(page[i:], "</form>")
			for _, field := range []string{`name="csrf" value="`, `name="q" value=""`, `name="sort" value=""`, `name="name" required`,
				`type="checkbox" id="save-smart" name="smart"`, `name="groups" value="`, `>famille</label>`} {
				if !strings.Contains(form, field) {
					t.Errorf("admin: the save form has no %s", field)
				}
			}
			status, page = getAs(t, guest, s.URL+"/search", "fr")
			if status != 200 || !strings.Contains(page, ">1 résultat<") {
				t.Fatalf("guest, everything: %d %s", status, excerpt(page, "search-total"))
			}
			for _, bad := range []string{hidden.Key, "Zanzibar", "Niveau de confidentialité</h2>", `action="/searches"`, "/batch?q="} {
				if strings.Contains(page, bad) {
					t.Errorf("guest: the page holds %q", bad)
				}
			}
			if !strings.Contains(page, public.Key) || !strings.Contains(page, "Zébulon") {
				t.Errorf("guest: the public photo or its tag is missing")
			}
			// Facet counts are the guest's: one photo.
			if m := regexp.MustCompile(`Photos</span> <span class="count">(\d+)</span>`).FindStringSubmatch(page); m == nil || m[1] != "1" {
				t.Errorf("guest: photo facet %v, want a count of 1", m)
			}

			// A facet's link adds its term; the chip takes it away.
			status, page = getAs(t, admin, s.URL+"/search?q=Z%C3%A9bulon", "en")
			if status != 200 || !strings.Contains(page, ">1 result<") {
				t.Fatalf("admin, Zébulon: %d %s", status, excerpt(page, "search-total"))
			}
			link := regexp.MustCompile(`<a href="(/search\?q=[^"]+)"><span class="facet-label">Photos</span>`).FindStringSubmatch(page)
			if link == nil {
				t.Fatalf("admin, Zébulon: no link on the photos facet: %s", excerpt(page, "facets"))
			}
			href := html.UnescapeString(link[1])
			status, page = getAs(t, admin, s.URL+href, "en")
			if status != 200 || !strings.Contains(page, `<span class="chip-text">type:photo</span>`) || !strings.Contains(page, ">1 result<") {
				t.Fatalf("after the facet %s: %d %s", href, status, excerpt(page, "search-head"))
			}
			if !strings.Contains(page, `class="active" aria-current="true"`) {
				t.Errorf("after the facet: no facet value shown as chosen")
			}
			chip := regexp.MustCompile(`<span class="chip-text">type:photo</span> <a href="([^"]+)" class="chip-remove">`).FindStringSubmatch(page)
			if chip == nil {
				t.Fatalf("no removable chip for type:photo")
			}
			u, _ := url.Parse(html.UnescapeString(chip[1]))
			if got := u.Query().Get("q"); strings.Contains(got, "type:") || !strings.Contains(got, "bulon") {
				t.Errorf("the chip's link searches %q, want the query without type:photo", got)
			}

			// Hostile text typed in the box comes back as text.
			for _, q := range []string{`<img src=x onerror=alert(1)>`, `"><script>alert(1)</script>`, `tag:"<b>x</b>"`} {
				status, page := getAs(t, guest, s.URL+"/search?"+url.Values{"q": {q}}.Encode(), "en")
				if status != 200 && status != 400 || strings.Contains(page, "<img src=x") || strings.Contains(page, "<script>alert") || strings.Contains(page, "<b>x") {
					t.Errorf("hostile query %q: %d, or echoed unescaped", q, status)
				}
			}

			// Sorting keeps the query; every order answers.
			for _, o := range []string{"", "taken", "taken-asc", "added", "title", "nonsense"} {
				status, page := getAs(t, admin, s.URL+"/search?q=&sort="+o, "fr")
				if status != 200 || !strings.Contains(page, ">3 résultats<") {
					t.Errorf("sort %q: %d %s", o, status, excerpt(page, "search-total"))
				}
			}
			// A later page starts at its offset and links back.
			status, page = getAs(t, admin, s.URL+"/search?q=&sort=title&offset=1", "en")
			if n := strings.Count(page, `class="card"`); status != 200 || n != 2 || !strings.Contains(page, ">3 results<") {
				t.Errorf("offset 1: %d, %d cards, want 200 and 2 of 3", status, n)
			}
			if !strings.Contains(page, `<a rel="prev" href="/search?q=&amp;sort=title">Previous page</a>`) || strings.Contains(page, `rel="next"`) {
				t.Errorf("offset 1: paging links wrong: %s", excerpt(page, `class="pager"`))
			}

			// Nothing found: the empty state with help.
			if status, page := getAs(t, admin, s.URL+"/search?q=nothingmatchesthis", "fr"); status != 200 ||
				!strings.Contains(page, "Aucun résultat") || !strings.Contains(page, "Comment chercher") {
				t.Errorf("no result: %d %s", status, excerpt(page, "search-empty"))
			}
		})
	}
}

// TestSearchSuggest checks the suggestions' JSON and that they name only
// what the caller sees.
func TestSearchSuggest(t *testing.T) {
	for name, s := range newSites(t, searchFiles...) {
		t.Run(name, func(t *testing.T) {
			searchLibrary(t, s)
			s.signedIn(t)
			admin := s.signedIn2(t)
			guest := s.client(false)

			status, got := suggestions(t, admin, s.URL, "Za", "en")
			if status != 200 || len(got) == 0 {
				t.Fatalf("admin, Za: %d %v", status, got)
			}
			found := false
			for _, sg := range got {
				if sg.Label == "Zanzibar secret" {
					found = true
					if sg.Kind != "tag" || sg.What != "Tag" || sg.Count != 1 || !strings.Contains(sg.Query, "Zanzibar secret") ||
						sg.Text != "Zanzibar secret, Tag, 1 item" {
						t.Errorf("admin, Za: %+v", sg)
					}
				}
			}
			if !found {
				t.Errorf("admin, Za: no Zanzibar secret in %v", got)
			}
			// A name of several words is offered as they are typed; a
			// word that starts a term of its own, after others, too.
			for _, tt := range []struct {
				typed string
				words int
			}{{"Zanzibar se", 2}, {"chat Zanz", 1}, {"Zanz", 1}} {
				_, got := suggestions(t, admin, s.URL, tt.typed, "en")
				if len(got) == 0 || got[0].Label != "Zanzibar secret" || got[0].Words != tt.words {
					t.Errorf("admin, %q: %+v, want Zanzibar secret replacing %d words", tt.typed, got, tt.words)
				}
			}
			status, got = suggestions(t, guest, s.URL, "Z", "fr")
			if status != 200 {
				t.Fatalf("guest, Z: %d", status)
			}
			for _, sg := range got {
				if strings.Contains(sg.Label, "Zanzibar") {
					t.Errorf("guest: suggested %+v, only on a hidden photo", sg)
				}
				if sg.Label == "Zébulon" && sg.What != "Mot-clé" {
					t.Errorf("guest in French: %+v", sg)
				}
			}
			// Nothing typed, or too much: an answer all the same.
			for _, q := range []string{"", "   ", strings.Repeat("é", 400)} {
				if status, got := suggestions(t, guest, s.URL, q, "en"); status != 200 || (strings.TrimSpace(q) == "" && len(got) != 0) {
					t.Errorf("suggest %.10q: %d %v", q, status, got)
				}
			}
			resp, err := guest.Get(s.URL + "/search/suggest?q=Z")
			body(t, resp, err)
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("suggest: Content-Type %q", ct)
			}
		})
	}
}

// TestWordMistake requires any offsets the parser may give, even outside
// the query or inside a character, to cut it at character boundaries
// without losing a byte.
func TestWordMistake(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer(language.French)
	tests := []struct {
		query       string
		offset, end int
		wrong       string
		atEnd       bool
	}{
		{"fête (église", 6, 7, "(", false},
		{"fête (église", 2, 3, "ê", false},  // inside ê: widened to it
		{"fête (église", 7, 7, "é", false},  // empty: the character there
		{"fête (église", 20, 30, "", true},  // past the end
		{"fête (église", -4, 1, "f", false}, // before the start
		{"fête (église", 9, 3, "g", false},  // end before offset
		{"", 0, 0, "", true},
	}
	for _, tt := range tests {
		m := wordMistake(l, tt.query, &search.Error{Offset: tt.offset, End: tt.end, Key: search.ErrUnclosedParen})
		if m.Wrong != tt.wrong || m.AtEnd != tt.atEnd || m.Before+m.Wrong+m.After != tt.query {
			t.Errorf("%q [%d:%d]: %q|%q|%q at end %v, want %q", tt.query, tt.offset, tt.end, m.Before, m.Wrong, m.After, m.AtEnd, tt.wrong)
		}
		if m.Message != "Cette parenthèse n’est jamais fermée." {
			t.Errorf("%q: message %q", tt.query, m.Message)
		}
	}
	// Totals are grouped as the reader writes numbers.
	if got := l.N("%d result", "%d results", 3412, 3412); got != "3\u202f412 résultats" {
		t.Errorf("3412 in French: %q", got)
	}
	if got := b.Localizer(language.English).N("%d result", "%d results", 3412, 3412); got != "3,412 results" {
		t.Errorf("3412 in English: %q", got)
	}
}

// TestEveryMistakeWorded fails when the parser gains an error that the
// results page would only call unreadable: each has its own sentence, in
// both languages.
func TestEveryMistakeWorded(t *testing.T) {
	src, err := os.ReadFile("../search/errors.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := regexp.MustCompile(`ErrorKey = "(search\.[a-z_]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(keys) < 15 {
		t.Fatalf("found %d error keys: the scan is broken", len(keys))
	}
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []language.Tag{language.English, language.French} {
		l := b.Localizer(tag)
		fallback := l.T("This search cannot be read.")
		seen := map[string]string{}
		for _, k := range keys {
			msg := mistakeMessage(l, &search.Error{Key: search.ErrorKey(k[1]), Args: []string{"a", "b", "c"}})
			if msg == fallback {
				t.Errorf("%s: %s has no sentence of its own", tag, k[1])
			}
			if other, ok := seen[msg]; ok {
				t.Errorf("%s: %s and %s say the same", tag, k[1], other)
			}
			seen[msg] = k[1]
		}
	}
}

// TestFacetValueWords: the raw values of facets are worded in the
// reader's language: types, levels, months, and a yes/no field's values.
func TestFacetValueWords(t *testing.T) {
	en, fr := localizers(t)
	cases := []struct {
		kind   search.FacetKind
		v      search.FacetValue
		en, fr string
	}{
		{search.FacetField, search.FacetValue{Value: "true"}, "Yes", "Oui"},
		{search.FacetField, search.FacetValue{Value: "false"}, "No", "Non"},
		{search.FacetField, search.FacetValue{Value: "Rouge", Label: "Rouge"}, "Rouge", "Rouge"},
		{search.FacetType, search.FacetValue{Value: "video"}, "Videos", "Vidéos"},
		{search.FacetPlace, search.FacetValue{Value: "Brittany", Label: "Région Bretagne"}, "Région Bretagne", "Région Bretagne"},
	}
	for _, c := range cases {
		if got := facetValueLabel(en, c.kind, c.v); got != c.en {
			t.Errorf("%s %+v in English: %q, want %q", c.kind, c.v, got, c.en)
		}
		if got := facetValueLabel(fr, c.kind, c.v); got != c.fr {
			t.Errorf("%s %+v in French: %q, want %q", c.kind, c.v, got, c.fr)
		}
	}
}
