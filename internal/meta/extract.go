package meta

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"imagier/internal/gallery"
)

// Extract reads the metadata of the file at path and of its XMP sidecars,
// given in priority order (see Sidecars); sidecar XMP wins over the file's.
//
// Ordinary JPEG files are read without exiftool (see fastExtract), unless
// Options.ExiftoolOnly is set; Metadata.Sources["reader"] names the reader,
// "imagier" or "exiftool".
//
// A file exiftool cannot read still yields Metadata with the kind Sniff
// found and a warning: deciding to reject it is the importer's job. Extract
// returns an error for a path that is not a readable regular file (of kind
// gallery.ErrRejected), when the extraction times out (ErrTimeout; the
// exiftool process is replaced), when ctx ends, or when exiftool fails; the
// Metadata returned with a timeout still holds Sniff's answer.
func (e *Extractor) Extract(ctx context.Context, path string, sidecars ...string) (gallery.Metadata, error) {
	return e.extract(ctx, path, nil, e.opt.ExiftoolOnly, sidecars)
}

// ExtractBytes is Extract for a file whose whole content the caller
// already holds in data, as an importer that hashed it does: Imagier's own
// readers read data instead of opening the file again, and exiftool, when
// it is needed, still reads the file at path, which must be a regular file
// holding the same bytes. A nil data reads the file, as Extract does.
func (e *Extractor) ExtractBytes(ctx context.Context, path string, data []byte, sidecars ...string) (gallery.Metadata, error) {
	return e.extract(ctx, path, data, e.opt.ExiftoolOnly, sidecars)
}

// extract is ExtractBytes with the choice of reader made per call, so that
// tests compare both readers on one pool of processes.
func (e *Extractor) extract(ctx context.Context, path string, data []byte, exiftoolOnly bool, sidecars []string) (gallery.Metadata, error) {
	var md gallery.Metadata
	if err := ctx.Err(); err != nil {
		return md, err
	}
	native, err := readNative(path, data)
	if err != nil {
		return md, fmt.Errorf("meta: %s: %w", path, err)
	}
	md.Kind, md.Format, md.MIME = native.kind, native.format, native.mime

	var side []string
	for _, s := range sidecars {
		if fi, err := os.Lstat(s); err != nil || !fi.Mode().IsRegular() {
			md.Warnings = append(md.Warnings, fmt.Sprintf("sidecar %s skipped: not a regular file", filepath.Base(s)))
			continue
		}
		side = append(side, s)
	}
	if native.format == gallery.FormatJPEG && !exiftoolOnly {
		select {
		case <-e.closing:
			return md, ErrClosed
		default:
		}
		fast, err := fastExtract(path, native, side, md)
		if err == nil {
			return fast, nil
		}
		e.opt.Logger.Debug("exiftool reads the file", "file", filepath.Base(path), "why", err)
	}
	file, sideTags, stderr, err := e.read(ctx, path, side)
	if err != nil {
		if errors.Is(err, ErrTimeout) {
			return md, fmt.Errorf("meta: %s: %w after %s", path, err, e.opt.Timeout)
		}
		return md, fmt.Errorf("meta: %s: %w", path, err)
	}
	m := mapper{md: &md, file: file, side: sideTags, iptc: native.iptc, gpsProblem: native.gpsProblem}
	for _, w := range stderr {
		m.warn("%s", w)
	}
	m.apply()
	if md.Sources == nil {
		md.Sources = map[string]string{}
	}
	md.Sources["reader"] = "exiftool"
	return md, nil
}

// native is what Imagier reads itself, before and beside exiftool.
type native struct {
	kind       gallery.Kind
	format     gallery.Format
	mime       string
	iptc       *iptcData // JPEG only, nil when the file has no IPTC block
	gpsProblem string
	// jpeg is the fast reader's strict reading of a JPEG file's segments,
	// or jpegErr why it defers; tail is the file's last bytes, where
	// exiftool finds trailers.
	jpeg    *fastJPEG
	jpegErr error
	tail    []byte
}

// readNative sniffs the file, from data when the caller holds its bytes,
// and, for JPEG, walks its segments once: for its IPTC and raw GPS, which
// Imagier reads itself, and for the fast reader.
func readNative(path string, data []byte) (native, error) {
	if data != nil {
		return readHead(memHead(data))
	}
	fi, err := os.Stat(path)
	if err != nil {
		return native{}, err
	}
	if !fi.Mode().IsRegular() {
		// Opening a FIFO or a device could block or never end.
		return native{}, gallery.Rejectf("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return native{}, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return native{}, err
	}
	return readHead(readerHead(f, fi.Size()))
}

func readHead(b *fileHead) (native, error) {
	var n native
	ok := b.need(int(min(SniffLen, b.size)))
	if !ok && b.err != nil {
		return n, b.err
	}
	n.kind, n.format, n.mime = Sniff(b.data[:min(len(b.data), SniffLen)])
	if n.format != gallery.FormatJPEG {
		return n, nil
	}
	// Damage ends the walk; exiftool will report it in its own words, and
	// what was read before it is still good.
	h, fast, deferred := scanJPEG(b)
	if block, ok := findIPTC(h.PhotoshopIRB); ok {
		d := parseIPTC(block)
		n.iptc = &d
	}
	n.gpsProblem = exifGPSProblem(h.Exif)
	n.jpeg, n.jpegErr = fast, deferred
	if tail, err := b.tail(64); err != nil && n.jpegErr == nil {
		n.jpeg, n.jpegErr = nil, err
	} else {
		n.tail = tail
	}
	return n, nil
}

// read runs exiftool on the file and its sidecars in one request and
// returns their tags (the file's possibly empty) and stderr lines.
func (e *Extractor) read(ctx context.Context, path string, sidecars []string) (*tags, []*tags, []string, error) {
	names := make([]string, 0, 1+len(sidecars))
	for _, p := range append([]string{path}, sidecars...) {
		name, cleanup, err := argName(p)
		if err != nil {
			return nil, nil, nil, err
		}
		defer cleanup()
		names = append(names, name)
	}
	stdout, stderr, err := e.exiftool(ctx, names)
	if err != nil {
		return nil, nil, nil, err
	}
	docs, err := parseExiftoolJSON(stdout.body)
	var notes []string
	if stdout.truncated {
		notes = append(notes, fmt.Sprintf("exiftool output over %d MiB was cut", maxStdout>>20))
	}
	if err != nil {
		notes = append(notes, "exiftool output unreadable: "+err.Error())
	}
	byName := map[string]*tags{}
	for _, d := range docs {
		byName[d.name] = d
	}
	file := byName[names[0]]
	if file == nil {
		file = newTags(names[0])
		notes = append(notes, "exiftool could not read the file")
	}
	file.name = path
	var side []*tags
	for i, s := range sidecars {
		d := byName[names[i+1]]
		if d == nil {
			notes = append(notes, fmt.Sprintf("exiftool could not read sidecar %s", filepath.Base(s)))
			continue
		}
		side = append(side, xmpOnly(d, s))
	}
	// exiftool's messages name files by the path it was given: show the
	// base name the user knows instead of a server path or temporary link.
	var pairs []string
	for i, p := range append([]string{path}, sidecars...) {
		pairs = append(pairs, names[i], filepath.Base(p))
	}
	unpath := strings.NewReplacer(pairs...)
	for _, line := range strings.Split(string(bytes.TrimSpace(stderr.body)), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			notes = append(notes, unpath.Replace(line))
		}
	}
	return file, side, notes, nil
}

// xmpOnly keeps a sidecar's XMP tags and warnings: a ".xmp" file that is
// really something else must not pass for the photo's own EXIF.
func xmpOnly(d *tags, name string) *tags {
	out := newTags(name)
	out.sidecar = true
	for _, f := range d.fields {
		if strings.HasPrefix(f.group, "XMP") || f.tag == "Warning" || f.tag == "Error" {
			out.add(f.key, f.val)
		}
	}
	return out
}
