package web

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"imagier/internal/gallery"
	"imagier/internal/service"
	"imagier/internal/testmedia"
)

// journeyTimeout bounds the wait for an upload made through the page to
// be in the library.
const journeyTimeout = 2 * time.Minute

// journeys is the browser and the library the journeys share.
type journeys struct {
	t     *testing.T
	b     *browser
	svc   *service.Service
	admin service.Actor
	ctx   context.Context
	look  look
}

// TestE2EJourneys runs, in a real browser, the main journey of every kind
// of user, each doing what their role allows and refused what it does not:
// the webmaster uploads into a new album and edits a photo; a contributor
// uploads (the file waits for review) and later sees what became of it; a
// second administrator sees the count in the menu, publishes one upload,
// refuses the other, grants an album to a user and makes it public; an
// editor edits a photo; a user with download rights downloads a photo and
// the album shared with them; a shared account and a guest see what they
// may and download nothing. The journeys go across both languages and
// both widths, with axe-core and a check for sideways scrolling on every
// page, and each outcome is read back from the library.
func TestE2EJourneys(t *testing.T) {
	b := newE2E(t)
	pages := b.signedInPages() // as the webmaster, anne, who made the library
	j := &journeys{t: t, b: b, svc: b.site.svc, admin: service.CommandLine([]string{"test"}), ctx: context.Background()}
	cameras := j.albumID(strings.TrimPrefix(only(pages, "album")[0].path, "/albums/"))
	tests, err := j.svc.AlbumByPath(j.ctx, j.admin, "Tests")
	if err != nil {
		t.Fatal(err)
	}
	// A photo of the album Caméras that everyone with a right there sees.
	seen := j.item("Canon_40D.jpg")

	users := map[string]gallery.User{}
	for _, u := range []struct {
		name  string
		role  gallery.Role
		perms gallery.Perm // on Caméras
	}{
		{"bruno", gallery.RoleAdmin, 0},
		{"edgar", gallery.RoleNormal, gallery.PermView | gallery.PermEdit},
		{"colette", gallery.RoleNormal, gallery.PermView | gallery.PermContribute},
		{"nina", gallery.RoleNormal, gallery.PermView | gallery.PermDownload},
		{"accueil", gallery.RoleGeneric, gallery.PermView},
	} {
		nu, err := j.svc.AddUser(j.ctx, j.admin, service.UserForm{Name: u.name, Password: e2ePassword, Role: u.role})
		if err != nil {
			t.Fatal(err)
		}
		users[u.name] = nu
		if u.perms != 0 {
			for _, g := range []struct {
				album int64
				perms gallery.Perm
			}{{tests.ID, gallery.PermView}, {cameras, u.perms}} {
				if err := j.svc.Grant(j.ctx, j.admin, g.album, service.Grantee{User: nu.ID}, g.perms); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	// The webmaster, on a desktop in English: uploads two photos into a
	// new album, then titles and tags one of them, and downloads it with
	// its album.
	j.as(look{desktop, "light", "en"})
	j.upload("anne", []string{"cameras/Pentax_K10D.jpg", "cameras/Sigma_DP1.jpg"}, 0, "Journées du patrimoine", false)
	fete, err := j.svc.AlbumByPath(j.ctx, j.admin, "Journées du patrimoine")
	if err != nil {
		t.Fatalf("the webmaster's new album: %v", err)
	}
	pentax := j.item("Pentax_K10D.jpg")
	if len(pentax.Albums) != 1 || pentax.Albums[0] != "Journées du patrimoine" || pentax.Pending {
		t.Errorf("webmaster's upload: albums %v, pending %v; want published in the new album", pentax.Albums, pentax.Pending)
	}
	j.edit(pentax.Key, "Cour de la mairie", "patrimoine, mairie")
	j.downloads("webmaster", pentax.Key, fete.ID, true)
	j.visit("/albums/"+strconv.FormatInt(fete.ID, 10), 200, "the new album")
	j.signOut()

	// A contributor, on a phone in French: the upload page offers their
	// album, preselected; both files go, and wait for review.
	j.as(look{phone, "light", "fr"})
	j.signIn("colette")
	j.upload("colette", []string{"cameras/Minolta.jpg", "cameras/Nikon_E885.jpg"}, cameras, "", true)
	for _, f := range []string{"Minolta.jpg", "Nikon_E885.jpg"} {
		it := j.item(f)
		if !it.Pending || it.OwnerID != users["colette"].ID || len(it.Albums) != 1 || it.Albums[0] != "Tests/Caméras" {
			t.Errorf("contribution %s: pending %v, owner %d, albums %v; want pending, colette's, in Tests/Caméras", f, it.Pending, it.OwnerID, it.Albums)
		}
	}
	j.visit("/upload", 200, "upload page after sending")
	if got := j.b.text(".my-uploads"); strings.Count(got, "En attente de validation") != 2 {
		t.Errorf("colette's uploads: %q, want both waiting for review", strings.Join(strings.Fields(got), " "))
	}
	// A contributor sees the album but downloads nothing, and reviews
	// nothing.
	j.downloads("contributor", seen.Key, cameras, false)
	j.visit("/admin/review", 404, "review, not theirs")
	j.signOut()

	// A second administrator, on a phone in English, in the dark: the
	// menu counts the two uploads; the review page says who sent them,
	// when and where to; one is published, the other refused.
	j.as(look{phone, "dark", "en"})
	j.signIn("bruno")
	if got := j.b.text(`header a[href="/admin/review"] .badge`); !strings.HasPrefix(got, "2") || !strings.Contains(got, "items waiting") {
		t.Errorf("administrator's menu: review count %q, want 2 items waiting", got)
	}
	j.visit("/admin/review", 200, "review")
	if broken := j.b.waitImages(); len(broken) > 0 {
		t.Errorf("review page: thumbnails that do not load: %v", broken)
	}
	minolta, nikon := j.item("Minolta.jpg"), j.item("Nikon_E885.jpg")
	for _, it := range []gallery.Media{minolta, nikon} {
		row := strings.Join(strings.Fields(j.b.text(`li:has(#pick-`+it.Key+`)`)), " ")
		for _, want := range []string{it.Filename, "Sent by colette on ", strconv.Itoa(time.Now().Year()), "Tests/Caméras"} {
			if !strings.Contains(row, want) {
				t.Errorf("review row of %s: %q, want %q in it", it.Filename, row, want)
			}
		}
	}
	j.review(minolta.Key, true)
	j.review(nikon.Key, false)
	if it := j.item("Minolta.jpg"); it.Pending || it.DeletedAt != nil {
		t.Errorf("published contribution: pending %v, deleted %v", it.Pending, it.DeletedAt)
	}
	if it := j.item("Nikon_E885.jpg"); it.DeletedAt == nil {
		t.Errorf("refused contribution is not in the trash")
	}
	if n := j.b.text(`header a[href="/admin/review"] .badge`); n != "" {
		t.Errorf("menu after the review: count %q, want none", n)
	}

	// The same administrator, on a desktop in French: grants the
	// webmaster's new album to nina (see and download), and makes it
	// public.
	j.as(look{desktop, "light", "fr"})
	j.share(fete.ID, users["nina"].ID)
	rights, err := j.svc.AlbumRights(j.ctx, j.admin, fete.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	var granted gallery.Perm
	for _, g := range rights.Grants {
		if g.UserID == users["nina"].ID {
			granted = g.Perms
		}
	}
	if !rights.Public || granted != gallery.PermView|gallery.PermDownload {
		t.Errorf("album shared: public %v, nina's rights %v; want public, see and download", rights.Public, granted)
	}
	j.signOut()

	// The contributor again, on a desktop in English: one upload
	// published, the other refused.
	j.as(look{desktop, "light", "en"})
	j.signIn("colette")
	j.visit("/upload", 200, "upload page after the review")
	mine := strings.Join(strings.Fields(j.b.text(".my-uploads")), " ")
	for _, want := range []string{"Published Minolta.jpg", "Refused Nikon_E885.jpg", "refused on "} {
		if !strings.Contains(mine, want) {
			t.Errorf("colette's uploads: %q, want %q in it", mine, want)
		}
	}
	ups, err := j.svc.MyUploads(j.ctx, service.Actor{User: users["colette"], Access: &gallery.Access{}})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, u := range ups {
		states[u.Item.Filename] = u.State
	}
	if states["Minolta.jpg"] != gallery.ContributionPublished || states["Nikon_E885.jpg"] != gallery.ContributionRefused {
		t.Errorf("colette's uploads in the library: %v", states)
	}
	j.signOut()

	// An editor, on a desktop in French: titles and tags a photo of the
	// album they may edit, but downloads nothing and uploads nowhere.
	j.as(look{desktop, "dark", "fr"})
	j.signIn("edgar")
	j.edit(seen.Key, "Appareil de 2008", "appareil")
	j.downloads("editor", seen.Key, cameras, false)
	j.signOut()

	// A user with download rights, on a phone in English: sees the album
	// shared with them, downloads a photo and the album; edits nothing.
	j.as(look{phone, "light", "en"})
	j.signIn("nina")
	j.visit("/albums/"+strconv.FormatInt(fete.ID, 10), 200, "the album shared with nina")
	if n := eval[int](j.b, `document.querySelectorAll('main .grid a.card').length`); n != 2 {
		t.Errorf("album shared with nina shows %d items, want 2", n)
	}
	j.downloads("user", pentax.Key, fete.ID, true)
	j.visit("/m/"+seen.Key, 200, "a photo nina may not edit")
	if n := eval[int](j.b, `document.querySelectorAll('#e-title').length`); n != 0 {
		t.Errorf("nina is offered to edit a photo")
	}
	j.visit("/upload", 404, "upload, not theirs")
	j.signOut()

	// A shared account, on a desktop in English: sees the album, cannot
	// download or edit.
	j.as(look{desktop, "light", "en"})
	j.signIn("accueil")
	j.visit("/albums/"+strconv.FormatInt(cameras, 10), 200, "album")
	j.downloads("shared account", seen.Key, cameras, false)
	if n := eval[int](j.b, `document.querySelectorAll('#e-title').length`); n != 0 {
		t.Errorf("the shared account is offered to edit a photo")
	}
	j.signOut()

	// A guest, on a phone in French: sees the album made public, downloads
	// nothing, and is asked to sign in for a private one.
	j.as(look{phone, "light", "fr"})
	j.visit("/albums/"+strconv.FormatInt(fete.ID, 10), 200, "public album, as a guest")
	if n := eval[int](j.b, `document.querySelectorAll('main .grid a.card').length`); n != 2 {
		t.Errorf("public album shows a guest %d items, want 2", n)
	}
	j.downloads("guest", pentax.Key, fete.ID, false)
	j.b.open("/albums/" + strconv.FormatInt(cameras, 10))
	if p := j.b.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("a guest asking for a private album: at %s, want the sign-in page", p)
	}
	j.check("sign-in page, as a guest")

	// What the editors did is in the library.
	if it := j.item("Pentax_K10D.jpg"); it.Title != "Cour de la mairie" || strings.Join(it.Tags, ",") != "mairie,patrimoine" {
		t.Errorf("webmaster's edit: title %q, tags %v", it.Title, it.Tags)
	}
	if it := j.item("Canon_40D.jpg"); it.Title != "Appareil de 2008" || strings.Join(it.Tags, ",") != "appareil" {
		t.Errorf("editor's edit: title %q, tags %v", it.Title, it.Tags)
	}
}

func (j *journeys) albumID(s string) int64 {
	j.t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		j.t.Fatalf("album id %q", s)
	}
	return id
}

// item returns the library's item stored from the file named filename.
func (j *journeys) item(filename string) gallery.Media {
	j.t.Helper()
	var found gallery.Media
	err := j.b.site.store.EachMedia(j.ctx, func(m gallery.Media) error {
		if m.Filename == filename {
			found = m
		}
		return nil
	})
	if err != nil || found.ID == 0 {
		j.t.Fatalf("no item from %s in the library (%v)", filename, err)
	}
	// Read again through the service, as an administrator sees it.
	m, _, err := j.svc.Media(j.ctx, service.Actor{User: gallery.User{ID: 1}, Access: &gallery.Access{All: true}}, found.Key)
	if err != nil {
		j.t.Fatalf("item %s: %v", filename, err)
	}
	return m
}

// as shows the next pages as l says.
func (j *journeys) as(l look) {
	j.t.Helper()
	j.look = l
	j.b.show(l)
}

// check runs axe-core on the tab's page and requires it not to scroll
// sideways.
func (j *journeys) check(where string) {
	j.t.Helper()
	where += ", " + j.look.String()
	j.b.audit(where)
	if w := eval[[]int](j.b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
		// Name the outermost elements that stick out, to say where to look.
		out := eval[[]string](j.b, `(() => {
			const w = document.documentElement.clientWidth, out = [];
			for (const e of document.body.querySelectorAll('*')) {
				if (e.getBoundingClientRect().right > w + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1)) {
					out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
				}
			}
			return out.slice(0, 5);
		})()`)
		j.t.Errorf("%s, %s: the page is %d px wide on a %d px screen; sticking out: %v", where, j.b.path(), w[0], w[1], out)
	}
}

// visit opens path, requires its status and checks the page.
func (j *journeys) visit(path string, status int64, where string) {
	j.t.Helper()
	if got := j.b.open(path); got != status {
		j.t.Errorf("%s: %s answered %d, want %d", where, path, got, status)
	}
	j.check(where)
}

func (j *journeys) signIn(name string) {
	j.t.Helper()
	j.b.open("/login")
	j.check("sign-in page")
	if st := j.b.signIn(name, e2ePassword); st != 200 || strings.HasPrefix(j.b.path(), "/login") {
		j.t.Fatalf("%s signs in: status %d, at %s", name, st, j.b.path())
	}
	j.check(name + "'s home")
}

// signOut posts the sign-out form of the page, as its button does (the
// button may sit in a folded menu on a phone).
func (j *journeys) signOut() {
	j.t.Helper()
	j.b.open("/")
	ok := eval[bool](j.b, `(async () => {
		const f = document.querySelector('form[action="/logout"]');
		if (!f) return false;
		const r = await fetch('/logout', {method: 'POST', body: new URLSearchParams(new FormData(f)), credentials: 'same-origin'});
		return r.ok;
	})()`)
	if !ok {
		j.t.Fatalf("signing out from %s failed", j.b.path())
	}
}

// upload sends files through the upload page, into album (or a new album
// named newAlbum), and waits until the library holds them: waiting for
// review when pending is set.
func (j *journeys) upload(who string, files []string, album int64, newAlbum string, pending bool) {
	j.t.Helper()
	j.visit("/upload", 200, who+"'s upload page")
	if album != 0 {
		got := eval[string](j.b, `document.getElementById('up-album').value`)
		if got != strconv.FormatInt(album, 10) {
			j.t.Errorf("%s's upload page: album %q preselected, want %d", who, got, album)
		}
	}
	if newAlbum != "" {
		j.b.step("name a new album", chromedp.SendKeys(chromedp.ID("up-new"), newAlbum))
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, testmedia.Path(j.t, f))
	}
	j.b.step("choose the files", chromedp.SetUploadFiles(chromedp.ID("up-files"), paths))
	// Sending starts on the send button, once the page has listed the
	// files picked (their change event may come a moment later).
	ready := time.Now().Add(5 * time.Second)
	for !eval[bool](j.b, `(() => { const b = document.getElementById('up-send'); return !!b && !b.hidden && !b.disabled; })()`) {
		if time.Now().After(ready) {
			j.t.Fatalf("%s: the send button never became ready", who)
		}
		time.Sleep(50 * time.Millisecond)
	}
	j.b.step("send", chromedp.Click(chromedp.ID("up-send")))
	deadline := time.Now().Add(journeyTimeout)
	for _, f := range files {
		name := filepath.Base(f)
		for {
			var found *gallery.Media
			j.b.site.store.EachMedia(j.ctx, func(m gallery.Media) error {
				if m.Filename == name {
					found = &m
				}
				return nil
			})
			if found != nil {
				if found.Pending != pending {
					j.t.Errorf("%s's upload of %s: pending %v, want %v", who, name, found.Pending, pending)
				}
				break
			}
			if page := j.b.text("main"); strings.Contains(page, "Cannot read properties") || time.Now().After(deadline) {
				j.t.Fatalf("%s's upload of %s is not in the library; the page says: %s", who, name, strings.Join(strings.Fields(page), " "))
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	// The page tells how each file ended, with no error.
	for time.Now().Before(deadline) && eval[int](j.b, `document.querySelectorAll('#up-list > li').length`) < len(files) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := eval[int](j.b, `document.querySelectorAll('#up-list > li.rejected').length`); n != 0 {
		j.t.Errorf("%s's upload page: %d files marked rejected: %s", who, n, j.b.text("#up-list"))
	}
	j.check(who + "'s upload page, files sent")
}

// edit titles and tags the item key from its page.
func (j *journeys) edit(key, title, tags string) {
	j.t.Helper()
	j.visit("/m/"+key, 200, "media page")
	if n := eval[int](j.b, `document.querySelectorAll('#e-title').length`); n != 1 {
		j.t.Fatalf("media page %s: no edit form", key)
	}
	eval[bool](j.b, `(d => { d.open = true; return true })(document.getElementById('e-title').closest('details') || {})`)
	j.check("media page, edit form open")
	j.b.step("edit the title and tags",
		chromedp.SetValue(chromedp.ID("e-title"), title),
		chromedp.SetValue(chromedp.ID("e-tags"), tags),
	)
	if st := j.b.load("save the edit", chromedp.Click(chromedp.CSS(`form[action="/m/`+key+`/edit"] button[type=submit]`))); st != 200 {
		j.t.Errorf("saving the edit of %s: status %d", key, st)
	}
	if got := j.b.text("h1"); got != title {
		j.t.Errorf("after the edit: h1 %q, want %q", got, title)
	}
	j.check("media page, edited")
}

// downloads fetches, from the page, the item's original and its album's
// zip: served when allowed, refused (404 or 403, or the sign-in page for
// a guest) otherwise.
func (j *journeys) downloads(who, key string, album int64, allowed bool) {
	j.t.Helper()
	j.visit("/m/"+key, 200, who+", media page")
	if got := eval[int](j.b, `document.querySelectorAll('a[href$="/original?download"]').length`) == 1; got != allowed {
		j.t.Errorf("%s: media page offers the download: %v, want %v", who, got, allowed)
	}
	for _, p := range []string{"/i/" + key + "/original?download", fmt.Sprintf("/albums/%d/download", album)} {
		st := eval[int](j.b, fmt.Sprintf(`fetch(%q, {credentials: 'same-origin', redirect: 'manual'}).then(r => r.type === 'opaqueredirect' ? 303 : r.status)`, p))
		switch {
		case allowed && st != 200:
			j.t.Errorf("%s downloads %s: got %d, want 200", who, p, st)
		case !allowed && st != 404 && st != 403 && st != 303:
			j.t.Errorf("%s downloads %s: got %d, want it refused", who, p, st)
		}
	}
}

// review publishes or refuses the contribution key from the review page.
func (j *journeys) review(key string, publish bool) {
	j.t.Helper()
	j.visit("/admin/review", 200, "review page")
	action := "/admin/review/reject"
	if publish {
		action = "/admin/review/publish"
	}
	j.b.step("select "+key, chromedp.Click(chromedp.ID("pick-"+key)))
	if st := j.b.load("review "+key, chromedp.Click(chromedp.CSS(`button[formaction="`+action+`"]`))); st != 200 {
		j.t.Errorf("review of %s: status %d", key, st)
	}
	if msg := j.b.text(".message"); msg == "" {
		j.t.Errorf("review of %s: no message says what was done", key)
	}
	j.check("review page, after " + action)
}

// share grants album to the user (see and download) and makes it public,
// from the album's rights panel.
func (j *journeys) share(album, user int64) {
	j.t.Helper()
	path := "/albums/" + strconv.FormatInt(album, 10)
	j.visit(path, 200, "album to share")
	eval[bool](j.b, `(d => { d.open = true; return true })(document.getElementById('rights'))`)
	j.check("album, rights panel open")
	j.b.step("choose the account and the rights",
		chromedp.SetValue(chromedp.ID("g-who"), "u"+strconv.FormatInt(user, 10)),
		chromedp.Click(chromedp.CSS(`#g-who ~ label input[name=download]`)),
	)
	if st := j.b.load("grant", chromedp.Click(chromedp.CSS(`#g-who ~ button[type=submit]`))); st != 200 {
		j.t.Errorf("grant on %s: status %d", path, st)
	}
	eval[bool](j.b, `(d => { d.open = true; return true })(document.getElementById('rights'))`)
	j.b.step("make it public", chromedp.Click(chromedp.CSS(`form[action$="/visibility"] input[name=public][value=true]`)))
	if st := j.b.load("save the visibility", chromedp.Click(chromedp.CSS(`form[action$="/visibility"] button[type=submit]`))); st != 200 {
		j.t.Errorf("visibility of %s: status %d", path, st)
	}
	j.check("album, shared")
}
