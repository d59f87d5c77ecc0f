package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"imagier/internal/gallery"
)

// CreateAlbum creates an album under parent (0 for the root).
func (s *Service) CreateAlbum(ctx context.Context, a Actor, parent int64, name string) (int64, error) {
	if err := admin(a, "albums"); err != nil {
		return 0, err
	}
	var id int64
	err := s.change(ctx, a, "album.create", strings.TrimSpace(name), fmt.Sprintf("parent=%d", parent), func(ctx context.Context) (err error) {
		id, err = s.store.CreateAlbum(ctx, parent, name)
		return err
	})
	return id, err
}

// ensureAlbum returns the album name under parent, creating it when
// missing; for administrators.
func (s *Service) ensureAlbum(ctx context.Context, a Actor, parent int64, name string) (int64, error) {
	id, err := s.CreateAlbum(ctx, a, parent, name)
	if !errors.Is(err, gallery.ErrConflict) {
		return id, err
	}
	_, byID, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return 0, err
	}
	for _, al := range byID {
		if al.ParentID == parent && al.Name == strings.TrimSpace(name) {
			return al.ID, nil
		}
	}
	return 0, fmt.Errorf("album %q: %w", name, gallery.ErrConflict)
}

// AlbumSpec is an album made from the command line.
type AlbumSpec struct {
	// Path is the names from the root; missing parents are made too.
	Path []string
	// Public and Description, when set, are given to the album; unset,
	// a new album is private (or as the settings say) with no
	// description, and one already there keeps its own.
	Public      *bool
	Description *string
}

// AddAlbumPath creates the album at a path (and any missing parent), and
// returns its id. An album already there changes only in what spec sets.
func (s *Service) AddAlbumPath(ctx context.Context, a Actor, spec AlbumSpec) (int64, error) {
	if err := admin(a, "albums"); err != nil {
		return 0, err
	}
	if len(spec.Path) == 0 {
		return 0, invalid("album path is empty")
	}
	for i, n := range spec.Path {
		n = strings.TrimSpace(n)
		if n == "" || len(n) > 255 || strings.ContainsFunc(n, func(r rune) bool { return r < 0x20 }) {
			return 0, fmt.Errorf("album name %q: %w", n, gallery.ErrBadAlbumName)
		}
		spec.Path[i] = n
	}
	path := strings.Join(spec.Path, "/")
	action := "album.create"
	if _, err := s.AlbumByPath(ctx, a, path); err == nil {
		action = "album.update"
	}
	var detail []string
	if spec.Public != nil {
		detail = append(detail, fmt.Sprintf("public=%t", *spec.Public))
	}
	if spec.Description != nil {
		detail = append(detail, "description")
	}
	var id int64
	err := s.change(ctx, a, action, path, strings.Join(detail, " "), func(ctx context.Context) (err error) {
		if id, err = s.store.EnsureAlbumPath(ctx, spec.Path); err != nil {
			return err
		}
		if spec.Public != nil {
			_, inherit, err := s.store.AlbumAccess(ctx, id)
			if err != nil {
				return err
			}
			if err := s.store.SetAlbumAccess(ctx, id, *spec.Public, inherit); err != nil {
				return err
			}
		}
		if spec.Description != nil {
			return s.store.SetAlbumDescription(ctx, id, strings.TrimSpace(*spec.Description))
		}
		return nil
	})
	return id, err
}

// AlbumByPath finds an album by its path, as the actor sees the tree.
func (s *Service) AlbumByPath(ctx context.Context, a Actor, path string) (*gallery.Album, error) {
	_, byID, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return nil, err
	}
	path = strings.Trim(path, "/")
	for _, al := range byID {
		if al.Path == path {
			return al, nil
		}
	}
	return nil, fmt.Errorf("album %q: %w", path, gallery.ErrNotFound)
}

// RenameAlbum renames an album.
func (s *Service) RenameAlbum(ctx context.Context, a Actor, id int64, name string) error {
	if err := admin(a, "albums"); err != nil {
		return err
	}
	return s.change(ctx, a, "album.rename", fmt.Sprint(id), strings.TrimSpace(name), func(ctx context.Context) error {
		return s.store.RenameAlbum(ctx, id, name)
	})
}

// MoveAlbum puts an album under parent (0 for the root).
func (s *Service) MoveAlbum(ctx context.Context, a Actor, id, parent int64) error {
	if err := admin(a, "albums"); err != nil {
		return err
	}
	return s.change(ctx, a, "album.move", fmt.Sprint(id), fmt.Sprintf("parent=%d", parent), func(ctx context.Context) error {
		return s.store.MoveAlbum(ctx, id, parent)
	})
}

// SetAlbumPosition sets where an album sorts among its siblings.
func (s *Service) SetAlbumPosition(ctx context.Context, a Actor, id int64, position int) error {
	if err := admin(a, "albums"); err != nil {
		return err
	}
	if position < -1000 || position > 1000 {
		return invalid("position %d", position)
	}
	return s.change(ctx, a, "album.position", fmt.Sprint(id), fmt.Sprint(position), func(ctx context.Context) error {
		return s.store.SetAlbumPosition(ctx, id, position)
	})
}

// DeleteAlbum deletes an album and its sub-albums; with trashMedia their
// items go to the trash (but those also filed elsewhere).
func (s *Service) DeleteAlbum(ctx context.Context, a Actor, id int64, trashMedia bool) error {
	if err := admin(a, "albums"); err != nil {
		return err
	}
	return s.change(ctx, a, "album.delete", fmt.Sprint(id), fmt.Sprintf("trash_media=%t", trashMedia), func(ctx context.Context) error {
		return s.store.DeleteAlbum(ctx, id, trashMedia, s.now())
	})
}

// SetAlbumVisibility makes an album public or private, and says whether
// it inherits its parent's grants. With subAlbums, making it public makes
// every album under it public too, in the same change and audit entry.
func (s *Service) SetAlbumVisibility(ctx context.Context, a Actor, id int64, public, inherit, subAlbums bool) error {
	if err := admin(a, "albums"); err != nil {
		return err
	}
	var under []int64
	if public && subAlbums {
		rules, _, err := s.store.AccessRules(ctx)
		if err != nil {
			return err
		}
		under = privateUnder(rules, id)
	}
	detail := fmt.Sprintf("public=%t inherit=%t", public, inherit)
	if len(under) > 0 {
		detail += fmt.Sprintf(" sub_albums=%d", len(under))
	}
	return s.change(ctx, a, "album.visibility", fmt.Sprint(id), detail, func(ctx context.Context) error {
		if err := s.store.SetAlbumAccess(ctx, id, public, inherit); err != nil {
			return err
		}
		return s.store.SetAlbumsPublic(ctx, under)
	})
}

// privateUnder lists the private albums under id.
func privateUnder(rules []gallery.AlbumRule, id int64) []int64 {
	public := map[int64]bool{}
	for _, r := range rules {
		public[r.ID] = r.Public
	}
	var out []int64
	for _, d := range gallery.Descendants(rules, id) {
		if !public[d] {
			out = append(out, d)
		}
	}
	return out
}

// markBadges tells staff, on each album card, whether the album is
// public; others get no badge.
func (s *Service) markBadges(ctx context.Context, a Actor, albums []*gallery.Album) error {
	if !a.Access.Staff() || len(albums) == 0 {
		return nil
	}
	rules, _, err := s.store.AccessRules(ctx)
	if err != nil {
		return err
	}
	public := gallery.PublicAlbums(rules)
	for _, al := range albums {
		al.Badge, al.Public = true, public[al.ID]
	}
	return nil
}

// Grantee is whom a grant is to: a user or a group, by id.
type Grantee struct {
	User, Group int64
}

func (g Grantee) String() string {
	if g.User != 0 {
		return fmt.Sprintf("u%d", g.User)
	}
	return fmt.Sprintf("g%d", g.Group)
}

// ParsePerms reads rights by name, comma-separated: "see" (or "view"),
// "download", "contribute", "edit".
func ParsePerms(s string) (gallery.Perm, error) {
	var p gallery.Perm
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "see" {
			name = "view"
		}
		q := gallery.PermNamed(name)
		if q == 0 {
			return 0, invalid("right %q: give see, download, contribute or edit", name)
		}
		p |= q
	}
	return p, nil
}

// Grant gives (or, with 0, takes back) rights on an album to a user or a
// group.
func (s *Service) Grant(ctx context.Context, a Actor, album int64, to Grantee, perms gallery.Perm) error {
	if err := admin(a, "grants"); err != nil {
		return err
	}
	if (to.User == 0) == (to.Group == 0) {
		return invalid("a grant is to one user or one group")
	}
	return s.change(ctx, a, "album.grant", fmt.Sprint(album), fmt.Sprintf("%s perms=%d", to, perms), func(ctx context.Context) error {
		return s.store.SetGrant(ctx, album, to.User, to.Group, perms)
	})
}

// GrantByName is Grant with an album path and a user or group name, as
// the command line gives them; revoke takes every right back.
func (s *Service) GrantByName(ctx context.Context, a Actor, albumPath, user, group string, perms gallery.Perm) error {
	if err := admin(a, "grants"); err != nil {
		return err
	}
	al, err := s.AlbumByPath(ctx, a, albumPath)
	if err != nil {
		return err
	}
	var to Grantee
	switch {
	case user != "" && group == "":
		u, err := s.store.UserByName(ctx, user)
		if err != nil {
			return fmt.Errorf("user %q: %w", user, err)
		}
		to.User = u.ID
	case group != "" && user == "":
		gs, err := s.store.Groups(ctx)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if g.Name == group {
				to.Group = g.ID
			}
		}
		if to.Group == 0 {
			return fmt.Errorf("group %q: %w", group, gallery.ErrNotFound)
		}
	default:
		return invalid("name one user or one group")
	}
	return s.Grant(ctx, a, al.ID, to, perms)
}

// AlbumRights is an album's rights panel, for administrators.
type AlbumRights struct {
	Public, Inherit bool
	Grants          []gallery.Grant
	Users           []gallery.User
	Groups          []gallery.Group
	// Who is every account that may see the album and why, when asked.
	Who []WhoRow
	// PrivateSubAlbums counts the private albums under this one, which
	// making it public may make public too.
	PrivateSubAlbums int
}

// AlbumRights returns an album's rights panel; who works out every
// account's rights, so it is done only when asked.
func (s *Service) AlbumRights(ctx context.Context, a Actor, album int64, who bool) (*AlbumRights, error) {
	if err := admin(a, "rights"); err != nil {
		return nil, err
	}
	d := &AlbumRights{}
	var err error
	if d.Public, d.Inherit, err = s.store.AlbumAccess(ctx, album); err != nil {
		return nil, err
	}
	rules, _, err := s.store.AccessRules(ctx)
	if err != nil {
		return nil, err
	}
	d.PrivateSubAlbums = len(privateUnder(rules, album))
	if d.Grants, err = s.store.AlbumGrants(ctx, album); err != nil {
		return nil, err
	}
	if d.Users, err = s.store.Users(ctx); err != nil {
		return nil, err
	}
	if d.Groups, err = s.store.Groups(ctx); err != nil {
		return nil, err
	}
	if who {
		v, err := s.accountsView(ctx)
		if err != nil {
			return nil, err
		}
		d.Who = v.whoCanSee(album)
	}
	return d, nil
}

// WhoRow is one line of "who can see this, and why".
type WhoRow struct {
	Name    string
	Role    gallery.Role
	Perms   gallery.Perm
	Reasons []gallery.Reason
	// Admin: administrators see everything; Guests: anonymous visitors.
	Admin, Guests bool
}

// accountsView is what "who can see" needs, read once: the rules, the
// grants, the accounts with their groups, and the guest settings.
type accountsView struct {
	rules      []gallery.AlbumRule
	grants     []gallery.Grant
	users      []gallery.User
	groupNames map[int64]string
	guest      gallery.Principal
}

func (s *Service) accountsView(ctx context.Context) (*accountsView, error) {
	e := &accountsView{groupNames: map[int64]string{}}
	var err error
	if e.rules, e.grants, err = s.store.AccessRules(ctx); err != nil {
		return nil, err
	}
	if e.users, err = s.store.Users(ctx); err != nil {
		return nil, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		e.groupNames[g.ID] = g.Name
	}
	if e.guest, err = s.rights.Principal(ctx, nil); err != nil {
		return nil, err
	}
	return e, nil
}

// whoCanSee works out, for every account and for guests, what they may do
// with an album and why. It runs the same computation as every request,
// so what it says is what happens.
func (e *accountsView) whoCanSee(album int64) []WhoRow {
	var out []WhoRow
	if perm, reasons := gallery.Why(e.guest, album, e.rules, e.grants, e.groupNames); perm != 0 {
		out = append(out, WhoRow{Guests: true, Perms: perm, Reasons: reasons})
	}
	for _, u := range e.users {
		if u.Disabled {
			continue
		}
		if u.Role.IsAdmin() {
			out = append(out, WhoRow{Name: u.Name, Role: u.Role, Perms: gallery.PermAll, Admin: true})
			continue
		}
		p := e.guest
		p.User, p.Groups = u, u.Groups
		if perm, reasons := gallery.Why(p, album, e.rules, e.grants, e.groupNames); perm != 0 {
			out = append(out, WhoRow{Name: u.Name, Role: u.Role, Perms: perm, Reasons: reasons})
		}
	}
	return out
}

// MediaWho is "who can see this photo, and why": everyone who sees one of
// its albums, at a privacy level that reaches the photo's.
type MediaWho struct {
	Name    string
	Role    gallery.Role
	Admin   bool
	Guests  bool
	Perms   gallery.Perm
	Reasons []WhoReason
}

// WhoReason is one album through which someone sees the photo.
type WhoReason struct {
	Album   string
	Reasons []gallery.Reason
}

// WhoCanSeeMedia merges whoCanSee over the item's albums, keeping those
// whose privacy level reaches the item's (administrators see everything;
// guests and pending items follow the same rules as for everyone).
func (s *Service) WhoCanSeeMedia(ctx context.Context, a Actor, m gallery.Media, albums []*gallery.Album) ([]*MediaWho, error) {
	if err := admin(a, "rights"); err != nil {
		return nil, err
	}
	e, err := s.accountsView(ctx)
	if err != nil {
		return nil, err
	}
	level := map[string]int{}
	for _, u := range e.users {
		level[u.Name] = u.Level
	}
	byName := map[string]*MediaWho{}
	var order []*MediaWho
	for _, al := range albums {
		for _, w := range e.whoCanSee(al.ID) {
			if !w.Admin && (m.Pending || (w.Guests && m.Level > gallery.LevelEverybody) || (!w.Guests && level[w.Name] < m.Level)) {
				continue
			}
			key := w.Name
			if w.Guests {
				key = "\x00guests"
			}
			e, ok := byName[key]
			if !ok {
				e = &MediaWho{Name: w.Name, Role: w.Role, Admin: w.Admin, Guests: w.Guests}
				byName[key] = e
				order = append(order, e)
			}
			e.Perms |= w.Perms
			if !w.Admin {
				e.Reasons = append(e.Reasons, WhoReason{Album: al.Path, Reasons: w.Reasons})
			}
		}
	}
	return order, nil
}

// AlbumRule returns an album's path and whether it is public, for
// administrators.
func (s *Service) AlbumRule(ctx context.Context, a Actor, id int64) (path string, public bool, err error) {
	if err := admin(a, "albums"); err != nil {
		return "", false, err
	}
	if public, _, err = s.store.AlbumAccess(ctx, id); err != nil {
		return "", false, err
	}
	_, byID, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return "", false, err
	}
	if al := byID[id]; al != nil {
		path = al.Path
	}
	return path, public, nil
}
