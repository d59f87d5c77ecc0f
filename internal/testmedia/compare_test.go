package testmedia

import (
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		ok        bool
		wall      string // "2006:01:02 15:04:05"
		hasOffset bool
		offset    int // seconds east of UTC
	}{
		{in: "    :  :     :  :  "},
		{in: "0000:00:00 00:00:00"},
		{in: "1700:01:01 00:00:00"},
		{in: "2001:02:30 12:00:00"},
		{in: "2008:05:30 15:56:01 junk"},
		{in: "2008:05:30 15:56:01", ok: true, wall: "2008:05:30 15:56:01"},
		{in: "2009:05:19 09:57:21-07:00", ok: true, wall: "2009:05:19 09:57:21", hasOffset: true, offset: -7 * 3600},
		{in: "2010:03:04 11:59:38+0100", ok: true, wall: "2010:03:04 11:59:38", hasOffset: true, offset: 3600},
		{in: "2009:08:04 10:35:03Z", ok: true, wall: "2009:08:04 10:35:03", hasOffset: true},
		{in: "2014:07:15 06:57:34.000000Z", ok: true, wall: "2014:07:15 06:57:34", hasOffset: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if ok != tt.ok {
				t.Fatalf("got ok %v (%+v), want %v", ok, got, tt.ok)
			}
			if !ok {
				return
			}
			_, off := got.Local.Zone()
			if w := got.Local.Format("2006:01:02 15:04:05"); w != tt.wall || got.HasOffset != tt.hasOffset || off != tt.offset {
				t.Errorf("got %s (offset %v, %ds), want %s (offset %v, %ds)", w, got.HasOffset, off, tt.wall, tt.hasOffset, tt.offset)
			}
		})
	}
}

func TestCompareDate(t *testing.T) {
	date := func(s string, off int, hasOffset bool) *gallery.DateTime {
		l, err := time.ParseInLocation("2006:01:02 15:04:05", s, time.FixedZone("", off))
		if err != nil {
			t.Fatal(err)
		}
		return &gallery.DateTime{Local: l, HasOffset: hasOffset}
	}
	const wall = "2009:05:19 09:57:21"
	tests := []struct {
		name, manifest string
		got            *gallery.DateTime
		ok             bool
	}{
		{"blank date is refused", "    :  :     :  :   [ExifIFD:DateTimeOriginal]", date(wall, 0, false), true},
		{"zero date is refused", "0000:00:00 00:00:00 [ExifIFD:DateTimeOriginal]", nil, true},
		{"missing", wall + " [ExifIFD:DateTimeOriginal]", nil, false},
		{"same wall clock", wall + " [ExifIFD:DateTimeOriginal]", date(wall, 0, false), true},
		{"offset we have, manifest has not", wall + " [ExifIFD:DateTimeOriginal]", date(wall, 2*3600, true), true},
		{"other wall clock", wall + " [ExifIFD:DateTimeOriginal]", date("2009:05:19 09:57:22", 0, false), false},
		{"same offset", wall + "-07:00 [XMP-exif:DateTimeOriginal]", date(wall, -7*3600, true), true},
		{"offset missing", wall + "-07:00 [XMP-exif:DateTimeOriginal]", date(wall, 0, false), false},
		{"other offset", wall + "-07:00 [XMP-exif:DateTimeOriginal]", date(wall, 2*3600, true), false},
		{"same instant, other wall clock", wall + "-07:00 [XMP-exif:DateTimeOriginal]", date("2009:05:19 16:57:21", 0, true), false},
		{"Z", wall + "Z [QuickTime:CreateDate]", date(wall, 0, true), true},
		{"Z without offset", wall + "Z [QuickTime:CreateDate]", date(wall, 0, false), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := compareDate(tt.manifest, tt.got)
			if c.Field != "taken" || c.OK != tt.ok {
				t.Errorf("got %+v, want field taken and OK %v", c, tt.ok)
			}
		})
	}
}

func TestCompareKeywords(t *testing.T) {
	long := "a;b;" + strings.Repeat("z", 300) // cut by the manifest at 300 bytes
	tests := []struct {
		name, manifest string
		got            []string
		ok             bool
	}{
		{"same set", "b;a", []string{"a", "b"}, true},
		{"one more", "a", []string{"a", "b"}, false},
		{"one fewer", "a;b", []string{"a"}, false},
		{"keyword holding the separator", "x;y", []string{"x;y"}, true},
		{"truncated: a subset is enough", long, []string{"a", "b", "c"}, true},
		{"truncated: still needs its items", long, []string{"a"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c := compareKeywords(tt.manifest, tt.got); c.OK != tt.ok {
				t.Errorf("got %+v, want OK %v", c, tt.ok)
			}
		})
	}
}
