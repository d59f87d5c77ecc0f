package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"imagier/internal/gallery"
)

// TestEditorialFields: those who may edit an album set its description
// and the order of its items, and move items by hand; others, and editors
// of another album, are told it does not exist; an imported file's
// creator, credit line and copyright are kept, shown, and editable.
func TestEditorialFields(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			iptc := e.importInto(t, "iptc-xmp/IPTC.jpg", "Fête")
			e.importInto(t, "gps/GPS.jpg", "Fête")
			e.importInto(t, "cameras/Canon_40D.jpg", "Fête")
			e.importInto(t, "cameras/Sony.jpg", "Other")
			if iptc.Creator != "Phil Harvey" || iptc.Credit != "My Credit" || iptc.Copyright != "Copyright 2004 Phil Harvey" {
				t.Errorf("IPTC.jpg: creator %q, credit %q, copyright %q", iptc.Creator, iptc.Credit, iptc.Copyright)
			}
			fete, _ := e.svc.AlbumByPath(ctx, e.admin, "Fête")
			other, _ := e.svc.AlbumByPath(ctx, e.admin, "Other")
			ed := e.user(t, "editor", gallery.RoleNormal)
			viewer := e.user(t, "viewer", gallery.RoleNormal)
			for _, g := range []struct {
				a Actor
				p gallery.Perm
			}{{ed, gallery.PermView | gallery.PermEdit}, {viewer, gallery.PermView}} {
				if err := e.svc.Grant(ctx, e.admin, fete.ID, Grantee{User: g.a.User.ID}, g.p); err != nil {
					t.Fatal(err)
				}
			}
			ed, viewer = e.refresh(t, ed), e.refresh(t, viewer)

			// Description: kept as plain text with its paragraphs.
			desc := "Fête de la musique 2026.\r\n\r\nPhotos: <b>service communication</b>\x07"
			if err := e.svc.SetAlbumDescription(ctx, ed, fete.ID, desc); err != nil {
				t.Fatal(err)
			}
			v, err := e.svc.AlbumPageView(ctx, viewer, fete.ID, "", 10, false)
			if err != nil {
				t.Fatal(err)
			}
			if want := "Fête de la musique 2026.\n\nPhotos: <b>service communication</b>"; v.Album.Description != want {
				t.Errorf("description: %q, want %q", v.Album.Description, want)
			}
			if v.Edit {
				t.Error("a viewer may edit")
			}
			if err := e.svc.SetAlbumDescription(ctx, ed, fete.ID, strings.Repeat("x", gallery.MaxAlbumDescription+1)); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("overlong description: %v", err)
			}
			for _, a := range []Actor{viewer, ed} {
				album := fete.ID
				if a.User.ID == ed.User.ID {
					album = other.ID // an album the editor may not edit
				}
				if err := e.svc.SetAlbumDescription(ctx, a, album, "x"); !errors.Is(err, gallery.ErrNotFound) {
					t.Errorf("%s sets a description: %v", a.User.Name, err)
				}
				if err := e.svc.SetAlbumItemOrder(ctx, a, album, gallery.OrderTitle); !errors.Is(err, gallery.ErrNotFound) {
					t.Errorf("%s sets an order: %v", a.User.Name, err)
				}
				if err := e.svc.MoveAlbumItem(ctx, a, album, ItemMove{Key: iptc.Key, Step: 1}); !errors.Is(err, gallery.ErrNotFound) {
					t.Errorf("%s moves an item: %v", a.User.Name, err)
				}
			}

			// Order: by hand, from the date order; then moved.
			keys := func() []string {
				v, err := e.svc.AlbumPageView(ctx, viewer, fete.ID, "", 10, false)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, m := range v.Page.Items {
					out = append(out, m.Key)
				}
				return out
			}
			byDate := keys()
			if err := e.svc.MoveAlbumItem(ctx, ed, fete.ID, ItemMove{Key: iptc.Key, Step: 1}); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("a move in date order: %v", err)
			}
			if err := e.svc.SetAlbumItemOrder(ctx, ed, fete.ID, gallery.OrderManual); err != nil {
				t.Fatal(err)
			}
			if got := keys(); !slices.Equal(got, byDate) {
				t.Fatalf("manual at first: %v, want %v", got, byDate)
			}
			if err := e.svc.MoveAlbumItem(ctx, ed, fete.ID, ItemMove{Key: byDate[2], Target: byDate[0]}); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.MoveAlbumItem(ctx, ed, fete.ID, ItemMove{Key: byDate[0], Step: 1}); err != nil {
				t.Fatal(err)
			}
			if got, want := keys(), []string{byDate[2], byDate[1], byDate[0]}; !slices.Equal(got, want) {
				t.Fatalf("after moves: %v, want %v", got, want)
			}
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(e.svc.MoveAlbumItem(ctx, ed, fete.ID, ItemMove{Key: byDate[2], Last: true}))
			must(e.svc.MoveAlbumItem(ctx, ed, fete.ID, ItemMove{Key: byDate[0], First: true}))
			if got, want := keys(), []string{byDate[0], byDate[1], byDate[2]}; !slices.Equal(got, want) {
				t.Fatalf("after first and last: %v, want %v", got, want)
			}
			if n := e.auditCount(t, "album.arrange"); n != 4 {
				t.Errorf("%d arrange entries, want 4", n)
			}

			// Credit and copyright are edited like the other fields, and
			// a later edit of the title leaves them be.
			credit, rights := "Mairie — service communication", "© Ville 2026"
			if err := e.svc.EditMedia(ctx, ed, iptc.Key, MediaEdit{Credit: &credit, Copyright: &rights}); err != nil {
				t.Fatal(err)
			}
			long := strings.Repeat("é", 1500)
			if err := e.svc.EditMedia(ctx, ed, iptc.Key, MediaEdit{Creator: &long}); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("overlong creator: %v", err)
			}
			m, _, _ := e.svc.Media(ctx, viewer, iptc.Key)
			if m.Credit != credit || m.Copyright != rights || m.Creator != "Phil Harvey" || !slices.Contains(m.Edited, "credit") {
				t.Errorf("after edit: creator %q, credit %q, copyright %q, edited %v", m.Creator, m.Credit, m.Copyright, m.Edited)
			}
		})
	}
}

// TestPlaceAlbum: administrators move an album among its siblings, by a
// drop before another or one step at a time; others may not.
func TestPlaceAlbum(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			var ids []int64
			for _, n := range []string{"A", "B", "C"} {
				id, err := e.svc.CreateAlbum(ctx, e.admin, 0, n)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			names := func() string {
				roots, _, err := e.store.AlbumNodes(ctx, e.admin.Access)
				if err != nil {
					t.Fatal(err)
				}
				var s []string
				for _, a := range roots {
					s = append(s, a.Name)
				}
				return strings.Join(s, "")
			}
			steps := []struct {
				id, before int64
				step       int
				want       string
			}{
				{ids[2], ids[0], 0, "CAB"},
				{ids[2], 0, 1, "ACB"},
				{ids[0], 0, 0, "CBA"},
				{ids[0], 0, -1, "CAB"},
				{ids[2], 0, -1, "CAB"},
			}
			for _, s := range steps {
				if err := e.svc.PlaceAlbum(ctx, e.admin, s.id, s.before, s.step); err != nil {
					t.Fatal(err)
				}
				if got := names(); got != s.want {
					t.Fatalf("after %+v: %s, want %s", s, got, s.want)
				}
			}
			ed := e.user(t, "someone", gallery.RoleNormal)
			if err := e.svc.PlaceAlbum(ctx, ed, ids[0], 0, 1); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("a non-administrator places an album: %v", err)
			}
			sub, _ := e.svc.CreateAlbum(ctx, e.admin, ids[0], "Sub")
			if err := e.svc.PlaceAlbum(ctx, e.admin, ids[1], sub, 0); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("placed before an album elsewhere: %v", err)
			}
		})
	}
}
