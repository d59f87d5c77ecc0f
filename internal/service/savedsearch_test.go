package service

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/search"
)

// names returns the names of saved searches, in order.
func names(list []SavedSearchEntry) []string {
	var out []string
	for _, ss := range list {
		out = append(out, ss.Name)
	}
	return out
}

// TestSavedSearchRights: an author shares a search with their own groups
// only; members of those groups see it, others do not; only the author or
// an administrator changes it; every change is audited.
func TestSavedSearchRights(t *testing.T) {
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			ann := e.user(t, "ann", gallery.RoleNormal)
			carl := e.user(t, "carl", gallery.RoleNormal)
			bob := e.user(t, "bob", gallery.RoleNormal)
			admin := e.user(t, "ada", gallery.RoleAdmin)
			g, err := e.svc.AddGroup(ctx, e.admin, "Com", "ann", "carl")
			if err != nil {
				t.Fatal(err)
			}
			other, err := e.svc.AddGroup(ctx, e.admin, "Élus", "bob")
			if err != nil {
				t.Fatal(err)
			}

			// Someone else's group does not exist for ann.
			if _, err := e.svc.SaveSearch(ctx, ann, SearchForm{Query: "fête", Groups: []int64{other}}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("sharing with a group one is not in: got %v, want not found", err)
			}
			shared, err := e.svc.SaveSearch(ctx, ann, SearchForm{Name: "  Fêtes\n de  la ville ", Query: "fête", Sort: "taken", Smart: true, Groups: []int64{g}})
			if err != nil {
				t.Fatal(err)
			}
			own, err := e.svc.SaveSearch(ctx, ann, SearchForm{Query: "mairie"})
			if err != nil {
				t.Fatal(err)
			}
			bobs, err := e.svc.SaveSearch(ctx, bob, SearchForm{Name: "Conseil", Query: "conseil", Groups: []int64{other}})
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []struct {
				name string
				f    SearchForm
				want func(error) bool
			}{
				{"blank query", SearchForm{Query: "  "}, func(err error) bool { return errors.Is(err, gallery.ErrInvalid) }},
				{"syntax error", SearchForm{Query: `"fête`}, func(err error) bool { var se *search.Error; return errors.As(err, &se) }},
				{"unknown sort", SearchForm{Query: "fête", Sort: "random"}, func(err error) bool { return errors.Is(err, gallery.ErrInvalid) }},
			} {
				if _, err := e.svc.SaveSearch(ctx, ann, bad.f); !bad.want(err) {
					t.Errorf("%s: got %v", bad.name, err)
				}
			}
			if _, err := e.svc.SaveSearch(ctx, CommandLine([]string{"x"}), SearchForm{Query: "fête"}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("the command line saving a search: got %v, want not found (a search belongs to an account)", err)
			}

			// Who sees which, in the menu and by its number.
			for _, c := range []struct {
				who  string
				a    Actor
				menu []string
			}{
				{"ann", ann, []string{"Fêtes de la ville", "mairie"}},
				{"carl", carl, []string{"Fêtes de la ville"}},
				{"bob", bob, []string{"Conseil"}},
				{"admin", admin, nil},
			} {
				list, err := e.svc.SavedSearches(ctx, c.a)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(list); !slices.Equal(got, c.menu) {
					t.Errorf("%s's menu: got %q, want %q", c.who, got, c.menu)
				}
			}
			if list, _ := e.svc.ManagedSearches(ctx, admin); len(list) != 3 || !list[0].MayEdit || list[0].Mine {
				t.Errorf("an administrator manages every saved search: got %+v", list)
			}
			if list, _ := e.svc.ManagedSearches(ctx, carl); len(list) != 1 || list[0].MayEdit || list[0].Author != "ann" {
				t.Errorf("carl's management page: got %+v, want ann's shared search, not editable", list)
			}
			if _, err := e.svc.SavedSearch(ctx, carl, shared); err != nil {
				t.Errorf("carl opening the search shared with his group: %v", err)
			}
			for _, id := range []int64{own, bobs} {
				if _, err := e.svc.SavedSearch(ctx, carl, id); !errors.Is(err, gallery.ErrNotFound) {
					t.Errorf("carl opening search %d: got %v, want not found", id, err)
				}
			}
			if _, err := e.svc.SavedSearch(ctx, admin, bobs); err != nil {
				t.Errorf("an administrator opening any search: %v", err)
			}

			// Only the author or an administrator changes it.
			if err := e.svc.EditSavedSearch(ctx, carl, shared, SearchForm{Query: "x"}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("carl editing ann's search: got %v, want not found", err)
			}
			if err := e.svc.DeleteSavedSearch(ctx, bob, own); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("bob deleting ann's search: got %v, want not found", err)
			}
			if err := e.svc.EditSavedSearch(ctx, ann, shared, SearchForm{Name: "Fêtes", Query: "fête OR fêtes", Smart: true}); err != nil {
				t.Fatal(err)
			}
			if list, _ := e.svc.SavedSearches(ctx, carl); len(list) != 0 {
				t.Errorf("after ann unshared it, carl still sees %q", names(list))
			}
			// An administrator shares with any group.
			if err := e.svc.EditSavedSearch(ctx, admin, shared, SearchForm{Name: "Fêtes", Query: "fête", Groups: []int64{g, other}}); err != nil {
				t.Fatal(err)
			}
			if list, _ := e.svc.SavedSearches(ctx, bob); !slices.Equal(names(list), []string{"Conseil", "Fêtes"}) {
				t.Errorf("bob's menu after the administrator shared it: %q", names(list))
			}
			// Ann renames it: the group she is not in stays as it was.
			if err := e.svc.EditSavedSearch(ctx, ann, shared, SearchForm{Name: "Fêtes", Query: "fête", Groups: []int64{g}}); err != nil {
				t.Fatal(err)
			}
			got, err := e.store.SavedSearch(ctx, shared)
			if err != nil || got.Query != "fête" || got.Smart || got.UserID != ann.User.ID || !slices.Equal(got.Groups, []int64{g, other}) {
				t.Errorf("stored after the edits: %+v %v", got, err)
			}
			if err := e.svc.DeleteSavedSearch(ctx, ann, shared); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SavedSearch(ctx, ann, shared); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("a deleted search: got %v", err)
			}
			for action, want := range map[string]int{"search.save": 3, "search.edit": 3, "search.delete": 1} {
				if n := e.auditCount(t, action); n != want {
					t.Errorf("audit %s: %d entries, want %d", action, n, want)
				}
			}
			// A group's deletion unshares; an account's deletes its own.
			if err := e.svc.DeleteGroup(ctx, e.admin, other); err != nil {
				t.Fatal(err)
			}
			if list, _ := e.svc.SavedSearches(ctx, bob); !slices.Equal(names(list), []string{"Conseil"}) {
				t.Errorf("bob's menu after his group went: %q", names(list))
			}
		})
	}
}

// fill adds n photos tagged tag to the album path, in one transaction.
func (e *env) fill(t *testing.T, n int, tag string, album ...string) []*gallery.Media {
	t.Helper()
	base := time.Date(2019, 6, 21, 12, 0, 0, 0, time.UTC)
	var ms []*gallery.Media
	for i := range n {
		ms = append(ms, &gallery.Media{Key: fmt.Sprintf("%s%05d%x", tag, i, sha256.Sum256([]byte(album[0]))), SHA256: fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprintf("%s-%s-%d", tag, album[0], i)))),
			Size: 1000, Filename: fmt.Sprintf("IMG_%05d.jpg", i), Title: fmt.Sprintf("Photo %d", i), ImportedAt: base, DerivedAt: &base,
			Tags: []string{tag},
			Meta: gallery.Metadata{Kind: gallery.KindImage, Format: gallery.FormatJPEG, MIME: "image/jpeg", Width: 400, Height: 300,
				Taken: &gallery.DateTime{Local: base.Add(time.Duration(i) * time.Minute)}}})
	}
	if err := e.store.AddMediaBatch(context.Background(), ms, [][]string{album}); err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestSmartAlbumPerViewer: a smart album shared with a group shows each
// member what the query finds with their own rights, never the author's.
func TestSmartAlbumPerViewer(t *testing.T) {
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			e.fill(t, 3, "kermesse", "Shared")
			e.fill(t, 2, "kermesse", "Private")
			carl := e.user(t, "carl", gallery.RoleNormal)
			g, err := e.svc.AddGroup(ctx, e.admin, "Com", "carl")
			if err != nil {
				t.Fatal(err)
			}
			shared, err := e.svc.AlbumByPath(ctx, e.admin, "Shared")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.Grant(ctx, e.admin, shared.ID, Grantee{Group: g}, gallery.PermView); err != nil {
				t.Fatal(err)
			}
			carl = e.refresh(t, carl)
			ada := e.user(t, "ada", gallery.RoleAdmin)
			id, err := e.svc.SaveSearch(ctx, ada, SearchForm{Name: "Kermesses", Query: "tag:kermesse", Smart: true, Groups: []int64{g}})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				who  string
				a    Actor
				want int
			}{{"the author, an administrator", ada, 5}, {"carl, through the group", carl, 3}} {
				_, p, err := e.svc.SmartAlbum(ctx, c.a, id, 0)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != c.want || len(p.Items) != c.want {
					t.Errorf("%s: %d found, %d shown, want %d", c.who, p.Total, len(p.Items), c.want)
				}
				for _, card := range p.Items {
					m, err := e.store.MediaByID(ctx, card.ID)
					if err != nil {
						t.Fatal(err)
					}
					if !c.a.Admin() && !slices.Contains(m.Albums, "Shared") {
						t.Errorf("%s sees %s, in %v", c.who, m.Key, m.Albums)
					}
				}
			}
			other := e.user(t, "dan", gallery.RoleNormal)
			if _, _, err := e.svc.SmartAlbum(ctx, other, id, 0); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("someone outside the group: got %v, want not found", err)
			}
		})
	}
}

// TestBatchOverQuery: acting on every result of a search acts on every
// one the actor may edit, beyond any page, and on no other; the undo puts
// back exactly what changed.
func TestBatchOverQuery(t *testing.T) {
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			mine := e.fill(t, 230, "brocante", "Edited")
			theirs := e.fill(t, 4, "brocante", "Seen")
			e.fill(t, 3, "autre", "Edited")
			ed := e.user(t, "ed", gallery.RoleNormal)
			for path, perms := range map[string]gallery.Perm{"Edited": gallery.PermView | gallery.PermEdit, "Seen": gallery.PermView} {
				al, err := e.svc.AlbumByPath(ctx, e.admin, path)
				if err != nil {
					t.Fatal(err)
				}
				if err := e.svc.Grant(ctx, e.admin, al.ID, Grantee{User: ed.User.ID}, perms); err != nil {
					t.Fatal(err)
				}
			}
			ed = e.refresh(t, ed)
			// Some already have the tag: the undo leaves them with it.
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchTag, Keys: []string{mine[0].Key, theirs[0].Key}, Tags: []string{"vu"}}); err != nil {
				t.Fatal(err)
			}

			found, err := e.svc.ResultsToEdit(ctx, ed, "tag:brocante", 60)
			if err != nil {
				t.Fatal(err)
			}
			if found.Total != 230 || len(found.Items) != 60 {
				t.Fatalf("results to edit: %d, %d shown; want 230, 60 shown", found.Total, len(found.Items))
			}
			if ids, _ := e.svc.SearchIDs(ctx, ed, "tag:brocante"); len(ids) != 234 {
				t.Fatalf("the editor finds %d, want 234 (the 4 seen but not editable too)", len(ids))
			}
			res, err := e.svc.ApplyBatch(ctx, ed, Batch{Action: BatchTag, Query: "tag:brocante", Tags: []string{"vu"}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Count != 230 {
				t.Errorf("tagged %d, want 230", res.Count)
			}
			count := func(tag string) int {
				ids, err := e.svc.SearchIDs(ctx, e.admin, "tag:"+tag)
				if err != nil {
					t.Fatal(err)
				}
				return len(ids)
			}
			// 230 of the editor's, and the one of "Seen" tagged before.
			if n := count("vu"); n != 231 {
				t.Errorf("after tagging the results: %d tagged, want 231", n)
			}
			if m, _ := e.store.MediaByID(ctx, theirs[1].ID); slices.Contains(m.Tags, "vu") {
				t.Errorf("an item the editor may only see was tagged")
			}
			if n, err := e.svc.UndoBatch(ctx, ed, res.Undo); err != nil || n != 229 {
				t.Errorf("undo: %d items, %v; want 229 (one had the tag already)", n, err)
			}
			if n := count("vu"); n != 2 {
				t.Errorf("after the undo: %d tagged, want the 2 tagged before", n)
			}

			// A blank query is the search of everything: all the editor
			// may edit, "autre" too.
			res, err = e.svc.ApplyBatch(ctx, ed, Batch{Action: BatchTag, Results: true, Tags: []string{"tout"}})
			if err != nil || res.Count != 233 {
				t.Errorf("tagging every item the editor may edit: %d, %v; want 233", res.Count, err)
			}
			// A syntax error is the query's, never a server error; keys
			// and a query at once are refused; nothing found is said.
			var se *search.Error
			if _, err := e.svc.ApplyBatch(ctx, ed, Batch{Action: BatchTag, Query: "tag:", Tags: []string{"x"}}); !errors.As(err, &se) {
				t.Errorf("a query with a mistake: got %v", err)
			}
			if _, err := e.svc.ApplyBatch(ctx, ed, Batch{Action: BatchTag, Query: "tag:brocante", Keys: []string{mine[0].Key}, Tags: []string{"x"}}); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("keys and a query: got %v", err)
			}
			if _, err := e.svc.ApplyBatch(ctx, ed, Batch{Action: BatchLevel, Query: "tag:brocante", Level: 2}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("an editor setting levels of results: got %v, want not found", err)
			}

			// The trash and back: the editor edits every album of theirs.
			res, err = e.svc.ApplyBatch(ctx, ed, Batch{Action: BatchDelete, Query: "tag:brocante"})
			if err != nil || res.Count != 230 {
				t.Fatalf("delete: %d, %v", res.Count, err)
			}
			if n := count("brocante"); n != 4 {
				t.Errorf("after the delete: %d found, want the 4 not the editor's", n)
			}
			if _, err := e.svc.UndoBatch(ctx, ed, res.Undo); err != nil {
				t.Errorf("undo the delete: %v", err)
			}
			if n := count("brocante"); n != 234 {
				t.Errorf("after undoing the delete: %d found, want 234", n)
			}
			// A custom field set on every result, and taken back.
			field, err := e.svc.DefineField(ctx, e.admin, FieldDef{Name: "etat", Type: gallery.FieldText, LabelFR: "État", LabelEN: "State"})
			if err != nil {
				t.Fatal(err)
			}
			res, err = e.svc.ApplyBatch(ctx, ed, Batch{Action: BatchField, Query: "tag:brocante", Field: field, Values: []string{"trié"}})
			if err != nil || res.Count != 230 {
				t.Fatalf("field on every result: %d, %v", res.Count, err)
			}
			if ids, _ := e.svc.SearchIDs(ctx, e.admin, `etat:trié`); len(ids) != 230 {
				t.Errorf("after setting the field on the results: %d have it, want 230", len(ids))
			}
			if _, err := e.svc.UndoBatch(ctx, ed, res.Undo); err != nil {
				t.Fatal(err)
			}
			if ids, _ := e.svc.SearchIDs(ctx, e.admin, `etat:trié`); len(ids) != 0 {
				t.Errorf("after the undo: %d have the field", len(ids))
			}
			// An administrator edits every result, and sets who sees them.
			if found, err := e.svc.ResultsToEdit(ctx, e.admin, "tag:brocante", 10); err != nil || found.Total != 234 || len(found.Items) != 10 {
				t.Errorf("an administrator's results to edit: %d, %d shown, %v; want 234, 10", found.Total, len(found.Items), err)
			}
			res, err = e.svc.ApplyBatch(ctx, e.admin, Batch{Action: BatchLevel, Query: "tag:brocante", Level: 2})
			if err != nil || res.Count != 234 {
				t.Errorf("level of every result: %d, %v", res.Count, err)
			}
			if m, _ := e.store.MediaByID(ctx, theirs[2].ID); m.Level != 2 {
				t.Errorf("after setting the level of the results: level %d, want 2", m.Level)
			}
			// Copying every result of the administrator's search to a
			// new album, made once.
			res, err = e.svc.ApplyBatch(ctx, e.admin, Batch{Action: BatchCopy, Query: "tag:brocante", NewAlbum: "Brocantes"})
			if err != nil || res.Count != 234 {
				t.Fatalf("copy to a new album: %d, %v", res.Count, err)
			}
			if n := len(e.albumItems(t, "Brocantes")); n != 234 {
				t.Errorf("the new album holds %d, want 234", n)
			}
		})
	}
}

// albumItems returns the ids of an album's items, as an administrator.
func (e *env) albumItems(t *testing.T, path string) []int64 {
	t.Helper()
	ids, err := e.svc.SearchIDs(context.Background(), e.admin, fmt.Sprintf("album:%q", path))
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestBatchOverQueryChunks: results beyond one batch's bound are acted on
// in chunks within one transaction; a new destination album is made once.
func TestBatchOverQueryChunks(t *testing.T) {
	if testing.Short() {
		t.Skip("thousands of items")
	}
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			n := maxBatch + 120
			e.fill(t, n, "archive", "Fonds")
			res, err := e.svc.ApplyBatch(ctx, e.admin, Batch{Action: BatchCopy, Query: "tag:archive", NewAlbum: "Tri"})
			if err != nil || res.Count != n {
				t.Fatalf("copy to a new album: %d, %v; want %d", res.Count, err, n)
			}
			if got := len(e.albumItems(t, "Tri")); got != n {
				t.Errorf("the new album holds %d, want %d", got, n)
			}
			roots, _, err := e.store.AlbumNodes(ctx, e.admin.Access)
			if err != nil {
				t.Fatal(err)
			}
			made := 0
			for _, al := range flatten(roots) {
				if al.Name == "Tri" {
					made++
				}
			}
			if made != 1 {
				t.Errorf("%d albums named Tri, want 1", made)
			}
			if got, err := e.svc.UndoBatch(ctx, e.admin, res.Undo); err != nil || got != n {
				t.Errorf("undo: %d, %v; want %d", got, err, n)
			}
			if got := len(e.albumItems(t, "Tri")); got != 0 {
				t.Errorf("after the undo the new album holds %d", got)
			}
		})
	}
}
