package gallery

import "time"

// Kind is the broad family of a media file, decided from its content.
type Kind string

// Kinds of media. Only KindImage gets derivatives at import for now; the
// others are kept and listed with a type icon.
const (
	KindImage Kind = "image"
	KindVideo Kind = "video"
	KindPDF   Kind = "pdf"
	KindRaw   Kind = "raw"
	KindOther Kind = "other"
)

// Format is a container format decided from the file's bytes, never from its
// name. Image formats are those the derivative code knows how to load.
type Format string

// Formats that Imagier tells apart.
const (
	FormatJPEG    Format = "jpeg"
	FormatPNG     Format = "png"
	FormatGIF     Format = "gif"
	FormatWebP    Format = "webp"
	FormatHEIF    Format = "heif" // HEIC and AVIF both load through libheif
	FormatTIFF    Format = "tiff"
	FormatUnknown Format = ""
)

// DateTime is a capture date as the camera wrote it: a wall-clock time and,
// when the file says so, its offset from UTC.
type DateTime struct {
	// Local is the wall-clock time; its location is UTC unless HasOffset.
	Local time.Time `json:"local"`
	// HasOffset tells whether Local carries the real offset from UTC.
	HasOffset bool `json:"has_offset,omitempty"`
}

// GPS is a position on Earth. Lat and Lon are signed decimal degrees
// (south and west negative); Alt is metres above sea level when known.
type GPS struct {
	Lat float64  `json:"lat"`
	Lon float64  `json:"lon"`
	Alt *float64 `json:"alt,omitempty"`
}

// LangText is a text in several languages, keyed by RFC 5646 language tag;
// "x-default" holds the text without a language (XMP lang-alt's default).
type LangText map[string]string

// Default returns the text in lang if present, else the x-default text, else
// any text.
func (t LangText) Default(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if s := t["x-default"]; s != "" {
		return s
	}
	for _, s := range t {
		if s != "" {
			return s
		}
	}
	return ""
}

// Metadata is what Imagier read from a file and its sidecars. Zero values
// mean "absent". Sources names, for each field set, the tag it came from in
// exiftool's Group:Tag notation (e.g. "taken" → "ExifIFD:DateTimeOriginal").
type Metadata struct {
	Kind   Kind   `json:"kind"`
	Format Format `json:"format,omitempty"`
	MIME   string `json:"mime,omitempty"`
	// FileType is the detailed type as exiftool names it (e.g. "CR2", "MOV").
	FileType string `json:"file_type,omitempty"`

	Taken *DateTime `json:"taken,omitempty"`

	Make  string `json:"make,omitempty"`
	Model string `json:"model,omitempty"`
	Lens  string `json:"lens,omitempty"`

	ExposureTime float64 `json:"exposure_time,omitempty"` // seconds
	FNumber      float64 `json:"f_number,omitempty"`
	ISO          int     `json:"iso,omitempty"`
	FocalLength  float64 `json:"focal_length,omitempty"` // millimetres

	// Width and Height are as displayed, after Orientation is applied.
	Width       int `json:"width,omitempty"`
	Height      int `json:"height,omitempty"`
	Orientation int `json:"orientation,omitempty"` // EXIF 1–8; 0 unknown

	GPS *GPS `json:"gps,omitempty"`

	Title       LangText `json:"title,omitempty"`
	Description LangText `json:"description,omitempty"`
	// Keywords are flat keywords (IPTC Keywords, XMP dc:subject).
	Keywords []string `json:"keywords,omitempty"`
	// HierarchicalKeywords are paths such as "Places/France/Lyon"
	// (Lightroom HierarchicalSubject, digiKam TagsList), "/" separated.
	HierarchicalKeywords []string `json:"hierarchical_keywords,omitempty"`
	Creator              string   `json:"creator,omitempty"`
	Credit               string   `json:"credit,omitempty"`
	Copyright            LangText `json:"copyright,omitempty"`
	Licence              string   `json:"licence,omitempty"`
	Rating               int      `json:"rating,omitempty"`

	Duration float64 `json:"duration,omitempty"` // seconds, videos
	Pages    int     `json:"pages,omitempty"`    // PDFs, multi-page TIFF
	Frames   int     `json:"frames,omitempty"`   // animations

	Sources  map[string]string `json:"sources,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
}
