package search

import (
	"sort"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"imagier/internal/gallery"
)

// An entity is something items refer to and people name: a tag, an
// album, a place, a camera, a lens, a value of a custom field. Its words
// match the items that have it, and it is a facet value and a suggestion.
type entity struct {
	kind  SuggestionKind
	sub   byte  // a place's level: 'c' city, 'r' region, 'n' country
	ref   int64 // a tag's, album's or field's id
	name  string
	value string // a field's canonical value
	// keys identify the entity for its operator (tag:, place:…): the
	// stemmed words of its name, and of each level of a path.
	keys  []string
	words []string // folded words of its names, for suggestions
	docs  *roaring.Bitmap
}

// suggestLens is the kind of lenses, which match lens: and words but are
// not suggested.
const suggestLens SuggestionKind = "lens"

// albumEntity is an album: docs holds the items of the album and of its
// sub-albums, direct those filed in it.
type albumEntity struct {
	entity
	parent int64
	direct *roaring.Bitmap
}

func (st *state) newEntity(kind SuggestionKind, name string, names ...string) entity {
	e := entity{kind: kind, name: name, docs: roaring.New()}
	e.rename(st.stem, append([]string{name}, names...)...)
	return e
}

// rename sets an entity's names: the first is its own, others are
// aliases (a country's name in each language).
func (e *entity) rename(st *stemmer, names ...string) {
	e.keys, e.words = e.keys[:0], e.words[:0]
	for _, n := range names {
		if k := nameKey(st, n); k != "" {
			e.keys = append(e.keys, k)
		}
		e.words = append(e.words, wordsOf(n)...)
		// Each level of a path is a name too ("Lieux/France/Lyon" is
		// found by tag:France).
		if parts := splitPath(n); len(parts) > 1 {
			for _, p := range parts {
				if k := nameKey(st, p); k != "" {
					e.keys = append(e.keys, k)
				}
			}
		}
	}
}

// splitPath cuts a hierarchical name at "/", "|" or " > ".
func splitPath(s string) []string {
	s = strings.ReplaceAll(s, gallery.TreeSeparator, "/")
	return strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '|' })
}

func (st *state) tag(id int64) *entity {
	e := st.tags[id]
	if e == nil {
		// A tag made after the vocabulary was read: its name comes with
		// the log entry of its creation.
		x := st.newEntity(SuggestTag, "")
		x.ref = id
		e = &x
		st.tags[id] = e
		st.namesDirty = true
	}
	return e
}

func (st *state) album(id int64) *albumEntity {
	a := st.albums[id]
	if a == nil {
		a = &albumEntity{entity: st.newEntity(SuggestAlbum, ""), direct: roaring.New()}
		a.ref = id
		st.albums[id] = a
		st.namesDirty = true
	}
	return a
}

// place returns the entity of a city, region or country (name is then
// the ISO code), in a country.
func (st *state) place(level byte, name, country string) *entity {
	k := string(level) + "\x00" + foldFast(name) + "\x00" + country
	e := st.places[k]
	if e == nil {
		var x entity
		switch {
		case level == 'n':
			x = st.newEntity(SuggestPlace, name, countryNames(name)...)
		case level == 'r' && st.regionName != nil:
			x = st.newEntity(SuggestPlace, name, st.regionName(country, name, "fr"), st.regionName(country, name, "en"))
		default:
			x = st.newEntity(SuggestPlace, name)
		}
		x.sub, x.value = level, country
		e = &x
		st.places[k] = e
		st.namesDirty = true
	}
	return e
}

// countryNames are a country's names in the interface's languages.
func countryNames(code string) []string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range []language.Tag{language.French, language.English} {
		if n := display.Regions(t).Name(r); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// placeLabel is a place's name in a language.
func (st *state) placeLabel(e *entity, lang string) string {
	switch {
	case e.sub == 'n':
		return countryName(e.name, lang)
	case e.sub == 'r' && st.regionName != nil:
		return st.regionName(e.value, e.name, lang)
	}
	return e.name
}

// countryName is a country's name in a language, else its code.
func countryName(code, lang string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	t := language.English
	if strings.HasPrefix(lang, "fr") {
		t = language.French
	}
	if n := display.Regions(t).Name(r); n != "" {
		return n
	}
	return code
}

func (st *state) named(m map[string]*entity, kind SuggestionKind, name string) *entity {
	k := foldFast(name)
	e := m[k]
	if e == nil {
		x := st.newEntity(kind, name)
		e = &x
		m[k] = e
		st.namesDirty = true
	}
	return e
}

// maxFieldValues bounds the distinct values of one field kept as
// entities, and maxTextValues those of a text field, past which it has no
// facet: a value per item is found by its words, and would list nothing.
const (
	maxFieldValues = 100_000
	maxTextValues  = 2_000
)

// fieldValue indexes one value of a custom field.
func (st *state) fieldValue(doc uint32, v gallery.FieldValue) {
	f := st.fieldByID[v.FieldID]
	if f == nil || strings.TrimSpace(v.Value) == "" {
		return
	}
	bitmapIn(st.hasField, f.ID).Add(doc)
	switch f.Type {
	case gallery.FieldText, gallery.FieldLongText:
		ft := st.fieldTxt[f.ID]
		if ft == nil {
			ft = map[string]posting{}
			st.fieldTxt[f.ID] = ft
		}
		eachWord(v.Value, func(w string) {
			for _, stem := range uniqueStems(st.stem.stems(w)) {
				st.addTerm(ft, stem, doc)
			}
		})
		// A text field's values are facet values while they are few; a
		// field with a value per item (a reference) is found by its
		// words only.
		if f.Type == gallery.FieldLongText || len(v.Value) > 100 || st.variedFields[f.ID] {
			return
		}
		if _, known := st.fieldVals[f.ID][v.Value]; !known && len(st.fieldVals[f.ID]) >= maxTextValues {
			st.variedFields[f.ID] = true
			delete(st.fieldVals, f.ID)
			st.namesDirty = true
			return
		}
	}
	vals := st.fieldVals[f.ID]
	if vals == nil {
		vals = map[string]*entity{}
		st.fieldVals[f.ID] = vals
	}
	values := []string{v.Value}
	if f.Type == gallery.FieldTree {
		// Each level of the path is a value of its own: site:Bretagne
		// finds every school of Brittany.
		parts := strings.Split(v.Value, gallery.TreeSeparator)
		values = values[:0]
		for i := range parts {
			values = append(values, strings.Join(parts[:i+1], gallery.TreeSeparator))
		}
	}
	for _, val := range values {
		e := vals[val]
		if e == nil {
			if len(vals) >= maxFieldValues {
				continue
			}
			name := val
			if f.Type == gallery.FieldTree {
				parts := strings.Split(val, gallery.TreeSeparator)
				name = parts[len(parts)-1]
			}
			x := st.newEntity(SuggestField, name)
			x.ref, x.value = f.ID, val
			if f.Type == gallery.FieldBool || f.Type == gallery.FieldNumber || f.Type == gallery.FieldDate {
				x.words = nil // "true" and "12" are no words to suggest
			}
			e = &x
			vals[val] = e
			st.namesDirty = true
		}
		e.docs.Add(doc)
	}
}

// setVocabulary takes the names of tags, albums and fields.
func (st *state) setVocabulary(v Vocabulary) {
	for _, t := range v.Tags {
		e := st.tag(t.ID)
		if e.name != t.Name {
			e.name = t.Name
			e.rename(st.stem, t.Name)
		}
	}
	tree := false
	for _, a := range v.Albums {
		e := st.album(a.ID)
		if e.parent != a.Parent {
			tree = true
		}
		e.parent = a.Parent
		if e.name != a.Name {
			e.name = a.Name
			e.rename(st.stem, a.Name)
		}
	}
	if tree {
		// An album moved: sub-album sets are made again.
		for _, a := range st.albums {
			a.docs = a.direct.Clone()
		}
		for _, a := range st.albums {
			hops := 0
			for p := st.albums[a.parent]; p != nil && hops < 64; p, hops = st.albums[p.parent], hops+1 {
				p.docs.Or(a.direct)
			}
		}
	}
	st.fields = append(st.fields[:0], v.Fields...)
	clear(st.fieldByID)
	clear(st.fieldByKey)
	for i := range st.fields {
		f := &st.fields[i]
		st.fieldByID[f.ID] = f
		st.fieldByKey[f.Name] = f
	}
	st.namesDirty = true
}

// albumPath is an album's path from its root, "A/B/C".
func (st *state) albumPath(id int64) string {
	var parts []string
	for a, hops := st.albums[id], 0; a != nil && hops < 64; a, hops = st.albums[a.parent], hops+1 {
		parts = append(parts, a.name)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// nameIndex finds entities by the words of their names.
type nameIndex struct {
	byStem map[string][]*entity
	words  []nameWord // sorted by word, for prefixes
}

type nameWord struct {
	word string
	e    *entity
}

// entities calls fn with every entity.
func (st *state) entities(fn func(*entity)) {
	for _, e := range st.tags {
		fn(e)
	}
	for _, a := range st.albums {
		fn(&a.entity)
	}
	for _, m := range []map[string]*entity{st.places, st.cameras, st.lenses} {
		for _, e := range m {
			fn(e)
		}
	}
	for _, m := range st.fieldVals {
		for _, e := range m {
			fn(e)
		}
	}
}

func (st *state) nameIdx() *nameIndex {
	if !st.namesDirty && st.names != nil {
		return st.names
	}
	ni := &nameIndex{byStem: map[string][]*entity{}}
	st.entities(func(e *entity) {
		seen := map[string]bool{}
		for _, w := range e.words {
			if seen[w] {
				continue
			}
			seen[w] = true
			for _, s := range uniqueStems(st.stem.stems(w)) {
				ni.byStem[s] = append(ni.byStem[s], e)
			}
			if e.kind != suggestLens {
				ni.words = append(ni.words, nameWord{w, e})
			}
		}
	})
	sort.Slice(ni.words, func(i, j int) bool { return ni.words[i].word < ni.words[j].word })
	st.names, st.namesDirty = ni, false
	return ni
}

// sortedSet is a set of strings kept sorted for prefix scans, with recent
// additions aside until there are enough to merge.
type sortedSet struct {
	sorted []string
	recent []string
}

func (s *sortedSet) add(w string) {
	s.recent = append(s.recent, w)
	if len(s.recent) > 4096 {
		s.merge()
	}
}

func (s *sortedSet) merge() {
	if len(s.recent) == 0 {
		return
	}
	sort.Strings(s.recent)
	out := make([]string, 0, len(s.sorted)+len(s.recent))
	i, j := 0, 0
	for i < len(s.sorted) || j < len(s.recent) {
		switch {
		case j == len(s.recent) || i < len(s.sorted) && s.sorted[i] < s.recent[j]:
			out = append(out, s.sorted[i])
			i++
		default:
			if len(out) == 0 || out[len(out)-1] != s.recent[j] {
				out = append(out, s.recent[j])
			}
			j++
		}
	}
	s.sorted, s.recent = out, nil
}

// withPrefix calls fn with each string starting with p.
func (s *sortedSet) withPrefix(p string, fn func(string)) {
	i := sort.SearchStrings(s.sorted, p)
	for ; i < len(s.sorted) && strings.HasPrefix(s.sorted[i], p); i++ {
		fn(s.sorted[i])
	}
	for _, w := range s.recent {
		if strings.HasPrefix(w, p) {
			fn(w)
		}
	}
}

// quote prints a value for a query, between quotes unless it is one plain
// word.
func quote(v string) string {
	plain := v != ""
	for _, r := range v {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 && r != '\u00a0') {
			plain = false
			break
		}
	}
	if plain && !IsReserved(v) && !strings.EqualFold(v, "or") && !strings.EqualFold(v, "ou") {
		return v
	}
	return Text{Raw: v, Quoted: true}.print()
}

func itoa(n int) string { return strconv.Itoa(n) }
