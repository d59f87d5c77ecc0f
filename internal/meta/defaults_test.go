package meta

import (
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// TestCameraDefaultsDropped: the texts cameras write by default, and an
// ImageDescription that only repeats the camera's make, are never a
// caption or a title; real captions and credits are kept. Real files, read
// by the fast reader (and by exiftool too when it is installed).
func TestCameraDefaultsDropped(t *testing.T) {
	tests := []struct {
		file                 string
		title, desc, creator string
		credit, copyright    string
	}{
		{file: "cameras/Olympus.jpg"},               // "OLYMPUS DIGITAL CAMERA"
		{file: "cameras/OlympusE1.jpg"},             // "OLYMPUS DIGITAL CAMERA"
		{file: "cameras/WWL_Polaroid_ION230.jpg"},   // "WWL", the make
		{file: "gps/Samsung_GT-I9000_Galaxy_S.jpg"}, // "SAMSUNG", padded
		{file: "iptc-xmp/IPTC.jpg", title: "Test IPTC picture", desc: "A witty caption", creator: "Phil Harvey",
			credit: "My Credit", copyright: "Copyright 2004 Phil Harvey"},
		{file: "gps/GPS.jpg", title: "Communications", desc: "Communications", creator: "Ian Britton",
			credit: "Ian Britton", copyright: "ian Britton - FreeFoto.com"},
		{file: "cameras/Pentax_K10D.jpg", creator: "Laitche", copyright: "Laitche (This file is in the public domain.)"},
	}
	check := func(t *testing.T, reader string, md gallery.Metadata, tt struct {
		file                 string
		title, desc, creator string
		credit, copyright    string
	}) {
		t.Helper()
		got := [5]string{md.Title.Default(""), md.Description.Default(""), md.Creator, md.Credit, md.Copyright.Default("")}
		want := [5]string{tt.title, tt.desc, tt.creator, tt.credit, tt.copyright}
		if got != want {
			t.Errorf("%s (%s): title, caption, creator, credit, copyright = %q, want %q", tt.file, reader, got, want)
		}
		if tt.title == "" && md.Sources["title"] != "" || tt.desc == "" && md.Sources["description"] != "" {
			t.Errorf("%s (%s): a source is named for a dropped text: %v", tt.file, reader, md.Sources)
		}
	}
	for _, tt := range tests {
		path := testmedia.Path(t, tt.file)
		n, err := readNative(path, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		md, err := fastExtract(path, n, nil, gallery.Metadata{Kind: n.kind, Format: n.format, MIME: n.mime})
		if err != nil {
			t.Logf("%s: the fast reader defers (%v)", tt.file, err)
		} else {
			check(t, "fast", md, tt)
		}
	}
	e := sharedExtractor(t)
	for _, tt := range tests {
		check(t, "exiftool", extract(t, e, tt.file), tt)
	}
}

func TestCameraDefault(t *testing.T) {
	for _, s := range []string{"", "   ", "SAMSUNG", "samsung   ", "OLYMPUS DIGITAL CAMERA", "SONY DSC", "DCIM", "DIGITAL CAMERA", "Default", "DCIM\\100MEDIA"} {
		if !cameraDefault(s) {
			t.Errorf("cameraDefault(%q) = false", s)
		}
	}
	for _, s := range []string{"Samsung Galaxy launch at the town hall", "Fête de la musique", "DSC of the mayor"} {
		if cameraDefault(s) {
			t.Errorf("cameraDefault(%q) = true", s)
		}
	}
	if !sameText("WWL ", "wwl") || sameText("", "") || sameText("WWL", "WWL 2") {
		t.Error("sameText")
	}
}
