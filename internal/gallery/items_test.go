package gallery

import "testing"

// TestItemLinksPerm: an item's rights are those of the albums holding it
// at a level the caller reaches; trashing it for everyone needs the edit
// right on every album holding it, hidden ones included.
func TestItemLinksPerm(t *testing.T) {
	acc := &Access{UserID: 7, Level: LevelFriends, Albums: map[int64]Perm{1: PermView, 2: PermView | PermEdit, 3: PermView | PermEdit}}
	tests := []struct {
		name       string
		it         ItemLinks
		perm       Perm
		everywhere bool
	}{
		{"one album seen", ItemLinks{Links: []AlbumLink{{Album: 1}}}, PermView, false},
		{"rights add up", ItemLinks{Links: []AlbumLink{{Album: 1}, {Album: 2}}}, PermView | PermEdit, false},
		{"edits every album", ItemLinks{Links: []AlbumLink{{Album: 2}, {Album: 3}}}, PermView | PermEdit, true},
		{"also in a hidden album", ItemLinks{Links: []AlbumLink{{Album: 2}, {Album: 9}}}, PermView | PermEdit, false},
		{"above the caller's level", ItemLinks{Links: []AlbumLink{{Album: 2, Level: LevelFamily}}}, 0, true},
		{"awaiting review", ItemLinks{Pending: true, Links: []AlbumLink{{Album: 2, Level: 100}}}, 0, true},
		{"in the trash", ItemLinks{Deleted: true, Links: []AlbumLink{{Album: 2}}}, 0, true},
		{"in no album", ItemLinks{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.it.Perm(acc); got != tt.perm {
				t.Errorf("Perm: got %v, want %v", got, tt.perm)
			}
			if got := tt.it.EditsEverywhere(acc); got != tt.everywhere {
				t.Errorf("EditsEverywhere: got %v, want %v", got, tt.everywhere)
			}
		})
	}
	if p := (ItemLinks{Deleted: true}).Perm(&Access{All: true}); p != PermAll {
		t.Errorf("administrators: got %v", p)
	}
}
