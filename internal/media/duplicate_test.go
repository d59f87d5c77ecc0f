package media

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"imagier/internal/testmedia"
)

// TestDuplicateRule sends the bytes of an item already in the library
// through every door, the item in the trash or not, and checks the one
// rule: whoever sees everything (an import run, an administrator's upload)
// brings it back from the trash and files it; an uploader who may not see
// it, or who does not see everything and meets it in the trash, learns
// nothing (Withheld) and changes nothing; a contribution files nothing and
// learns no key.
func TestDuplicateRule(t *testing.T) {
	photo := testmedia.Path(t, "cameras/Canon_40D.jpg")
	var asked []int64 // the items Visible was asked about
	sees := func(ok bool) func(context.Context, int64) (bool, error) {
		return func(_ context.Context, id int64) (bool, error) {
			asked = append(asked, id)
			return ok, nil
		}
	}
	tests := []struct {
		name     string
		trashed  bool
		run      bool // through Import, else ImportFile with opt
		opt      FileOptions
		want     Outcome
		wantKey  bool
		wantFile bool // filed in the album asked for, and out of the trash
	}{
		{name: "import run", run: true, want: Duplicate, wantFile: true},
		{name: "import run, trashed", trashed: true, run: true, want: Duplicate, wantFile: true},
		{name: "administrator", want: Duplicate, wantKey: true, wantFile: true},
		{name: "administrator, trashed", trashed: true, want: Duplicate, wantKey: true, wantFile: true},
		{name: "may see it", opt: FileOptions{Visible: sees(true)}, want: Duplicate, wantKey: true, wantFile: true},
		{name: "may not see it", opt: FileOptions{Visible: sees(false)}, want: Withheld},
		{name: "may see it, trashed", trashed: true, opt: FileOptions{Visible: sees(true)}, want: Withheld},
		{name: "contribution, may see it", opt: FileOptions{Contribution: true, Visible: sees(true)}, want: Duplicate},
		{name: "contribution, may not see it", opt: FileOptions{Contribution: true, Visible: sees(false)}, want: Withheld},
		{name: "contribution, trashed", trashed: true, opt: FileOptions{Contribution: true, Visible: sees(true)}, want: Withheld},
	}
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, err := lib.Import(ctx, []string{photo}, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			item := allMedia(t, lib.store)[0]
			for i, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if err := lib.store.Restore(ctx, []int64{item.ID}); err != nil {
						t.Fatal(err)
					}
					if tt.trashed {
						if err := lib.store.Trash(ctx, []int64{item.ID}, time.Now()); err != nil {
							t.Fatal(err)
						}
					}
					album := fmt.Sprintf("Album %d", i)
					asked = nil
					var got Outcome
					var key string
					if tt.run {
						rep, err := lib.Import(ctx, []string{photo}, ImportOptions{Album: []string{album}})
						if err != nil || rep.Duplicates != 1 {
							t.Fatalf("got %+v, %v; want one duplicate", rep, err)
						}
						got = Duplicate
					} else {
						opt := tt.opt
						opt.Albums = [][]string{{album}}
						var err error
						if got, key, _, err = lib.ImportFile(ctx, photo, "upload.jpg", opt); err != nil {
							t.Fatal(err)
						}
					}
					if got != tt.want {
						t.Errorf("got outcome %q, want %q", got, tt.want)
					}
					if (key != "") != tt.wantKey || (key != "" && key != item.Key) {
						t.Errorf("got key %q, want the item's (%q): %v", key, item.Key, tt.wantKey)
					}
					if tt.opt.Visible != nil && !tt.trashed && !slices.Equal(asked, []int64{item.ID}) {
						t.Errorf("Visible was asked about %v, want the item %d", asked, item.ID)
					}
					m, err := lib.store.MediaByID(ctx, item.ID)
					if err != nil {
						t.Fatal(err)
					}
					if filed := slices.Contains(m.Albums, album); filed != tt.wantFile {
						t.Errorf("filed in the album: got %v, want %v", filed, tt.wantFile)
					}
					if trashed := m.DeletedAt != nil; trashed != (tt.trashed && !tt.wantFile) {
						t.Errorf("in the trash after: got %v, want %v", trashed, tt.trashed && !tt.wantFile)
					}
				})
			}
		})
	}
}

// TestVisibleFails checks that a failure to tell what the uploader may see
// is the library's failure, and changes nothing.
func TestVisibleFails(t *testing.T) {
	photo := testmedia.Path(t, "cameras/Canon_40D.jpg")
	broken := errors.New("rights unreadable")
	for name, lib := range newTestLibs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, err := lib.Import(ctx, []string{photo}, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			o, key, _, err := lib.ImportFile(ctx, photo, "upload.jpg", FileOptions{
				Albums:  [][]string{{"Elsewhere"}},
				Visible: func(context.Context, int64) (bool, error) { return false, broken },
			})
			if !errors.Is(err, broken) || key != "" || o == Duplicate {
				t.Fatalf("got %q, key %q, %v; want the error and no key", o, key, err)
			}
			if m := allMedia(t, lib.store)[0]; len(m.Albums) != 0 {
				t.Errorf("got albums %v, want none", m.Albums)
			}
		})
	}
}
