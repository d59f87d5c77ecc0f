package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/sqlstore"
)

// ErrBadCredentials is what every failed sign-in returns, whatever failed,
// so that a caller learns nothing about which accounts exist.
var ErrBadCredentials = errors.New("invalid user name or password")

// Sessions signs people in and finds who holds a cookie.
type Sessions struct {
	store *sqlstore.Store
	ttl   time.Duration
	// hasher bounds the memory password checks take, for sign-in and
	// for every other door that hashes (see Hasher).
	hasher *Hasher
	// dummy is verified when a user does not exist, so that a sign-in
	// takes as long whether the name is known or not.
	dummy    string
	throttle *Throttle
	// failTimes is how long real failed sign-ins took, for the answer
	// to a refused one.
	failTimes recentDurations
	mu        sync.Mutex
	cache     map[string]cachedSession  // by token hash
	pending   map[string]*pendingSignIn // by token hash, awaiting a code
}

// NewSessions returns the session service; sessions last ttl. It makes
// the process's password Hasher, and its sign-in Throttle, whose counters
// are in store.
func NewSessions(store *sqlstore.Store, ttl time.Duration) (*Sessions, error) {
	s := &Sessions{store: store, ttl: ttl, hasher: NewHasher(0), throttle: NewThrottle(store),
		cache: map[string]cachedSession{}, pending: map[string]*pendingSignIn{}}
	start := time.Now()
	dummy, err := s.hasher.Hash(context.Background(), "not a real password, only for timing")
	if err != nil {
		return nil, err
	}
	// Until real failures are measured, a refused sign-in waits as long
	// as this hash took.
	s.failTimes.add(time.Since(start))
	s.dummy = dummy
	return s, nil
}

// Session is a signed-in caller.
type Session struct {
	User gallery.User
	// CSRF is the token forms must send back.
	CSRF      string
	tokenHash string
	// RightsVersion was read with the session, for Rights.For.
	RightsVersion int64
	// APIKey is set when a script's key opened the session: no cookie is
	// involved, so no CSRF token either; ReadOnly keys may only read.
	APIKey, ReadOnly bool
}

// randomToken returns 256 random bits, URL-safe.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Throttle returns the sign-in throttle, for tests, settings and other
// guessable doors.
func (s *Sessions) Throttle() *Throttle { return s.throttle }

// Hasher returns the password hasher every door that hashes or checks a
// password must use: one per process is what bounds their memory.
func (s *Sessions) Hasher() *Hasher { return s.hasher }

// SignIn checks a name and password from a caller at addr (an IP address)
// and opens a session, returning the cookie's token. Every refusal —
// unknown name, wrong password, account or address throttled — is the
// same error after as long, so a caller learns nothing from it. When too
// many passwords are being checked at once, it returns ErrBusy, having
// checked and counted nothing.
func (s *Sessions) SignIn(ctx context.Context, name, password, addr, userAgent string) (string, Session, error) {
	start := time.Now()
	ok, err := s.throttle.Attempt(ctx, name, addr)
	if err != nil {
		return "", Session{}, err
	}
	if !ok {
		// Refused without hashing, so a flood of guesses costs neither
		// memory nor CPU; the answer waits as long as a real failure.
		if err := s.failTimes.waitFrom(ctx, start); err != nil {
			return "", Session{}, err
		}
		return "", Session{}, ErrBadCredentials
	}
	u, err := s.store.UserByName(ctx, name)
	if err != nil && !errors.Is(err, gallery.ErrNotFound) {
		return "", Session{}, s.cancel(ctx, name, addr, err)
	}
	// An unknown name, or an account without a usable hash, is checked
	// against the dummy: the same work, the same time.
	hash, real := s.dummy, false
	if _, perr := parseHash(u.PasswordHash); err == nil && perr == nil {
		hash, real = u.PasswordHash, true
	}
	err = s.hasher.Verify(ctx, hash, password)
	if checkedNothing(err) {
		return "", Session{}, s.cancel(ctx, name, addr, err)
	}
	if err != nil || !real || u.Disabled {
		s.failTimes.add(time.Since(start))
		return "", Session{}, ErrBadCredentials
	}
	if u.TOTP {
		// The password alone opens nothing: the caller gets a token
		// that SignInCode takes with the code, which counts its own
		// attempt.
		if err := s.throttle.Cancel(ctx, name, addr); err != nil {
			return "", Session{}, err
		}
		token, err := s.hold(u, userAgent)
		if err != nil {
			return "", Session{}, err
		}
		return token, Session{}, ErrCodeNeeded
	}
	if err := s.throttle.Succeed(ctx, name, addr); err != nil {
		return "", Session{}, err
	}
	return s.Open(ctx, u, userAgent)
}

// cancel takes back an attempt that checked nothing and returns err, the
// reason; even when ctx has ended, or the caller would be charged for it.
func (s *Sessions) cancel(ctx context.Context, name, addr string, err error) error {
	ctx, stop := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer stop()
	return errors.Join(err, s.throttle.Cancel(ctx, name, addr))
}

// Open starts a session for u.
func (s *Sessions) Open(ctx context.Context, u gallery.User, userAgent string) (string, Session, error) {
	token, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	userAgent = cleanAgent(userAgent)
	now := time.Now()
	se := gallery.Session{TokenHash: hashToken(token), UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(s.ttl), UserAgent: userAgent}
	if err := s.store.AddSession(ctx, se); err != nil {
		return "", Session{}, err
	}
	return token, Session{User: u, CSRF: csrf, tokenHash: se.TokenHash}, nil
}

// maxAgent is how much of a User-Agent header a session keeps: enough to
// name the browser on the account page.
const maxAgent = 200

// cleanAgent keeps the start of a User-Agent header, as valid UTF-8
// without control characters: it is typed by the client, and PostgreSQL
// refuses invalid text.
func cleanAgent(ua string) string {
	ua = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(ua, ""))
	if len(ua) > maxAgent {
		// A rune cut in two at the end is dropped.
		ua = strings.ToValidUTF8(ua[:maxAgent], "")
	}
	return ua
}

// Lookup returns the session a cookie's token opens.
func (s *Sessions) Lookup(ctx context.Context, token string) (Session, error) {
	if token == "" || len(token) > 100 {
		return Session{}, fmt.Errorf("session: %w", gallery.ErrNotFound)
	}
	hash := hashToken(token)
	now := time.Now()
	// Every change that could end or alter a session moves the rights
	// version (sign-out, password, account settings), so a copy kept
	// under the current version is still true: one small query instead
	// of the session's join, on every request and every thumbnail.
	version, err := s.store.RightsVersion(ctx)
	if err != nil {
		return Session{}, err
	}
	s.mu.Lock()
	c, ok := s.cache[hash]
	s.mu.Unlock()
	if ok && c.RightsVersion == version && now.Before(c.expires) {
		s.touch(ctx, hash, now)
		return c.Session, nil
	}
	se, u, err := s.store.SessionUser(ctx, hash, now)
	if err != nil {
		return Session{}, err
	}
	out := Session{User: u, CSRF: se.CSRF, tokenHash: se.TokenHash, RightsVersion: se.RightsVersion}
	s.mu.Lock()
	if len(s.cache) >= maxCached {
		s.cache = map[string]cachedSession{}
	}
	// A copy read again keeps when its use was last written down.
	s.cache[hash] = cachedSession{Session: out, expires: se.ExpiresAt, seen: s.cache[hash].seen}
	s.mu.Unlock()
	s.touch(ctx, hash, now)
	return out, nil
}

// seenEvery is how often a session's last use is written down: the
// account page shows it to a few minutes, and a request need not write.
const seenEvery = 5 * time.Minute

// touch records a session's use when it was not written down for a
// while: once per seenEvery, however many requests come at once. It is
// done at best: a failure only leaves the date a little older.
func (s *Sessions) touch(ctx context.Context, hash string, now time.Time) {
	s.mu.Lock()
	c, ok := s.cache[hash]
	due := ok && now.Sub(c.seen) > seenEvery
	if due {
		c.seen = now
		s.cache[hash] = c
	}
	s.mu.Unlock()
	if due {
		s.store.TouchSession(ctx, hash, now)
	}
}

// cachedSession is a session as last read, until its expiry, with when
// its use was last written down.
type cachedSession struct {
	Session
	expires, seen time.Time
}

// TokenHash identifies the session among the user's (never the token).
func (se Session) TokenHash() string { return se.tokenHash }

// SignOut ends the session.
func (s *Sessions) SignOut(ctx context.Context, se Session) error {
	s.mu.Lock()
	delete(s.cache, se.tokenHash)
	s.mu.Unlock()
	return s.store.DeleteSession(ctx, se.tokenHash)
}

// ValidCSRF tells whether a form's token is the session's, in constant time.
func (se Session) ValidCSRF(token string) bool {
	return se.CSRF != "" && subtle.ConstantTimeCompare([]byte(se.CSRF), []byte(token)) == 1
}

// SetupToken returns a random one-time token that lets the first visitor
// create the webmaster account; the server prints it where only the person
// who started it can read it.
func SetupToken() (string, error) { return randomToken() }

// APIKeyPrefix starts every API key, so that one pasted where it should
// not be is easy to recognise and search for.
const APIKeyPrefix = "imk_"

// NewAPIKey returns a new key's secret, shown once to its owner, and the
// hash that is stored.
func NewAPIKey() (secret, hash string, err error) {
	t, err := randomToken()
	if err != nil {
		return "", "", err
	}
	secret = APIKeyPrefix + t
	return secret, hashToken(secret), nil
}

// LookupKey returns the session an API key opens.
func (s *Sessions) LookupKey(ctx context.Context, secret string) (Session, error) {
	if !strings.HasPrefix(secret, APIKeyPrefix) || len(secret) > 100 {
		return Session{}, fmt.Errorf("key: %w", gallery.ErrNotFound)
	}
	k, u, version, err := s.store.KeyUser(ctx, hashToken(secret), time.Now())
	if err != nil {
		return Session{}, err
	}
	return Session{User: u, RightsVersion: version, APIKey: true, ReadOnly: k.ReadOnly}, nil
}

// HashToken is how one-time tokens (invitations) are stored: by their
// SHA-256, so that the database alone does not give working links.
func HashToken(token string) string { return hashToken(token) }

// NewToken returns a random URL-safe token of 256 bits.
func NewToken() (string, error) { return randomToken() }
