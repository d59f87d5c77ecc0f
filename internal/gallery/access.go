package gallery

import "sort"

// Perm is a set of rights on an album.
type Perm uint8

// Rights a grant can give. View is implied by the others.
const (
	PermView       Perm = 1 << iota
	PermDownload        // the original file, not only the derivatives
	PermContribute      // upload into the album, for review
	PermEdit            // edit, file and trash its items
)

// PermNamed returns the right a form or a template calls name ("view",
// "download", "contribute", "edit"), 0 for any other.
func PermNamed(name string) Perm {
	switch name {
	case "view":
		return PermView
	case "download":
		return PermDownload
	case "contribute":
		return PermContribute
	case "edit":
		return PermEdit
	}
	return 0
}

// PermAll is every right.
const PermAll = PermView | PermDownload | PermContribute | PermEdit

// Has reports whether p holds every right of q.
func (p Perm) Has(q Perm) bool { return p&q == q }

// Privacy levels, after Piwigo: a caller sees an item whose level is at
// most their own.
const (
	LevelEverybody = 0
	LevelContacts  = 1
	LevelFriends   = 2
	LevelFamily    = 4
	LevelAdmins    = 8
)

// Levels lists the privacy levels in order.
var Levels = []int{LevelEverybody, LevelContacts, LevelFriends, LevelFamily, LevelAdmins}

// ValidLevel reports whether l is a privacy level.
func ValidLevel(l int) bool {
	for _, v := range Levels {
		if v == l {
			return true
		}
	}
	return false
}

// IsAdmin reports whether the role administers the library: every album,
// every item, every setting.
func (r Role) IsAdmin() bool { return r == RoleWebmaster || r == RoleAdmin }

// Access is what one caller may see and do, worked out from the album
// rules and grants; it is cheap to keep until the rights change.
type Access struct {
	UserID int64 // 0 for a guest
	Role   Role
	Level  int
	// All is set for administrators: every album and item, pending ones
	// included, with every right.
	All bool
	// Albums maps each album the caller may see to the caller's rights on
	// it; an album absent from it does not exist for the caller.
	Albums map[int64]Perm
	// SignInRequired is set for an anonymous visitor while guest access
	// is off.
	SignInRequired bool
}

// Guest reports whether the caller is not signed in.
func (a *Access) Guest() bool { return a.UserID == 0 }

// On returns the caller's rights on an album (0 when it is hidden).
func (a *Access) On(album int64) Perm {
	if a.All {
		return PermAll
	}
	return a.Albums[album]
}

// CanContribute reports whether the caller may upload somewhere.
func (a *Access) CanContribute() bool {
	if a.All {
		return true
	}
	for _, p := range a.Albums {
		if p.Has(PermContribute) {
			return true
		}
	}
	return false
}

// Staff reports whether the caller works on the library: an
// administrator, or an editor of some album. Staff see which albums are
// public and may preview the site as a visitor.
func (a *Access) Staff() bool {
	if a.All {
		return true
	}
	for _, p := range a.Albums {
		if p.Has(PermEdit) {
			return true
		}
	}
	return false
}

// PublicAlbums returns the albums anyone who may browse sees: public, and
// under public albums only. Those are the albums a visitor who is not
// signed in sees while guest access is on.
func PublicAlbums(rules []AlbumRule) map[int64]bool {
	acc := ComputeAccess(Principal{Guests: true}, rules, nil)
	out := make(map[int64]bool, len(acc.Albums))
	for id := range acc.Albums {
		out[id] = true
	}
	return out
}

// Descendants returns every album under id, at any depth.
func Descendants(rules []AlbumRule, id int64) []int64 {
	children := map[int64][]int64{}
	for _, r := range rules {
		children[r.ParentID] = append(children[r.ParentID], r.ID)
	}
	var out []int64
	queue := children[id]
	for len(queue) > 0 && len(out) < 1_000_000 {
		c := queue[0]
		queue = queue[1:]
		out = append(out, c)
		queue = append(queue, children[c]...)
	}
	return out
}

// AlbumIDs returns the visible albums, sorted, for a query's filter.
func (a *Access) AlbumIDs() []int64 {
	out := make([]int64, 0, len(a.Albums))
	for id := range a.Albums {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// AlbumRule is what decides who sees an album, apart from its grants.
type AlbumRule struct {
	ID, ParentID int64
	Public       bool
	// Inherit lets the parent's grants apply to this album too; without
	// it, only the album's own grants do (a narrowed sub-album).
	Inherit bool
}

// Grant gives rights on an album to one user or one group.
type Grant struct {
	ID      int64
	AlbumID int64
	UserID  int64 // 0 when the grant is to a group
	GroupID int64 // 0 when the grant is to a user
	Perms   Perm
	// Name is the user's or group's, for display.
	Name string
}

// Principal is whom rights are worked out for: a user and their groups.
type Principal struct {
	User   User
	Groups []int64
	// Guests says whether an anonymous visitor may see public albums, and
	// GuestDownload whether they may fetch originals there.
	Guests, GuestDownload bool
}

// ComputeAccess works out what p may see. It walks the album tree once:
// an album is visible when its parent is (or it is a root) and it is
// public or granted, directly or through a parent while it inherits.
func ComputeAccess(p Principal, rules []AlbumRule, grants []Grant) Access {
	u := p.User
	acc := Access{UserID: u.ID, Role: u.Role, Level: u.Level, Albums: map[int64]Perm{}}
	if u.Role.IsAdmin() {
		acc.All, acc.Level = true, LevelAdmins
		return acc
	}
	if u.ID == 0 && !p.Guests {
		acc.SignInRequired = true
		return acc
	}
	inGroup := map[int64]bool{}
	for _, g := range p.Groups {
		inGroup[g] = true
	}
	own := map[int64]Perm{} // album → rights granted directly to the caller
	if u.ID != 0 {
		for _, g := range grants {
			if (g.UserID != 0 && g.UserID == u.ID) || (g.GroupID != 0 && inGroup[g.GroupID]) {
				own[g.AlbumID] |= g.Perms | PermView
			}
		}
	}
	public := PermView
	if u.ID != 0 || p.GuestDownload {
		public |= PermDownload
	}
	children := map[int64][]AlbumRule{}
	for _, r := range rules {
		children[r.ParentID] = append(children[r.ParentID], r)
	}
	// inherited is the rights the parent passes down through grants.
	var walk func(parent int64, inherited Perm, depth int)
	walk = func(parent int64, inherited Perm, depth int) {
		if depth > 1000 {
			return
		}
		for _, r := range children[parent] {
			granted := own[r.ID]
			if r.Inherit {
				granted |= inherited
			}
			perms := granted
			if r.Public {
				perms |= public
			}
			if perms == 0 {
				continue // hidden, and so is everything under it
			}
			acc.Albums[r.ID] = perms
			walk(r.ID, granted, depth+1)
		}
	}
	walk(0, 0, 0)
	return acc
}

// Reason is one source of a caller's rights on an album.
type Reason struct {
	// Public: the album is public. Otherwise a grant to the user (Group
	// empty) or to their group Group.
	Public bool
	Group  string
	Perms  Perm
	// Via is the album the grant is on: the album itself or, through
	// inheritance, one of its parents.
	Via int64
}

// Why tells what rights p has on an album and what gives them: the
// album's public setting and the grants that reach it, walking up through
// parents while the album inherits. An album hidden by a parent gives 0
// and no reason.
func Why(p Principal, album int64, rules []AlbumRule, grants []Grant, groupNames map[int64]string) (Perm, []Reason) {
	acc := ComputeAccess(p, rules, grants)
	perm := acc.On(album)
	if perm == 0 || acc.All {
		return perm, nil
	}
	byID := map[int64]AlbumRule{}
	for _, r := range rules {
		byID[r.ID] = r
	}
	inGroup := map[int64]bool{}
	for _, g := range p.Groups {
		inGroup[g] = true
	}
	var out []Reason
	cur, ok := byID[album]
	if ok && cur.Public {
		out = append(out, Reason{Public: true, Perms: perm &^ (PermContribute | PermEdit), Via: album})
	}
	for depth := 0; ok && depth < 1000; depth++ {
		for _, g := range grants {
			if g.AlbumID != cur.ID {
				continue
			}
			if g.UserID != 0 && g.UserID == p.User.ID {
				out = append(out, Reason{Perms: g.Perms | PermView, Via: cur.ID})
			} else if g.GroupID != 0 && inGroup[g.GroupID] && p.User.ID != 0 {
				out = append(out, Reason{Group: groupNames[g.GroupID], Perms: g.Perms | PermView, Via: cur.ID})
			}
		}
		if !cur.Inherit {
			break
		}
		cur, ok = byID[cur.ParentID]
	}
	return perm, out
}
