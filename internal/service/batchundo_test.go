package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"imagier/internal/gallery"
)

// undoEnv is three items filed in album A (the third also in B), and an
// editor who may edit A and B.
type undoEnv struct {
	*env
	items []gallery.Media
	a, b  *gallery.Album
	ed    Actor
}

func newUndoEnv(t *testing.T, e *env) undoEnv {
	t.Helper()
	ctx := context.Background()
	u := undoEnv{env: e}
	for _, f := range []string{"cameras/Canon_40D.jpg", "cameras/Apple.jpg", "cameras/Casio.jpg"} {
		u.items = append(u.items, e.importInto(t, f, "A"))
	}
	e.importInto(t, "cameras/Casio.jpg", "B")
	var err error
	if u.a, err = e.svc.AlbumByPath(ctx, e.admin, "A"); err != nil {
		t.Fatal(err)
	}
	if u.b, err = e.svc.AlbumByPath(ctx, e.admin, "B"); err != nil {
		t.Fatal(err)
	}
	u.ed = e.user(t, "editor", gallery.RoleNormal)
	for _, al := range []*gallery.Album{u.a, u.b} {
		if err := e.svc.Grant(ctx, e.admin, al.ID, Grantee{User: u.ed.User.ID}, gallery.PermView|gallery.PermEdit); err != nil {
			t.Fatal(err)
		}
	}
	u.ed = e.refresh(t, u.ed)
	return u
}

func (u undoEnv) keys() []string {
	var out []string
	for _, m := range u.items {
		out = append(out, m.Key)
	}
	return out
}

// tags returns each item's tags, sorted.
func (u undoEnv) tags(t *testing.T) [][]string {
	t.Helper()
	var out [][]string
	for _, m := range u.items {
		got, err := u.store.MediaByID(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		tags := slices.Clone(got.Tags)
		slices.Sort(tags)
		out = append(out, tags)
	}
	return out
}

// albums returns each item's albums, sorted.
func (u undoEnv) albums(t *testing.T) [][]int64 {
	t.Helper()
	var out [][]int64
	for _, m := range u.items {
		ids, err := u.store.MediaAlbumIDs(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	return out
}

// TestUndoTagsExactly: undoing an addition removes only the tags it added,
// not one an item already had; undoing a removal puts back only the tags
// it removed.
func TestUndoTagsExactly(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			u := newUndoEnv(t, e)
			k := u.keys()
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchTag, Keys: k[:1], Tags: []string{"fête", "mairie"}}); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchTag, Keys: k[1:2], Tags: []string{"mairie"}}); err != nil {
				t.Fatal(err)
			}
			before := u.tags(t)
			res, err := e.svc.ApplyBatch(ctx, u.ed, Batch{Action: BatchTag, Keys: k, Tags: []string{"fête", " été 2026 "}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Count != 3 || len(res.Undo) == 0 {
				t.Fatalf("tagging three items: %+v", res)
			}
			want := [][]string{{"fête", "mairie", "été 2026"}, {"fête", "mairie", "été 2026"}, {"fête", "été 2026"}}
			if got := u.tags(t); !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("after tagging: %q, want %q", got, want)
			}
			if n, err := e.svc.UndoBatch(ctx, u.ed, res.Undo); err != nil || n != 3 {
				t.Fatalf("undo: %d items, %v", n, err)
			}
			entries, err := e.store.Audit(ctx, gallery.AuditFilter{Action: "media.untag"})
			if err != nil || len(entries) == 0 || !strings.HasSuffix(entries[0].Detail, " undo") {
				t.Errorf("the undo's audit entries: %+v, %v; want one marked undo", entries, err)
			}
			if got := u.tags(t); !slices.EqualFunc(got, before, slices.Equal) {
				t.Errorf("after undoing the addition: %q, want %q as before", got, before)
			}

			res, err = e.svc.ApplyBatch(ctx, u.ed, Batch{Action: BatchUntag, Keys: k, Tags: []string{"mairie"}})
			if err != nil {
				t.Fatal(err)
			}
			if got := u.tags(t); !slices.EqualFunc(got, [][]string{{"fête"}, nil, nil}, slices.Equal) {
				t.Fatalf("after removing mairie: %q", got)
			}
			if _, err := e.svc.UndoBatch(ctx, u.ed, res.Undo); err != nil {
				t.Fatal(err)
			}
			if got := u.tags(t); !slices.EqualFunc(got, before, slices.Equal) {
				t.Errorf("after undoing the removal: %q, want %q as before", got, before)
			}
		})
	}
}

// TestUndoMoveAndTrash: a move is undone by moving the items back (an item
// that was in both albums stays in both), a removal by filing them again,
// a delete by restoring them; someone without the rights cannot apply an
// undo.
func TestUndoMoveAndTrash(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			u := newUndoEnv(t, e)
			k := u.keys()
			before := u.albums(t)
			res, err := e.svc.ApplyBatch(ctx, u.ed, Batch{Action: BatchMove, Keys: k, From: u.a.ID, Album: u.b.ID})
			if err != nil {
				t.Fatal(err)
			}
			for i, got := range u.albums(t) {
				if !slices.Equal(got, []int64{u.b.ID}) {
					t.Fatalf("after the move: item %d in %v, want only B", i, got)
				}
			}
			stranger := e.user(t, "stranger", gallery.RoleNormal)
			if _, err := e.svc.UndoBatch(ctx, stranger, res.Undo); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("a stranger's undo: %v, want not found", err)
			}
			if _, err := e.svc.UndoBatch(ctx, u.ed, res.Undo); err != nil {
				t.Fatal(err)
			}
			if got := u.albums(t); !slices.EqualFunc(got, before, slices.Equal) {
				t.Errorf("after undoing the move: %v, want %v as before", got, before)
			}

			// An editor's removal is undone where the item stays theirs
			// (the third is in B too); an administrator's always.
			for _, r := range []struct {
				who  Actor
				keys []string
			}{{u.ed, k[2:]}, {e.admin, k}} {
				res, err = e.svc.ApplyBatch(ctx, r.who, Batch{Action: BatchRemove, Keys: r.keys, From: u.a.ID})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := e.svc.UndoBatch(ctx, r.who, res.Undo); err != nil {
					t.Fatal(err)
				}
				if got := u.albums(t); !slices.EqualFunc(got, before, slices.Equal) {
					t.Errorf("after undoing the removal of %d items: %v, want %v as before", len(r.keys), got, before)
				}
			}
			res, err = e.svc.ApplyBatch(ctx, u.ed, Batch{Action: BatchRemove, Keys: k[:1], From: u.a.ID})
			if err != nil || len(res.Undo) != 0 {
				t.Errorf("an editor's removal of an item from its only album: undo %+v, %v; want none offered", res.Undo, err)
			}
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchCopy, Keys: k[:1], Album: u.a.ID}); err != nil {
				t.Fatal(err)
			}

			for _, who := range []Actor{u.ed, e.admin} {
				res, err = e.svc.ApplyBatch(ctx, who, Batch{Action: BatchDelete, Keys: k})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range u.items {
					if got, _ := e.store.MediaByID(ctx, m.ID); got.DeletedAt == nil {
						t.Fatalf("%s not in the trash after the delete", m.Key)
					}
				}
				if n, err := e.svc.UndoBatch(ctx, who, res.Undo); err != nil || n != 3 {
					t.Fatalf("undo the delete: %d items, %v", n, err)
				}
				for _, m := range u.items {
					if got, _ := e.store.MediaByID(ctx, m.ID); got.DeletedAt != nil {
						t.Errorf("%s still in the trash after the undo", m.Key)
					}
				}
				if got := u.albums(t); !slices.EqualFunc(got, before, slices.Equal) {
					t.Errorf("after undoing the delete: %v, want %v as before", got, before)
				}
			}
		})
	}
}
