package meta

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
)

// The fast reader's checks of the Photoshop resources and IPTC block of a
// JPEG. Our own IPTC reader (iptc.go) decodes the text for both paths;
// these checks only make sure exiftool would neither warn about the block
// nor find more in the resources than the fast reader does.

// fastIPTC is what the checks keep for the Composite date.
type fastIPTC struct {
	present bool
	// dateCreated and timeCreated are the raw values of datasets 2:55
	// and 2:60 as exiftool reads them, when each occurs once.
	dateCreated, timeCreated []byte
	dates, times             int
	// warning is exiftool's message when the IPTC digest is stale.
	warning string
}

// checkPhotoshop walks the resource blocks of a Photoshop APP13 payload
// like exiftool and checks the IPTC block they hold.
func checkPhotoshop(irb []byte) (fastIPTC, error) {
	var out fastIPTC
	var iptc, digest []byte
	pos := 0
	for pos+8 < len(irb) {
		if string(irb[pos:pos+4]) != "8BIM" {
			return out, deferf("Photoshop: resource type %q", irb[pos:pos+4])
		}
		id := binary.BigEndian.Uint16(irb[pos+4:])
		nameLen := int(irb[pos+6])
		pos += 7 + nameLen
		if nameLen&1 == 0 {
			pos++
		}
		if pos+4 > len(irb) {
			return out, deferf("Photoshop: bad resource block")
		}
		size := int(binary.BigEndian.Uint32(irb[pos:]))
		pos += 4
		if size < 0 || size > len(irb)-pos {
			return out, deferf("Photoshop: bad resource size")
		}
		data := irb[pos : pos+size]
		switch id {
		case 0x0404:
			if iptc != nil {
				return out, deferf("Photoshop: several IPTC blocks")
			}
			iptc = data
		case 0x0425:
			digest = data
		case 0x040F, 0x0422, 0x0423, 0x0424:
			return out, deferf("Photoshop: resource %#04x holds ICC, EXIF or XMP", id)
		}
		pos += size + size&1
	}
	if iptc == nil {
		return out, nil
	}
	out.present = true
	if err := out.check(iptc); err != nil {
		return out, err
	}
	if len(digest) > 0 && !(len(digest) == 1 && digest[0] == '0') {
		if sum := md5.Sum(iptc); !bytes.Equal(sum[:], digest) {
			out.warning = "IPTCDigest is not current. XMP may be out of sync"
		}
	}
	return out, nil
}

// check walks the datasets as exiftool does and refuses what it warns
// about: byte-swapped blocks, unknown records, garbage between datasets,
// and character sets it cannot convert.
func (f *fastIPTC) check(b []byte) error {
	if len(b) >= 4 && b[0] != 0x1C && b[3] == 0x1C {
		return deferf("IPTC: byte-swapped")
	}
	charset := "latin"
	for pos := 0; pos+5 <= len(b); {
		if b[pos] != 0x1C {
			if len(bytes.Trim(b[pos:], "\x00")) == 0 && b[pos] == 0 {
				return nil
			}
			return deferf("IPTC: bad dataset marker")
		}
		rec, ds := b[pos+1], b[pos+2]
		n := int(binary.BigEndian.Uint16(b[pos+3:]))
		pos += 5
		if n&0x8000 != 0 {
			k := n & 0x7FFF
			if pos+k > len(b) || k > 8 {
				return deferf("IPTC: bad extended dataset")
			}
			n = 0
			for _, c := range b[pos : pos+k] {
				if n > len(b) {
					return deferf("IPTC: bad extended dataset")
				}
				n = n<<8 | int(c)
			}
			pos += k
		}
		if n < 0 || pos+n > len(b) {
			return deferf("IPTC: dataset runs past the block")
		}
		val := b[pos : pos+n]
		pos += n
		switch rec {
		case 1, 2, 3, 7, 8, 9, 240:
		default:
			return deferf("IPTC: unrecognized record %d", rec)
		}
		switch {
		case rec == 1 && ds == 90:
			cs := string(bytes.TrimRight(val, "\x00"))
			switch {
			case cs == "\x1b%G":
				charset = ""
			case len(cs) >= 2 && cs[:2] == "\x1b%":
				charset = "bad"
			default:
				charset = "latin"
			}
		case rec > 1 && rec < 7 && hasHighBytes(val):
			if charset == "bad" || (charset == "latin" && bytes.ContainsAny(val, "\x14\x15\x1b")) {
				return deferf("IPTC: characters exiftool cannot convert")
			}
		}
		if rec == 2 && ds == iptcDateCreated {
			f.dateCreated, f.dates = bytes.TrimRight(val, "\x00"), f.dates+1
		}
		if rec == 2 && ds == iptcTimeCreated {
			f.timeCreated, f.times = bytes.TrimRight(val, "\x00"), f.times+1
		}
	}
	return nil
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
