package meta

import (
	"bytes"
	"encoding/binary"
	"sort"
	"strings"
)

// The fast reader does not read maker notes: fastExtract checks that no
// tag inside them could change the result. What remains is whether
// exiftool would warn while reading them, since its first warning lands
// in Metadata. checkMakerNote answers for the maker-note formats of the
// common makes, laid out as exiftool locates them, and defers on others.

// mnLayout is where exiftool finds a maker-note directory.
type mnLayout struct {
	name  string
	start int64 // directory offset in the TIFF block
	base  int64 // what value offsets count from, in the TIFF block
	// order is the byte order, nil for exiftool's guess from the entry
	// count.
	order binary.ByteOrder
	// fixBase tells that exiftool checks the value layout (its table
	// gives no base of its own).
	fixBase bool
}

// checkMakerNote decides whether exiftool would read the maker notes of
// w without a warning, and returns the names of the tags the mapper
// searches for that they may hold.
func checkMakerNote(w *exifWalk) ([]string, error) {
	if w.make != w.mnMake || w.model != w.mnModel {
		return nil, deferf("maker notes: make or model set after them")
	}
	mn := w.t.b[w.mnOff : w.mnOff+w.mnSize]
	l, err := makerNoteLayout(mn, w)
	if err != nil {
		return nil, err
	}
	d, err := checkLayout(w, l)
	if err != nil {
		return nil, err
	}
	return d.names(), nil
}

// checkLayout checks the maker-note directory exiftool finds at l.
func checkLayout(w *exifWalk, l mnLayout) (*mnDir, error) {
	if l.start < 0 || l.start+2 > int64(len(w.t.b)) {
		return nil, deferf("maker notes: %s directory out of bounds", l.name)
	}
	order := l.order
	if order == nil {
		order = w.t.order
		if n := order.Uint16(w.t.b[l.start:]); n&0xFF00 != 0 && n>>8 > n&0xFF {
			order = otherOrder(order)
		}
	}
	d := &mnDir{t: tiffReader{b: w.t.b, order: order}, start: l.start, base: l.base, end: w.mnOff + w.mnSize, w: w, l: l}
	return d, d.check()
}

func otherOrder(o binary.ByteOrder) binary.ByteOrder {
	if o == binary.ByteOrder(binary.BigEndian) {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// claimedEarlier reports maker notes that exiftool gives, by their header
// alone or by make, to a format it tries before the plain-directory ones
// below.
func claimedEarlier(mn []byte, make string) bool {
	has := func(p string) bool { return bytes.HasPrefix(mn, []byte(p)) }
	switch {
	case make == "DJI", make == "Hasselblad", strings.HasPrefix(make, "FLIR Systems"),
		has("[ae_dbg_info:"), has("GE\x00\x00"), has("GENIC\x00"), has("GE\x0c\x00\x00\x00\x16\x00\x00\x00"),
		has("Hewlett-Packard"), has("Vivitar"), has("IIII\x04\x00"), has("IIII\x06\x00"),
		has("ISLMAKERNOTE000\x00"), has("QVC\x00"), has("DCI\x00"), has("KYOCERA"), kodakHeader(mn):
		return true
	}
	return len(mn) >= 4 && string(mn[:3]) == "610" && mn[3] <= 4
}

// makerNoteLayout identifies the maker notes as exiftool does, for the
// formats the fast reader knows. Exiftool tries its formats in a fixed
// order; the ones below are told apart by a header or by the make, which
// no earlier format claims.
func makerNoteLayout(mn []byte, w *exifWalk) (mnLayout, error) {
	off := w.mnOff
	has := func(p string) bool { return bytes.HasPrefix(mn, []byte(p)) }
	switch {
	case has("Apple iOS\x00"):
		return mnLayout{name: "Apple", start: off + 14, base: off}, nil
	case has("Nikon\x00\x02"):
		return mnLayout{name: "Nikon", start: off + 18, base: off + 10}, nil
	case strings.HasPrefix(w.make, "Canon"):
		return mnLayout{name: "Canon", start: off, fixBase: true}, nil
	case has("FUJIFILM") && (strings.HasPrefix(w.make, "FUJIFILM") || strings.HasPrefix(w.make, "GENERAL")):
		if len(mn) < 12 {
			return mnLayout{}, deferf("maker notes: short FujiFilm header")
		}
		return mnLayout{name: "FujiFilm", start: off + int64(binary.LittleEndian.Uint32(mn[8:])), base: off,
			order: binary.LittleEndian}, nil
	case has("Panasonic\x00\x00\x00") && strings.HasPrefix(w.make, "Panasonic") && w.model != "DC-FT7":
		return mnLayout{name: "Panasonic", start: off + 12, fixBase: true}, nil
	case (has("SONY DSC \x00\x00\x00") || has("SONY CAM \x00\x00\x00")) && strings.HasPrefix(w.make, "SONY"):
		return mnLayout{name: "Sony", start: off + 12, fixBase: true}, nil
	case (has("OLYMP\x00") || has("EPSON\x00")) && (strings.HasPrefix(w.make, "OLYMPUS") || strings.HasPrefix(w.make, "SEIKO EPSON")):
		return mnLayout{name: "Olympus", start: off + 8, fixBase: true}, nil
	case strings.HasPrefix(w.make, "CASIO") && !has("QVC\x00") && !has("DCI\x00"):
		return mnLayout{name: "Casio", start: off, fixBase: true}, nil
	case claimedEarlier(mn, w.make):
		return mnLayout{}, deferf("maker notes of a kind the fast reader does not check")
	case has("JVC "):
		return mnLayout{name: "JVC", start: off + 4, fixBase: true}, nil
	case minoltaMake(w.make) && !has("MINOL") && !has("CAMER") && !has("MLY0") && !has("KC") && !has("+M+M") &&
		!has("\xd7"):
		return mnLayout{name: "Minolta", start: off, fixBase: true}, nil
	case has("MOT\x00") && !minoltaMake(w.make):
		return mnLayout{name: "Motorola", start: off + 8, base: off}, nil
	case strings.HasPrefix(strings.ToUpper(w.make), "NIKON") && !has("Nikon\x00"):
		// headerless Nikon maker notes: a plain directory
		return mnLayout{name: "Nikon", start: off, fixBase: true}, nil
	}
	return mnLayout{}, deferf("maker notes of a kind the fast reader does not check")
}

// mnDir checks one maker-note directory.
type mnDir struct {
	t      tiffReader
	start  int64
	base   int64
	end    int64 // end of the maker-note value
	w      *exifWalk
	l      mnLayout
	count  int64
	ifdEnd int64
	tags   map[uint16]mnEntry
}

// mnEntry is one directory entry: type, count and value bytes.
type mnEntry struct {
	typ   uint16
	count int64
	val   []byte
	raw   int64 // the value offset as written, or -1 if inline
}

func (d *mnDir) check() error {
	b := d.t.b
	if name, seen := d.w.seen[d.start]; seen {
		return deferf("maker notes: directory is %s", name)
	}
	d.count = int64(d.t.order.Uint16(b[d.start:]))
	d.ifdEnd = d.start + 2 + 12*d.count
	if d.count == 0 || d.ifdEnd+4 > int64(len(b)) {
		return deferf("maker notes: %s directory size", d.l.name)
	}
	if d.l.fixBase {
		if err := d.fixBase(); err != nil {
			return err
		}
	}
	d.tags = map[uint16]mnEntry{}
	for i := int64(0); i < d.count; i++ {
		e := d.start + 2 + 12*i
		tag, typ := d.t.order.Uint16(b[e:]), d.t.order.Uint16(b[e+2:])
		count := int64(d.t.order.Uint32(b[e+4:]))
		if typ == 0 {
			if i == 0 {
				return nil // exiftool stops reading here, silently
			}
			continue
		}
		if typ > 12 {
			return deferf("maker notes: %s tag %#04x has type %d", d.l.name, tag, typ)
		}
		size := count * typeSize(typ)
		if size > 0x7FFFFFFF || (count > maxExifCount && typ != typeASCII && typ != typeUndefined) {
			return deferf("maker notes: %s tag %#04x is too large", d.l.name, tag)
		}
		en := mnEntry{typ: typ, count: count, raw: -1, val: b[e+8 : e+8+min(size, 4)]}
		if size > 4 {
			raw := int64(d.t.order.Uint32(b[e+8:]))
			pos := d.base + raw
			if raw < 8 || (pos < d.ifdEnd && pos+size > d.start) || pos < 0 || pos+size > int64(len(b)) {
				return deferf("maker notes: %s tag %#04x points outside its data", d.l.name, tag)
			}
			en.raw, en.val = raw, b[pos:pos+size]
		}
		if _, dup := d.tags[tag]; !dup {
			d.tags[tag] = en
		}
	}
	switch d.l.name {
	case "Canon":
		return d.canon()
	case "Nikon":
		return d.nikon()
	case "Olympus":
		return d.olympus()
	case "Casio", "JVC", "Motorola":
		return d.printIMAndSony()
	case "Minolta":
		return d.minolta()
	case "Sony", "Panasonic":
		return d.printIMAndSony()
	}
	return nil
}

// mnValues is where the out-of-line values of a maker-note directory
// lie, as exiftool's check of the layout gathers them.
type mnValues struct {
	blocks         map[int64]int64 // value offset → largest size there
	minAdj, maxAdj int64           // extent of offsets taken as entry-based
	printIM        int64           // offset of a PrintIM block, or -1
}

// valueBlocks gathers the values, up to the first entry of a bad type.
func (d *mnDir) valueBlocks() mnValues {
	b := d.t.b
	v := mnValues{blocks: map[int64]int64{}, minAdj: -1, maxAdj: -1, printIM: -1}
	adjusted := map[int64]int64{}
	for i := int64(0); i < d.count; i++ {
		e := d.start + 2 + 12*i
		typ := d.t.order.Uint16(b[e+2:])
		if typ < 1 || typ > 13 {
			break
		}
		size := int64(d.t.order.Uint32(b[e+4:])) * typeSize(typ)
		if size <= 4 {
			continue
		}
		ptr := int64(d.t.order.Uint32(b[e+8:]))
		if d.t.order.Uint16(b[e:]) == 0x0E00 {
			v.printIM = ptr
		}
		if s, ok := v.blocks[ptr]; !ok || s <= size {
			v.blocks[ptr] = size
		}
		adj := ptr + 12*i
		if s, ok := adjusted[adj]; ok && s > size {
			continue
		}
		adjusted[adj] = size
		switch {
		case v.minAdj < 0:
			v.minAdj, v.maxAdj = adj, adj+size
		default:
			if v.minAdj < 12 || v.minAdj > adj {
				v.minAdj = adj
			}
			if v.maxAdj > adj+size {
				v.maxAdj = adj + size
			}
		}
	}
	return v
}

// fixBase mirrors exiftool's check of where the values of a maker-note
// directory start, which warns when they seem to use another base.
func (d *mnDir) fixBase() error {
	v := d.valueBlocks()
	blocks, minAdj, maxAdj, printIM := v.blocks, v.minAdj, v.maxAdj, v.printIM
	b := d.t.b
	if len(blocks) == 0 {
		return nil
	}
	ptrs := make([]int64, 0, len(blocks))
	for p := range blocks {
		ptrs = append(ptrs, p)
	}
	sort.Slice(ptrs, func(i, j int) bool { return ptrs[i] < ptrs[j] })
	if d.l.name == "Canon" && d.end-d.w.mnOff > 8 {
		footer := b[d.end-8 : d.end]
		if (bytes.HasPrefix(footer, []byte("II*\x00")) && d.t.order == binary.ByteOrder(binary.LittleEndian)) ||
			(bytes.HasPrefix(footer, []byte("MM\x00*")) && d.t.order == binary.ByteOrder(binary.BigEndian)) {
			if int64(d.t.order.Uint32(footer[4:])) != d.w.mnOff {
				return deferf("maker notes: Canon footer gives another offset")
			}
			return nil
		}
	}
	ifdLen := 2 + 12*d.count
	offsets := makerOffsets(d.w.make, d.w.model)
	usual := int64(4)
	if len(offsets) > 0 {
		usual = offsets[0]
	}
	expected := d.ifdEnd - d.base + usual // in raw offsets
	minPt := ptrs[0]
	var countNeg12, countZero, countOverlap int
	last := int64(-1)
	for i, p := range ptrs {
		if i > 0 {
			switch gap := p - last; {
			case gap == 0 || gap == 1:
				countZero++
			case gap == -12:
				countNeg12++
			case gap < 0:
				if p != 0 {
					countOverlap++
				}
			case gap >= ifdLen:
				if p-expected <= 4 && expected-p <= 4 {
					minPt = p
				}
			}
			if minPt < 12 {
				minPt = p
			}
		}
		last = p + blocks[p]
	}
	dirLen := d.end - d.start
	if ((countNeg12 > countZero && minAdj >= ifdLen-2) || minAdj == ifdLen-2 || minAdj == ifdLen+2) && maxAdj <= dirLen-2 {
		return deferf("maker notes: offsets look entry-based")
	}
	if countOverlap > 0 {
		return deferf("maker notes: overlapping values")
	}
	if printIM >= 0 {
		if p := d.base + printIM; p > 0 && p+8 <= int64(len(b)) && string(b[p:p+8]) == "PrintIM\x00" {
			return nil
		}
	}
	if offsets == nil {
		return nil // no expected gap, no warning
	}
	diff := d.base + minPt - d.ifdEnd
	for _, o := range append(offsets, 0, 4) {
		if diff == o {
			return nil
		}
	}
	if diff < 0 || diff > 16 || diff&1 == 1 {
		return deferf("maker notes: values start %d bytes after the directory", diff)
	}
	return nil
}

// subIFD checks a directory a maker-note tag points to, with the checks
// exiftool makes of every entry.
func (d *mnDir) subIFD(name string, off int64) error {
	b := d.t.b
	if off < 8 || off+2 > int64(len(b)) || off == d.start {
		return deferf("maker notes: %s out of bounds", name)
	}
	if prev, seen := d.w.seen[off]; seen {
		return deferf("maker notes: %s is %s", name, prev)
	}
	count := int64(d.t.order.Uint16(b[off:]))
	end := off + 2 + 12*count
	if count == 0 || end+4 > int64(len(b)) {
		return deferf("maker notes: %s directory size", name)
	}
	for i := int64(0); i < count; i++ {
		e := off + 2 + 12*i
		tag, typ := d.t.order.Uint16(b[e:]), d.t.order.Uint16(b[e+2:])
		size := int64(d.t.order.Uint32(b[e+4:])) * typeSize(typ)
		switch {
		case typ == 0 && i == 0:
			return nil
		case typ == 0:
			continue
		case typ > 12:
			return deferf("maker notes: %s tag %#04x has type %d", name, tag, typ)
		case size > 0x7FFFFFFF:
			return deferf("maker notes: %s tag %#04x is too large", name, tag)
		case offsetTag(tag) && !intType(typ):
			return deferf("maker notes: %s offset tag %#04x has type %d", name, tag, typ)
		}
		if size > 4 {
			raw := int64(d.t.order.Uint32(b[e+8:]))
			pos := d.base + raw
			if raw < 8 || (pos < end && pos+size > off) || pos < 0 || pos+size > int64(len(b)) {
				return deferf("maker notes: %s tag %#04x points outside its data", name, tag)
			}
		}
	}
	return nil
}
