// Package service holds Imagier's rules: who may do what, what else must
// change with it, and what the audit log keeps of it. Every door — the web
// pages, the command line, and the coming Piwigo API, migration and
// publishing — parses its request, calls one method here with the acting
// user, and renders what it returns; none of them talks to the store.
//
// Each change commits with its audit entry in one transaction. Methods take
// ctx first and the Actor second, and return the error kinds of package
// gallery, which each door maps to its own codes in one place.
package service

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"imagier/internal/auth"
	"imagier/internal/gallery"
	"imagier/internal/media"
	"imagier/internal/search"
	"imagier/internal/sqlstore"
)

// Mailer sends an e-mail; mail.Sender is one.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Options configure the service.
type Options struct {
	// SetupToken, when set and no account exists, lets its holder create
	// the webmaster account.
	SetupToken string
	// UploadDir holds uploads in progress, on the library's disk.
	UploadDir string
	// MaxUploadSize refuses larger uploads before their bytes arrive.
	MaxUploadSize int64
	// Mailer and PublicURL, both set, turn on password resets by e-mail.
	Mailer    Mailer
	PublicURL string
}

// Service is the application's rules over the catalogue, the files and
// the accounts.
type Service struct {
	store    *sqlstore.Store
	lib      *media.Library
	sessions *auth.Sessions
	rights   *auth.Rights
	log      *slog.Logger
	opt      Options
	blocks   *blockList
	brand    *brandCache
	uploads  *uploads
	index    *search.Index
	now      func() time.Time
	// bg bounds the work that outlives a request (reset mails), and
	// running tracks it, so that Close waits for it.
	bg      chan struct{}
	running sync.WaitGroup
}

// New returns the service. It does not take ownership of its arguments.
func New(store *sqlstore.Store, lib *media.Library, sessions *auth.Sessions, log *slog.Logger, opt Options) (*Service, error) {
	s := &Service{store: store, lib: lib, sessions: sessions, rights: auth.NewRights(store), log: log, opt: opt, now: time.Now,
		bg: make(chan struct{}, 8)}
	s.blocks = &blockList{store: store}
	s.brand = &brandCache{store: store}
	s.index = search.NewIndex(store, log, search.IndexOptions{RegionName: lib.Places().RegionName})
	if opt.UploadDir != "" {
		u, err := newUploads(opt.UploadDir)
		if err != nil {
			return nil, err
		}
		s.uploads = u
	}
	return s, nil
}

// Close waits for background work (mails being sent) to end; call it
// before closing the store. It may be called more than once.
func (s *Service) Close() {
	s.running.Wait()
	s.index.Close()
}

// goBackground runs fn without holding up the caller, unless too much
// already runs, then it is dropped (it is only mail).
func (s *Service) goBackground(fn func()) {
	select {
	case s.bg <- struct{}{}:
	default:
		s.log.Warn("background work dropped: too much at once")
		return
	}
	s.running.Add(1)
	go func() {
		defer s.running.Done()
		defer func() { <-s.bg }()
		fn()
	}()
}

// Actor is who acts: a signed-in account, an anonymous visitor, or the
// command line. Every method checks its rights against it.
type Actor struct {
	// User is the account; its ID is 0 for a guest or the command line.
	User gallery.User
	// Access is what the actor may see and do.
	Access *gallery.Access
	// Address is the caller's IP address, for the throttle, the block-list
	// and the audit log; empty on the command line.
	Address string
	// Command is the command line that acts, for the audit log.
	Command string
	// SessionHash names the session the actor signed in with, so that
	// "sign out everywhere else" keeps it; APIKey is set when a script's
	// key opened it.
	SessionHash string
	APIKey      bool
	// ReadOnly is set for a script's read-only key: it changes nothing.
	ReadOnly bool
}

// Admin reports whether the actor administers the library.
func (a Actor) Admin() bool { return a.Access != nil && a.Access.All }

// name is who the audit log says acted.
func (a Actor) name() string {
	if a.Command != "" {
		return a.Command
	}
	return a.User.Name
}

// CommandLine is the actor for a command typed by whoever runs the
// program on the server: they hold the files and the database already,
// so they act as an administrator. args is the command line, which the
// audit log keeps (a password is never on it).
func CommandLine(args []string) Actor {
	cmd := "imagier " + strings.Join(args, " ")
	if len(cmd) > 200 {
		cmd = cmd[:200]
	}
	return Actor{User: gallery.User{Role: gallery.RoleWebmaster}, Access: &gallery.Access{All: true, Role: gallery.RoleWebmaster, Level: gallery.LevelAdmins}, Command: "command line: " + strings.ToValidUTF8(cmd, "")}
}

// ActorFor returns the actor of a request: se is the caller's session (nil
// for an anonymous visitor), addr their address.
func (s *Service) ActorFor(ctx context.Context, se *auth.Session, addr string) (Actor, error) {
	var u *gallery.User
	var version int64
	a := Actor{Address: addr}
	if se != nil {
		u, version = &se.User, se.RightsVersion
		a.User, a.SessionHash, a.APIKey, a.ReadOnly = se.User, se.TokenHash(), se.APIKey, se.ReadOnly
	}
	acc, err := s.rights.For(ctx, u, version)
	if err != nil {
		return Actor{}, err
	}
	a.Access = acc
	return a, nil
}

// change runs fn and records its audit entry in one transaction: either
// both are kept or neither.
func (s *Service) change(ctx context.Context, a Actor, action, target, detail string, fn func(ctx context.Context) error) error {
	if a.ReadOnly {
		return fmt.Errorf("%s with a read-only key: %w", action, gallery.ErrNotFound)
	}
	return s.store.Atomic(ctx, func(ctx context.Context) error {
		if fn != nil {
			if err := fn(ctx); err != nil {
				return err
			}
		}
		return s.audit(ctx, a, action, target, detail)
	})
}

// audit records an entry in ctx's transaction, if any.
func (s *Service) audit(ctx context.Context, a Actor, action, target, detail string) error {
	e := gallery.AuditEntry{At: s.now(), UserID: a.User.ID, UserName: a.name(), Action: action, Target: target, Detail: detail, Address: a.Address}
	if err := s.store.AddAudit(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// admin refuses a non-administrator as if the thing did not exist.
func admin(a Actor, what string) error {
	if !a.Admin() {
		return fmt.Errorf("%s: %w", what, gallery.ErrNotFound)
	}
	return nil
}

// invalid wraps a refusal of bad input.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), gallery.ErrInvalid)
}

// Dialect names the database in use, for the health check.
func (s *Service) Dialect() string { return s.store.Dialect() }

// Healthy checks that the catalogue answers.
func (s *Service) Healthy(ctx context.Context) error {
	_, err := s.store.CountMedia(ctx)
	return err
}
