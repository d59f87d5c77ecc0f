package sample

import (
	"bytes"
	"encoding/binary"
	"math"
	"sort"
)

// Camera is what a sample photo's EXIF says about how it was taken.
type Camera struct {
	Make, Model, Lens string
	// Taken is "YYYY:MM:DD HH:MM:SS", Offset "+02:00" or empty.
	Taken, Offset string
	Description   string
	Orientation   uint16
	ExposureTime  [2]uint32 // numerator, denominator
	FNumber       [2]uint32
	ISO           uint16
	FocalLength   [2]uint32
	// HasGPS adds a GPS block with Lat, Lon (signed degrees) and Alt (m).
	HasGPS        bool
	Lat, Lon, Alt float64
}

// EXIF field types.
const (
	tByte     = 1
	tASCII    = 2
	tShort    = 3
	tLong     = 4
	tRational = 5
)

type entry struct {
	tag, typ uint16
	count    uint32
	data     []byte // little-endian value bytes
}

func ascii(tag uint16, s string) entry {
	return entry{tag, tASCII, uint32(len(s) + 1), append([]byte(s), 0)}
}

func short(tag uint16, v uint16) entry {
	return entry{tag, tShort, 1, binary.LittleEndian.AppendUint16(nil, v)}
}

func long(tag uint16, v uint32) entry {
	return entry{tag, tLong, 1, binary.LittleEndian.AppendUint32(nil, v)}
}

func rationals(tag uint16, vs ...[2]uint32) entry {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, v[0])
		b = binary.LittleEndian.AppendUint32(b, v[1])
	}
	return entry{tag, tRational, uint32(len(vs)), b}
}

// ifdSize is the bytes an IFD with these entries takes, data included.
func ifdSize(es []entry) int {
	n := 2 + 12*len(es) + 4
	for _, e := range es {
		if len(e.data) > 4 {
			n += len(e.data) + len(e.data)%2
		}
	}
	return n
}

// writeIFD appends an IFD placed at offset off (from the TIFF header).
func writeIFD(b *bytes.Buffer, off int, es []entry, next uint32) {
	sort.Slice(es, func(i, j int) bool { return es[i].tag < es[j].tag })
	le := binary.LittleEndian
	var head, data []byte
	head = le.AppendUint16(head, uint16(len(es)))
	dataOff := off + 2 + 12*len(es) + 4
	for _, e := range es {
		head = le.AppendUint16(head, e.tag)
		head = le.AppendUint16(head, e.typ)
		head = le.AppendUint32(head, e.count)
		if len(e.data) <= 4 {
			v := make([]byte, 4)
			copy(v, e.data)
			head = append(head, v...)
			continue
		}
		head = le.AppendUint32(head, uint32(dataOff+len(data)))
		data = append(data, e.data...)
		if len(e.data)%2 == 1 {
			data = append(data, 0)
		}
	}
	head = le.AppendUint32(head, next)
	b.Write(head)
	b.Write(data)
}

// EXIF returns the TIFF-structured EXIF payload (what follows "Exif\0\0"
// in a JPEG's APP1 segment) describing c.
func EXIF(c Camera) []byte {
	ifd0 := []entry{ascii(0x010F, c.Make), ascii(0x0110, c.Model), short(0x0112, max(c.Orientation, 1)), ascii(0x0132, c.Taken)}
	if c.Description != "" {
		ifd0 = append(ifd0, ascii(0x010E, c.Description))
	}
	exif := []entry{
		rationals(0x829A, c.ExposureTime), rationals(0x829D, c.FNumber), short(0x8827, c.ISO),
		ascii(0x9003, c.Taken), ascii(0x9004, c.Taken), rationals(0x920A, c.FocalLength),
	}
	if c.Offset != "" {
		exif = append(exif, ascii(0x9011, c.Offset))
	}
	if c.Lens != "" {
		exif = append(exif, ascii(0xA434, c.Lens))
	}
	var gps []entry
	if c.HasGPS {
		latRef, lonRef, altRef := "N", "E", byte(0)
		if c.Lat < 0 {
			latRef = "S"
		}
		if c.Lon < 0 {
			lonRef = "W"
		}
		if c.Alt < 0 {
			altRef = 1
		}
		gps = []entry{
			{0x0000, tByte, 4, []byte{2, 3, 0, 0}},
			ascii(0x0001, latRef), rationals(0x0002, dms(math.Abs(c.Lat))...),
			ascii(0x0003, lonRef), rationals(0x0004, dms(math.Abs(c.Lon))...),
			{0x0005, tByte, 1, []byte{altRef}},
			rationals(0x0006, [2]uint32{uint32(math.Round(math.Abs(c.Alt) * 10)), 10}),
		}
	}
	// Pointers are fixed-size entries, so sizes are known before offsets.
	ifd0 = append(ifd0, long(0x8769, 0))
	if gps != nil {
		ifd0 = append(ifd0, long(0x8825, 0))
	}
	off0 := 8
	offExif := off0 + ifdSize(ifd0)
	offGPS := offExif + ifdSize(exif)
	for i := range ifd0 {
		switch ifd0[i].tag {
		case 0x8769:
			ifd0[i] = long(0x8769, uint32(offExif))
		case 0x8825:
			ifd0[i] = long(0x8825, uint32(offGPS))
		}
	}
	var b bytes.Buffer
	b.WriteString("II*\x00")
	binary.Write(&b, binary.LittleEndian, uint32(off0))
	writeIFD(&b, off0, ifd0, 0)
	writeIFD(&b, offExif, exif, 0)
	if gps != nil {
		writeIFD(&b, offGPS, gps, 0)
	}
	return b.Bytes()
}

// dms splits decimal degrees into degree, minute and second rationals.
func dms(v float64) [][2]uint32 {
	d := math.Floor(v)
	m := math.Floor((v - d) * 60)
	s := ((v-d)*60 - m) * 60
	return [][2]uint32{{uint32(d), 1}, {uint32(m), 1}, {uint32(math.Round(s * 1000)), 1000}}
}
