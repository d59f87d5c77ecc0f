package service

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// pngSize and jpegSize read the dimensions from the image's header only;
// nothing is decoded.
func pngSize(data []byte) (int, int, error) {
	c, err := png.DecodeConfig(bytes.NewReader(data))
	return c.Width, c.Height, err
}

func jpegSize(data []byte) (int, int, error) {
	c, err := jpeg.DecodeConfig(bytes.NewReader(data))
	return c.Width, c.Height, err
}

// webpSize reads a WebP's dimensions from its first chunk: lossy (VP8),
// lossless (VP8L) or extended (VP8X).
func webpSize(data []byte) (int, int, error) {
	bad := errors.New("not a WebP image")
	if len(data) < 30 {
		return 0, 0, bad
	}
	le24 := func(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 }
	switch string(data[12:16]) {
	case "VP8 ":
		if !bytes.Equal(data[23:26], []byte{0x9d, 0x01, 0x2a}) {
			return 0, 0, bad
		}
		return int(binary.LittleEndian.Uint16(data[26:28]) & 0x3fff), int(binary.LittleEndian.Uint16(data[28:30]) & 0x3fff), nil
	case "VP8L":
		if data[20] != 0x2f {
			return 0, 0, bad
		}
		b := binary.LittleEndian.Uint32(data[21:25])
		return int(b&0x3fff) + 1, int(b>>14&0x3fff) + 1, nil
	case "VP8X":
		return le24(data[24:27]) + 1, le24(data[27:30]) + 1, nil
	}
	return 0, 0, bad
}

// looksLikeSVG tells whether the text starts, after an XML declaration,
// comments and a doctype, with an svg element.
func looksLikeSVG(data []byte) bool {
	s := string(data[:min(len(data), 4096)])
	s = strings.TrimPrefix(s, "\ufeff")
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		var end string
		switch {
		case strings.HasPrefix(s, "<?"):
			end = "?>"
		case strings.HasPrefix(s, "<!--"):
			end = "-->"
		case strings.HasPrefix(s, "<!"):
			end = ">"
		case strings.HasPrefix(s, "<svg"):
			return len(s) > 4 && strings.ContainsRune(" \t\r\n/>", rune(s[4]))
		default:
			return false
		}
		i := strings.Index(s, end)
		if i < 0 {
			return false
		}
		s = s[i+len(end):]
	}
}

// unsafeElements are SVG elements that run script, embed other documents
// or pull HTML in.
var unsafeElements = map[string]bool{
	"script": true, "foreignobject": true, "iframe": true, "embed": true, "object": true,
	"handler": true, "listener": true, "audio": true, "video": true,
}

// maxSVGUses bounds the use elements of a logo, which no logo needs many of.
const maxSVGUses = 64

// checkSVG refuses an SVG that could run script or fetch anything: script
// and foreign elements, event handler attributes, javascript: addresses,
// references to anything but the document itself (href, url(), @import),
// style sheets given by processing instruction, entity declarations and
// chains of use elements.
// It must be well-formed XML with svg at its root. It returns the
// drawing's size from the root's viewBox, else its width and height in
// pixels: 0 when neither says.
func checkSVG(data []byte) (w, h int, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth, inStyle, uses := 0, false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if depth != 0 {
				return 0, 0, errors.New("svg: unclosed element")
			}
			return w, h, nil
		}
		if err != nil {
			return 0, 0, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if depth == 0 && name != "svg" {
				return 0, 0, errors.New("svg: root is not svg")
			}
			if depth == 0 {
				w, h = svgSize(t.Attr)
			}
			depth++
			if unsafeElements[name] {
				return 0, 0, errors.New("svg: element " + name)
			}
			inStyle = name == "style"
			// Each use may copy others: a chain of them grows as a
			// power, the "billion laughs" of SVG.
			if name == "use" {
				if uses++; uses > maxSVGUses {
					return 0, 0, errors.New("svg: too many use elements")
				}
			}
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(an, "on") {
					return 0, 0, errors.New("svg: event handler " + an)
				}
				if (name == "set" || name == "animate") && an == "attributename" && strings.Contains(strings.ToLower(a.Value), "href") {
					return 0, 0, errors.New("svg: animated reference")
				}
				if (an == "href" || an == "src") && !strings.HasPrefix(strings.TrimSpace(a.Value), "#") {
					return 0, 0, errors.New("svg: reference to " + a.Value)
				}
				if err := checkStyleText(a.Value); err != nil {
					return 0, 0, err
				}
				if an == "style" {
					if err := checkStyleSheet(a.Value); err != nil {
						return 0, 0, err
					}
				}
			}
		case xml.EndElement:
			depth--
			inStyle = false
		case xml.CharData:
			if inStyle {
				if err := checkStyleText(string(t)); err != nil {
					return 0, 0, err
				}
				if err := checkStyleSheet(string(t)); err != nil {
					return 0, 0, err
				}
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				return 0, 0, errors.New("svg: processing instruction " + t.Target)
			}
		case xml.Directive:
			if strings.Contains(strings.ToUpper(string(t)), "ENTITY") {
				return 0, 0, errors.New("svg: entity declaration")
			}
		}
	}
}

// checkStyleText refuses, in an attribute's value or a style sheet,
// script addresses, imports and url() references outside the document.
func checkStyleText(s string) error {
	// Browsers ignore blanks and control characters inside a scheme, and
	// CSS escapes may spell one: both are taken out, and a backslash
	// refused.
	n := strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
	for _, bad := range []string{"javascript:", "vbscript:", "data:text/html", "@import", "expression(", "\\"} {
		if strings.Contains(n, bad) {
			return errors.New("svg: " + bad)
		}
	}
	for rest := n; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return nil
		}
		rest = strings.TrimLeft(rest[i+4:], `"'`)
		if !strings.HasPrefix(rest, "#") {
			return errors.New("svg: url() outside the document")
		}
	}
}

// checkStyleSheet refuses, in a style sheet or a style attribute, the ways
// CSS names an address without url(): fonts, image sets and any absolute
// address at all.
func checkStyleSheet(s string) error {
	n := strings.ToLower(s)
	for _, bad := range []string{"http:", "https:", "//", "image-set(", "src(", "@font-face", "@namespace"} {
		if strings.Contains(n, bad) {
			return errors.New("svg style: " + bad)
		}
	}
	return nil
}

// svgSize reads an svg element's size: its viewBox's, else its width and
// height when given in pixels; 0 when unknown or out of bounds.
func svgSize(attrs []xml.Attr) (int, int) {
	var w, h float64
	for _, a := range attrs {
		switch a.Name.Local {
		case "viewBox":
			f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
			if len(f) == 4 {
				vw, err1 := strconv.ParseFloat(f[2], 64)
				vh, err2 := strconv.ParseFloat(f[3], 64)
				if err1 == nil && err2 == nil {
					return bounded(vw, vh)
				}
			}
		case "width":
			w, _ = strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(a.Value), "px"), 64)
		case "height":
			h, _ = strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(a.Value), "px"), 64)
		}
	}
	return bounded(w, h)
}

func bounded(w, h float64) (int, int) {
	if !(w >= 1 && h >= 1 && w <= 1e6 && h <= 1e6) {
		return 0, 0
	}
	return int(math.Round(w)), int(math.Round(h))
}
