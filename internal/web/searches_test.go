package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"imagier/internal/gallery"
	"imagier/internal/service"
)

// fillSite adds n photos tagged tag to an album, in one transaction.
func fillSite(t *testing.T, s *site, n int, tag, album string) {
	t.Helper()
	base := time.Date(2021, 6, 21, 12, 0, 0, 0, time.UTC)
	var ms []*gallery.Media
	for i := range n {
		ms = append(ms, &gallery.Media{Key: fmt.Sprintf("%s%05d%x", tag, i, sha256.Sum256([]byte(album)))[:24],
			SHA256: fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprintf("%s/%s/%d", tag, album, i)))),
			Size:   1000, Filename: fmt.Sprintf("IMG_%05d.jpg", i), Title: fmt.Sprintf("Photo %d", i), ImportedAt: base, DerivedAt: &base,
			Tags: []string{tag},
			Meta: gallery.Metadata{Kind: gallery.KindImage, Format: gallery.FormatJPEG, MIME: "image/jpeg", Width: 400, Height: 300,
				Taken: &gallery.DateTime{Local: base.Add(time.Duration(i) * time.Minute)}}})
	}
	if err := s.store.AddMediaBatch(context.Background(), ms, [][]string{{album}}); err != nil {
		t.Fatal(err)
	}
}

// signInAs adds an account of role in groups and signs it in.
func signInAs(t *testing.T, s *site, name string, role gallery.Role) *http.Client {
	t.Helper()
	if _, err := s.svc.AddUser(context.Background(), service.CommandLine([]string{"test"}), service.UserForm{Name: name, Password: "correct horse", Role: role}); err != nil {
		t.Fatal(err)
	}
	c := s.client(true)
	resp, err := c.PostForm(s.URL+"/login", url.Values{"name": {name}, "password": {"correct horse"}})
	if page := body(t, resp, err); !strings.Contains(page, "Sign out") {
		t.Fatalf("sign in as %s: %d", name, resp.StatusCode)
	}
	return c
}

var csrfInPage = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestSavedSearchPages: a search saved through the form is listed in its
// author's menu and in those of the group it is shared with, opens as a
// smart album with each viewer's rights, and is managed on its page.
func TestSavedSearchPages(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			anne := s.signedIn(t)
			fillSite(t, s, 3, "kermesse", "Ouvert")
			fillSite(t, s, 2, "kermesse", "Réservé")
			carl := signInAs(t, s, "carl", gallery.RoleNormal)
			dan := signInAs(t, s, "dan", gallery.RoleNormal)
			cli := service.CommandLine([]string{"test"})
			g, err := s.svc.AddGroup(ctx, cli, "Com", "carl")
			if err != nil {
				t.Fatal(err)
			}
			open, err := s.svc.AlbumByPath(ctx, cli, "Ouvert")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.svc.Grant(ctx, cli, open.ID, service.Grantee{Group: g}, gallery.PermView); err != nil {
				t.Fatal(err)
			}
			csrf := csrfInPage.FindStringSubmatch(get(t, anne, s.URL+"/searches"))[1]
			resp, err := anne.PostForm(s.URL+"/searches", url.Values{"csrf": {csrf}, "q": {"tag:kermesse"}, "name": {"Kermesses <b>"},
				"smart": {"1"}, "groups": {fmt.Sprint(g)}})
			page := body(t, resp, err)
			if !strings.HasPrefix(resp.Request.URL.Path, "/searches/") || !strings.Contains(page, "The search is saved.") || !strings.Contains(page, "Kermesses &lt;b&gt;") {
				t.Fatalf("after saving: at %s, no message or name", resp.Request.URL)
			}
			smart := resp.Request.URL.Path
			// The menu of the author and of the group's member; the home
			// page's smart albums.
			for who, c := range map[string]*http.Client{"anne": anne, "carl": carl} {
				if home := get(t, c, s.URL+"/"); !strings.Contains(home, `<a href="`+smart+`">Kermesses &lt;b&gt;</a>`) || !strings.Contains(home, "Smart albums") {
					t.Errorf("%s's home page: the smart album is not in the menu and the list", who)
				}
			}
			if home := get(t, dan, s.URL+"/"); strings.Contains(home, smart) {
				t.Errorf("dan's menu lists a search not shared with him")
			}
			if resp, err := dan.Get(s.URL + smart); err != nil || resp.StatusCode != http.StatusNotFound {
				t.Errorf("dan opening it: got %v %v, want 404", resp.StatusCode, err)
			}
			// Each viewer sees what they may see.
			for who, c := range map[string]struct {
				c    *http.Client
				want string
			}{"anne": {anne, "5 items found"}, "carl": {carl, "3 items found"}} {
				if page := get(t, c.c, s.URL+smart); !strings.Contains(page, c.want) || !strings.Contains(page, `href="/search?q=tag%3Akermesse"`) {
					t.Errorf("%s's smart album: want %q and a link to the search", who, c.want)
				}
			}
			// Carl may not change it; anne renames it.
			id := strings.TrimPrefix(smart, "/searches/")
			ccsrf := csrfInPage.FindStringSubmatch(get(t, carl, s.URL+"/searches"))[1]
			if resp, err := carl.PostForm(s.URL+smart+"/delete", url.Values{"csrf": {ccsrf}}); err != nil || resp.StatusCode != http.StatusNotFound {
				t.Errorf("carl deleting anne's search: got %d, want 404", resp.StatusCode)
			}
			if page := get(t, carl, s.URL+"/searches"); strings.Contains(page, `action="`+smart+`"`) {
				t.Errorf("carl's management page offers to change anne's search")
			}
			resp, err = anne.PostForm(s.URL+smart, url.Values{"csrf": {csrf}, "q": {"tag:kermesse"}, "name": {"Fêtes"}})
			if page := body(t, resp, err); !strings.Contains(page, "The saved search is changed.") || !strings.Contains(page, ">Fêtes</a>") {
				t.Errorf("after renaming: no message or new name")
			}
			if home := get(t, carl, s.URL+"/"); strings.Contains(home, smart) {
				t.Errorf("carl still sees it after anne stopped sharing it")
			}
			// A mistake in the query is said, not a server error.
			resp, err = anne.PostForm(s.URL+"/searches", url.Values{"csrf": {csrf}, "q": {`"fête`}})
			if page := body(t, resp, err); resp.StatusCode != 200 || !strings.Contains(page, "The query has a mistake at character 1") {
				t.Errorf("a query with a mistake: %d", resp.StatusCode)
			}
			resp, err = anne.PostForm(s.URL+smart+"/delete", url.Values{"csrf": {csrf}})
			if page := body(t, resp, err); !strings.Contains(page, "The saved search is deleted.") || strings.Contains(page, `href="/searches/`+id+`"`) {
				t.Errorf("after deleting: no message, or still listed")
			}
		})
	}
}

// TestBatchOverResults: the batch page of a search's results counts every
// result the caller may edit, beyond the page shown; each action asks
// first, with the count, and applies to them all; the undo puts back what
// changed.
func TestBatchOverResults(t *testing.T) {
	for name, s := range newSites(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s.signedIn(t)
			fillSite(t, s, 212, "brocante", "Mine")
			fillSite(t, s, 3, "brocante", "Seen")
			ed := signInAs(t, s, "ed", gallery.RoleNormal)
			u, err := s.store.UserByName(ctx, "ed")
			if err != nil {
				t.Fatal(err)
			}
			cli := service.CommandLine([]string{"test"})
			for path, perms := range map[string]gallery.Perm{"Mine": gallery.PermView | gallery.PermEdit, "Seen": gallery.PermView} {
				al, err := s.svc.AlbumByPath(ctx, cli, path)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.svc.Grant(ctx, cli, al.ID, service.Grantee{User: u.ID}, perms); err != nil {
					t.Fatal(err)
				}
			}
			q := "tag:brocante"
			page := get(t, ed, s.URL+"/batch?q="+url.QueryEscape(q))
			if !strings.Contains(page, "212 items found that you may edit") || strings.Count(page, `class="card"`) != batchShown ||
				!strings.Contains(page, `<input type="hidden" name="q" value="tag:brocante">`) || !strings.Contains(page, `data-total="212"`) {
				t.Fatalf("batch page of the results: count, first page, query or total missing")
			}
			if strings.Contains(page, `name="ids"`) {
				t.Errorf("the batch page of results sends keys")
			}
			csrf := csrfInPage.FindStringSubmatch(page)[1]
			next := "/batch?q=" + url.QueryEscape(q)
			// Without the script, a page asks first, with the count, and
			// carries the action's fields.
			resp, err := ed.PostForm(s.URL+"/batch/tag", url.Values{"csrf": {csrf}, "q": {q}, "tags": {"vu"}, "next": {next}})
			page = body(t, resp, err)
			if !strings.Contains(page, "Apply this to all 212 items found?") || !strings.Contains(page, `name="tags" value="vu"`) || !strings.Contains(page, `name="q" value="tag:brocante"`) {
				t.Fatalf("confirmation: no count, or the fields are not carried")
			}
			if n := tagged(t, s, "vu"); n != 0 {
				t.Fatalf("before the confirmation, %d items are tagged", n)
			}
			resp, err = ed.PostForm(s.URL+"/batch/tag", url.Values{"csrf": {csrf}, "q": {q}, "tags": {"vu"}, "next": {next}, "confirmed": {"1"}})
			page = body(t, resp, err)
			if !strings.Contains(page, "Tags added to 212 items.") {
				t.Fatalf("after tagging the results: no message")
			}
			if n := tagged(t, s, "vu"); n != 212 {
				t.Errorf("tagged %d, want the 212 the editor may edit", n)
			}
			token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page)
			if token == nil {
				t.Fatal("no Undo")
			}
			resp, err = ed.PostForm(s.URL+"/batch/undo", url.Values{"csrf": {csrf}, "token": {token[1]}, "next": {next}})
			if page := body(t, resp, err); !strings.Contains(page, "Undone: 212 items are back as they were.") {
				t.Errorf("after the undo: no message")
			}
			if n := tagged(t, s, "vu"); n != 0 {
				t.Errorf("after the undo, %d are still tagged", n)
			}
			// The search of everything: a blank query, every item the
			// editor may edit.
			if page := get(t, ed, s.URL+"/batch?q="); !strings.Contains(page, "212 items found that you may edit") || !strings.Contains(page, `<input type="hidden" name="q" value="">`) {
				t.Errorf("the batch page of everything: no count, or no blank query")
			}
			resp, err = ed.PostForm(s.URL+"/batch/tag", url.Values{"csrf": {csrf}, "q": {""}, "tags": {"tout"}, "next": {"/batch?q="}, "confirmed": {"1"}})
			if page := body(t, resp, err); !strings.Contains(page, "Tags added to 212 items.") || tagged(t, s, "tout") != 212 {
				t.Errorf("tagging everything the editor may edit: %d tagged", tagged(t, s, "tout"))
			}
			// A query with a mistake is said, never a server error.
			for _, confirmed := range []string{"", "1"} {
				resp, err = ed.PostForm(s.URL+"/batch/tag", url.Values{"csrf": {csrf}, "q": {`tag:"brocante`}, "tags": {"vu"}, "next": {next}, "confirmed": {confirmed}})
				if page := body(t, resp, err); resp.StatusCode != 200 || !strings.Contains(page, "The query has a mistake at character") {
					t.Errorf("a query with a mistake (confirmed %q): %d, no message", confirmed, resp.StatusCode)
				}
			}
			if page := get(t, ed, s.URL+"/batch?q="+url.QueryEscape(`tag:"brocante`)); !strings.Contains(page, "The query has a mistake at character 5") {
				t.Errorf("the batch page of a query with a mistake does not say where")
			}
			// A delete asks with the trash's words and the count.
			resp, err = ed.PostForm(s.URL+"/batch/delete", url.Values{"csrf": {csrf}, "q": {q}, "next": {next}})
			if page := body(t, resp, err); !strings.Contains(page, "Put 212 items in the trash?") {
				t.Errorf("delete of the results: no confirmation with the count")
			}
		})
	}
}

// tagged counts the items with a tag.
func tagged(t *testing.T, s *site, tag string) int {
	t.Helper()
	n := 0
	s.store.EachMedia(context.Background(), func(m gallery.Media) error {
		for _, x := range m.Tags {
			if x == tag {
				n++
			}
		}
		return nil
	})
	return n
}
