package service

import (
	"context"
	"fmt"

	"imagier/internal/gallery"
)

// placesBatch is how many items FindPlaces looks up per transaction: few
// enough that a server answering meanwhile never waits long on it.
const placesBatch = 500

// FindPlaces names the places of the items with a GPS position that were
// never looked up — imported before the library had a gazetteer, or whose
// position changed — in batches, until none is left or ctx ends. Each is
// marked looked up, even when no place is near, so that none is looked up
// twice. It returns how many items it looked up; without a gazetteer, it
// looks up none.
func (s *Service) FindPlaces(ctx context.Context) (int, error) {
	g := s.lib.Places()
	if !g.Available() {
		return 0, nil
	}
	total := 0
	for after := int64(0); ; {
		batch, err := s.store.Unplaced(ctx, after, placesBatch)
		if err != nil || len(batch) == 0 {
			return total, err
		}
		// Read only now: a server with nothing to look up never holds
		// the gazetteer.
		if err := g.Load(); err != nil {
			return total, err
		}
		for i := range batch {
			batch[i].Place = g.Nearest(batch[i].Lat, batch[i].Lon)
		}
		n, err := s.store.SetPlaces(ctx, batch, s.now())
		total += n
		if err != nil {
			return total, fmt.Errorf("find places: %w", err)
		}
		// Items whose position changed meanwhile stay unplaced: going on
		// from the last id, they wait for the next run.
		after = batch[len(batch)-1].ID
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// CountUnplaced is how many items FindPlaces would look up.
func (s *Service) CountUnplaced(ctx context.Context) (int, error) {
	return s.store.CountUnplaced(ctx)
}

// placeAt looks up the place of a position typed by a person, when the
// library has a gazetteer; ok is false when it has none, and the item then
// waits for FindPlaces.
func (s *Service) placeAt(g *gallery.GPS) (gallery.Place, bool) {
	pl := s.lib.Places()
	if g == nil || pl.Load() != nil {
		return gallery.Place{}, false
	}
	return pl.Nearest(g.Lat, g.Lon), true
}

// NamesPlaces reports whether the library names places: whether this
// build has a gazetteer, whose data the legal page must then credit.
func (s *Service) NamesPlaces() bool { return s.lib.Places().Available() }

// PlaceLabel is where an item was taken, as the reader of lang reads it:
// "Lyon, Auvergne-Rhône-Alpes, France".
func (s *Service) PlaceLabel(p gallery.Place, lang string) string {
	return s.lib.Places().Label(p, lang)
}

// PlaceWords are the names a place is found by, in French and English.
func (s *Service) PlaceWords(p gallery.Place) []string {
	return s.lib.Places().Words(p)
}
