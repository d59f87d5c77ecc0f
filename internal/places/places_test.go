package places_test

import (
	"bytes"
	"compress/gzip"
	"math"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/places"
	"imagier/internal/places/placestest"
)

// TestNearest names known points with the gazetteer built into the binary.
func TestNearest(t *testing.T) {
	g := placestest.Gazetteer(t)
	if n := g.Len(); n < 100_000 {
		t.Fatalf("the gazetteer holds %d places", n)
	}
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name     string
		lat, lon float64
		want     gallery.Place
	}{
		{"Notre-Dame de Paris", 48.8530, 2.3499, gallery.Place{City: "Paris", Region: "Île-de-France", Country: "FR"}},
		{"the Eiffel Tower, nearer the centre of Neuilly than that of Paris", 48.8584, 2.2945, gallery.Place{City: "Paris", Region: "Île-de-France", Country: "FR"}},
		{"Lyon, place Bellecour", 45.7578, 4.8320, gallery.Place{City: "Lyon", Region: "Auvergne-Rhône-Alpes", Country: "FR"}},
		{"Fleurie, a village of the Beaujolais", 46.1930, 4.6990, gallery.Place{City: "Fleurie", Region: "Auvergne-Rhône-Alpes", Country: "FR"}},
		{"Gordes", 43.9117, 5.2003, gallery.Place{City: "Gordes", Region: "Provence-Alpes-Côte d'Azur", Country: "FR"}},
		{"Munich", 48.1374, 11.5755, gallery.Place{City: "Munich", Region: "Bavaria", Country: "DE"}},
		{"the middle of the Atlantic", 40, -35, gallery.Place{}},
		{"the Gulf of Guinea", 0, 0, gallery.Place{}},
		{"the North Pole", 90, 0, gallery.Place{}},
		{"the South Pole", -90, 180, gallery.Place{}},
		{"the antimeridian at sea", -0.2, -179.99, gallery.Place{}},
		{"NaN", nan, 2.35, gallery.Place{}},
		{"NaN longitude", 48.85, nan, gallery.Place{}},
		{"infinite", inf, -inf, gallery.Place{}},
		{"latitude out of range", 91, 2.35, gallery.Place{}},
		{"longitude out of range", 48.85, 362.35, gallery.Place{}},
	} {
		if got := g.Nearest(c.lat, c.lon); got != c.want {
			t.Errorf("%s (%g, %g): %+v, want %+v", c.name, c.lat, c.lon, got, c.want)
		}
	}
	if got := g.Label(g.Nearest(48.1374, 11.5755), "fr"); got != "Munich, Bavière, Allemagne" {
		t.Errorf("Label in French = %q", got)
	}
	if got := g.Label(g.Nearest(48.1374, 11.5755), "en"); got != "Munich, Bavaria, Germany" {
		t.Errorf("Label in English = %q", got)
	}
}

// TestLookupIsCheap: a lookup in the densest parts of the map takes
// microseconds, so that an import or the backfill of a large library never
// waits on it.
func TestLookupIsCheap(t *testing.T) {
	g := placestest.Gazetteer(t)
	res := testing.Benchmark(func(b *testing.B) {
		for i := range b.N {
			g.Nearest(48.80+float64(i%100)*0.001, 2.30+float64(i%37)*0.002)
		}
	})
	// About 10 µs here; reading every place would take milliseconds.
	limit := int64(100_000)
	if raceEnabled {
		limit *= 10
	}
	if per := res.NsPerOp(); per > limit {
		t.Errorf("a lookup around Paris takes %d ns", per)
	}
}

func TestCountryName(t *testing.T) {
	for _, c := range []struct{ code, lang, want string }{
		{"FR", "fr", "France"},
		{"DE", "fr", "Allemagne"},
		{"DE", "en", "Germany"},
		{"GB", "fr", "Royaume-Uni"},
		{"CI", "fr", "Côte d’Ivoire"},
		{"", "fr", ""},
		{"ZZ", "en", "ZZ"},
		{"<script>", "en", "<script>"},
	} {
		if got := places.CountryName(c.code, c.lang); got != c.want {
			t.Errorf("CountryName(%q, %q) = %q, want %q", c.code, c.lang, got, c.want)
		}
	}
}

// fixture is a gazetteer made here: a few towns in two countries, and
// what export.js would write of them.
const fixture = "R\tFR\t84\tAuvergne-Rhône-Alpes\tAuvergne-Rhône-Alpes\n" +
	"R\tFR\t53\tBrittany\tBretagne\n" +
	"R\tFR\t53\tDuplicate\tDoublon\n" +
	"R\tCH\tGE\tCanton of Geneva\tCanton de Genève\n" +
	"R\tFJ\tW\tWestern\t\n" +
	"P\tLyon\tFR\t84\t45.74846\t4.84671\tPPLA\t472317\n" +
	"P\tLyon 03\tFR\t84\t45.7600\t4.8500\tPPLX\t100000\n" +
	"P\tRennes\tFR\t53\t48.11198\t-1.67429\tPPLA\t209375\n" +
	"P\tGenève\tCH\tGE\t46.20222\t6.14569\tPPLA\t183981\n" +
	"P\tAnnemasse\tFR\t84\t46.19439\t6.23775\tPPL\t28275\n" +
	"P\tTaveuni\tFJ\tW\t-16.85\t179.99\tPPL\t1200\n" +
	"P\tAtlantis\tZZZ\t\t40\t-35\tPPL\t1\n" +
	"P\t\tFR\t84\t45\t4\tPPL\t1\n"

func fixtureGazetteer(t *testing.T) (*places.Gazetteer, []byte) {
	t.Helper()
	src, err := places.ReadTSV(strings.NewReader(fixture))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := places.Encode(&b, src); err != nil {
		t.Fatal(err)
	}
	g := places.FromBytes(b.Bytes())
	if err := g.Load(); err != nil {
		t.Fatal(err)
	}
	return g, b.Bytes()
}

// TestGeneratedFixture: the generator's output, read back, answers by the
// rules: the nearest town within CityKm; else the country and region all
// places within CountryKm share; else nothing.
func TestGeneratedFixture(t *testing.T) {
	g, _ := fixtureGazetteer(t)
	if g.Len() != 5 {
		t.Errorf("%d places kept, want 5 (a section, a nameless place and a bad country left out)", g.Len())
	}
	for _, c := range []struct {
		name     string
		lat, lon float64
		want     gallery.Place
	}{
		{"in Lyon, nearer a section than the city", 45.7601, 4.8501, gallery.Place{City: "Lyon", Region: "Auvergne-Rhône-Alpes", Country: "FR"}},
		{"15 km from Rennes", 48.25, -1.67, gallery.Place{City: "Rennes", Region: "Brittany", Country: "FR"}},
		{"35 km from Rennes, nothing else near", 48.42, -1.67, gallery.Place{Region: "Brittany", Country: "FR"}},
		{"60 km from Rennes", 48.65, -1.67, gallery.Place{}},
		{"between Geneva and Annemasse", 46.198, 6.21, gallery.Place{City: "Annemasse", Region: "Auvergne-Rhône-Alpes", Country: "FR"}},
		{"30 km from both sides of a border", 46.45, 6.19, gallery.Place{}},
		{"across the antimeridian", -16.85, -179.95, gallery.Place{City: "Taveuni", Region: "Western", Country: "FJ"}},
		{"where the bad record was", 40, -35, gallery.Place{}},
	} {
		if got := g.Nearest(c.lat, c.lon); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	for _, c := range []struct{ country, region, lang, want string }{
		{"FR", "Brittany", "fr", "Bretagne"},
		{"FR", "Brittany", "en", "Brittany"},
		{"FR", "Bretagne", "en", "Brittany"},
		{"FR", "Bretagne", "fr", "Bretagne"},
		{"CH", "Canton of Geneva", "fr-CH", "Canton de Genève"},
		{"FJ", "Western", "fr", "Western"},
		{"FR", "Unknown", "fr", "Unknown"},
	} {
		if got := g.RegionName(c.country, c.region, c.lang); got != c.want {
			t.Errorf("RegionName(%q, %q, %q) = %q, want %q", c.country, c.region, c.lang, got, c.want)
		}
	}
	want := []string{"Rennes", "Brittany", "Bretagne", "FR", "France"}
	if got := g.Words(gallery.Place{City: "Rennes", Region: "Brittany", Country: "FR"}); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

// TestHostileFile: a damaged or forged gazetteer file is refused whole;
// lookups then find nothing, and nothing panics.
func TestHostileFile(t *testing.T) {
	_, good := fixtureGazetteer(t)
	for n := 0; n < len(good); n += max(1, len(good)/97) {
		g := places.FromBytes(good[:n])
		if g.Load() == nil {
			t.Errorf("a file cut at %d of %d bytes was read", n, len(good))
		}
		if p := g.Nearest(45.75, 4.85); !p.IsZero() {
			t.Errorf("cut at %d: %+v", n, p)
		}
	}
	for _, bad := range [][]byte{nil, []byte("not gzip"), gzipOf("imagier-places 9\n"), gzipOf("imagier-places 1\n\xff\xff\xff\xff\x0f")} {
		if err := places.FromBytes(bad).Load(); err == nil {
			t.Errorf("%q was read", bad)
		}
	}
	var nilG *places.Gazetteer
	if nilG.Available() || !nilG.Nearest(45.75, 4.85).IsZero() || nilG.Label(gallery.Place{Country: "FR"}, "fr") != "France" {
		t.Error("a nil gazetteer should know nothing but country names")
	}
	if places.Open("/nonexistent/places.gz").Load() == nil {
		t.Error("a missing file was read")
	}
}

func gzipOf(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}
