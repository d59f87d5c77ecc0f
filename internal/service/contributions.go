package service

import (
	"context"

	"imagier/internal/gallery"
)

// ReviewView is the review page: contributions waiting for review, each
// with who brought it, when and into which album.
type ReviewView struct {
	Page  gallery.Page
	Items []gallery.Contribution
}

// ReviewView returns a page of the review queue, for administrators.
func (s *Service) ReviewView(ctx context.Context, a Actor, after string, limit int) (ReviewView, error) {
	pg, err := s.ReviewPage(ctx, a, after, limit)
	if err != nil {
		return ReviewView{}, err
	}
	ids := make([]int64, len(pg.Items))
	for i, m := range pg.Items {
		ids[i] = m.ID
	}
	cs, err := s.store.Contributions(ctx, ids)
	if err != nil {
		return ReviewView{}, err
	}
	v := ReviewView{Page: pg, Items: make([]gallery.Contribution, 0, len(pg.Items))}
	for _, m := range pg.Items {
		c, ok := cs[m.ID]
		if !ok {
			// A contribution whose uploader's account is gone.
			c = gallery.Contribution{State: gallery.ContributionPending}
		}
		c.Item = m
		v.Items = append(v.Items, c)
	}
	return v, nil
}

// PendingCount is how many contributions wait for review: the number the
// menu shows administrators; 0 for everybody else.
func (s *Service) PendingCount(ctx context.Context, a Actor) (int, error) {
	if !a.Admin() {
		return 0, nil
	}
	return s.store.CountPending(ctx)
}

// maxMyUploads bounds the list of their own uploads a contributor sees.
const maxMyUploads = 50

// MyUploads returns the actor's latest uploads with what became of each:
// waiting for review, published, or refused.
func (s *Service) MyUploads(ctx context.Context, a Actor) ([]gallery.Contribution, error) {
	if a.User.ID == 0 {
		return nil, nil
	}
	return s.store.ContributionsOf(ctx, a.User.ID, maxMyUploads)
}
