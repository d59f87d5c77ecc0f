package server

import (
	"net/http"
	"net/netip"
	"strings"
)

// resolveClient sets r.RemoteAddr to the client's address and removes the
// forwarding headers no trusted proxy vouches for, once, before any
// handler: handlers, the sign-in throttle, the block-list and the audit
// log then read RemoteAddr and X-Forwarded-Proto without knowing about
// proxies, and none of them can be told a lie by a caller.
func (s *Server) resolveClient(r *http.Request) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !trusted(s.proxies, unmap(peer.Addr())) {
		for _, k := range [...]string{"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "X-Real-Ip"} {
			r.Header.Del(k)
		}
		if err == nil {
			r.RemoteAddr = netip.AddrPortFrom(unmap(peer.Addr()), peer.Port()).String()
		}
		return
	}
	client := clientAddr(peer.Addr(), r.Header.Values("X-Forwarded-For"), s.proxies)
	port := peer.Port()
	if client != unmap(peer.Addr()) {
		port = 0 // the proxy does not tell the client's port
	}
	r.RemoteAddr = netip.AddrPortFrom(client, port).String()
	// Anything but one plain scheme is a chain of proxies disagreeing or
	// a value no handler should act on.
	switch p := r.Header.Values("X-Forwarded-Proto"); {
	case len(p) == 1 && strings.EqualFold(p[0], "https"):
		r.Header.Set("X-Forwarded-Proto", "https")
	case len(p) == 1 && strings.EqualFold(p[0], "http"):
		r.Header.Set("X-Forwarded-Proto", "http")
	default:
		r.Header.Del("X-Forwarded-Proto")
	}
}

// clientAddr returns the client's address: the peer's, unless the peer is
// a trusted proxy. Then X-Forwarded-For, every line of it joined, is walked
// from the right past trusted hops to the first address that is not one.
// Each proxy appends the address it received the request from, so that
// address was written by a proxy we trust; entries further left were
// written by the client and prove nothing.
//
// An entry that is not an address ("unknown", a typo) ends the walk at the
// trusted hop that passed it on: skipping it would hand the choice to the
// next entry, which the client may have written. Empty entries (a blank
// line, doubled commas) are no hop and are skipped.
func clientAddr(peer netip.Addr, forwardedFor []string, proxies []netip.Prefix) netip.Addr {
	addr := unmap(peer)
	if !trusted(proxies, addr) {
		return addr
	}
	hops := strings.Split(strings.Join(forwardedFor, ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		a, ok := parseHop(h)
		if !ok {
			return addr
		}
		addr = a
		if !trusted(proxies, addr) {
			return addr
		}
	}
	// Every hop is a trusted address: the leftmost is the nearest thing
	// to a client there is.
	return addr
}

// parseHop reads one X-Forwarded-For entry: an address, bare or bracketed,
// with or without the port some proxies add ("192.0.2.1:4711",
// "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, bool) {
	bare := s
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		bare = s[1 : len(s)-1]
	}
	if a, err := netip.ParseAddr(bare); err == nil {
		return unmap(a), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return unmap(ap.Addr()), true
	}
	return netip.Addr{}, false
}

// unmap gives an address the one form it is compared and recorded in: an
// IPv4 client seen through a dual-stack socket (::ffff:192.0.2.1) is
// 192.0.2.1, and a zone names this machine's interface, not the client.
func unmap(a netip.Addr) netip.Addr {
	return a.Unmap().WithZone("")
}

// trusted tells whether a is one of the proxies.
func trusted(proxies []netip.Prefix, a netip.Addr) bool {
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
