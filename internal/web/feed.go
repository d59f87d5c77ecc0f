package web

import (
	"encoding/xml"
	"net/http"
	"time"

	"imagier/internal/gallery"
)

// The Atom feed of the latest additions, as the caller may see them: the
// public ones for a feed reader, which sends no cookie; a signed-in
// browser or an API key sees its own.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Link    []atomLink `xml:"link"`
	Summary string     `xml:"summary,omitempty"`
}

// feedSize is how many items the feed lists.
const feedSize = 50

func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	items, err := h.svc.Latest(r.Context(), actorOf(r), feedSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// Links are relative, and ids names of our own, when the site's
	// address cannot be known: never one made from a Host header that
	// does not name this server.
	base, ok := h.opt.Links.Base(r)
	id := base
	if !ok {
		id = "urn:imagier"
	}
	f := atomFeed{Title: h.localizer(r).T("Latest additions") + " · " + h.brandOf(r.Context()).Name, ID: id + "/feed.atom",
		Link: []atomLink{{Href: base + "/feed.atom", Rel: "self"}, {Href: base + "/"}}}
	updated := time.Unix(0, 0).UTC()
	for _, m := range items {
		at := m.ImportedAt
		if at.IsZero() && m.Meta.Taken != nil {
			at = m.Meta.Taken.Local
		}
		if at.After(updated) {
			updated = at
		}
		e := atomEntry{Title: m.DisplayTitle(), ID: id + "/m/" + m.Key, Updated: at.UTC().Format(time.RFC3339),
			Link: []atomLink{{Href: base + "/m/" + m.Key}}}
		if m.Meta.Kind == gallery.KindImage {
			e.Link = append(e.Link, atomLink{Href: base + "/i/" + m.Key + "/medium.jpg", Rel: "enclosure", Type: "image/jpeg"})
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.Format(time.RFC3339)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	// What a feed shows depends on who asks.
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		h.log.Error("feed", "err", err)
	}
}
