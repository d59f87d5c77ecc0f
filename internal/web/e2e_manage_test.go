package web

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

const (
	newTitle = "Yourte au crépuscule"
	newTag   = "été 2024"
)

// TestE2EUploadEditTagTrash walks, on a library that starts empty, what a
// new administrator does first: create the account, upload a folder of
// photos with one broken file among them, browse the new album, edit a
// title in French, tag five photos at once, delete one and restore it.
// axe-core checks every page on the way, in English and in French.
func TestE2EUploadEditTagTrash(t *testing.T) {
	tools := requireBrowserTools(t)
	s := newSites(t)["sqlite"]
	f := &flow{t: t, s: s, b: newBrowser(t, tools, s), audited: map[string][]string{}}

	f.firstLogin()
	f.upload()
	f.browse()
	f.viewer()
	f.editInFrench()
	f.tagFive()
	f.trashAndRestore()
	f.otherLanguage()
	f.checkAudited()
}

// flow is the state the upload test carries from one step to the next.
type flow struct {
	t *testing.T
	s *site
	b *browser
	// audited lists, by page, the languages axe-core checked it in.
	audited map[string][]string

	album  string   // the new album's path
	photo  string   // the media page edited, opened from the album
	tagged []string // the keys of the five items tagged
	tag    string   // the tag page's path
}

// audit runs axe-core on the tab's page and records it as page, in the
// page's language.
func (f *flow) audit(page string) {
	f.t.Helper()
	lang := eval[string](f.b, `document.documentElement.lang`)
	f.b.audit(page + ", " + lang)
	f.audited[page] = append(f.audited[page], lang)
}

// checkAudited requires every page audited to have been audited in both
// languages.
func (f *flow) checkAudited() {
	f.t.Helper()
	for _, page := range slices.Sorted(maps.Keys(f.audited)) {
		langs := f.audited[page]
		for _, want := range []string{"en", "fr"} {
			if !slices.Contains(langs, want) {
				f.t.Errorf("page %s: audited in %v, never in %s", page, langs, want)
			}
		}
		f.t.Logf("axe-core on %s: %s", page, strings.Join(langs, ", "))
	}
}

// choose picks a language in the menu of the tab's page, which reloads it;
// key moves the menu's selection (English is first, Français second).
func (f *flow) choose(lang, key string) {
	f.t.Helper()
	before := f.b.path()
	f.b.load("choose "+lang, chromedp.SendKeys(chromedp.ID("lang-select"), key))
	if got := f.b.path(); got != before {
		f.t.Errorf("after choosing %s: at %s, want still at %s", lang, got, before)
	}
	if got := eval[string](f.b, `document.documentElement.lang`); got != lang {
		f.t.Fatalf("after choosing %s: <html lang=%q>", lang, got)
	}
}

// click clicks the element the CSS selector finds and waits for the page
// it loads; the element's text must contain label.
func (f *flow) click(selector, label string) {
	f.t.Helper()
	if got := f.b.text(selector); !strings.Contains(got, label) {
		f.t.Fatalf("%s: %s reads %q, want %q", f.b.path(), selector, got, label)
	}
	f.b.load("click "+label, chromedp.Click(chromedp.CSS(selector)))
}

// firstLogin checks the setup page in both languages (its menu must keep
// the setup token) and creates the first account.
func (f *flow) firstLogin() {
	f.t.Helper()
	f.b.open("/setup?token=let-me-in")
	f.audit("setup")
	f.choose("fr", kb.ArrowDown)
	f.audit("setup")
	f.choose("en", kb.ArrowUp)
	f.b.signUp()
	if got := f.b.text("main .empty"); got == "" {
		f.t.Errorf("home of an empty library: no word saying it is empty")
	}
	f.audit("home")
}

// cardKeys lists the keys of the grid's cards, in order.
func (f *flow) cardKeys() []string {
	f.t.Helper()
	return eval[[]string](f.b, `[...document.querySelectorAll('.grid a.card')].map(a => a.dataset.key)`)
}

// openAlbum goes to the new album from the main menu, as one does.
func (f *flow) openAlbum() {
	f.t.Helper()
	f.b.load("open Albums", chromedp.Click(chromedp.CSS(`header nav a[href="/"]`)))
	f.b.load("open the album "+uploadAlbum, chromedp.Click(chromedp.JSPath(
		fmt.Sprintf(`[...document.querySelectorAll('main .albums a')].find(a => a.textContent.trim() === %q)`, uploadAlbum))))
	if got := f.b.text("h1"); got != uploadAlbum {
		f.t.Fatalf("album page %s: h1 %q, want %q", f.b.path(), got, uploadAlbum)
	}
}

// browse opens the new album from the home page: it holds the twenty
// photos, and every thumbnail loads.
func (f *flow) browse() {
	f.t.Helper()
	f.openAlbum()
	f.album = f.b.path()
	if keys := f.cardKeys(); len(keys) != len(uploadFiles) {
		f.t.Errorf("album %s: %d cards, want %d", f.album, len(keys), len(uploadFiles))
	}
	if broken := f.b.waitImages(); len(broken) > 0 {
		f.t.Errorf("album %s: images that do not load: %s", f.album, strings.Join(broken, ", "))
	}
	f.audit("album")
	f.b.open("/")
	f.audit("home")
	f.b.open(f.album)
}

// viewer opens the album's first photo and goes to the next with the
// right arrow key.
func (f *flow) viewer() {
	f.t.Helper()
	f.b.load("open the first photo", chromedp.Click(chromedp.CSS(".grid a.card")))
	first := f.b.path()
	if !strings.HasPrefix(first, "/m/") {
		f.t.Fatalf("after clicking a photo: at %s, want a media page", first)
	}
	f.audit("media")
	next := eval[string](f.b, `document.querySelector('.viewer').dataset.next`)
	if next == "" || next == first {
		f.t.Fatalf("media page %s: next item %q", first, next)
	}
	f.b.load("press ArrowRight", chromedp.KeyEvent(kb.ArrowRight))
	if f.photo = f.b.path(); f.photo != next {
		f.t.Errorf("after ArrowRight: at %s, want %s", f.photo, next)
	}
}

// openEdit opens the media page's Edit panel.
func (f *flow) openEdit(label string) {
	f.t.Helper()
	if got := f.b.text("details.admin summary"); got != label {
		f.t.Errorf("media page: the panel is called %q, want %q", got, label)
	}
	f.b.step("open "+label, chromedp.Click(chromedp.CSS("details.admin summary")))
	if !eval[bool](f.b, `document.querySelector('details.admin').open`) {
		f.t.Fatalf("media page: the %s panel did not open", label)
	}
}

// editInFrench switches to French on the photo's page and gives the
// photo a new title through its Edit panel.
func (f *flow) editInFrench() {
	f.t.Helper()
	f.choose("fr", kb.ArrowDown)
	f.audit("media")
	f.openEdit("Modifier")
	f.audit("media, Edit open")
	f.b.step("type the title",
		chromedp.Click(chromedp.ID("e-title")),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(kb.ModifierCtrl)),
		chromedp.KeyEvent(newTitle),
	)
	if got := eval[string](f.b, `document.getElementById('e-title').value`); got != newTitle {
		f.t.Fatalf("title field holds %q, want %q", got, newTitle)
	}
	f.click("details.admin form.stack button[type=submit]", "Enregistrer")
	if got := f.b.path(); got != f.photo {
		f.t.Errorf("after saving: at %s, want back at %s", got, f.photo)
	}
	if got := f.b.text("h1"); got != newTitle {
		f.t.Errorf("after saving: h1 %q, want %q", got, newTitle)
	}
	if got := eval[string](f.b, `document.documentElement.lang`); got != "fr" {
		f.t.Errorf(`after saving: <html lang=%q>, want "fr"`, got)
	}
	key := strings.TrimPrefix(strings.SplitN(f.photo, "?", 2)[0], "/m/")
	if m := f.media(key); m.Title != newTitle {
		f.t.Errorf("store: %s has title %q, want %q", key, m.Title, newTitle)
	}
}

// media reads an item from the store.
func (f *flow) media(key string) gallery.Media {
	f.t.Helper()
	m, err := f.s.store.MediaByKey(context.Background(), key)
	if err != nil {
		f.t.Fatalf("store: %s: %v", key, err)
	}
	return m
}

// picked lists the keys of the grid's checked boxes.
func (f *flow) picked() []string {
	f.t.Helper()
	return eval[[]string](f.b, `[...document.querySelectorAll('.grid input.pick:checked')].map(b => b.value)`)
}

// pick clicks the i-th checkbox of the grid, with shift held when shift
// is set.
func (f *flow) pick(i int, shift bool) {
	f.t.Helper()
	var mods []chromedp.MouseOption
	if shift {
		mods = append(mods, chromedp.ButtonModifiers(kb.ModifierShift))
	}
	box := chromedp.JSPath(fmt.Sprintf(`document.querySelectorAll('.grid input.pick')[%d]`, i))
	f.b.step(fmt.Sprintf("click checkbox %d (shift %t)", i+1, shift), chromedp.QueryAfter(box,
		func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (chromedp.Void, error) {
			return chromedp.MouseClickNode(nodes[0], mods...)(ctx, t)
		}, chromedp.NodeVisible))
}

// tagFive goes back to the album, selects five photos (a shift-click
// range, one box unticked and ticked again) and tags them at once.
func (f *flow) tagFive() {
	f.t.Helper()
	f.b.load("back to the album", chromedp.Click(chromedp.CSS(".crumbs a")))
	if got := f.b.path(); got != f.album {
		f.t.Fatalf("the media page's breadcrumb leads to %s, want the album %s", got, f.album)
	}
	keys := f.cardKeys()
	if len(keys) < 5 {
		f.t.Fatalf("album: %d cards, want at least 5", len(keys))
	}
	f.selectMode()
	f.pick(0, false)
	f.pick(4, true)
	if got := f.picked(); !slices.Equal(got, keys[:5]) {
		f.t.Fatalf("click the first box, shift-click the fifth: checked %v, want %v", got, keys[:5])
	}
	f.pick(2, false)
	if got := f.picked(); len(got) != 4 || slices.Contains(got, keys[2]) {
		f.t.Errorf("untick the third: checked %v", got)
	}
	f.pick(2, false)
	f.tagged = f.picked()
	if !slices.Equal(f.tagged, keys[:5]) {
		f.t.Fatalf("tick the third again: checked %v, want %v", f.tagged, keys[:5])
	}
	f.audit("album")
	f.b.step("open Tags", chromedp.Click(chromedp.JSPath(`document.getElementById('b-tags').closest('details').querySelector('summary')`)))
	f.b.step("type the tag", chromedp.SendKeys(chromedp.ID("b-tags"), newTag))
	f.click(`button[formaction="/batch/tag"]`, "Ajouter des mots-clés")
	if got := f.b.path(); got != f.album {
		f.t.Errorf("after tagging: at %s, want back at %s", got, f.album)
	}
	if got, want := f.b.text(".flash p"), "Mots-clés ajoutés à 5 éléments."; got != want {
		f.t.Errorf("after tagging: the message reads %q, want %q", got, want)
	}
	f.checkTagged()
	f.tagPage()
}

// selectMode enters the grid's selection mode with its Select button.
func (f *flow) selectMode() {
	f.t.Helper()
	f.b.step("click Select", chromedp.Click(chromedp.CSS(".select-start a")))
	if eval[bool](f.b, `document.querySelector('.selbar').hidden`) {
		f.t.Fatalf("%s: Select did not show the selection bar", f.b.path())
	}
}

// checkTagged requires exactly the five items selected to have the tag.
func (f *flow) checkTagged() {
	f.t.Helper()
	var got []string
	err := f.s.store.EachMedia(context.Background(), func(m gallery.Media) error {
		if slices.Contains(m.Tags, newTag) {
			got = append(got, m.Key)
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if diff := cmp.Diff(sortedKeys(f.tagged), sortedKeys(got)); diff != "" {
		f.t.Errorf("store: items tagged %q (-want +got):\n%s", newTag, diff)
	}
}

// sortedKeys returns a sorted copy of keys.
func sortedKeys(keys []string) []string {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	return keys
}

// tagPage follows the tag's link on a tagged photo's page to the tag's
// page, which lists the five.
func (f *flow) tagPage() {
	f.t.Helper()
	f.b.load("open a tagged photo", chromedp.Click(chromedp.CSS(fmt.Sprintf(`.grid a.card[data-key=%q]`, f.tagged[0]))))
	f.b.load("follow the tag", chromedp.Click(chromedp.JSPath(
		fmt.Sprintf(`[...document.querySelectorAll('.info .tags a')].find(a => a.textContent === %q)`, newTag))))
	f.tag = f.b.path()
	if got, want := eval[string](f.b, `decodeURIComponent(location.pathname)`), "/tags/"+newTag; got != want {
		f.t.Errorf("tag link: at %s, want %s", got, want)
	}
	if got := f.b.text("h1"); got != newTag {
		f.t.Errorf("tag page: h1 %q, want %q", got, newTag)
	}
	if diff := cmp.Diff(sortedKeys(f.tagged), sortedKeys(f.cardKeys())); diff != "" {
		f.t.Errorf("tag page: items (-want +got):\n%s", diff)
	}
	f.audit("tag")
}

// trashAndRestore deletes one photo from the album, finds it in the trash
// and restores it (switching to English on the way, to check the trash in
// both languages).
func (f *flow) trashAndRestore() {
	f.t.Helper()
	f.openAlbum()
	keys := f.cardKeys()
	if len(keys) < 6 {
		f.t.Fatalf("album: %d cards, want %d", len(keys), len(uploadFiles))
	}
	key := keys[5]
	f.selectMode()
	f.pick(5, false)
	f.b.step("click Supprimer", chromedp.Click(chromedp.CSS(`.selbar button[formaction="/batch/delete"]`)))
	if got, want := f.b.text("dialog.confirm p"), "Mettre 1 élément à la corbeille\u00a0?"; got != want {
		f.t.Errorf("delete: the dialog asks %q, want %q", got, want)
	}
	f.click(`dialog.confirm button[value=ok]`, "Supprimer")
	if keys := f.cardKeys(); len(keys) != len(uploadFiles)-1 || slices.Contains(keys, key) {
		f.t.Errorf("after deleting %s: album shows %d cards (%v), want %d without it", key, len(keys), keys, len(uploadFiles)-1)
	}
	if f.media(key).DeletedAt == nil {
		f.t.Errorf("store: %s deleted from the album, but not in the trash", key)
	}
	f.click(`header nav a[href="/trash"]`, "Corbeille")
	if got := f.cardKeys(); !slices.Equal(got, []string{key}) {
		f.t.Errorf("trash: holds %v, want [%s]", got, key)
	}
	f.audit("trash")
	f.choose("en", kb.ArrowUp)
	f.audit("trash")
	f.pick(0, false)
	f.click(`button[formaction="/batch/restore"]`, "Restore")
	if got := f.cardKeys(); len(got) != 0 {
		f.t.Errorf("trash after restoring: holds %v, want nothing", got)
	}
	if f.media(key).DeletedAt != nil {
		f.t.Errorf("store: %s restored, but still in the trash", key)
	}
	f.openAlbum()
	if keys := f.cardKeys(); len(keys) != len(uploadFiles) || !slices.Contains(keys, key) {
		f.t.Errorf("after restoring %s: album shows %d cards, want %d with it", key, len(keys), len(uploadFiles))
	}
}

// otherLanguage audits, in the other language, the pages seen in one
// only: in English the tag page and the Edit panel, in French the home
// page and the upload page after another batch (a duplicate, and the
// broken file again).
func (f *flow) otherLanguage() {
	f.t.Helper()
	f.b.open(f.tag)
	f.audit("tag")
	f.b.open(f.photo)
	f.openEdit("Edit")
	f.audit("media, Edit open")
	f.choose("fr", kb.ArrowDown)
	f.b.load("open Albums", chromedp.Click(chromedp.CSS(`header nav a[href="/"]`)))
	f.audit("home")
	f.click(`header nav a[href="/upload"]`, "Ajouter des photos")
	dup := testmedia.Path(f.t, uploadFiles[0])
	f.b.step("choose two files", chromedp.SetUploadFiles(chromedp.ID("up-files"), []string{dup, testmedia.Path(f.t, uploadBroken)}))
	f.sendPicked(2, "Envoyer 2 fichiers")
	st := f.waitUploads(2)
	if r := st.row(filepath.Base(dup)); r.State != st.Words.Duplicate || r.Rejected {
		f.t.Errorf("upload page, French: the duplicate's row reads %q, want %q", r.State, st.Words.Duplicate)
	}
	f.checkRejected(st)
	if want := "Fichiers traités\u00a0: 2 sur 2"; st.Summary != want {
		f.t.Errorf("upload page, French: summary %q, want %q", st.Summary, want)
	}
	if n, err := f.s.store.CountMedia(context.Background()); err != nil || n != len(uploadFiles) {
		f.t.Errorf("store: %d items (%v) after a duplicate upload, want %d", n, err, len(uploadFiles))
	}
	f.audit("upload")
}
