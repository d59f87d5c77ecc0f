package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// TestEditorialPages: over HTTP on both databases, an album's description
// is shown escaped, in paragraphs, and shortened in its card; a file's
// IPTC creator, credit line and copyright show on its page and are edited
// there; titles made from file names are cleaned; the display order set by
// hand is followed by the album page and its pages, and moves answer a
// script with 204. (Who may reach these routes is the access matrix's.)
func TestEditorialPages(t *testing.T) {
	files := []string{"iptc-xmp/IPTC.jpg", "cameras/Canon_40D.jpg", "cameras/Nikon_D70.jpg", "cameras/Olympus.jpg", "cameras/Pentax_K10D.jpg"}
	for name, s := range newSites(t, files...) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := s.signedIn(t)
			csrf := csrfOf(t, s, c)
			album := s.camerasAlbum(t)
			albumURL := fmt.Sprintf("%s/albums/%d", s.URL, album.ID)
			post := func(c *http.Client, path string, v url.Values, h ...string) *http.Response {
				t.Helper()
				v.Set("csrf", csrf)
				req, _ := http.NewRequest("POST", s.URL+path, strings.NewReader(v.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if len(h) == 2 {
					req.Header.Set(h[0], h[1])
				}
				resp, err := c.Do(req)
				body(t, resp, err)
				return resp
			}

			// The description.
			long := strings.Repeat("Fête de la musique, place de la mairie. ", 10)
			desc := "<script>alert(1)</script> " + long + "\r\n\r\nSecond paragraphe."
			if r := post(c, fmt.Sprintf("/albums/%d/description", album.ID), url.Values{"description": {desc}}); r.StatusCode != 200 {
				t.Fatalf("description: %d", r.StatusCode)
			}
			page := get(t, c, albumURL)
			if strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("album page: the description is not escaped")
			}
			if n := len(regexp.MustCompile(`(?s)<div class="album-desc">.*?</div>`).FindString(page)); n == 0 ||
				strings.Count(regexp.MustCompile(`(?s)<div class="album-desc">.*?</div>`).FindString(page), "<p>") != 2 {
				t.Errorf("album page: description not in two paragraphs")
			}
			parent := get(t, c, fmt.Sprintf("%s/albums/%d", s.URL, album.ParentID))
			card := regexp.MustCompile(`<span class="desc">([^<]*)</span>`).FindStringSubmatch(parent)
			if card == nil || !strings.HasSuffix(card[1], "…") || len([]rune(html.UnescapeString(card[1]))) > 121 || strings.Contains(card[1], "Second") {
				t.Errorf("album card description: %q", card)
			}

			// Credits from IPTC, shown; a title made from a file name.
			var iptc, olympus gallery.Media
			s.store.EachMedia(ctx, func(m gallery.Media) error {
				switch m.Filename {
				case "IPTC.jpg":
					iptc = m
				case "Olympus.jpg":
					olympus = m
				}
				return nil
			})
			page = get(t, c, s.URL+"/m/"+iptc.Key)
			for _, want := range []string{"<dt>Creator</dt><dd>Phil Harvey</dd>", "<dt>Credit line</dt><dd>My Credit</dd>", "<dt>Copyright</dt><dd>Copyright 2004 Phil Harvey</dd>",
				`name="credit" value="My Credit"`} {
				if !strings.Contains(page, want) {
					t.Errorf("IPTC.jpg page lacks %q", want)
				}
			}
			if olympus.Title != "" || olympus.Description != "" {
				t.Errorf("Olympus.jpg: camera default kept: title %q, caption %q", olympus.Title, olympus.Description)
			}
			if page := get(t, c, s.URL+"/m/"+olympus.Key); !strings.Contains(page, "<h1>Olympus</h1>") {
				t.Errorf("Olympus.jpg page: title not made from its file name")
			}
			post(c, "/m/"+iptc.Key+"/edit", url.Values{"credit": {"Mairie <i>"}, "copyright": {"© Ville"}, "creator": {"Anne"}})
			page = get(t, c, s.URL+"/m/"+iptc.Key)
			for _, want := range []string{"<dd>Mairie &lt;i&gt;</dd>", "<dd>© Ville</dd>", "<dd>Anne</dd>"} {
				if !strings.Contains(page, want) {
					t.Errorf("after edit, IPTC.jpg page lacks %q", want)
				}
			}

			// The order set by hand, followed by the album page's pages.
			if r := post(c, fmt.Sprintf("/albums/%d/order", album.ID), url.Values{"order": {"manual"}}); r.StatusCode != 200 {
				t.Fatalf("order: %d", r.StatusCode)
			}
			keysOf := func(page string) []string {
				var out []string
				for _, m := range regexp.MustCompile(`<li id="k-([^"]+)"`).FindAllStringSubmatch(page, -1) {
					out = append(out, m[1])
				}
				return out
			}
			before := keysOf(get(t, c, albumURL+"/arrange"))
			if len(before) != len(files) {
				t.Fatalf("arrange page lists %v", before)
			}
			r := post(c, fmt.Sprintf("/albums/%d/arrange", album.ID), url.Values{"key": {before[4]}, "target": {before[0]}}, "X-Requested-With", "imagier")
			if r.StatusCode != http.StatusNoContent {
				t.Errorf("a script's move: %d, want 204", r.StatusCode)
			}
			post(c, fmt.Sprintf("/albums/%d/arrange", album.ID), url.Values{"key": {before[1]}, "step": {"1"}})
			want := []string{before[4], before[0], before[2], before[1], before[3]}
			if got := keysOf(get(t, c, albumURL+"/arrange")); !slices.Equal(got, want) {
				t.Errorf("arranged: %v, want %v", got, want)
			}
			var got []string
			for after := ""; ; {
				p, err := s.svc.AlbumPageView(ctx, service.CommandLine([]string{"test"}), album.ID, after, 2, false)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range p.Page.Items {
					got = append(got, m.Key)
				}
				if p.Page.Next == "" {
					break
				}
				page := get(t, c, albumURL+"?after="+url.QueryEscape(p.Page.Next))
				if len(got) < len(want) && !strings.Contains(page, `data-key="`+want[len(got)]+`"`) {
					t.Errorf("album page after %q does not start at %s", p.Page.Next, want[len(got)])
				}
				after = p.Page.Next
			}
			if !slices.Equal(got, want) {
				t.Errorf("album pages: %v, want %v", got, want)
			}

		})
	}
}
