package search

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"imagier/internal/gallery"
)

// Index answers searches from memory. It is built from the catalogue when
// first needed and follows the catalogue's changes through its search log,
// which triggers fill in the transaction of each change: before answering,
// the index applies what the log holds beyond what it has seen, so an
// edit is found by the next request, on whichever server takes it.
//
// Items are numbered in the index by doc ids, given in order of arrival;
// every property is a compressed bitmap of doc ids (roaring), so that
// words, facets and rights combine by bitmap operations whatever the size
// of the library. A changed item gets a new doc id and its old one is
// dropped from the live set; the index is rebuilt, in the background,
// when too many are dead.
type Index struct {
	src Source
	log *slog.Logger
	opt IndexOptions
	now func() time.Time

	// syncMu serialises builds and catch-ups.
	syncMu    sync.Mutex
	applied   int64
	missing   map[int64]time.Time // log seqs skipped, that may yet commit
	lastSync  time.Time
	lastPrune time.Time
	// rebuilding is set while a rebuild runs in the background, bg.
	rebuilding bool
	bg         sync.WaitGroup

	// mu guards st: searches read under RLock, catch-ups write under Lock.
	mu sync.RWMutex
	st *state

	// visMu guards the cache of what each set of rights sees, for the
	// state visOf: catch-ups keep it up to date, a new state empties it.
	visMu    sync.Mutex
	visOf    *state
	visCache map[string]*visibleSet
}

// Tuning of the log and the doc ids.
const (
	// staleAfter: a server that has not read the log for this long
	// rebuilds, since the log keeps its entries for pruneAfter only.
	staleAfter = 30 * time.Minute
	pruneAfter = time.Hour
	// missingFor is how long a skipped seq is looked for again: a
	// PostgreSQL transaction that took a number may commit after a later
	// one.
	missingFor = 2 * time.Minute
	// compactRatio: rebuild when dead doc ids outnumber live ones by this.
	compactRatio = 1.0
)

// IndexOptions tune an index.
type IndexOptions struct {
	// RegionName names a region of a country in a language ("fr",
	// "en"), when a gazetteer knows it: items store one name, people
	// search with either. Nil keeps names as stored.
	RegionName func(country, region, lang string) string
}

// NewIndex returns an index over src; nothing is read until the first
// search or Start.
func NewIndex(src Source, log *slog.Logger, opt IndexOptions) *Index {
	return &Index{src: src, log: log, opt: opt, now: time.Now, missing: map[int64]time.Time{}, visCache: map[string]*visibleSet{}}
}

// Start builds the index, so that the first search does not wait; a
// server calls it in the background at start.
func (ix *Index) Start(ctx context.Context) error { return ix.sync(ctx) }

// sync builds the index if needed and applies the log. A rebuild of a
// live index (to shed dead doc ids, or after a long sleep) runs in the
// background while searches go on with the current one.
func (ix *Index) sync(ctx context.Context) error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	ix.mu.RLock()
	st := ix.st
	ix.mu.RUnlock()
	if st == nil {
		fresh, head, err := ix.load(ctx)
		if err != nil {
			return err
		}
		if err := ix.swap(ctx, fresh, head); err != nil {
			return err
		}
		return ix.catchUp(ctx)
	}
	if (ix.now().Sub(ix.lastSync) > staleAfter || st.deadTooMany()) && !ix.rebuilding {
		ix.rebuilding = true
		ix.bg.Add(1)
		go ix.rebuildInBackground()
	}
	return ix.catchUp(ctx)
}

func (ix *Index) rebuildInBackground() {
	defer ix.bg.Done()
	ctx := context.Background()
	fresh, head, err := ix.load(ctx)
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	ix.rebuilding = false
	if err != nil {
		ix.log.Error("rebuilding the search index", "err", err)
		return
	}
	err = ix.swap(ctx, fresh, head)
	if err == nil {
		err = ix.catchUp(ctx)
	}
	if err != nil {
		ix.log.Error("rebuilding the search index", "err", err)
	}
}

// Close waits for a rebuild in the background to end.
func (ix *Index) Close() { ix.bg.Wait() }

// load reads the whole catalogue into a new state; head is the log's last
// seq before reading, from which the state must catch up.
func (ix *Index) load(ctx context.Context) (*state, int64, error) {
	start := ix.now()
	head, err := ix.src.SearchLogHead(ctx)
	if err != nil {
		return nil, 0, err
	}
	voc, err := ix.src.SearchVocabulary(ctx)
	if err != nil {
		return nil, 0, err
	}
	st := newState()
	st.regionName = ix.opt.RegionName
	st.setVocabulary(voc)
	err = ix.src.SearchDocs(ctx, nil, func(d *Doc) error {
		st.add(d)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("search index: %w", err)
	}
	st.finish()
	ix.log.Info("search index built", "items", st.live.GetCardinality(), "took", ix.now().Sub(start).Round(time.Millisecond))
	return st, head, nil
}

// swap makes st the current state, the log applied up to head. A
// transaction still open when the catalogue was read may hold numbers
// below head: those absent from the log's last stretch are looked for
// again, like numbers a catch-up skips.
func (ix *Index) swap(ctx context.Context, st *state, head int64) error {
	recent, err := ix.src.SearchLog(ctx, max(head-recentWindow, 0), nil, recentWindow)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	ix.st = st
	ix.mu.Unlock()
	now := ix.now()
	ix.applied, ix.lastSync = head, now
	clear(ix.missing)
	present := make(map[int64]bool, len(recent))
	for _, e := range recent {
		present[e.Seq] = true
	}
	for seq := max(head-recentWindow, 0) + 1; seq <= head; seq++ {
		if !present[seq] {
			ix.missing[seq] = now
		}
	}
	return nil
}

// recentWindow is how far below the head a fresh index looks for numbers
// of transactions that were still open.
const recentWindow = 1000

// catchUp applies the log entries the index has not seen, a bounded
// number at a time.
func (ix *Index) catchUp(ctx context.Context) error {
	for {
		more, err := ix.catchUpSome(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// logBatch is how many log entries one step of a catch-up reads.
const logBatch = 20_000

func (ix *Index) catchUpSome(ctx context.Context) (more bool, err error) {
	now := ix.now()
	head, err := ix.src.SearchLogHead(ctx)
	if err != nil {
		return false, err
	}
	var also []int64
	for seq, at := range ix.missing {
		if now.Sub(at) > missingFor {
			delete(ix.missing, seq)
			continue
		}
		also = append(also, seq)
	}
	if head == ix.applied && len(also) == 0 {
		ix.lastSync = now
		return false, ix.prune(ctx)
	}
	entries, err := ix.src.SearchLog(ctx, ix.applied, also, logBatch)
	if err != nil {
		return false, err
	}
	var media []int64
	seen := map[int64]bool{}
	vocab := false
	next := ix.applied
	for _, e := range entries {
		delete(ix.missing, e.Seq)
		if e.Seq > next {
			for s := next + 1; s < e.Seq; s++ {
				ix.missing[s] = now
			}
			next = e.Seq
		}
		switch e.Kind {
		case 'm':
			if !seen[e.Ref] {
				seen[e.Ref] = true
				media = append(media, e.Ref)
			}
		default:
			vocab = true
		}
	}
	var voc Vocabulary
	if vocab {
		if voc, err = ix.src.SearchVocabulary(ctx); err != nil {
			return false, err
		}
	}
	var docs []*Doc
	if len(media) > 0 {
		if err := ix.src.SearchDocs(ctx, media, func(d *Doc) error {
			docs = append(docs, d)
			return nil
		}); err != nil {
			return false, fmt.Errorf("search index: %w", err)
		}
	}
	ix.mu.Lock()
	st := ix.st
	if vocab {
		st.setVocabulary(voc)
	}
	var dropped []uint32
	for _, id := range media {
		if id > 0 && id < int64(len(st.docOf)) && st.docOf[id] != 0 {
			dropped = append(dropped, st.docOf[id])
		}
		st.drop(id)
	}
	for _, d := range docs {
		st.add(d)
	}
	ix.refreshVisible(st, dropped, docs)
	st.changed()
	ix.mu.Unlock()
	ix.applied, ix.lastSync = next, now
	return len(entries) == logBatch && next < head, ix.prune(ctx)
}

// prune deletes old log entries, now and then.
func (ix *Index) prune(ctx context.Context) error {
	now := ix.now()
	if now.Sub(ix.lastPrune) < 5*time.Minute {
		return nil
	}
	ix.lastPrune = now
	return ix.src.PruneSearchLog(ctx, now.Add(-pruneAfter).UnixMilli())
}

// read runs fn on the current state, after a catch-up.
func (ix *Index) read(ctx context.Context, fn func(st *state) error) error {
	if err := ix.sync(ctx); err != nil {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return fn(ix.st)
}

// Fields returns the library's custom fields.
func (ix *Index) Fields(ctx context.Context) ([]gallery.Field, error) {
	var out []gallery.Field
	err := ix.read(ctx, func(st *state) error {
		out = append(out, st.fields...)
		return nil
	})
	return out, err
}

// visible returns the doc ids acc sees: for administrators every live
// one; for others, those filed in an album they see, at a level they
// reach, not awaiting review. The result is shared: never change it.
func (ix *Index) visible(st *state, acc *gallery.Access) *roaring.Bitmap {
	if acc == nil {
		return roaring.New()
	}
	if acc.All {
		return st.live
	}
	ids := acc.AlbumIDs()
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var kb strings.Builder
	fmt.Fprintf(&kb, "%d:", acc.Level)
	for _, id := range ids {
		fmt.Fprintf(&kb, "%d,", id)
	}
	key := kb.String()
	ix.visMu.Lock()
	if ix.visOf != st {
		clear(ix.visCache)
		ix.visOf = st
	}
	if v, ok := ix.visCache[key]; ok {
		ix.visMu.Unlock()
		return v.docs
	}
	ix.visMu.Unlock()
	bms := make([]*roaring.Bitmap, 0, len(ids))
	for _, id := range ids {
		if a := st.albums[id]; a != nil {
			bms = append(bms, a.direct)
		}
	}
	bm := roaring.FastOr(bms...)
	var levels []*roaring.Bitmap
	for lv, b := range st.levels {
		if lv <= acc.Level {
			levels = append(levels, b)
		}
	}
	bm.And(roaring.FastOr(levels...))
	bm.AndNot(st.pending)
	bm.And(st.live)
	albums := make(map[int64]bool, len(ids))
	for _, id := range ids {
		albums[id] = true
	}
	ix.visMu.Lock()
	if ix.visOf == st {
		if len(ix.visCache) >= 64 {
			clear(ix.visCache)
		}
		ix.visCache[key] = &visibleSet{level: acc.Level, albums: albums, docs: bm}
	}
	ix.visMu.Unlock()
	return bm
}

// visibleSet is what one set of rights sees: the docs of the items filed
// in albums, at most at level, not awaiting review.
type visibleSet struct {
	level  int
	albums map[int64]bool
	docs   *roaring.Bitmap
}

// refreshVisible follows a catch-up in the cached visible sets, rather
// than making them again: the union of a thousand albums' bitmaps costs
// more than the changes. The caller holds mu for writing.
func (ix *Index) refreshVisible(st *state, dropped []uint32, added []*Doc) {
	ix.visMu.Lock()
	defer ix.visMu.Unlock()
	if ix.visOf != st {
		return
	}
	for _, v := range ix.visCache {
		for _, d := range dropped {
			v.docs.Remove(d)
		}
		for _, d := range added {
			if d.Pending || d.Level > v.level || d.ID >= int64(len(st.docOf)) || st.docOf[d.ID] == 0 {
				continue
			}
			for _, a := range d.Albums {
				if v.albums[a] {
					v.docs.Add(st.docOf[d.ID])
					break
				}
			}
		}
	}
}

// Search runs a request for a viewer.
func (ix *Index) Search(ctx context.Context, acc *gallery.Access, r Request) (Result, error) {
	var res Result
	phrases, err := ix.verifyPhrases(ctx, acc, r.Query)
	if err != nil {
		return res, err
	}
	err = ix.read(ctx, func(st *state) error {
		ev := &evaluator{st: st, phrases: phrases, prefix: r.Prefix}
		all := ev.eval(r.Query, ix.visible(st, acc))
		res.Total = int(all.GetCardinality())
		var strong *roaring.Bitmap
		if r.Sort == SortRelevance {
			strong = ev.strong(r.Query, all)
		}
		res.IDs = st.page(all, strong, r.Sort, max(r.Offset, 0), r.Limit)
		if r.Facets {
			res.Facets = st.facets(all, r.FacetLimit, r.Lang)
		}
		return nil
	})
	return res, err
}

// All returns every media id a query finds for a viewer ("select all
// results"), in no particular order: a batch needs them all, not a page.
func (ix *Index) All(ctx context.Context, acc *gallery.Access, q Node) ([]int64, error) {
	var out []int64
	phrases, err := ix.verifyPhrases(ctx, acc, q)
	if err != nil {
		return nil, err
	}
	err = ix.read(ctx, func(st *state) error {
		ev := &evaluator{st: st, phrases: phrases}
		all := ev.eval(q, ix.visible(st, acc))
		out = make([]int64, 0, all.GetCardinality())
		it := all.ManyIterator()
		buf := make([]uint32, 1024)
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			for _, d := range buf[:n] {
				out = append(out, st.media[d])
			}
		}
		return nil
	})
	return out, err
}

// Count returns how many items a query finds for a viewer.
func (ix *Index) Count(ctx context.Context, acc *gallery.Access, q Node) (int, error) {
	var n int
	phrases, err := ix.verifyPhrases(ctx, acc, q)
	if err != nil {
		return 0, err
	}
	err = ix.read(ctx, func(st *state) error {
		ev := &evaluator{st: st, phrases: phrases}
		n = int(ev.eval(q, ix.visible(st, acc)).GetCardinality())
		return nil
	})
	return n, err
}

// state is the index at one moment.
type state struct {
	gen uint64

	// By doc id.
	media    []int64
	sortSec  []int64
	takenSec []int64 // noDate when unknown
	addedSec []int64
	title    [][titleKey]byte // folded start of the title (else file name), for sorting
	rating   []int8
	mpix     []float32
	lat, lon []float32

	docOf []uint32 // media id → doc id, 0 for none
	live  *roaring.Bitmap
	dead  int

	pending *roaring.Bitmap
	levels  map[int]*roaring.Bitmap
	kinds   map[Kind]*roaring.Bitmap
	orient  map[Orientation]*roaring.Bitmap
	flags   map[Flag]*roaring.Bitmap
	years   map[int]*roaring.Bitmap
	months  map[int]*roaring.Bitmap // year*100 + month

	text   map[string]posting // stem → docs, the item's own texts
	titles map[string]posting // stem → docs, titles only
	terms  sortedSet          // the stems of text and fieldTxt, for prefixes
	// fieldTxt holds the words of text fields, by field: a word matches
	// them as it matches text, and coloris:rouge only them.
	fieldTxt map[int64]map[string]posting
	hasField map[int64]*roaring.Bitmap

	tags      map[int64]*entity
	albums    map[int64]*albumEntity
	places    map[string]*entity
	cameras   map[string]*entity
	lenses    map[string]*entity
	fieldVals map[int64]map[string]*entity
	// variedFields are the text fields with too many values to list.
	variedFields map[int64]bool

	fields     []gallery.Field
	fieldByID  map[int64]*gallery.Field
	fieldByKey map[string]*gallery.Field

	stem       *stemmer
	regionName func(country, region, lang string) string
	// names indexes the words of every entity's names, for words and
	// suggestions; rebuilt when entities change.
	names      *nameIndex
	namesDirty bool

	// sized caches entities by size for facets, per generation.
	sizedMu  sync.Mutex
	sizedGen uint64
	sized    map[string][]sized
}

const noDate = math.MinInt64

func newState() *state {
	return &state{
		media: []int64{0}, sortSec: []int64{0}, takenSec: []int64{noDate}, addedSec: []int64{0}, title: [][titleKey]byte{{}},
		rating: []int8{0}, mpix: []float32{0}, lat: []float32{0}, lon: []float32{0},
		live: roaring.New(), pending: roaring.New(),
		levels: map[int]*roaring.Bitmap{}, kinds: map[Kind]*roaring.Bitmap{}, orient: map[Orientation]*roaring.Bitmap{},
		flags: map[Flag]*roaring.Bitmap{}, years: map[int]*roaring.Bitmap{}, months: map[int]*roaring.Bitmap{},
		text: map[string]posting{}, titles: map[string]posting{}, fieldTxt: map[int64]map[string]posting{},
		hasField: map[int64]*roaring.Bitmap{},
		tags:     map[int64]*entity{}, albums: map[int64]*albumEntity{}, places: map[string]*entity{},
		cameras: map[string]*entity{}, lenses: map[string]*entity{}, fieldVals: map[int64]map[string]*entity{}, variedFields: map[int64]bool{},
		fieldByID: map[int64]*gallery.Field{}, fieldByKey: map[string]*gallery.Field{},
		stem: newStemmer(), namesDirty: true,
	}
}

func (st *state) deadTooMany() bool {
	return st.dead > 10_000 && float64(st.dead) > compactRatio*float64(st.live.GetCardinality())
}

// changed marks that the state moved, for the caches keyed on it, and
// makes again what searches read but must not write.
func (st *state) changed() {
	st.gen++
	st.nameIdx()
}

// titleKey is how many bytes of a folded title sort it: titles that
// share them are in the order of their items.
const titleKey = 24

// finish compacts the bitmaps after a build, and the arrays, which grew
// by doubling.
func (st *state) finish() {
	st.media, st.sortSec, st.takenSec, st.addedSec = slices.Clone(st.media), slices.Clone(st.sortSec), slices.Clone(st.takenSec), slices.Clone(st.addedSec)
	st.title, st.rating, st.mpix = slices.Clone(st.title), slices.Clone(st.rating), slices.Clone(st.mpix)
	st.lat, st.lon = slices.Clone(st.lat), slices.Clone(st.lon)
	for _, m := range append([]map[string]posting{st.text, st.titles}, slices.Collect(maps.Values(st.fieldTxt))...) {
		for _, p := range m {
			if p.bm != nil {
				p.bm.RunOptimize()
			}
		}
	}
	st.live.RunOptimize()
	st.terms.merge()
	// The build's cache of stems is large; searches keep a small one.
	st.stem = newStemmer()
	st.changed()
}

func bitmapIn[K comparable](m map[K]*roaring.Bitmap, k K) *roaring.Bitmap {
	b := m[k]
	if b == nil {
		b = roaring.New()
		m[k] = b
	}
	return b
}

// drop removes an item.
func (st *state) drop(mediaID int64) {
	if mediaID <= 0 || mediaID >= int64(len(st.docOf)) {
		return
	}
	if doc := st.docOf[mediaID]; doc != 0 {
		st.live.Remove(doc)
		st.docOf[mediaID] = 0
		st.dead++
	}
}

// kindOf is the search's type of an item's kind.
func kindOf(k gallery.Kind) Kind {
	switch k {
	case gallery.KindImage, gallery.KindRaw:
		return KindPhoto
	case gallery.KindVideo:
		return KindVideo
	case gallery.KindPDF:
		return KindPDF
	}
	return KindOther
}

// parseWall reads "YYYY-MM-DD HH:MM:SS" as seconds of the wall clock.
func parseWall(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		return 0, false
	}
	return t.Unix(), true
}

// add indexes an item under a new doc id.
func (st *state) add(d *Doc) {
	if d.ID <= 0 || d.ID > math.MaxUint32 || len(st.media) >= math.MaxUint32 {
		return
	}
	st.drop(d.ID)
	doc := uint32(len(st.media))
	for int64(len(st.docOf)) <= d.ID {
		st.docOf = append(st.docOf, make([]uint32, max(len(st.docOf), 1024))...)
	}
	st.docOf[d.ID] = doc
	st.live.Add(doc)

	sortSec, _ := parseWall(d.SortDate)
	taken, hasTaken := parseWall(d.Taken)
	if !hasTaken {
		taken = noDate
	}
	mp := float32(float64(d.Width) * float64(d.Height) / 1e6)
	var tkey [titleKey]byte
	if t := foldFast(strings.TrimSpace(d.Title)); t != "" {
		copy(tkey[:], t)
	} else {
		// Untitled items come after titled ones, by file name.
		tkey[0] = 0xff
		copy(tkey[1:], foldFast(d.Filename))
	}
	st.media = append(st.media, d.ID)
	st.sortSec = append(st.sortSec, sortSec)
	st.takenSec = append(st.takenSec, taken)
	st.addedSec = append(st.addedSec, d.Added/1000)
	st.title = append(st.title, tkey)
	st.rating = append(st.rating, int8(max(min(d.Rating, 5), -1)))
	st.mpix = append(st.mpix, mp)
	st.lat = append(st.lat, float32(d.Lat))
	st.lon = append(st.lon, float32(d.Lon))

	if d.Pending {
		st.pending.Add(doc)
	}
	bitmapIn(st.levels, d.Level).Add(doc)
	bitmapIn(st.kinds, kindOf(d.Kind)).Add(doc)
	switch {
	case d.Width <= 0 || d.Height <= 0:
	case d.Width > d.Height:
		bitmapIn(st.orient, Landscape).Add(doc)
	case d.Width < d.Height:
		bitmapIn(st.orient, Portrait).Add(doc)
	default:
		bitmapIn(st.orient, Square).Add(doc)
	}
	if hasTaken {
		t := time.Unix(taken, 0).UTC()
		bitmapIn(st.years, t.Year()).Add(doc)
		bitmapIn(st.months, t.Year()*100+int(t.Month())).Add(doc)
	}
	flag := func(f Flag, on bool) {
		if on {
			bitmapIn(st.flags, f).Add(doc)
		}
	}
	flag(FlagGPS, d.HasGPS)
	flag(FlagTitle, strings.TrimSpace(d.Title) != "")
	flag(FlagDescription, strings.TrimSpace(d.Description) != "")
	flag(FlagTags, len(d.Tags) > 0)
	flag(FlagPlace, !d.Place.IsZero())
	flag(FlagCamera, d.Make != "" || d.Model != "")
	flag(FlagLens, d.Lens != "")
	flag(FlagRating, d.Rating > 0)
	flag(FlagCreator, strings.TrimSpace(d.Creator) != "")
	flag(FlagCredit, strings.TrimSpace(d.Credit) != "")

	// Words of the item's own texts.
	words := func(s string, title bool) {
		eachWord(s, func(w string) {
			for _, stem := range uniqueStems(st.stem.stems(w)) {
				st.addTerm(st.text, stem, doc)
				if title {
					addPosting(st.titles, stem, doc)
				}
			}
		})
	}
	words(d.Title, true)
	for _, s := range []string{d.Description, d.AltText, d.Filename, d.Folder, d.Creator, d.Credit, d.Copyright} {
		words(s, false)
	}

	// What the item refers to: each a bitmap of its own.
	for _, t := range d.Tags {
		st.tag(t).docs.Add(doc)
	}
	for _, a := range d.Albums {
		ae := st.album(a)
		ae.direct.Add(doc)
		for p, hops := ae, 0; p != nil && hops < 64; p, hops = st.albums[p.parent], hops+1 {
			p.docs.Add(doc)
		}
	}
	if d.Place.City != "" {
		st.place('c', d.Place.City, d.Place.Country).docs.Add(doc)
	}
	if d.Place.Region != "" {
		st.place('r', d.Place.Region, d.Place.Country).docs.Add(doc)
	}
	if d.Place.Country != "" {
		st.place('n', d.Place.Country, d.Place.Country).docs.Add(doc)
	}
	if label := cameraLabel(d.Make, d.Model); label != "" {
		st.named(st.cameras, SuggestCamera, label).docs.Add(doc)
	}
	if d.Lens != "" {
		st.named(st.lenses, suggestLens, d.Lens).docs.Add(doc)
	}
	for _, v := range d.Fields {
		st.fieldValue(doc, v)
	}
}

func uniqueStems(s [2]string) []string {
	if s[0] == s[1] {
		return s[:1]
	}
	return s[:]
}

func (st *state) addTerm(m map[string]posting, stem string, doc uint32) {
	if addPosting(m, stem, doc) {
		st.terms.add(stem)
	}
}

// addPosting adds a doc to a word's posting, and reports whether the word
// is new.
func addPosting(m map[string]posting, w string, doc uint32) bool {
	p, ok := m[w]
	p.add(doc)
	m[w] = p
	return !ok
}

// posting is the docs of a word. Most words of a large library are on
// one item only (a reference, a file's number), which a bitmap would hold
// at a hundred times the memory: such a word keeps its doc alone.
type posting struct {
	one uint32 // the only doc, while bm is nil
	bm  *roaring.Bitmap
}

func (p *posting) add(doc uint32) {
	switch {
	case p.bm != nil:
		p.bm.Add(doc)
	case p.one == 0 || p.one == doc:
		p.one = doc
	default:
		p.bm = roaring.BitmapOf(p.one, doc)
		p.one = 0
	}
}

// bitmap returns the docs; never change it.
func (p posting) bitmap() *roaring.Bitmap {
	if p.bm != nil {
		return p.bm
	}
	if p.one != 0 {
		return roaring.BitmapOf(p.one)
	}
	return roaring.New()
}

// cameraLabel is how a camera is named: its model, prefixed by its make
// when the model does not say it ("Canon EOS 5D", "NIKON D700").
func cameraLabel(make_, model string) string {
	make_, model = strings.TrimSpace(make_), strings.TrimSpace(model)
	switch {
	case model == "":
		return make_
	case make_ == "":
		return model
	}
	first := strings.Fields(make_)[0]
	if strings.HasPrefix(strings.ToLower(model), strings.ToLower(first)) {
		return model
	}
	return make_ + " " + model
}
