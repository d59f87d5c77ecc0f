package meta

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
)

// Bounds on the JPEG header scan.
const (
	maxJPEGSegments = 4096
	maxJPEGHeader   = 16 << 20 // bytes read before giving up on finding SOS
	maxPhotoshopIRB = 4 << 20
	maxJunkBytes    = 1024 // resynchronisation after damage, as exiftool does
)

// jpegHeader holds the metadata segments of a JPEG file that Imagier reads
// itself, whichever reader then maps the file.
type jpegHeader struct {
	// Exif is the TIFF structure of the first "Exif\0\0" APP1 segment.
	Exif []byte
	// PhotoshopIRB is the concatenated payload of the "Photoshop 3.0"
	// APP13 segments; long IPTC blocks continue across segments.
	PhotoshopIRB []byte
}

// fileHead holds the beginning of a file in memory, as far as the readers
// need it: the bytes a caller already holds, or what is read from the file
// on demand, never more than maxJPEGHeader.
type fileHead struct {
	r    io.ReaderAt // nil when all holds the whole file
	all  []byte
	size int64
	data []byte
	err  error // the first read error, io.EOF aside
}

// memHead is a fileHead over a whole file held in memory.
func memHead(b []byte) *fileHead {
	return &fileHead{all: b, size: int64(len(b)), data: b[:min(len(b), maxJPEGHeader)]}
}

// readerHead is a fileHead over a file of size bytes read through r.
func readerHead(r io.ReaderAt, size int64) *fileHead {
	return &fileHead{r: r, size: size}
}

// need makes the buffer hold the first n bytes of the file.
func (b *fileHead) need(n int) bool {
	if n <= len(b.data) {
		return true
	}
	if int64(n) > b.size || n > maxJPEGHeader || b.r == nil {
		return false
	}
	want := max(n, min(2*len(b.data), maxJPEGHeader), 64<<10)
	want = int(min(int64(want), b.size))
	grown := make([]byte, want)
	copy(grown, b.data)
	k, err := b.r.ReadAt(grown[len(b.data):], int64(len(b.data)))
	if k < want-len(b.data) && err != nil {
		if !errors.Is(err, io.EOF) && b.err == nil {
			b.err = err
		}
		b.data = grown[:len(b.data)+k]
		return n <= len(b.data)
	}
	b.data = grown
	return true
}

// upTo returns the bytes from start up to end, or as many of them as the
// file (within maxJPEGHeader) holds.
func (b *fileHead) upTo(start, end int) []byte {
	if !b.need(end) {
		b.need(int(min(b.size, maxJPEGHeader)))
	}
	return b.data[min(start, len(b.data)):min(end, len(b.data))]
}

// tail returns the last n bytes of the file, or all of a shorter one.
func (b *fileHead) tail(n int) ([]byte, error) {
	k := int(min(int64(n), b.size))
	if b.r == nil {
		return b.all[len(b.all)-k:], nil
	}
	out := make([]byte, k)
	if _, err := b.r.ReadAt(out, b.size-int64(k)); err != nil {
		return nil, err
	}
	return out, nil
}

// scanJPEG walks the segments of a JPEG file before its image data once,
// for both readers. The walk itself is lenient, as exiftool's is: it skips
// junk and fill bytes, and the EXIF and Photoshop blocks it finds before
// damage ends it are returned in h, which Imagier reads whichever reader
// maps the file. Beside it, the fast reader's strict reading (see
// fastJPEG) is returned, or the deferral that hands the file to exiftool:
// the first irregularity that reading meets. While the strict reading
// goes on the two stand at the same byte.
func scanJPEG(b *fileHead) (h jpegHeader, fast *fastJPEG, deferred error) {
	if !b.need(2) || b.data[0] != 0xFF || b.data[1] != 0xD8 {
		return h, nil, deferf("JPEG: no start of image")
	}
	s := strictScan{j: &fastJPEG{width: -1}, lastPS: -1}
	pos := 2
	for n := 0; ; n++ {
		if n == maxJPEGSegments {
			s.fail(deferf("JPEG: too many segments"))
			return s.result(h)
		}
		atScan := s.marker(b, pos)
		marker, next, ok := nextMarker(b, pos)
		if atScan || !ok {
			return s.result(h)
		}
		pos = next
		switch {
		case marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			continue // no length field
		case marker == 0xDA || marker == 0xD9:
			return s.result(h) // start of scan or end of image: no more metadata
		}
		if !b.need(pos + 2) {
			s.fail(deferf("JPEG: truncated"))
			return s.result(h)
		}
		length := int(binary.BigEndian.Uint16(b.data[pos:]))
		end := pos + length
		if length < 2 || !b.need(end) {
			s.fail(deferf("JPEG: segment %#02x truncated", marker))
			if length >= 2 {
				// Keep the truncated tail: the parsers are bounded.
				h.keep(marker, b.upTo(pos+2, end))
			}
			return s.result(h)
		}
		seg := b.data[pos+2 : end]
		pos = end
		s.segment(marker, seg, len(h.PhotoshopIRB), n)
		h.keep(marker, seg)
	}
}

// keep records an APP1 or APP13 segment if it holds EXIF or Photoshop data.
func (h *jpegHeader) keep(marker byte, seg []byte) {
	switch {
	case marker == 0xE1 && h.Exif == nil && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
		h.Exif = seg[6:]
	case marker == 0xED && bytes.HasPrefix(seg, []byte("Photoshop 3.0\x00")):
		room := maxPhotoshopIRB - len(h.PhotoshopIRB)
		h.PhotoshopIRB = append(h.PhotoshopIRB, seg[14:][:min(len(seg)-14, room)]...)
	}
}

// nextMarker skips fill bytes and a bounded amount of junk from pos to the
// next 0xFF-prefixed marker, and returns the marker byte and the position
// after it.
func nextMarker(b *fileHead, pos int) (byte, int, bool) {
	junk := 0
	for {
		if !b.need(pos + 1) {
			return 0, pos, false
		}
		c := b.data[pos]
		pos++
		if c != 0xFF {
			if junk++; junk > maxJunkBytes {
				return 0, pos, false // no marker where one was expected
			}
			continue
		}
		for c == 0xFF {
			if !b.need(pos + 1) {
				return 0, pos, false
			}
			c = b.data[pos]
			pos++
		}
		if c != 0x00 { // 0xFF00 is a stuffed byte, not a marker
			return c, pos, true
		}
	}
}

// strictScan is the fast reader's side of the walk: strict, it stops at
// the first deferral, or at the image data with what it read.
type strictScan struct {
	j        *fastJPEG
	icc      iccChunks
	lastPS   int // index of the last Photoshop segment
	deferred error
	done     bool
}

// marker checks the marker at pos and reports whether it starts the image
// data, where the fast reader's reading ends.
func (s *strictScan) marker(b *fileHead, pos int) bool {
	if s.stopped() {
		return false
	}
	if !b.need(pos+2) || b.data[pos] != 0xFF || b.data[pos+1] == 0xFF {
		s.fail(deferf("JPEG: junk or padding before a marker"))
		return false
	}
	switch marker := b.data[pos+1]; {
	case marker == 0xDA:
		if s.j.width < 0 {
			s.fail(deferf("JPEG: no frame header before the image data"))
		} else if err := s.icc.check(); err != nil {
			s.fail(err)
		}
		s.done = true
		return true
	case standaloneMarker(marker):
		s.fail(deferf("JPEG: marker %#02x before the image data", marker))
	}
	return false
}

// segment reads the n-th segment, one with a length; irb is the length of
// the Photoshop payload gathered before it.
func (s *strictScan) segment(marker byte, seg []byte, irb, n int) {
	if s.stopped() {
		return
	}
	if marker == 0xED && bytes.HasPrefix(seg, []byte("Photoshop 3.0\x00")) {
		if s.lastPS >= 0 && s.lastPS != n-1 {
			s.fail(deferf("JPEG: Photoshop segments apart"))
			return
		}
		s.lastPS = n
		if irb+len(seg) > maxPhotoshopIRB {
			s.fail(deferf("JPEG: Photoshop segments too large"))
		}
		return
	}
	if err := s.j.segment(marker, seg, &s.icc); err != nil {
		s.fail(err)
	}
}

func (s *strictScan) stopped() bool { return s.done || s.deferred != nil }

// fail records the first deferral.
func (s *strictScan) fail(err error) {
	if !s.stopped() {
		s.deferred = err
	}
}

// result returns h and what the fast reader read, with the Photoshop
// payload the walk gathered (while the strict reading goes on, it gathers
// the same), or why it defers. A walk that ended before the image data
// defers.
func (s *strictScan) result(h jpegHeader) (jpegHeader, *fastJPEG, error) {
	switch {
	case s.deferred != nil:
		return h, nil, s.deferred
	case !s.done:
		return h, nil, deferf("JPEG: truncated")
	}
	s.j.irb = h.PhotoshopIRB
	return h, s.j, nil
}
