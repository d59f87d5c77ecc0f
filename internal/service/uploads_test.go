package service

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/meta"
	"imagier/internal/testmedia"
)

// sendAs uploads the shared test file as name, with sidecars (shared test
// files, each sent under the name that follows it), into album.
func (e *env) sendAs(t *testing.T, a Actor, file, name string, album int64, sidecars ...string) (UploadResult, error) {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(testmedia.Path(t, file))
	if err != nil {
		t.Fatal(err)
	}
	req := UploadRequest{Name: name, Size: int64(len(data)), Album: album}
	for i := 0; i+1 < len(sidecars); i += 2 {
		sc, err := os.ReadFile(testmedia.Path(t, sidecars[i]))
		if err != nil {
			t.Fatal(err)
		}
		req.Sidecars = append(req.Sidecars, Sidecar{Name: sidecars[i+1], Data: sc})
	}
	up, err := e.svc.StartUpload(ctx, a, req)
	if err != nil {
		return UploadResult{}, err
	}
	if _, err := e.svc.UploadChunk(ctx, a, up.ID, 0, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	return e.svc.FinishUpload(ctx, a, up.ID)
}

// staging lists what is left in the uploads' staging folder.
func (e *env) staging(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(e.dir, "uploads"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range entries {
		out = append(out, x.Name())
	}
	return out
}

// TestUploadDuplicateSaysWhatWasDone: a file already in the library is
// answered with the item's key and whether it was put into the album or
// the album held it already, or brought back from the trash; a
// contributor still learns nothing.
func TestUploadDuplicateSaysWhatWasDone(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			fete, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Fête de la musique"}})
			must(err)
			other, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Mairie", "Conseil"}})
			must(err)
			boss := e.user(t, "boss", gallery.RoleAdmin)
			first, err := e.sendAs(t, boss, "cameras/Pentax.jpg", "Pentax.jpg", fete)
			must(err)
			if first.Outcome != "imported" || first.Key == "" || first.AlbumID != fete || first.Album != "Fête de la musique" {
				t.Fatalf("first upload: %+v", first)
			}
			for _, tt := range []struct {
				what            string
				album           int64
				filed, restored bool
				path            string
			}{
				{"again into its album", fete, false, false, "Fête de la musique"},
				{"into another album", other, true, false, "Mairie/Conseil"},
				{"into that album again", other, false, false, "Mairie/Conseil"},
				{"into no album", 0, false, false, ""},
			} {
				res, err := e.sendAs(t, boss, "cameras/Pentax.jpg", "copie.jpg", tt.album)
				must(err)
				if res.Outcome != "duplicate" || res.Key != first.Key || res.Filed != tt.filed || res.Restored != tt.restored || res.Album != tt.path || res.AlbumID != tt.album {
					t.Errorf("%s: got %+v, want filed %v into %q with key %s", tt.what, res, tt.filed, tt.path, first.Key)
				}
			}
			item, err := e.store.MediaByKey(ctx, first.Key)
			must(err)
			albums, err := e.store.MediaAlbumIDs(ctx, item.ID)
			must(err)
			if !slices.Equal(albums, []int64{fete, other}) {
				t.Errorf("the item's albums: %v, want %v", albums, []int64{fete, other})
			}

			// An editor of the album sees the item: told it was there.
			editor := e.user(t, "editor", gallery.RoleNormal)
			contrib := e.user(t, "contrib", gallery.RoleNormal)
			must(e.svc.Grant(ctx, e.admin, fete, Grantee{User: editor.User.ID}, gallery.PermView|gallery.PermEdit|gallery.PermContribute))
			must(e.svc.Grant(ctx, e.admin, fete, Grantee{User: contrib.User.ID}, gallery.PermView|gallery.PermContribute))
			editor, contrib = e.refresh(t, editor), e.refresh(t, contrib)
			res, err := e.sendAs(t, editor, "cameras/Pentax.jpg", "Pentax.jpg", fete)
			must(err)
			if res.Outcome != "duplicate" || res.Key != first.Key || res.Filed {
				t.Errorf("editor, into the album holding it: %+v", res)
			}
			res, err = e.sendAs(t, contrib, "cameras/Pentax.jpg", "Pentax.jpg", fete)
			must(err)
			if res.Outcome != "pending" || res.Key != "" || res.Filed || res.Restored {
				t.Errorf("contributor: %+v, want the answer to a new file", res)
			}

			// From the trash, an administrator's upload brings it back.
			must(e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchDelete, Keys: []string{first.Key}}))
			res, err = e.sendAs(t, boss, "cameras/Pentax.jpg", "Pentax.jpg", fete)
			must(err)
			if res.Outcome != "duplicate" || res.Key != first.Key || !res.Restored || res.Filed {
				t.Errorf("from the trash: %+v", res)
			}
			if left := e.staging(t); len(left) != 0 {
				t.Errorf("staging folder keeps %v", left)
			}
		})
	}
}

// TestUploadSidecars: an XMP sidecar sent with its photo, named
// "x.jpg.xmp" or "x.xmp", is read as a sidecar on disk is — its
// keywords, title, rating and position win — and leaves nothing behind; a
// sidecar sent alone, one with another photo's name and hostile ones (XXE,
// oversized, broken) are refused before anything is staged or reserved.
func TestUploadSidecars(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			boss := e.user(t, "boss", gallery.RoleAdmin)
			album, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Sidecars"}})
			if err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct{ file, name, sidecar string }{
				{"cameras/Pentax.jpg", "IMG_1.jpg", "IMG_1.jpg.xmp"},
				{"cameras/Nikon.jpg", "IMG_2.JPG", "img_2.xmp"},
			} {
				res, err := e.sendAs(t, boss, tt.file, tt.name, album, "iptc-xmp/APhotoManager-exmaple.xmp", tt.sidecar)
				if err != nil || res.Outcome != "imported" {
					t.Fatalf("%s with %s: %+v %v", tt.name, tt.sidecar, res, err)
				}
				m, err := e.store.MediaByKey(ctx, res.Key)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(m.Meta.Keywords, "tagA2") || !slices.Contains(m.Meta.Keywords, "tagB2") {
					t.Errorf("%s with %s: keywords %v", tt.name, tt.sidecar, m.Meta.Keywords)
				}
				if !slices.Contains(m.Tags, "tagA2") {
					t.Errorf("%s with %s: tags %v", tt.name, tt.sidecar, m.Tags)
				}
				if m.Title != "Title2" || m.Meta.Rating != 2 {
					t.Errorf("%s with %s: title %q, rating %d", tt.name, tt.sidecar, m.Title, m.Meta.Rating)
				}
				if g := m.Meta.GPS; g == nil || g.Lat < 52.01 || g.Lat > 52.03 || g.Lon < 12.01 || g.Lon > 12.03 {
					t.Errorf("%s with %s: position %+v", tt.name, tt.sidecar, g)
				}
			}
			n := 0
			e.store.EachMedia(ctx, func(m gallery.Media) error {
				if meta.IsSidecarName(m.Filename) {
					t.Errorf("a sidecar stored as an item: %s", m.Filename)
				}
				n++
				return nil
			})
			if n != 2 {
				t.Errorf("%d items, want the 2 photos", n)
			}
			if left := e.staging(t); len(left) != 0 {
				t.Errorf("staging folder keeps %v", left)
			}

			before, err := e.svc.Quota(ctx, boss)
			if err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct {
				what          string
				name, sidecar string
				sidecarFile   string
				want          error
			}{
				{"a sidecar alone", "IMG_3.xmp", "", "", ErrSidecarAlone},
				{"another photo's sidecar", "IMG_3.jpg", "IMG_4.xmp", "iptc-xmp/XMP.xmp", ErrSidecarMismatch},
				{"an XXE", "IMG_3.jpg", "IMG_3.xmp", "malicious/Classic_XXE_-_etc_passwd.xml", meta.ErrSidecarEntities},
				{"an SVG", "IMG_3.jpg", "IMG_3.xmp", "malicious/entityTest.svg", meta.ErrSidecarEntities},
				{"a JPEG", "IMG_3.jpg", "IMG_3.jpg.xmp", "iptc-xmp/XMP.jpg", meta.ErrSidecarNotXMP},
			} {
				var sc []string
				if tt.sidecarFile != "" {
					sc = []string{tt.sidecarFile, tt.sidecar}
				}
				_, err := e.sendAs(t, boss, "cameras/Olympus.jpg", tt.name, album, sc...)
				if !errors.Is(err, tt.want) || !errors.Is(err, gallery.ErrInvalid) {
					t.Errorf("%s: got %v, want %v", tt.what, err, tt.want)
				}
			}
			// Oversized: a real sidecar padded as XMP packets are, past the
			// limit.
			data, err := os.ReadFile(testmedia.Path(t, "iptc-xmp/XMP.xmp"))
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, bytes.Repeat([]byte("\n "), meta.MaxSidecarBytes/2)...)
			_, err = e.svc.StartUpload(ctx, boss, UploadRequest{Name: "IMG_3.jpg", Size: 10, Album: album, Sidecars: []Sidecar{{Name: "IMG_3.xmp", Data: data}}})
			var se *SidecarError
			if !errors.As(err, &se) || !errors.Is(err, meta.ErrSidecarTooLarge) || se.Name != "IMG_3.xmp" {
				t.Errorf("an oversized sidecar: got %v", err)
			}
			if n, err := e.store.CountUploads(ctx, boss.User.ID); err != nil || n != 0 {
				t.Errorf("uploads in progress after refusals: %d %v", n, err)
			}
			if after, err := e.svc.Quota(ctx, boss); err != nil || after.Used != before.Used {
				t.Errorf("usage after refusals: %d, was %d (%v)", after.Used, before.Used, err)
			}
			if left := e.staging(t); len(left) != 0 {
				t.Errorf("staging folder keeps %v", left)
			}
		})
	}
}
