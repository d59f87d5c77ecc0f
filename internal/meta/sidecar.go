package meta

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Sidecars returns the XMP sidecars of the file at path, in priority order:
// "x.jpg.xmp" (which can only belong to x.jpg) before "x.xmp" (which
// Lightroom also writes for x.nef next to x.jpg). Names match
// case-insensitively. Only regular files in the same folder count: symbolic
// links are never followed, so a sidecar cannot pull in a file from
// elsewhere. It returns nil when there are none or the folder is unreadable.
//
// Sidecars lists the whole folder; an importer walking a large folder
// should call SidecarIndex once instead.
func Sidecars(path string) []string {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	idx, err := SidecarIndex(dir)
	if err != nil {
		return nil
	}
	return idx[name]
}

// SidecarIndex lists the folder dir once and maps the name of each file
// that has XMP sidecars to their paths, with the rules of Sidecars.
func SidecarIndex(dir string) (map[string][]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	// xmps maps a sidecar's lowercased stem ("x.jpg" or "x") to its names.
	xmps := map[string][]string{}
	var media []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() {
			continue // symlinks, folders, devices: never sidecars, never media
		}
		lower := strings.ToLower(name)
		if stem, ok := strings.CutSuffix(lower, ".xmp"); ok && stem != "" {
			xmps[stem] = append(xmps[stem], name)
			continue
		}
		media = append(media, name)
	}
	idx := map[string][]string{}
	for _, name := range media {
		if found := sidecarsOf(dir, name, xmps); len(found) > 0 {
			idx[name] = found
		}
	}
	return idx, nil
}

// sidecarsOf picks the sidecars of the media file name among xmps.
func sidecarsOf(dir, name string, xmps map[string][]string) []string {
	lower := strings.ToLower(name)
	stems := []string{lower}
	if ext := filepath.Ext(lower); ext != "" && ext != lower {
		stems = append(stems, strings.TrimSuffix(lower, ext))
	}
	var out []string
	for _, stem := range stems {
		names := append([]string(nil), xmps[stem]...)
		sort.Strings(names) // stable order when case variants coexist
		for _, n := range names {
			p := filepath.Join(dir, n)
			// ReadDir's type may come from a stale directory entry;
			// check again without following links.
			if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

// MaxSidecarBytes bounds an XMP sidecar sent by a browser with its photo;
// the largest a photo tool writes is a few hundred kilobytes.
const MaxSidecarBytes = 1_000_000

// Why CheckSidecar refuses a sidecar.
var (
	ErrSidecarTooLarge = errors.New("sidecar larger than the limit")
	ErrSidecarNotXMP   = errors.New("sidecar is not XMP")
	ErrSidecarEntities = errors.New("sidecar declares a document type or entities")
)

// maxSidecarDepth bounds the nesting of a sidecar's elements; XMP nests a
// dozen deep at most.
const maxSidecarDepth = 64

// CheckSidecar checks that data, sent as an XMP sidecar, is one: at most
// MaxSidecarBytes of well-formed XML whose root is an x:xmpmeta or rdf:RDF
// element, with no document type declaration — so no entity, internal
// (expansion bombs) or external (XXE), reaches any reader — and no
// absurd nesting. The readers that come after (the fast reader, exiftool)
// then see only plain XMP.
func CheckSidecar(data []byte) error {
	if len(data) > MaxSidecarBytes {
		return ErrSidecarTooLarge
	}
	// The declarations are refused wherever they appear, even in a
	// comment, in case a later reader parses otherwise than Go does.
	upper := bytes.ToUpper(data)
	if bytes.Contains(upper, []byte("<!DOCTYPE")) || bytes.Contains(upper, []byte("<!ENTITY")) {
		return ErrSidecarEntities
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	// The root element, the first, must be XMP's.
	depth, elements, xmp := 0, 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrSidecarNotXMP, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return ErrSidecarEntities
		case xml.StartElement:
			if depth++; depth > maxSidecarDepth {
				return fmt.Errorf("%w: nested more than %d deep", ErrSidecarNotXMP, maxSidecarDepth)
			}
			if elements++; elements == 1 {
				xmp = t.Name.Local == "xmpmeta" || t.Name.Local == "RDF"
			}
		case xml.EndElement:
			depth--
		}
	}
	if !xmp || depth != 0 {
		return ErrSidecarNotXMP
	}
	return nil
}

// IsSidecarName tells whether a file name is an XMP sidecar's.
func IsSidecarName(name string) bool {
	stem, ok := strings.CutSuffix(strings.ToLower(name), ".xmp")
	return ok && stem != ""
}

// SidecarOf tells whether the sidecar named sidecar belongs to the media
// file named name, by the rule of Sidecars: "x.jpg.xmp" or "x.xmp" for
// "x.jpg", case aside. Both are bare names, in the same folder.
func SidecarOf(name, sidecar string) bool {
	stem, ok := strings.CutSuffix(strings.ToLower(sidecar), ".xmp")
	if !ok || stem == "" || IsSidecarName(name) {
		return false
	}
	lower := strings.ToLower(name)
	if stem == lower {
		return true
	}
	ext := filepath.Ext(lower)
	return ext != "" && ext != lower && stem == strings.TrimSuffix(lower, ext)
}
