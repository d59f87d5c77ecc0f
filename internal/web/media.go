package web

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
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
	Who    []*service.MediaWho
	WhoSet bool
	// Fields are the organisation's fields of the item.
	Fields []fieldInput
}

// fact is one line of the metadata panel.
type fact struct{ Label, Value string }

func (h *Handler) mediaPage(w http.ResponseWriter, r *http.Request) {
	album, _ := strconv.ParseInt(r.URL.Query().Get("album"), 10, 64)
	who := r.URL.Query().Has("who")
	v, err := h.svc.MediaPageView(r.Context(), actorOf(r), r.PathValue("key"), album, who)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m := v.Media
	d := mediaData{M: m, Album: v.Album, Prev: v.Prev, Next: v.Next, Back: "/timeline", Albums: v.Albums,
		CanEdit: v.CanEdit, CanManage: v.Manage, CanDownload: v.CanDownload, All: v.All, Who: v.Who, WhoSet: v.Manage && who}
	if v.Album != nil {
		d.Back = fmt.Sprintf("/albums/%d", v.Album.ID)
	}
	d.Facts, d.MapURL = h.facts(r, m)
	d.Fields = fieldInputs(h.localizer(r), v.Fields)
	h.render(w, r, http.StatusOK, "media", m.DisplayTitle(), d)
}

// facts lists what the metadata panel shows, formatted for the caller.
func (h *Handler) facts(r *http.Request, m gallery.Media) ([]fact, string) {
	l := h.localizer(r)
	var out []fact
	add := func(label, value string) {
		if value != "" {
			out = append(out, fact{label, value})
		}
	}
	md := m.Meta
	if md.Taken != nil {
		add(l.T("Date taken"), l.Date(md.Taken.Local, i18n.DateFull)+" "+md.Taken.Local.Format("15:04"))
	}
	add(l.T("Creator"), m.Creator)
	add(l.T("Credit line"), m.Credit)
	add(l.T("Copyright"), m.Copyright)
	add(l.T("Camera"), strings.TrimSpace(cameraName(md.Make, md.Model)))
	add(l.T("Lens"), md.Lens)
	var exp []string
	// A no-break space keeps each value with its unit.
	if md.ExposureTime > 0 {
		if md.ExposureTime < 1 {
			exp = append(exp, fmt.Sprintf("1/%d\u00a0s", int(1/md.ExposureTime+0.5)))
		} else {
			exp = append(exp, l.Number(md.ExposureTime)+"\u00a0s")
		}
	}
	if md.FNumber > 0 {
		exp = append(exp, "ƒ/"+l.Number(md.FNumber))
	}
	if md.FocalLength > 0 {
		exp = append(exp, l.Number(md.FocalLength)+"\u00a0mm")
	}
	if md.ISO > 0 {
		exp = append(exp, "ISO\u00a0"+l.Int(md.ISO))
	}
	add(l.T("Exposure"), strings.Join(exp, " · "))
	if md.Width > 0 {
		add(l.T("Dimensions"), fmt.Sprintf("%s × %s", l.Number(float64(md.Width)), l.Number(float64(md.Height))))
	}
	add(l.T("File"), m.Filename+" · "+l.Bytes(m.Size))
	mapURL := ""
	if g := md.GPS; g != nil {
		// The place's name, when the gazetteer found one, beside the
		// position it was found from.
		loc := l.Coordinates(g.Lat, g.Lon)
		if place := h.svc.PlaceLabel(m.Place, l.Lang()); place != "" {
			loc = place + " · " + loc
		}
		add(l.T("Location"), loc)
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

// activeTypes could run script in a browser if served inline.
var activeTypes = []string{"svg", "html", "xml", "javascript", "xhtml"}

// mediaFile serves /i/{key}/original and /i/{key}/{size}.jpg.
func (h *Handler) mediaFile(w http.ResponseWriter, r *http.Request) {
	key, file := r.PathValue("key"), r.PathValue("file")
	var f service.File
	var err error
	hd := w.Header()
	if file == "original" {
		if f, err = h.svc.Original(r.Context(), actorOf(r), key); err != nil {
			h.fail(w, r, err)
			return
		}
		m := f.Media
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
		// An original is checked with the server each time it is used:
		// who may see it can change, and signing out must not leave it
		// readable in the browser's cache.
		hd.Set("Cache-Control", "private, no-cache")
	} else {
		size, ok := strings.CutSuffix(file, ".jpg")
		if !ok {
			h.notFound(w, r)
			return
		}
		if f, err = h.svc.Derivative(r.Context(), actorOf(r), key, size); err != nil {
			h.fail(w, r, err)
			return
		}
		hd.Set("Content-Type", "image/jpeg")
		// Content never changes under a key and size; who may see it
		// does, so only the caller's own browser keeps it, for a short
		// while (a grid's thumbnails are not asked for again on every
		// page), and signing out clears it.
		hd.Set("Cache-Control", "private, max-age=600")
	}
	defer f.Body.Close()
	hd.Set("ETag", `"`+f.Media.Key+"-"+file+`"`)
	http.ServeContent(w, r, "", time.Time{}, f.Body)
}
