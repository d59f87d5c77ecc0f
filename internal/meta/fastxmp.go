package meta

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// The fast reader's XMP: an XMP packet parsed with encoding/xml (which
// never fetches or expands external entities) into the tags exiftool
// prints with -j -n -struct, for the properties the mapper reads. Any
// property that exiftool would name like a tag the mapper searches for in
// every group, and any construct exiftool's own regex-based parser might
// read differently, hands the file to exiftool.

// Bounds on an XMP packet.
const (
	maxXMPBytes    = 4 << 20 // sidecar files; a JPEG segment holds at most 64 KiB
	maxXMPDepth    = 32
	maxXMPElements = 100000
)

// xmpKind says how a property's value is converted.
type xmpKind int

const (
	xmpText     xmpKind = iota // as written
	xmpLangAlt                 // one tag per language: "Title", "Title-fr"
	xmpList                    // Bag or Seq: a list
	xmpDate                    // "2008-05-30T15:56:01+02:00" → "2008:05:30 15:56:01+02:00"
	xmpRational                // "71/10" → 7.1
	xmpDegrees                 // "52,1.2N" → 52.02
	xmpLicensor                // PLUS Licensor: a list of structures
	xmpArtwork                 // IPTC Extension ArtworkOrObject: a list of structures
	xmpKeywords                // MWG KeywordInfo: a tree of structures
)

// xmpProp is a property the mapper reads, under exiftool's group and name.
type xmpProp struct {
	group, name string
	kind        xmpKind
}

// xnode is one element of the parsed packet.
type xnode struct {
	name  xml.Name
	attrs []xml.Attr // namespace declarations removed
	text  string
	kids  []*xnode
	// aside records a comment or processing instruction inside the
	// element, which exiftool keeps in a text value.
	aside bool
	buf   []byte // text while the element is read
}

func (n *xnode) is(space, local string) bool { return n.name.Space == space && n.name.Local == local }

func (n *xnode) attr(space, local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// xmpParser builds the tree and remembers the namespace declarations.
type xmpParser struct {
	prefixes map[string][]string // URI → prefixes declared for it
	uris     map[string]bool
	elements int
	// warning is exiftool's first warning about the packet, if any.
	warning string
}

// readXMP parses an XMP packet and adds its tags to doc.
func readXMP(data []byte, doc *tags) error {
	if len(data) > maxXMPBytes {
		return deferf("XMP: packet too large")
	}
	// Padding after the packet is common; exiftool's parser stops at the
	// last element, XML's at the NUL.
	data = bytes.TrimRight(data, "\x00 \t\r\n")
	if bytes.Contains(data, []byte("<![CDATA[")) || bytes.Contains(data, []byte("<!D")) ||
		bytes.Contains(data, []byte("<!E")) {
		return deferf("XMP: CDATA or declaration")
	}
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) || bytes.HasPrefix(data, []byte("\xFE\xFF")) ||
		bytes.HasPrefix(data, []byte("\xFF\xFE")) {
		return deferf("XMP: byte-order mark") // exiftool suspects double encoding
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return deferf("XMP: NUL bytes (UTF-16 or UTF-32, or damage)")
	}
	p := &xmpParser{prefixes: map[string][]string{}, uris: map[string]bool{}}
	root, err := p.parse(data)
	if err != nil {
		return err
	}
	if err := p.checkPrefixes(); err != nil {
		return err
	}
	if p.warning != "" {
		addWarning(doc, p.warning)
	}
	rdf := root
	if root.is(nsX, "xmpmeta") || root.is(nsX, "xapmeta") {
		switch len(root.kids) {
		case 0:
			return nil // an empty packet, as some writers leave
		case 1:
			rdf = root.kids[0]
		default:
			return deferf("XMP: x:xmpmeta holds %d elements", len(root.kids))
		}
	}
	if !rdf.is(nsRDF, "RDF") {
		return deferf("XMP: no rdf:RDF")
	}
	lists := map[string]bool{}
	for _, d := range rdf.kids {
		if !d.is(nsRDF, "Description") {
			return deferf("XMP: rdf:RDF holds %s", d.name.Local)
		}
		if err := description(d, doc, lists); err != nil {
			return err
		}
	}
	return nil
}

// parse reads the packet into a tree, refusing what exiftool's parser
// could read otherwise: default namespaces, undeclared prefixes, a ">" in
// an attribute value, text beside elements, and comments or processing
// instructions inside a text value.
func (p *xmpParser) parse(data []byte) (*xnode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var stack []*xnode
	var root *xnode
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, deferf("XMP: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			raw := data[start:dec.InputOffset()]
			if bytes.Count(raw, []byte(">")) != 1 {
				return nil, deferf("XMP: \">\" inside a tag")
			}
			if len(stack) >= maxXMPDepth {
				return nil, deferf("XMP: nested too deeply")
			}
			if p.elements++; p.elements > maxXMPElements {
				return nil, deferf("XMP: too many elements")
			}
			n, err := p.element(t)
			if err != nil {
				return nil, err
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, deferf("XMP: several root elements")
				}
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n.text, n.buf = string(n.buf), nil
			if len(n.kids) > 0 && strings.TrimSpace(n.text) != "" {
				return nil, deferf("XMP: text beside elements in %s", n.name.Local)
			}
			if len(n.kids) == 0 && n.aside && !n.is(nsRDF, "Description") {
				return nil, deferf("XMP: comment in the value of %s", n.name.Local)
			}
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, deferf("XMP: text outside the packet")
				}
				continue
			}
			n := stack[len(stack)-1]
			n.buf = append(n.buf, t...)
		case xml.ProcInst, xml.Comment:
			if len(stack) > 0 {
				stack[len(stack)-1].aside = true
			}
		default:
			return nil, deferf("XMP: %T", tok)
		}
	}
	if root == nil {
		return nil, deferf("XMP: no element")
	}
	return root, nil
}

// element converts a start tag, recording its namespace declarations.
func (p *xmpParser) element(t xml.StartElement) (*xnode, error) {
	n := &xnode{name: t.Name}
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "xmlns":
			p.prefixes[a.Value] = append(p.prefixes[a.Value], a.Name.Local)
			p.uris[a.Value] = true
			if fixed := toggleSlash(a.Value); !exiftoolURI(a.Value) && exiftoolURI(fixed) {
				// exiftool takes the URI for the one it knows, and says so.
				if xmpGroup(fixed) != "" {
					return nil, deferf("XMP: namespace %s written as %s", fixed, a.Value)
				}
				if p.warning == "" {
					p.warning = "[minor] Fixed incorrect URI for xmlns:" + a.Name.Local
				}
			}
		case t.Name.Space == nsRDF && a.Name.Space == "":
			// exiftool puts it in the rdf namespace, which it ignores.
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			return nil, deferf("XMP: default namespace")
		case a.Name.Space == "":
			return nil, deferf("XMP: attribute %s without a prefix", a.Name.Local)
		default:
			if a.Name.Space != nsXML && !p.uris[a.Name.Space] {
				return nil, deferf("XMP: undeclared prefix %s", a.Name.Space)
			}
			n.attrs = append(n.attrs, a)
		}
	}
	if !p.uris[t.Name.Space] {
		return nil, deferf("XMP: element %s in an undeclared namespace", t.Name.Local)
	}
	return n, nil
}

// checkPrefixes refuses prefixes exiftool treats specially or that would
// read as another group: rdf, x and xml must have their usual prefixes, a
// namespace exiftool does not know must not take the prefix of one it
// does, and exiftool's own "et" and "office" prefixes are ignored by it.
func (p *xmpParser) checkPrefixes() error {
	for uri, prefixes := range p.prefixes {
		for _, prefix := range prefixes {
			switch uri {
			case nsRDF:
				if prefix != "rdf" {
					return deferf("XMP: rdf namespace as %s", prefix)
				}
				continue
			case nsX:
				if prefix != "x" {
					return deferf("XMP: x namespace as %s", prefix)
				}
				continue
			}
			switch prefix {
			case "rdf", "x", "xml", "xmlns", "et", "office", "svg":
				return deferf("XMP: prefix %s for %s", prefix, uri)
			}
			if xmpGroup(uri) == "" && knownPrefix(prefix) {
				return deferf("XMP: prefix %s for unknown namespace %s", prefix, uri)
			}
			if !exiftoolURI(uri) && !exiftoolURI(toggleSlash(uri)) && nearKnownURI(uri) {
				return deferf("XMP: namespace %s looks like a known one", uri)
			}
		}
	}
	return nil
}

// addWarning adds exiftool's warning to t unless it has one already:
// exiftool prints only the first.
func addWarning(t *tags, w string) {
	if _, ok := t.get("ExifTool:Warning"); !ok {
		t.add("ExifTool:Warning", w)
	}
}

// description reads one rdf:Description: properties as attributes and
// as child elements. lists records the list properties met so far.
func description(d *xnode, doc *tags, lists map[string]bool) error {
	for _, a := range d.attrs {
		switch {
		case a.Name.Space == nsRDF && a.Name.Local == "about":
			continue
		case a.Name.Space == nsRDF || a.Name.Space == nsXML:
			return deferf("XMP: rdf:Description attribute %s", a.Name.Local)
		}
		if err := property(&xnode{name: a.Name, text: a.Value}, doc, lists); err != nil {
			return err
		}
	}
	if strings.TrimSpace(d.text) != "" {
		return deferf("XMP: text in rdf:Description")
	}
	for _, k := range d.kids {
		if err := property(k, doc, lists); err != nil {
			return err
		}
	}
	return nil
}

// property converts one top-level property. A list property met twice is
// refused: exiftool may append the second to the first.
func property(n *xnode, doc *tags, lists map[string]bool) error {
	if n.name.Space == nsRDF || n.name.Space == nsX {
		return deferf("XMP: property %s in the rdf or x namespace", n.name.Local)
	}
	prop, ok := xmpProps(n.name.Space, n.name.Local)
	if !ok {
		name := genericName(n.name.Local)
		group := xmpGroup(n.name.Space)
		if searchedName(name) || (group != "" && mapperReads(group+":"+name)) {
			return deferf("XMP: property %s would be read as %s", n.name.Local, name)
		}
		return nil
	}
	key := prop.group + ":" + prop.name
	if prop.kind != xmpLangAlt && prop.kind != xmpText && prop.kind != xmpDate && prop.kind != xmpRational &&
		prop.kind != xmpDegrees {
		if lists[key] {
			return deferf("XMP: %s repeated", key)
		}
		lists[key] = true
	}
	switch prop.kind {
	case xmpLangAlt:
		return langAlt(n, doc, key)
	case xmpList:
		items, err := listItems(n)
		if err != nil {
			return err
		}
		doc.add(key, items)
		return nil
	case xmpLicensor, xmpArtwork, xmpKeywords:
		v, err := structure(n, prop.kind)
		if err != nil {
			return err
		}
		doc.add(key, v)
		return nil
	}
	s, err := simpleValue(n)
	if err != nil {
		return err
	}
	doc.add(key, convertXMP(s, prop.kind))
	return nil
}

// simpleValue returns the value of a property written as text, or as
// an empty element with rdf:resource.
func simpleValue(n *xnode) (string, error) {
	if len(n.kids) > 0 {
		return "", deferf("XMP: %s is not a simple value", n.name.Local)
	}
	for _, a := range n.attrs {
		switch {
		case a.Name.Space == nsXML && a.Name.Local == "lang":
		case a.Name.Space == nsRDF && a.Name.Local == "resource":
		default:
			return "", deferf("XMP: %s has attribute %s", n.name.Local, a.Name.Local)
		}
	}
	if n.text == "" {
		if r, ok := n.attr(nsRDF, "resource"); ok {
			return r, nil
		}
	}
	return n.text, nil
}

// altItems returns the entries of a lang-alt property: its rdf:Alt items,
// or the node itself when it holds a plain value.
func altItems(n *xnode) ([]*xnode, error) {
	if len(n.kids) == 0 {
		return []*xnode{n}, nil
	}
	return container(n)
}

// langAlt adds a lang-alt property: one tag per item, named after its
// language unless that is x-default.
func langAlt(n *xnode, doc *tags, key string) error {
	items, err := altItems(n)
	if err != nil {
		return err
	}
	for _, it := range items {
		s, err := simpleValue(it)
		if err != nil {
			return err
		}
		doc.add(langKey(key, it), jsonValue(s))
	}
	return nil
}

// langKey appends an item's language to key as exiftool does.
func langKey(key string, n *xnode) string {
	lang, ok := n.attr(nsXML, "lang")
	if !ok || strings.EqualFold(lang, "x-default") {
		return key
	}
	return key + "-" + strings.ReplaceAll(standardLang(lang), "_", "-")
}

// standardLang is exiftool's case for a language tag: lower case, and a
// two-letter second subtag in upper case.
func standardLang(lang string) string {
	low := strings.ToLower(lang)
	first, rest, ok := strings.Cut(low, "-")
	if !ok || len(rest) < 2 {
		return low
	}
	if !(len(first) == 1 && (first == "x" || first == "i")) && !(len(first) >= 2 && len(first) <= 3 && allLetters(first)) {
		return low
	}
	region := rest[:2]
	if !allLetters(region) || (len(rest) > 2 && isWordByte(rest[2])) {
		return low
	}
	return first + "-" + strings.ToUpper(region) + rest[2:]
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func isWordByte(c byte) bool {
	return c == '_' || isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// container returns the items of the one rdf:Bag, rdf:Seq or rdf:Alt a
// property holds.
func container(n *xnode) ([]*xnode, error) {
	if len(n.kids) != 1 || len(n.attrs) > 0 {
		return nil, deferf("XMP: %s is not a plain container", n.name.Local)
	}
	c := n.kids[0]
	if c.name.Space != nsRDF || (c.name.Local != "Bag" && c.name.Local != "Seq" && c.name.Local != "Alt") || len(c.attrs) > 0 {
		return nil, deferf("XMP: %s holds %s", n.name.Local, c.name.Local)
	}
	for _, li := range c.kids {
		if !li.is(nsRDF, "li") {
			return nil, deferf("XMP: %s holds %s", n.name.Local, li.name.Local)
		}
	}
	return c.kids, nil
}

// listItems returns a Bag or Seq of text values, or a single value.
func listItems(n *xnode) (any, error) {
	if len(n.kids) == 0 {
		s, err := simpleValue(n)
		return jsonValue(s), err
	}
	items, err := container(n)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		s, err := simpleValue(it)
		if err != nil {
			return nil, err
		}
		out = append(out, jsonValue(s))
	}
	return out, nil
}

// convertXMP applies exiftool's value conversions with -n.
func convertXMP(s string, kind xmpKind) any {
	switch kind {
	case xmpDate:
		return jsonValue(xmpDateValue(s))
	case xmpRational:
		return jsonValue(xmpRationalValue(s))
	case xmpDegrees:
		deg, ok := toDegrees(s, true)
		if !ok {
			return ""
		}
		return jsonValue(perlNumber(deg))
	}
	return jsonValue(s)
}

// xmpDateValue turns an XMP date into exiftool's EXIF-like form.
func xmpDateValue(s string) string {
	if len(s) >= 16 && allDigits(s[:4]) && s[4] == '-' && allDigits(s[5:7]) && s[7] == '-' &&
		allDigits(s[8:10]) && (s[10] == 'T' || s[10] == ' ') && allDigits(s[11:13]) && s[13] == ':' &&
		allDigits(s[14:16]) {
		rest := s[16:]
		sec := ""
		if len(rest) >= 3 && rest[0] == ':' && allDigits(rest[1:3]) {
			sec, rest = rest[:3], rest[3:]
		}
		zone := strings.TrimLeft(rest, " \t\n\r\f\v")
		if !strings.ContainsAny(zone, " \t\n\r\f\v") {
			return s[:4] + ":" + s[5:7] + ":" + s[8:10] + " " + s[11:16] + sec + zone
		}
	}
	if len(s) >= 4 && allDigits(s[:4]) {
		return strings.ReplaceAll(s, "-", ":")
	}
	return s
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// xmpRationalValue turns "n/d" into a number (or "inf", "undef").
func xmpRationalValue(s string) string {
	num, den, ok := strings.Cut(s, "/")
	if !ok || !signedDigits(num) || !signedDigits(den) {
		return s
	}
	n, d := parsePerlInt(num), parsePerlInt(den)
	switch {
	case d != 0:
		return perlNumber(n / d)
	case n != 0:
		return "inf"
	}
	return "undef"
}

func signedDigits(s string) bool {
	return allDigits(strings.TrimPrefix(s, "-"))
}

func parsePerlInt(s string) float64 {
	var f float64
	neg := strings.HasPrefix(s, "-")
	for _, c := range []byte(strings.TrimPrefix(s, "-")) {
		f = f*10 + float64(c-'0')
	}
	if neg {
		return -f
	}
	return f
}
