package meta

import (
	"encoding/xml"
	"strings"
)

// The three XMP structures the mapper reads, kept as exiftool -struct
// prints them: PLUS licensors, IPTC artworks and MWG keyword trees.

// structure converts the three structures the mapper reads, keeping only
// the fields it reads.
func structure(n *xnode, kind xmpKind) (any, error) {
	switch kind {
	case xmpKeywords:
		fields, err := structFields(n)
		if err != nil {
			return nil, err
		}
		out := map[string]any{}
		for _, f := range fields {
			if f.is(nsMWGKW, "Hierarchy") {
				h, err := keywordList(f, 0)
				if err != nil {
					return nil, err
				}
				out["Hierarchy"] = h
			}
		}
		return out, nil
	}
	items, err := container(n)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		fields, err := structFields(it)
		if err != nil {
			return nil, err
		}
		st := map[string]any{}
		for _, f := range fields {
			switch {
			case kind == xmpLicensor && f.is(nsPLUS, "LicensorURL"):
				s, err := simpleValue(f)
				if err != nil {
					return nil, err
				}
				st["LicensorURL"] = jsonValue(s)
			case kind == xmpArtwork && f.is(nsIPTCExt, "AOTitle"):
				if err := structLangAlt(f, st, "AOTitle"); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// structLangAlt stores a lang-alt structure field as exiftool's -struct
// does: "AOTitle" for x-default, "AOTitle-fr" for French.
func structLangAlt(f *xnode, st map[string]any, name string) error {
	items, err := altItems(f)
	if err != nil {
		return err
	}
	for _, it := range items {
		s, err := simpleValue(it)
		if err != nil {
			return err
		}
		k := langKey(name, it)
		if _, dup := st[k]; dup {
			return deferf("XMP: repeated %s", k)
		}
		st[k] = jsonValue(s)
	}
	return nil
}

// keywordList converts an MWG keyword Bag (Hierarchy or Children).
func keywordList(n *xnode, depth int) ([]any, error) {
	if depth >= 6 {
		return nil, deferf("XMP: keyword tree deeper than exiftool unrolls")
	}
	items, err := container(n)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		fields, err := structFields(it)
		if err != nil {
			return nil, err
		}
		st := map[string]any{}
		for _, f := range fields {
			switch {
			case f.is(nsMWGKW, "Keyword"):
				s, err := simpleValue(f)
				if err != nil {
					return nil, err
				}
				st["Keyword"] = jsonValue(s)
			case f.is(nsMWGKW, "Children"):
				c, err := keywordList(f, depth+1)
				if err != nil {
					return nil, err
				}
				st["Children"] = c
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// structFields returns the fields of a structure written with
// rdf:parseType="Resource", as an rdf:Description, or as attributes;
// fields are refused when they repeat or come from another namespace
// than the structure's own, which exiftool names differently.
func structFields(n *xnode) ([]*xnode, error) {
	var fields []*xnode
	holder := n
	if pt, ok := n.attr(nsRDF, "parseType"); ok {
		if pt != "Resource" {
			return nil, deferf("XMP: parseType %s", pt)
		}
	} else if len(n.kids) == 1 && n.kids[0].is(nsRDF, "Description") {
		holder = n.kids[0]
	} else if len(n.kids) > 0 {
		return nil, deferf("XMP: %s is not a structure", n.name.Local)
	}
	if strings.TrimSpace(holder.text) != "" && len(holder.kids) > 0 {
		return nil, deferf("XMP: text in a structure")
	}
	for _, a := range holder.attrs {
		if a.Name.Space == nsRDF && (a.Name.Local == "parseType" || a.Name.Local == "about") {
			continue
		}
		if a.Name.Space == nsRDF || a.Name.Space == nsXML {
			return nil, deferf("XMP: structure attribute %s", a.Name.Local)
		}
		fields = append(fields, &xnode{name: a.Name, text: a.Value})
	}
	if holder != n {
		for _, a := range n.attrs {
			if !(a.Name.Space == nsXML && a.Name.Local == "lang") {
				return nil, deferf("XMP: attribute %s on a structure", a.Name.Local)
			}
		}
	}
	fields = append(fields, holder.kids...)
	seen := map[xml.Name]bool{}
	for _, f := range fields {
		if seen[f.name] {
			return nil, deferf("XMP: repeated field %s", f.name.Local)
		}
		seen[f.name] = true
		if xmpGroup(f.name.Space) == "" {
			return nil, deferf("XMP: structure field %s in an unknown namespace", f.name.Local)
		}
	}
	if len(fields) == 0 && strings.TrimSpace(holder.text) != "" {
		return nil, deferf("XMP: structure written as text")
	}
	return fields, nil
}
