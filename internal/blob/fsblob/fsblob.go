// Package fsblob is a blob.Store over a local folder: each key is a file, and
// every Put goes through a temporary file that is fsynced and renamed, so a
// crash leaves either the old state or the whole new value.
package fsblob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"imagier/internal/blob"
)

// tmpDir is the folder, inside the root, for values being written. Its
// leading dot keeps it out of every valid key.
const tmpDir = ".tmp"

// Store keeps values as files under a root folder.
type Store struct {
	root string
}

var _ blob.Store = (*Store)(nil)

// New returns a store rooted at root, creating the folder if needed.
func New(root string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(root, tmpDir), 0o750); err != nil {
		return nil, fmt.Errorf("fsblob: %w", err)
	}
	return &Store{root: root}, nil
}

func (s *Store) path(key string) (string, error) {
	if !blob.ValidKey(key) {
		return "", fmt.Errorf("fsblob: invalid key %q", key)
	}
	return filepath.Join(s.root, filepath.FromSlash(key)), nil
}

// LocalPath returns the file that holds key.
func (s *Store) LocalPath(key string) (string, bool) {
	p, err := s.path(key)
	return p, err == nil
}

// Put writes r to a temporary file, fsyncs it, renames it over key and
// fsyncs the folder, so the value is durable when Put returns.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	return s.put(ctx, key, r, true)
}

// PutCache is Put without the two fsyncs, which cost more than making a
// small derivative again after a power cut.
func (s *Store) PutCache(ctx context.Context, key string, r io.Reader) (int64, error) {
	return s.put(ctx, key, r, false)
}

func (s *Store) put(ctx context.Context, key string, r io.Reader, sync bool) (int64, error) {
	dst, err := s.path(key)
	if err != nil {
		return 0, err
	}
	f, err := os.CreateTemp(filepath.Join(s.root, tmpDir), "put-*")
	if err != nil {
		return 0, fmt.Errorf("fsblob: put %s: %w", key, err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("fsblob: put %s: %w", key, err)
	}
	// A reader that can write itself (a file) goes straight to io.Copy so
	// the kernel copies it; others are read under ctx.
	var n int64
	if _, ok := r.(io.WriterTo); ok {
		n, err = io.Copy(f, r)
	} else {
		n, err = io.Copy(f, blob.ContextReader(ctx, r))
	}
	if err != nil {
		return n, fmt.Errorf("fsblob: put %s: %w", key, err)
	}
	if sync {
		if err := f.Sync(); err != nil {
			return n, fmt.Errorf("fsblob: put %s: sync: %w", key, err)
		}
	}
	if err := f.Close(); err != nil {
		return n, fmt.Errorf("fsblob: put %s: %w", key, err)
	}
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return n, fmt.Errorf("fsblob: put %s: %w", key, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return n, fmt.Errorf("fsblob: put %s: %w", key, err)
	}
	done = true
	if !sync {
		return n, nil
	}
	return n, syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("fsblob: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("fsblob: sync %s: %w", dir, err)
	}
	return nil
}

// Open opens key for reading.
func (s *Store) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("fsblob: %s: %w", key, blob.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("fsblob: %w", err)
	}
	return f, nil
}

// Stat returns the size of key's value.
func (s *Store) Stat(ctx context.Context, key string) (int64, error) {
	p, err := s.path(key)
	if err != nil {
		return 0, err
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("fsblob: %s: %w", key, blob.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("fsblob: %w", err)
	}
	return fi.Size(), nil
}

// Delete removes key; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("fsblob: delete %s: %w", key, err)
	}
	return nil
}

// Walk calls fn for every key under prefix ("" for all).
func (s *Store) Walk(ctx context.Context, prefix string, fn func(key string, size int64) error) error {
	start := s.root
	if prefix != "" {
		p, err := s.path(strings.TrimSuffix(prefix, "/"))
		if err != nil {
			return err
		}
		start = p
	}
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == tmpDir {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !blob.ValidKey(key) {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil // removed meanwhile
		}
		return fn(key, fi.Size())
	})
	if err != nil {
		return fmt.Errorf("fsblob: walk %s: %w", prefix, err)
	}
	return nil
}

// CleanTemp removes the temporary files that interrupted Puts left behind.
// Call it only when no other process is writing to the store.
func (s *Store) CleanTemp() (int, error) {
	dir := filepath.Join(s.root, tmpDir)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("fsblob: clean: %w", err)
	}
	n := 0
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return n, fmt.Errorf("fsblob: clean: %w", err)
		}
		n++
	}
	return n, nil
}

// TempCount tells how many temporary files are present.
func (s *Store) TempCount() (int, error) {
	ents, err := os.ReadDir(filepath.Join(s.root, tmpDir))
	if err != nil {
		return 0, fmt.Errorf("fsblob: %w", err)
	}
	return len(ents), nil
}
