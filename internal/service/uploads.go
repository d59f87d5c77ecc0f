package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/media"
	"imagier/internal/meta"
)

// Uploads arrive in chunks, each appended to a staged file, so that a
// dropped connection resumes where it stopped. The upload itself — whose,
// where to, how big — is a row in the database: its announced size counts
// against the uploader's quotas from the start, on every server sharing
// the database.
const (
	// MaxChunk bounds one chunk's bytes.
	MaxChunk = 16 << 20
	// uploadMaxAge is how long an abandoned upload is kept.
	uploadMaxAge = 24 * time.Hour
	// maxStaged bounds one account's uploads in progress.
	maxStaged = 64
	// maxUploadBytes bounds a file's announced size whatever the
	// settings, so that sums of reservations cannot overflow.
	maxUploadBytes = 1 << 44
)

// Upload refusals; each is of kind ErrInvalid unless said otherwise.
var (
	// ErrEmptyFile: a file of no bytes, which no photo is.
	ErrEmptyFile = fmt.Errorf("the file is empty: %w", gallery.ErrInvalid)
	// ErrTooLarge: the file is larger than the server takes.
	ErrTooLarge = fmt.Errorf("file too large: %w", gallery.ErrInvalid)
	// ErrTooManyUploads: the account has too many uploads in progress.
	ErrTooManyUploads = fmt.Errorf("too many uploads in progress: %w", gallery.ErrInvalid)
	// ErrNotHere: the caller may not upload into that album (kind
	// ErrNotFound: it may not exist for them).
	ErrNotHere = fmt.Errorf("cannot upload into this album: %w", gallery.ErrNotFound)
	// ErrOffset: a chunk does not start where the staged bytes end (kind
	// ErrConflict); the caller asks for the offset and resends.
	ErrOffset = fmt.Errorf("chunk at the wrong offset: %w", gallery.ErrConflict)
	// ErrIncomplete: finishing an upload whose bytes have not all come
	// (kind ErrConflict).
	ErrIncomplete = fmt.Errorf("upload incomplete: %w", gallery.ErrConflict)
	// ErrOverflow: more bytes than announced.
	ErrOverflow = fmt.Errorf("more bytes than announced: %w", gallery.ErrInvalid)
	// ErrSidecarAlone: an XMP sidecar sent as a file of its own; it is
	// only read with its photo.
	ErrSidecarAlone = fmt.Errorf("an XMP sidecar without its photo: %w", gallery.ErrInvalid)
	// ErrSidecarMismatch: a sidecar sent with a photo whose name it does
	// not carry.
	ErrSidecarMismatch = fmt.Errorf("the sidecar is not this file's: %w", gallery.ErrInvalid)
)

// maxSidecars bounds the sidecars sent with one file: "x.jpg.xmp" and
// "x.xmp" are all a file may have.
const maxSidecars = 2

// uploads is the staging folder.
type uploads struct{ dir string }

func newUploads(dir string) (*uploads, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("uploads: %w", err)
	}
	return &uploads{dir: dir}, nil
}

// part is the staged bytes of upload id; ids are checked to be what
// newUploadID makes, so no request names another file.
func (u *uploads) part(id string) (string, bool) {
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
		return "", false
	}
	return filepath.Join(u.dir, id+".part"), true
}

// sidecar is the staged file of upload id's sidecar i, for an id part
// accepted.
func (u *uploads) sidecar(id string, i int) string {
	return filepath.Join(u.dir, fmt.Sprintf("%s.%d.xmp", id, i))
}

// sidecars lists the staged sidecars of upload id, in priority order.
func (u *uploads) sidecars(id string) []string {
	var out []string
	for i := range maxSidecars {
		if fi, err := os.Lstat(u.sidecar(id, i)); err == nil && fi.Mode().IsRegular() {
			out = append(out, u.sidecar(id, i))
		}
	}
	return out
}

// remove removes the staged files of upload id.
func (u *uploads) remove(id string) {
	if part, ok := u.part(id); ok {
		os.Remove(part)
		for i := range maxSidecars {
			os.Remove(u.sidecar(id, i))
		}
	}
}

func newUploadID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("upload id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// FileName cleans a file name sent by a browser: its last path element,
// made fit for the catalogue as the importer makes every name (see
// media.CleanName: no control characters, at most 255 bytes, the
// extension kept).
func FileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return media.CleanName(strings.TrimSpace(name))
}

// UploadRequest starts an upload.
type UploadRequest struct {
	Name  string
	Size  int64
	Album int64
	// NewAlbum, for administrators, is an album to create under Album
	// (or to reuse, when it exists) for the file.
	NewAlbum string
	// Sidecars are the file's XMP sidecars, picked with it, in priority
	// order; they are read with the file as the importer reads the
	// sidecars next to a file on disk, and never stored themselves.
	Sidecars []Sidecar
}

// Sidecar is an XMP sidecar sent with its file.
type Sidecar struct {
	Name string
	Data []byte
}

// What a refused sidecar's Err may be, and the size allowed, for the doors
// that word them: they need not know the metadata reader.
const MaxSidecarBytes = meta.MaxSidecarBytes

var (
	ErrSidecarTooLarge = meta.ErrSidecarTooLarge
	ErrSidecarEntities = meta.ErrSidecarEntities
)

// SidecarError is a refused sidecar: Err (a meta.ErrSidecar…) says why.
type SidecarError struct {
	Name string
	Err  error
}

func (e *SidecarError) Error() string { return fmt.Sprintf("sidecar %s: %v", e.Name, e.Err) }

// Unwrap gives the reason and the kind: a refused sidecar is invalid
// input.
func (e *SidecarError) Unwrap() []error { return []error{e.Err, gallery.ErrInvalid} }

// checkSidecars refuses a file that is itself a sidecar, more sidecars
// than a file may have, one whose name is not the file's, and one that is
// not plain XMP (see meta.CheckSidecar).
func checkSidecars(name string, sidecars []Sidecar) error {
	if meta.IsSidecarName(name) {
		return ErrSidecarAlone
	}
	if len(sidecars) > maxSidecars {
		return invalid("%d sidecars", len(sidecars))
	}
	for _, sc := range sidecars {
		scName := FileName(sc.Name)
		if !meta.SidecarOf(name, scName) {
			return ErrSidecarMismatch
		}
		if err := meta.CheckSidecar(sc.Data); err != nil {
			return &SidecarError{Name: scName, Err: err}
		}
	}
	return nil
}

// StartUpload records an upload after checking where it may go and that
// its size fits in the uploader's quotas, which it then reserves.
func (s *Service) StartUpload(ctx context.Context, a Actor, req UploadRequest) (gallery.Upload, error) {
	if s.uploads == nil || a.User.ID == 0 {
		return gallery.Upload{}, ErrNotHere
	}
	switch {
	case req.Size == 0:
		return gallery.Upload{}, ErrEmptyFile
	case req.Size < 0 || req.Size > maxUploadBytes:
		return gallery.Upload{}, invalid("size %d", req.Size)
	case s.opt.MaxUploadSize > 0 && req.Size > s.opt.MaxUploadSize:
		return gallery.Upload{}, ErrTooLarge
	}
	name := FileName(req.Name)
	if name == "" {
		return gallery.Upload{}, invalid("no file name")
	}
	if err := checkSidecars(name, req.Sidecars); err != nil {
		return gallery.Upload{}, err
	}
	newAlbum := strings.TrimSpace(req.NewAlbum)
	// Only administrators create albums or upload outside one; others
	// upload into an album they may contribute to.
	if !a.Admin() && (newAlbum != "" || !a.Access.On(req.Album).Has(gallery.PermContribute)) {
		return gallery.Upload{}, ErrNotHere
	}
	if req.Album != 0 {
		if _, byID, err := s.store.AlbumNodes(ctx, a.Access); err != nil {
			return gallery.Upload{}, err
		} else if byID[req.Album] == nil {
			return gallery.Upload{}, ErrNotHere
		}
	}
	if newAlbum != "" {
		// A refusal for the count of uploads is known now: no album is
		// made for an upload that will not start.
		if n, err := s.store.CountUploads(ctx, a.User.ID); err != nil {
			return gallery.Upload{}, err
		} else if n >= maxStaged {
			return gallery.Upload{}, ErrTooManyUploads
		}
		id, err := s.ensureAlbum(ctx, a, req.Album, newAlbum)
		if err != nil {
			return gallery.Upload{}, err
		}
		req.Album = id
	}
	id, err := newUploadID()
	if err != nil {
		return gallery.Upload{}, err
	}
	up := gallery.Upload{ID: id, UserID: a.User.ID, AlbumID: req.Album, Name: name, Size: req.Size, CreatedAt: s.now()}
	s.sweepUploads(ctx)
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		if err := s.store.LockQuotas(ctx); err != nil {
			return err
		}
		if n, err := s.store.CountUploads(ctx, a.User.ID); err != nil {
			return err
		} else if n >= maxStaged {
			return ErrTooManyUploads
		}
		if err := s.checkQuota(ctx, a.User, req.Size); err != nil {
			return err
		}
		return s.store.AddUpload(ctx, up)
	})
	if err != nil {
		return gallery.Upload{}, err
	}
	part, _ := s.uploads.part(id)
	// The sidecars are staged before the part file, which the chunks and
	// the finish look for: once it is there, the upload is whole.
	for i, sc := range req.Sidecars {
		if err := os.WriteFile(s.uploads.sidecar(id, i), sc.Data, 0o600); err != nil {
			s.uploads.remove(id)
			s.store.DeleteUpload(ctx, id)
			return gallery.Upload{}, fmt.Errorf("stage sidecar: %w", err)
		}
	}
	if err := os.WriteFile(part, nil, 0o600); err != nil {
		s.uploads.remove(id)
		s.store.DeleteUpload(ctx, id)
		return gallery.Upload{}, fmt.Errorf("stage upload: %w", err)
	}
	return up, nil
}

// staged returns the actor's upload id with its staged file.
func (s *Service) staged(ctx context.Context, a Actor, id string) (gallery.Upload, string, error) {
	if s.uploads == nil {
		return gallery.Upload{}, "", fmt.Errorf("upload: %w", gallery.ErrNotFound)
	}
	part, ok := s.uploads.part(id)
	if !ok {
		return gallery.Upload{}, "", fmt.Errorf("upload: %w", gallery.ErrNotFound)
	}
	up, err := s.store.Upload(ctx, id)
	if err != nil {
		return up, "", err
	}
	if up.UserID != a.User.ID {
		return gallery.Upload{}, "", fmt.Errorf("upload: %w", gallery.ErrNotFound)
	}
	return up, part, nil
}

// UploadOffset returns how many bytes of an upload have arrived.
func (s *Service) UploadOffset(ctx context.Context, a Actor, id string) (int64, error) {
	_, part, err := s.staged(ctx, a, id)
	if err != nil {
		return 0, err
	}
	fi, err := os.Stat(part)
	if err != nil {
		return 0, fmt.Errorf("upload: %w", gallery.ErrNotFound)
	}
	return fi.Size(), nil
}

// lockPart opens a staged file and locks it for this process and every
// other on the machine; the lock goes with the file's closing, so nothing
// is left to free.
func lockPart(part string) (*os.File, error) {
	f, err := os.OpenFile(part, os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", gallery.ErrNotFound)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock upload: %w", err)
	}
	return f, nil
}

// UploadChunk appends body at offset, which must be where the staged
// bytes end. It returns the new offset: when the body breaks off, what
// arrived is kept and the client goes on from there.
func (s *Service) UploadChunk(ctx context.Context, a Actor, id string, offset int64, body io.Reader) (int64, error) {
	up, part, err := s.staged(ctx, a, id)
	if err != nil {
		return 0, err
	}
	f, err := lockPart(part)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("upload: %w", err)
	}
	have := fi.Size()
	if offset != have {
		return have, ErrOffset
	}
	n, err := io.Copy(f, io.LimitReader(body, min(MaxChunk, up.Size-have+1)))
	if have+n > up.Size {
		f.Truncate(have)
		return have, ErrOverflow
	}
	if err != nil {
		return have + n, fmt.Errorf("upload chunk: %w", err)
	}
	return have + n, nil
}

// UploadResult is what became of a finished upload.
type UploadResult struct {
	// Outcome is "imported", "duplicate", "rejected" or "pending" (waiting
	// for review).
	Outcome string
	// Key is the item's, when the uploader may see it.
	Key string
	// Reason says why a file was rejected.
	Reason string
	Name   string
	// AlbumID and Album (its path) say where the file went; 0 and "" for
	// no album.
	AlbumID int64
	Album   string
	// Filed, for a duplicate, tells that the item already in the library
	// was put into the album, where it was not yet; false when the album
	// already held it.
	Filed bool
	// Restored, for a duplicate, tells that the item came back from the
	// trash.
	Restored bool
}

// FinishUpload imports a complete upload into its album. Rights are
// checked again: they may have changed since the start. A contributor's
// file waits for review; bytes that are already in the library in an
// item the uploader may not see are answered the same way, and nothing
// is done with that item.
func (s *Service) FinishUpload(ctx context.Context, a Actor, id string) (UploadResult, error) {
	up, part, err := s.staged(ctx, a, id)
	if err != nil {
		return UploadResult{}, err
	}
	f, err := lockPart(part)
	if err != nil {
		return UploadResult{}, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || fi.Size() != up.Size {
		return UploadResult{}, ErrIncomplete
	}
	opt := media.FileOptions{Owner: up.UserID, Contribution: !a.Access.On(up.AlbumID).Has(gallery.PermEdit)}
	albumPath := ""
	if !a.Admin() {
		contribution := opt.Contribution
		opt.Visible = func(ctx context.Context, id int64) (bool, error) {
			p, err := s.store.MediaPerm(ctx, a.Access, id)
			if !contribution {
				// An editor's upload files an item already there into
				// their album: only one they may edit, or filing it would
				// give them the right to.
				return p.Has(gallery.PermEdit), err
			}
			return p != 0, err
		}
	}
	if up.AlbumID != 0 {
		if !a.Access.On(up.AlbumID).Has(gallery.PermContribute) {
			return UploadResult{}, ErrNotHere
		}
		_, byID, err := s.store.AlbumNodes(ctx, a.Access)
		if err != nil {
			return UploadResult{}, err
		}
		al := byID[up.AlbumID]
		if al == nil {
			return UploadResult{}, ErrNotHere
		}
		opt.Albums = [][]string{strings.Split(al.Path, "/")}
		albumPath = al.Path
	}
	opt.Sidecars = s.uploads.sidecars(up.ID)
	// What the file changes in the library is audited in the same
	// transaction as the change.
	opt.Record = func(ctx context.Context, o media.Outcome, key string) error {
		switch {
		case o == media.Imported && opt.Contribution:
			return s.audit(ctx, a, "upload.contribute", up.Name, key)
		case o == media.Imported:
			return s.audit(ctx, a, "upload", up.Name, key)
		}
		return s.audit(ctx, a, "upload.existing", up.Name, key)
	}
	fr, err := s.lib.ImportUpload(ctx, part, up.Name, opt)
	if err != nil {
		return UploadResult{}, fmt.Errorf("import upload %s: %w", up.Name, err)
	}
	outcome := fr.Outcome
	res := UploadResult{Outcome: string(outcome), Key: fr.Key, Reason: fr.Reason, Name: up.Name, AlbumID: up.AlbumID, Album: albumPath}
	if outcome == media.Duplicate && !opt.Contribution {
		res.Filed, res.Restored = fr.Filed, fr.Restored
	}
	switch {
	case outcome == media.Withheld && !opt.Contribution:
		// Bytes of an item the uploader may not see are answered as a new
		// file of theirs is: imported for an editor, waiting for review
		// for a contributor (below).
		res.Outcome = string(media.Imported)
	case outcome == media.Withheld, outcome == media.Imported && opt.Contribution, outcome == media.Duplicate && opt.Contribution:
		// A contributor learns nothing of what is already there.
		res.Outcome = "pending"
	}
	if !a.Admin() && res.Outcome != string(media.Duplicate) {
		// A key only administrators are given back, but for an item the
		// uploader sees already: none can tell a new item from a
		// withheld one.
		res.Key = ""
	}
	err = s.store.Atomic(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteUpload(ctx, up.ID); err != nil {
			return err
		}
		if outcome != media.Withheld {
			return nil
		}
		// Nothing was stored, but the bytes count against the uploader
		// as a new file's would; administrators learn of it.
		if err := s.store.AddWithheld(ctx, a.User.ID, up.Size, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, a, "upload.withheld", up.Name, "")
	})
	s.uploads.remove(up.ID)
	return res, err
}

// sweepUploads removes uploads abandoned for a day, and staged files no
// upload names (left by a crash between the row and the file).
func (s *Service) sweepUploads(ctx context.Context) {
	stale, err := s.store.StaleUploads(ctx, s.now().Add(-uploadMaxAge))
	if err != nil {
		s.log.Warn("sweeping uploads", "err", err)
		return
	}
	for _, id := range stale {
		s.uploads.remove(id)
		if err := s.store.DeleteUpload(ctx, id); err != nil && !errors.Is(err, gallery.ErrNotFound) {
			s.log.Warn("sweeping uploads", "err", err)
		}
	}
	live, err := s.store.UploadIDs(ctx)
	if err != nil {
		return
	}
	entries, _ := os.ReadDir(s.uploads.dir)
	cutoff := s.now().Add(-time.Hour)
	for _, e := range entries {
		// "id.part" and its sidecars "id.0.xmp", "id.1.xmp".
		id, _, _ := strings.Cut(e.Name(), ".")
		if live[id] {
			continue
		}
		// A file younger than an hour may belong to an upload whose row
		// another server is committing right now.
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(s.uploads.dir, e.Name()))
		}
	}
}

// MaxUploadSize is the largest file the server takes, 0 for no limit.
func (s *Service) MaxUploadSize() int64 { return s.opt.MaxUploadSize }

// Import imports files and folder trees from the server's disks, as the
// command line does: each file that changes the library is audited in the
// transaction of its change, under the actor (the command line).
func (s *Service) Import(ctx context.Context, a Actor, paths []string, opt media.ImportOptions) (media.Report, error) {
	if err := admin(a, "import"); err != nil {
		return media.Report{}, err
	}
	opt.Record = func(ctx context.Context, o media.Outcome, name, key string) error {
		action := "import"
		if o != media.Imported {
			action = "import.existing"
		}
		return s.audit(ctx, a, action, name, key)
	}
	return s.lib.Import(ctx, paths, opt)
}

// Check verifies files against rows and hashes and, with repair, repairs
// what it safely can; a repair is audited.
func (s *Service) Check(ctx context.Context, a Actor, lock *media.Lock, repair bool) (media.CheckReport, error) {
	if err := admin(a, "check"); err != nil {
		return media.CheckReport{}, err
	}
	rep, err := s.lib.Check(ctx, lock, repair)
	if err != nil || rep.Repaired == 0 {
		return rep, err
	}
	return rep, s.change(ctx, a, "library.repair", "", fmt.Sprintf("repaired=%d", rep.Repaired), nil)
}

// SidecarMax is the largest XMP sidecar taken with a photo, for the upload
// page to refuse a larger one before sending it.
func (UploadView) SidecarMax() int64 { return meta.MaxSidecarBytes }
