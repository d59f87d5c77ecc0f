package meta

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
)

// facts is the part of Metadata TestExtractFacts checks.
type facts struct {
	Kind          gallery.Kind
	Format        gallery.Format
	MIME          string
	FileType      string
	Taken         string // RFC 3339
	Width, Height int
	Orientation   int
	GPS           string // "lat,lon[,alt]"
	Duration      float64
	Pages, Frames int
}

func factsOf(md gallery.Metadata) facts {
	f := facts{
		Kind: md.Kind, Format: md.Format, MIME: md.MIME, FileType: md.FileType,
		Width: md.Width, Height: md.Height, Orientation: md.Orientation,
		Duration: md.Duration, Pages: md.Pages, Frames: md.Frames,
	}
	if md.Taken != nil {
		f.Taken = md.Taken.Local.Format(time.RFC3339)
	}
	if g := md.GPS; g != nil {
		parts := []string{ftoa(g.Lat), ftoa(g.Lon)}
		if g.Alt != nil {
			parts = append(parts, ftoa(*g.Alt))
		}
		f.GPS = strings.Join(parts, ",")
	}
	return f
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// TestExtractFacts checks the rules that are not in the manifest: kinds
// refined by exiftool, displayed sizes, video rotation and dates,
// durations, pages and frames.
func TestExtractFacts(t *testing.T) {
	e := sharedExtractor(t)
	tests := []struct {
		file string
		want facts
	}{
		{"orientation/landscape_6.jpg", facts{Kind: "image", Format: "jpeg", MIME: "image/jpeg", FileType: "JPEG",
			Width: 600, Height: 450, Orientation: 6}},
		{"orientation/rot1mir0.avif", facts{Kind: "image", Format: "heif", MIME: "image/avif", FileType: "AVIF",
			Width: 427, Height: 640}},
		{"orientation/xmp_tags_orientation.avif", facts{Kind: "image", Format: "heif", MIME: "image/avif", FileType: "AVIF",
			Width: 326, Height: 268, Orientation: 3}},
		{"formats/Nikon.nef", facts{Kind: "raw", MIME: "image/x-nikon-nef", FileType: "NEF",
			Taken: "2004-06-09T16:02:35Z", Width: 3040, Height: 2014, Orientation: 1}},
		{"formats/Issue_247-1.nef", facts{Kind: "image", Format: "jpeg", MIME: "image/jpeg", FileType: "JPEG",
			Taken: "2010-03-01T21:50:21Z", Width: 2000, Height: 3008, Orientation: 1}},
		{"formats/star.avifs", facts{Kind: "image", Format: "heif", MIME: "image/avif", FileType: "MP4",
			Taken: "2020-04-07T16:39:23Z", Width: 159, Height: 159}},
		{"formats/iss634.apng", facts{Kind: "image", Format: "png", MIME: "image/png", FileType: "APNG",
			Width: 245, Height: 245, Frames: 41}},
		{"formats/animated-red-blue.gif", facts{Kind: "image", Format: "gif", MIME: "image/gif", FileType: "GIF",
			Width: 64, Height: 48, Frames: 4, Duration: 1}},
		{"formats/Animation_Lossy.webp", facts{Kind: "image", Format: "webp", MIME: "image/webp", FileType: "Extended WEBP",
			Width: 320, Height: 240, Duration: 3.03}},
		{"formats/multipage.tiff", facts{Kind: "image", Format: "tiff", MIME: "image/tiff", FileType: "TIFF",
			Width: 10, Height: 10, Orientation: 1, Pages: 3}},
		{"video/with-gps.mov", facts{Kind: "video", MIME: "video/quicktime", FileType: "MOV",
			Taken: "2019-07-24T11:25:40+03:00", Width: 320, Height: 568, Orientation: 6,
			GPS: "32.0929,34.862,28.516", Duration: 4.00166666666667}},
		{"video/with-gps.mp4", facts{Kind: "video", MIME: "video/mp4", FileType: "MP4",
			Taken: "2017-02-22T08:20:28Z", Width: 1920, Height: 1080, GPS: "51.4169,-0.0806", Duration: 0.171}},
		{"video/Matroska.mkv", facts{Kind: "video", MIME: "video/x-matroska", FileType: "MKV",
			Taken: "2010-02-03T21:17:48Z", Width: 704, Height: 576, Duration: 148.608}},
		{"pdf/pdflatex-4-pages.pdf", facts{Kind: "pdf", MIME: "application/pdf", FileType: "PDF",
			Taken: "2022-04-03T19:59:45+02:00", Pages: 4}},
		{"gps/Issue_173_dotnet.jpg", facts{Kind: "image", Format: "jpeg", MIME: "image/jpeg", FileType: "JPEG",
			Width: 1017, Height: 2013, GPS: "43.6873944444444,-85.4835194444444,-848"}},
		{"formats/hopper.qoi", facts{Kind: "other", MIME: "image/qoi"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := factsOf(extract(t, e, tt.file))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("facts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnreadable checks that a file exiftool cannot read yields its kind
// and a warning, and that a path that is not a regular file is rejected.
func TestUnreadable(t *testing.T) {
	e := sharedExtractor(t)
	md := extract(t, e, "formats/hopper.qoi")
	if md.Kind != gallery.KindOther || len(md.Warnings) == 0 {
		t.Errorf("got kind %q, warnings %q; want other with a warning", md.Kind, md.Warnings)
	}
	dir := t.TempDir()
	if _, err := e.Extract(context.Background(), dir); !errors.Is(err, gallery.ErrRejected) {
		t.Errorf("got %v for a folder, want ErrRejected", err)
	}
	if _, err := e.Extract(context.Background(), filepath.Join(dir, "missing.jpg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v for a missing file, want ErrNotExist", err)
	}
	empty := filepath.Join(dir, "empty.jpg")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	md, err := e.Extract(context.Background(), empty)
	if err != nil || md.Kind != gallery.KindOther {
		t.Errorf("got %q, %v for an empty file; want other, nil", md.Kind, err)
	}
}
