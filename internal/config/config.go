// Package config holds Imagier's settings: their defaults, how they are read
// from command-line flags and IMAGIER_* environment variables, and their
// validation. It imports nothing internal.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is what a command needs to open a library and serve it.
type Config struct {
	// DataDir holds originals, derivatives and, on the embedded default,
	// the SQLite database.
	DataDir string
	// Listen is the HTTP address.
	Listen string
	// Database is empty for the embedded SQLite database, or a
	// postgres:// URL.
	Database string
	// Workers is how many files are imported or derived at once.
	Workers int
	// MaxPixels rejects images larger than this, read from the header.
	MaxPixels int64
	// FileTimeout bounds the work spent on one file.
	FileTimeout time.Duration
	// MaxFileSize rejects files larger than this many bytes.
	MaxFileSize int64
	// PublicURL is the address people reach the site at, for links in
	// e-mails; SMTP (smtp://user:password@host:port) and MailFrom say how
	// to send them. Password resets by e-mail need all three.
	PublicURL, SMTP, MailFrom string
	// TrustedProxies lists the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed: addresses or CIDR networks,
	// comma-separated. Empty trusts nobody, so that a caller cannot pick
	// the address the sign-in throttle, the block-list and the audit log
	// see. Validate checks it; Proxies returns it parsed.
	TrustedProxies string
}

// Default returns the settings used when nothing is said.
func Default() Config {
	return Config{
		DataDir:     "imagier-data",
		Listen:      "127.0.0.1:8080",
		Workers:     runtime.NumCPU(),
		MaxPixels:   200_000_000,
		FileTimeout: 60 * time.Second,
		MaxFileSize: 4 << 30,
	}
}

// Flags registers the library flags on fs, each defaulting to its
// IMAGIER_* environment variable when set, else to c's value. Parse fs
// afterwards, then call Validate.
func (c *Config) Flags(fs *flag.FlagSet, getenv func(string) string) {
	env := func(name, def string) string {
		if v := getenv("IMAGIER_" + name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.DataDir, "data", env("DATA", c.DataDir), "folder for originals, derivatives and the embedded database (IMAGIER_DATA)")
	fs.StringVar(&c.Database, "database", env("DATABASE", c.Database), "postgres:// URL; empty for the embedded SQLite database (IMAGIER_DATABASE)")
	fs.IntVar(&c.Workers, "workers", envInt(env("WORKERS", ""), c.Workers), "files processed at once (IMAGIER_WORKERS)")
	fs.Int64Var(&c.MaxPixels, "max-pixels", int64(envInt(env("MAX_PIXELS", ""), int(c.MaxPixels))), "largest image accepted, in pixels (IMAGIER_MAX_PIXELS)")
	fs.DurationVar(&c.FileTimeout, "file-timeout", envDuration(env("FILE_TIMEOUT", ""), c.FileTimeout), "time limit for one file (IMAGIER_FILE_TIMEOUT)")
}

// ServeFlags registers the flags that only the server uses.
func (c *Config) ServeFlags(fs *flag.FlagSet, getenv func(string) string) {
	def := c.Listen
	if v := getenv("IMAGIER_LISTEN"); v != "" {
		def = v
	}
	fs.StringVar(&c.Listen, "listen", def, "HTTP address to listen on (IMAGIER_LISTEN)")
	for _, f := range []struct {
		p          *string
		name, help string
	}{
		{&c.PublicURL, "public-url", "the site's address as people reach it, for links in e-mails, invitations and feeds (IMAGIER_PUBLIC_URL)"},
		{&c.SMTP, "smtp", "smtp://user:password@host:port for password-reset e-mails (IMAGIER_SMTP)"},
		{&c.MailFrom, "mail-from", "sender address of e-mails (IMAGIER_MAIL_FROM)"},
		{&c.TrustedProxies, "trusted-proxies", "reverse proxies whose X-Forwarded-For is believed: addresses or CIDR networks, comma-separated; empty trusts nobody (IMAGIER_TRUSTED_PROXIES)"},
	} {
		env := "IMAGIER_" + strings.ToUpper(strings.ReplaceAll(f.name, "-", "_"))
		fs.StringVar(f.p, f.name, getenv(env), f.help)
	}
}

// envInt and envDuration keep the default when the variable is unset or
// malformed; Validate then reports nonsense values.
func envInt(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

func envDuration(s string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(s); err == nil {
		return d
	}
	return def
}

// Validate reports every invalid setting at once.
func (c *Config) Validate() error {
	var errs []error
	if c.DataDir == "" {
		errs = append(errs, errors.New("data folder is empty"))
	} else if abs, err := filepath.Abs(c.DataDir); err == nil {
		c.DataDir = abs
	}
	if c.Database != "" && !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") {
		errs = append(errs, fmt.Errorf("database %q: want a postgres:// URL, or nothing for the embedded database", redact(c.Database)))
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		errs = append(errs, fmt.Errorf("listen address %q: %v", c.Listen, err))
	}
	if c.Workers < 1 || c.Workers > 256 {
		errs = append(errs, fmt.Errorf("workers %d: want 1 to 256", c.Workers))
	}
	if c.MaxPixels < 1 {
		errs = append(errs, fmt.Errorf("max pixels %d: want at least 1", c.MaxPixels))
	}
	if c.FileTimeout <= 0 {
		errs = append(errs, fmt.Errorf("file timeout %s: want more than zero", c.FileTimeout))
	}
	if c.PublicURL != "" {
		if err := checkPublicURL(c.PublicURL); err != nil {
			errs = append(errs, fmt.Errorf("public URL %q: %w", c.PublicURL, err))
		}
	}
	if _, err := c.Proxies(); err != nil {
		errs = append(errs, fmt.Errorf("trusted proxies: %w", err))
	}
	return errors.Join(errs...)
}

// checkPublicURL accepts what links can be built on: an http or https
// address with a host, and nothing a link would have to come after.
func checkPublicURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("want an http:// or https:// address")
	case u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return errors.New("want a scheme, a host and at most a path, like https://photos.example.org")
	}
	return nil
}

// Proxies returns TrustedProxies parsed: a bare address becomes a network
// of one. IPv4-mapped IPv6 forms (::ffff:192.0.2.1) are unmapped, as the
// server unmaps the addresses it compares with them.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := ParseNetwork(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%q: want an address or a CIDR network", f))
			continue
		}
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}

// ParseNetwork reads an address or a CIDR network, as the settings and
// the block-list take them. An IPv4-mapped IPv6 address or network is read
// as the IPv4 one, which is how callers' addresses are compared; a mapped
// network wider than the IPv4 space is refused.
func ParseNetwork(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, errors.New("not an address")
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			return netip.Prefix{}, errors.New("an IPv4-mapped network wider than IPv4")
		}
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// redact hides a password in a database URL before it is shown.
func redact(s string) string {
	if at := strings.LastIndex(s, "@"); at > 0 {
		if i := strings.Index(s, "://"); i >= 0 && i+3 < at {
			return s[:i+3] + "…" + s[at:]
		}
	}
	return s
}
