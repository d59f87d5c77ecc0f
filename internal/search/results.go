package search

import (
	"bytes"
	"container/heap"
	"context"
	"sort"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"imagier/internal/gallery"
)

// page returns the media ids of results [offset, offset+limit) in an
// order; strong, when set, are the results that come first.
func (st *state) page(all, strong *roaring.Bitmap, order Sort, offset, limit int) []int64 {
	if limit <= 0 || offset >= int(all.GetCardinality()) {
		return nil
	}
	less := st.less(order)
	var out []int64
	take := func(set *roaring.Bitmap, offset, limit int) {
		n := int(set.GetCardinality())
		if offset >= n || limit <= 0 {
			return
		}
		k := min(offset+limit, n)
		var docs []uint32
		if k == n || k > n/4 {
			// Most of the set: sort it all.
			docs = set.ToArray()
			sort.Slice(docs, func(i, j int) bool { return less(docs[i], docs[j]) })
			docs = docs[:k]
		} else {
			// A page of a large set: keep the best k while walking it.
			h := &docHeap{less: less}
			it := set.ManyIterator()
			buf := make([]uint32, 1024)
			for m := it.NextMany(buf); m > 0; m = it.NextMany(buf) {
				for _, d := range buf[:m] {
					if h.Len() < k {
						heap.Push(h, d)
					} else if less(d, h.docs[0]) {
						h.docs[0] = d
						heap.Fix(h, 0)
					}
				}
			}
			docs = make([]uint32, h.Len())
			for i := len(docs) - 1; i >= 0; i-- {
				docs[i] = heap.Pop(h).(uint32)
			}
		}
		for _, d := range docs[offset:] {
			out = append(out, int64(st.media[d]))
		}
	}
	if strong != nil && !strong.IsEmpty() {
		ns := int(strong.GetCardinality())
		take(strong, offset, limit)
		rest := roaring.AndNot(all, strong)
		take(rest, max(offset-ns, 0), limit-len(out))
		return out
	}
	take(all, offset, limit)
	return out
}

// less orders doc ids for a sort; ties go to the newest doc.
func (st *state) less(order Sort) func(a, b uint32) bool {
	by := func(keys []int32, desc bool) func(a, b uint32) bool {
		return func(a, b uint32) bool {
			if keys[a] != keys[b] {
				return (keys[a] > keys[b]) == desc
			}
			return st.media[a] > st.media[b]
		}
	}
	switch order {
	case SortTakenAsc:
		return by(st.sortSec, false)
	case SortAdded:
		return by(st.addedSec, true)
	case SortTitle:
		return func(a, b uint32) bool {
			if c := bytes.Compare(st.title[a][:], st.title[b][:]); c != 0 {
				return c < 0
			}
			return st.media[a] < st.media[b]
		}
	}
	return by(st.sortSec, true)
}

// docHeap keeps the k best docs with the worst on top.
type docHeap struct {
	docs []uint32
	less func(a, b uint32) bool
}

func (h *docHeap) Len() int           { return len(h.docs) }
func (h *docHeap) Less(i, j int) bool { return h.less(h.docs[j], h.docs[i]) }
func (h *docHeap) Swap(i, j int)      { h.docs[i], h.docs[j] = h.docs[j], h.docs[i] }
func (h *docHeap) Push(x any)         { h.docs = append(h.docs, x.(uint32)) }
func (h *docHeap) Pop() any {
	x := h.docs[len(h.docs)-1]
	h.docs = h.docs[:len(h.docs)-1]
	return x
}

// counted is an entity's count among results.
type counted struct {
	e *entity
	n int
}

// sized is an entity with the size of its set.
type sized struct {
	e    *entity
	size uint64
}

// bySize returns entities largest first, cached per state generation
// under a name: sizes only change with the catalogue.
func (st *state) bySize(name string, list func() []*entity) []sized {
	st.sizedMu.Lock()
	defer st.sizedMu.Unlock()
	if st.sizedGen != st.gen || st.sized == nil {
		st.sized, st.sizedGen = map[string][]sized{}, st.gen
	}
	if ss, ok := st.sized[name]; ok {
		return ss
	}
	es := list()
	ss := make([]sized, 0, len(es))
	for _, e := range es {
		if sz := e.docs.GetCardinality(); sz > 0 {
			ss = append(ss, sized{e, sz})
		}
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].size > ss[j].size })
	st.sized[name] = ss
	return ss
}

// topEntities counts results among entities (largest first), keeping the
// limit most frequent. A count can never exceed an entity's size, so the
// walk stops once no entity left can enter the top: most of a large
// vocabulary is never intersected.
func topEntities(all *roaring.Bitmap, ss []sized, limit int, skipAll bool) []counted {
	total := int(all.GetCardinality())
	var top []counted
	for _, s := range ss {
		if len(top) >= limit && int(s.size) <= top[len(top)-1].n {
			break
		}
		n := int(all.AndCardinality(s.e.docs))
		if n == 0 || skipAll && n == total {
			continue
		}
		if len(top) >= limit && n <= top[len(top)-1].n {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return top[i].n < n })
		top = append(top, counted{})
		copy(top[i+1:], top[i:])
		top[i] = counted{s.e, n}
		if len(top) > limit {
			top = top[:limit]
		}
	}
	return top
}

// sizedOf sorts entities without caching, for a list made per request.
func sizedOf(es []*entity) []sized {
	ss := make([]sized, 0, len(es))
	for _, e := range es {
		if sz := e.docs.GetCardinality(); sz > 0 {
			ss = append(ss, sized{e, sz})
		}
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].size > ss[j].size })
	return ss
}

// facets counts the results' values of every facet.
func (st *state) facets(all *roaring.Bitmap, limit int, lang string) []Facet {
	if limit <= 0 {
		limit = 12
	}
	var out []Facet
	add := func(kind FacetKind, f *gallery.Field, vals []FacetValue) {
		if len(vals) > 0 {
			out = append(out, Facet{Kind: kind, Field: f, Values: vals})
		}
	}
	var vals []FacetValue
	tags := st.bySize("tags", func() []*entity {
		es := make([]*entity, 0, len(st.tags))
		for _, e := range st.tags {
			es = append(es, e)
		}
		return es
	})
	for _, c := range topEntities(all, tags, limit, false) {
		vals = append(vals, FacetValue{Value: c.e.name, Label: c.e.name, Query: "tag:" + quote(c.e.name), Count: c.n})
	}
	add(FacetTag, nil, vals)

	albums := st.bySize("albums", func() []*entity {
		es := make([]*entity, 0, len(st.albums))
		for _, a := range st.albums {
			es = append(es, &a.entity)
		}
		return es
	})
	vals = nil
	for _, c := range topEntities(all, albums, limit, true) {
		path := st.albumPath(c.e.ref)
		vals = append(vals, FacetValue{Value: path, Label: c.e.name, Query: "album:" + quote(path), Count: c.n})
	}
	add(FacetAlbum, nil, vals)

	places := st.bySize("places", func() []*entity {
		es := make([]*entity, 0, len(st.places))
		for _, e := range st.places {
			es = append(es, e)
		}
		return es
	})
	vals = nil
	for _, c := range topEntities(all, places, limit, true) {
		label := st.placeLabel(c.e, lang)
		vals = append(vals, FacetValue{Value: c.e.name, Label: label, Query: "place:" + quote(label), Count: c.n})
	}
	add(FacetPlace, nil, vals)

	// Years, newest first; the months of the year when only one has
	// results.
	var years []int
	vals = nil
	for y, b := range st.years {
		if n := int(all.AndCardinality(b)); n > 0 {
			years = append(years, y)
			vals = append(vals, FacetValue{Value: itoa(y), Label: itoa(y), Query: "taken:" + itoa(y), Count: n})
		}
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].Value > vals[j].Value })
	add(FacetYear, nil, vals)
	if len(years) == 1 {
		vals = nil
		for ym, b := range st.months {
			if ym/100 != years[0] {
				continue
			}
			if n := int(all.AndCardinality(b)); n > 0 {
				v := itoa(ym/100) + "-" + pad(ym%100, 2)
				vals = append(vals, FacetValue{Value: v, Label: v, Query: "taken:" + v, Count: n})
			}
		}
		sort.Slice(vals, func(i, j int) bool { return vals[i].Value > vals[j].Value })
		add(FacetMonth, nil, vals)
	}

	cams := st.bySize("cameras", func() []*entity {
		es := make([]*entity, 0, len(st.cameras))
		for _, e := range st.cameras {
			es = append(es, e)
		}
		return es
	})
	vals = nil
	for _, c := range topEntities(all, cams, limit, false) {
		vals = append(vals, FacetValue{Value: c.e.name, Label: c.e.name, Query: "camera:" + quote(c.e.name), Count: c.n})
	}
	add(FacetCamera, nil, vals)

	vals = nil
	for _, k := range []Kind{KindPhoto, KindVideo, KindPDF, KindOther} {
		if b := st.kinds[k]; b != nil {
			if n := int(all.AndCardinality(b)); n > 0 {
				vals = append(vals, FacetValue{Value: string(k), Query: "type:" + string(k), Count: n})
			}
		}
	}
	add(FacetType, nil, vals)

	vals = nil
	for _, lv := range []int{0, 1, 2, 4, 8} {
		if b := st.levels[lv]; b != nil {
			if n := int(all.AndCardinality(b)); n > 0 {
				vals = append(vals, FacetValue{Value: itoa(lv), Query: "level:" + itoa(lv), Count: n})
			}
		}
	}
	add(FacetLevel, nil, vals)

	for i := range st.fields {
		f := &st.fields[i]
		if f.Type == gallery.FieldLongText {
			continue
		}
		es := st.bySize("field:"+itoa(int(f.ID)), func() []*entity {
			m := st.fieldVals[f.ID]
			es := make([]*entity, 0, len(m))
			for _, e := range m {
				es = append(es, e)
			}
			return es
		})
		vals = nil
		for _, c := range topEntities(all, es, limit, false) {
			label := c.e.value
			if f.Type == gallery.FieldBool {
				label = ""
			}
			vals = append(vals, FacetValue{Value: c.e.value, Label: label, Query: f.Name + ":" + quote(c.e.value), Count: c.n})
		}
		add(FacetField, f, vals)
	}
	return out
}

// Suggest returns suggestions for what is being typed: entities a word of
// whose names starts with its last word (and that have its other words),
// that the viewer sees items of, the most frequent first.
func (ix *Index) Suggest(ctx context.Context, acc *gallery.Access, typed, lang string, limit int) ([]Suggestion, error) {
	ws := wordsOf(typed)
	if len(ws) == 0 || len(typed) > MaxBytes {
		return nil, nil
	}
	last, before := ws[len(ws)-1], ws[:len(ws)-1]
	var out []Suggestion
	err := ix.read(ctx, func(st *state) error {
		vis := ix.visible(st, acc)
		ni := st.names
		seen := map[*entity]bool{}
		var cands []*entity
		for i := lowerBound(ni.words, last); i < len(ni.words) && strings.HasPrefix(ni.words[i].word, last); i++ {
			e := ni.words[i].e
			if seen[e] || e.kind == suggestLens || len(before) > 0 && !containsWords(e.words, before) {
				continue
			}
			seen[e] = true
			cands = append(cands, e)
		}
		for _, c := range topEntities(vis, sizedOf(cands), limit, false) {
			out = append(out, st.suggestion(c.e, c.n, lang))
		}
		return nil
	})
	return out, err
}

func (st *state) suggestion(e *entity, n int, lang string) Suggestion {
	s := Suggestion{Kind: e.kind, Label: e.name, Count: n}
	switch e.kind {
	case SuggestTag:
		s.Query = "tag:" + quote(e.name)
	case SuggestAlbum:
		path := st.albumPath(e.ref)
		s.Query = "album:" + quote(path)
		if i := strings.LastIndex(path, "/"); i > 0 {
			s.Detail = path[:i]
		}
	case SuggestPlace:
		s.Label = st.placeLabel(e, lang)
		s.Query = "place:" + quote(s.Label)
	case SuggestCamera:
		s.Query = "camera:" + quote(e.name)
	case SuggestField:
		if f := st.fieldByID[e.ref]; f != nil {
			s.Detail = f.Label(lang)
			s.Query = f.Name + ":" + quote(e.value)
			if f.Type == gallery.FieldTree {
				s.Label = e.value
			}
		}
	}
	return s
}

// verifyPhrases checks the query's phrases against the items' texts: the
// index keeps words, not their order, so the items having all the words
// of a phrase are read again to see whether the words follow each other.
func (ix *Index) verifyPhrases(ctx context.Context, acc *gallery.Access, q Node) (map[string]map[int64]bool, error) {
	var phrases [][]string
	var walk func(Node)
	walk = func(n Node) {
		switch n := n.(type) {
		case And:
			for _, c := range n.Nodes {
				walk(c)
			}
		case Or:
			for _, c := range n.Nodes {
				walk(c)
			}
		case Not:
			walk(n.Node)
		case Word:
			if ws := wordsOf(n.Raw); n.Quoted && len(ws) > 1 {
				phrases = append(phrases, ws)
			}
		}
	}
	walk(q)
	if len(phrases) == 0 {
		return nil, nil
	}
	out := map[string]map[int64]bool{}
	for _, ws := range phrases {
		var cands []int64
		var names func(d *Doc) []string
		err := ix.read(ctx, func(st *state) error {
			ev := &evaluator{st: st}
			set := roaring.And(ix.visible(st, acc), ev.word(Word{Text: Text{Raw: strings.Join(ws, " ")}}))
			set.Iterate(func(d uint32) bool {
				cands = append(cands, int64(st.media[d]))
				return len(cands) < maxPhraseCandidates
			})
			return nil
		})
		if err != nil {
			return nil, err
		}
		// Names of what items refer to, read under the lock when needed.
		names = func(d *Doc) []string {
			var out []string
			ix.mu.RLock()
			defer ix.mu.RUnlock()
			st := ix.st
			for _, t := range d.Tags {
				if e := st.tags[t]; e != nil {
					out = append(out, e.name)
				}
			}
			for _, a := range d.Albums {
				out = append(out, strings.Split(st.albumPath(a), "/")...)
			}
			for _, v := range d.Fields {
				out = append(out, v.Value)
			}
			return out
		}
		ok := map[int64]bool{}
		err = ix.src.SearchDocs(ctx, cands, func(d *Doc) error {
			texts := []string{d.Title, d.Description, d.AltText, d.Filename, d.Folder, d.Creator, d.Credit, d.Copyright,
				d.Lens, cameraLabel(d.Make, d.Model), d.Place.City, d.Place.Region}
			for _, t := range append(texts, names(d)...) {
				if hasSequence(wordsOf(t), ws) {
					ok[d.ID] = true
					break
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		out[strings.Join(ws, " ")] = ok
	}
	return out, nil
}

// maxPhraseCandidates bounds the items read again for one phrase.
const maxPhraseCandidates = 50_000

func hasSequence(text, seq []string) bool {
	for i := 0; i+len(seq) <= len(text); i++ {
		match := true
		for j, w := range seq {
			if text[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
