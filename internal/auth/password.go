// Package auth answers who a caller is: password hashing (bounded, see
// Hasher), sign-in with its throttle, sessions, API keys, one-time codes,
// and "may this user see that".
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters, after RFC 9106's second recommended option (64 MiB,
// 3 passes) scaled to a small server: 19 MiB and 2 passes take ~30 ms on one
// core here, slow for a guesser, bearable for a Raspberry Pi.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
	// MinPasswordLen is the shortest password accepted.
	MinPasswordLen = 8
	// MaxPasswordLen bounds the work a hostile caller can ask for.
	MaxPasswordLen = 1024
)

// ErrMismatch is returned when a password does not match its hash.
var ErrMismatch = errors.New("password does not match")

// HashPassword returns an argon2id hash of password in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash), which other tools can verify.
// It bounds nothing: code that answers the network goes through a Hasher
// instead, which does.
func HashPassword(password string) (string, error) {
	if err := checkNewPassword(password); err != nil {
		return "", err
	}
	return newHash(password)
}

// NewPasswordOK reports whether password may be chosen: at least
// MinPasswordLen characters (not bytes: "éé" is two), at most
// MaxPasswordLen bytes.
func NewPasswordOK(password string) bool { return checkNewPassword(password) == nil }

// checkNewPassword tells whether password may be chosen.
func checkNewPassword(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return fmt.Errorf("password: at least %d characters are needed", MinPasswordLen)
	}
	if len(password) > MaxPasswordLen {
		return fmt.Errorf("password: at most %d bytes are accepted", MaxPasswordLen)
	}
	return nil
}

// newHash does HashPassword's work, on a password already checked.
func newHash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks password against a hash made by HashPassword, with
// the parameters written in the hash so that old hashes keep working when
// the defaults change. It bounds nothing: code that answers the network
// goes through a Hasher instead.
func VerifyPassword(hash, password string) error {
	p, err := parseHash(hash)
	if err != nil {
		return err
	}
	return p.check(password)
}

// argonHash is a PHC argon2id string taken apart.
type argonHash struct {
	mem, time uint32
	threads   uint8
	salt, key []byte
}

// parseHash reads a PHC argon2id string, refusing parameters that would
// ask for more than 2 GiB or 100 passes.
func parseHash(hash string) (argonHash, error) {
	var p argonHash
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, fmt.Errorf("password hash: unknown format")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, fmt.Errorf("password hash: unknown version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.mem, &p.time, &p.threads); err != nil || p.mem > 1<<21 || p.time > 100 || p.threads == 0 {
		return p, fmt.Errorf("password hash: bad parameters")
	}
	b64 := base64.RawStdEncoding
	var err1, err2 error
	p.salt, err1 = b64.DecodeString(parts[4])
	p.key, err2 = b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(p.key) == 0 {
		return p, fmt.Errorf("password hash: bad encoding")
	}
	return p, nil
}

// check computes the key of password with p's salt and parameters and
// compares it with p's, in constant time.
func (p argonHash) check(password string) error {
	if len(password) > MaxPasswordLen {
		return ErrMismatch
	}
	got := argon2.IDKey([]byte(password), p.salt, p.time, p.mem, p.threads, uint32(len(p.key)))
	if subtle.ConstantTimeCompare(got, p.key) != 1 {
		return ErrMismatch
	}
	return nil
}
