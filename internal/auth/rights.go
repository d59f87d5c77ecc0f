package auth

import (
	"context"
	"fmt"
	"sync"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// Rights works out what each caller may see, and keeps it until the
// rights version in the database moves: a grant, an album, a group or an
// account changed. Nothing is rebuilt for everyone at once; each caller's
// access is recomputed from the (small) album and grant tables on their
// next request, which is also how several servers stay in step.
type Rights struct {
	store *sqlstore.Store
	mu    sync.Mutex
	cache map[int64]cachedAccess // by user id; 0 is the guest
}

type cachedAccess struct {
	version int64
	acc     *gallery.Access
}

// maxCached bounds the cache; past it, the cache starts again empty.
const maxCached = 10000

// NewRights returns the rights service.
func NewRights(store *sqlstore.Store) *Rights {
	return &Rights{store: store, cache: map[int64]cachedAccess{}}
}

// For returns what u may see (nil u for an anonymous visitor); version is
// the rights version read with the caller's session, or 0 to read it now.
func (r *Rights) For(ctx context.Context, u *gallery.User, version int64) (*gallery.Access, error) {
	if version == 0 {
		v, err := r.store.RightsVersion(ctx)
		if err != nil {
			return nil, err
		}
		version = v
	}
	var id int64
	if u != nil {
		id = u.ID
	}
	r.mu.Lock()
	c, ok := r.cache[id]
	r.mu.Unlock()
	if ok && c.version == version {
		return c.acc, nil
	}
	acc, err := r.compute(ctx, u)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if len(r.cache) >= maxCached {
		r.cache = map[int64]cachedAccess{}
	}
	r.cache[id] = cachedAccess{version: version, acc: acc}
	r.mu.Unlock()
	return acc, nil
}

// Principal returns whom rights are worked out for: u with their groups
// and the guest settings (nil u for an anonymous visitor).
func (r *Rights) Principal(ctx context.Context, u *gallery.User) (gallery.Principal, error) {
	settings, err := r.store.Settings(ctx)
	if err != nil {
		return gallery.Principal{}, err
	}
	p := gallery.Principal{
		User:          gallery.User{Role: gallery.RoleGuest},
		Guests:        settings.Guests,
		GuestDownload: settings.GuestDownload,
	}
	if u != nil {
		p.User = *u
		if p.Groups, err = r.store.UserGroups(ctx, u.ID); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (r *Rights) compute(ctx context.Context, u *gallery.User) (*gallery.Access, error) {
	p, err := r.Principal(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("rights: %w", err)
	}
	if p.User.Role.IsAdmin() {
		acc := gallery.ComputeAccess(p, nil, nil)
		return &acc, nil
	}
	rules, grants, err := r.store.AccessRules(ctx)
	if err != nil {
		return nil, fmt.Errorf("rights: %w", err)
	}
	acc := gallery.ComputeAccess(p, rules, grants)
	return &acc, nil
}
