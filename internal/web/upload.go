package web

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/media"
)

// Uploads arrive in chunks, each appended to a staging file, so that a
// dropped connection resumes where it stopped: the browser asks for the
// offset (HEAD) and sends the rest (PATCH). Finishing imports the staged
// file like any other, then removes it.
const (
	maxChunk     = 16 << 20
	uploadMaxAge = 24 * time.Hour
)

// upload is what is known of a staged file, kept beside it as JSON.
type upload struct {
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	Album   int64  `json:"album"`
	UserID  int64  `json:"user_id"`
	Created int64  `json:"created"`
}

// uploads guards each staged file against two chunks at once, and the
// quota check against two uploads starting at once.
type uploads struct {
	dir   string
	locks sync.Map // id → *sync.Mutex
	// quota is held from the quota check until the staged upload that
	// reserves the bytes is written, so parallel uploads cannot both pass.
	quota sync.Mutex
}

// reserved returns the bytes announced by the staged uploads of each user.
func (u *uploads) reserved() map[int64]int64 {
	out := map[int64]int64{}
	entries, _ := os.ReadDir(u.dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(u.dir, e.Name()))
		var up upload
		if err == nil && json.Unmarshal(b, &up) == nil {
			out[up.UserID] += up.Size
		}
	}
	return out
}

func (u *uploads) lock(id string) func() {
	m, _ := u.locks.LoadOrStore(id, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

func (u *uploads) paths(id string) (meta, part string, ok bool) {
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
		return "", "", false
	}
	return filepath.Join(u.dir, id+".json"), filepath.Join(u.dir, id+".part"), true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiCSRF checks the X-CSRF-Token header of script requests.
func (h *Handler) apiCSRF(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if se := sessionOf(r.Context()); se == nil || !se.APIKey && !se.ValidCSRF(r.Header.Get("X-CSRF-Token")) {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": h.localizer(r).T("Your session has expired, please try again")})
			return
		}
		next(w, r)
	}
}

type uploadPageData struct {
	Albums []*gallery.Album
	Album  int64
	// Admin may create albums and publishes at once; others contribute.
	Admin bool
	Quota quotaInfo
}

// contributable lists the albums the caller may upload into.
func (h *Handler) contributable(r *http.Request) ([]*gallery.Album, error) {
	acc := accessOf(r.Context())
	roots, _, err := h.store.AlbumNodes(r.Context(), acc)
	if err != nil {
		return nil, err
	}
	var out []*gallery.Album
	for _, a := range flatten(roots) {
		if acc.On(a.ID).Has(gallery.PermContribute) {
			out = append(out, a)
		}
	}
	return out, nil
}

// contributor runs next for callers who may upload somewhere:
// administrators, and users granted contribute on an album.
func (h *Handler) contributor(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !accessOf(r.Context()).CanContribute() {
			h.notFound(w, r)
			return
		}
		next(w, r)
	}
}

func (h *Handler) uploadPage(w http.ResponseWriter, r *http.Request) {
	albums, err := h.contributable(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	album, _ := strconv.ParseInt(r.URL.Query().Get("album"), 10, 64)
	d := uploadPageData{Albums: albums, Album: album, Admin: accessOf(r.Context()).All}
	if d.Quota, err = h.quotaOf(r.Context(), sessionOf(r.Context()).User); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "upload", h.localizer(r).T("Upload"), d)
}

// flatten lists an album tree depth first, for a menu.
func flatten(list []*gallery.Album) []*gallery.Album {
	var out []*gallery.Album
	for _, a := range list {
		out = append(out, a)
		out = append(out, flatten(a.Children)...)
	}
	return out
}

func (h *Handler) uploadStart(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name     string `json:"name"`
		Size     int64  `json:"size"`
		Album    int64  `json:"album"`
		NewAlbum string `json:"new_album"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil || req.Size < 0 || !cleanText(req.Name) || !cleanText(req.NewAlbum) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad request"})
		return
	}
	l := h.localizer(r)
	acc := accessOf(r.Context())
	if h.opt.MaxUploadSize > 0 && req.Size > h.opt.MaxUploadSize {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": l.T("The file is larger than the %s allowed.", l.Bytes(h.opt.MaxUploadSize))})
		return
	}
	// Only administrators create albums or upload outside one; others
	// upload into an album they may contribute to.
	if !acc.All && (strings.TrimSpace(req.NewAlbum) != "" || !acc.On(req.Album).Has(gallery.PermContribute)) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": l.T("You cannot upload into this album.")})
		return
	}
	if req.Album != 0 {
		_, byID, err := h.store.AlbumNodes(r.Context(), acc)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if _, ok := byID[req.Album]; !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": l.T("You cannot upload into this album.")})
			return
		}
	}
	if strings.TrimSpace(req.NewAlbum) != "" {
		id, err := h.store.CreateAlbum(r.Context(), req.Album, req.NewAlbum)
		if errors.Is(err, gallery.ErrConflict) {
			_, byID, _ := h.store.AlbumNodes(r.Context(), acc)
			for _, a := range byID {
				if a.ParentID == req.Album && a.Name == strings.TrimSpace(req.NewAlbum) {
					id, err = a.ID, nil
				}
			}
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		req.Album = id
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	metaPath, part, _ := h.uploads.paths(id)
	h.uploads.sweep()
	u := sessionOf(r.Context()).User
	up := upload{Name: filepath.Base(req.Name), Size: req.Size, Album: req.Album, UserID: u.ID, Created: time.Now().Unix()}
	data, _ := json.Marshal(up)
	// The check and the reservation (the staged upload's record) happen
	// under one lock: two uploads started together cannot both fit in
	// the room left for one.
	h.uploads.quota.Lock()
	defer h.uploads.quota.Unlock()
	if msg, err := h.overQuota(r, u, req.Size); err != nil || msg != "" {
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": msg})
		return
	}
	if err := os.WriteFile(part, nil, 0o600); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := os.WriteFile(metaPath, data, 0o600); err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "offset": 0, "album": req.Album})
}

// staged opens an upload of the caller's.
func (h *Handler) staged(r *http.Request) (upload, string, bool) {
	metaPath, part, ok := h.uploads.paths(r.PathValue("id"))
	if !ok {
		return upload{}, "", false
	}
	b, err := os.ReadFile(metaPath)
	var up upload
	if err != nil || json.Unmarshal(b, &up) != nil || up.UserID != sessionOf(r.Context()).User.ID {
		return upload{}, "", false
	}
	return up, part, true
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.Size()
}

func (h *Handler) uploadOffset(w http.ResponseWriter, r *http.Request) {
	_, part, ok := h.staged(r)
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Upload-Offset", strconv.FormatInt(fileSize(part), 10))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) uploadChunk(w http.ResponseWriter, r *http.Request) {
	up, part, ok := h.staged(r)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such upload"})
		return
	}
	defer h.uploads.lock(r.PathValue("id"))()
	offset, err := strconv.ParseInt(r.Header.Get("Upload-Offset"), 10, 64)
	have := fileSize(part)
	if err != nil || offset != have {
		// The client resends from where the server really is.
		w.Header().Set("Upload-Offset", strconv.FormatInt(have, 10))
		writeJSON(w, http.StatusConflict, map[string]int64{"offset": have})
		return
	}
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	n, err := io.Copy(f, http.MaxBytesReader(w, r.Body, min(maxChunk, up.Size-have+1)))
	cerr := f.Close()
	if have+n > up.Size {
		os.Truncate(part, have)
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "more bytes than announced"})
		return
	}
	if err == nil {
		err = cerr
	}
	// A connection dropped mid-chunk keeps what arrived: the client asks
	// for the offset and goes on from there.
	w.Header().Set("Upload-Offset", strconv.FormatInt(have+n, 10))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]int64{"offset": have + n})
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"offset": have + n})
}

func (h *Handler) uploadFinish(w http.ResponseWriter, r *http.Request) {
	up, part, ok := h.staged(r)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such upload"})
		return
	}
	defer h.uploads.lock(r.PathValue("id"))()
	if have := fileSize(part); have != up.Size {
		writeJSON(w, http.StatusConflict, map[string]int64{"offset": have})
		return
	}
	acc := accessOf(r.Context())
	opt := media.FileOptions{Owner: up.UserID, Contribution: !acc.On(up.Album).Has(gallery.PermEdit)}
	if up.Album != 0 {
		// Rights are checked again: they may have changed since the start.
		if !acc.On(up.Album).Has(gallery.PermContribute) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": h.localizer(r).T("You cannot upload into this album.")})
			return
		}
		_, byID, err := h.store.AlbumNodes(r.Context(), acc)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if a, ok := byID[up.Album]; ok {
			opt.Albums = [][]string{strings.Split(a.Path, "/")}
		}
	}
	outcome, key, reason, err := h.lib.ImportFile(r.Context(), part, up.Name, opt)
	if err != nil {
		h.log.Error("upload import", "file", up.Name, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		return
	}
	metaPath, _, _ := h.uploads.paths(r.PathValue("id"))
	os.Remove(part)
	os.Remove(metaPath)
	status := http.StatusOK
	if outcome == media.Rejected {
		status = http.StatusUnprocessableEntity
	}
	if outcome == media.Imported {
		if opt.Contribution {
			h.audit(r, "upload.contribute", up.Name, key)
			outcome, key = "pending", ""
		} else {
			h.audit(r, "upload", up.Name, key)
		}
	}
	writeJSON(w, status, map[string]string{"outcome": string(outcome), "key": key, "reason": reason, "name": up.Name})
}

// sweep removes uploads abandoned for a day.
func (u *uploads) sweep() {
	cutoff := time.Now().Add(-uploadMaxAge)
	filepath.WalkDir(u.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil && fi.ModTime().Before(cutoff) {
			os.Remove(p)
		}
		return nil
	})
}
