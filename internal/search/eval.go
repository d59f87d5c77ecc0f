package search

import (
	"math"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"imagier/internal/gallery"
)

// evaluator turns a query into the bitmap of the doc ids it matches.
type evaluator struct {
	st *state
	// phrases holds, for each phrase (its folded words joined by spaces),
	// the media ids where it was verified; nil before verification, when
	// a phrase matches the items that have all its words.
	phrases map[string]map[int64]bool
	// prefix lets the query's last word match the words it begins.
	prefix   bool
	lastWord *Word
}

// eval returns what n matches within univ; univ is never changed, and the
// result may be univ itself.
func (ev *evaluator) eval(n Node, univ *roaring.Bitmap) *roaring.Bitmap {
	if n == nil {
		return univ
	}
	if ev.prefix && ev.lastWord == nil {
		ev.lastWord = lastWord(n)
	}
	switch n := n.(type) {
	case And:
		r := univ
		// Words as common as "de" or "the" do not restrict a search that
		// has other words.
		content := false
		for _, c := range n.Nodes {
			if w, ok := c.(Word); ok && !w.Quoted && !allStop(w.Folded) {
				content = true
			}
		}
		// Bitmap terms first, then the terms that scan what is left.
		for _, scan := range []bool{false, true} {
			for _, c := range n.Nodes {
				if scans(c) != scan {
					continue
				}
				if w, ok := c.(Word); ok && content && !w.Quoted && allStop(w.Folded) {
					continue
				}
				r = ev.eval(c, r)
				if r.IsEmpty() {
					return r
				}
			}
		}
		return r
	case Or:
		parts := make([]*roaring.Bitmap, len(n.Nodes))
		for i, c := range n.Nodes {
			parts[i] = ev.eval(c, univ)
		}
		return roaring.FastOr(parts...)
	case Not:
		return roaring.AndNot(univ, ev.eval(n.Node, univ))
	case Word:
		return roaring.And(univ, ev.word(n))
	case Match:
		return roaring.And(univ, ev.match(n))
	case TypeIs:
		return andOf(univ, ev.st.kinds[n.Kind])
	case OrientationIs:
		return andOf(univ, ev.st.orient[n.Orientation])
	case Has:
		if n.Field != "" {
			if f := ev.st.fieldByKey[n.Field]; f != nil {
				return andOf(univ, ev.st.hasField[f.ID])
			}
			return roaring.New()
		}
		return andOf(univ, ev.st.flags[n.Flag])
	case Untagged:
		if b := ev.st.flags[FlagTags]; b != nil {
			return roaring.AndNot(univ, b)
		}
		return univ
	case Dates:
		lo, hi := dateBounds(n.Range)
		secs := ev.st.takenSec
		if n.Field == Added {
			secs = ev.st.addedSec
		}
		return ev.filter(univ, func(d uint32) bool { s := secs[d]; return s != noDate && s >= lo && s <= hi })
	case Rating:
		return ev.filter(univ, func(d uint32) bool { return n.Range.contains(float64(ev.st.rating[d])) })
	case Size:
		return ev.filter(univ, func(d uint32) bool { return ev.st.mpix[d] > 0 && n.Range.contains(float64(ev.st.mpix[d])) })
	case Level:
		var parts []*roaring.Bitmap
		for lv, b := range ev.st.levels {
			if n.Range.contains(float64(lv)) {
				parts = append(parts, b)
			}
		}
		return roaring.And(univ, roaring.FastOr(parts...))
	case Near:
		gps := andOf(univ, ev.st.flags[FlagGPS])
		return ev.filter(gps, func(d uint32) bool {
			return distanceKM(n.Lat, n.Lon, float64(ev.st.lat[d]), float64(ev.st.lon[d])) <= n.KM
		})
	}
	return roaring.New()
}

// scans reports whether a node is matched by looking at each candidate
// rather than by a bitmap: it goes last in an And.
func scans(n Node) bool {
	switch n := n.(type) {
	case Dates, Rating, Size, Near:
		return true
	case Not:
		return scans(n.Node)
	}
	return false
}

func andOf(univ, b *roaring.Bitmap) *roaring.Bitmap {
	if b == nil {
		return roaring.New()
	}
	return roaring.And(univ, b)
}

// filter keeps the doc ids of univ that keep says.
func (ev *evaluator) filter(univ *roaring.Bitmap, keep func(uint32) bool) *roaring.Bitmap {
	out := roaring.New()
	it := univ.ManyIterator()
	buf := make([]uint32, 1024)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, d := range buf[:n] {
			if keep(d) {
				out.Add(d)
			}
		}
	}
	return out
}

func (r NumRange) contains(v float64) bool {
	if r.Lo.Set && (v < r.Lo.Value || r.Lo.Strict && v == r.Lo.Value) {
		return false
	}
	if r.Hi.Set && (v > r.Hi.Value || r.Hi.Strict && v == r.Hi.Value) {
		return false
	}
	return true
}

// dateBounds are the first and last second of a range, on the wall clock.
func dateBounds(r DateRange) (int64, int64) {
	lo, hi := int64(math.MinInt64+1), int64(math.MaxInt64)
	if !r.From.IsZero() {
		lo = first(r.From).Unix()
	}
	if !r.To.IsZero() {
		hi = last(r.To).Unix() + 86399
	}
	return lo, hi
}

func distanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := (lat2-lat1)*math.Pi/180, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

func allStop(folded string) bool {
	ws := wordsOf(folded)
	for _, w := range ws {
		if !stopWord(w) {
			return false
		}
	}
	return len(ws) > 0
}

// lastWord is the query's last leaf when it is an unquoted word.
func lastWord(n Node) *Word {
	switch n := n.(type) {
	case And:
		return lastWord(n.Nodes[len(n.Nodes)-1])
	case Or:
		return lastWord(n.Nodes[len(n.Nodes)-1])
	case Word:
		if !n.Quoted {
			return &n
		}
	}
	return nil
}

func (ev *evaluator) isLast(w Word) bool {
	return ev.prefix && ev.lastWord != nil && ev.lastWord.Raw == w.Raw
}

// word returns the docs a bare word or a phrase matches.
func (ev *evaluator) word(w Word) *roaring.Bitmap {
	ws := wordsOf(w.Raw)
	if len(ws) == 0 {
		return roaring.New()
	}
	prefix := ev.isLast(w)
	var r *roaring.Bitmap
	for i, t := range ws {
		b := ev.term(t, prefix && i == len(ws)-1)
		if r == nil {
			r = b
		} else {
			r = roaring.And(r, b)
		}
	}
	if w.Quoted && len(ws) > 1 && ev.phrases != nil {
		ok := ev.phrases[strings.Join(ws, " ")]
		out := roaring.New()
		for id := range ok {
			if id < int64(len(ev.st.docOf)) {
				if d := ev.st.docOf[id]; d != 0 {
					out.Add(d)
				}
			}
		}
		r = roaring.And(r, out)
	}
	return r
}

// maxPrefixTerms bounds the words a prefix expands to.
const maxPrefixTerms = 5000

// term returns the docs with a folded word in any text or name.
func (ev *evaluator) term(t string, prefix bool) *roaring.Bitmap {
	st := ev.st
	var parts []*roaring.Bitmap
	ni := st.names
	seen := map[*entity]bool{}
	addEntity := func(e *entity) {
		if !seen[e] {
			seen[e] = true
			parts = append(parts, e.docs)
		}
	}
	word := func(s string) {
		if p, ok := st.text[s]; ok {
			parts = append(parts, p.bitmap())
		}
		for _, ft := range st.fieldTxt {
			if p, ok := ft[s]; ok {
				parts = append(parts, p.bitmap())
			}
		}
	}
	for _, s := range uniqueStems(st.stem.stems(t)) {
		word(s)
		for _, e := range ni.byStem[s] {
			addEntity(e)
		}
	}
	if prefix && len(t) >= 3 {
		n := 0
		st.terms.withPrefix(t, func(s string) {
			if n++; n <= maxPrefixTerms {
				word(s)
			}
		})
		i := lowerBound(ni.words, t)
		for ; i < len(ni.words) && strings.HasPrefix(ni.words[i].word, t) && n < 2*maxPrefixTerms; i++ {
			addEntity(ni.words[i].e)
			n++
		}
	}
	return roaring.FastOr(parts...)
}

func lowerBound(ws []nameWord, p string) int {
	lo, hi := 0, len(ws)
	for lo < hi {
		m := (lo + hi) / 2
		if ws[m].word < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// strong returns the results whose title or tags match every word of the
// query: they come first in relevance order.
func (ev *evaluator) strong(n Node, all *roaring.Bitmap) *roaring.Bitmap {
	var words []Word
	var collect func(Node)
	collect = func(n Node) {
		switch n := n.(type) {
		case And:
			for _, c := range n.Nodes {
				collect(c)
			}
		case Word:
			words = append(words, n)
		}
	}
	collect(n)
	if len(words) == 0 {
		return nil
	}
	r := all
	for _, w := range words {
		if allStop(w.Folded) && len(words) > 1 {
			continue
		}
		var parts []*roaring.Bitmap
		for _, t := range wordsOf(w.Raw) {
			var tp []*roaring.Bitmap
			for _, s := range uniqueStems(ev.st.stem.stems(t)) {
				if p, ok := ev.st.titles[s]; ok {
					tp = append(tp, p.bitmap())
				}
				for _, e := range ev.st.names.byStem[s] {
					if e.kind == SuggestTag {
						tp = append(tp, e.docs)
					}
				}
			}
			parts = append(parts, roaring.FastOr(tp...))
		}
		for _, p := range parts {
			r = roaring.And(r, p)
		}
	}
	return r
}

// match returns the docs of an operator on names.
func (ev *evaluator) match(m Match) *roaring.Bitmap {
	st := ev.st
	key := nameKey(st.stem, m.Value.Raw)
	var parts []*roaring.Bitmap
	hasKey := func(e *entity) bool {
		for _, k := range e.keys {
			if k == key {
				return true
			}
		}
		return false
	}
	switch m.Op {
	case OpTag:
		for _, e := range st.tags {
			if hasKey(e) {
				parts = append(parts, e.docs)
			}
		}
	case OpAlbum:
		path := foldFast(strings.Trim(strings.ReplaceAll(m.Value.Raw, gallery.TreeSeparator, "/"), "/ "))
		for id, a := range st.albums {
			if a.keys != nil && a.keys[0] == key || strings.Contains(path, "/") && strings.HasSuffix("/"+foldFast(st.albumPath(id)), "/"+path) {
				parts = append(parts, a.docs)
			}
		}
	case OpPlace:
		for _, e := range st.places {
			if hasKey(e) || e.sub == 'n' && strings.EqualFold(e.name, m.Value.Raw) {
				parts = append(parts, e.docs)
			}
		}
		if len(parts) == 0 {
			// No place of that very name: those whose name holds its words
			// ("Bretagne" for « Région Bretagne »).
			want := wordsOf(m.Value.Raw)
			for _, e := range st.places {
				if containsWords(e.words, want) {
					parts = append(parts, e.docs)
				}
			}
		}
	case OpCamera, OpLens:
		set := st.cameras
		if m.Op == OpLens {
			set = st.lenses
		}
		want := wordsOf(m.Value.Raw)
		for _, e := range set {
			if containsWords(e.words, want) {
				parts = append(parts, e.docs)
			}
		}
	case OpField:
		return ev.field(m)
	}
	return roaring.FastOr(parts...)
}

func containsWords(have, want []string) bool {
	if len(want) == 0 {
		return false
	}
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// field returns the docs whose custom field matches a value: by words for
// text, by range for numbers and dates, by value for the others.
func (ev *evaluator) field(m Match) *roaring.Bitmap {
	st := ev.st
	f := st.fieldByKey[m.Field]
	if f == nil {
		return roaring.New()
	}
	vals := st.fieldVals[f.ID]
	var parts []*roaring.Bitmap
	switch f.Type {
	case gallery.FieldText, gallery.FieldLongText:
		ft := st.fieldTxt[f.ID]
		var r *roaring.Bitmap
		for _, t := range wordsOf(m.Value.Raw) {
			var tp []*roaring.Bitmap
			for _, s := range uniqueStems(st.stem.stems(t)) {
				if p, ok := ft[s]; ok {
					tp = append(tp, p.bitmap())
				}
			}
			b := roaring.FastOr(tp...)
			if r == nil {
				r = b
			} else {
				r = roaring.And(r, b)
			}
		}
		if r == nil {
			return roaring.New()
		}
		return r
	case gallery.FieldNumber:
		rg, _, ok := ParseNumRange(m.Value.Raw)
		if !ok {
			return roaring.New()
		}
		for v, e := range vals {
			if x, err := strconv.ParseFloat(v, 64); err == nil && rg.contains(x) {
				parts = append(parts, e.docs)
			}
		}
	case gallery.FieldDate:
		rg, _, ok := ParseDateRange(m.Value.Raw)
		if !ok {
			return roaring.New()
		}
		lo, hi := dateBounds(rg)
		for v, e := range vals {
			if s, ok := parseWall(v + " 00:00:00"); ok && s >= lo && s <= hi {
				parts = append(parts, e.docs)
			}
		}
	case gallery.FieldBool:
		want, ok := boolValue(m.Value.Raw)
		if !ok {
			return roaring.New()
		}
		if e := vals[strconv.FormatBool(want)]; e != nil {
			parts = append(parts, e.docs)
		}
	default:
		key := nameKey(st.stem, m.Value.Raw)
		path := foldFast(m.Value.Raw)
		for v, e := range vals {
			if foldFast(v) == path || len(e.keys) > 0 && e.keys[0] == key {
				parts = append(parts, e.docs)
			}
		}
	}
	return roaring.FastOr(parts...)
}

// CheckField checks a value typed for a custom field of a type, for
// Options.Check: name is the field's operator as typed.
func CheckField(t gallery.FieldType, name string, v Text) (ErrorKey, []string) {
	switch t {
	case gallery.FieldNumber:
		if _, k, ok := ParseNumRange(v.Raw); !ok {
			return k, []string{name, v.Raw}
		}
	case gallery.FieldDate:
		if _, k, ok := ParseDateRange(v.Raw); !ok {
			return k, []string{name, v.Raw}
		}
	case gallery.FieldBool:
		if _, ok := boolValue(v.Raw); !ok {
			return ErrUnknownValue, []string{name, v.Raw, "oui, non, yes, no"}
		}
	}
	return "", nil
}

// boolValue reads yes or no in either language.
func boolValue(s string) (bool, bool) {
	switch key(s) {
	case "yes", "oui", "true", "vrai", "1", "y", "o":
		return true, true
	case "no", "non", "false", "faux", "0", "n":
		return false, true
	}
	return false, false
}
