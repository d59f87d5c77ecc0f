package meta

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
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
// itself. It is also where a pure-Go fast path would start.
type jpegHeader struct {
	// Exif is the TIFF structure of the first "Exif\0\0" APP1 segment.
	Exif []byte
	// PhotoshopIRB is the concatenated payload of the "Photoshop 3.0"
	// APP13 segments; long IPTC blocks continue across segments.
	PhotoshopIRB []byte
}

var errNotJPEG = errors.New("not a JPEG file")

// scanJPEG reads the segments of a JPEG stream up to the start of the
// image data. What it found before an error is returned with the error.
func scanJPEG(r io.Reader) (jpegHeader, error) {
	var h jpegHeader
	br := bufio.NewReaderSize(io.LimitReader(r, maxJPEGHeader), 64<<10)
	var soi [2]byte
	if _, err := io.ReadFull(br, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return h, errNotJPEG
	}
	for range maxJPEGSegments {
		marker, err := nextMarker(br)
		if err != nil {
			return h, err
		}
		switch {
		case marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			continue // no length field
		case marker == 0xDA || marker == 0xD9:
			return h, nil // start of scan or end of image: no more metadata
		}
		var lenBuf [2]byte
		if _, err := io.ReadFull(br, lenBuf[:]); err != nil {
			return h, fmt.Errorf("segment %#x: %w", marker, err)
		}
		n := int(lenBuf[0])<<8 | int(lenBuf[1]) - 2
		if n < 0 {
			return h, fmt.Errorf("segment %#x: bad length", marker)
		}
		if marker != 0xE1 && marker != 0xED {
			if _, err := br.Discard(n); err != nil {
				return h, fmt.Errorf("segment %#x: %w", marker, err)
			}
			continue
		}
		seg := make([]byte, n)
		if k, err := io.ReadFull(br, seg); err != nil {
			seg = seg[:k] // keep the truncated tail: the parsers are bounded
			h.keep(marker, seg)
			return h, fmt.Errorf("segment %#x: %w", marker, err)
		}
		h.keep(marker, seg)
	}
	return h, errors.New("too many segments")
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

// nextMarker skips fill bytes and a bounded amount of junk before the next
// 0xFF-prefixed marker and returns the marker byte.
func nextMarker(br *bufio.Reader) (byte, error) {
	junk := 0
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if c != 0xFF {
			if junk++; junk > maxJunkBytes {
				return 0, errors.New("no marker where one was expected")
			}
			continue
		}
		for c == 0xFF {
			if c, err = br.ReadByte(); err != nil {
				return 0, err
			}
		}
		if c != 0x00 { // 0xFF00 is a stuffed byte, not a marker
			return c, nil
		}
	}
}
