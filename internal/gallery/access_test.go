package gallery

import (
	"reflect"
	"testing"
)

// The album tree of these tests:
//
//	1 Public (public)
//	  2 Public/Open (public)
//	  3 Public/Closed (private, inherits)
//	4 Team (private, granted to group 10 with edit, to user 7 with view)
//	  5 Team/Shared (private, inherits)
//	  6 Team/Board (private, does not inherit; granted to users 7 and 12)
//	    8 Team/Board/Minutes (public)
//	9 Secret (private, no grant)
//	  11 Secret/Open (public: hidden all the same, under a hidden album)
var (
	testRules = []AlbumRule{
		{ID: 1, Public: true, Inherit: true},
		{ID: 2, ParentID: 1, Public: true, Inherit: true},
		{ID: 3, ParentID: 1, Inherit: true},
		{ID: 4, Inherit: true},
		{ID: 5, ParentID: 4, Inherit: true},
		{ID: 6, ParentID: 4},
		{ID: 8, ParentID: 6, Public: true, Inherit: true},
		{ID: 9, Inherit: true},
		{ID: 11, ParentID: 9, Public: true, Inherit: true},
	}
	testGrants = []Grant{
		{ID: 1, AlbumID: 4, GroupID: 10, Perms: PermView | PermEdit, Name: "team"},
		{ID: 2, AlbumID: 6, UserID: 7, Perms: PermView, Name: "marc"},
		{ID: 3, AlbumID: 4, UserID: 7, Perms: PermView, Name: "marc"},
		{ID: 4, AlbumID: 6, UserID: 12, Perms: PermView, Name: "zoé"},
	}
)

func TestComputeAccess(t *testing.T) {
	tests := []struct {
		name string
		p    Principal
		want map[int64]Perm
		all  bool
		stop bool // SignInRequired
	}{
		{
			name: "guest sees public albums under public parents, without originals",
			p:    Principal{User: User{Role: RoleGuest}, Guests: true},
			want: map[int64]Perm{1: PermView, 2: PermView},
		},
		{
			name: "guest with downloads allowed",
			p:    Principal{User: User{Role: RoleGuest}, Guests: true, GuestDownload: true},
			want: map[int64]Perm{1: PermView | PermDownload, 2: PermView | PermDownload},
		},
		{
			name: "guest access off",
			p:    Principal{User: User{Role: RoleGuest}},
			want: map[int64]Perm{},
			stop: true,
		},
		{
			name: "a user with no grant sees what is public, with originals",
			p:    Principal{User: User{ID: 3, Role: RoleNormal}, Guests: false},
			want: map[int64]Perm{1: PermView | PermDownload, 2: PermView | PermDownload},
		},
		{
			name: "a group member inherits the group's grant, not where a sub-album narrows it",
			p:    Principal{User: User{ID: 5, Role: RoleNormal}, Groups: []int64{10}},
			want: map[int64]Perm{1: PermView | PermDownload, 2: PermView | PermDownload, 4: PermView | PermEdit, 5: PermView | PermEdit},
		},
		{
			name: "a user granted a narrowed sub-album and its parent sees both, and a public child",
			p:    Principal{User: User{ID: 7, Role: RoleGeneric}},
			want: map[int64]Perm{1: PermView | PermDownload, 2: PermView | PermDownload, 4: PermView, 5: PermView, 6: PermView, 8: PermView | PermDownload},
		},
		{
			name: "a grant under a hidden parent shows nothing",
			p:    Principal{User: User{ID: 12, Role: RoleNormal}},
			want: map[int64]Perm{1: PermView | PermDownload, 2: PermView | PermDownload},
		},
		{
			name: "a grant to another group gives nothing",
			p:    Principal{User: User{ID: 8, Role: RoleNormal}, Groups: []int64{99}},
			want: map[int64]Perm{1: PermView | PermDownload, 2: PermView | PermDownload},
		},
		{
			name: "administrators see everything",
			p:    Principal{User: User{ID: 1, Role: RoleAdmin}},
			want: map[int64]Perm{},
			all:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := ComputeAccess(tt.p, testRules, testGrants)
			if !reflect.DeepEqual(acc.Albums, tt.want) || acc.All != tt.all || acc.SignInRequired != tt.stop {
				t.Errorf("got albums %v all %v stop %v, want %v %v %v", acc.Albums, acc.All, acc.SignInRequired, tt.want, tt.all, tt.stop)
			}
			if tt.all && (acc.On(9) != PermAll || acc.Level != LevelAdmins) {
				t.Errorf("administrator: rights %v level %d", acc.On(9), acc.Level)
			}
		})
	}
}

func TestWhy(t *testing.T) {
	names := map[int64]string{10: "team"}
	member := Principal{User: User{ID: 5, Role: RoleNormal}, Groups: []int64{10}}
	perm, reasons := Why(member, 5, testRules, testGrants, names)
	want := []Reason{{Group: "team", Perms: PermView | PermEdit, Via: 4}}
	if perm != PermView|PermEdit || !reflect.DeepEqual(reasons, want) {
		t.Errorf("inherited group grant: %v %+v", perm, reasons)
	}
	if perm, reasons := Why(member, 9, testRules, testGrants, names); perm != 0 || reasons != nil {
		t.Errorf("hidden album: %v %+v", perm, reasons)
	}
	marc := Principal{User: User{ID: 7, Role: RoleNormal}}
	perm, reasons = Why(marc, 8, testRules, testGrants, names)
	want = []Reason{{Public: true, Perms: PermView | PermDownload, Via: 8}, {Perms: PermView, Via: 6}}
	if perm != PermView|PermDownload || !reflect.DeepEqual(reasons, want) {
		t.Errorf("public album under a granted one: %v %+v", perm, reasons)
	}
}
