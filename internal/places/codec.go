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
func decode(file io.Reader) (*table, error) {
	zr, err := gzip.NewReader(bufio.NewReader(file))
	if err != nil {
		return nil, fmt.Errorf("not a gazetteer file: %w", err)
	}
	// Read as a stream: the decompressed file is never held whole.
	d := &decoder{r: bufio.NewReaderSize(io.LimitReader(zr, maxFile), 64<<10)}
	if d.bytes(len(magic)) != magic {
		return nil, errors.New("not a gazetteer file (or of another version)")
	}
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
		// One at a time: each name is valid until the next read.
		en := string(d.name())
		fr := string(d.name())
		r := region{country: uint16(c), en: en, fr: fr}
		if d.err != nil {
			break
		}
		// Known by either name, whichever a catalogue holds.
		if _, ok := t.byName[regionKey(t.countries[c], r.fr)]; !ok {
			t.byName[regionKey(t.countries[c], r.fr)] = len(t.regions)
		}
		t.byName[regionKey(t.countries[c], r.en)] = len(t.regions)
		t.regions = append(t.regions, r)
	}
	np := d.count(maxPlaces)
	// Room for the places announced, up to what the real gazetteer holds:
	// a forged count must not reserve memory the file cannot fill.
	room := min(np, 150_000)
	t.lat, t.lon = make([]int32, 0, room), make([]int32, 0, room)
	t.name, t.region, t.country = make([]uint32, 0, room), make([]uint16, 0, room), make([]uint16, 0, room)
	t.reach = make([]uint16, 0, room)
	var names strings.Builder
	names.Grow(room * 10) // names are 9 bytes long on average
	var lat, lon int64
	last := uint32(0)
	for range np {
		lat += d.svarint()
		lon += d.svarint()
		r, c, pop, name := d.index(len(t.regions)), d.index(len(t.countries)), d.uvarint(), d.name()
		names.Write(name)
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
		t.lat, t.lon = append(t.lat, int32(lat)), append(t.lon, int32(lon))
		t.name = append(t.name, uint32(names.Len()))
		t.region, t.country = append(t.region, uint16(r)), append(t.country, uint16(c))
		t.reach = append(t.reach, uint16(min(reachPerRoot*math.Sqrt(float64(pop)), maxReach)))
	}
	if _, err := d.r.ReadByte(); d.err == nil && err != io.EOF {
		d.fail("bytes after the last place")
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
	r   *bufio.Reader
	buf []byte
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
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.fail("truncated: %v", err)
		return 0
	}
	return v
}

func (d *decoder) svarint() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil || v > 360*scale || v < -360*scale {
		d.fail("truncated or out of range")
		return 0
	}
	return v
}

// count reads a number of records, refusing more than limit.
func (d *decoder) count(limit int) int {
	v := d.uvarint()
	if v > uint64(limit) {
		d.fail("%d records: more than a gazetteer holds", v)
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

func (d *decoder) bytes(n int) string { return string(d.read(n)) }

// read returns the next n bytes, valid until the next read.
func (d *decoder) read(n int) []byte {
	if d.err != nil {
		return nil
	}
	if cap(d.buf) < n {
		d.buf = make([]byte, n)
	}
	if _, err := io.ReadFull(d.r, d.buf[:n]); err != nil {
		d.fail("truncated")
		return nil
	}
	return d.buf[:n]
}

// name reads a name as Encode writes them (see cleanName); it is valid
// until the next read.
func (d *decoder) name() []byte {
	n := d.uvarint()
	if n > maxName {
		d.fail("name of %d bytes", n)
		return nil
	}
	b := d.read(int(n))
	if d.err == nil && !cleanBytes(b) {
		d.fail("name %q", b)
	}
	return b
}

// cleanBytes tells whether b is a name cleanName leaves as it is.
func cleanBytes(b []byte) bool {
	if len(b) == 0 || !utf8.Valid(b) || len(bytes.TrimSpace(b)) != len(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}
