package auth

import (
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Throttle slows password guessing: too many failed sign-ins for one
// account, or from one address, lock it out for a while. IPv6 callers are
// counted by their /64 network, since one machine easily holds a whole one.
// It lives in memory: a restart forgets it, and servers sharing one
// database count separately.
type Throttle struct {
	mu      sync.Mutex
	entries map[string]*strikes
	// Limits: failures allowed within Window before a lockout of Lockout.
	PerAccount, PerAddress int
	Window, Lockout        time.Duration
	now                    func() time.Time
}

type strikes struct {
	count       int
	first       time.Time
	lockedUntil time.Time
}

// NewThrottle returns a throttle with the default limits: 5 failures per
// account or 20 per address within 15 minutes lock them for 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{entries: map[string]*strikes{}, PerAccount: 5, PerAddress: 20,
		Window: 15 * time.Minute, Lockout: 15 * time.Minute, now: time.Now}
}

// AddressKey names the bucket of a caller's address: the address for IPv4,
// its /64 network for IPv6.
func AddressKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "addr:" + addr
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "net:" + p.String()
	}
	return "addr:" + ip.String()
}

func accountKey(name string) string { return "user:" + strings.ToLower(strings.TrimSpace(name)) }

// Locked tells whether sign-ins for this account or from this address are
// refused for now.
func (t *Throttle) Locked(name, addr string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range []string{accountKey(name), AddressKey(addr)} {
		if s := t.entries[k]; s != nil && now.Before(s.lockedUntil) {
			return true
		}
	}
	return false
}

// Fail records a failed sign-in.
func (t *Throttle) Fail(name, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.entries) > 100_000 {
		t.prune(now)
	}
	t.strike(accountKey(name), t.PerAccount, now)
	t.strike(AddressKey(addr), t.PerAddress, now)
}

func (t *Throttle) strike(key string, limit int, now time.Time) {
	s := t.entries[key]
	if s == nil || now.Sub(s.first) > t.Window {
		s = &strikes{first: now}
		t.entries[key] = s
	}
	s.count++
	if s.count >= limit {
		s.lockedUntil = now.Add(t.Lockout)
		s.count, s.first = 0, now
	}
}

// Succeed forgets an account's failures after a good sign-in.
func (t *Throttle) Succeed(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, accountKey(name))
}

// prune drops entries that no longer lock or count.
func (t *Throttle) prune(now time.Time) {
	for k, s := range t.entries {
		if now.After(s.lockedUntil) && now.Sub(s.first) > t.Window {
			delete(t.entries, k)
		}
	}
}
