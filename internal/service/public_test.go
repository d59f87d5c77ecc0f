package service

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"imagier/internal/gallery"
)

// albumID returns the id of the album at path, as administrators see it.
func (e *env) albumID(t *testing.T, path string) int64 {
	t.Helper()
	al, err := e.svc.AlbumByPath(context.Background(), e.admin, path)
	if err != nil {
		t.Fatalf("album %s: %v", path, err)
	}
	return al.ID
}

// TestSubAlbumsMadePublic: making an album public leaves its private
// sub-albums alone unless asked, and then makes them public in the same
// change, recorded once.
func TestSubAlbumsMadePublic(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			yes := true
			for _, p := range []string{"Fête", "Fête/Scène", "Fête/Scène/Coulisses"} {
				if _, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: strings.Split(p, "/")}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Fête", "Affiches"}, Public: &yes}); err != nil {
				t.Fatal(err)
			}
			root, scene, back := e.albumID(t, "Fête"), e.albumID(t, "Fête/Scène"), e.albumID(t, "Fête/Scène/Coulisses")
			rights, err := e.svc.AlbumRights(ctx, e.admin, root, false)
			if err != nil {
				t.Fatal(err)
			}
			if rights.PrivateSubAlbums != 2 {
				t.Errorf("private sub-albums: got %d, want 2", rights.PrivateSubAlbums)
			}
			public := func(id int64) bool {
				p, _, err := e.store.AlbumAccess(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			before := e.auditCount(t, "album.visibility")
			if err := e.svc.SetAlbumVisibility(ctx, e.admin, root, true, true, false); err != nil {
				t.Fatal(err)
			}
			if !public(root) || public(scene) || public(back) {
				t.Errorf("only this album: got public %t %t %t, want true false false", public(root), public(scene), public(back))
			}
			if err := e.svc.SetAlbumVisibility(ctx, e.admin, root, true, true, true); err != nil {
				t.Fatal(err)
			}
			if !public(root) || !public(scene) || !public(back) {
				t.Errorf("with sub-albums: got public %t %t %t, want all true", public(root), public(scene), public(back))
			}
			if got := e.auditCount(t, "album.visibility") - before; got != 2 {
				t.Errorf("audit entries: got %d, want one per change (2)", got)
			}
			entries, err := e.store.Audit(ctx, gallery.AuditFilter{Action: "album.visibility", Limit: 1})
			if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "sub_albums=2") {
				t.Errorf("last entry: got %+v %v, want its detail to count 2 sub-albums", entries, err)
			}
			// Making an album private never touches its sub-albums.
			if err := e.svc.SetAlbumVisibility(ctx, e.admin, root, false, true, true); err != nil {
				t.Fatal(err)
			}
			if public(root) || !public(scene) {
				t.Errorf("made private: got public %t %t, want false true", public(root), public(scene))
			}
			// A plain user may not change it.
			u := e.user(t, "someone", gallery.RoleNormal)
			if err := e.svc.SetAlbumVisibility(ctx, u, root, true, true, true); err == nil {
				t.Errorf("a user made an album public")
			}
		})
	}
}

// TestBadgesForStaffOnly: album cards carry whether the album is public
// (it and every album above it) for administrators and editors only.
func TestBadgesForStaffOnly(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			yes := true
			for _, spec := range []AlbumSpec{{Path: []string{"Ouvert"}, Public: &yes}, {Path: []string{"Fermé"}}, {Path: []string{"Fermé", "Dedans"}, Public: &yes}} {
				if _, err := e.svc.AddAlbumPath(ctx, e.admin, spec); err != nil {
					t.Fatal(err)
				}
			}
			editor := e.user(t, "editor", gallery.RoleNormal)
			if err := e.svc.Grant(ctx, e.admin, e.albumID(t, "Fermé"), Grantee{User: editor.User.ID}, gallery.PermView|gallery.PermEdit); err != nil {
				t.Fatal(err)
			}
			editor = e.refresh(t, editor)
			plain := e.user(t, "plain", gallery.RoleNormal)
			guest, err := e.svc.ActorFor(ctx, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{"Ouvert": true, "Fermé": false, "Fermé/Dedans": false}
			for _, c := range []struct {
				who   string
				a     Actor
				badge bool
			}{{"admin", e.admin, true}, {"editor", editor, true}, {"plain user", plain, false}, {"guest", guest, false}} {
				_, byID, err := e.svc.Albums(ctx, c.a)
				if err != nil {
					t.Fatal(err)
				}
				if len(byID) == 0 {
					t.Fatalf("%s sees no album", c.who)
				}
				for _, al := range byID {
					if al.Badge != c.badge {
						t.Errorf("%s, %s: got badge %t, want %t", c.who, al.Path, al.Badge, c.badge)
					}
					if al.Badge && al.Public != want[al.Path] {
						t.Errorf("%s, %s: got public %t, want %t", c.who, al.Path, al.Public, want[al.Path])
					}
				}
			}
		})
	}
}

func tc(name string, n int) gallery.TagCount { return gallery.TagCount{Name: name, Count: n} }

// TestTagIndexCounts: the tag index counts only what the caller sees —
// never a private or higher-level item for a guest — and sorts names
// in the reader's language.
func TestTagIndexCounts(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			yes := true
			if _, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Public"}, Public: &yes}); err != nil {
				t.Fatal(err)
			}
			open := e.importInto(t, "cameras/Canon_40D.jpg", "Public")
			friends := e.importInto(t, "cameras/Sony.jpg", "Public")
			hidden := e.importInto(t, "cameras/Casio.jpg", "Secret")
			batch := func(b Batch) {
				t.Helper()
				if err := e.svc.BatchEdit(ctx, e.admin, b); err != nil {
					t.Fatal(err)
				}
			}
			batch(Batch{Action: BatchLevel, Keys: []string{friends.Key}, Level: gallery.LevelFriends})
			batch(Batch{Action: BatchTag, Keys: []string{open.Key, friends.Key, hidden.Key}, Tags: []string{"zèbre"}})
			batch(Batch{Action: BatchTag, Keys: []string{open.Key}, Tags: []string{"Été"}})
			batch(Batch{Action: BatchTag, Keys: []string{friends.Key, hidden.Key}, Tags: []string{"arbre"}})
			batch(Batch{Action: BatchTag, Keys: []string{hidden.Key}, Tags: []string{"secret"}})
			guest, err := e.svc.ActorFor(ctx, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			friend := e.user(t, "friend", gallery.RoleNormal)
			u := friend.User
			u.Level = gallery.LevelFriends
			if err := e.store.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			friend = e.refresh(t, friend)
			fr := language.French
			for _, c := range []struct {
				who     string
				a       Actor
				byCount bool
				want    []gallery.TagCount
			}{
				{"guest", guest, false, []gallery.TagCount{tc("Été", 1), tc("zèbre", 1)}},
				{"friend", friend, false, []gallery.TagCount{tc("arbre", 1), tc("Été", 1), tc("zèbre", 2)}},
				{"admin", e.admin, false, []gallery.TagCount{tc("arbre", 2), tc("Été", 1), tc("secret", 1), tc("zèbre", 3)}},
				{"admin by count", e.admin, true, []gallery.TagCount{tc("zèbre", 3), tc("arbre", 2), tc("Été", 1), tc("secret", 1)}},
			} {
				got, err := e.svc.TagIndex(ctx, c.a, fr, c.byCount)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("%s: got %v, want %v", c.who, got, c.want)
				}
			}
		})
	}
}
