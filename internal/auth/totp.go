package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"imagier/internal/gallery"
)

// ErrCodeNeeded is what SignIn returns, with a pending token, when the
// password was right and the account also asks for a one-time code.
var ErrCodeNeeded = errors.New("a one-time code is needed")

// pendingTTL is how long a right password waits for its code.
const pendingTTL = 5 * time.Minute

// maxCodeTries bounds the codes tried against one pending sign-in.
const maxCodeTries = 5

// pendingSignIn is a sign-in waiting for its one-time code.
type pendingSignIn struct {
	user      gallery.User
	userAgent string
	expires   time.Time
	tries     int
}

// totpOpts are RFC 6238's defaults, what every authenticator app uses; one
// step of skew either way forgives a phone's clock.
var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a secret for account, and the otpauth:// URL that
// authenticator apps read.
func NewTOTP(issuer, account string) (secret, url string, err error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account})
	if err != nil {
		return "", "", fmt.Errorf("totp: %w", err)
	}
	return k.Secret(), k.URL(), nil
}

// CheckTOTP reports whether code is right for secret now, and the time step
// it matched, so that the caller can refuse it a second time.
func CheckTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	for _, skew := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(skew) * 30 * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err == nil && want == code {
			return t.Unix() / 30, true
		}
	}
	return 0, false
}

// hold keeps a sign-in whose password was right until its code comes.
func (s *Sessions) hold(u gallery.User, userAgent string) (string, error) {
	token, err := randomToken()
	if err != nil {
		return "", err
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, p := range s.pending {
		if now.After(p.expires) {
			delete(s.pending, k)
		}
	}
	s.pending[hashToken(token)] = &pendingSignIn{user: u, userAgent: userAgent, expires: now.Add(pendingTTL)}
	return token, nil
}

// SignInCode completes a sign-in held for its one-time code. A wrong code
// counts as a failed sign-in in the throttle, as a wrong password does; a
// pending sign-in takes a few tries at most, and a code works once.
func (s *Sessions) SignInCode(ctx context.Context, pending, code, addr string) (string, Session, error) {
	h := hashToken(pending)
	s.mu.Lock()
	p, ok := s.pending[h]
	if ok && time.Now().After(p.expires) {
		delete(s.pending, h)
		ok = false
	}
	s.mu.Unlock()
	if !ok {
		return "", Session{}, ErrBadCredentials
	}
	// A wrong code counts as a failed sign-in for the pair and the
	// address, as a wrong password does: no hashing here, so a refusal
	// need not wait.
	if ok, err := s.throttle.Attempt(ctx, p.user.Name, addr); err != nil || !ok {
		if err == nil {
			err = ErrBadCredentials
		}
		return "", Session{}, err
	}
	secret, err := s.store.TOTPSecret(ctx, p.user.ID)
	if err != nil {
		return "", Session{}, s.cancel(ctx, p.user.Name, addr, err)
	}
	step, good := CheckTOTP(secret, code, time.Now())
	if good {
		if good, err = s.store.UseTOTPStep(ctx, p.user.ID, step); err != nil {
			return "", Session{}, s.cancel(ctx, p.user.Name, addr, err)
		}
	}
	if !good {
		s.mu.Lock()
		if p.tries++; p.tries >= maxCodeTries {
			delete(s.pending, h)
		}
		s.mu.Unlock()
		return "", Session{}, ErrBadCredentials
	}
	s.mu.Lock()
	delete(s.pending, h)
	s.mu.Unlock()
	if err := s.throttle.Succeed(ctx, p.user.Name, addr); err != nil {
		return "", Session{}, err
	}
	return s.Open(ctx, p.user, p.userAgent)
}
