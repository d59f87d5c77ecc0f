package service

import (
	"context"
	"fmt"

	"imagier/internal/gallery"
)

// The views below gather, in one call, what a page shows to its actor:
// the doors render them, and decide nothing about rights themselves.

// flatten lists an album tree depth first, for a menu.
func flatten(list []*gallery.Album) []*gallery.Album {
	var out []*gallery.Album
	for _, a := range list {
		out = append(out, a)
		out = append(out, flatten(a.Children)...)
	}
	return out
}

// AlbumPageView is an album's page.
type AlbumPageView struct {
	Album   *gallery.Album
	Parents []*gallery.Album
	Page    gallery.Page
	// CanDownload offers the album's originals as one zip.
	CanDownload bool
	// Manage is set for administrators, with every album (for menus), the
	// album's position and its rights panel.
	Manage   bool
	All      []*gallery.Album
	Position int
	Rights   *AlbumRights
	// Paths names every album the actor sees, for reasons that come from
	// a parent.
	Paths map[int64]string
	// Edit is set for those who may edit the album (its description and
	// the order of its items); Order is that order.
	Edit  bool
	Order gallery.ItemOrder
}

// AlbumPage returns an album's page from the cursor after: its items the
// actor sees and, for administrators, what they manage it with; who asks
// for "who can see it".
func (s *Service) AlbumPageView(ctx context.Context, a Actor, id int64, after string, limit int, who bool) (AlbumPageView, error) {
	roots, byID, err := s.store.AlbumView(ctx, a.Access, id)
	if err != nil {
		return AlbumPageView{}, err
	}
	al, ok := byID[id]
	if !ok {
		return AlbumPageView{}, fmt.Errorf("album %d: %w", id, gallery.ErrNotFound)
	}
	v := AlbumPageView{Album: al, CanDownload: a.Access.On(id).Has(gallery.PermDownload), Manage: a.Admin(),
		Edit: a.Access.On(id).Has(gallery.PermEdit), Order: al.Order}
	for p := byID[al.ParentID]; p != nil && len(v.Parents) < 100; p = byID[p.ParentID] {
		v.Parents = append([]*gallery.Album{p}, v.Parents...)
	}
	if v.Page, err = s.store.AlbumPage(ctx, a.Access, id, after, limit); err != nil {
		return v, err
	}
	if err := s.markBadges(ctx, a, append([]*gallery.Album{al}, al.Children...)); err != nil {
		return v, err
	}
	if !v.Manage {
		return v, nil
	}
	v.All = flatten(roots)
	v.Position = s.store.AlbumPosition(ctx, id)
	if v.Rights, err = s.AlbumRights(ctx, a, id, who); err != nil {
		return v, err
	}
	v.Paths = map[int64]string{}
	for id, al := range byID {
		v.Paths[id] = al.Path
	}
	return v, nil
}

// MediaPageView is an item's page.
type MediaPageView struct {
	Media gallery.Media
	// Album is the album the item was opened from, when the actor sees it.
	Album      *gallery.Album
	Prev, Next string // keys of the neighbours, in Album or by date
	// Albums are those holding the item that the actor sees.
	Albums []*gallery.Album
	// CanEdit and CanDownload are the actor's rights on the item; Manage
	// is set for administrators, with every album (for menus).
	CanEdit, CanDownload, Manage bool
	All                          []*gallery.Album
	// Who is "who can see it", for administrators who asked.
	Who []*MediaWho
	// Fields are the organisation's fields that apply to the item or
	// hold a value of it.
	Fields []ItemField
}

// MediaPageView returns an item's page, opened from album (0 for none),
// or ErrNotFound when the actor may not see it; items in the trash have
// no page. who asks for "who can see it".
func (s *Service) MediaPageView(ctx context.Context, a Actor, key string, album int64, who bool) (MediaPageView, error) {
	m, perm, err := s.Media(ctx, a, key)
	if err == nil && m.DeletedAt != nil {
		err = fmt.Errorf("media %s is in the trash: %w", key, gallery.ErrNotFound)
	}
	if err != nil {
		return MediaPageView{}, err
	}
	v := MediaPageView{Media: m, CanEdit: perm.Has(gallery.PermEdit), CanDownload: perm.Has(gallery.PermDownload), Manage: a.Admin()}
	roots, byID, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return v, err
	}
	if v.Manage {
		v.All = flatten(roots)
	}
	if v.Albums, err = s.mediaAlbums(ctx, m, byID); err != nil {
		return v, err
	}
	v.Album = byID[album]
	if v.Album == nil {
		album = 0
	}
	if v.Prev, v.Next, err = s.store.Neighbours(ctx, a.Access, m.ID, album); err != nil {
		return v, err
	}
	if v.Fields, err = s.itemFields(ctx, m.ID, m.Key); err != nil {
		return v, err
	}
	if v.Manage && who {
		v.Who, err = s.WhoCanSeeMedia(ctx, a, m, v.Albums)
	}
	return v, err
}

// mediaAlbums returns the albums of byID (those the actor sees) that
// hold an item.
func (s *Service) mediaAlbums(ctx context.Context, m gallery.Media, byID map[int64]*gallery.Album) ([]*gallery.Album, error) {
	ids, err := s.store.MediaAlbumIDs(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	var out []*gallery.Album
	for _, id := range ids {
		if al, ok := byID[id]; ok {
			out = append(out, al)
		}
	}
	return out, nil
}

// UploadView is the upload page.
type UploadView struct {
	// Albums are those the actor may upload into; Album is preselected
	// (the one asked for, or the only one there is).
	Albums []*gallery.Album
	Album  int64
	// Admin may create albums and publishes at once; others contribute.
	Admin bool
	Quota Quota
	// Mine are the actor's latest uploads with what became of each.
	Mine []gallery.Contribution
}

// UploadView returns the upload page, album being the one asked for.
func (s *Service) UploadView(ctx context.Context, a Actor, album int64) (UploadView, error) {
	roots, _, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return UploadView{}, err
	}
	v := UploadView{Album: album, Admin: a.Admin()}
	for _, al := range flatten(roots) {
		if a.Access.On(al.ID).Has(gallery.PermContribute) {
			v.Albums = append(v.Albums, al)
		}
	}
	if len(v.Albums) == 1 && !v.Admin {
		v.Album = v.Albums[0].ID
	}
	v.Quota, err = s.Quota(ctx, a)
	if err != nil {
		return v, err
	}
	v.Mine, err = s.MyUploads(ctx, a)
	return v, err
}

// SettingsView is the settings page.
type SettingsView struct {
	gallery.Settings
	Blocks []gallery.IPBlock
	// Branding is set for the webmaster only, who alone changes it.
	Branding *gallery.Branding
}

// SettingsView returns the settings page, for administrators.
func (s *Service) SettingsView(ctx context.Context, a Actor) (SettingsView, error) {
	if err := admin(a, "settings"); err != nil {
		return SettingsView{}, err
	}
	st, err := s.store.Settings(ctx)
	if err != nil {
		return SettingsView{}, err
	}
	v := SettingsView{Settings: st}
	v.Blocks, err = s.store.IPBlocks(ctx)
	if err == nil && a.Webmaster() {
		var b gallery.Branding
		b, err = s.store.Branding(ctx)
		v.Branding = &b
	}
	return v, err
}
