package service

import (
	"context"
	"errors"
	"fmt"
	"imagier/internal/testmedia"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"imagier/internal/gallery"
	"imagier/internal/search"
)

// searchItem is one item of the search test library.
type searchItem struct {
	file, title, desc string
	kind              gallery.Kind
	tags              []string
	album             []string
	taken             string // "2019-06-21 18:30:00"
	w, h              int
	make_, model      string
	rating            int
	gps               *gallery.GPS
	place             gallery.Place
	level             int
	pending           bool
	fields            map[string][]string
}

// searchLibrary is a small library where each query of the suite finds
// known items: accents, plurals, places, fields, rights.
var searchLibrary = []searchItem{
	{file: "IMG_0001.JPG", title: "Église Saint-Pierre", kind: gallery.KindImage, tags: []string{"Fêtes", "Lieux/France/Rennes"},
		album: []string{"Événements", "Fête de la musique 2019"}, taken: "2019-06-21 18:30:00", w: 6000, h: 4000,
		make_: "Canon", model: "Canon EOS 5D", rating: 4, gps: &gallery.GPS{Lat: 48.1113, Lon: -1.68},
		place:  gallery.Place{City: "Rennes", Region: "Bretagne", Country: "FR"},
		fields: map[string][]string{"coloris": {"Rouge"}, "site": {"Bretagne > Rennes > École Jean Moulin"}}},
	{file: "IMG_0002.JPG", title: "Les églises de Rennes", desc: "Vue depuis la mairie, un soir de fête de la musique", kind: gallery.KindImage,
		tags: []string{"Patrimoine"}, album: []string{"Patrimoine"}, taken: "2020-03-01 10:00:00", w: 3000, h: 4000,
		make_: "NIKON CORPORATION", model: "NIKON D700", rating: 2,
		fields: map[string][]string{"coloris": {"Bleu"}, "surface": {"12.5"}}},
	{file: "plage.jpg", title: "Plage du Sillon", kind: gallery.KindImage, tags: []string{"Lieux/France/Saint-Malo", "vacances"},
		album: []string{"Vacances"}, taken: "2021-07-14 15:00:00", w: 4000, h: 4000, gps: &gallery.GPS{Lat: 48.65, Lon: -2.01},
		place: gallery.Place{City: "Saint-Malo", Region: "Bretagne", Country: "FR"}, fields: map[string][]string{"accessible": {"true"}}},
	{file: "clip.mp4", title: "", kind: gallery.KindVideo, album: []string{"Événements"}, taken: "2018-05-01 12:00:00", w: 1920, h: 1080},
	{file: "affiche.pdf", title: "Affiche fête de la musique", kind: gallery.KindPDF, album: []string{"Événements"}, pending: true},
	{file: "famille.jpg", title: "Repas de famille", kind: gallery.KindImage, tags: []string{"Fêtes"}, album: []string{"Événements"},
		taken: "2019-12-25 20:00:00", w: 4000, h: 3000, level: gallery.LevelFamily},
	{file: "churches.jpg", title: "Old churches of York", kind: gallery.KindImage, tags: []string{"Travel"}, album: []string{"Événements"},
		taken: "2017-08-01 09:00:00", w: 5000, h: 3000, gps: &gallery.GPS{Lat: 53.96, Lon: -1.08},
		place: gallery.Place{City: "York", Region: "England", Country: "GB"}},
}

// searchEnv builds the library on every database, with a public album
// tree but for "Vacances", and returns each env with its guest actor.
func searchEnv(t *testing.T) map[string]*env {
	t.Helper()
	ctx := context.Background()
	envs := newEnvs(t)
	for _, e := range envs {
		fieldIDs := map[string]int64{}
		for i, f := range []gallery.Field{
			{Name: "coloris", Type: gallery.FieldChoice, LabelFR: "Coloris", LabelEN: "Colour", Choices: []string{"Rouge", "Bleu"}},
			{Name: "site", Type: gallery.FieldTree, LabelFR: "Site", LabelEN: "Site", Choices: []string{"Bretagne > Rennes > École Jean Moulin"}},
			{Name: "surface", Type: gallery.FieldNumber, LabelFR: "Surface", LabelEN: "Area"},
			{Name: "accessible", Type: gallery.FieldBool, LabelFR: "Accessible", LabelEN: "Accessible"},
		} {
			id, err := e.store.InsertFieldForTest(ctx, f, i)
			if err != nil {
				t.Fatal(err)
			}
			fieldIDs[f.Name] = id
		}
		base := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
		for i, it := range searchLibrary {
			m := &gallery.Media{Key: fmt.Sprintf("key%02d", i), SHA256: fmt.Sprintf("%064d", i), Size: 1000, Filename: it.file,
				Title: it.title, Description: it.desc, Tags: it.tags, ImportedAt: base.Add(time.Duration(i) * time.Hour),
				Level: it.level, Pending: it.pending, Place: it.place}
			m.Meta = gallery.Metadata{Kind: it.kind, MIME: "image/jpeg", Width: it.w, Height: it.h, Make: it.make_, Model: it.model,
				Rating: it.rating, GPS: it.gps}
			if it.taken != "" {
				tk, _ := time.Parse("2006-01-02 15:04:05", it.taken)
				m.Meta.Taken = &gallery.DateTime{Local: tk}
			}
			if err := e.store.AddMedia(ctx, m, [][]string{it.album}); err != nil {
				t.Fatal(err)
			}
			for name, vals := range it.fields {
				for _, v := range vals {
					if err := e.store.InsertFieldValueForTest(ctx, m.ID, fieldIDs[name], v); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		// Every album public but Vacances.
		roots, _, err := e.store.AlbumNodes(ctx, e.admin.Access)
		if err != nil {
			t.Fatal(err)
		}
		var walk func([]*gallery.Album)
		walk = func(as []*gallery.Album) {
			for _, a := range as {
				if a.Name != "Vacances" {
					if err := e.store.SetAlbumAccess(ctx, a.ID, true, true); err != nil {
						t.Fatal(err)
					}
				}
				walk(a.Children)
			}
		}
		walk(roots)
	}
	return envs
}

func (e *env) guest(t *testing.T) Actor {
	t.Helper()
	acc, err := e.svc.rights.For(context.Background(), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Actor{Access: acc}
}

// found runs a query and returns the file names found, sorted.
func found(t *testing.T, e *env, a Actor, q string) []string {
	t.Helper()
	p, err := e.svc.Search(context.Background(), a, SearchRequest{Query: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var out []string
	for _, m := range p.Items {
		out = append(out, m.Filename)
	}
	sort.Strings(out)
	if p.Total != len(out) {
		t.Errorf("search %q: total %d, %d items", q, p.Total, len(out))
	}
	return out
}

func files(s ...string) []string { sort.Strings(s); return s }

// TestSearchQueries runs every operator of the query language on both
// databases, as an administrator and as a guest.
func TestSearchQueries(t *testing.T) {
	const all = "IMG_0001.JPG IMG_0002.JPG plage.jpg clip.mp4 affiche.pdf famille.jpg churches.jpg"
	cases := []struct {
		q            string
		admin, guest string // file names, space-separated
	}{
		{"", all, "IMG_0001.JPG IMG_0002.JPG clip.mp4 churches.jpg"},
		// Case, accents, plurals and stems, in French and English.
		{"eglise", "IMG_0001.JPG IMG_0002.JPG", "IMG_0001.JPG IMG_0002.JPG"},
		{"ÉGLISES", "IMG_0001.JPG IMG_0002.JPG", "IMG_0001.JPG IMG_0002.JPG"},
		{"fetes", "IMG_0001.JPG IMG_0002.JPG affiche.pdf famille.jpg", "IMG_0001.JPG IMG_0002.JPG"},
		{"church", "churches.jpg", "churches.jpg"},
		{"mairie", "IMG_0002.JPG", "IMG_0002.JPG"},
		// Album names (with sub-albums), file names, places, cameras, field values.
		{"événements", "IMG_0001.JPG clip.mp4 affiche.pdf famille.jpg churches.jpg", "IMG_0001.JPG clip.mp4 churches.jpg"},
		{"img_0002", "IMG_0002.JPG", "IMG_0002.JPG"},
		{"rennes", "IMG_0001.JPG IMG_0002.JPG", "IMG_0001.JPG IMG_0002.JPG"},
		{"bretagne", "IMG_0001.JPG plage.jpg", "IMG_0001.JPG"},
		{"france", "IMG_0001.JPG plage.jpg", "IMG_0001.JPG"},
		{"Allemagne", "", ""},
		{"royaume-uni", "churches.jpg", "churches.jpg"},
		{"nikon", "IMG_0002.JPG", "IMG_0002.JPG"},
		{"rouge", "IMG_0001.JPG", "IMG_0001.JPG"},
		{"moulin", "IMG_0001.JPG", "IMG_0001.JPG"},
		// Phrases, negation, OR, parentheses.
		{`"fête de la musique"`, "IMG_0001.JPG IMG_0002.JPG affiche.pdf", "IMG_0001.JPG IMG_0002.JPG"},
		{`"musique de la fête"`, "", ""},
		{"eglise -rennes", "", ""},
		{"eglise -patrimoine", "IMG_0001.JPG", "IMG_0001.JPG"},
		{"plage OR church", "plage.jpg churches.jpg", "churches.jpg"},
		{"(plage OR church) -york", "plage.jpg", ""},
		{"de la", "IMG_0001.JPG IMG_0002.JPG affiche.pdf", "IMG_0001.JPG IMG_0002.JPG"},
		{"repas de la", "famille.jpg", ""},
		// Operators.
		{"tag:fete", "IMG_0001.JPG famille.jpg", "IMG_0001.JPG"},
		{"tag:France", "IMG_0001.JPG plage.jpg", "IMG_0001.JPG"},
		{`tag:"Lieux/France/Rennes"`, "IMG_0001.JPG", "IMG_0001.JPG"},
		{"album:événements", "IMG_0001.JPG clip.mp4 affiche.pdf famille.jpg churches.jpg", "IMG_0001.JPG clip.mp4 churches.jpg"},
		{`album:"Fête de la musique 2019"`, "IMG_0001.JPG", "IMG_0001.JPG"},
		{`album:"Événements/Fête de la musique 2019"`, "IMG_0001.JPG", "IMG_0001.JPG"},
		{"place:bretagne", "IMG_0001.JPG plage.jpg", "IMG_0001.JPG"},
		{"lieu:Angleterre", "", ""},
		{"place:england", "churches.jpg", "churches.jpg"},
		{"place:France", "IMG_0001.JPG plage.jpg", "IMG_0001.JPG"},
		{"taken:2019", "IMG_0001.JPG famille.jpg", "IMG_0001.JPG"},
		{"taken:2019..2020-03", "IMG_0001.JPG IMG_0002.JPG famille.jpg", "IMG_0001.JPG IMG_0002.JPG"},
		{"date:<2019", "clip.mp4 churches.jpg", "clip.mp4 churches.jpg"},
		{"added:2026-01-10", all, "IMG_0001.JPG IMG_0002.JPG clip.mp4 churches.jpg"},
		{"added:>2026-01", "", ""},
		{"rating:>=4", "IMG_0001.JPG", "IMG_0001.JPG"},
		{"note:2..3", "IMG_0002.JPG", "IMG_0002.JPG"},
		{"type:video", "clip.mp4", "clip.mp4"},
		{"type:pdf|video", "clip.mp4 affiche.pdf", "clip.mp4"},
		{"type:photo -tag:fetes", "IMG_0002.JPG plage.jpg churches.jpg", "IMG_0002.JPG churches.jpg"},
		{"camera:canon", "IMG_0001.JPG", "IMG_0001.JPG"},
		{`appareil:"nikon d700"`, "IMG_0002.JPG", "IMG_0002.JPG"},
		{"has:gps", "IMG_0001.JPG plage.jpg churches.jpg", "IMG_0001.JPG churches.jpg"},
		{"no:gps type:photo", "IMG_0002.JPG famille.jpg", "IMG_0002.JPG"},
		{"near:48.11,-1.68,5", "IMG_0001.JPG", "IMG_0001.JPG"},
		{"près:48.4,-1.8,40", "IMG_0001.JPG plage.jpg", "IMG_0001.JPG"},
		{"orientation:portrait", "IMG_0002.JPG", "IMG_0002.JPG"},
		{"orientation:carré", "plage.jpg", ""},
		{"size:>20mp", "IMG_0001.JPG", "IMG_0001.JPG"},
		{"untagged", "clip.mp4 affiche.pdf", "clip.mp4"},
		{"coloris:rouge", "IMG_0001.JPG", "IMG_0001.JPG"},
		{"coloris:rouge|bleu", "IMG_0001.JPG IMG_0002.JPG", "IMG_0001.JPG IMG_0002.JPG"},
		{"site:Bretagne", "IMG_0001.JPG", "IMG_0001.JPG"},
		{`site:"École Jean Moulin"`, "IMG_0001.JPG", "IMG_0001.JPG"},
		{"surface:>10", "IMG_0002.JPG", "IMG_0002.JPG"},
		{"surface:<10", "", ""},
		{"accessible:oui", "plage.jpg", ""},
		{"has:coloris", "IMG_0001.JPG IMG_0002.JPG", "IMG_0001.JPG IMG_0002.JPG"},
		{"no:coloris type:photo", "plage.jpg famille.jpg churches.jpg", "churches.jpg"},
		{"level:4", "famille.jpg", ""},
		// Prefixes of the word being typed.
		{"mair", "IMG_0002.JPG", "IMG_0002.JPG"},
		{"patrim", "IMG_0002.JPG", "IMG_0002.JPG"},
	}
	for name, e := range searchEnv(t) {
		guest := e.guest(t)
		for _, c := range cases {
			if got, want := found(t, e, e.admin, c.q), files(strings.Fields(c.admin)...); !slices.Equal(got, want) {
				t.Errorf("%s: admin %q = %v, want %v", name, c.q, got, want)
			}
			if got, want := found(t, e, guest, c.q), files(strings.Fields(c.guest)...); !slices.Equal(got, want) {
				t.Errorf("%s: guest %q = %v, want %v", name, c.q, got, want)
			}
		}
	}
}

// TestSearchErrors: a mistake is a *search.Error, never a failure, and
// an unknown operator is an error, not a word.
func TestSearchErrors(t *testing.T) {
	for name, e := range searchEnv(t) {
		for _, q := range []string{`"open`, "(a", "colour:red", "taken:2019-13", "rating:9", "type:song", "a OR", "-", "no:nothing",
			"surface:grand", "accessible:peut-être", "coloris:rouge surface:>1..2"} {
			_, err := e.svc.Search(context.Background(), e.admin, SearchRequest{Query: q})
			var se *search.Error
			if !errors.As(err, &se) {
				t.Errorf("%s: %q: %v, want a *search.Error", name, q, err)
			}
		}
	}
}

// TestSearchRightsInFacetsAndSuggestions: what a viewer may not see is
// never counted or suggested, down to a place that only hidden items have.
func TestSearchRightsInFacetsAndSuggestions(t *testing.T) {
	ctx := context.Background()
	for name, e := range searchEnv(t) {
		guest := e.guest(t)
		facet := func(a Actor, q string, kind search.FacetKind) map[string]int {
			p, err := e.svc.Search(ctx, a, SearchRequest{Query: q, Facets: true, Lang: "fr"})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, f := range p.Facets {
				if f.Kind == kind {
					for _, v := range f.Values {
						out[v.Value] = v.Count
					}
				}
			}
			return out
		}
		if got := facet(e.admin, "", search.FacetTag); got["Fêtes"] != 2 || got["vacances"] != 1 {
			t.Errorf("%s: admin tags %v", name, got)
		}
		if got := facet(guest, "", search.FacetTag); got["Fêtes"] != 1 || got["vacances"] != 0 {
			t.Errorf("%s: guest tags %v (a family-level or private item counted)", name, got)
		}
		if got := facet(guest, "", search.FacetType); got["pdf"] != 0 || got["video"] != 1 {
			t.Errorf("%s: guest types %v (a pending item counted)", name, got)
		}
		if got := facet(e.admin, "", search.FacetType); got["pdf"] != 1 || got["photo"] != 5 {
			t.Errorf("%s: admin types %v", name, got)
		}
		if got := facet(guest, "", search.FacetLevel); len(got) != 0 {
			t.Errorf("%s: the privacy facet shown to a guest: %v", name, got)
		}
		if got := facet(e.admin, "", search.FacetLevel); got["4"] != 1 || got["0"] != 6 {
			t.Errorf("%s: admin levels %v", name, got)
		}
		if got := facet(guest, "", search.FacetPlace); got["Saint-Malo"] != 0 || got["Rennes"] != 1 {
			t.Errorf("%s: guest places %v", name, got)
		}
		if got := facet(e.admin, "eglise", search.FacetField); got["Rouge"] != 1 || got["Bleu"] != 1 {
			t.Errorf("%s: admin field values %v", name, got)
		}
		if got := facet(e.admin, "taken:2019", search.FacetMonth); got["2019-06"] != 1 || got["2019-12"] != 1 {
			t.Errorf("%s: months %v", name, got)
		}
		suggest := func(a Actor, typed string) map[string]int {
			ss, err := e.svc.Suggest(ctx, a, typed, "fr")
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, s := range ss {
				out[string(s.Kind)+":"+s.Label] = s.Count
				if _, err := e.svc.ParseQuery(ctx, s.Query); err != nil {
					t.Errorf("%s: suggestion %+v does not parse: %v", name, s, err)
				}
			}
			return out
		}
		if got := suggest(e.admin, "sa"); got["place:Saint-Malo"] != 1 {
			t.Errorf("%s: admin suggestions for sa: %v", name, got)
		}
		if got := suggest(guest, "sa"); len(got) != 0 {
			t.Errorf("%s: guest suggestions for sa reveal hidden items: %v", name, got)
		}
		if got := suggest(guest, "fe"); got["tag:Fêtes"] != 1 || got["album:Fête de la musique 2019"] != 1 {
			t.Errorf("%s: guest suggestions for fe: %v", name, got)
		}
		if got := suggest(guest, "ro"); got["field:Rouge"] != 1 || got["place:Royaume-Uni"] != 1 {
			t.Errorf("%s: guest suggestions for ro: %v", name, got)
		}
	}
}

// TestSearchFollowsEdits: an edit is found by the next search, a trashed
// or hidden item leaves results and counts at once — through another
// server sharing the database too.
func TestSearchFollowsEdits(t *testing.T) {
	ctx := context.Background()
	for name, e := range searchEnv(t) {
		guest := e.guest(t)
		// A second service over the same database stands for another server.
		other, err := New(e.store, e.lib, nil, e.svc.log, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := found(t, e, guest, "kermesse"); len(got) != 0 {
			t.Fatalf("%s: %v", name, got)
		}
		title := "Kermesse de l’école"
		if err := e.svc.EditMedia(ctx, e.admin, "key03", MediaEdit{Title: &title}); err != nil {
			t.Fatal(err)
		}
		for _, s := range []*Service{e.svc, other} {
			p, err := s.Search(ctx, guest, SearchRequest{Query: "kermesse ecole"})
			if err != nil || p.Total != 1 || p.Items[0].Filename != "clip.mp4" {
				t.Errorf("%s: the new title not found: %+v %v", name, p.Items, err)
			}
		}
		if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchDelete, Keys: []string{"key03"}}); err != nil {
			t.Fatal(err)
		}
		for _, s := range []*Service{e.svc, other} {
			if n, err := s.SearchCount(ctx, e.admin, "kermesse"); err != nil || n != 0 {
				t.Errorf("%s: a trashed item still found: %d %v", name, n, err)
			}
			p, err := s.Search(ctx, guest, SearchRequest{Facets: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range p.Facets {
				for _, v := range f.Values {
					if f.Kind == search.FacetType && v.Value == "video" {
						t.Errorf("%s: a trashed video still counted", name)
					}
				}
			}
		}
		// Hiding an item (a higher privacy level) hides it from guests.
		if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchLevel, Keys: []string{"key00"}, Level: gallery.LevelFriends}); err != nil {
			t.Fatal(err)
		}
		if got := found(t, e, guest, "eglise"); !slices.Equal(got, []string{"IMG_0002.JPG"}) {
			t.Errorf("%s: after hiding: %v", name, got)
		}
		// A tag renamed through the catalogue is found by its new name.
		if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchTag, Keys: []string{"key01"}, Tags: []string{"Kouign-amann"}}); err != nil {
			t.Fatal(err)
		}
		if got := found(t, e, guest, "kouign"); !slices.Equal(got, []string{"IMG_0002.JPG"}) {
			t.Errorf("%s: a new tag: %v", name, got)
		}
	}
}

// TestSearchOrderAndPages: title and tag matches first, then the newest;
// each order pages through every result exactly once.
func TestSearchOrderAndPages(t *testing.T) {
	ctx := context.Background()
	for name, e := range searchEnv(t) {
		p, err := e.svc.Search(ctx, e.admin, SearchRequest{Query: "fete"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range p.Items {
			got = append(got, m.Filename)
		}
		// Title or tag: affiche (title), famille and IMG_0001 (tag), newest
		// first; then IMG_0002 (description only).
		want := []string{"affiche.pdf", "famille.jpg", "IMG_0001.JPG", "IMG_0002.JPG"}
		if !slices.Equal(got, want) {
			t.Errorf("%s: relevance %v, want %v", name, got, want)
		}
		for _, sort := range search.Sorts {
			var seen []string
			for offset := 0; ; {
				p, err := e.svc.Search(ctx, e.admin, SearchRequest{Sort: sort, Offset: offset, Limit: 2})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range p.Items {
					seen = append(seen, m.Filename)
				}
				if p.Next == 0 {
					break
				}
				offset = p.Next
			}
			if len(seen) != len(searchLibrary) || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != len(searchLibrary) {
				t.Errorf("%s: sort %q pages %v", name, sort, seen)
			}
			if sort == search.SortTitle && seen[0] != "affiche.pdf" {
				t.Errorf("%s: by title starts with %s", name, seen[0])
			}
			if sort == search.SortTakenAsc && seen[0] != "churches.jpg" {
				t.Errorf("%s: oldest first starts with %s", name, seen[0])
			}
		}
		ids, err := e.svc.SearchIDs(ctx, e.admin, "type:photo")
		if err != nil || len(ids) != 5 {
			t.Errorf("%s: select all: %v %v", name, ids, err)
		}
	}
}

// TestSearchRealFiles imports real files and finds each by what its
// metadata says (MANIFEST.tsv): keywords as tags and words, the camera,
// the year taken, the GPS position.
func TestSearchRealFiles(t *testing.T) {
	// Files whose keywords are theirs as read (MANIFEST lists what every
	// tag holds; BonTon's and MWG's mix in values that metadata rules
	// rightly set aside), with accents, Cyrillic and years among them;
	// then one file per camera maker with a date read from EXIF.
	keep := map[string]bool{"gps/GPS.jpg": true, "iptc-xmp/Nikon_D1X.jpg": true, "iptc-xmp/PhotoMechanic.jpg": true,
		"iptc-xmp/iptc.jpg": true, "iptc-xmp/mongolia.jpeg": true, "iptc-xmp/undefined-exif-tag.jpg": true}
	var picked []testmedia.Entry
	makes := map[string]bool{}
	for _, en := range testmedia.Manifest(t) {
		switch {
		case keep[en.Path]:
			en.Keywords = strings.ReplaceAll(en.Keywords, "??????", "")
		case en.FileType == "JPEG" && !strings.HasPrefix(en.Path, "broken/") && !strings.HasPrefix(en.Path, "malicious/") && len(en.Size) <= 7 &&
			en.Make != "" && strings.Contains(en.DateTaken, "[ExifIFD:DateTimeOriginal]") && !makes[en.Make] && len(makes) < 6:
			makes[en.Make] = true
			en.Keywords = ""
		default:
			continue
		}
		picked = append(picked, en)
	}
	if len(picked) < 8 {
		t.Fatalf("only %d files picked", len(picked))
	}
	for name, e := range newEnvs(t) {
		byFile := map[string]testmedia.Entry{}
		for _, en := range picked {
			m := e.importInto(t, en.Path, "Réel")
			byFile[m.Filename] = en
		}
		for file, en := range byFile {
			for _, k := range strings.Split(en.Keywords, ";") {
				if k = strings.TrimSpace(k); k == "" || len(wordsIn(k)) == 0 {
					continue
				}
				if got := found(t, e, e.admin, "tag:"+strconv.Quote(k)); !slices.Contains(got, file) {
					t.Errorf("%s: tag:%q does not find %s: %v", name, k, file, got)
				}
				if got := found(t, e, e.admin, strconv.Quote(k)); !slices.Contains(got, file) {
					t.Errorf("%s: the words %q do not find %s: %v", name, k, file, got)
				}
			}
			if en.Make != "" {
				q := "camera:" + strconv.Quote(wordsIn(en.Make)[0])
				if got := found(t, e, e.admin, q); !slices.Contains(got, file) {
					t.Errorf("%s: %s does not find %s: %v", name, q, file, got)
				}
			}
			if strings.Contains(en.DateTaken, "DateTimeOriginal]") {
				q := "taken:" + en.DateTaken[:4]
				if got := found(t, e, e.admin, q); !slices.Contains(got, file) {
					t.Errorf("%s: %s does not find %s: %v", name, q, file, got)
				}
			}
			hasGPS := en.GPSLat != ""
			if got := found(t, e, e.admin, "has:gps"); slices.Contains(got, file) != hasGPS {
				t.Errorf("%s: has:gps and %s (GPS %v): %v", name, file, hasGPS, got)
			}
		}
	}
}

// wordsIn splits text into words as a person would type them.
func wordsIn(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TestSearchLateCommit: on PostgreSQL a transaction may take a log number
// and commit after a later one; the index looks for skipped numbers again,
// so the late change is found too.
func TestSearchLateCommit(t *testing.T) {
	ctx := context.Background()
	e, ok := searchEnv(t)["postgres"]
	if !ok {
		t.Skip("PostgreSQL not reachable")
	}
	started, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- e.store.Atomic(ctx, func(ctx context.Context) error {
			if err := e.store.AddTags(ctx, []int64{1}, []string{"Tardif"}); err != nil {
				return err
			}
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	title := "Crêpes au beurre"
	if err := e.svc.EditMedia(ctx, e.admin, "key02", MediaEdit{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if got := found(t, e, e.admin, "crepes"); !slices.Equal(got, []string{"plage.jpg"}) {
		t.Fatalf("the later change: %v", got)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := found(t, e, e.admin, "tardif"); !slices.Equal(got, []string{"IMG_0001.JPG"}) {
		t.Errorf("the change committed late is not found: %v", got)
	}
}
