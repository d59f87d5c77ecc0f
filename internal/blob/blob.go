// Package blob defines where Imagier keeps file bytes — originals and
// derivatives — behind a small interface, so that a folder on disk and,
// later, an S3 bucket serve alike. Adapters live in subpackages named for
// their technology; blobtest holds the suite every adapter must pass.
package blob

import (
	"context"
	"errors"
	"io"
	"strings"
)

// ErrNotFound is returned by Open, Stat and Delete's callers' lookups when a
// key holds nothing.
var ErrNotFound = errors.New("blob not found")

// Store keeps byte strings under keys. Keys are slash-separated relative
// paths of [a-z0-9._-] segments; ValidKey checks them.
//
// Put is atomic and durable: once it returns nil, the bytes survive a crash
// of the process or the machine, and readers never see a partial value.
// Open returns ErrNotFound (wrapped) for a missing key; the caller closes
// what it returns. Delete of a missing key returns nil. Walk calls fn for
// every key under prefix, in no particular order; it never reports values
// that a Put has not finished.
//
// PutCache stores a value that can be made again, such as a derivative. It
// is atomic like Put and survives a crash of the process, but it is not
// forced to disk: after a crash of the machine the value may be missing or
// empty, and readers treat an empty value as missing.
type Store interface {
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	PutCache(ctx context.Context, key string, r io.Reader) (int64, error)
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	Stat(ctx context.Context, key string) (size int64, err error)
	Delete(ctx context.Context, key string) error
	Walk(ctx context.Context, prefix string, fn func(key string, size int64) error) error
}

// LocalPather is implemented by stores whose values are plain local files,
// so that libraries that want a file name (libvips, exiftool) can read them
// in place instead of through a copy.
type LocalPather interface {
	LocalPath(key string) (string, bool)
}

// ValidKey reports whether key is well formed: it can never name anything
// outside the store, whatever the store's technology.
func ValidKey(key string) bool {
	if key == "" || len(key) > 512 || strings.HasPrefix(key, "/") || strings.HasSuffix(key, "/") {
		return false
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return false
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
				return false
			}
		}
	}
	return true
}

// ContextReader returns a reader of r that fails with ctx's error once ctx
// ends, so that a long copy or hash stops when its caller goes away.
func ContextReader(ctx context.Context, r io.Reader) io.Reader {
	return ctxReader{ctx, r}
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
