package web

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
)

type mediaData struct {
	M gallery.Media
	// Album is the album the item was opened from, for previous/next.
	Album      *gallery.Album
	Prev, Next string // keys
	Back       string // the grid to go back to
	Facts      []fact
	MapURL     string
	Albums     []*gallery.Album
	// CanEdit and All (every album) serve the edit form; CanManage the
	// administrators' parts of it (albums, privacy level).
	CanEdit, CanManage, CanDownload bool
	All                             []*gallery.Album
	// Who, asked for by an administrator, says who can see the item.
	Who    []*mediaWho
	WhoSet bool
}

// fact is one line of the metadata panel.
type fact struct{ Label, Value string }

func (h *Handler) mediaPage(w http.ResponseWriter, r *http.Request) {
	acc := accessOf(r.Context())
	m, perm, err := h.visibleMedia(r, r.PathValue("key"))
	if err == nil && m.DeletedAt != nil {
		err = gallery.ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := mediaData{M: m, Back: "/timeline", CanEdit: perm.Has(gallery.PermEdit), CanDownload: perm.Has(gallery.PermDownload)}
	roots, byID, err := h.store.AlbumNodes(r.Context(), acc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if acc.All {
		d.All = flatten(roots)
		d.CanManage = true
	}
	ids, err := h.store.MediaAlbumIDs(r.Context(), m.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			d.Albums = append(d.Albums, a)
		}
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("album"), 10, 64); err == nil {
		if a, ok := byID[id]; ok {
			d.Album = a
			d.Back = fmt.Sprintf("/albums/%d", a.ID)
		}
	}
	albumID := int64(0)
	if d.Album != nil {
		albumID = d.Album.ID
	}
	if d.Prev, d.Next, err = h.store.Neighbours(r.Context(), acc, m.ID, albumID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.CanManage && r.URL.Query().Has("who") {
		if d.Who, err = h.whoCanSeeMedia(r.Context(), m, d.Albums); err != nil {
			h.fail(w, r, err)
			return
		}
		d.WhoSet = true
	}
	d.Facts, d.MapURL = h.facts(r, m)
	title := m.Title
	if title == "" {
		title = m.Filename
	}
	h.render(w, r, http.StatusOK, "media", title, d)
}

// facts lists what the metadata panel shows, formatted for the caller.
func (h *Handler) facts(r *http.Request, m gallery.Media) ([]fact, string) {
	l := h.localizer(r)
	var out []fact
	add := func(label, value string) {
		if value != "" {
			out = append(out, fact{l.T(label), value})
		}
	}
	md := m.Meta
	if md.Taken != nil {
		add("Date taken", l.Date(md.Taken.Local, i18n.DateFull)+" "+md.Taken.Local.Format("15:04"))
	}
	add("Camera", strings.TrimSpace(cameraName(md.Make, md.Model)))
	add("Lens", md.Lens)
	var exp []string
	if md.ExposureTime > 0 {
		if md.ExposureTime < 1 {
			exp = append(exp, fmt.Sprintf("1/%d s", int(1/md.ExposureTime+0.5)))
		} else {
			exp = append(exp, l.Number(md.ExposureTime)+" s")
		}
	}
	if md.FNumber > 0 {
		exp = append(exp, "ƒ/"+l.Number(md.FNumber))
	}
	if md.FocalLength > 0 {
		exp = append(exp, l.Number(md.FocalLength)+" mm")
	}
	if md.ISO > 0 {
		exp = append(exp, "ISO "+strconv.Itoa(md.ISO))
	}
	add("Exposure", strings.Join(exp, " · "))
	if md.Width > 0 {
		add("Dimensions", fmt.Sprintf("%s × %s", l.Number(float64(md.Width)), l.Number(float64(md.Height))))
	}
	add("File", m.Filename+" · "+l.Bytes(m.Size))
	mapURL := ""
	if g := md.GPS; g != nil {
		add("Location", fmt.Sprintf("%.5f, %.5f", g.Lat, g.Lon))
		// A link only: no map tiles are fetched from anywhere.
		mapURL = fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=15/%.6f/%.6f", g.Lat, g.Lon, g.Lat, g.Lon)
	}
	return out, mapURL
}

// cameraName avoids "Canon Canon EOS 40D".
func cameraName(make, model string) string {
	if make != "" && strings.HasPrefix(strings.ToLower(model), strings.ToLower(strings.Fields(make + " x")[0])) {
		return model
	}
	return make + " " + model
}

// visibleMedia returns the item with this key and the caller's rights on
// it, or ErrNotFound when the caller may not see it: a private item is
// answered exactly like one that does not exist.
func (h *Handler) visibleMedia(r *http.Request, key string) (gallery.Media, gallery.Perm, error) {
	return h.visible(r, key, h.store.MediaByKey)
}

// visible is visibleMedia with the lookup to use: files need less of the
// item than its page.
func (h *Handler) visible(r *http.Request, key string, lookup func(context.Context, string) (gallery.Media, error)) (gallery.Media, gallery.Perm, error) {
	if len(key) > 64 {
		return gallery.Media{}, 0, fmt.Errorf("media key: %w", gallery.ErrNotFound)
	}
	m, err := lookup(r.Context(), key)
	if err != nil {
		return m, 0, err
	}
	perm, err := h.store.MediaPerm(r.Context(), accessOf(r.Context()), m.ID)
	if err != nil {
		return m, 0, err
	}
	// Administrators still see what is in the trash (its page lists it).
	if perm == 0 || m.DeletedAt != nil && !accessOf(r.Context()).All {
		return gallery.Media{}, 0, fmt.Errorf("media %s: %w", key, gallery.ErrNotFound)
	}
	return m, perm, nil
}

// activeTypes could run script in a browser if served inline.
var activeTypes = []string{"svg", "html", "xml", "javascript", "xhtml"}

// mediaFile serves /i/{key}/original and /i/{key}/{size}.jpg.
func (h *Handler) mediaFile(w http.ResponseWriter, r *http.Request) {
	key, file := r.PathValue("key"), r.PathValue("file")
	m, perm, err := h.visible(r, key, h.store.MediaFileByKey)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var body io.ReadSeekCloser
	hd := w.Header()
	if file == "original" {
		if !perm.Has(gallery.PermDownload) {
			h.notFound(w, r)
			return
		}
		body, err = h.lib.Original(r.Context(), m)
		ctype := m.Meta.MIME
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		disposition := "inline"
		if r.URL.Query().Has("download") {
			disposition = "attachment"
		}
		for _, t := range activeTypes {
			if strings.Contains(ctype, t) {
				// Uploaded SVG or HTML is never rendered by the browser.
				ctype, disposition = "application/octet-stream", "attachment"
			}
		}
		hd.Set("Content-Type", ctype)
		hd.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": m.Filename}))
		hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	} else {
		size, ok := strings.CutSuffix(file, ".jpg")
		if !ok {
			h.notFound(w, r)
			return
		}
		body, err = h.lib.Derivative(r.Context(), m, size)
		hd.Set("Content-Type", "image/jpeg")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer body.Close()
	// Content never changes under a key and size; who may see it does, so
	// only the caller's own browser keeps it.
	hd.Set("Cache-Control", "private, max-age=86400")
	hd.Set("ETag", `"`+m.Key+"-"+file+`"`)
	http.ServeContent(w, r, "", time.Time{}, body)
}
