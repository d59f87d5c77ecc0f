package service

import (
	"context"
	"testing"

	"imagier/internal/gallery"
)

// TestAuditLinesNameThings: the activity log's entries come with the
// names of what they are about, looked up when read; what was deleted
// since is left unnamed, for the page to say so.
func TestAuditLinesNameThings(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			comm := e.user(t, "Service communication", gallery.RoleAdmin)
			album, err := e.svc.CreateAlbum(ctx, comm, 0, "Fête de la musique 2026")
			if err != nil {
				t.Fatal(err)
			}
			gone, err := e.svc.CreateAlbum(ctx, comm, 0, "Brouillon")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.RenameAlbum(ctx, comm, gone, "Brouillons"); err != nil {
				t.Fatal(err)
			}
			contributor := e.user(t, "Camille", gallery.RoleNormal)
			if err := e.svc.Grant(ctx, comm, album, Grantee{User: contributor.User.ID}, gallery.PermView|gallery.PermContribute); err != nil {
				t.Fatal(err)
			}
			group, err := e.svc.AddGroup(ctx, comm, "Photographes")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SetMember(ctx, comm, group, contributor.User.ID, true); err != nil {
				t.Fatal(err)
			}
			contributor = e.refresh(t, contributor)
			for _, f := range []string{"cameras/Canon_40D.jpg", "cameras/Sony.jpg", "cameras/Casio.jpg"} {
				e.upload(t, contributor, f, album)
			}
			pending, err := e.svc.ReviewPage(ctx, comm, "", 10)
			if err != nil || len(pending.Items) != 3 {
				t.Fatalf("pending: got %d items, %v; want 3", len(pending.Items), err)
			}
			var keys []string
			for _, m := range pending.Items {
				keys = append(keys, m.Key)
			}
			if err := e.svc.Review(ctx, comm, keys, true); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.DeleteAlbum(ctx, comm, gone, false); err != nil {
				t.Fatal(err)
			}
			lines, err := e.svc.AuditLines(ctx, comm, gallery.AuditFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			byAction := map[string]AuditLine{}
			for _, l := range lines {
				if _, ok := byAction[l.Action]; !ok { // newest first
					byAction[l.Action] = l
				}
			}
			pub := byAction["review.publish"]
			if pub.UserName != "Service communication" || pub.Items != 3 || pub.Kind != gallery.KindImage || pub.Album != "Fête de la musique 2026" {
				t.Errorf("publish: got %q, %d items of kind %q in %q; want Service communication, 3 image items in the album",
					pub.UserName, pub.Items, pub.Kind, pub.Album)
			}
			if g := byAction["album.grant"]; g.Object != "Fête de la musique 2026" || g.Who != "Camille" || g.WhoGroup {
				t.Errorf("grant: got album %q to %q (group %t), want the album to Camille", g.Object, g.Who, g.WhoGroup)
			}
			if j := byAction["group.join"]; j.Object != "Photographes" || j.Who != "Camille" {
				t.Errorf("join: got group %q, account %q; want Photographes, Camille", j.Object, j.Who)
			}
			if r := byAction["album.rename"]; r.Object != "" || r.Detail != "Brouillons" {
				t.Errorf("rename of a deleted album: got object %q detail %q, want no name and the new name", r.Object, r.Detail)
			}
			up := byAction["upload.contribute"]
			if up.UserName != "Camille" || up.Items != 1 || up.Album != "Fête de la musique 2026" {
				t.Errorf("contribution: got %+v, want Camille's, into the album", up)
			}
			if _, err := e.svc.AuditLines(ctx, contributor, gallery.AuditFilter{}); err == nil {
				t.Errorf("a user read the activity log")
			}
		})
	}
}

func TestParseFacts(t *testing.T) {
	for _, c := range []struct {
		detail string
		want   map[string]string
	}{
		{"public=true inherit=false sub_albums=3", map[string]string{"public": "true", "inherit": "false", "sub_albums": "3"}},
		{"tags=fête de la musique,été album=4", map[string]string{"tags": "fête de la musique,été", "album": "4"}},
		{"u12 perms=3", map[string]string{"perms": "3"}},
		{"", map[string]string{}},
	} {
		got := parseFacts(c.detail)
		if len(got) != len(c.want) {
			t.Errorf("%q: got %v, want %v", c.detail, got, c.want)
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%q: %s: got %q, want %q", c.detail, k, got[k], v)
			}
		}
	}
}
