package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"imagier/internal/blob"
	"imagier/internal/derive"
	"imagier/internal/gallery"
)

// deriveAtImport makes the import-time sizes of m and records that they
// exist.
func (l *Library) deriveAtImport(ctx context.Context, m gallery.Media) error {
	if err := l.make(ctx, m, gallery.ImportSizes()); err != nil {
		return err
	}
	return l.store.MarkDerived(ctx, m.ID, time.Now())
}

// make decodes m's original once and stores the given sizes.
func (l *Library) make(ctx context.Context, m gallery.Media, sizes []gallery.Size) error {
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.sem }()
	path, err := l.localPath(originalKey(m.SHA256))
	if err != nil {
		return err
	}
	ctx, cancel := l.withTimeout(ctx)
	defer cancel()
	l.made.Add(1)
	outs, err := derive.Make(ctx, derive.Source{Path: path, Format: m.Meta.Format, Orientation: m.Meta.Orientation}, sizes, l.limits())
	if err != nil {
		return fmt.Errorf("derivatives of %s: %w", m.Filename, err)
	}
	return l.putDerivatives(ctx, m.SHA256, outs)
}

func (l *Library) putDerivatives(ctx context.Context, sha string, outs []derive.Output) error {
	for _, o := range outs {
		if _, err := l.blobs.PutCache(ctx, derivativeKey(sha, o.Size.Name), bytes.NewReader(o.JPEG)); err != nil {
			return storageError(fmt.Errorf("store %s derivative: %w", o.Size.Name, err))
		}
	}
	return nil
}

// Derivative opens m's derivative of the named size, making it first if it
// does not exist yet — once, however many callers ask at the same time.
func (l *Library) Derivative(ctx context.Context, m gallery.Media, size string) (io.ReadSeekCloser, error) {
	sz, ok := gallery.SizeByName(size)
	if !ok {
		return nil, fmt.Errorf("size %q: %w", size, gallery.ErrNotFound)
	}
	if m.Meta.Kind != gallery.KindImage {
		return nil, fmt.Errorf("%s has no %s preview: %w", m.Meta.Kind, size, gallery.ErrNotFound)
	}
	key := derivativeKey(m.SHA256, sz.Name)
	if r, err := l.openDerivative(ctx, key); err == nil || !errors.Is(err, blob.ErrNotFound) {
		return r, err
	}
	// The flight is not tied to one caller's context: if the first asker
	// goes away, the others still get their image.
	_, err, _ := l.flight.Do(key, func() (any, error) {
		if n, err := l.blobs.Stat(context.WithoutCancel(ctx), key); err == nil && n > 0 {
			return nil, nil
		}
		return nil, l.make(context.WithoutCancel(ctx), m, []gallery.Size{sz})
	})
	if err != nil {
		return nil, err
	}
	return l.openDerivative(ctx, key)
}

// openDerivative opens a derivative, taking an empty one — what a machine
// crash can leave of an unsynced write — for a missing one.
func (l *Library) openDerivative(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	r, err := l.blobs.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	if n, err := r.Seek(0, io.SeekEnd); err != nil || n == 0 {
		r.Close()
		return nil, fmt.Errorf("%s is empty: %w", key, blob.ErrNotFound)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Original opens m's original bytes.
func (l *Library) Original(ctx context.Context, m gallery.Media) (io.ReadSeekCloser, error) {
	return l.blobs.Open(ctx, originalKey(m.SHA256))
}

// ResumePending makes the import-time derivatives that an interrupted run
// left undone, and returns how many items it completed.
func (l *Library) ResumePending(ctx context.Context) (int, error) {
	done := 0
	failed := map[int64]bool{}
	for {
		ms, err := l.store.PendingDerivations(ctx, 100+len(failed))
		if err != nil {
			return done, err
		}
		progress := false
		for _, m := range ms {
			if failed[m.ID] {
				continue
			}
			progress = true
			if m.Meta.Kind != gallery.KindImage {
				if err := l.store.MarkDerived(ctx, m.ID, time.Now()); err != nil {
					return done, err
				}
				continue
			}
			if err := l.deriveAtImport(ctx, m); err != nil {
				if ctx.Err() != nil {
					return done, ctx.Err()
				}
				l.log.Warn("derivatives failed", "media", m.Key, "file", m.Filename, "err", err)
				failed[m.ID] = true
				continue
			}
			done++
		}
		if !progress {
			return done, nil
		}
	}
}

// PurgeTrash deletes for good the items trashed longer than retention ago:
// rows first, then files, so that a crash in between leaves only orphan
// files, which recovery removes.
func (l *Library) PurgeTrash(ctx context.Context, retention time.Duration) (int, error) {
	return l.PurgeTrashRecorded(ctx, retention, nil)
}

// PurgeTrashRecorded is PurgeTrash with record, when set, called with the
// number of items in the transaction that deletes their rows (for the
// caller's audit entry); files go after the commit.
func (l *Library) PurgeTrashRecorded(ctx context.Context, retention time.Duration, record func(ctx context.Context, n int) error) (int, error) {
	var shas []string
	err := l.store.Atomic(ctx, func(ctx context.Context) error {
		var err error
		if shas, err = l.store.Purge(ctx, time.Now().Add(-retention)); err != nil || len(shas) == 0 || record == nil {
			return err
		}
		return record(ctx, len(shas))
	})
	if err != nil {
		return 0, err
	}
	for _, sha := range shas {
		keys := []string{originalKey(sha)}
		for _, s := range gallery.Sizes {
			keys = append(keys, derivativeKey(sha, s.Name))
		}
		for _, k := range keys {
			if err := l.blobs.Delete(ctx, k); err != nil {
				return 0, err
			}
		}
	}
	return len(shas), nil
}
