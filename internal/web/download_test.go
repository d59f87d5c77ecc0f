package web

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/url"
	"slices"
	"testing"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

// TestAlbumZip downloads an album as a zip as an administrator and as a
// user with a lower privacy level: each gets the originals they may see,
// byte for byte, and nothing else.
func TestAlbumZip(t *testing.T) {
	ctx := context.Background()
	files := []string{"cameras/Canon_40D.jpg", "cameras/Nikon.jpg", "cameras/Sony.jpg"}
	for name, s := range newSites(t, files...) {
		t.Run(name, func(t *testing.T) {
			admin := s.signedIn(t)
			album := s.camerasAlbum(t)
			hash, _ := auth.HashPassword("correct horse")
			u := &gallery.User{Name: "zoé", Role: gallery.RoleNormal, PasswordHash: hash}
			must(t, s.store.AddUser(ctx, u))
			must(t, s.store.SetGrant(ctx, album.ParentID, u.ID, 0, gallery.PermView))
			must(t, s.store.SetGrant(ctx, album.ID, u.ID, 0, gallery.PermView|gallery.PermDownload))
			// One item only for family: zoé (everybody) must not get it.
			var family gallery.Media
			must(t, s.store.EachMedia(ctx, func(m gallery.Media) error {
				if m.Filename == "Sony.jpg" {
					family = m
				}
				return nil
			}))
			must(t, s.store.SetLevel(ctx, []int64{family.ID}, gallery.LevelFamily))

			list := func(page []byte) []string {
				zr, err := zip.NewReader(bytes.NewReader(page), int64(len(page)))
				if err != nil {
					t.Fatalf("not a zip: %v", err)
				}
				var names []string
				for _, f := range zr.File {
					rc, _ := f.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					if int64(len(b)) != int64(f.UncompressedSize64) || len(b) == 0 {
						t.Errorf("%s: %d bytes", f.Name, len(b))
					}
					names = append(names, f.Name)
				}
				slices.Sort(names)
				return names
			}
			path := s.URL + "/albums/" + itoa(album.ID) + "/download"
			if got := list([]byte(get(t, admin, path))); !slices.Equal(got, []string{"Canon_40D.jpg", "Nikon.jpg", "Sony.jpg"}) {
				t.Errorf("administrator's zip: %v", got)
			}
			zc := s.client(true)
			zc.PostForm(s.URL+"/login", url.Values{"name": {u.Name}, "password": {"correct horse"}})
			if got := list([]byte(get(t, zc, path))); !slices.Equal(got, []string{"Canon_40D.jpg", "Nikon.jpg"}) {
				t.Errorf("a level-0 user's zip: %v", got)
			}
			// Without the download right: nothing, as if there were no album.
			must(t, s.store.SetGrant(ctx, album.ID, u.ID, 0, gallery.PermView))
			resp, err := zc.Get(path)
			body(t, resp, err)
			if resp.StatusCode != 404 {
				t.Errorf("without the download right: got %d", resp.StatusCode)
			}
		})
	}
}

func TestZipName(t *testing.T) {
	used := map[string]int{}
	for _, tt := range []struct{ in, want string }{
		{"a.jpg", "a.jpg"}, {"a.jpg", "a (2).jpg"}, {"../../etc/passwd", "passwd"}, {`..\..\x.jpg`, "x.jpg"}, {"..", "file"}, {"", "file (2)"},
	} {
		if got := zipName(tt.in, used); got != tt.want {
			t.Errorf("zipName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
