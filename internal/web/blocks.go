package web

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

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
				if p, err := netip.ParsePrefix(x.Network); err == nil {
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

// parseNetwork reads an address or a CIDR network.
func parseNetwork(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("network %q: %w", s, gallery.ErrInvalid)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// mustAddr parses an address, giving the zero address when it cannot.
func mustAddr(s string) netip.Addr {
	a, _ := netip.ParseAddr(s)
	return a.Unmap()
}
