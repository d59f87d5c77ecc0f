package places

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Source is a gazetteer as places/export.js writes it, before it is
// compacted.
type Source struct {
	Regions []SourceRegion
	Places  []SourcePlace
}

// SourceRegion is a first-level division of a country: its GeoNames
// admin1 code and its names.
type SourceRegion struct {
	Country, Admin, En, Fr string
}

// SourcePlace is one GeoNames place.
type SourcePlace struct {
	Name, Country, Admin string
	Lat, Lon             float64
	// Feature is GeoNames' feature code (PPL, PPLA, PPLC, PPLX…).
	Feature    string
	Population int
}

// skipFeatures are places that do not name where a photo was taken: a
// section of a city (a Berlin Ortsteil, a Mumbai suburb) would hide the
// city itself, and historical, abandoned or destroyed places are no
// longer there.
var skipFeatures = map[string]bool{"PPLX": true, "PPLH": true, "PPLQ": true, "PPLW": true}

// ReadTSV reads export.js's output: lines "R country admin en fr" and
// "P name country admin lat lon feature population", tab-separated.
func ReadTSV(r io.Reader) (Source, error) {
	var s Source
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		switch {
		case f[0] == "R" && len(f) == 5:
			s.Regions = append(s.Regions, SourceRegion{Country: f[1], Admin: f[2], En: f[3], Fr: f[4]})
		case f[0] == "P" && len(f) == 8:
			lat, err1 := strconv.ParseFloat(f[4], 64)
			lon, err2 := strconv.ParseFloat(f[5], 64)
			pop, err3 := strconv.Atoi(f[7])
			if err := errors.Join(err1, err2, err3); err != nil {
				return s, fmt.Errorf("line %d: %w", n, err)
			}
			s.Places = append(s.Places, SourcePlace{Name: f[1], Country: f[2], Admin: f[3], Lat: lat, Lon: lon, Feature: f[6], Population: pop})
		default:
			return s, fmt.Errorf("line %d: not a region (R, 5 fields) nor a place (P, 8 fields): %.60q", n, line)
		}
	}
	return s, sc.Err()
}

const magic = "imagier-places 2\n"

// Limits of a gazetteer file, so that a damaged or hostile one is refused
// rather than fills the memory.
const (
	maxPlaces    = 2_000_000
	maxCountries = 1000
	maxRegions   = math.MaxUint16 - 1
	maxName      = 400
	maxFile      = 64 << 20
)

// Encode compacts s into the gazetteer file: gzip over varints, places
// sorted by cell, each position a difference from the one before. Places
// the lookup would not name (see skipFeatures), without a name, a country
// code or a valid position are left out.
func Encode(w io.Writer, s Source) error {
	countries := map[string]int{}
	var codes []string
	countryOf := func(code string) int {
		i, ok := countries[code]
		if !ok {
			i = len(codes)
			countries[code] = i
			codes = append(codes, code)
		}
		return i
	}
	type reg struct {
		country int
		en, fr  string
	}
	regions := []reg{{}} // 0: none
	regionOf := map[string]int{}
	for _, r := range s.Regions {
		en, fr := cleanName(r.En), cleanName(r.Fr)
		key := r.Country + "\x00" + r.Admin
		if !countryCode(r.Country) || en == "" || regionOf[key] != 0 {
			continue
		}
		if fr == "" {
			fr = en
		}
		regionOf[key] = len(regions)
		regions = append(regions, reg{countryOf(r.Country), en, fr})
	}
	type place struct {
		cell            uint32
		lat, lon        int32
		region, country int
		population      int
		name            string
	}
	var ps []place
	for _, p := range s.Places {
		name := cleanName(p.Name)
		if skipFeatures[p.Feature] || name == "" || !countryCode(p.Country) || !valid(p.Lat, p.Lon) {
			continue
		}
		lat, lon := int32(math.Round(p.Lat*scale)), int32(math.Round(p.Lon*scale))
		row, col := cellOf(float64(lat)/scale, float64(lon)/scale)
		ps = append(ps, place{uint32(row*cols + col), lat, lon, regionOf[p.Country+"\x00"+p.Admin], countryOf(p.Country), max(p.Population, 0), name})
	}
	if len(ps) > maxPlaces || len(codes) > maxCountries || len(regions) > maxRegions {
		return fmt.Errorf("places: %d places, %d countries, %d regions: more than a gazetteer file holds", len(ps), len(codes), len(regions))
	}
	slices.SortStableFunc(ps, func(a, b place) int {
		if a.cell != b.cell {
			return int(a.cell) - int(b.cell)
		}
		if a.lat != b.lat {
			return int(a.lat) - int(b.lat)
		}
		return int(a.lon) - int(b.lon)
	})
	var b bytes.Buffer
	b.WriteString(magic)
	putU := func(v uint64) { b.Write(binary.AppendUvarint(nil, v)) }
	putS := func(s string) { putU(uint64(len(s))); b.WriteString(s) }
	putU(uint64(len(codes)))
	for _, c := range codes {
		b.WriteString(c)
	}
	putU(uint64(len(regions) - 1))
	for _, r := range regions[1:] {
		putU(uint64(r.country))
		putS(r.en)
		putS(r.fr)
	}
	putU(uint64(len(ps)))
	var lat, lon int32
	for _, p := range ps {
		b.Write(binary.AppendVarint(nil, int64(p.lat-lat)))
		b.Write(binary.AppendVarint(nil, int64(p.lon-lon)))
		lat, lon = p.lat, p.lon
		putU(uint64(p.region))
		putU(uint64(p.country))
		putU(uint64(p.population))
		putS(p.name)
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

// cleanName keeps a name fit to show and store: valid UTF-8, no control
// characters, of a sensible length.
func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.TrimSpace(s)
	if len(s) > maxName {
		s = strings.ToValidUTF8(s[:maxName], "")
	}
	return s
}

func countryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// decode reads a gazetteer file, checking everything: the file may come
// from anywhere Open was pointed at.
func decode(file []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		return nil, fmt.Errorf("not a gazetteer file: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("gazetteer file: %w", err)
	}
	if len(raw) > maxFile {
		return nil, errors.New("gazetteer file too large")
	}
	if !bytes.HasPrefix(raw, []byte(magic)) {
		return nil, errors.New("not a gazetteer file (or of another version)")
	}
	d := &decoder{b: raw[len(magic):]}
	t := &table{}
	nc := d.count(maxCountries)
	for range nc {
		c := d.bytes(2)
		if d.err == nil && !countryCode(c) {
			d.fail("country code %q", c)
		}
		t.countries = append(t.countries, c)
	}
	nr := d.count(maxRegions)
	t.regions = make([]region, 1, nr+1)
	t.byName = make(map[string]int, nr)
	for range nr {
		c := d.index(len(t.countries))
		r := region{country: uint16(c), en: d.name(), fr: d.name()}
		if d.err != nil {
			break
		}
		t.byName[regionKey(t.countries[c], r.en)] = len(t.regions)
		t.regions = append(t.regions, r)
	}
	np := d.count(maxPlaces)
	t.lat, t.lon = make([]int32, 0, np), make([]int32, 0, np)
	t.name, t.region, t.country = make([]uint32, 0, np), make([]uint16, 0, np), make([]uint16, 0, np)
	t.reach = make([]uint16, 0, np)
	var names strings.Builder
	var lat, lon int64
	last := uint32(0)
	for range np {
		lat += d.svarint()
		lon += d.svarint()
		r, c, pop, name := d.index(len(t.regions)), d.index(len(t.countries)), d.uvarint(), d.name()
		if d.err != nil {
			break
		}
		if lat < -90*scale || lat > 90*scale || lon < -180*scale || lon > 180*scale {
			d.fail("position %d,%d out of range", lat, lon)
			break
		}
		row, col := cellOf(float64(lat)/scale, float64(lon)/scale)
		cell := uint32(row*cols + col)
		switch {
		case len(t.cells) == 0 || cell > last:
			t.cells = append(t.cells, cell)
			t.start = append(t.start, uint32(len(t.lat)))
			last = cell
		case cell < last:
			d.fail("places out of order")
		}
		names.WriteString(name)
		t.lat, t.lon = append(t.lat, int32(lat)), append(t.lon, int32(lon))
		t.name = append(t.name, uint32(names.Len()))
		t.region, t.country = append(t.region, uint16(r)), append(t.country, uint16(c))
		t.reach = append(t.reach, uint16(min(reachPerRoot*math.Sqrt(float64(pop)), maxReach)))
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the last place", len(d.b))
	}
	if d.err != nil {
		return nil, fmt.Errorf("damaged gazetteer file: %w", d.err)
	}
	t.start = append(t.start, uint32(len(t.lat)))
	t.names = names.String()
	return t, nil
}

// decoder reads varints and strings, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) svarint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 || v > 360*scale || v < -360*scale {
		d.fail("truncated or out of range")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a number of records, each at least one byte long.
func (d *decoder) count(limit int) int {
	v := d.uvarint()
	if v > uint64(limit) || v > uint64(len(d.b)) {
		d.fail("%d records: more than the file can hold", v)
		return 0
	}
	return int(v)
}

func (d *decoder) index(n int) int {
	v := d.uvarint()
	if v >= uint64(n) {
		d.fail("index %d of %d", v, n)
		return 0
	}
	return int(v)
}

func (d *decoder) bytes(n int) string {
	if d.err != nil {
		return ""
	}
	if n > len(d.b) {
		d.fail("truncated")
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) name() string {
	n := d.uvarint()
	if n > maxName {
		d.fail("name of %d bytes", n)
		return ""
	}
	s := d.bytes(int(n))
	if d.err == nil && (s == "" || !utf8.ValidString(s) || cleanName(s) != s) {
		d.fail("name %q", s)
	}
	return s
}
