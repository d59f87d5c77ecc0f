package service

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"imagier/internal/config"
	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// Registration modes, as gallery names them.
const (
	RegistrationOff      = gallery.RegistrationOff
	RegistrationApproval = gallery.RegistrationApproval
	RegistrationOpen     = gallery.RegistrationOpen
)

// Settings returns the library's settings.
func (s *Service) Settings(ctx context.Context) (gallery.Settings, error) {
	return s.store.Settings(ctx)
}

// SettingsForm is the settings page's form: its boxes, and the
// registration mode ("" keeps the one in force).
type SettingsForm struct {
	Guests, GuestDownload, NewAlbumsPublic bool
	Registration                           string
}

// SaveSettings saves the settings form: every setting that differs
// changes, each with its audit entry, all in one transaction with the
// reading of the settings in force.
func (s *Service) SaveSettings(ctx context.Context, a Actor, f SettingsForm) error {
	if err := admin(a, "settings"); err != nil {
		return err
	}
	return s.store.Atomic(ctx, func(ctx context.Context) error {
		old, err := s.store.Settings(ctx)
		if err != nil {
			return err
		}
		next := old
		next.Guests, next.GuestDownload, next.NewAlbumsPublic = f.Guests, f.GuestDownload, f.NewAlbumsPublic
		if f.Registration != "" {
			if err := next.Set("registration", f.Registration); err != nil {
				return err
			}
		}
		for _, name := range gallery.SettingNames() {
			was, _ := old.Value(name)
			v, err := next.Value(name)
			if err != nil {
				return err
			}
			if v == was {
				continue
			}
			if err := s.store.SetSetting(ctx, name, v); err != nil {
				return err
			}
			if err := s.audit(ctx, a, "setting.change", name, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetSetting changes one setting by name, from its text (the command
// line's "imagier settings set NAME VALUE").
func (s *Service) SetSetting(ctx context.Context, a Actor, name, value string) error {
	if err := admin(a, "settings"); err != nil {
		return err
	}
	var check gallery.Settings
	if err := check.Set(name, value); err != nil {
		return err
	}
	v, _ := check.Value(name) // normalised: "1" becomes "true"
	return s.change(ctx, a, "setting.change", name, v, func(ctx context.Context) error {
		return s.store.SetSetting(ctx, name, v)
	})
}

// ErrSelfBlock: an administrator tried to block their own address.
var ErrSelfBlock = fmt.Errorf("that would block your own address: %w", gallery.ErrInvalid)

// BlockAddress adds an address or network to the block-list. Shutting
// oneself out would need the database to undo, so it is refused.
func (s *Service) BlockAddress(ctx context.Context, a Actor, network, note string) error {
	if err := admin(a, "blocks"); err != nil {
		return err
	}
	p, err := ParseNetwork(network)
	if err != nil {
		return err
	}
	if me, err := netip.ParseAddr(a.Address); err == nil && p.Contains(me.Unmap()) {
		return ErrSelfBlock
	}
	err = s.change(ctx, a, "ip.block", p.String(), note, func(ctx context.Context) error {
		return s.store.AddIPBlock(ctx, p.String(), note)
	})
	s.blocks.invalidate()
	return err
}

// UnblockAddress removes an entry from the block-list.
func (s *Service) UnblockAddress(ctx context.Context, a Actor, id int64) error {
	if err := admin(a, "blocks"); err != nil {
		return err
	}
	err := s.change(ctx, a, "ip.unblock", fmt.Sprint(id), "", func(ctx context.Context) error {
		return s.store.RemoveIPBlock(ctx, id)
	})
	s.blocks.invalidate()
	return err
}

// Blocked reports whether addr is shut out by the block-list.
func (s *Service) Blocked(ctx context.Context, addr string) bool {
	return s.blocks.blocked(ctx, addr)
}

// ParseNetwork reads an address or a CIDR network, as config does.
func ParseNetwork(s string) (netip.Prefix, error) {
	p, err := config.ParseNetwork(s)
	if err != nil {
		return p, fmt.Errorf("network %q: %v: %w", s, err, gallery.ErrInvalid)
	}
	return p, nil
}

// blockRefresh is how long a server trusts its copy of the block-list: a
// block made on another server applies here within this time, and at once
// on the server where it was made.
const blockRefresh = 10 * time.Second

// blockList is the administrators' IP block-list, kept in memory.
type blockList struct {
	store *sqlstore.Store
	mu    sync.Mutex
	nets  []netip.Prefix
	read  time.Time
}

func (b *blockList) invalidate() {
	b.mu.Lock()
	b.read = time.Time{}
	b.mu.Unlock()
}

// blocked reports whether addr is shut out. If the list cannot be read, the
// last copy stands.
func (b *blockList) blocked(ctx context.Context, addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	b.mu.Lock()
	stale := time.Since(b.read) > blockRefresh
	nets := b.nets
	b.mu.Unlock()
	if stale {
		if list, err := b.store.IPBlocks(ctx); err == nil {
			nets = nets[:0:0]
			for _, x := range list {
				// Entries stored before mapped addresses were read as
				// IPv4 are read the same way here.
				if p, err := ParseNetwork(x.Network); err == nil {
					nets = append(nets, p)
				}
			}
			b.mu.Lock()
			b.nets, b.read = nets, time.Now()
			b.mu.Unlock()
		}
	}
	for _, p := range nets {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
