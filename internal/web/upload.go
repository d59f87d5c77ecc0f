package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// Uploads arrive in chunks (see service.StartUpload): the browser asks for
// the offset (HEAD) and sends the rest (PATCH), then finishes. A chunk may
// take long on a slow line, so its handler gives its body more time than
// the server's default deadline allows.
const chunkDeadline = 10 * time.Minute

// startBodyMax bounds an upload's start: its fields and two sidecars in
// base64, each up to twice the size allowed, so that one over the limit is
// answered as such rather than as a broken request.
const startBodyMax = 64<<10 + 2*(2*service.MaxSidecarBytes*4/3+4)

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

// uploadError answers a refused upload with a sentence in the caller's
// language.
func (h *Handler) uploadError(w http.ResponseWriter, r *http.Request, err error) {
	l := h.localizer(r)
	var q *service.QuotaError
	var sc *service.SidecarError
	switch {
	case errors.Is(err, service.ErrSidecarAlone):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": l.T("An XMP sidecar is read with its photo: choose it together with the photo of the same name.")})
	case errors.Is(err, service.ErrSidecarMismatch):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": l.T("This XMP sidecar does not carry the photo's name.")})
	case errors.As(err, &sc) && errors.Is(err, service.ErrSidecarTooLarge):
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": l.T("The XMP sidecar %s is larger than the %s allowed; the photo was not sent.", sc.Name, l.Bytes(service.MaxSidecarBytes))})
	case errors.As(err, &sc) && errors.Is(err, service.ErrSidecarEntities):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": l.T("The XMP sidecar %s declares entities, which are refused for safety; the photo was not sent.", sc.Name)})
	case errors.As(err, &sc):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": l.T("The XMP sidecar %s is not readable XMP; the photo was not sent.", sc.Name)})
	case errors.As(err, &q) && q.Group != "":
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": l.T("This file would go over the storage quota of the group %s: %s used of %s.", q.Group, l.Bytes(q.Used), l.Bytes(q.Allowed))})
	case errors.As(err, &q):
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": l.T("This file would go over your storage quota: %s used of %s.", l.Bytes(q.Used), l.Bytes(q.Allowed))})
	case errors.Is(err, service.ErrTooLarge):
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": l.T("The file is larger than the %s allowed.", l.Bytes(h.svc.MaxUploadSize()))})
	case errors.Is(err, service.ErrEmptyFile):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": l.T("The file is empty.")})
	case errors.Is(err, service.ErrTooManyUploads):
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": l.T("Too many uploads at once: wait for some to finish.")})
	case errors.Is(err, service.ErrNotHere):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": l.T("You cannot upload into this album.")})
	case errors.Is(err, gallery.ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": l.T("This upload no longer exists.")})
	case errors.Is(err, gallery.ErrBadAlbumName), errors.Is(err, gallery.ErrTooLong):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": refusal(l, err)})
	case errors.Is(err, gallery.ErrInvalid):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": l.T("This file cannot be uploaded.")})
	default:
		h.log.Error("upload", "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": l.T("Something went wrong on the server; try again later.")})
	}
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
	album, _ := strconv.ParseInt(r.URL.Query().Get("album"), 10, 64)
	v, err := h.svc.UploadView(r.Context(), actorOf(r), album)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "upload", h.localizer(r).T("Upload"), v)
}

func (h *Handler) uploadStart(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name     string `json:"name"`
		Size     int64  `json:"size"`
		Album    int64  `json:"album"`
		NewAlbum string `json:"new_album"`
		// Sidecars are the file's XMP sidecars, their bytes in base64.
		Sidecars []struct {
			Name string `json:"name"`
			Data []byte `json:"data"`
		} `json:"sidecars"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, startBodyMax)).Decode(&req); err != nil || !cleanText(req.Name) || !cleanText(req.NewAlbum) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": h.localizer(r).T("This file cannot be uploaded.")})
		return
	}
	ur := service.UploadRequest{Name: req.Name, Size: req.Size, Album: req.Album, NewAlbum: req.NewAlbum}
	for _, sc := range req.Sidecars {
		if !cleanText(sc.Name) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": h.localizer(r).T("This file cannot be uploaded.")})
			return
		}
		ur.Sidecars = append(ur.Sidecars, service.Sidecar{Name: sc.Name, Data: sc.Data})
	}
	up, err := h.svc.StartUpload(r.Context(), actorOf(r), ur)
	if err != nil {
		h.uploadError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": up.ID, "offset": 0, "album": up.AlbumID})
}

func (h *Handler) uploadOffset(w http.ResponseWriter, r *http.Request) {
	n, err := h.svc.UploadOffset(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Upload-Offset", strconv.FormatInt(n, 10))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) uploadChunk(w http.ResponseWriter, r *http.Request) {
	// A chunk on a slow line may take longer than other requests; a
	// front that cannot extend the deadline keeps its own.
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(chunkDeadline))
	offset, err := strconv.ParseInt(r.Header.Get("Upload-Offset"), 10, 64)
	if err != nil {
		offset = -1
	}
	n, err := h.svc.UploadChunk(r.Context(), actorOf(r), r.PathValue("id"), offset, http.MaxBytesReader(w, r.Body, service.MaxChunk+1))
	switch {
	case errors.Is(err, service.ErrOffset):
		// The client resends from where the server really is.
		w.Header().Set("Upload-Offset", strconv.FormatInt(n, 10))
		writeJSON(w, http.StatusConflict, map[string]int64{"offset": n})
	case errors.Is(err, service.ErrOverflow):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": h.localizer(r).T("More bytes arrived than the file has.")})
	case errors.Is(err, gallery.ErrNotFound):
		h.uploadError(w, r, err)
	case err != nil:
		// A connection dropped mid-chunk keeps what arrived: the client
		// asks for the offset and goes on from there.
		w.Header().Set("Upload-Offset", strconv.FormatInt(n, 10))
		writeJSON(w, http.StatusBadRequest, map[string]int64{"offset": n})
	default:
		w.Header().Set("Upload-Offset", strconv.FormatInt(n, 10))
		writeJSON(w, http.StatusOK, map[string]int64{"offset": n})
	}
}

func (h *Handler) uploadFinish(w http.ResponseWriter, r *http.Request) {
	res, err := h.svc.FinishUpload(r.Context(), actorOf(r), r.PathValue("id"))
	if errors.Is(err, service.ErrIncomplete) {
		n, _ := h.svc.UploadOffset(r.Context(), actorOf(r), r.PathValue("id"))
		writeJSON(w, http.StatusConflict, map[string]int64{"offset": n})
		return
	}
	if err != nil {
		h.uploadError(w, r, err)
		return
	}
	status := http.StatusOK
	if res.Outcome == "rejected" {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, map[string]any{"outcome": res.Outcome, "key": res.Key, "reason": rejectionReason(h.localizer(r), res.Reason), "name": res.Name,
		"album": res.AlbumID, "message": h.uploadMessage(r, res)})
}

// uploadMessage says what became of a file already in the library, in
// the caller's language; "" for other outcomes.
func (h *Handler) uploadMessage(r *http.Request, res service.UploadResult) string {
	if res.Outcome != "duplicate" {
		return ""
	}
	l := h.localizer(r)
	switch {
	case res.Restored && res.Filed:
		return l.T("was in the trash: brought back and added to the album “%s”", res.Album)
	case res.Restored:
		return l.T("was in the trash: brought back")
	case res.Filed:
		return l.T("already in the library; added to the album “%s”", res.Album)
	case res.AlbumID != 0:
		return l.T("already in this album")
	}
	return l.T("already in the library")
}
