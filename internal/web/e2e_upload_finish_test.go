package web

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
	"imagier/internal/service"
	"imagier/internal/testmedia"
)

// uploadFolder is the folder picked in TestE2EUploadFinish: photos with
// their XMP sidecars under both names, a photo already in the library and
// a sidecar whose photo is missing.
const uploadFolder = "Fête de la musique 2026"

// stageFiles copies shared test files into a new temporary folder under
// the names given (name → shared file), as a camera card would hold them,
// and returns the folder.
func stageFiles(t *testing.T, folder string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), folder)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, rel := range files {
		in, err := os.Open(testmedia.Path(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(dir, name))
		if err == nil {
			_, err = io.Copy(out, in)
			err = errors.Join(err, out.Close())
		}
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// finishState is the end of an upload as the page shows it.
type finishState struct {
	Shown   bool   `json:"shown"`
	Summary string `json:"summary"`
	Album   string `json:"album"` // the album link's href, "" when hidden
	Batch   string `json:"batch"` // the batch link's href, "" when hidden
	Rows    []struct {
		Name    string `json:"name"`
		State   string `json:"state"`
		Outcome string `json:"outcome"`
		Key     string `json:"key"`
	} `json:"rows"`
}

const finishStateJS = `(() => {
	const done = document.getElementById('up-done');
	const href = (id) => { const a = document.getElementById(id); return a.hidden ? '' : a.getAttribute('href'); };
	return {
		shown: !done.hidden, summary: document.getElementById('up-done-summary').textContent,
		album: href('up-album-link'), batch: href('up-batch-link'),
		rows: [...document.querySelectorAll('#up-list li')].map(li => ({
			name: li.querySelector('.name').textContent, state: li.lastElementChild.textContent,
			outcome: li.dataset.outcome || '', key: li.dataset.key || '',
		})),
	};
})()`

// waitFinish waits for the end of the upload to show.
// sendLabel waits a moment for the send button to read want — the page
// lists picked files as their change event arrives — and returns what it
// reads then.
func (b *browser) sendLabel(want string) string {
	b.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := b.text("#up-send")
		if got == want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) waitFinish() finishState {
	b.t.Helper()
	deadline := time.Now().Add(uploadTimeout)
	for {
		st := eval[finishState](b, finishStateJS)
		if st.Shown {
			return st
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the upload's end never showed: %+v", st)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// noSideScroll fails when the page is wider than the screen.
func (b *browser) noSideScroll(where string) {
	b.t.Helper()
	if w := eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		b.t.Errorf("%s: the page is %d px wide on a %d px screen", where, w[0], w[1])
	}
}

// shoot saves a screenshot of the page on v in screenshotDir.
func (b *browser) shoot(name string, v viewport) {
	b.t.Helper()
	shot, _ := b.capture(v)
	if err := os.WriteFile(filepath.Join(screenshotDir(b.t), name), shot, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// itemNamed returns the library's item whose file name is name.
func itemNamed(t *testing.T, s *site, name string) gallery.Media {
	t.Helper()
	var out gallery.Media
	err := s.store.EachMedia(context.Background(), func(m gallery.Media) error {
		if m.Filename == name {
			out = m
		}
		return nil
	})
	if err != nil || out.Key == "" {
		t.Fatalf("no item named %s (%v)", name, err)
	}
	m, err := s.store.MediaByKey(context.Background(), out.Key)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestE2EUploadFinish picks a folder in French on a desktop: nothing is
// sent until the button (« Envoyer 3 fichiers ») is clicked; the folder's
// name is offered as the new album's; each file picked can be removed; the
// sidecars go with their photos and the orphan is reported, not sent. The
// end says « 3 fichiers traités », links to the album and to the batch of
// exactly those items, and the duplicate says what was done with it. On a
// phone in English, a sidecar picked before its photo, in another pick, is
// attached all the same: "Send 1 file", "1 file processed"; a hostile
// sidecar, a lost connection and a proxy's error page each read as a
// sentence. A contributor's end links to their album, not to a batch.
// axe-core checks the page picked, finished and failed, and it never
// scrolls sideways.
func TestE2EUploadFinish(t *testing.T) {
	b := newE2E(t)
	b.signUp()
	ctx := context.Background()
	folder := stageFiles(t, uploadFolder, map[string]string{
		"IMG_1.jpg":      "cameras/Pentax.jpg",
		"IMG_1.xmp":      "iptc-xmp/APhotoManager-exmaple.xmp",
		"Nikon.jpg":      "cameras/Nikon.jpg",
		"Nikon.jpg.xmp":  "iptc-xmp/digikam-example.xmp",
		"Canon_40D.jpg":  "cameras/Canon_40D.jpg", // in the library already
		"sans-photo.xmp": "iptc-xmp/XMP5.xmp",
	})
	before, err := b.site.store.CountMedia(ctx)
	if err != nil {
		t.Fatal(err)
	}

	b.show(look{desktop, "light", "fr"})
	b.open("/upload")
	b.step("choose the folder", chromedp.SetUploadFiles(chromedp.ID("up-folder"), []string{folder}))
	b.step("choose one more file", chromedp.SetUploadFiles(chromedp.ID("up-files"), []string{testmedia.Path(t, "cameras/Sony.jpg")}))
	if got := eval[string](b, `document.getElementById('up-new').value`); got != uploadFolder {
		t.Errorf("new album offered: %q, want the folder's name %q", got, uploadFolder)
	}
	queued := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll('#up-queue li')].map(li => li.textContent)`)
	}
	if q := queued(); len(q) != 5 {
		t.Errorf("listed before sending: %q, want 3 photos, Sony.jpg and the orphan sidecar", q)
	}
	if got := b.sendLabel("Envoyer 4 fichiers"); got != "Envoyer 4 fichiers" {
		t.Errorf("send button: %q, want « Envoyer 4 fichiers »", got)
	}
	b.step("remove Sony.jpg", chromedp.Click(chromedp.CSS(`#up-queue button[aria-label="Retirer Sony.jpg"]`)))
	q := queued()
	for _, want := range []string{"IMG_1.jpg", "IMG_1.xmp", "Nikon.jpg", "Nikon.jpg.xmp", "Canon_40D.jpg", "sans-photo.xmp"} {
		if !slices.ContainsFunc(q, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("listed before sending: %q, want %s", q, want)
		}
	}
	if slices.ContainsFunc(q, func(s string) bool { return strings.Contains(s, "Sony.jpg") }) || len(q) != 4 {
		t.Errorf("listed after removing Sony.jpg: %q", q)
	}
	if got := b.text("#up-picked-count"); !strings.HasPrefix(got, "3 fichiers, ") {
		t.Errorf("count: %q, want « 3 fichiers, » and the size", got)
	}
	if got := b.sendLabel("Envoyer 3 fichiers"); got != "Envoyer 3 fichiers" {
		t.Errorf("send button: %q, want « Envoyer 3 fichiers »", got)
	}
	if n, err := b.site.store.CountMedia(ctx); err != nil || n != before {
		t.Errorf("%d items before the send button, want %d (%v)", n, before, err)
	}
	b.shoot("upload-picked-desktop-light.png", desktop)
	b.audit("upload, files picked, desktop fr")
	b.noSideScroll("upload, files picked, desktop")

	b.step("send", chromedp.Click(chromedp.ID("up-send")))
	st := b.waitFinish()
	if st.Summary != "3 fichiers traités" {
		t.Errorf("summary: %q, want « 3 fichiers traités »", st.Summary)
	}
	rows := map[string]string{}
	outcomes := map[string]string{}
	var keys []string
	for _, r := range st.Rows {
		name := strings.TrimPrefix(r.Name, uploadFolder+"/")
		rows[name], outcomes[name] = r.State, r.Outcome
		if r.Key != "" {
			keys = append(keys, r.Key)
		}
	}
	if diff := cmp.Diff(map[string]string{"IMG_1.jpg": "imported", "Nikon.jpg": "imported", "Canon_40D.jpg": "duplicate", "sans-photo.xmp": "orphan"}, outcomes); diff != "" {
		t.Errorf("rows after sending (-want +got):\n%s", diff)
	}
	if want := "déjà dans la photothèque\u00a0; ajouté à l’album «\u00a0" + uploadFolder + "\u00a0»"; rows["Canon_40D.jpg"] != want {
		t.Errorf("the duplicate's row: %q, want %q", rows["Canon_40D.jpg"], want)
	}
	if want := "non envoyé\u00a0: aucune photo du même nom n’a été choisie"; rows["sans-photo.xmp"] != want {
		t.Errorf("the orphan sidecar's row: %q, want %q", rows["sans-photo.xmp"], want)
	}
	// The sidecars were read with their photos, and stored as nothing.
	if m := itemNamed(t, b.site, "IMG_1.jpg"); !slices.Contains(m.Tags, "tagA2") || !slices.Contains(m.Tags, "tagB2") || m.Title != "Title2" {
		t.Errorf("IMG_1.jpg: tags %v, title %q; want IMG_1.xmp's", m.Tags, m.Title)
	}
	if m := itemNamed(t, b.site, "Nikon.jpg"); !slices.Contains(m.Tags, "test3") {
		t.Errorf("Nikon.jpg: tags %v; want Nikon.jpg.xmp's", m.Tags)
	}
	if n, err := b.site.store.CountMedia(ctx); err != nil || n != before+2 {
		t.Errorf("%d items after sending, want %d: the two new photos (%v)", n, before+2, err)
	}
	b.site.store.EachMedia(ctx, func(m gallery.Media) error {
		if strings.HasSuffix(strings.ToLower(m.Filename), ".xmp") {
			t.Errorf("a sidecar stored as an item: %s", m.Filename)
		}
		return nil
	})
	b.shoot("upload-finished-desktop-light.png", desktop)
	b.audit("upload, finished, desktop fr")
	b.noSideScroll("upload, finished, desktop")

	// « Modifier ce lot » names exactly the items of the batch, which are
	// exactly the album's.
	id, err := strconv.ParseInt(strings.TrimPrefix(st.Album, "/albums/"), 10, 64)
	if err != nil {
		t.Fatalf("album link %q", st.Album)
	}
	pg, err := b.site.store.AlbumPage(ctx, &gallery.Access{All: true}, id, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var inAlbum []string
	for _, m := range pg.Items {
		inAlbum = append(inAlbum, m.Key)
	}
	batch, ok := strings.CutPrefix(st.Batch, "/batch?keys=")
	if got := strings.Split(batch, ","); !ok || !cmp.Equal(sortedKeys(got), sortedKeys(inAlbum)) || !cmp.Equal(sortedKeys(keys), sortedKeys(inAlbum)) {
		t.Errorf("batch link %q, rows' keys %v; want the album's items %v", st.Batch, keys, inAlbum)
	}
	if got := b.text("#up-batch-link"); got != "Modifier ce lot" {
		t.Errorf("batch link reads %q", got)
	}
	if got := b.text("#up-album-link"); got != "Voir l’album" {
		t.Errorf("album link reads %q", got)
	}
	b.load("Voir l’album", chromedp.Click(chromedp.ID("up-album-link")))
	if got := b.text("h1"); b.path() != st.Album || got != uploadFolder {
		t.Errorf("after « Voir l’album »: at %s, h1 %q; want %s, %q", b.path(), got, st.Album, uploadFolder)
	}
	if n := eval[int](b, `document.querySelectorAll('.grid a.card').length`); n != 3 {
		t.Errorf("the album shows %d items, want the 3 sent", n)
	}
	// « Modifier ce lot » opens exactly the items sent, all selected, the
	// selection bar ready.
	if st := b.open(st.Batch); st != 200 {
		t.Errorf("the batch link: got status %d", st)
	}
	picked := eval[[]string](b, `[...document.querySelectorAll('.grid .pick:checked')].map((p) => p.value)`)
	if !cmp.Equal(sortedKeys(picked), sortedKeys(inAlbum)) {
		t.Errorf("the batch page selects %v, want the items sent %v", picked, inAlbum)
	}
	if shown := eval[bool](b, `!document.querySelector('.selbar').hidden`); !shown {
		t.Errorf("the batch page's selection bar is hidden")
	}
	b.audit("the batch page, desktop fr")

	// On a phone, in English: a sidecar picked first, its photo in a
	// second pick.
	phoneDir := stageFiles(t, "phone", map[string]string{
		"IMG_9.JPG": "cameras/Olympus.jpg",
		"IMG_9.xmp": "iptc-xmp/BonTonARTSTORplusIPTC.xmp",
	})
	b.show(look{phone, "dark", "en"})
	b.open("/upload")
	b.step("name a new album", chromedp.SendKeys(chromedp.ID("up-new"), "Phone"))
	b.step("choose the sidecar", chromedp.SetUploadFiles(chromedp.ID("up-files"), []string{filepath.Join(phoneDir, "IMG_9.xmp")}))
	if q := queued(); len(q) != 1 || !strings.Contains(q[0], "no photo of the same name") {
		t.Errorf("a sidecar alone: listed %q, want it said to have no photo", q)
	}
	b.step("choose the photo", chromedp.SetUploadFiles(chromedp.ID("up-files"), []string{filepath.Join(phoneDir, "IMG_9.JPG")}))
	if q := queued(); len(q) != 1 || !strings.Contains(q[0], "with its XMP sidecar IMG_9.xmp") {
		t.Errorf("the photo after its sidecar: listed %q, want it with its sidecar", q)
	}
	if got := b.sendLabel("Send 1 file"); got != "Send 1 file" {
		t.Errorf("send button: %q, want \"Send 1 file\"", got)
	}
	b.shoot("upload-picked-phone-dark.png", phone)
	b.audit("upload, files picked, phone en")
	b.noSideScroll("upload, files picked, phone")
	b.step("send", chromedp.Click(chromedp.ID("up-send")))
	st = b.waitFinish()
	if st.Summary != "1 file processed" || len(st.Rows) != 1 || st.Rows[0].Outcome != "imported" || st.Rows[0].State != "imported" {
		t.Errorf("phone: %+v, want \"1 file processed\" and the photo imported", st)
	}
	if m := itemNamed(t, b.site, "IMG_9.JPG"); !slices.Contains(m.Tags, "umbrella") {
		t.Errorf("IMG_9.JPG: tags %v; want IMG_9.xmp's", m.Tags)
	}
	b.shoot("upload-finished-phone-dark.png", phone)
	b.audit("upload, finished, phone en")
	b.noSideScroll("upload, finished, phone")
	if !strings.HasPrefix(st.Batch, "/batch?keys=") || st.Batch != "/batch?keys="+st.Rows[0].Key {
		t.Errorf("phone: batch link %q, row key %q", st.Batch, st.Rows[0].Key)
	}
	b.load("View the album", chromedp.Click(chromedp.ID("up-album-link")))
	if got := b.text("h1"); got != "Phone" {
		t.Errorf("after \"View the album\": h1 %q, want Phone", got)
	}

	// Failures read as sentences: the server's, for a hostile sidecar;
	// the page's own for a lost connection and for an answer that is not
	// the server's — never "Failed to fetch" nor a status number.
	hostile := stageFiles(t, "hostile", map[string]string{
		"IMG_5.jpg": "cameras/Sony.jpg",
		"IMG_5.xmp": "malicious/Classic_XXE_-_etc_passwd.xml",
		"IMG_6.jpg": "cameras/Olympus_C8080WZ.jpg",
	})
	b.open("/upload")
	for _, tt := range []struct {
		what, file, fetch, want string
	}{
		{"an XXE sidecar", "IMG_5", "",
			"rejected: The XMP sidecar IMG_5.xmp declares entities, which are refused for safety; the photo was not sent."},
		{"a lost connection", "IMG_6", `window.fetch = () => Promise.reject(new TypeError('Failed to fetch'))`,
			"rejected: The connection to the server was lost; check the network and try again."},
		{"a proxy's error page", "IMG_6", `window.fetch = async () => new Response('<html>502 Bad Gateway</html>', {status: 502})`,
			"rejected: The server could not accept this file; try again later."},
	} {
		files := []string{filepath.Join(hostile, tt.file+".jpg")}
		if tt.file == "IMG_5" {
			files = append(files, filepath.Join(hostile, "IMG_5.xmp"))
		}
		if tt.fetch != "" {
			eval[bool](b, tt.fetch+"; true")
		}
		b.step("choose "+tt.file, chromedp.SetUploadFiles(chromedp.ID("up-files"), files))
		b.step("send", chromedp.Click(chromedp.ID("up-send")))
		st := b.waitFinish()
		if len(st.Rows) != 1 || st.Rows[0].Outcome != "rejected" || st.Rows[0].State != tt.want {
			t.Errorf("%s: rows %+v, want one reading %q", tt.what, st.Rows, tt.want)
		}
		if st.Summary != "1 file processed" || st.Album != "" || st.Batch != "" {
			t.Errorf("%s: end %+v, want \"1 file processed\" and no links", tt.what, st)
		}
	}
	b.audit("upload, failures, phone en")
	b.noSideScroll("upload, failures, phone")
	b.site.store.EachMedia(ctx, func(m gallery.Media) error {
		if m.Filename == "IMG_5.jpg" || m.Filename == "IMG_6.jpg" {
			t.Errorf("%s was imported", m.Filename)
		}
		return nil
	})

	// A contributor picks a folder: no album to make, theirs preselected;
	// the end links to it, and not to a batch they may not edit.
	svc, admin := b.site.svc, service.CommandLine([]string{"test"})
	u, err := svc.AddUser(ctx, admin, service.UserForm{Name: "colette", Password: e2ePassword, Role: gallery.RoleNormal})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Grant(ctx, admin, id, service.Grantee{User: u.ID}, gallery.PermView|gallery.PermContribute); err != nil {
		t.Fatal(err)
	}
	kermesse := stageFiles(t, "Kermesse", map[string]string{"IMG_7.jpg": "cameras/Nikon_D70.jpg"})
	b.show(look{desktop, "light", "fr"})
	b.load("sign out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	b.open("/login")
	if st := b.signIn("colette", e2ePassword); st != 200 {
		t.Fatalf("colette signs in: got status %d", st)
	}
	b.open("/upload")
	if n := eval[int](b, `document.querySelectorAll('#up-new').length`); n != 0 {
		t.Errorf("a contributor is offered to make an album")
	}
	b.step("choose the folder", chromedp.SetUploadFiles(chromedp.ID("up-folder"), []string{kermesse}))
	if got := b.sendLabel("Envoyer 1 fichier"); got != "Envoyer 1 fichier" {
		t.Errorf("contributor's send button: %q, want « Envoyer 1 fichier »", got)
	}
	b.step("send", chromedp.Click(chromedp.ID("up-send")))
	st = b.waitFinish()
	pending := eval[string](b, `document.getElementById('up-list').dataset.pending`)
	if st.Summary != "1 fichier traité" || len(st.Rows) != 1 || st.Rows[0].State != pending || st.Album != "/albums/"+strconv.FormatInt(id, 10) || st.Batch != "" {
		t.Errorf("contributor's end: %+v, want « 1 fichier traité », %q, the album %d and no batch", st, pending, id)
	}
	b.audit("upload, finished, contributor, desktop fr")
}
