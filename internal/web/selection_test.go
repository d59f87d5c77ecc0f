package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"imagier/internal/auth"
	"imagier/internal/gallery"
)

// TestSelectionMessagesAndUndo walks the selection bar's actions without a
// browser: a page in selection mode, a message after each action, an undo
// that takes back exactly what was done and only for the session that
// acted, a confirmation page before a delete, a clear sentence when no
// album is chosen, and the page of a batch of keys.
func TestSelectionMessagesAndUndo(t *testing.T) {
	files := []string{"cameras/Canon_40D.jpg", "cameras/Nikon_D70.jpg", "cameras/Sony_HDR-HC3.jpg"}
	for name, s := range newSites(t, files...) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := s.signedIn(t)
			csrf := csrfOf(t, s, c)
			var keys []string
			s.store.EachMedia(ctx, func(m gallery.Media) error { keys = append(keys, m.Key); return nil })
			slices.Sort(keys)
			_, byID, err := s.store.AlbumNodes(ctx, &gallery.Access{All: true})
			if err != nil {
				t.Fatal(err)
			}
			var album int64
			for id, a := range byID {
				if a.Name == "Caméras" {
					album = id
				}
			}
			albumPath := "/albums/" + strconv.FormatInt(album, 10)
			post := func(c *http.Client, path string, v url.Values) (*http.Response, string) {
				t.Helper()
				v.Set("csrf", csrf)
				resp, err := c.PostForm(s.URL+path, v)
				return resp, body(t, resp, err)
			}
			tagsOf := func(key string) []string {
				m, err := s.store.MediaByKey(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				return m.Tags
			}

			// The timeline and tag pages offer selection too.
			post(c, "/batch/tag", url.Values{"ids": {keys[2]}, "tags": {"pont"}, "next": {"/"}})
			for _, p := range []string{"/timeline", "/tags/pont"} {
				if page := get(t, c, s.URL+p); !strings.Contains(page, `select=1" class="button">Select</a>`) || !strings.Contains(page, `class="selbar"`) {
					t.Errorf("%s: no Select button or no bar", p)
				}
			}
			post(c, "/batch/untag", url.Values{"ids": {keys[2]}, "tags": {"pont"}, "next": {"/"}})
			// The album page shows the photos and a Select button; with
			// ?select=1 the bar is there and shown, without a script.
			page := get(t, c, s.URL+albumPath)
			if !strings.Contains(page, `select=1" class="button">Select</a>`) || !regexp.MustCompile(`class="selbar"[^>]*hidden`).MatchString(page) {
				t.Errorf("album page: no Select button, or the bar is not hidden")
			}
			page = get(t, c, s.URL+albumPath+"?select=1")
			if regexp.MustCompile(`class="selbar"[^>]*hidden`).MatchString(page) || !strings.Contains(page, "selection selecting") {
				t.Errorf("album page with ?select=1: the bar is not shown")
			}
			if !strings.Contains(page, `<option value="">Choose an album…</option>`) {
				t.Errorf("album picker does not start empty")
			}

			// Tag: the first item has the tag already.
			post(c, "/batch/tag", url.Values{"ids": {keys[0]}, "tags": {"fête"}, "next": {albumPath}})
			resp, page := post(c, "/batch/tag", url.Values{"ids": keys, "tags": {"fête, mairie"}, "next": {albumPath}})
			if resp.Request.URL.Path != albumPath || !strings.Contains(page, "Tags added to 3 items.") {
				t.Fatalf("after tagging: at %s, message missing", resp.Request.URL)
			}
			token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page)
			if token == nil {
				t.Fatal("after tagging: no Undo")
			}
			// The message is shown once.
			if again := get(t, c, s.URL+albumPath); strings.Contains(again, "Tags added") {
				t.Errorf("the message is shown again on the next page")
			}
			// Another session cannot use this undo.
			other := s.client(true)
			other.PostForm(s.URL+"/login", url.Values{"name": {"anne"}, "password": {"correct horse"}})
			ocsrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(get(t, other, s.URL+albumPath))[1]
			resp, err = other.PostForm(s.URL+"/batch/undo", url.Values{"csrf": {ocsrf}, "token": {token[1]}, "next": {albumPath}})
			if p := body(t, resp, err); !strings.Contains(p, "This can no longer be undone.") {
				t.Errorf("another session's undo: no refusal")
			}
			if got := tagsOf(keys[1]); !slices.Contains(got, "mairie") {
				t.Fatalf("another session's undo changed the tags: %v", got)
			}
			_, page = post(c, "/batch/undo", url.Values{"token": {token[1]}, "next": {albumPath}})
			if !strings.Contains(page, "Undone: 3 items are back as they were.") {
				t.Errorf("after the undo: no message")
			}
			for i, k := range keys {
				want := []string(nil)
				if i == 0 {
					want = []string{"fête"}
				}
				if got := tagsOf(k); !slices.Equal(got, want) {
					t.Errorf("after the undo: item %d tags %q, want %q", i, got, want)
				}
			}
			// An undo is used once.
			if _, page = post(c, "/batch/undo", url.Values{"token": {token[1]}, "next": {albumPath}}); !strings.Contains(page, "This can no longer be undone.") {
				t.Errorf("a second undo: no refusal")
			}

			// A copy or move without an album says so.
			if _, page = post(c, "/batch/move", url.Values{"ids": keys, "from": {strconv.FormatInt(album, 10)}, "album": {""}, "next": {albumPath}}); !strings.Contains(page, "Choose an album first.") {
				t.Errorf("move without an album: no sentence")
			}

			// Delete: first a confirmation with the count, then the
			// trash, then the undo restores.
			resp, page = post(c, "/batch/delete", url.Values{"ids": keys[:2], "next": {albumPath}})
			if resp.Request.URL.Path != "/batch/delete" || !strings.Contains(page, "Put 2 items in the trash?") {
				t.Fatalf("delete without confirmation: at %s, no question", resp.Request.URL)
			}
			if m, _ := s.store.MediaByKey(ctx, keys[0]); m.DeletedAt != nil {
				t.Fatal("the delete did not wait for the confirmation")
			}
			_, page = post(c, "/batch/delete", url.Values{"ids": keys[:2], "next": {albumPath}, "confirmed": {"1"}})
			if !strings.Contains(page, "2 items put in the trash.") {
				t.Errorf("after the delete: no message")
			}
			for _, k := range keys[:2] {
				if m, _ := s.store.MediaByKey(ctx, k); m.DeletedAt == nil {
					t.Errorf("%s not in the trash", k)
				}
			}
			token = regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page)
			if token == nil {
				t.Fatal("after the delete: no Undo")
			}
			post(c, "/batch/undo", url.Values{"token": {token[1]}, "next": {albumPath}})
			for _, k := range keys[:2] {
				if m, _ := s.store.MediaByKey(ctx, k); m.DeletedAt != nil {
					t.Errorf("%s still in the trash after the undo", k)
				}
			}

			// The batch page: exactly the keys asked for that exist,
			// every one selected; unknown keys say nothing.
			page = get(t, c, s.URL+"/batch?keys="+keys[2]+",nosuchkey,"+keys[0])
			checked := regexp.MustCompile(`name="ids" value="([^"]+)"[^>]* checked`).FindAllStringSubmatch(page, -1)
			var got []string
			for _, m := range checked {
				got = append(got, m[1])
			}
			if !slices.Equal(got, []string{keys[2], keys[0]}) || strings.Contains(page, `data-key="nosuchkey"`) {
				t.Errorf("batch page: checked %v, want [%s %s]", got, keys[2], keys[0])
			}
			if !strings.Contains(page, "2 selected") {
				t.Errorf("batch page: count missing")
			}
			// A few hundred keys, most unknown, are no trouble.
			many := []string{keys[1]}
			for i := range 400 {
				many = append(many, fmt.Sprintf("unknown%020d", i))
			}
			resp, err = c.Get(s.URL + "/batch?keys=" + strings.Join(many, ","))
			if p := body(t, resp, err); resp.StatusCode != 200 || strings.Count(p, `class="card"`) != 1 || !strings.Contains(p, `data-key="`+keys[1]+`"`) {
				t.Errorf("batch page of 401 keys: status %d, want 200 and the one item", resp.StatusCode)
			}
			if !strings.Contains(page, `name="batch" value="`+keys[2]+","+keys[0]+`"`) {
				t.Errorf("batch page: the form does not carry the page's keys")
			}
			// An action there, on some of them, comes back to all of them.
			resp, page = post(c, "/batch/tag", url.Values{"ids": {keys[2]}, "batch": {keys[2] + "," + keys[0]}, "tags": {"lot"}, "next": {"/batch"}})
			if resp.Request.URL.Path != "/batch" || html.UnescapeString(resp.Request.URL.RawQuery) != "keys="+keys[2]+","+keys[0] ||
				!strings.Contains(page, "Tags added to 1 item.") {
				t.Errorf("tag on the batch page: back at %s", resp.Request.URL)
			}
		})
	}
}

// TestSelectionForEditors: a user who may edit one album selects on its
// page, with only the actions and albums that are theirs; the batch page
// leaves out, without a word, what they may not edit.
func TestSelectionForEditors(t *testing.T) {
	files := []string{"cameras/Canon_40D.jpg", "cameras/Nikon_D70.jpg", "cameras/Sony_HDR-HC3.jpg"}
	for name, s := range newSites(t, files...) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			admin := s.signedIn(t)
			csrf := csrfOf(t, s, admin)
			var keys []string
			s.store.EachMedia(ctx, func(m gallery.Media) error { keys = append(keys, m.Key); return nil })
			slices.Sort(keys)
			albumID := func(name string) int64 {
				_, byID, err := s.store.AlbumNodes(ctx, &gallery.Access{All: true})
				if err != nil {
					t.Fatal(err)
				}
				for id, a := range byID {
					if a.Name == name {
						return id
					}
				}
				t.Fatalf("no album %s", name)
				return 0
			}
			cameras := albumID("Caméras")
			for _, n := range []string{"Autre", "Privé"} {
				resp, err := admin.PostForm(s.URL+"/albums", url.Values{"csrf": {csrf}, "name": {n}})
				body(t, resp, err)
			}
			autre, prive := albumID("Autre"), albumID("Privé")
			for _, b := range []url.Values{
				{"ids": {keys[1]}, "album": {strconv.FormatInt(autre, 10)}},
				{"ids": {keys[2]}, "album": {strconv.FormatInt(prive, 10)}, "from": {strconv.FormatInt(cameras, 10)}},
			} {
				b.Set("csrf", csrf)
				path := "/batch/copy"
				if b.Has("from") {
					path = "/batch/move"
				}
				resp, err := admin.PostForm(s.URL+path, b)
				body(t, resp, err)
			}
			hash, _ := auth.HashPassword("correct horse")
			eve := &gallery.User{Name: "eve", Role: gallery.RoleNormal, PasswordHash: hash}
			if err := s.store.AddUser(ctx, eve); err != nil {
				t.Fatal(err)
			}
			if err := s.store.SetGrant(ctx, cameras, eve.ID, 0, gallery.PermView|gallery.PermEdit); err != nil {
				t.Fatal(err)
			}
			for _, id := range []int64{autre, albumID("Tests")} {
				if err := s.store.SetGrant(ctx, id, eve.ID, 0, gallery.PermView); err != nil {
					t.Fatal(err)
				}
			}
			c := s.client(true)
			resp, err := c.PostForm(s.URL+"/login", url.Values{"name": {"eve"}, "password": {"correct horse"}})
			body(t, resp, err)
			page := get(t, c, s.URL+"/albums/"+strconv.FormatInt(cameras, 10)+"?select=1")
			ecsrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
			if ecsrf == nil || !strings.Contains(page, `class="selbar"`) {
				t.Fatalf("editor's album page: no selection bar: %.3000s", page)
			}
			options := regexp.MustCompile(`<option value="(\d*)">`).FindAllStringSubmatch(page, -1)
			if len(options) != 1 || options[0][1] != "" {
				t.Errorf("editor's album picker: %v, want only the empty choice (no album beside this one is theirs to edit)", options)
			}
			if strings.Contains(page, `id="b-level"`) || !strings.Contains(page, `formaction="/batch/move"`) {
				t.Errorf("editor's bar: offers who may see it, or not the move")
			}
			if p := get(t, c, s.URL+"/timeline"); strings.Contains(p, `class="selbar"`) {
				t.Errorf("editor's timeline offers selection, over items that may not be theirs")
			}
			// The batch page: the item moved to an album they do not see
			// is left out.
			page = get(t, c, s.URL+"/batch?keys="+keys[0]+","+keys[2])
			if !strings.Contains(page, `data-key="`+keys[0]+`"`) || strings.Contains(page, `data-key="`+keys[2]+`"`) || !strings.Contains(page, "1 selected") {
				t.Errorf("editor's batch page: want exactly %s", keys[0])
			}
			// Deleting an item also filed where they may not edit takes
			// it out of their album only, and offers no undo.
			resp, err = c.PostForm(s.URL+"/batch/delete", url.Values{"csrf": {ecsrf[1]}, "ids": {keys[1]}, "confirmed": {"1"},
				"next": {"/albums/" + strconv.FormatInt(cameras, 10)}})
			page = body(t, resp, err)
			if !strings.Contains(page, "1 item put in the trash.") || strings.Contains(page, `name="token"`) {
				t.Errorf("editor's delete of a shared item: message missing, or an undo offered")
			}
			if m, _ := s.store.MediaByKey(ctx, keys[1]); m.DeletedAt != nil {
				t.Errorf("the shared item went to the trash")
			}
		})
	}
}

// TestFlashStore: a message is read by the session that left it only,
// and one session keeps no more than its share.
func TestFlashStore(t *testing.T) {
	var s flashStore
	first := s.put(&flash{owner: "a", action: "tag", n: 1})
	if s.get(first, "b", false) != nil || s.get(first, "", false) != nil {
		t.Error("another session read the message")
	}
	if f := s.get(first, "a", false); f == nil || f.n != 1 {
		t.Fatal("the session lost its message")
	}
	other := s.put(&flash{owner: "b", action: "tag", n: 2})
	var last string
	for range maxOwnFlashes {
		last = s.put(&flash{owner: "a", action: "tag", n: 3})
	}
	if s.get(first, "a", false) != nil {
		t.Error("a session kept more than its share of messages")
	}
	if s.get(last, "a", true) == nil || s.get(last, "a", false) != nil {
		t.Error("a message taken is still there")
	}
	if s.get(other, "b", false) == nil {
		t.Error("one session's messages pushed out another's")
	}
}
