package media

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"imagier/internal/meta"
)

// job is one file to import and the albums it goes to.
type job struct {
	path   string
	name   string // shown to people: the path as given or relative to its root
	size   int64
	albums [][]string
	// filename is the name people know the file by, when it is not the
	// path's (uploads).
	filename string
	// folder is the folder the file was found in, relative to the folder
	// imported ("2019/Fête"); "" for a file named itself or uploaded.
	folder string
	// sidecars are the XMP files read with this one.
	sidecars []string
	// err, when set, rejects the file without reading it.
	err error
	// owner, pending, visible and record are FileOptions' Owner,
	// Contribution, Visible and Record.
	owner   int64
	pending bool
	visible func(ctx context.Context, mediaID int64) (bool, error)
	record  func(ctx context.Context, o Outcome, key string) error
	// result, for ImportUpload, learns what was done with a duplicate.
	result *FileResult
}

// skipNames are files and folders that systems and NAS boxes scatter through
// photo folders; nobody wants them in a library.
var skipNames = map[string]bool{
	".DS_Store": true, "Thumbs.db": true, "desktop.ini": true, "@eaDir": true,
	".thumbnails": true, ".picasa.ini": true, "Picasa.ini": true, "ZbThumbnail.info": true,
}

// collect lists the files to import from the paths given. Folders are
// walked without following symbolic links, so nothing outside them is
// read; a symbolic link named on the command line is followed, since the
// caller chose it. XMP files that are the sidecar of an imported file are
// read with it, not imported on their own.
func collect(paths []string, album []string, foldersAsAlbums bool) ([]job, error) {
	var jobs []job
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			jobs = append(jobs, job{path: root, name: root, err: fmt.Errorf("cannot read: %w", unwrapPathError(err))})
			continue
		}
		if !fi.IsDir() {
			jobs = append(jobs, job{path: root, name: root, size: fi.Size(), albums: albumsFor(album, nil)})
			continue
		}
		base := filepath.Base(filepath.Clean(root))
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				jobs = append(jobs, job{path: p, name: p, err: fmt.Errorf("cannot read: %w", unwrapPathError(err))})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if skipNames[d.Name()] || (strings.HasPrefix(d.Name(), ".") && p != root) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				// Symbolic links, devices and sockets are never followed.
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil // vanished meanwhile
			}
			rel, _ := filepath.Rel(root, p)
			// Folder names enter the catalogue, as file names do.
			var below []string
			for _, f := range splitDir(filepath.Dir(rel)) {
				below = append(below, CleanName(f))
			}
			var folders []string
			if foldersAsAlbums {
				folders = append([]string{CleanName(base)}, below...)
			}
			jobs = append(jobs, job{path: p, name: filepath.Join(root, rel), size: info.Size(), albums: albumsFor(album, folders),
				folder: strings.Join(below, "/")})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return attachSidecars(jobs), nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func splitDir(rel string) []string {
	if rel == "." || rel == "" {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

// albumsFor joins the album given with --album and the folder path.
func albumsFor(album, folders []string) [][]string {
	path := append(append([]string(nil), album...), folders...)
	if len(path) == 0 {
		return nil
	}
	return [][]string{path}
}

// ParseAlbumPath splits "A/B" into its album names, refusing empty names.
func ParseAlbumPath(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, n := range strings.Split(s, "/") {
		n = strings.TrimSpace(n)
		if n == "" {
			return nil, fmt.Errorf("album path %q has an empty name", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// attachSidecars gives each file its XMP sidecars, by the rule the metadata
// reader uses, listing each folder once; the sidecars themselves are then
// dropped from the files to import.
func attachSidecars(jobs []job) []job {
	index := map[string]map[string][]string{} // folder → file name → sidecars
	consumed := map[string]bool{}
	for i, j := range jobs {
		if j.err != nil || strings.EqualFold(filepath.Ext(j.path), ".xmp") {
			continue
		}
		dir, name := filepath.Split(j.path)
		idx, ok := index[dir]
		if !ok {
			idx, _ = meta.SidecarIndex(filepath.Clean(dir + "."))
			index[dir] = idx
		}
		jobs[i].sidecars = idx[name]
		for _, s := range idx[name] {
			consumed[filepath.Clean(s)] = true
		}
	}
	out := jobs[:0]
	for _, j := range jobs {
		if !consumed[filepath.Clean(j.path)] {
			out = append(out, j)
		}
	}
	return out
}
