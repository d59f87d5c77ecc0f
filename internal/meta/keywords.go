package meta

import (
	"strings"
)

// keywords fills the flat and hierarchical keywords. Flat keywords come
// from one place only, the best that has any: sidecar XMP, the file's XMP
// (dc:subject), IPTC, then PDF and QuickTime keyword strings. Merging XMP
// with IPTC would bring back what a later XMP-aware edit removed, or IPTC's
// lossy copies ("??????" for Cyrillic): when both exist, XMP wins.
func (m *mapper) keywords() {
	for _, t := range m.xmpFirst() {
		if kw := dedupe(t.strs("XMP-dc:Subject")); len(kw) > 0 {
			m.md.Keywords = kw
			m.md.Sources["keywords"] = source(t, "XMP-dc:Subject")
			break
		}
	}
	if m.md.Keywords == nil {
		if kw, src := m.iptcValues(iptcKeywords); len(kw) > 0 {
			m.md.Keywords = kw
			m.md.Sources["keywords"] = src
		}
	}
	if m.md.Keywords == nil {
		for _, k := range []string{"XMP-pdf:Keywords", "PDF:Keywords", "Keys:Keywords"} {
			if kw := dedupe(splitList(m.file.strs(k))); len(kw) > 0 {
				m.md.Keywords = kw
				m.md.Sources["keywords"] = k
				break
			}
		}
	}
	for _, t := range m.xmpFirst() {
		if h, src := hierarchical(t); len(h) > 0 {
			m.md.HierarchicalKeywords = h
			m.md.Sources["hierarchical_keywords"] = src
			return
		}
	}
}

// splitList splits keyword strings that pack several keywords in one
// text with ";" or ",".
func splitList(list []string) []string {
	var out []string
	for _, s := range list {
		out = append(out, strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' })...)
	}
	return out
}

// hierarchical gathers keyword paths from Lightroom (A|B|C), digiKam
// (A/B/C) and MWG keyword trees, as "/"-separated paths.
func hierarchical(t *tags) ([]string, string) {
	var paths []string
	var src string
	note := func(key string, n int) {
		if src == "" && len(paths) > n {
			src = source(t, key)
		}
	}
	n := len(paths)
	for _, p := range t.strs("XMP-lr:HierarchicalSubject") {
		paths = append(paths, strings.ReplaceAll(p, "|", "/"))
	}
	note("XMP-lr:HierarchicalSubject", n)
	n = len(paths)
	paths = append(paths, t.strs("XMP-digiKam:TagsList")...)
	note("XMP-digiKam:TagsList", n)
	n = len(paths)
	if v, ok := t.get("XMP-mwg-kw:KeywordInfo"); ok {
		if info, ok := v.(map[string]any); ok {
			paths = mwgPaths(info["Hierarchy"], "", paths, 0)
		}
	}
	note("XMP-mwg-kw:KeywordInfo", n)
	return dedupe(paths), src
}

// mwgPaths walks an MWG keyword tree (a list of {Keyword, Children}),
// appending the path of every node. Depth and size are bounded: the tree
// comes from the file.
func mwgPaths(v any, prefix string, out []string, depth int) []string {
	list, _ := v.([]any)
	if depth > 32 {
		return out
	}
	for _, item := range list {
		if len(out) >= maxKeywords {
			return out
		}
		node, ok := item.(map[string]any)
		if !ok {
			continue
		}
		kw := scalars(node["Keyword"])
		if len(kw) == 0 {
			continue
		}
		path := kw[0]
		if prefix != "" {
			path = prefix + "/" + path
		}
		out = append(out, path)
		out = mwgPaths(node["Children"], path, out, depth+1)
	}
	return out
}
