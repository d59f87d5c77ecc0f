package service

import (
	"context"
	"errors"
	"testing"
	"time"

	"imagier/internal/gallery"
)

// TestContributionsForPeople: the review queue says who sent each upload,
// when and into which album; the menu's count is for administrators; a
// contributor sees each of their uploads waiting, published or refused,
// a refusal still after the trash is emptied, and no longer once the item
// is brought back.
func TestContributionsForPeople(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			album, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Mairie", "Dépôt"}})
			if err != nil {
				t.Fatal(err)
			}
			contrib := e.user(t, "colette", gallery.RoleNormal)
			mairie, err := e.svc.AlbumByPath(ctx, e.admin, "Mairie")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.Grant(ctx, e.admin, mairie.ID, Grantee{User: contrib.User.ID}, gallery.PermView); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.Grant(ctx, e.admin, album, Grantee{User: contrib.User.ID}, gallery.PermView|gallery.PermContribute); err != nil {
				t.Fatal(err)
			}
			contrib = e.refresh(t, contrib)
			before := time.Now().Add(-time.Second)
			files := []string{"cameras/Canon_40D.jpg", "cameras/Pentax.jpg", "cameras/Sony.jpg"}
			for _, f := range files {
				if res := e.upload(t, contrib, f, album); res.Outcome != "pending" {
					t.Fatalf("contribution %s: %+v", f, res)
				}
			}

			if n, err := e.svc.PendingCount(ctx, e.admin); err != nil || n != 3 {
				t.Errorf("pending count for an administrator: %d %v, want 3", n, err)
			}
			if n, err := e.svc.PendingCount(ctx, contrib); err != nil || n != 0 {
				t.Errorf("pending count for a contributor: %d %v, want 0", n, err)
			}
			if _, err := e.svc.ReviewView(ctx, contrib, "", 50); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("review queue for a contributor: %v, want not found", err)
			}
			v, err := e.svc.ReviewView(ctx, e.admin, "", 50)
			if err != nil || len(v.Items) != 3 {
				t.Fatalf("review queue: %d items, %v", len(v.Items), err)
			}
			keys := map[string]string{} // file name → key
			for _, c := range v.Items {
				keys[c.Item.Filename] = c.Item.Key
				if c.Uploader != "colette" || c.UploaderID != contrib.User.ID || c.AlbumID != album || c.Album != "Mairie/Dépôt" ||
					c.UploadedAt.Before(before) || c.UploadedAt.After(time.Now()) || c.State != gallery.ContributionPending || c.Item.Key == "" {
					t.Errorf("review row: %+v", c)
				}
			}

			if err := e.svc.Review(ctx, e.admin, []string{keys["Canon_40D.jpg"]}, true); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.Review(ctx, e.admin, []string{keys["Pentax.jpg"], keys["Sony.jpg"]}, false); err != nil {
				t.Fatal(err)
			}
			states := func() map[string]gallery.Contribution {
				t.Helper()
				mine, err := e.svc.MyUploads(ctx, contrib)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]gallery.Contribution{}
				for _, c := range mine {
					if _, dup := out[c.Item.Filename]; dup {
						t.Errorf("%s listed twice", c.Item.Filename)
					}
					out[c.Item.Filename] = c
				}
				return out
			}
			got := states()
			if got["Canon_40D.jpg"].State != gallery.ContributionPublished || got["Pentax.jpg"].State != gallery.ContributionRefused ||
				got["Sony.jpg"].State != gallery.ContributionRefused || got["Pentax.jpg"].RefusedAt == nil || got["Pentax.jpg"].Album != "Mairie/Dépôt" {
				t.Errorf("after the review: %+v", got)
			}
			if n, _ := e.svc.PendingCount(ctx, e.admin); n != 0 {
				t.Errorf("pending count after the review: %d", n)
			}

			// One refused item comes back from the trash: it waits again.
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchRestore, Keys: []string{keys["Sony.jpg"]}}); err != nil {
				t.Fatal(err)
			}
			if got := states(); got["Sony.jpg"].State != gallery.ContributionPending {
				t.Errorf("restored from the trash: %+v", got["Sony.jpg"])
			}
			// The trash emptied, the refusal is still told.
			if _, err := e.lib.PurgeTrashRecorded(ctx, -time.Hour, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.MediaByKey(ctx, keys["Pentax.jpg"]); !errors.Is(err, gallery.ErrNotFound) {
				t.Fatalf("the refused item is still in the library after the purge: %v", err)
			}
			if got := states(); len(got) != 3 || got["Pentax.jpg"].State != gallery.ContributionRefused {
				t.Errorf("after the purge: %+v", got)
			}
			// Others see nothing of it.
			other := e.user(t, "paul", gallery.RoleNormal)
			if mine, err := e.svc.MyUploads(ctx, other); err != nil || len(mine) != 0 {
				t.Errorf("another account's uploads: %v %v", mine, err)
			}
		})
	}
}
