package server

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// Links builds the absolute addresses that leave the site — invitation
// links, password-reset mails, the Atom feed. They cannot simply take the
// request's Host header: any caller chooses it, and a reset mail pointing
// to the caller's own host would hand them the token.
type Links struct {
	public string
}

// NewLinks returns the links of a site reached at publicURL (already
// checked by config.Validate), or, when it is empty, at the address a
// request arrived on.
func NewLinks(publicURL string) Links {
	return Links{public: strings.TrimSuffix(publicURL, "/")}
}

// Base returns the site's address with no trailing slash, to put a path
// after: the public URL when one is set. Without one, it is r's scheme and
// Host, but only when Host names the address and port the request arrived
// on — the listen address, or the machine's address it reached when
// listening on all of them — or, on a loopback address, localhost. Else
// ok is false, and the caller must not make the link: it shows none and
// says --public-url is needed.
func (l Links) Base(r *http.Request) (base string, ok bool) {
	if l.public != "" {
		return l.public, true
	}
	scheme := Scheme(r)
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if local == nil || !hostMatches(r.Host, scheme, local.String()) {
		return "", false
	}
	return scheme + "://" + r.Host, true
}

// Scheme returns "https" when r came over TLS, here or to a trusted proxy
// in front (its X-Forwarded-Proto reaches handlers only from a trusted
// proxy, see Options), and "http" otherwise. It is only right behind the
// middleware of New.
func Scheme(r *http.Request) string {
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		return "https"
	}
	return "http"
}

// hostMatches tells whether the Host header host names local, the
// address:port a connection was accepted on.
func hostMatches(host, scheme, local string) bool {
	l, err := netip.ParseAddrPort(local)
	if err != nil {
		return false
	}
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		// No port: the scheme's own.
		name, port = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), "443"
		if scheme == "http" {
			port = "80"
		}
	}
	if p, err := strconv.ParseUint(port, 10, 16); err != nil || uint16(p) != l.Port() {
		return false
	}
	addr := unmap(l.Addr())
	if strings.EqualFold(name, "localhost") {
		return addr.IsLoopback()
	}
	a, err := netip.ParseAddr(name)
	if err != nil || a.Zone() != "" {
		return false
	}
	a = a.Unmap()
	return a == addr || a.IsLoopback() && addr.IsLoopback()
}
