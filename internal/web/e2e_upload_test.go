package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// uploadFiles are twenty distinct cameras' photos, small and large, that
// the upload test sends through the browser; uploadBroken is a GIF with
// no frames, which the library refuses.
var (
	uploadFiles = []string{
		"cameras/Apple_iPhone_4.jpg", "cameras/Canon_40D.jpg", "cameras/Canon_EOS_D60.jpg",
		"cameras/Canon_PowerShot_S40.jpg", "cameras/FujiFilm_DX-5.jpg", "cameras/Google.jpg",
		"cameras/HMD_Nokia_8.3_5G.jpg", "cameras/HTC_Desire.jpg", "cameras/Konica_Minolta_DiMAGE_Z3.jpg",
		"cameras/Minolta.jpg", "cameras/Nikon_D5000.jpg", "cameras/Nikon_D70.jpg",
		"cameras/Nikon_E885.jpg", "cameras/Panasonic_DMC-FZ30.jpg", "cameras/Pentax_K10D.jpg",
		"cameras/Reconyx_HC500_Hyperfire.jpg", "cameras/Samsung_Digimax_i50_MP3.jpg", "cameras/Sigma_DP1.jpg",
		"cameras/Sony_DSC-HX5V_2.jpg", "cameras/jolla.jpg",
	}
	uploadBroken = "broken/no-frames.gif"
)

const (
	// uploadTimeout bounds the wait for every upload of a batch to end:
	// each file is imported, its derivatives made, while the page waits.
	uploadTimeout = 3 * time.Minute
	uploadAlbum   = "Envoi e2e"
)

// upload sends the twenty photos and the broken file into a new album
// through the upload page, and watches them go.
func (f *flow) upload() {
	f.t.Helper()
	f.click(`header nav a[href="/upload"]`, "Add photos")
	paths, size := uploadPaths(f.t)
	f.b.step("name a new album", chromedp.SendKeys(chromedp.ID("up-new"), uploadAlbum))
	f.b.step("choose the files", chromedp.SetUploadFiles(chromedp.ID("up-files"), paths))
	f.sendPicked(len(paths), fmt.Sprintf("Send %d files", len(paths)))
	st := f.waitUploads(len(paths))
	if st.Max != float64(size) || st.Total != st.Max {
		f.t.Errorf("overall progress: %v of %v, want %d of %d bytes", st.Total, st.Max, size, size)
	}
	if want := fmt.Sprintf("%d of %d files done", len(paths), len(paths)); st.Summary != want {
		f.t.Errorf("summary %q, want %q", st.Summary, want)
	}
	var imported []string
	for _, r := range st.Rows {
		if r.State == st.Words.Imported && !r.Rejected {
			imported = append(imported, r.Name)
			if r.Value != r.Max {
				f.t.Errorf("row %s: imported, but its bar is at %v of %v", r.Name, r.Value, r.Max)
			}
		}
	}
	var want []string
	for _, p := range uploadFiles {
		want = append(want, filepath.Base(p))
	}
	if diff := cmp.Diff(sortedKeys(want), sortedKeys(imported)); diff != "" {
		f.t.Errorf("rows that say %q (-want +got):\n%s", st.Words.Imported, diff)
	}
	f.checkRejected(st)
	f.checkLibrary()
	f.audit("upload")
	f.screenshot("upload-done-desktop-light.png")
}

// uploadPaths returns the files to upload, the broken one last, and
// their size; it fails the test if two of the photos are the same bytes,
// which the library would keep once.
// sendPicked checks that the n files picked are listed and none sent yet,
// then clicks the send button, which must read label.
func (f *flow) sendPicked(n int, label string) {
	f.t.Helper()
	if got := eval[int](f.b, `document.querySelectorAll('#up-queue li').length`); got != n {
		f.t.Errorf("%d files listed before sending, want %d", got, n)
	}
	if got := eval[int](f.b, `document.querySelectorAll('#up-list li').length`); got != 0 {
		f.t.Errorf("%d files sent before the send button was clicked", got)
	}
	if got := f.b.sendLabel(label); got != label {
		f.t.Errorf("send button reads %q, want %q", got, label)
	}
	f.b.step("click "+label, chromedp.Click(chromedp.ID("up-send")))
}

func uploadPaths(t *testing.T) ([]string, int64) {
	t.Helper()
	var paths []string
	var size int64
	seen := map[[32]byte]string{}
	for _, rel := range append(slices.Clone(uploadFiles), uploadBroken) {
		p := testmedia.Path(t, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if other, ok := seen[sum]; ok {
			t.Fatalf("%s and %s are the same file", rel, other)
		}
		seen[sum] = rel
		paths = append(paths, p)
		size += int64(len(b))
	}
	return paths, size
}

// checkRejected requires the broken file's row, and it alone, to be
// marked rejected with a reason.
func (f *flow) checkRejected(st uploadState) {
	f.t.Helper()
	broken := filepath.Base(uploadBroken)
	for _, r := range st.Rows {
		if r.Rejected != (r.Name == broken) {
			f.t.Errorf("row %s: rejected %t (%q)", r.Name, r.Rejected, r.State)
		}
	}
	r := st.row(broken)
	// The row's words come from the catalogue as "rejected: %s".
	prefix, _, _ := strings.Cut(st.Words.Rejected, "%s")
	reason, ok := strings.CutPrefix(r.State, prefix)
	if !ok || strings.TrimSpace(reason) == "" {
		f.t.Errorf("row %s reads %q, want %q with a reason", broken, r.State, st.Words.Rejected)
	}
}

// checkLibrary requires the twenty photos, and nothing else, in one new
// album named as typed.
func (f *flow) checkLibrary() {
	f.t.Helper()
	ctx := context.Background()
	if n, err := f.s.store.CountMedia(ctx); err != nil || n != len(uploadFiles) {
		f.t.Errorf("store: %d items (%v), want %d", n, err, len(uploadFiles))
	}
	_, byID, err := f.s.store.AlbumNodes(ctx, &gallery.Access{All: true})
	if err != nil {
		f.t.Fatal(err)
	}
	var albums []*gallery.Album
	for _, a := range byID {
		if a.Name == uploadAlbum {
			albums = append(albums, a)
		}
	}
	if len(albums) != 1 {
		f.t.Fatalf("store: %d albums named %q, want 1", len(albums), uploadAlbum)
	}
	pg, err := f.s.store.AlbumPage(ctx, &gallery.Access{All: true}, albums[0].ID, "", 100)
	if err != nil || len(pg.Items) != len(uploadFiles) {
		f.t.Errorf("store: album %q holds %d items (%v), want %d", uploadAlbum, len(pg.Items), err, len(uploadFiles))
	}
}

// screenshot saves the tab's page, at desktop size, into screenshotDir.
func (f *flow) screenshot(name string) {
	f.t.Helper()
	shot, _ := f.b.capture(desktop)
	if len(shot) > maxScreenshot {
		f.t.Errorf("%s: %d bytes, want at most %d", name, len(shot), maxScreenshot)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(f.t), name), shot, 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// uploadState is the upload page's progress as a person sees it.
type uploadState struct {
	Total   float64     `json:"total"` // the overall bar
	Max     float64     `json:"max"`
	Summary string      `json:"summary"`
	Rows    []uploadRow `json:"rows"`
	// Words are the page's words for a row's outcome.
	Words struct {
		Imported  string `json:"imported"`
		Duplicate string `json:"duplicate"`
		Rejected  string `json:"rejected"`
	} `json:"words"`
}

// uploadRow is one file's row.
type uploadRow struct {
	Name     string  `json:"name"`
	State    string  `json:"state"`
	Outcome  string  `json:"outcome"` // once the server answered
	Rejected bool    `json:"rejected"`
	Value    float64 `json:"value"` // its bar
	Max      float64 `json:"max"`
}

const uploadStateJS = `(() => {
	const list = document.getElementById('up-list'), total = document.getElementById('up-total');
	return {
		total: total.value, max: total.max,
		summary: document.getElementById('up-summary').textContent.trim(),
		words: {imported: list.dataset.imported, duplicate: list.dataset.duplicate, rejected: list.dataset.rejected},
		rows: [...list.children].map(li => {
			const bar = li.querySelector('progress');
			return {
				name: li.querySelector('.name').textContent, state: li.lastElementChild.textContent, outcome: li.dataset.outcome || '',
				rejected: li.classList.contains('rejected'), value: bar.value, max: bar.max,
			};
		}),
	};
})()`

// done tells whether every one of n rows shows how its file ended.
func (st uploadState) done(n int) bool {
	if len(st.Rows) != n {
		return false
	}
	for _, r := range st.Rows {
		if r.Outcome == "" {
			return false
		}
	}
	return true
}

// row returns the row of the file named name.
func (st uploadState) row(name string) uploadRow {
	for _, r := range st.Rows {
		if r.Name == name {
			return r
		}
	}
	return uploadRow{Name: name}
}

// waitUploads watches the upload page until its n rows show how each file
// ended, for at most uploadTimeout. The overall bar must only go forward;
// a batch larger than the three files the page sends at once must be seen
// at work, some rows still waiting.
func (f *flow) waitUploads(n int) uploadState {
	f.t.Helper()
	deadline := time.Now().Add(uploadTimeout)
	var st uploadState
	busy, polls := false, 0
	for last := -1.0; ; last = st.Total {
		st = eval[uploadState](f.b, uploadStateJS)
		polls++
		if st.Total < last || st.Total > st.Max {
			f.t.Errorf("overall progress went from %v to %v of %v", last, st.Total, st.Max)
		}
		if st.done(n) {
			break
		}
		busy = busy || len(st.Rows) == n
		if time.Now().After(deadline) {
			f.t.Fatalf("uploads not done within %v: %+v", uploadTimeout, st)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !busy && n > 3 {
		f.t.Errorf("uploads of %d files: never seen in progress", n)
	}
	f.t.Logf("%d files uploaded, watched over %d polls", n, polls)
	return st
}
