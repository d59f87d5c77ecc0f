package meta

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in     string
		want   string // RFC 3339, "" for refused
		offset bool
	}{
		{"2008:05:30 15:56:01", "2008-05-30T15:56:01Z", false},
		{"2009:05:19 09:57:21-07:00", "2009-05-19T09:57:21-07:00", true},
		{"2014:07:15 06:57:34.000000Z", "2014-07-15T06:57:34Z", true},
		{"2008:03:14 13:59:26.054-06:00", "2008-03-14T13:59:26-06:00", true},
		{"2007:11:19 00:00-08:00", "2007-11-19T00:00:00-08:00", true},
		{"2006-05-23", "2006-05-23T00:00:00Z", false},
		{"2006-05-23T14:04:42+0200", "2006-05-23T14:04:42+02:00", true},
		{"2038:05:05 01:29:24", "2038-05-05T01:29:24Z", false},
		{"2099:09:29 10:10:10", "2099-09-29T10:10:10Z", false},
		{"2016:12:31 23:59:60", "2016-12-31T23:59:59Z", false},
		{"0000:00:00 00:00:00", "", false},
		{"    :  :     :  :  ", "", false},
		{"2011:02:29 10:00:00", "", false},
		{"2011:13:01 10:00:00", "", false},
		{"2011:01:01 24:00:00", "", false},
		{"2011:01:01 10:00:00+15:00", "", false},
		{"2011:01:01 10:00:00 garbage", "", false},
		{"+2011:01:01", "", false},
		{"1066:10:14 09:00:00", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if tt.want == "" {
				if ok {
					t.Errorf("got %v, want it refused", got.Local)
				}
				return
			}
			if !ok {
				t.Fatalf("got it refused, want %s", tt.want)
			}
			if s := got.Local.Format(time.RFC3339); s != tt.want || got.HasOffset != tt.offset {
				t.Errorf("got %s (offset %v), want %s (offset %v)", s, got.HasOffset, tt.want, tt.offset)
			}
		})
	}
}

func TestIPTCDateTime(t *testing.T) {
	tests := []struct{ date, clock, want string }{
		{"20080314", "135926-0600", "2008:03:14 13:59:26-06:00"},
		{"20080314", "135926.054-0600", "2008:03:14 13:59:26-06:00"},
		{"20080314", "135926", "2008:03:14 13:59:26"},
		{"20080314", "", "2008:03:14"},
		{"2008", "135926", ""},
	}
	for _, tt := range tests {
		if got := iptcDateTime(tt.date, tt.clock); got != tt.want {
			t.Errorf("iptcDateTime(%q, %q): got %q, want %q", tt.date, tt.clock, got, tt.want)
		}
	}
}

func TestParseCoordinates(t *testing.T) {
	alt := func(f float64) *float64 { return &f }
	tests := []struct {
		in       string
		lat, lon float64
		alt      *float64
		ok       bool
	}{
		{"32.0929 34.862 28.516", 32.0929, 34.862, alt(28.516), true},
		{"51.4169 -0.0806", 51.4169, -0.0806, nil, true},
		{"+32.0929+034.8620+028.516/", 32.0929, 34.862, alt(28.516), true},
		{"-38.4052+144.1890/", -38.4052, 144.189, nil, true},
		{"garbage", 0, 0, nil, false},
		{"1 2 3 4", 0, 0, nil, false},
		{"", 0, 0, nil, false},
	}
	for _, tt := range tests {
		lat, lon, a, ok := parseCoordinates(tt.in)
		if ok != tt.ok || lat != tt.lat || lon != tt.lon || !cmp.Equal(a, tt.alt) {
			t.Errorf("parseCoordinates(%q): got %v,%v,%v,%v; want %v,%v,%v,%v", tt.in, lat, lon, a, ok, tt.lat, tt.lon, tt.alt, tt.ok)
		}
	}
}

// tagsOf builds a tags set from exiftool-like JSON.
func tagsOf(t *testing.T, js string) *tags {
	t.Helper()
	docs, err := parseExiftoolJSON([]byte("[" + js + "]"))
	if err != nil || len(docs) != 1 {
		t.Fatalf("parseExiftoolJSON: %v (%d docs)", err, len(docs))
	}
	return docs[0]
}

func TestGPSRules(t *testing.T) {
	tests := []struct {
		name    string
		js      string
		problem string // of the raw EXIF
		want    *gallery.GPS
		warning string
	}{
		{"composite", `{"Composite:GPSLatitude": -38.4, "Composite:GPSLongitude": 144.2}`, "", &gallery.GPS{Lat: -38.4, Lon: 144.2}, ""},
		{"refs", `{"GPS:GPSLatitude": 10, "GPS:GPSLatitudeRef": "S", "GPS:GPSLongitude": 20, "GPS:GPSLongitudeRef": "W",
			"GPS:GPSAltitude": 848, "GPS:GPSAltitudeRef": 1}`, "", &gallery.GPS{Lat: -10, Lon: -20, Alt: ptr(-848.0)}, ""},
		{"overflowed longitude", `{"Composite:GPSLatitude": 45.5, "Composite:GPSLongitude": -4294966352}`, "", nil, "longitude -4294966352 is out of range"},
		{"latitude alone", `{"GPS:GPSLatitude": 4294967295}`, "", nil, "latitude 4294967295 is out of range"},
		{"null island", `{"Composite:GPSLatitude": 0, "Composite:GPSLongitude": 0}`, "", nil, "placeholder"},
		{"NaN in the raw EXIF", `{"GPS:GPSLatitude": 45.5, "GPS:GPSLongitude": 0}`, `GPSLongitude is "NaN"`, nil, "raw EXIF"},
		{"infinite", `{"XMP-exif:GPSLatitude": "1e999", "XMP-exif:GPSLongitude": 3}`, "", nil, ""},
		{"xmp string form", `{"XMP-exif:GPSLatitude": "52,1.2N", "XMP-exif:GPSLongitude": "8,30,36W"}`, "", &gallery.GPS{Lat: 52.02, Lon: -8.51}, ""},
		{"bad altitude dropped", `{"Composite:GPSLatitude": 1, "Composite:GPSLongitude": 2, "Composite:GPSAltitude": 4294967295}`, "", &gallery.GPS{Lat: 1, Lon: 2}, "altitude"},
		{"quicktime", `{"Keys:GPSCoordinates": "32.0929 34.862 28.516"}`, "", &gallery.GPS{Lat: 32.0929, Lon: 34.862, Alt: ptr(28.516)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := gallery.Metadata{Sources: map[string]string{}}
			m := mapper{md: &md, file: tagsOf(t, tt.js), gpsProblem: tt.problem}
			m.gps()
			if diff := cmp.Diff(tt.want, md.GPS, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
				t.Errorf("GPS mismatch (-want +got):\n%s", diff)
			}
			if got := strings.Join(md.Warnings, "; "); !strings.Contains(got, tt.warning) || (tt.warning == "" && tt.want != nil && got != "") {
				t.Errorf("got warnings %q, want one containing %q", got, tt.warning)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestDateRules(t *testing.T) {
	tests := []struct {
		name   string
		js     string
		want   string
		source string
	}{
		{"exif with offset tag", `{"ExifIFD:DateTimeOriginal": "2020:01:02 03:04:05", "ExifIFD:OffsetTimeOriginal": "+09:00"}`,
			"2020-01-02T03:04:05+09:00", "ExifIFD:DateTimeOriginal"},
		{"impossible first, next used", `{"ExifIFD:DateTimeOriginal": "0000:00:00 00:00:00", "XMP-xmp:CreateDate": "2001:02:03 04:05:06"}`,
			"2001-02-03T04:05:06Z", "XMP-xmp:CreateDate"},
		{"offset borrowed from the same wall clock", `{"ExifIFD:DateTimeOriginal": "2005:08:03 18:59:18", "XMP-exif:DateTimeOriginal": "2005:08:03 18:59:18-04:00"}`,
			"2005-08-03T18:59:18-04:00", "ExifIFD:DateTimeOriginal"},
		{"maker note date", `{"Casio:DateTimeOriginal": "1998:10:24 12:08:57", "ExifIFD:CreateDate": "2000:01:01 00:00:00"}`,
			"1998-10-24T12:08:57Z", "Casio:DateTimeOriginal"},
		{"photoshop before create date", `{"XMP-xmp:CreateDate": "2005:12:17 22:03:32Z", "XMP-photoshop:DateCreated": "2003:08:31"}`,
			"2003-08-31T00:00:00Z", "XMP-photoshop:DateCreated"},
		{"iptc date and time", `{"IPTC:DateCreated": "2006:10:29", "IPTC:TimeCreated": "06:27:51-05:00"}`,
			"2006-10-29T06:27:51-05:00", "IPTC:DateCreated"},
		{"apple local date before UTC", `{"QuickTime:CreateDate": "2019:07:24 08:25:57", "Keys:CreationDate": "2019:07:24 11:25:40+03:00"}`,
			"2019-07-24T11:25:40+03:00", "Keys:CreationDate"},
		{"quicktime is UTC", `{"QuickTime:CreateDate": "2017:02:22 08:20:28"}`, "2017-02-22T08:20:28Z", "QuickTime:CreateDate"},
		{"nothing valid", `{"ExifIFD:DateTimeOriginal": "    :  :     :  :  "}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := gallery.Metadata{Sources: map[string]string{}}
			m := mapper{md: &md, file: tagsOf(t, tt.js)}
			m.taken()
			var got string
			if md.Taken != nil {
				got = md.Taken.Local.Format(time.RFC3339)
			}
			if got != tt.want || md.Sources["taken"] != tt.source {
				t.Errorf("got %q from %q, want %q from %q", got, md.Sources["taken"], tt.want, tt.source)
			}
		})
	}
}

func TestKindRefinement(t *testing.T) {
	tests := []struct {
		name       string
		sniffed    gallery.Metadata
		js         string
		kind       gallery.Kind
		format     gallery.Format
		mime, file string
	}{
		{"tiff that is a NEF", gallery.Metadata{Kind: "image", Format: "tiff", MIME: "image/tiff"},
			`{"File:FileType": "NEF", "File:MIMEType": "image/x-nikon-nef"}`, "raw", "", "image/x-nikon-nef", "NEF"},
		{"jpeg named .nef", gallery.Metadata{Kind: "image", Format: "jpeg", MIME: "image/jpeg"},
			`{"File:FileType": "JPEG", "File:MIMEType": "image/jpeg"}`, "image", "jpeg", "image/jpeg", "JPEG"},
		{"unknown bytes exiftool knows", gallery.Metadata{Kind: "other", MIME: mimeOctetStream},
			`{"File:FileType": "M2TS", "File:MIMEType": "video/m2ts"}`, "video", "", "video/m2ts", "M2TS"},
		{"avif sequence exiftool calls MP4", gallery.Metadata{Kind: "image", Format: "heif", MIME: "image/avif"},
			`{"File:FileType": "MP4", "File:MIMEType": "video/mp4"}`, "image", "heif", "image/avif", "MP4"},
		{"svg stays other", gallery.Metadata{Kind: "other", MIME: "image/svg+xml"},
			`{"File:FileType": "SVG", "File:MIMEType": "image/svg+xml"}`, "other", "", "image/svg+xml", "SVG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := tt.sniffed
			md.Sources = map[string]string{}
			m := mapper{md: &md, file: tagsOf(t, tt.js)}
			m.kind()
			if md.Kind != tt.kind || md.Format != tt.format || md.MIME != tt.mime || md.FileType != tt.file {
				t.Errorf("got %s/%q/%s/%s, want %s/%q/%s/%s", md.Kind, md.Format, md.MIME, md.FileType,
					tt.kind, tt.format, tt.mime, tt.file)
			}
		})
	}
}

func TestParseExiftoolJSON(t *testing.T) {
	docs, err := parseExiftoolJSON([]byte(`[{"SourceFile": "a", "IPTC:Keywords": ["x", 2006, "1.50"],
		"ExifTool:Warning": "one", "ExifTool:Warning": "two", "XMP-x:S": {"A": [1]}}]`))
	if err != nil || len(docs) != 1 {
		t.Fatalf("got %d docs, %v; want 1, nil", len(docs), err)
	}
	d := docs[0]
	if d.name != "a" {
		t.Errorf("got name %q, want %q", d.name, "a")
	}
	if diff := cmp.Diff([]string{"x", "2006", "1.50"}, d.strs("IPTC:Keywords")); diff != "" {
		t.Errorf("keywords mismatch (-want +got):\n%s", diff)
	}
	if got := len(d.fields); got != 4 {
		t.Errorf("got %d fields, want 4 (duplicates kept)", got)
	}
	if got := d.str("ExifTool:Warning"); got != "one" {
		t.Errorf("got %q, want the first of duplicates", got)
	}
	// Output cut at the limit keeps the complete objects before the cut.
	tests := []struct {
		in      string
		docs    int
		wantErr bool
	}{
		{"", 0, false},
		{"   ", 0, false},
		{"[", 0, false},
		{`[{"a": 1}`, 1, false},
		{`[{"a": 1}, {"b": `, 1, true},
		{`[{"a": }]`, 0, true},
		{`{"a": 1}`, 0, true},
	}
	for _, tt := range tests {
		docs, err := parseExiftoolJSON([]byte(tt.in))
		if len(docs) != tt.docs || (err != nil) != tt.wantErr {
			t.Errorf("parseExiftoolJSON(%q): got %d docs, %v; want %d, error %v", tt.in, len(docs), err, tt.docs, tt.wantErr)
		}
	}
}

func TestReadResponses(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // longer than the reader's buffer
	in := "[{\"a\": \"" + long + "\"}]\n{ready1}\n" +
		"partial {ready2}\n{ready2}\n" +
		strings.Repeat("y", maxStdout) + "\n{ready3}\n"
	p := &proc{dead: make(chan struct{})}
	ch := make(chan response)
	go p.read(nopCloser{strings.NewReader(in)}, "{ready", maxStdout, ch)
	var got []response
	for r := range ch {
		got = append(got, r)
	}
	if len(got) != 3 {
		t.Fatalf("got %d responses, want 3", len(got))
	}
	var v []map[string]string
	if err := json.Unmarshal(got[0].body, &v); err != nil || v[0]["a"] != long || got[0].seq != 1 {
		t.Errorf("first response: seq %d, %v; want seq 1 and the long value", got[0].seq, err)
	}
	if string(got[1].body) != "partial {ready2}\n" || got[1].seq != 2 {
		t.Errorf("got second response %q (seq %d), want the text before the marker", got[1].body, got[1].seq)
	}
	if !got[2].truncated || len(got[2].body) > maxStdout || got[2].seq != 3 {
		t.Errorf("third response: truncated %v, %d bytes; want it cut at %d", got[2].truncated, len(got[2].body), maxStdout)
	}
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a\tb\r\nc\rd\x00e\x1bf\u0085g  ", "a\tb\nc\nde" + "fg"},
		{"\xff\xfe bad", "\uFFFD bad"},
		{strings.Repeat("é", maxString), strings.Repeat("é", maxString/2)},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%.40q): got %.40q (%d bytes), want %.40q (%d bytes)", tt.in, got, len(got), tt.want, len(tt.want))
		}
	}
}

func TestLensName(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"EF-S18-55mm f/3.5-5.6", true},
		{"100.0 mm f/2.8", true},
		{"FE 28-70mm F3.5-5.6 OSS", true},
		{"8B 40 2D 80 2C 3C FD 0E", false},
		{"368", false},
		{"17 35 2.8 2.8", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := lensName(tt.in); got != tt.want {
			t.Errorf("lensName(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
}
