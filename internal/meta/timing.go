package meta

import (
	"math"
	"strconv"
	"strings"

	"imagier/internal/gallery"
)

// timing fills Duration, Pages and Frames, best effort: exiftool reports
// them in format-specific groups.
func (m *mapper) timing() {
	if n, src := count(m.file, "GIF:FrameCount", "PNG:AnimationFrames"); n > 0 {
		m.md.Frames = n
		m.md.Sources["frames"] = src
	}
	if n, src := count(m.file, "PDF:PageCount"); n > 0 {
		m.md.Pages = n
		m.md.Sources["pages"] = src
	} else if m.md.Format == gallery.FormatTIFF {
		if n := tiffPages(m.file); n > 1 {
			m.md.Pages = n
			m.md.Sources["pages"] = "IFD0:ImageWidth"
		}
	}
	// Still images have no duration, but animations do: GIF, APNG and
	// animated WebP (which exiftool gives a duration, not a frame count).
	animated := m.md.Frames > 1 || m.md.Format == gallery.FormatWebP
	if m.md.Kind != gallery.KindVideo && !animated {
		return
	}
	for _, k := range []string{"QuickTime:Duration", "Matroska:Duration", "RIFF:Duration",
		"M2TS:Duration", "Composite:Duration", "GIF:Duration"} {
		if d, ok := m.file.num(k); ok && d > 0 && d < 1e7 {
			m.md.Duration = d
			m.md.Sources["duration"] = k
			return
		}
	}
}

// count returns the first whole positive number among keys, and its key.
func count(t *tags, keys ...string) (int, string) {
	for _, k := range keys {
		if f, ok := t.num(k); ok && f >= 1 && f < math.MaxInt32 && f == math.Trunc(f) {
			return int(f), k
		}
	}
	return 0, ""
}

// tiffPages counts the full-resolution images of a TIFF: IFD0, IFD1, …
// with a size and without the "reduced resolution" subfile bit.
func tiffPages(t *tags) int {
	n := 0
	for _, f := range t.fields {
		if f.tag != "ImageWidth" || !strings.HasPrefix(f.group, "IFD") {
			continue
		}
		if _, err := strconv.Atoi(strings.TrimPrefix(f.group, "IFD")); err != nil {
			continue
		}
		if st, ok := t.num(f.group + ":SubfileType"); ok && int(st)&1 == 1 {
			continue
		}
		n++
	}
	return n
}
