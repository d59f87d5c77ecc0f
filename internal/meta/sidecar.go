package meta

import (
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
