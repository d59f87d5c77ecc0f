package web

import (
	"archive/zip"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"imagier/internal/gallery"
)

// albumZip streams a zip of the originals of an album's items that the
// caller may see, when they may download from that album. Photos are
// already compressed, so they are stored as they are: the zip costs no CPU
// and starts at once, however large the album.
func (h *Handler) albumZip(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	var zw *zip.Writer
	used := map[string]int{}
	err = h.svc.AlbumFiles(r.Context(), actorOf(r), id, func(a *gallery.Album) error {
		hd := w.Header()
		hd.Set("Content-Type", "application/zip")
		hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name + ".zip"}))
		hd.Set("Cache-Control", "private, no-store")
		zw = zip.NewWriter(w)
		return nil
	}, func(m gallery.Media, f io.Reader) error {
		out, err := zw.CreateHeader(&zip.FileHeader{Name: zipName(m.Filename, used), Method: zip.Store})
		if err != nil {
			return err
		}
		_, err = io.Copy(out, f)
		return err
	})
	if zw == nil {
		// Refused before anything was sent.
		h.fail(w, r, err)
		return
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		// Headers are gone: the broken zip tells the client something
		// went wrong; the log says what.
		h.log.Error("album zip", "album", id, "err", err)
	}
}

// zipName is a file's name inside the zip: its base name only, so that no
// name can reach outside the folder it is unpacked in, made unique.
func zipName(name string, used map[string]int) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == ".." || name == "" {
		name = "file"
	}
	used[name]++
	if n := used[name]; n > 1 {
		ext := path.Ext(name)
		name = fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(name, ext), n, ext)
	}
	return name
}
