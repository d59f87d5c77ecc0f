package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"imagier/internal/blob"
	"imagier/internal/derive"
	"imagier/internal/gallery"
	"imagier/internal/meta"
)

// Outcome is what became of one file.
type Outcome string

// Outcomes of an import.
const (
	Imported  Outcome = "imported"
	Duplicate Outcome = "duplicate"
	Rejected  Outcome = "rejected"
	// Withheld is ImportFile's answer when the bytes are already in an
	// item the uploader may not see (see FileOptions.Visible): nothing was
	// changed and no key is returned. Callers answer it exactly as they
	// answer a contribution waiting for review, so that the answer does
	// not tell that the bytes exist.
	Withheld Outcome = "withheld"
)

// ErrDiskFull is wrapped by the error of an import that stopped because
// the library's storage has no room left: the administrator's to fix, not
// the file's.
var ErrDiskFull = errors.New("the library's disk is full")

// Rejection names a file that was not imported and why.
type Rejection struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Report sums up an import run.
type Report struct {
	Imported   int         `json:"imported"`
	Duplicates int         `json:"duplicates"`
	Rejected   int         `json:"rejected"`
	Bytes      int64       `json:"bytes"`
	Seconds    float64     `json:"seconds"`
	Rejections []Rejection `json:"rejections"`
}

// Progress is sent after each file.
type Progress struct {
	Done, Total           int
	DoneBytes, TotalBytes int64
	Elapsed               time.Duration
}

// ImportOptions say where files go and who wants to hear about progress.
type ImportOptions struct {
	// Album is the album path every file goes to, e.g. ["Trips", "2024"].
	Album []string
	// FoldersAsAlbums puts each file in an album named after the folders
	// between the imported folder (included) and the file.
	FoldersAsAlbums bool
	// Progress, when set, is called after each file, from one goroutine.
	Progress func(Progress)
	// Record, when set, is called for each file that changes the library,
	// in the transaction of the change, with the file's name (see
	// FileOptions.Record).
	Record func(ctx context.Context, o Outcome, name, key string) error
}

// Import imports files and folder trees. Files that cannot be imported are
// reported in the Report; the returned error is for failures of the library
// itself (database, storage; ErrDiskFull when its disk is full), which stop
// the run. Files already in the library are filed in the albums asked for,
// and brought back from the trash: whoever runs an import sees everything.
func (l *Library) Import(ctx context.Context, paths []string, opt ImportOptions) (Report, error) {
	start := time.Now()
	rep := Report{Rejections: []Rejection{}}
	jobs, err := collect(paths, opt.Album, opt.FoldersAsAlbums)
	if err != nil {
		return rep, err
	}
	var total int64
	for i, j := range jobs {
		total += j.size
		if opt.Record != nil {
			name := j.name
			jobs[i].record = func(ctx context.Context, o Outcome, key string) error { return opt.Record(ctx, o, name, key) }
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	in := make(chan job)
	type result struct {
		job     job
		outcome Outcome
		reason  string
	}
	out := make(chan result)
	var wg sync.WaitGroup
	for range l.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf derive.Buffer
			defer buf.Free()
			for j := range in {
				o, _, err := l.importOne(ctx, j, &buf)
				var r result
				r.job, r.outcome = j, o
				switch {
				case err == nil:
				case errors.Is(err, gallery.ErrRejected) && ctx.Err() != nil:
					continue // the run is stopping: the rejection may be the stop's doing
				case errors.Is(err, gallery.ErrRejected):
					r.outcome, r.reason = Rejected, rejectionReason(err)
				case errors.Is(err, ErrDiskFull):
					// Said first: the run stopped for the library's sake,
					// not the file's.
					cancel(fmt.Errorf("%w (the import stopped at %s)", err, j.name))
					continue
				default:
					cancel(fmt.Errorf("import %s: %w", j.name, err))
					continue
				}
				out <- r
			}
		}()
	}
	go func() {
		defer close(in)
		for _, j := range jobs {
			select {
			case in <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	p := Progress{Total: len(jobs), TotalBytes: total}
	for r := range out {
		switch r.outcome {
		case Imported:
			rep.Imported++
			rep.Bytes += r.job.size
		case Duplicate:
			rep.Duplicates++
		case Rejected:
			rep.Rejected++
			rep.Rejections = append(rep.Rejections, Rejection{File: r.job.name, Reason: r.reason})
			l.log.Info("file rejected", "file", r.job.name, "reason", r.reason)
		}
		p.Done++
		p.DoneBytes += r.job.size
		p.Elapsed = time.Since(start)
		if opt.Progress != nil {
			opt.Progress(p)
		}
	}
	if rep.Imported >= 1000 {
		// Many new rows make the planner's statistics stale.
		if err := l.store.Optimize(ctx); err != nil {
			l.log.Warn("refreshing statistics", "err", err)
		}
	}
	rep.Seconds = time.Since(start).Seconds()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return rep, err
	}
	return rep, ctx.Err()
}

// rejectionReason strips the error kind's own words from a rejection.
func rejectionReason(err error) string {
	msg := err.Error()
	const prefix = "rejected: "
	for i := 0; i+len(prefix) <= len(msg); i++ {
		if msg[i:i+len(prefix)] == prefix {
			return msg[:i] + msg[i+len(prefix):]
		}
	}
	return msg
}

// FileOptions say where an uploaded file goes and whose it is.
type FileOptions struct {
	Albums [][]string
	// Owner is the account that uploads it, whose quota it counts
	// against.
	Owner int64
	// Contribution marks an upload by someone who may only contribute:
	// the item waits for review, and a file already in the library is
	// neither filed again nor named to them.
	Contribution bool
	// Visible tells whether the uploader may see the item mediaID, which
	// already holds the uploaded bytes. Nil means that they see
	// everything, as administrators and the command line do; only they
	// bring an item back from the trash. An item the uploader may not see
	// is neither filed, nor restored, nor named: ImportFile answers
	// Withheld, since its key would reveal it.
	Visible func(ctx context.Context, mediaID int64) (bool, error)
	// Record, when set, is called in the transaction that records what
	// the file changed — a new item's row, or an existing item filed or
	// brought back — with the outcome and the item's key, so that the
	// caller's audit entry commits with the change or not at all.
	Record func(ctx context.Context, o Outcome, key string) error
	// Sidecars are XMP files read with the file, in priority order, as
	// the sidecars found next to a file on disk are (see meta.Sidecars).
	Sidecars []string
}

// FileResult is what became of a file ImportUpload was given.
type FileResult struct {
	Outcome Outcome
	// Key is the one ImportFile names.
	Key string
	// Reason says why the file was rejected.
	Reason string
	// Filed, for a Duplicate, tells that the item was put into an album
	// asked for that did not hold it yet.
	Filed bool
	// Restored, for a Duplicate, tells that the item came back from the
	// trash.
	Restored bool
}

// ImportFile imports one file, named filename for people (an upload is
// staged under another name). It returns what became of the file, the
// item's public key, and the reason of a rejection; the error is for
// failures of the library. The key is that of the item imported or, for a
// file already in the library, of the item that holds it, unless the
// upload is a contribution or the outcome Withheld.
func (l *Library) ImportFile(ctx context.Context, path, filename string, opt FileOptions) (Outcome, string, string, error) {
	res, err := l.ImportUpload(ctx, path, filename, opt)
	return res.Outcome, res.Key, res.Reason, err
}

// ImportUpload is ImportFile, telling also what was done with a file
// already in the library.
func (l *Library) ImportUpload(ctx context.Context, path, filename string, opt FileOptions) (FileResult, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return FileResult{Outcome: Rejected}, err
	}
	var res FileResult
	j := job{path: path, name: filename, filename: filename, size: fi.Size(), albums: opt.Albums, sidecars: opt.Sidecars,
		owner: opt.Owner, pending: opt.Contribution, visible: opt.Visible, record: opt.Record, result: &res}
	// An upload takes a worker's slot, as a derivative does: each holds
	// the file's bytes and a decode, so their number bounds memory.
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		return FileResult{Outcome: Rejected}, ctx.Err()
	}
	defer func() { <-l.sem }()
	var buf derive.Buffer
	defer buf.Free()
	o, key, err := l.importOne(ctx, j, &buf)
	switch {
	case errors.Is(err, gallery.ErrRejected):
		return FileResult{Outcome: Rejected, Reason: rejectionReason(err)}, nil
	case err != nil:
		return FileResult{Outcome: o}, err
	}
	res.Outcome, res.Key = o, key
	return res, nil
}

// importOne runs the pipeline on one file: check, hash, de-duplicate, read
// metadata, check the image header, store the original durably, record it,
// then make the import-time derivatives. A file up to maxInMemory bytes is
// read once, into buf, and hashed, read for metadata and decoded from
// there; the kernel copies the original from the file. It returns the
// outcome and the key ImportFile names (see duplicate).
func (l *Library) importOne(ctx context.Context, j job, buf *derive.Buffer) (Outcome, string, error) {
	if j.err != nil {
		return Rejected, "", gallery.Rejectf("%v", j.err)
	}
	ctx, cancel := l.withTimeout(ctx)
	defer cancel()
	if err := l.checkSize(j.size); err != nil {
		return Rejected, "", err
	}
	if j.size > maxInMemory {
		buf = nil
	}
	sha, head, hashed, err := readFile(ctx, j.path, buf)
	if errors.Is(err, derive.ErrChanged) {
		return Rejected, "", gallery.Rejectf("file changed while it was being imported")
	}
	if err != nil {
		return Rejected, "", gallery.Rejectf("cannot read: %v", err)
	}
	// The file may have changed since it was listed: what was hashed
	// counts.
	if err := l.checkSize(hashed.Size()); err != nil {
		return Rejected, "", err
	}
	filename := j.filename
	if filename == "" {
		filename = filepath.Base(j.path)
	}
	m := gallery.Media{SHA256: sha, Size: hashed.Size(), Filename: CleanName(filename), OwnerID: j.owner, Pending: j.pending}
	switch id, err := l.store.MediaIDBySHA256(ctx, sha); {
	case err == nil:
		o, key, err := l.duplicate(ctx, id, j)
		if o == Withheld && err == nil {
			l.decoy(ctx, j, buf)
		}
		return o, key, err
	case !errors.Is(err, gallery.ErrNotFound):
		return Rejected, "", err
	}
	kind, format, mime := meta.Sniff(head)
	var data []byte // the bytes meta reads instead of opening the file again
	if buf != nil {
		data = buf.Bytes()
	}
	md, err := l.meta.ExtractBytes(ctx, j.path, data, j.sidecars...)
	if err != nil {
		if ctx.Err() != nil {
			return Rejected, "", gallery.Rejectf("took longer than %s to read its metadata", l.opt.FileTimeout)
		}
		return Rejected, "", gallery.Rejectf("metadata unreadable: %v", err)
	}
	if md.Kind == "" {
		md.Kind, md.Format, md.MIME = kind, format, mime
	}
	// Images are decoded before anything is stored: a file libvips cannot
	// read is rejected whole, and the derivatives are ready to store.
	var outs []derive.Output
	if md.Kind == gallery.KindImage {
		src := derive.Source{Path: j.path, Buffer: buf, Format: md.Format, Orientation: md.Orientation}
		if md.Width == 0 || md.Height == 0 {
			if md.Width, md.Height, err = derive.Header(ctx, src); err != nil {
				return Rejected, "", rejectImage(err, j.path)
			}
		}
		if outs, err = derive.Make(ctx, src, gallery.ImportSizes(), l.limits()); err != nil {
			return Rejected, "", rejectImage(err, j.path)
		}
		if len(outs) > 0 && outs[0].Truncated {
			md.Warnings = append(md.Warnings, "the file is truncated: part of the image is missing")
		}
	}
	m.Meta = md
	fillEditable(&m)
	m.Folder = j.folder
	if g := md.GPS; g != nil {
		m.Place = l.opt.Places.Nearest(g.Lat, g.Lon)
	}
	if m.Key, err = newPublicKey(); err != nil {
		return Rejected, "", err
	}
	if err := l.storeOriginal(ctx, j.path, sha, hashed); err != nil {
		return Rejected, "", err
	}
	m.ImportedAt = time.Now().UTC()
	// Derivatives are durable before the row that says they exist; if the
	// process dies before the row, recovery removes them as orphans.
	if err := l.putDerivatives(ctx, sha, outs); err != nil {
		return Rejected, "", err
	}
	m.DerivedAt = &m.ImportedAt
	err = l.store.Atomic(ctx, func(ctx context.Context) error {
		if err := l.store.AddMedia(ctx, &m, j.albums); err != nil {
			return err
		}
		if j.record != nil {
			return j.record(ctx, Imported, m.Key)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, gallery.ErrConflict) {
			// The same bytes arrived through another worker meanwhile.
			return l.duplicate(ctx, m.ID, j)
		}
		return Rejected, "", err
	}
	// From here on the file is acknowledged: durable, recorded, listed.
	l.log.Debug("imported", "file", j.name, "sha256", sha, "key", m.Key)
	return Imported, m.Key, nil
}

// checkSize rejects empty files and files over the size limit.
func (l *Library) checkSize(size int64) error {
	if l.opt.MaxFileSize > 0 && size > l.opt.MaxFileSize {
		return gallery.Rejectf("file is %d bytes, over the %d-byte limit", size, l.opt.MaxFileSize)
	}
	if size == 0 {
		return gallery.Rejectf("file is empty")
	}
	return nil
}

// duplicate applies the one rule for bytes already in the library, as
// item id, whichever door they came through, and returns the outcome and
// the key to name:
//   - an uploader who does not see everything (j.visible set) learns
//     nothing of an item in the trash or one they may not see: Withheld,
//     and nothing changes;
//   - a contribution changes nothing either, and names no key;
//   - otherwise the item comes back from the trash, is filed in the
//     albums asked for, and its key is named.
func (l *Library) duplicate(ctx context.Context, id int64, j job) (Outcome, string, error) {
	m, err := l.store.MediaByID(ctx, id)
	if err != nil {
		return Rejected, "", err
	}
	if j.visible != nil {
		if m.DeletedAt != nil {
			return Withheld, "", nil
		}
		ok, err := j.visible(ctx, id)
		if err != nil {
			return Rejected, "", fmt.Errorf("may the uploader see item %d: %w", id, err)
		}
		if !ok {
			return Withheld, "", nil
		}
	}
	if j.pending {
		return Duplicate, "", nil
	}
	filed := false
	err = l.store.Atomic(ctx, func(ctx context.Context) error {
		if m.DeletedAt != nil {
			if err := l.store.Restore(ctx, []int64{id}); err != nil {
				return err
			}
		}
		before, err := l.store.MediaAlbumIDs(ctx, id)
		if err != nil {
			return err
		}
		if err := l.addToAlbums(ctx, id, j.albums); err != nil {
			return err
		}
		after, err := l.store.MediaAlbumIDs(ctx, id)
		if err != nil {
			return err
		}
		filed = len(after) > len(before)
		if j.record != nil {
			return j.record(ctx, Duplicate, m.Key)
		}
		return nil
	})
	if err != nil {
		return Rejected, "", err
	}
	if m.DeletedAt != nil {
		l.log.Info("brought back from the trash by an import", "file", j.name, "key", m.Key)
	}
	if j.result != nil {
		j.result.Filed, j.result.Restored = filed, m.DeletedAt != nil
	}
	return Duplicate, m.Key, nil
}

// decoy does, and throws away, the work a new file takes — reading its
// metadata and decoding it — for bytes withheld from an uploader: an
// answer given at once would tell them, by its speed, that the bytes are
// already in the library.
func (l *Library) decoy(ctx context.Context, j job, buf *derive.Buffer) {
	var data []byte
	if buf != nil {
		data = buf.Bytes()
	}
	md, err := l.meta.ExtractBytes(ctx, j.path, data, j.sidecars...)
	if err != nil || md.Kind != gallery.KindImage {
		return
	}
	derive.Make(ctx, derive.Source{Path: j.path, Buffer: buf, Format: md.Format, Orientation: md.Orientation}, gallery.ImportSizes(), l.limits())
}

// rejectImage words a decoding failure for the person who sent the file:
// libvips names files by their full path, which says nothing useful and, for
// uploads, would show a server folder. An image over a limit may be sound:
// the reason then names the limit, and does not call it unreadable.
func rejectImage(err error, path string) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return gallery.Rejectf("took too long to decode")
	}
	msg := strings.ReplaceAll(err.Error(), path, filepath.Base(path))
	msg = strings.NewReplacer("derive: ", "", "rejected: ", "").Replace(msg)
	if errors.Is(err, derive.ErrOverLimit) {
		return gallery.Rejectf("%s", msg)
	}
	return gallery.Rejectf("not a readable image (%s)", msg)
}

func (l *Library) addToAlbums(ctx context.Context, id int64, albums [][]string) error {
	for _, a := range albums {
		if err := l.store.AddToAlbum(ctx, id, a); err != nil {
			return err
		}
	}
	return nil
}

// fillEditable starts the editable fields from the metadata.
func fillEditable(m *gallery.Media) {
	m.Title = cleanText(m.Meta.Title.Default(""))
	m.Description = cleanText(m.Meta.Description.Default(""))
	m.Creator = cleanText(m.Meta.Creator)
	m.Credit = cleanText(m.Meta.Credit)
	m.Copyright = cleanText(m.Meta.Copyright.Default(""))
	m.Tags = m.Tags[:0]
	seen := map[string]bool{}
	for _, k := range append(append([]string(nil), m.Meta.Keywords...), m.Meta.HierarchicalKeywords...) {
		if k = cleanText(k); k != "" && !seen[k] {
			seen[k] = true
			m.Tags = append(m.Tags, k)
		}
	}
}

// CleanName makes a file name fit for display and for any database: names
// that are not UTF-8 come from old systems and are read as Latin-1,
// control characters become spaces, and a name longer than maxNameBytes is
// shortened.
func CleanName(name string) string {
	if !utf8.ValidString(name) {
		runes := make([]rune, len(name))
		for i := range len(name) {
			runes[i] = rune(name[i])
		}
		name = string(runes)
	}
	return capName(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name))
}

// maxNameBytes bounds a name in the catalogue, as file systems bound
// theirs; an upload's name is whatever the browser sent, and a Latin-1
// name grows when read into UTF-8.
const maxNameBytes = 255

// capName cuts a UTF-8 name to maxNameBytes on a character boundary,
// keeping its extension, which says what the file is.
func capName(name string) string {
	if len(name) <= maxNameBytes {
		return name
	}
	ext := filepath.Ext(name)
	if len(ext) > 16 {
		ext = "" // not an extension: a long name with a dot in it
	}
	stem := name[:len(name)-len(ext)]
	cut := maxNameBytes - len(ext)
	for cut > 0 && !utf8.RuneStart(stem[cut]) {
		cut--
	}
	return stem[:cut] + ext
}

// cleanText guards the database against what the metadata reader should
// already have removed: invalid UTF-8 and NUL bytes, which PostgreSQL
// refuses.
func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", ""))
}

// maxInMemory is the largest file read whole into memory, once, instead of
// being read in turn to hash it and to decode it.
const maxInMemory = 64 << 20

// readFile returns the SHA-256 of the file at path, its first bytes, and
// what the file looked like when reading began. With buf, the whole file
// is read into it; without, it is streamed through the hash.
func readFile(ctx context.Context, path string, buf *derive.Buffer) (string, []byte, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, nil, unwrapPathError(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", nil, nil, unwrapPathError(err)
	}
	if !fi.Mode().IsRegular() {
		return "", nil, nil, fmt.Errorf("not a regular file")
	}
	if buf != nil {
		if fi.Size() > maxInMemory {
			return "", nil, nil, derive.ErrChanged // it was smaller when listed
		}
		if err := buf.ReadFull(blob.ContextReader(ctx, f), fi.Size()); err != nil {
			return "", nil, nil, unwrapPathError(err)
		}
		sum := sha256.Sum256(buf.Bytes())
		data := buf.Bytes()
		return hex.EncodeToString(sum[:]), data[:min(len(data), 4096)], fi, nil
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", nil, nil, unwrapPathError(err)
	}
	head = head[:n]
	h := sha256.New()
	h.Write(head)
	if _, err := io.Copy(h, blob.ContextReader(ctx, f)); err != nil {
		return "", nil, nil, unwrapPathError(err)
	}
	return hex.EncodeToString(h.Sum(nil)), head, fi, nil
}

// storeOriginal copies the file into the blob store under its hash. The
// file was hashed in an earlier pass; rather than hash it again, its size and
// modification time are compared before and after, which tells a file being
// rewritten meanwhile at a fraction of the cost, and lets the copy run in the
// kernel (copy_file_range) instead of through our memory. (Writing it from
// the buffer it was read into cost four times as much here: 14 ms against
// 3.5 ms for a 5 MB photo.)
func (l *Library) storeOriginal(ctx context.Context, path, sha string, hashed os.FileInfo) error {
	f, err := os.Open(path)
	if err != nil {
		return gallery.Rejectf("cannot read: %v", unwrapPathError(err))
	}
	defer f.Close()
	src := &sourceReader{f: f}
	if _, err := l.blobs.Put(ctx, originalKey(sha), src); err != nil {
		if src.err != nil {
			return gallery.Rejectf("cannot read: %v", unwrapPathError(src.err))
		}
		return storageError(fmt.Errorf("store original: %w", err))
	}
	after, err := f.Stat()
	if err != nil || after.Size() != hashed.Size() || !after.ModTime().Equal(hashed.ModTime()) {
		// Someone changed the file while we read it: keep nothing.
		l.blobs.Delete(ctx, originalKey(sha))
		return gallery.Rejectf("file changed while it was being imported")
	}
	return nil
}

// sourceReader remembers a read error, to tell a file that could not be read
// (the file's fault: a rejection) from a store that could not write (the
// library's: the run stops). It hands its *os.File to io.Copy's fast paths
// through WriteTo.
type sourceReader struct {
	f   *os.File
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.f.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// WriteTo lets io.Copy hand the copy to the kernel when w is a file.
func (s *sourceReader) WriteTo(w io.Writer) (int64, error) {
	rf, ok := w.(io.ReaderFrom)
	if !ok {
		return io.Copy(w, struct{ io.Reader }{s})
	}
	n, err := rf.ReadFrom(s.f)
	if err != nil && s.failedAt(err, n) {
		s.err = err
	}
	return n, err
}

// failedAt tells whether a copy that failed after n bytes failed for the
// source's sake. A copy in the kernel (copy_file_range) reports one error
// for both files: errors only a write can have are the destination's, and
// for the others the source is read again where the copy stopped.
func (s *sourceReader) failedAt(err error, n int64) bool {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Op == "read" && pe.Path == s.f.Name() {
		return true // io.Copy's own loop read the source
	}
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG, syscall.EROFS} {
		if errors.Is(err, errno) {
			return false
		}
	}
	var b [1]byte
	_, rerr := s.f.ReadAt(b[:], n)
	return rerr != nil && rerr != io.EOF
}

// storageError words a write failure of the library's storage: a full
// disk is named as such, for the administrator who must make room.
func storageError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}
