package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"imagier/internal/blob"
	"imagier/internal/gallery"
)

// Lock is a process's hold on a data folder. Every process that uses the
// folder holds it shared; one that holds it exclusively knows that no other
// process is writing, so it may sweep up what crashed runs left behind.
type Lock struct {
	f         *os.File
	exclusive bool
}

// AcquireLock takes the data folder's lock: exclusively when no other
// process has it, else shared.
func AcquireLock(dataDir string) (*Lock, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dataDir, "imagier.lock"), os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err == nil {
		return &Lock{f: f, exclusive: true}, nil
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock: %w", err)
	}
	return &Lock{f: f}, nil
}

// Exclusive tells whether this process is the only one using the folder.
func (l *Lock) Exclusive() bool { return l.exclusive }

// Share turns an exclusive hold into a shared one, letting other processes
// (an importer beside the server) in once recovery is done.
func (l *Lock) Share() error {
	if !l.exclusive {
		return nil
	}
	if err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_SH); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	l.exclusive = false
	return nil
}

// Release lets the folder go.
func (l *Lock) Release() error { return l.f.Close() }

// tempCleaner is implemented by blob stores that keep unfinished writes.
type tempCleaner interface {
	CleanTemp() (int, error)
	TempCount() (int, error)
}

// Recover puts the library back in order after a crash: when lock is
// exclusive it removes unfinished writes and files that no row refers to
// (never acknowledged), then it makes the derivatives still pending.
func (l *Library) Recover(ctx context.Context, lock *Lock) error {
	if lock.Exclusive() {
		if tc, ok := l.blobs.(tempCleaner); ok {
			n, err := tc.CleanTemp()
			if err != nil {
				return fmt.Errorf("recover: %w", err)
			}
			if n > 0 {
				l.log.Info("removed unfinished writes", "count", n)
			}
		}
		orphans, err := l.orphans(ctx)
		if err != nil {
			return fmt.Errorf("recover: %w", err)
		}
		for _, key := range orphans {
			if err := l.blobs.Delete(ctx, key); err != nil {
				return fmt.Errorf("recover: %w", err)
			}
		}
		if len(orphans) > 0 {
			l.log.Info("removed files of unacknowledged imports", "count", len(orphans))
		}
	}
	n, err := l.ResumePending(ctx)
	if n > 0 {
		l.log.Info("made pending derivatives", "count", n)
	}
	return err
}

// orphans lists originals and derivatives whose hash has no row.
func (l *Library) orphans(ctx context.Context) ([]string, error) {
	known := map[string]bool{}
	if err := l.store.EachSHA256(ctx, func(_ int64, sha string, _ int64) error {
		known[sha] = true
		return nil
	}); err != nil {
		return nil, err
	}
	var out []string
	for _, prefix := range []string{"originals", "derived"} {
		err := l.blobs.Walk(ctx, prefix, func(key string, _ int64) error {
			if sha, ok := shaFromKey(key); !ok || !known[sha] {
				out = append(out, key)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CheckReport says how files and rows agree.
type CheckReport struct {
	Items int `json:"items"`
	// MissingOriginals and CorruptOriginals name items whose bytes are gone
	// or no longer hash to their SHA-256: nothing can repair those but a
	// backup.
	MissingOriginals []string `json:"missing_originals"`
	CorruptOriginals []string `json:"corrupt_originals"`
	// MissingDerivatives names items whose import-time derivatives are
	// missing or still pending.
	MissingDerivatives []string `json:"missing_derivatives"`
	// Orphans are stored files no row refers to.
	Orphans   []string `json:"orphans"`
	TempFiles int      `json:"temp_files"`
	Repaired  int      `json:"repaired"`
}

// Clean tells whether nothing is wrong.
func (r CheckReport) Clean() bool {
	return len(r.MissingOriginals)+len(r.CorruptOriginals)+len(r.MissingDerivatives)+len(r.Orphans)+r.TempFiles == 0
}

// Check verifies every row against its files and every file against the
// rows, re-hashing each original. With repair it removes orphans and
// unfinished writes and remakes missing derivatives; it needs the folder's
// exclusive lock to remove anything.
func (l *Library) Check(ctx context.Context, lock *Lock, repair bool) (CheckReport, error) {
	rep := CheckReport{MissingOriginals: []string{}, CorruptOriginals: []string{}, MissingDerivatives: []string{}}
	var pending []gallery.Media
	err := l.store.EachMedia(ctx, func(m gallery.Media) error {
		rep.Items++
		label := m.Key + " " + m.Filename
		switch ok, err := l.verifyOriginal(ctx, m); {
		case errors.Is(err, blob.ErrNotFound):
			rep.MissingOriginals = append(rep.MissingOriginals, label)
			return nil
		case err != nil:
			return err
		case !ok:
			rep.CorruptOriginals = append(rep.CorruptOriginals, label)
			return nil
		}
		if m.Meta.Kind != gallery.KindImage {
			return nil
		}
		complete := m.DerivedAt != nil
		for _, s := range gallery.ImportSizes() {
			if n, err := l.blobs.Stat(ctx, derivativeKey(m.SHA256, s.Name)); err != nil || n == 0 {
				complete = false
			}
		}
		if !complete {
			rep.MissingDerivatives = append(rep.MissingDerivatives, label)
			pending = append(pending, m)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("check: %w", err)
	}
	if rep.Orphans, err = l.orphans(ctx); err != nil {
		return rep, fmt.Errorf("check: %w", err)
	}
	tc, hasTemp := l.blobs.(tempCleaner)
	if hasTemp {
		if rep.TempFiles, err = tc.TempCount(); err != nil {
			return rep, fmt.Errorf("check: %w", err)
		}
	}
	if !repair {
		return rep, nil
	}
	// Missing derivatives become pending work in the database first, so
	// that a crash during the repair leaves it for the next start.
	for _, m := range pending {
		if err := l.store.MarkPending(ctx, m.ID); err != nil {
			return rep, fmt.Errorf("check: %w", err)
		}
	}
	if len(pending) > 0 {
		n, err := l.ResumePending(ctx)
		if err != nil {
			return rep, fmt.Errorf("check: %w", err)
		}
		rep.Repaired += n
	}
	if !lock.Exclusive() {
		if len(rep.Orphans) > 0 || rep.TempFiles > 0 {
			l.log.Warn("another process uses the library: orphans and unfinished writes are left for now")
		}
		return rep, nil
	}
	for _, key := range rep.Orphans {
		if err := l.blobs.Delete(ctx, key); err != nil {
			return rep, fmt.Errorf("check: %w", err)
		}
		rep.Repaired++
	}
	if hasTemp {
		n, err := tc.CleanTemp()
		if err != nil {
			return rep, fmt.Errorf("check: %w", err)
		}
		rep.Repaired += n
	}
	return rep, nil
}

// verifyOriginal re-hashes m's original.
func (l *Library) verifyOriginal(ctx context.Context, m gallery.Media) (bool, error) {
	r, err := l.blobs.Open(ctx, originalKey(m.SHA256))
	if err != nil {
		return false, err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, blob.ContextReader(ctx, r))
	if err != nil {
		return false, fmt.Errorf("read original of %s: %w", m.Key, err)
	}
	return n == m.Size && hex.EncodeToString(h.Sum(nil)) == m.SHA256, nil
}
