package service

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

// Sign-in's answers, as the doors see them.
var (
	// ErrBadCredentials is every refused sign-in, whatever was wrong, so
	// that a caller learns nothing of which accounts exist.
	ErrBadCredentials = auth.ErrBadCredentials
	// ErrCodeNeeded: the password was right and a one-time code must
	// follow, with the pending token returned.
	ErrCodeNeeded = auth.ErrCodeNeeded
	// ErrBusy: too many passwords are being checked at once; try again.
	ErrBusy = auth.ErrBusy
	// MinPasswordLen is the shortest password taken.
	MinPasswordLen = auth.MinPasswordLen
)

// Refusals a person can act on; each is also of kind gallery.ErrInvalid.
var (
	// ErrWrongPassword: the current password given again is wrong (or the
	// one-time code is).
	ErrWrongPassword = fmt.Errorf("wrong password or code: %w", gallery.ErrInvalid)
	// ErrWeakPassword: a new password is too short or too long.
	ErrWeakPassword = fmt.Errorf("password of %d to %d characters needed: %w", auth.MinPasswordLen, auth.MaxPasswordLen, gallery.ErrInvalid)
	// ErrBadName: a user or group name is empty, too long or not text.
	ErrBadName = fmt.Errorf("bad name: %w", gallery.ErrInvalid)
)

const (
	// SessionTTL is how long a browser stays signed in.
	SessionTTL = 30 * 24 * time.Hour
	// invitationTTL is how long an invitation link works.
	invitationTTL = 7 * 24 * time.Hour
	// resetTTL is how long a reset link works; resetGap is the least time
	// between two links for one account, so the form cannot flood a mailbox.
	resetTTL = time.Hour
	resetGap = 10 * time.Minute
	// DefaultKeyDays is an API key's life when its maker chooses none.
	DefaultKeyDays = 90
	// MaxKeyDays is the longest life a key may be given.
	MaxKeyDays = 3650
)

// cleanName checks a user or group name.
func cleanName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 || !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", ErrBadName
	}
	return name, nil
}

// hashPassword hashes a new password, refusing a weak one.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	if !auth.NewPasswordOK(password) {
		return "", ErrWeakPassword
	}
	return s.sessions.Hasher().Hash(ctx, password)
}

// checkPassword verifies a password given again by a signed-in actor,
// against the hash in the database (the session's copy may be older).
// Guesses are throttled as sign-ins are, in counters of their own: a
// borrowed browser must not be a way to try passwords.
func (s *Service) checkPassword(ctx context.Context, a Actor, password string) (gallery.User, error) {
	u, err := s.store.UserByID(ctx, a.User.ID)
	if err != nil {
		return u, err
	}
	th := s.sessions.Throttle()
	if ok, err := th.AttemptIn(ctx, auth.ScopeReauth, u.Name, a.Address); err != nil || !ok {
		return u, errors.Join(err, ErrWrongPassword)
	}
	if err := s.sessions.Hasher().Verify(ctx, u.PasswordHash, password); err != nil {
		if errors.Is(err, auth.ErrMismatch) {
			return u, ErrWrongPassword
		}
		return u, fmt.Errorf("check password: %w", err)
	}
	if err := th.SucceedIn(ctx, auth.ScopeReauth, u.Name, a.Address); err != nil {
		s.log.Warn("throttle", "err", err)
	}
	return u, nil
}

// SignIn checks a name and password and opens a session; see
// auth.Sessions.SignIn for the refusals, all alike.
func (s *Service) SignIn(ctx context.Context, name, password, addr, userAgent string) (string, error) {
	token, _, err := s.sessions.SignIn(ctx, name, password, addr, userAgent)
	return token, err
}

// SignInCode completes a sign-in that waits for its one-time code.
func (s *Service) SignInCode(ctx context.Context, pending, code, addr string) (string, error) {
	token, _, err := s.sessions.SignInCode(ctx, pending, code, addr)
	return token, err
}

// Session returns the session a cookie's token opens, nil when none does.
func (s *Service) Session(ctx context.Context, token string) (*auth.Session, error) {
	return orNil(s.sessions.Lookup(ctx, token))
}

// KeySession returns the session an API key opens, nil when none does.
func (s *Service) KeySession(ctx context.Context, secret string) (*auth.Session, error) {
	return orNil(s.sessions.LookupKey(ctx, secret))
}

func orNil(se auth.Session, err error) (*auth.Session, error) {
	if errors.Is(err, gallery.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &se, nil
}

// SignOut ends a browser's session. A script's key has no session to
// end (it is revoked instead): nothing is done, and no server's caches
// are dropped for it.
func (s *Service) SignOut(ctx context.Context, se auth.Session) error {
	if se.APIKey {
		return nil
	}
	return s.sessions.SignOut(ctx, se)
}

// NoAccount tells whether the library has no account yet.
func (s *Service) NoAccount(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	return n == 0, err
}

// SetupAllowed tells whether token lets its holder create the first
// account: only while no account exists, and only with the token the
// server printed.
func (s *Service) SetupAllowed(ctx context.Context, token string) bool {
	if s.opt.SetupToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.opt.SetupToken)) != 1 {
		return false
	}
	none, err := s.NoAccount(ctx)
	return err == nil && none
}

// Setup creates the webmaster account with the setup token and opens its
// session.
func (s *Service) Setup(ctx context.Context, addr, token, name, password, userAgent string) (string, error) {
	if !s.SetupAllowed(ctx, token) {
		return "", fmt.Errorf("setup: %w", gallery.ErrNotFound)
	}
	name, err := cleanName(name)
	if err != nil {
		return "", err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return "", err
	}
	u := &gallery.User{Name: name, Role: gallery.RoleWebmaster, PasswordHash: hash}
	a := Actor{Address: addr}
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		// Two setups at once: the second finds the first's account.
		if n, err := s.store.CountUsers(ctx); err != nil || n > 0 {
			return errors.Join(err, fmt.Errorf("setup: %w", gallery.ErrNotFound))
		}
		if err := s.store.AddUser(ctx, u); err != nil {
			return err
		}
		a.User = *u
		return s.audit(ctx, a, "account.setup", u.Name, "")
	})
	if err != nil {
		return "", err
	}
	token, _, err = s.sessions.Open(ctx, *u, userAgent)
	return token, err
}

// Registration returns how accounts may be made from the sign-in page.
func (s *Service) Registration(ctx context.Context) string {
	st, err := s.Settings(ctx)
	if err != nil {
		return RegistrationOff
	}
	return st.Registration
}

// NewAccount is what a person types to make their account.
type NewAccount struct {
	Name, Email, Password string
}

func (s *Service) newAccount(ctx context.Context, f NewAccount) (*gallery.User, error) {
	name, err := cleanName(f.Name)
	if err != nil {
		return nil, err
	}
	email := strings.TrimSpace(f.Email)
	if len(email) > 200 || !utf8.ValidString(email) || strings.ContainsFunc(email, func(r rune) bool { return r < 0x20 }) {
		return nil, invalid("e-mail address")
	}
	hash, err := s.hashPassword(ctx, f.Password)
	if err != nil {
		return nil, err
	}
	return &gallery.User{Name: name, Email: email, PasswordHash: hash, Role: gallery.RoleNormal}, nil
}

// Register creates an account from the sign-in page, when the settings
// allow it: active at once (and signed in: the token is returned), or
// waiting for an administrator (no token).
func (s *Service) Register(ctx context.Context, addr, userAgent string, f NewAccount) (token string, awaiting bool, err error) {
	mode := s.Registration(ctx)
	if mode == RegistrationOff {
		return "", false, fmt.Errorf("registration: %w", gallery.ErrNotFound)
	}
	if err := s.countRegistration(ctx, f.Name, addr); err != nil {
		return "", false, err
	}
	u, err := s.newAccount(ctx, f)
	if err != nil {
		return "", false, err
	}
	awaiting = mode == RegistrationApproval
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		if err := s.store.Register(ctx, u, awaiting); err != nil {
			return err
		}
		return s.audit(ctx, Actor{User: *u, Address: addr}, "account.register", u.Name, map[bool]string{true: "awaiting approval", false: "open"}[awaiting])
	})
	if err != nil || awaiting {
		return "", awaiting, err
	}
	token, _, err = s.sessions.Open(ctx, *u, userAgent)
	return token, false, err
}

// ErrTooManyAccounts: an address made too many accounts lately (kind
// ErrInvalid).
var ErrTooManyAccounts = fmt.Errorf("too many accounts made from this address: %w", gallery.ErrInvalid)

// countRegistration counts an account being made from the sign-in page or
// an invitation, before its password is hashed: one address may not make
// accounts, nor keep the password hasher busy, without end.
func (s *Service) countRegistration(ctx context.Context, name, addr string) error {
	ok, err := s.sessions.Throttle().AttemptIn(ctx, auth.ScopeRegister, name, addr)
	if err != nil {
		return err
	}
	if !ok {
		return ErrTooManyAccounts
	}
	return nil
}

// CheckInvitation tells whether an invitation link still works.
func (s *Service) CheckInvitation(ctx context.Context, token string) error {
	_, err := s.store.InvitationByHash(ctx, auth.HashToken(token), s.now())
	return err
}

// AcceptInvitation creates the invited account, signs it in and returns
// its session token.
func (s *Service) AcceptInvitation(ctx context.Context, addr, userAgent, token string, f NewAccount) (string, error) {
	if err := s.CheckInvitation(ctx, token); err != nil {
		return "", err
	}
	if err := s.countRegistration(ctx, f.Name, addr); err != nil {
		return "", err
	}
	u, err := s.newAccount(ctx, f)
	if err != nil {
		return "", err
	}
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		if err := s.store.AcceptInvitation(ctx, auth.HashToken(token), u, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, Actor{User: *u, Address: addr}, "account.invited", u.Name, "")
	})
	if err != nil {
		return "", err
	}
	token, _, err = s.sessions.Open(ctx, *u, userAgent)
	return token, err
}

// ResetsOn tells whether password resets by e-mail are configured: they
// need a way to send mail and the site's public address, never taken from
// a request (whose Host header a caller chooses).
func (s *Service) ResetsOn() bool { return s.opt.Mailer != nil && s.opt.PublicURL != "" }

// ResetMail words the reset mail for an account and its link, in the
// asker's language.
type ResetMail func(account, link string) (subject, body string)

// RequestReset sends a reset link to the account named who, or with that
// e-mail, in the background. The caller answers the same whatever
// happens, so nothing here is returned: an unknown account, a link asked
// too often, a throttled address all look alike.
func (s *Service) RequestReset(ctx context.Context, addr, who string, words ResetMail) {
	who = strings.TrimSpace(who)
	if !s.ResetsOn() || who == "" || len(who) > 200 || !utf8.ValidString(who) {
		return
	}
	// Counted like sign-ins, in counters of their own: an address that
	// asks too often is refused links for a while, not sign-ins.
	ok, err := s.sessions.Throttle().AttemptIn(ctx, auth.ScopeReset, who, addr)
	if err != nil {
		s.log.Error("reset throttle", "err", err)
	}
	if !ok {
		return
	}
	s.goBackground(func() { s.sendReset(context.WithoutCancel(ctx), addr, who, words) })
}

// sendReset makes the link and mails it; failures are logged, never shown.
func (s *Service) sendReset(ctx context.Context, addr, who string, words ResetMail) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	u, err := s.store.UserForReset(ctx, who)
	if err != nil {
		return
	}
	token, err := auth.NewToken()
	if err != nil {
		s.log.Error("reset token", "err", err)
		return
	}
	// The link and its audit entry are recorded together, before the mail
	// goes: a mail that fails leaves a link nobody has, which expires.
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		if err := s.store.AddReset(ctx, u.ID, auth.HashToken(token), s.now(), resetTTL, resetGap); err != nil {
			return err
		}
		return s.audit(ctx, Actor{User: u, Address: addr}, "account.reset-link", u.Name, "")
	})
	if err != nil {
		if !errors.Is(err, gallery.ErrConflict) {
			s.log.Error("reset", "err", err)
		}
		return
	}
	subject, body := words(u.Name, strings.TrimSuffix(s.opt.PublicURL, "/")+"/reset/"+token)
	if err := s.opt.Mailer.Send(ctx, u.Email, subject, body); err != nil {
		s.log.Error("reset mail", "user", u.Name, "err", err)
	}
}

// CheckReset tells whether a reset link still works.
func (s *Service) CheckReset(ctx context.Context, token string) error {
	_, err := s.store.ResetUser(ctx, auth.HashToken(token), s.now())
	return err
}

// Reset sets a new password through a reset link, once: every session of
// the account ends and every API key it made is revoked.
func (s *Service) Reset(ctx context.Context, addr, token, password string) error {
	if err := s.CheckReset(ctx, token); err != nil {
		return err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return s.store.Atomic(ctx, func(ctx context.Context) error {
		u, err := s.store.UseReset(ctx, auth.HashToken(token), hash, s.now())
		if err != nil {
			return err
		}
		if err := s.store.RevokeUserKeys(ctx, u.ID, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, Actor{User: u, Address: addr}, "account.reset", u.Name, "keys revoked")
	})
}

// AccountView is what the account page shows.
type AccountView struct {
	User     gallery.User
	Sessions []gallery.Session
	Keys     []gallery.APIKey
	Quota    Quota
}

// Account returns the actor's account page.
func (s *Service) Account(ctx context.Context, a Actor) (AccountView, error) {
	if a.User.ID == 0 {
		return AccountView{}, fmt.Errorf("account: %w", gallery.ErrNotFound)
	}
	u, err := s.store.UserByID(ctx, a.User.ID)
	if err != nil {
		return AccountView{}, err
	}
	v := AccountView{User: u}
	if v.Keys, err = s.store.APIKeys(ctx, u.ID); err != nil {
		return v, err
	}
	if v.Sessions, err = s.store.UserSessions(ctx, u.ID, s.now()); err != nil {
		return v, err
	}
	v.Quota, err = s.Quota(ctx, a)
	return v, err
}

// selfService refuses what only a person signed in with their password may
// do to their account: a script's key does not manage the account that
// made it, and a shared (generic) account is not one person's.
func selfService(a Actor, what string) error {
	if a.User.ID == 0 || a.APIKey || a.User.Role == gallery.RoleGeneric {
		return fmt.Errorf("%s: %w", what, gallery.ErrNotFound)
	}
	return nil
}

// ChangePassword sets a new password after checking the current one
// again (a borrowed, signed-in browser must not be enough to take the
// account over). The actor's other sessions end and, unless keepKeys, the
// account's API keys are revoked.
func (s *Service) ChangePassword(ctx context.Context, a Actor, current, next string, keepKeys bool) error {
	if err := selfService(a, "password"); err != nil {
		return err
	}
	if _, err := s.checkPassword(ctx, a, current); err != nil {
		return err
	}
	hash, err := s.hashPassword(ctx, next)
	if err != nil {
		return err
	}
	detail := "keys revoked"
	if keepKeys {
		detail = "keys kept"
	}
	return s.change(ctx, a, "account.password", a.User.Name, detail, func(ctx context.Context) error {
		if err := s.store.SetPassword(ctx, a.User.ID, hash, a.SessionHash); err != nil {
			return err
		}
		if keepKeys {
			return nil
		}
		return s.store.RevokeUserKeys(ctx, a.User.ID, s.now())
	})
}

// SignOutElsewhere ends every session of the actor's but this one.
func (s *Service) SignOutElsewhere(ctx context.Context, a Actor) error {
	if err := selfService(a, "sessions"); err != nil {
		return err
	}
	return s.change(ctx, a, "account.signout-everywhere", a.User.Name, "", func(ctx context.Context) error {
		return s.store.DeleteUserSessions(ctx, a.User.ID, a.SessionHash)
	})
}

// NewKey is an API key being made.
type NewKey struct {
	Name     string
	ReadOnly bool
	// Days is the key's life; 0 gives DefaultKeyDays.
	Days int
	// Password is the maker's, asked again.
	Password string
}

// AddAPIKey makes a key for a script, after checking the password again,
// and returns its secret, shown this once.
func (s *Service) AddAPIKey(ctx context.Context, a Actor, k NewKey) (string, error) {
	if err := selfService(a, "key"); err != nil {
		return "", err
	}
	if k.Days == 0 {
		k.Days = DefaultKeyDays
	}
	if k.Days < 1 || k.Days > MaxKeyDays {
		return "", invalid("key life of %d days", k.Days)
	}
	name := strings.TrimSpace(k.Name)
	if len(name) > 100 || !utf8.ValidString(name) {
		return "", invalid("key name")
	}
	if _, err := s.checkPassword(ctx, a, k.Password); err != nil {
		return "", err
	}
	secret, hash, err := auth.NewAPIKey()
	if err != nil {
		return "", err
	}
	exp := s.now().Add(time.Duration(k.Days) * 24 * time.Hour).UTC()
	key := &gallery.APIKey{UserID: a.User.ID, Name: name, ReadOnly: k.ReadOnly, ExpiresAt: &exp}
	err = s.change(ctx, a, "key.add", name, fmt.Sprintf("read_only=%t days=%d", k.ReadOnly, k.Days), func(ctx context.Context) error {
		return s.store.AddAPIKey(ctx, key, hash)
	})
	return secret, err
}

// RevokeAPIKey revokes one of the actor's keys.
func (s *Service) RevokeAPIKey(ctx context.Context, a Actor, id int64) error {
	if a.User.ID == 0 || a.APIKey {
		return fmt.Errorf("key: %w", gallery.ErrNotFound)
	}
	return s.change(ctx, a, "key.revoke", fmt.Sprint(id), "", func(ctx context.Context) error {
		return s.store.RevokeAPIKey(ctx, a.User.ID, id, s.now())
	})
}

// StartTOTP makes a secret for two-step sign-in, to be confirmed with a
// code and the password. An account that has it on must turn it off
// first (with a code and the password), so a borrowed browser cannot
// swap the secret.
func (s *Service) StartTOTP(ctx context.Context, a Actor) (secret, url string, err error) {
	if err := selfService(a, "totp"); err != nil {
		return "", "", err
	}
	u, err := s.store.UserByID(ctx, a.User.ID)
	if err != nil {
		return "", "", err
	}
	if u.TOTP {
		return "", "", fmt.Errorf("two-step sign-in is already on: %w", gallery.ErrConflict)
	}
	// The authenticator app lists the code under the site's own name, so
	// that people with several libraries tell them apart.
	issuer := gallery.DefaultSiteName
	if b, err := s.Branding(ctx); err == nil {
		issuer = b.Name()
	}
	return auth.NewTOTP(issuer, u.Name)
}

// ConfirmTOTP turns two-step sign-in on with secret, once a code from the
// app proves it has it, and the password is given again.
func (s *Service) ConfirmTOTP(ctx context.Context, a Actor, password, secret, code string) error {
	if err := selfService(a, "totp"); err != nil {
		return err
	}
	u, err := s.checkPassword(ctx, a, password)
	if err != nil {
		return err
	}
	if u.TOTP {
		return fmt.Errorf("two-step sign-in is already on: %w", gallery.ErrConflict)
	}
	if _, ok := auth.CheckTOTP(secret, code, s.now()); !ok {
		return ErrWrongPassword
	}
	return s.change(ctx, a, "account.totp.on", u.Name, "", func(ctx context.Context) error {
		return s.store.SetTOTPSecret(ctx, u.ID, secret)
	})
}

// DisableTOTP turns two-step sign-in off, with a current code and the
// password.
func (s *Service) DisableTOTP(ctx context.Context, a Actor, password, code string) error {
	if a.User.ID == 0 || a.APIKey {
		return fmt.Errorf("totp: %w", gallery.ErrNotFound)
	}
	u, err := s.checkPassword(ctx, a, password)
	if err != nil {
		return err
	}
	secret, err := s.store.TOTPSecret(ctx, u.ID)
	if err != nil {
		return err
	}
	if _, ok := auth.CheckTOTP(secret, code, s.now()); !ok {
		return ErrWrongPassword
	}
	return s.change(ctx, a, "account.totp.off", u.Name, "", func(ctx context.Context) error {
		return s.store.SetTOTPSecret(ctx, u.ID, "")
	})
}

// SetLanguage records the actor's language, one of known or "" to follow
// the browser.
func (s *Service) SetLanguage(ctx context.Context, a Actor, lang string, known []string) error {
	if a.User.ID == 0 || a.APIKey {
		return fmt.Errorf("language: %w", gallery.ErrNotFound)
	}
	if lang != "" && !slices.Contains(known, lang) {
		return invalid("language %q", lang)
	}
	return s.change(ctx, a, "account.language", a.User.Name, lang, func(ctx context.Context) error {
		return s.store.SetUserLang(ctx, a.User.ID, lang)
	})
}
