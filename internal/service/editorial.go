package service

import (
	"context"
	"fmt"
	"unicode/utf8"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// editor refuses someone who may not edit an album as if it did not
// exist; administrators edit every album.
func editor(a Actor, album int64) error {
	if !a.Access.On(album).Has(gallery.PermEdit) {
		return fmt.Errorf("album %d: %w", album, gallery.ErrNotFound)
	}
	return nil
}

// cleanDescription makes an album's description plain text: line breaks
// kept (paragraphs are separated by a blank line), other control
// characters dropped, trimmed, at most gallery.MaxAlbumDescription
// characters (as the form's maxlength counts them).
func cleanDescription(text string) (string, error) {
	if !utf8.ValidString(text) {
		return "", invalid("description is not text")
	}
	text = gallery.CleanText(text)
	if utf8.RuneCountInString(text) > gallery.MaxAlbumDescription {
		return "", invalid("description too long")
	}
	return text, nil
}

// SetAlbumDescription sets an album's description, for those who may edit
// the album.
func (s *Service) SetAlbumDescription(ctx context.Context, a Actor, id int64, text string) error {
	if err := editor(a, id); err != nil {
		return err
	}
	text, err := cleanDescription(text)
	if err != nil {
		return err
	}
	return s.change(ctx, a, "album.description", fmt.Sprint(id), fmt.Sprintf("%d bytes", len(text)), func(ctx context.Context) error {
		return s.store.SetAlbumDescription(ctx, id, text)
	})
}

// SetAlbumItemOrder chooses how an album lists its items: by date, title,
// file name, or by hand.
func (s *Service) SetAlbumItemOrder(ctx context.Context, a Actor, id int64, order gallery.ItemOrder) error {
	if err := editor(a, id); err != nil {
		return err
	}
	if !order.Valid() {
		return invalid("order %q", order)
	}
	detail := string(order)
	if detail == "" {
		detail = "date"
	}
	return s.change(ctx, a, "album.order", fmt.Sprint(id), detail, func(ctx context.Context) error {
		return s.store.SetAlbumOrder(ctx, id, order)
	})
}

// ItemMove is where an item goes in an album arranged by hand: just
// before Target (just after it with After), or last when Target is empty;
// Step, when not 0, moves it one place earlier (-1) or later (+1) instead.
type ItemMove struct {
	Key, Target string
	After       bool
	Step        int
	// First puts the item first, Last last: pages of a large album are
	// far apart.
	First, Last bool
}

// MoveAlbumItem moves an item in an album arranged by hand. Only those who
// may edit the album do it.
func (s *Service) MoveAlbumItem(ctx context.Context, a Actor, album int64, mv ItemMove) error {
	if err := editor(a, album); err != nil {
		return err
	}
	if mv.Step < -1 || mv.Step > 1 {
		return invalid("step %d", mv.Step)
	}
	m, _, err := s.Media(ctx, a, mv.Key)
	if err != nil {
		return err
	}
	var target int64
	if mv.Target != "" && mv.Step == 0 && !mv.First && !mv.Last {
		t, _, err := s.Media(ctx, a, mv.Target)
		if err != nil {
			return err
		}
		target = t.ID
	}
	detail := fmt.Sprintf("%s before=%s", mv.Key, mv.Target)
	switch {
	case mv.Step != 0:
		detail = fmt.Sprintf("%s step=%d", mv.Key, mv.Step)
	case mv.First:
		detail, target = mv.Key+" first", sqlstore.FirstPlace
	case mv.Last:
		detail, target = mv.Key+" last", 0
	case mv.After:
		detail = fmt.Sprintf("%s after=%s", mv.Key, mv.Target)
	}
	return s.change(ctx, a, "album.arrange", fmt.Sprint(album), detail, func(ctx context.Context) error {
		if mv.Step != 0 {
			return s.store.StepItem(ctx, album, m.ID, mv.Step)
		}
		return s.store.MoveItem(ctx, album, m.ID, target, mv.After)
	})
}

// PlaceAlbum moves an album among its siblings, for administrators: just
// before album before (0 for last), or one place earlier (step -1) or
// later (+1) when step is not 0.
func (s *Service) PlaceAlbum(ctx context.Context, a Actor, id, before int64, step int) error {
	if err := admin(a, "albums"); err != nil {
		return err
	}
	if step < -1 || step > 1 {
		return invalid("step %d", step)
	}
	detail := fmt.Sprintf("before=%d", before)
	if step != 0 {
		detail = fmt.Sprintf("step=%d", step)
	}
	return s.change(ctx, a, "album.place", fmt.Sprint(id), detail, func(ctx context.Context) error {
		sibs, err := s.store.AlbumSiblings(ctx, id)
		if err != nil {
			return err
		}
		at := -1
		for i, x := range sibs {
			if x == id {
				at = i
			}
		}
		rest := make([]int64, 0, len(sibs))
		for _, x := range sibs {
			if x != id {
				rest = append(rest, x)
			}
		}
		to := len(rest)
		switch {
		case step != 0:
			to = min(max(at+step, 0), len(rest))
		case before != 0:
			to = -1
			for i, x := range rest {
				if x == before {
					to = i
				}
			}
			if to < 0 {
				return fmt.Errorf("album %d is not a sibling of %d: %w", before, id, gallery.ErrInvalid)
			}
		}
		order := append(append(append([]int64{}, rest[:to]...), id), rest[to:]...)
		return s.store.SetAlbumPositions(ctx, order)
	})
}
