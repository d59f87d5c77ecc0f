package service

import (
	"context"
	"fmt"
	"io"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"imagier/internal/gallery"
)

// What the actor may see: every read below is filtered by the actor's
// access, so an item outside every album they may see does not exist for
// them — in pages, counts, covers, files.

// Albums returns the album tree the actor sees, with counts and covers,
// and, for staff, whether each album is public.
func (s *Service) Albums(ctx context.Context, a Actor) ([]*gallery.Album, map[int64]*gallery.Album, error) {
	roots, byID, err := s.store.Albums(ctx, a.Access)
	if err != nil {
		return roots, byID, err
	}
	return roots, byID, s.markBadges(ctx, a, flatten(roots))
}

// AlbumNodes returns the album tree the actor sees, without counts.
func (s *Service) AlbumNodes(ctx context.Context, a Actor) ([]*gallery.Album, map[int64]*gallery.Album, error) {
	return s.store.AlbumNodes(ctx, a.Access)
}

// TagIndex returns every tag the actor sees an item of, with how many
// they see, sorted by name in the reader's language or, byCount, most
// used first.
func (s *Service) TagIndex(ctx context.Context, a Actor, lang language.Tag, byCount bool) ([]gallery.TagCount, error) {
	tags, err := s.store.TagCounts(ctx, a.Access)
	if err != nil {
		return nil, err
	}
	col := collate.New(lang, collate.IgnoreCase)
	sort.SliceStable(tags, func(i, j int) bool {
		if byCount && tags[i].Count != tags[j].Count {
			return tags[i].Count > tags[j].Count
		}
		if c := col.CompareString(tags[i].Name, tags[j].Name); c != 0 {
			return c < 0
		}
		return tags[i].Name < tags[j].Name
	})
	return tags, nil
}

// Latest returns the latest additions the actor sees.
func (s *Service) Latest(ctx context.Context, a Actor, limit int) ([]gallery.Media, error) {
	return s.store.Latest(ctx, a.Access, limit)
}

// Months returns the timeline's months for the actor.
func (s *Service) Months(ctx context.Context, a Actor) ([]gallery.Month, error) {
	return s.store.Months(ctx, a.Access)
}

// Timeline lists the actor's items by date.
func (s *Service) Timeline(ctx context.Context, a Actor, after string, limit int) (gallery.Page, error) {
	return s.store.TimelinePage(ctx, a.Access, after, limit)
}

// TagPage lists the actor's items with a tag.
func (s *Service) TagPage(ctx context.Context, a Actor, tag, after string, limit int) (gallery.Page, error) {
	return s.store.TagPage(ctx, a.Access, tag, after, limit)
}

// TrashPage lists the trash, for administrators.
func (s *Service) TrashPage(ctx context.Context, a Actor, after string, limit int) (gallery.Page, error) {
	if err := admin(a, "trash"); err != nil {
		return gallery.Page{}, err
	}
	return s.store.TrashPage(ctx, after, limit)
}

// ReviewPage lists contributions waiting for review, for administrators.
func (s *Service) ReviewPage(ctx context.Context, a Actor, after string, limit int) (gallery.Page, error) {
	if err := admin(a, "review"); err != nil {
		return gallery.Page{}, err
	}
	return s.store.ReviewPage(ctx, after, limit)
}

// TagSuggestions completes a tag being typed, for administrators.
func (s *Service) TagSuggestions(ctx context.Context, a Actor, prefix string) ([]string, error) {
	if err := admin(a, "tags"); err != nil {
		return nil, err
	}
	if len(prefix) > 100 {
		prefix = prefix[:100]
	}
	return s.store.TagsWithPrefix(ctx, prefix, 20)
}

// Media returns the item with this key and the actor's rights on it, or
// ErrNotFound when the actor may not see it: a private item is answered
// exactly like one that does not exist. Administrators still see what
// is in the trash.
func (s *Service) Media(ctx context.Context, a Actor, key string) (gallery.Media, gallery.Perm, error) {
	return s.visible(ctx, a, key, s.store.MediaByKey)
}

// visible is Media with the lookup to use: files need less of the item
// than its page.
func (s *Service) visible(ctx context.Context, a Actor, key string, lookup func(context.Context, string) (gallery.Media, error)) (gallery.Media, gallery.Perm, error) {
	if len(key) > 64 {
		return gallery.Media{}, 0, fmt.Errorf("media key: %w", gallery.ErrNotFound)
	}
	m, err := lookup(ctx, key)
	if err != nil {
		return m, 0, err
	}
	perm, err := s.store.MediaPerm(ctx, a.Access, m.ID)
	if err != nil {
		return m, 0, err
	}
	if perm == 0 || m.DeletedAt != nil && !a.Admin() {
		return gallery.Media{}, 0, fmt.Errorf("media %s: %w", key, gallery.ErrNotFound)
	}
	return m, perm, nil
}

// Neighbours returns the keys of the items before and after one, in an
// album (or the timeline, album 0), as the actor sees them.
func (s *Service) Neighbours(ctx context.Context, a Actor, id, album int64) (prev, next string, err error) {
	if album != 0 && a.Access.On(album) == 0 {
		return "", "", fmt.Errorf("album %d: %w", album, gallery.ErrNotFound)
	}
	return s.store.Neighbours(ctx, a.Access, id, album)
}

// File is an item's original or derivative, opened for serving.
type File struct {
	Media gallery.Media
	Body  io.ReadSeekCloser
}

// Original opens an item's original, for an actor who may download it.
func (s *Service) Original(ctx context.Context, a Actor, key string) (File, error) {
	m, perm, err := s.visible(ctx, a, key, s.store.MediaFileByKey)
	if err != nil {
		return File{}, err
	}
	if !perm.Has(gallery.PermDownload) {
		return File{}, fmt.Errorf("original %s: %w", key, gallery.ErrNotFound)
	}
	body, err := s.lib.Original(ctx, m)
	return File{Media: m, Body: body}, err
}

// Derivative opens an item's derivative of a size, made on first request.
func (s *Service) Derivative(ctx context.Context, a Actor, key, size string) (File, error) {
	m, _, err := s.visible(ctx, a, key, s.store.MediaFileByKey)
	if err != nil {
		return File{}, err
	}
	body, err := s.lib.Derivative(ctx, m, size)
	return File{Media: m, Body: body}, err
}

// AlbumFiles gives the originals of an album the actor may download from:
// start is called once with the album, then fn with each of its items the
// actor sees, opened (fn must not keep it).
func (s *Service) AlbumFiles(ctx context.Context, a Actor, album int64, start func(*gallery.Album) error, fn func(gallery.Media, io.Reader) error) error {
	if !a.Access.On(album).Has(gallery.PermDownload) {
		return fmt.Errorf("album %d: %w", album, gallery.ErrNotFound)
	}
	_, byID, err := s.store.AlbumNodes(ctx, a.Access)
	if err != nil {
		return err
	}
	if byID[album] == nil {
		return fmt.Errorf("album %d: %w", album, gallery.ErrNotFound)
	}
	if err := start(byID[album]); err != nil {
		return err
	}
	return s.store.AlbumFiles(ctx, a.Access, album, func(m gallery.Media) error {
		f, err := s.lib.Original(ctx, m)
		if err != nil {
			return err
		}
		defer f.Close()
		return fn(m, f)
	})
}
