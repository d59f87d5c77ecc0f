package web

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

// TestWhoCanSee reads the administrators' "who can see this" panels of an
// album and of a photo: a grant shows with its reason, a user disappears
// from the photo's list when its privacy level is raised above theirs, and
// a user granted through a group is named with the group.
func TestWhoCanSee(t *testing.T) {
	ctx := context.Background()
	for name, s := range newSites(t, "cameras/Canon_40D.jpg") {
		t.Run(name, func(t *testing.T) {
			admin := s.signedIn(t)
			album := s.camerasAlbum(t)
			hash, _ := auth.HashPassword("correct horse")
			paul := &gallery.User{Name: "paul", Role: gallery.RoleNormal, PasswordHash: hash}
			rita := &gallery.User{Name: "rita", Role: gallery.RoleNormal, PasswordHash: hash, Level: gallery.LevelFamily}
			nobody := &gallery.User{Name: "ungranted", Role: gallery.RoleNormal, PasswordHash: hash}
			for _, u := range []*gallery.User{paul, rita, nobody} {
				must(t, s.store.AddUser(ctx, u))
			}
			gid, err := s.store.CreateGroup(ctx, "famille")
			must(t, err)
			must(t, s.store.SetMember(ctx, gid, rita.ID, true))
			must(t, s.store.SetGrant(ctx, album.ParentID, paul.ID, 0, gallery.PermView))
			must(t, s.store.SetGrant(ctx, album.ParentID, 0, gid, gallery.PermView|gallery.PermDownload))

			page := get(t, admin, s.URL+"/albums/"+itoa(album.ID)+"?who")
			for _, want := range []string{"paul", "granted to them", "rita", "granted to the group famille", "anne", "administrators see everything"} {
				if !strings.Contains(page, want) {
					t.Errorf("album panel lacks %q", want)
				}
			}
			if strings.Contains(page, "<strong>ungranted</strong>") {
				t.Errorf("album panel names an account without access")
			}
			key := regexp.MustCompile(`/m/([A-Za-z0-9_-]+)`).FindStringSubmatch(get(t, admin, s.URL+"/albums/"+itoa(album.ID)))[1]
			m, _ := s.store.MediaByKey(ctx, key)
			photo := func() string { return get(t, admin, s.URL+"/m/"+key+"?who") }
			if p := photo(); !strings.Contains(p, "<strong>paul</strong>") || !strings.Contains(p, "<strong>rita</strong>") {
				t.Errorf("photo panel: paul or rita missing")
			}
			must(t, s.store.SetLevel(ctx, []int64{m.ID}, gallery.LevelFamily))
			if p := photo(); strings.Contains(p, "<strong>paul</strong>") || !strings.Contains(p, "<strong>rita</strong>") {
				t.Errorf("photo panel after raising its level: paul should be gone, rita stay")
			}
		})
	}
}
