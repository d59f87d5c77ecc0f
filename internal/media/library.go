// Package media is Imagier's import pipeline and derivative service: it
// hashes, de-duplicates, reads metadata, stores originals durably, makes
// derivatives once, and recovers interrupted work at start-up.
package media

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"imagier/internal/blob"
	"imagier/internal/derive"
	"imagier/internal/meta"
	"imagier/internal/places"
	"imagier/internal/sqlstore"
)

// Options bound the work done on files.
type Options struct {
	// Workers is how many files are processed at once.
	Workers int
	// MaxPixels rejects larger images, read from their header.
	MaxPixels int64
	// FileTimeout bounds the work on one file.
	FileTimeout time.Duration
	// MaxFileSize rejects larger files before reading them.
	MaxFileSize int64
	// Places names where items with a GPS position were taken; nil names
	// nothing.
	Places *places.Gazetteer
}

// Library ties the catalogue, the blob store and the media tools together.
type Library struct {
	store *sqlstore.Store
	blobs blob.Store
	meta  *meta.Extractor
	log   *slog.Logger
	opt   Options
	// flight makes each derivative once however many requests ask for it;
	// sem bounds how many images are decoded at once, for derivatives and
	// uploads (an import run has its own workers).
	flight singleflight.Group
	sem    chan struct{}
	// made counts decodes for derivatives, for tests and metrics.
	made atomic.Int64
}

// New returns a library. It does not take ownership of its arguments.
func New(store *sqlstore.Store, blobs blob.Store, extractor *meta.Extractor, log *slog.Logger, opt Options) *Library {
	if opt.Workers < 1 {
		opt.Workers = 1
	}
	return &Library{
		store: store, blobs: blobs, meta: extractor, log: log, opt: opt,
		sem: make(chan struct{}, opt.Workers),
	}
}

// Places is the gazetteer the library names places with; nil when it
// names none.
func (l *Library) Places() *places.Gazetteer { return l.opt.Places }

func (l *Library) limits() derive.Limits {
	return derive.Limits{MaxPixels: l.opt.MaxPixels, Timeout: l.opt.FileTimeout}
}

// originalKey and derivativeKey place blobs by content hash, fanned out so
// that no folder holds more than a few thousand entries.
func originalKey(sha string) string {
	return "originals/" + sha[:2] + "/" + sha[2:4] + "/" + sha
}

func derivativeKey(sha, size string) string {
	return "derived/" + sha[:2] + "/" + sha + "/" + size + ".jpg"
}

// shaFromKey returns the hash an original's or derivative's key is named for.
func shaFromKey(key string) (string, bool) {
	parts := strings.Split(key, "/")
	switch {
	case len(parts) == 4 && parts[0] == "originals":
		return parts[3], len(parts[3]) == 64
	case len(parts) == 4 && parts[0] == "derived":
		return parts[2], len(parts[2]) == 64
	}
	return "", false
}

// newPublicKey returns 128 random bits, base32-encoded: a URL-safe name that
// says nothing about the file and cannot be guessed from its neighbours.
func newPublicKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("public key: %w", err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// localPath returns a file name for key that tools can read in place.
func (l *Library) localPath(key string) (string, error) {
	if lp, ok := l.blobs.(blob.LocalPather); ok {
		if p, ok := lp.LocalPath(key); ok {
			return p, nil
		}
	}
	return "", fmt.Errorf("blob store cannot give a local file for %s", key)
}

// withTimeout bounds one file's work.
func (l *Library) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if l.opt.FileTimeout > 0 {
		return context.WithTimeout(ctx, l.opt.FileTimeout)
	}
	return context.WithCancel(ctx)
}
