package meta

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// IPTC-IIM datasets Imagier reads (record 2, the application record).
const (
	iptcObjectName  = 5
	iptcKeywords    = 25
	iptcDateCreated = 55
	iptcTimeCreated = 60
	iptcByline      = 80
	iptcHeadline    = 105
	iptcCredit      = 110
	iptcCopyright   = 116
	iptcCaption     = 120
)

// Bounds on hostile IPTC blocks.
const (
	maxIPTCDatasets = 10000
	maxIPTCRepeats  = maxKeywords // values kept per repeatable dataset
)

// iptcData is the text of one IPTC-IIM block, decoded to UTF-8 by the
// rules of decodeIPTC. Single-valued datasets keep their first value.
type iptcData struct {
	// Charset is "utf-8" or "latin-1" when record 1:90 declares one, "" when
	// absent or unknown (then each value is guessed on its own).
	Charset                      string
	ObjectName, Headline, Credit string
	Copyright, Caption           string
	DateCreated, TimeCreated     string // raw "CCYYMMDD", "HHMMSS±HHMM"
	Keywords, Bylines            []string
	Warnings                     []string
}

// iptcDatasetName names the datasets in exiftool's terms, for Sources.
func iptcDatasetName(ds byte) string {
	switch ds {
	case iptcObjectName:
		return "IPTC:ObjectName"
	case iptcKeywords:
		return "IPTC:Keywords"
	case iptcDateCreated:
		return "IPTC:DateCreated"
	case iptcByline:
		return "IPTC:By-line"
	case iptcHeadline:
		return "IPTC:Headline"
	case iptcCredit:
		return "IPTC:Credit"
	case iptcCopyright:
		return "IPTC:CopyrightNotice"
	case iptcCaption:
		return "IPTC:Caption-Abstract"
	}
	return fmt.Sprintf("IPTC:2:%d", ds)
}

// findIPTC returns the IPTC-IIM block (Photoshop image resource 0x0404)
// inside a Photoshop image resource block, such as the concatenated
// payloads of a JPEG's "Photoshop 3.0" APP13 segments.
func findIPTC(irb []byte) ([]byte, bool) {
	for len(irb) >= 12 {
		switch string(irb[:4]) {
		case "8BIM", "PHUT", "AgHg", "DCSR", "MeSa":
		default:
			return nil, false // not a resource: the block is over or broken
		}
		id := binary.BigEndian.Uint16(irb[4:6])
		nameLen := int(irb[6])
		pos := 6 + (nameLen+2)&^1 // Pascal name, padded to an even length
		if pos+4 > len(irb) {
			return nil, false
		}
		size := int64(binary.BigEndian.Uint32(irb[pos:]))
		pos += 4
		if size > int64(len(irb)-pos) {
			if id == 0x0404 {
				return irb[pos:], true // truncated: parseIPTC copes
			}
			return nil, false
		}
		if id == 0x0404 {
			return irb[pos : pos+int(size)], true
		}
		pos += int(size + size&1)
		if pos > len(irb) {
			return nil, false
		}
		irb = irb[pos:]
	}
	return nil, false
}

// parseIPTC reads an IPTC-IIM block and decodes its text. It never fails:
// a truncated or hostile block yields what could be read plus a warning.
func parseIPTC(b []byte) iptcData {
	var d iptcData
	raw := map[byte][][]byte{}
	var charset []byte
	for n := 0; len(b) > 0; n++ {
		if n == maxIPTCDatasets {
			d.Warnings = append(d.Warnings, "IPTC: too many datasets, rest ignored")
			break
		}
		if b[0] != 0x1C {
			// Padding after the last dataset is common; anything else is
			// damage, but what was read so far stands.
			if len(bytes.Trim(b, "\x00")) > 0 {
				d.Warnings = append(d.Warnings, "IPTC: unexpected bytes after datasets")
			}
			break
		}
		rec, ds, val, rest, err := iptcDataset(b)
		if err != nil {
			d.Warnings = append(d.Warnings, "IPTC: "+err.Error())
			break
		}
		b = rest
		switch {
		case rec == 1 && ds == 90 && charset == nil:
			charset = val
		case rec == 2 && len(raw[ds]) < maxIPTCRepeats:
			raw[ds] = append(raw[ds], val)
		}
	}
	d.Charset = iptcCharset(charset)
	first := func(ds byte) string {
		if v := raw[ds]; len(v) > 0 {
			return decodeIPTC(v[0], d.Charset)
		}
		return ""
	}
	all := func(ds byte) []string {
		var out []string
		for _, v := range raw[ds] {
			out = append(out, decodeIPTC(v, d.Charset))
		}
		return out
	}
	d.ObjectName, d.Headline = first(iptcObjectName), first(iptcHeadline)
	d.Credit, d.Copyright, d.Caption = first(iptcCredit), first(iptcCopyright), first(iptcCaption)
	d.DateCreated, d.TimeCreated = first(iptcDateCreated), first(iptcTimeCreated)
	d.Keywords, d.Bylines = all(iptcKeywords), all(iptcByline)
	return d
}

// iptcDataset splits the dataset at the start of b (which starts with the
// 0x1C tag marker) into its record, dataset number and value.
func iptcDataset(b []byte) (rec, ds byte, val, rest []byte, err error) {
	if len(b) < 5 {
		return 0, 0, nil, nil, fmt.Errorf("truncated dataset header")
	}
	rec, ds = b[1], b[2]
	size := int(binary.BigEndian.Uint16(b[3:5]))
	pos := 5
	if size&0x8000 != 0 {
		// Extended dataset: the low bits count the bytes of the length.
		n := size & 0x7FFF
		if n == 0 || n > 4 || pos+n > len(b) {
			return 0, 0, nil, nil, fmt.Errorf("bad extended length in %d:%d", rec, ds)
		}
		size = 0
		for _, c := range b[pos : pos+n] {
			size = size<<8 | int(c)
		}
		pos += n
	}
	if size < 0 || size > len(b)-pos {
		return 0, 0, nil, nil, fmt.Errorf("dataset %d:%d runs past the block", rec, ds)
	}
	return rec, ds, b[pos : pos+size], b[pos+size:], nil
}

// iptcCharset interprets the ISO 2022 escape sequence of record 1:90.
func iptcCharset(esc []byte) string {
	s := string(esc)
	switch {
	case s == "":
		return ""
	case strings.HasPrefix(s, "\x1b%G"), strings.HasPrefix(s, "\x1b%/G"), strings.HasPrefix(s, "\x1b%/I"):
		return "utf-8"
	case strings.Contains(s, "\x1b-A"), strings.Contains(s, "\x1b.A"):
		return "latin-1"
	}
	return ""
}

// decodeIPTC turns an IPTC value into text: declared UTF-8 as UTF-8 (bad
// sequences replaced), declared Latin-1 as Latin-1, and otherwise UTF-8
// when the bytes are valid UTF-8, else Latin-1 — old writers used Latin-1
// without saying so, newer ones UTF-8 without saying so.
func decodeIPTC(b []byte, charset string) string {
	b = bytes.TrimRight(b, "\x00")
	switch charset {
	case "utf-8":
		return clean(string(b))
	case "latin-1":
		return clean(latin1(b))
	}
	return clean(utf8OrLatin1(b))
}
