// Package benchlib makes large, realistic libraries for benchmarks: items
// with titles, descriptions, tags, albums, places, cameras, custom fields
// and accounts with grants, written straight into a store's database in
// bulk. The same seed always makes the same library. It is for benchmarks,
// tests and the bench command only; the application never imports it.
package benchlib

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// Options describe the library to make.
type Options struct {
	// Items is how many items to make.
	Items int
	// Seed chooses the library; the same seed makes the same one.
	Seed uint64
}

// The shape of every library, whatever its size, as the search benchmark
// of issue 11 asks for it.
const (
	VocabularySize = 5000
	AlbumCount     = 2000
	UserCount      = 20
	FieldCount     = 10
	rootAlbums     = 20
	maxDepth       = 4
	firstYear      = 2005
	years          = 20
)

// User is an account of the generated library.
type User struct {
	ID    int64
	Name  string
	Role  gallery.Role
	Level int
}

// Library is what Load made, for benchmarks to choose their queries from
// and for tests to check.
type Library struct {
	Items int
	// Words is the vocabulary of titles and descriptions, most frequent
	// first.
	Words []string
	// Tags are the tag names, most frequent flat tags first, then the
	// hierarchical ones (Lieux/…, Personnes/…).
	Tags []string
	// Towns are the places items are taken at.
	Towns  []Town
	Fields []gallery.Field
	// Users are the accounts; Users[0] is the webmaster and BenchUser is
	// the normal user with grants the benchmarks search as.
	Users     []User
	BenchUser User
	// Albums counts the albums (AlbumCount).
	Albums int
	// Counts of what was made: items in the trash, awaiting review, with
	// a position, without a taken date, album links, tag links, field
	// values.
	Trashed, Pending, WithGPS, Undated int
	AlbumLinks, TagLinks, FieldValues  int
}

// Key is the public key of the item with this id: what the service's edit
// methods take.
func Key(id int64) string { return fmt.Sprintf("bench%011d", id) }

// Vocabulary returns the 5,000 words of a seed's library: real French and
// English words, shuffled, then words made of syllables.
func Vocabulary(seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	seen := map[string]bool{}
	var out []string
	real := append(append([]string(nil), frenchWords...), englishWords...)
	r.Shuffle(len(real), func(i, j int) { real[i], real[j] = real[j], real[i] })
	for _, w := range real {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for len(out) < VocabularySize {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(onsets[r.IntN(len(onsets))])
			b.WriteString(nuclei[r.IntN(len(nuclei))])
		}
		b.WriteString(codas[r.IntN(len(codas))])
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

var countryNames = map[string]string{"FR": "France", "BE": "Belgique", "CH": "Suisse", "LU": "Luxembourg", "ES": "Espagne",
	"PT": "Portugal", "IT": "Italie", "DE": "Allemagne", "NL": "Pays-Bas", "GB": "Royaume-Uni", "IE": "Irlande", "AT": "Autriche",
	"CZ": "Tchéquie", "PL": "Pologne", "GR": "Grèce", "DK": "Danemark", "SE": "Suède", "NO": "Norvège"}

var rootNames = []string{"Vie municipale", "Écoles", "Patrimoine", "Sport", "Culture", "Fêtes et cérémonies", "Associations",
	"Travaux", "Tourisme", "Archives", "Portraits", "Paysages", "Jumelages", "Presse", "Environnement", "Jeunesse",
	"Solidarité", "Économie", "Voyages", "Famille"}

var groupNames = []string{"Élus", "Enseignants", "Communication", "Archives", "Associations"}

var userNames = []string{"admin", "marie", "lea", "jean", "sophie", "pierre", "lucie", "thomas", "julie", "nicolas",
	"camille", "antoine", "claire", "mathieu", "elodie", "olivier", "sandrine", "vincent", "aurelie", "francois"}

// fieldDefs are the ten custom fields: name, type, French and English
// labels, choices, and the share of items that have a value.
var fieldDefs = []struct {
	name    string
	typ     gallery.FieldType
	fr, en  string
	choices []string
	share   float64
}{
	{"reference", gallery.FieldText, "Référence", "Reference", nil, 0.5},
	{"notes", gallery.FieldLongText, "Notes", "Notes", nil, 0.15},
	{"prix", gallery.FieldNumber, "Prix", "Price", nil, 0.1},
	{"numerise-le", gallery.FieldDate, "Numérisé le", "Scanned on", nil, 0.2},
	{"libre-de-droits", gallery.FieldBool, "Libre de droits", "Royalty-free", nil, 0.4},
	{"coloris", gallery.FieldChoice, "Coloris", "Colour", []string{"rouge", "bleu", "vert", "jaune", "noir", "blanc", "gris", "orange"}, 0.3},
	{"themes", gallery.FieldMultiChoice, "Thèmes", "Themes", []string{"Enfance", "Nature", "Architecture", "Sport", "Musique",
		"Politique", "Religion", "Transports", "Commerce", "Agriculture", "Mer", "Montagne"}, 0.35},
	{"site", gallery.FieldTree, "Site", "Site", []string{"Bretagne", "Bretagne > Rennes", "Bretagne > Rennes > École Jean Moulin",
		"Bretagne > Rennes > Mairie", "Bretagne > Brest", "Bretagne > Brest > Port", "Normandie", "Normandie > Caen",
		"Normandie > Caen > Château", "Normandie > Rouen", "Occitanie", "Occitanie > Toulouse", "Occitanie > Toulouse > Capitole"}, 0.25},
	{"collection", gallery.FieldChoice, "Collection", "Collection", []string{"Fonds municipal", "Fonds Dupont", "Don Martin",
		"Fonds de l’école", "Presse locale", "Fonds paroissial"}, 0.45},
	{"agence", gallery.FieldText, "Agence", "Agency", nil, 0.2},
}

// gen holds the state of one generation: one random stream, read in one
// order, is what makes a seed's library always the same.
type gen struct {
	r        *rand.Rand
	words    *rand.Zipf
	tagZipf  *rand.Zipf
	lib      *Library
	tagIndex map[string]int64 // hierarchical tag name → id
	albums   []album
	roots    []int // album index of each root
	fields   []gallery.Field
	// rootWeight counts the items filed under each root, to share the
	// roots between groups so that a normal user sees about half.
	rootWeight []int
}

type album struct {
	id, parent int64
	name       string
	depth      int
	root       int
}

// Load makes a library of opt.Items items in an empty store, straight into
// its tables, and returns what it made. The search log that the triggers
// filled along the way is emptied: an index builds from the tables.
func Load(ctx context.Context, st *sqlstore.Store, opt Options) (*Library, error) {
	b, err := newBulk(ctx, st)
	if err != nil {
		return nil, err
	}
	defer b.close()
	return generate(ctx, b, opt)
}

// Describe returns what Load makes with these options, without writing
// anything: for a benchmark that finds the library already loaded.
func Describe(opt Options) *Library {
	lib, _ := generate(context.Background(), &bulk{dry: true}, opt) // a dry run has nothing to fail on
	return lib
}

func generate(ctx context.Context, b *bulk, opt Options) (*Library, error) {
	if err := b.checkEmpty(ctx); err != nil {
		return nil, err
	}
	g := &gen{r: rand.New(rand.NewPCG(opt.Seed, 2)), lib: &Library{Items: opt.Items, Towns: towns}, tagIndex: map[string]int64{}}
	g.words = rand.NewZipf(g.r, 1.07, 2, VocabularySize-1)
	g.tagZipf = rand.NewZipf(g.r, 1.1, 3, VocabularySize-1)
	g.lib.Words = Vocabulary(opt.Seed)
	if err := g.vocabulary(ctx, b); err != nil {
		return nil, err
	}
	if err := g.accounts(ctx, b); err != nil {
		return nil, err
	}
	if err := g.makeAlbums(ctx, b); err != nil {
		return nil, err
	}
	if err := g.items(ctx, b, opt.Items); err != nil {
		return nil, err
	}
	if err := g.grants(ctx, b); err != nil {
		return nil, err
	}
	if err := b.finish(ctx); err != nil {
		return nil, err
	}
	return g.lib, nil
}

// vocabulary writes the tags and the custom fields.
func (g *gen) vocabulary(ctx context.Context, b *bulk) error {
	// Flat tags are the vocabulary in another order than the words', so
	// that the most frequent tag is not the most frequent title word.
	perm := g.r.Perm(VocabularySize)
	var rows [][]any
	for i, p := range perm {
		name := g.lib.Words[p]
		if i%3 == 0 {
			name = capitalise(name)
		}
		g.lib.Tags = append(g.lib.Tags, name)
		rows = append(rows, []any{int64(i + 1), name})
	}
	hier := func(name string) {
		if _, ok := g.tagIndex[name]; !ok {
			id := int64(len(g.lib.Tags) + 1)
			g.tagIndex[name] = id
			g.lib.Tags = append(g.lib.Tags, name)
			rows = append(rows, []any{id, name})
		}
	}
	for _, t := range towns {
		hier("Lieux/" + countryNames[t.Country] + "/" + t.City)
	}
	for _, p := range photographers {
		hier("Personnes/" + p)
	}
	if err := b.insert(ctx, "tags", []string{"id", "name"}, rows); err != nil {
		return err
	}
	rows = nil
	now := time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC).UnixMilli()
	for i, f := range fieldDefs {
		field := gallery.Field{ID: int64(i + 1), Name: f.name, Type: f.typ, LabelFR: f.fr, LabelEN: f.en, Choices: f.choices, Position: i}
		g.fields = append(g.fields, field)
		rows = append(rows, []any{field.ID, f.name, string(f.typ), f.fr, f.en, strings.Join(f.choices, "\n"), i, now})
	}
	g.lib.Fields = g.fields
	return b.insert(ctx, "fields", []string{"id", "name", "type", "label_fr", "label_en", "choices", "position", "created_at"}, rows)
}

// accounts writes the users and groups; grants come after the items.
func (g *gen) accounts(ctx context.Context, b *bulk) error {
	var rows [][]any
	levels := []int{0, 1, 2, 4}
	now := time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC).UnixMilli()
	for i, name := range userNames[:UserCount] {
		u := User{ID: int64(i + 1), Name: name, Role: gallery.RoleNormal, Level: levels[g.r.IntN(len(levels))]}
		switch i {
		case 0:
			u.Role, u.Level = gallery.RoleWebmaster, gallery.LevelAdmins
		case 1:
			u.Role, u.Level = gallery.RoleAdmin, gallery.LevelAdmins
		case 2:
			u.Level = gallery.LevelFriends
			g.lib.BenchUser = u
		}
		g.lib.Users = append(g.lib.Users, u)
		// The hash is no real one: nobody signs in to a bench library.
		rows = append(rows, []any{u.ID, u.Name, string(u.Role), "bench-no-password", now, u.Level, u.Name + "@example.org", "fr"})
	}
	if err := b.insert(ctx, "users", []string{"id", "name", "role", "password_hash", "created_at", "level", "email", "lang"}, rows); err != nil {
		return err
	}
	rows = nil
	for i, name := range groupNames {
		rows = append(rows, []any{int64(i + 1), name, now})
	}
	if err := b.insert(ctx, "groups", []string{"id", "name", "created_at"}, rows); err != nil {
		return err
	}
	// The bench user is in Communication and Archives; the others in one
	// or two groups.
	rows = nil
	for _, u := range g.lib.Users[2:] {
		first := int64(1 + g.r.IntN(len(groupNames)))
		second := int64(1 + g.r.IntN(len(groupNames)))
		if u.ID == g.lib.BenchUser.ID {
			first, second = 3, 4
		}
		rows = append(rows, []any{u.ID, first})
		if second != first && (u.ID == g.lib.BenchUser.ID || g.r.IntN(2) == 0) {
			rows = append(rows, []any{u.ID, second})
		}
	}
	return b.insert(ctx, "group_members", []string{"user_id", "group_id"}, rows)
}

// makeAlbums writes a tree of AlbumCount albums, at most four deep under
// twenty roots; two roots are public.
func (g *gen) makeAlbums(ctx context.Context, b *bulk) error {
	names := map[string]bool{}
	for i := range AlbumCount {
		a := album{id: int64(i + 1), depth: 1, root: i}
		if i < rootAlbums {
			a.name = rootNames[i]
			g.roots = append(g.roots, i)
		} else {
			// Any album not at the deepest level may be a parent; the
			// earlier ones are chosen more, as a library grows.
			var p album
			for {
				p = g.albums[int(float64(i)*g.r.Float64()*g.r.Float64())]
				if p.depth < maxDepth {
					break
				}
			}
			a.parent, a.depth, a.root = p.id, p.depth+1, p.root
			a.name = g.albumName(a.depth)
			for n := 2; names[fmt.Sprint(a.parent, "/", a.name)]; n++ {
				a.name = fmt.Sprintf("%s (%d)", strings.TrimSuffix(a.name, fmt.Sprintf(" (%d)", n-1)), n)
			}
		}
		names[fmt.Sprint(a.parent, "/", a.name)] = true
		g.albums = append(g.albums, a)
	}
	g.rootWeight = make([]int, rootAlbums)
	g.lib.Albums = len(g.albums)
	var rows [][]any
	created := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	for i, a := range g.albums {
		var parent any
		if a.parent != 0 {
			parent = a.parent
		}
		public := a.parent == 0 && i < 2
		desc := ""
		if g.r.IntN(3) == 0 {
			desc = capitalise(g.phrase(6, 14)) + "."
		}
		rows = append(rows, []any{a.id, parent, a.name, created + int64(i)*3_600_000, public, i, desc})
	}
	return b.insert(ctx, "albums", []string{"id", "parent_id", "name", "created_at", "public", "position", "description"}, rows)
}

func (g *gen) albumName(depth int) string {
	switch {
	case depth == 2 && g.r.IntN(2) == 0:
		return fmt.Sprint(firstYear + g.r.IntN(years))
	case g.r.IntN(4) == 0:
		return capitalise(g.word()) + " " + towns[g.r.IntN(len(towns))].City
	default:
		return capitalise(g.phrase(1, 3))
	}
}

// word draws one word of the vocabulary, the frequent ones more often.
func (g *gen) word() string { return g.lib.Words[g.words.Uint64()] }

// phrase draws between lo and hi words.
func (g *gen) phrase(lo, hi int) string {
	n := lo + g.r.IntN(hi-lo+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
	}
	return strings.Join(ws, " ")
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// event is a set of items taken together: the same day, place, camera,
// albums and most tags, as photographers' libraries are made.
type event struct {
	start     time.Time
	title     string
	folder    string
	town      *Town
	camera    int
	lens      string
	albums    []int64
	tags      []int64
	level     int
	creator   string
	collect   string
	undated   bool
	kindScans bool
}

func (g *gen) newEvent() event {
	e := event{
		start:  time.Date(firstYear, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.Int64N(int64(years*365.25*24)) * int64(time.Hour))),
		title:  capitalise(g.phrase(1, 4)),
		camera: g.r.IntN(len(cameras)),
	}
	e.start = e.start.Add(time.Duration(g.r.IntN(3600)) * time.Second)
	e.folder = fmt.Sprintf("%d/%s %s", e.start.Year(), e.start.Format("2006-01-02"), e.title)
	if g.r.Float64() < 0.6 {
		e.town = &towns[g.r.IntN(len(towns))]
	}
	if g.r.IntN(3) > 0 {
		e.lens = lenses[g.r.IntN(len(lenses))]
	}
	// Albums: the first anywhere in the tree, a second one for 40% of
	// events.
	first := g.r.IntN(AlbumCount)
	e.albums = []int64{g.albums[first].id}
	if g.r.Float64() < 0.4 {
		if second := g.r.IntN(AlbumCount); second != first {
			e.albums = append(e.albums, g.albums[second].id)
		}
	}
	for range g.r.IntN(4) {
		e.tags = append(e.tags, int64(g.tagZipf.Uint64()+1))
	}
	if e.town != nil && g.r.Float64() < 0.4 {
		e.tags = append(e.tags, g.tagIndex["Lieux/"+countryNames[e.town.Country]+"/"+e.town.City])
	}
	switch x := g.r.Float64(); {
	case x < 0.85:
	case x < 0.91:
		e.level = gallery.LevelContacts
	case x < 0.95:
		e.level = gallery.LevelFriends
	case x < 0.98:
		e.level = gallery.LevelFamily
	default:
		e.level = gallery.LevelAdmins
	}
	if g.r.Float64() < 0.4 {
		e.creator = photographers[g.r.IntN(len(photographers))]
	}
	e.collect = fieldDefs[8].choices[g.r.IntN(len(fieldDefs[8].choices))]
	e.kindScans = g.r.Float64() < 0.03
	e.undated = e.kindScans && g.r.IntN(2) == 0
	return e
}

// eventSize draws how many items an event has: 1 to 200, 40 on average.
func (g *gen) eventSize() int { return min(200, 1+int(g.r.ExpFloat64()*39)) }

var mediaColumns = []string{"id", "public_key", "sha256", "size", "filename", "kind", "format", "mime", "title", "description",
	"creator", "credit", "copyright", "taken_local", "taken_offset", "width", "height", "lat", "lon", "meta", "imported_at",
	"derived_at", "sort_date", "alt_text", "level", "owner_id", "pending", "make", "model", "lens", "rating", "folder",
	"place_city", "place_region", "place_country", "placed_at", "deleted_at"}

// chunkItems is how many items are written per transaction (SQLite) or
// per COPY (PostgreSQL).
const chunkItems = 10_000

// items writes the items with their album links, tags and field values.
func (g *gen) items(ctx context.Context, b *bulk, n int) error {
	var ev event
	left := 0
	var media, links, tags, values [][]any
	flush := func() error {
		if err := b.begin(ctx); err != nil {
			return err
		}
		for _, t := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"media", mediaColumns, media},
			{"album_media", []string{"album_id", "media_id", "sort_date", "level"}, links},
			{"media_tags", []string{"media_id", "tag_id"}, tags},
			{"media_fields", []string{"media_id", "field_id", "value"}, values},
		} {
			if err := b.insert(ctx, t.table, t.cols, t.rows); err != nil {
				return err
			}
		}
		media, links, tags, values = media[:0], links[:0], tags[:0], values[:0]
		return b.commit(ctx)
	}
	seq := 0
	for i := range n {
		if left == 0 {
			ev, left = g.newEvent(), g.eventSize()
			g.rootWeight[g.albums[ev.albums[0]-1].root] += left
			seq = 1 + g.r.IntN(9000)
		}
		left--
		seq++
		id := int64(i + 1)
		row, it := g.item(ev, id, seq)
		media = append(media, row)
		level := ev.level
		if it.pending {
			level = 100 // the level album links carry while an item awaits review (sqlstore.pendingLevel)
		}
		for _, a := range ev.albums {
			links = append(links, []any{a, id, it.sortDate, level})
		}
		g.lib.AlbumLinks += len(ev.albums)
		seen := map[int64]bool{}
		add := func(tag int64) {
			if !seen[tag] {
				seen[tag] = true
				tags = append(tags, []any{id, tag})
			}
		}
		for _, t := range ev.tags {
			if g.r.IntN(10) > 0 { // most, not all, of an event's tags
				add(t)
			}
		}
		for range g.r.IntN(3) {
			add(int64(g.tagZipf.Uint64() + 1))
		}
		if g.r.Float64() < 0.15 {
			add(g.tagIndex["Personnes/"+photographers[g.r.IntN(len(photographers))]])
		}
		g.lib.TagLinks += len(seen)
		vs := g.fieldValues(ev, id)
		values = append(values, vs...)
		g.lib.FieldValues += len(vs)
		if len(media) >= chunkItems {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(media) > 0 {
		return flush()
	}
	return nil
}

type itemFacts struct {
	pending  bool
	sortDate string
}

// item makes one media row.
func (g *gen) item(ev event, id int64, seq int) ([]any, itemFacts) {
	var it itemFacts
	taken := ev.start.Add(time.Duration(seq*(5+g.r.IntN(90))) * time.Second)
	imported := taken.Add(time.Duration(1+g.r.IntN(30*24)) * time.Hour)
	cam := cameras[ev.camera]
	kind, format, mime := gallery.KindImage, gallery.FormatJPEG, "image/jpeg"
	filename := fmt.Sprintf("IMG_%04d.JPG", seq%10000)
	switch {
	case strings.HasPrefix(cam[0], "NIKON"):
		filename = fmt.Sprintf("DSC_%04d.JPG", seq%10000)
	case cam[0] == "SONY":
		filename = fmt.Sprintf("DSC%05d.JPG", seq)
	case cam[0] == "FUJIFILM":
		filename = fmt.Sprintf("DSCF%04d.JPG", seq%10000)
	case cam[0] == "Panasonic", strings.HasPrefix(cam[0], "OLYMPUS"), strings.HasPrefix(cam[0], "OM "):
		filename = fmt.Sprintf("P%07d.JPG", 1000000+seq)
	case cam[0] == "Apple":
		filename, format, mime = fmt.Sprintf("IMG_%04d.HEIC", seq%10000), gallery.FormatHEIF, "image/heic"
	case cam[0] == "samsung", cam[0] == "Google", cam[0] == "HUAWEI", cam[0] == "Xiaomi":
		filename = taken.Format("20060102_150405") + ".jpg"
	}
	makeName, model, lens := cam[0], cam[1], ev.lens
	width, height := 6000, 4000
	if g.r.IntN(4) == 0 {
		width, height = height, width
	}
	x := g.r.Float64()
	switch {
	case ev.kindScans && x < 0.5:
		kind, format, mime = gallery.KindPDF, gallery.FormatUnknown, "application/pdf"
		filename = fmt.Sprintf("compte-rendu-%s-%03d.pdf", strings.ReplaceAll(strings.ToLower(ev.title), " ", "-"), seq%1000)
		makeName, model, lens, width, height = "", "", "", 2480, 3508
	case ev.kindScans:
		filename, format, mime = fmt.Sprintf("scan_%05d.png", seq), gallery.FormatPNG, "image/png"
		makeName, model, lens, width, height = "", "", "", 3508, 2480
	case x < 0.06:
		kind, format, mime = gallery.KindVideo, gallery.FormatUnknown, "video/mp4"
		filename, width, height = fmt.Sprintf("VID_%s.mp4", taken.Format("20060102_150405")), 1920, 1080
	case x < 0.065:
		kind, format, mime = gallery.KindOther, gallery.FormatUnknown, "application/zip"
		filename, makeName, model, lens, width, height = fmt.Sprintf("export-%d.zip", seq), "", "", "", 0, 0
	}
	var title, desc, alt, credit, copyright string
	if g.r.Float64() < 0.65 {
		title = capitalise(g.phrase(1, 5))
		if g.r.IntN(3) == 0 {
			title = ev.title + " " + g.word()
		}
	}
	if g.r.Float64() < 0.3 {
		desc = capitalise(g.phrase(6, 20)) + "."
	}
	if g.r.Float64() < 0.1 {
		alt = capitalise(g.phrase(4, 10))
	}
	if ev.creator != "" {
		credit = ev.creator + " / Ville"
		copyright = fmt.Sprintf("© %d %s", taken.Year(), ev.creator)
	}
	var takenLocal, offset any
	it.sortDate = taken.Format("2006-01-02 15:04:05")
	if ev.undated {
		it.sortDate = imported.Format("2006-01-02 15:04:05")
	} else {
		takenLocal = it.sortDate
		if kind == gallery.KindImage && makeName != "" && g.r.IntN(2) == 0 {
			offset = 60 + 60*g.r.IntN(2)
		}
	}
	var lat, lon, placedAt any
	city, region, country := "", "", ""
	if ev.town != nil && !ev.kindScans {
		lat = ev.town.Lat + (g.r.Float64()-0.5)*0.05
		lon = ev.town.Lon + (g.r.Float64()-0.5)*0.07
		city, region, country = ev.town.City, ev.town.Region, ev.town.Country
		placedAt = imported.UnixMilli()
		g.lib.WithGPS++
	}
	if takenLocal == nil {
		g.lib.Undated++
	}
	rating := 0
	switch y := g.r.Float64(); {
	case y < 0.55:
	case y < 0.60:
		rating = 1
	case y < 0.68:
		rating = 2
	case y < 0.83:
		rating = 3
	case y < 0.95:
		rating = 4
	default:
		rating = 5
	}
	var owner any = int64(1)
	it.pending = g.r.Float64() < 0.02
	if it.pending {
		g.lib.Pending++
		owner = int64(3 + g.r.IntN(UserCount-3))
	}
	var deleted any
	if g.r.Float64() < 0.01 {
		deleted = imported.Add(48 * time.Hour).UnixMilli()
		g.lib.Trashed++
	}
	// The metadata document every imported item has, smaller than a real
	// one: what the index reads comes from the columns.
	meta := fmt.Sprintf(`{"kind":%q,"format":%q,"mime":%q,"width":%d,"height":%d`, kind, format, mime, width, height)
	if makeName != "" {
		meta += fmt.Sprintf(`,"make":%q,"model":%q,"iso":%d,"f_number":%.1f`, makeName, model, 100<<g.r.IntN(5), 1.8+float64(g.r.IntN(8)))
	}
	if rating > 0 {
		meta += fmt.Sprintf(`,"rating":%d`, rating)
	}
	meta += "}"
	derived := imported.Add(time.Minute).UnixMilli()
	row := []any{id, Key(id), fmt.Sprintf("%064x", uint64(id)*0x9E3779B97F4A7C15), int64(2_000_000 + g.r.IntN(8_000_000)), filename,
		string(kind), string(format), mime, title, desc, ev.creator, credit, copyright, takenLocal, offset, width, height,
		lat, lon, meta, imported.UnixMilli(), derived, it.sortDate, alt, ev.level, owner, it.pending, makeName, model, lens,
		rating, ev.folder, city, region, country, placedAt, deleted}
	return row, it
}

// fieldValues draws the custom field values of one item.
func (g *gen) fieldValues(ev event, id int64) [][]any {
	var out [][]any
	for i, f := range fieldDefs {
		if g.r.Float64() >= f.share {
			continue
		}
		fid := int64(i + 1)
		switch f.typ {
		case gallery.FieldText:
			v := fmt.Sprintf("REF-%d-%05d", ev.start.Year(), id%100000)
			if f.name == "agence" {
				v = photographers[g.r.IntN(len(photographers))] + " Images"
			}
			out = append(out, []any{id, fid, v})
		case gallery.FieldLongText:
			out = append(out, []any{id, fid, capitalise(g.phrase(8, 30)) + "."})
		case gallery.FieldNumber:
			out = append(out, []any{id, fid, fmt.Sprintf("%d.%02d", g.r.IntN(500), g.r.IntN(100))})
		case gallery.FieldDate:
			out = append(out, []any{id, fid, ev.start.AddDate(g.r.IntN(5), g.r.IntN(12), g.r.IntN(28)).Format("2006-01-02")})
		case gallery.FieldBool:
			out = append(out, []any{id, fid, fmt.Sprint(g.r.IntN(3) > 0)})
		case gallery.FieldChoice:
			v := f.choices[g.r.IntN(len(f.choices))]
			if f.name == "collection" {
				v = ev.collect
			}
			out = append(out, []any{id, fid, v})
		case gallery.FieldMultiChoice:
			seen := map[int]bool{}
			for range 1 + g.r.IntN(3) {
				c := g.r.IntN(len(f.choices))
				if !seen[c] {
					seen[c] = true
					out = append(out, []any{id, fid, f.choices[c]})
				}
			}
		case gallery.FieldTree:
			out = append(out, []any{id, fid, f.choices[g.r.IntN(len(f.choices))]})
		}
	}
	return out
}

// grants shares the roots between the groups so that each group sees
// about a quarter of the library and a user in two groups about half,
// and gives a few users rights on sub-albums of their own.
func (g *gen) grants(ctx context.Context, b *bulk) error {
	// Roots by weight, heaviest first; the two public ones stay out.
	order := append([]int(nil), g.roots[2:]...)
	sort.SliceStable(order, func(i, j int) bool { return g.rootWeight[order[i]] > g.rootWeight[order[j]] })
	var rows [][]any
	now := time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC).UnixMilli()
	next := int64(1)
	grant := func(album int64, user, group any, perms gallery.Perm) {
		rows = append(rows, []any{next, album, user, group, int(perms), now})
		next++
	}
	// Each root, heaviest first, goes to the group that has the fewest
	// items so far, so that the groups weigh about the same.
	load := make([]int, len(groupNames))
	owner := map[int]int64{} // root → the group it is granted to
	for _, r := range order {
		least := 0
		for i := range load {
			if load[i] < load[least] {
				least = i
			}
		}
		load[least] += g.rootWeight[r]
		owner[r] = int64(least + 1)
		grant(g.albums[r].id, nil, int64(least+1), gallery.PermView|gallery.PermDownload)
	}
	// The bench user's two groups see about two fifths of the library;
	// a grant of her own on the heaviest root of another group brings it
	// to about half.
	for _, r := range order {
		if group := owner[r]; group != 3 && group != 4 {
			grant(g.albums[r].id, g.lib.BenchUser.ID, nil, gallery.PermView)
			break
		}
	}
	// Some users get edit rights on a few albums deeper down.
	for _, u := range g.lib.Users[2:] {
		for range g.r.IntN(3) {
			a := g.albums[rootAlbums+g.r.IntN(AlbumCount-rootAlbums)]
			grant(a.id, u.ID, nil, gallery.PermView|gallery.PermDownload|gallery.PermContribute|gallery.PermEdit)
		}
	}
	// The same album twice for one user would break the unique index.
	seen := map[string]bool{}
	kept := rows[:0]
	for _, r := range rows {
		k := fmt.Sprint(r[1], r[2], r[3])
		if !seen[k] {
			seen[k] = true
			kept = append(kept, r)
		}
	}
	return b.insert(ctx, "album_grants", []string{"id", "album_id", "user_id", "group_id", "perms", "created_at"}, kept)
}
