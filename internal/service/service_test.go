package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"imagier/internal/auth"
	"imagier/internal/blob/fsblob"
	"imagier/internal/derive"
	"imagier/internal/gallery"
	"imagier/internal/media"
	"imagier/internal/meta"
	"imagier/internal/meta/metatest"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"

	"github.com/pquerna/otp/totp"
)

// extractors is the package's one metadata reader.
var extractors metatest.Pool

func sharedExtractor(t testing.TB) *meta.Extractor { return extractors.Get(t) }

func TestMain(m *testing.M) { os.Exit(extractors.Run(m)) }

// env is a service over a real store and library, with an administrator.
type env struct {
	svc   *Service
	store *sqlstore.Store
	lib   *media.Library
	admin Actor
	dir   string
}

const testPassword = "correct horse battery"

// newEnvs builds a service on every reachable database.
func newEnvs(t *testing.T) map[string]*env {
	t.Helper()
	if err := derive.Init(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	out := map[string]*env{}
	for name, store := range sqlstore.OpenTestStores(t) {
		dir := t.TempDir()
		blobs, err := fsblob.New(filepath.Join(dir, "files"))
		if err != nil {
			t.Fatal(err)
		}
		lib := media.New(store, blobs, sharedExtractor(t), log, media.Options{Workers: 2, MaxPixels: 200e6, FileTimeout: time.Minute, MaxFileSize: 1 << 30})
		sessions, err := auth.NewSessions(store, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := New(store, lib, sessions, log, Options{UploadDir: filepath.Join(dir, "uploads"), MaxUploadSize: 1 << 30})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(svc.Close)
		e := &env{svc: svc, store: store, lib: lib, dir: dir, admin: CommandLine([]string{"test"})}
		out[name] = e
	}
	return out
}

// user makes an account and returns it as an actor, signed in from addr.
func (e *env) user(t *testing.T, name string, role gallery.Role) Actor {
	t.Helper()
	u, err := e.svc.AddUser(context.Background(), e.admin, UserForm{Name: name, Password: testPassword, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return e.actor(t, u)
}

// actor returns u's actor with fresh rights.
func (e *env) actor(t *testing.T, u gallery.User) Actor {
	t.Helper()
	acc, err := e.svc.rights.For(context.Background(), &u, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Actor{User: u, Access: acc, Address: "192.0.2.1", SessionHash: "test-session"}
}

func (e *env) refresh(t *testing.T, a Actor) Actor {
	t.Helper()
	u, err := e.store.UserByID(context.Background(), a.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	return e.actor(t, u)
}

// auditCount returns how many audit entries have this action.
func (e *env) auditCount(t *testing.T, action string) int {
	t.Helper()
	entries, err := e.store.Audit(context.Background(), gallery.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range entries {
		if x.Action == action {
			n++
		}
	}
	return n
}

// importInto imports a shared test file into an album path as the
// command line does, and returns the item.
func (e *env) importInto(t *testing.T, file string, album ...string) gallery.Media {
	t.Helper()
	ctx := context.Background()
	rep, err := e.lib.Import(ctx, []string{testmedia.Path(t, file)}, media.ImportOptions{Album: album})
	if err != nil || rep.Imported+rep.Duplicates != 1 {
		t.Fatalf("import %s: %+v %v", file, rep, err)
	}
	var out gallery.Media
	base := file[strings.LastIndex(file, "/")+1:]
	e.store.EachMedia(ctx, func(m gallery.Media) error {
		if m.Filename == base {
			out = m
		}
		return nil
	})
	return out
}

// TestChangeAndAuditTogether: a change that fails leaves no audit entry,
// and an audit entry that cannot be written undoes its change.
func TestChangeAndAuditTogether(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			a := e.admin
			id, err := e.svc.CreateAlbum(ctx, a, 0, "Lyon")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.CreateAlbum(ctx, a, 0, "Paris"); err != nil {
				t.Fatal(err)
			}
			if n := e.auditCount(t, "album.create"); n != 2 {
				t.Fatalf("album.create entries: got %d, want 2", n)
			}
			// Renaming to a name taken fails: no entry.
			if err := e.svc.RenameAlbum(ctx, a, id, "Paris"); !errors.Is(err, gallery.ErrConflict) {
				t.Fatalf("rename to a taken name: got %v, want a conflict", err)
			}
			if n := e.auditCount(t, "album.rename"); n != 0 {
				t.Errorf("a failed rename was audited %d times", n)
			}
			// A change whose last step fails — here, standing for its audit
			// entry failing — is undone whole: what the store did with the
			// change's context is rolled back.
			err = e.svc.change(ctx, a, "album.rename", "x", "", func(ctx context.Context) error {
				if err := e.store.RenameAlbum(ctx, id, "Marseille"); err != nil {
					return err
				}
				return errors.New("the audit could not be written")
			})
			if err == nil {
				t.Fatal("the failing change reported success")
			}
			roots, _, err := e.svc.AlbumNodes(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			for _, al := range roots {
				if al.Name == "Marseille" {
					t.Errorf("the rename stayed without its audit entry")
				}
			}
		})
	}
}

// TestEditAtomic: an edit with a bad date saves nothing, not even the
// title sent with it.
func TestEditAtomic(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			m := e.importInto(t, "cameras/Canon_40D.jpg", "Tests")
			title, bad := "A new title", "31/02/2024 soon"
			err := e.svc.EditMedia(ctx, e.admin, m.Key, MediaEdit{Title: &title, Taken: bad, SetTaken: true})
			if !errors.Is(err, gallery.ErrInvalid) {
				t.Fatalf("bad date: got %v, want invalid", err)
			}
			got, err := e.store.MediaByID(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title == title {
				t.Errorf("the title was saved with a bad date")
			}
			lat, lon := "95", "3"
			if err := e.svc.EditMedia(ctx, e.admin, m.Key, MediaEdit{Title: &title, Lat: lat, Lon: lon, SetGPS: true}); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("latitude 95: got %v, want invalid", err)
			}
			if err := e.svc.EditMedia(ctx, e.admin, m.Key, MediaEdit{Title: &title, Taken: "2024-07-14T22:30", SetTaken: true}); err != nil {
				t.Fatal(err)
			}
			got, _ = e.store.MediaByID(ctx, m.ID)
			if got.Title != title || got.Meta.Taken == nil || got.Meta.Taken.Local.Year() != 2024 {
				t.Errorf("good edit: title %q, taken %v", got.Title, got.Meta.Taken)
			}
			if n := e.auditCount(t, "media.edit"); n != 1 {
				t.Errorf("media.edit entries: got %d, want 1", n)
			}
		})
	}
}

// TestAPIKeysFollowThePassword: making a key asks for the password; keys
// expire by default; changing or resetting the password revokes them.
func TestAPIKeysFollowThePassword(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			paul := e.user(t, "paul", gallery.RoleNormal)
			if _, err := e.svc.AddAPIKey(ctx, paul, NewKey{Name: "script", Password: "not my password"}); !errors.Is(err, ErrWrongPassword) {
				t.Fatalf("key with a wrong password: got %v", err)
			}
			secret, err := e.svc.AddAPIKey(ctx, paul, NewKey{Name: "script", Password: testPassword})
			if err != nil {
				t.Fatal(err)
			}
			keys, _ := e.store.APIKeys(ctx, paul.User.ID)
			if len(keys) != 1 || keys[0].ExpiresAt == nil || keys[0].ExpiresAt.Sub(time.Now()) > (DefaultKeyDays+1)*24*time.Hour {
				t.Fatalf("a key without a chosen life: %+v, want %d days", keys, DefaultKeyDays)
			}
			se, err := e.svc.KeySession(ctx, secret)
			if err != nil || se == nil {
				t.Fatalf("fresh key opens nothing: %v", err)
			}
			// A key's "sign out" ends nothing, and drops no server's caches.
			v1, _ := e.store.RightsVersion(ctx)
			if err := e.svc.SignOut(ctx, *se); err != nil {
				t.Fatal(err)
			}
			if v2, _ := e.store.RightsVersion(ctx); v2 != v1 {
				t.Errorf("signing a key out moved the rights version %d → %d", v1, v2)
			}
			if err := e.svc.ChangePassword(ctx, paul, testPassword, "another long password", false); err != nil {
				t.Fatal(err)
			}
			if se, err := e.svc.KeySession(ctx, secret); err != nil || se != nil {
				t.Errorf("a key outlived the password change: %v %v", se, err)
			}
			// Kept when asked, then revoked by a reset.
			paul = e.refresh(t, paul)
			secret, err = e.svc.AddAPIKey(ctx, paul, NewKey{Name: "kept", Password: "another long password", Days: 10})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.ChangePassword(ctx, paul, "another long password", "a third long password", true); err != nil {
				t.Fatal(err)
			}
			if se, _ := e.svc.KeySession(ctx, secret); se == nil {
				t.Errorf("a key kept on purpose was revoked")
			}
			token, err := auth.NewToken()
			if err != nil {
				t.Fatal(err)
			}
			if err := e.store.AddReset(ctx, paul.User.ID, auth.HashToken(token), time.Now(), time.Hour, 0); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.Reset(ctx, "192.0.2.9", token, "a fourth long password"); err != nil {
				t.Fatal(err)
			}
			if se, _ := e.svc.KeySession(ctx, secret); se != nil {
				t.Errorf("a key outlived a password reset")
			}
			// A shared account makes no key and signs nobody out.
			shared := e.user(t, "accueil", gallery.RoleGeneric)
			if _, err := e.svc.AddAPIKey(ctx, shared, NewKey{Name: "x", Password: testPassword}); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("shared account made a key: %v", err)
			}
			if err := e.svc.SignOutElsewhere(ctx, shared); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("shared account signed out everywhere: %v", err)
			}
		})
	}
}

// TestTOTPSecretNotReplaced: with two-step sign-in on, a new secret
// cannot be started or confirmed; confirming asks for the password.
func TestTOTPSecretNotReplaced(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			anne := e.user(t, "anne", gallery.RoleAdmin)
			secret, _, err := e.svc.StartTOTP(ctx, anne)
			if err != nil {
				t.Fatal(err)
			}
			code := totpCode(t, secret)
			if err := e.svc.ConfirmTOTP(ctx, anne, "wrong password", secret, code); !errors.Is(err, ErrWrongPassword) {
				t.Fatalf("confirm without the password: %v", err)
			}
			if err := e.svc.ConfirmTOTP(ctx, anne, testPassword, secret, code); err != nil {
				t.Fatal(err)
			}
			anne = e.refresh(t, anne)
			if _, _, err := e.svc.StartTOTP(ctx, anne); !errors.Is(err, gallery.ErrConflict) {
				t.Errorf("a second secret while on: got %v, want a conflict", err)
			}
			other, _, _ := auth.NewTOTP("Imagier", "anne")
			if err := e.svc.ConfirmTOTP(ctx, anne, testPassword, other, totpCode(t, other)); !errors.Is(err, gallery.ErrConflict) {
				t.Errorf("replacing the secret while on: got %v, want a conflict", err)
			}
			stored, _ := e.store.TOTPSecret(ctx, anne.User.ID)
			if stored != secret {
				t.Errorf("the secret changed")
			}
		})
	}
}

// TestEditorDeleteKeepsOthersAlbums: an editor's delete trashes an item
// only when they edit every album holding it; otherwise it leaves their
// album, and stays where others see it.
func TestEditorDeleteKeepsOthersAlbums(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			shared := e.importInto(t, "cameras/Canon_40D.jpg", "Mine")
			e.importInto(t, "cameras/Canon_40D.jpg", "Secret") // the same bytes, filed in a second album
			own := e.importInto(t, "cameras/Sony.jpg", "Mine")
			mine, err := e.svc.AlbumByPath(ctx, e.admin, "Mine")
			if err != nil {
				t.Fatal(err)
			}
			ed := e.user(t, "editor", gallery.RoleNormal)
			if err := e.svc.Grant(ctx, e.admin, mine.ID, Grantee{User: ed.User.ID}, gallery.PermView|gallery.PermEdit); err != nil {
				t.Fatal(err)
			}
			ed = e.refresh(t, ed)
			if err := e.svc.BatchEdit(ctx, ed, Batch{Action: BatchDelete, Keys: []string{shared.Key, own.Key}}); err != nil {
				t.Fatal(err)
			}
			got, _ := e.store.MediaByID(ctx, shared.ID)
			if got.DeletedAt != nil {
				t.Errorf("the item in a hidden album went to the trash")
			}
			albums, _ := e.store.MediaAlbumIDs(ctx, shared.ID)
			if len(albums) != 1 || albums[0] == mine.ID {
				t.Errorf("shared item: albums %v, want only the hidden one", albums)
			}
			got, _ = e.store.MediaByID(ctx, own.ID)
			if got.DeletedAt == nil {
				t.Errorf("the editor's own item was not trashed")
			}
		})
	}
}

// TestUploadsSharedAndBounded: a reservation made through one server
// counts on another sharing the database; empty files and too many
// uploads at once are refused.
func TestUploadsSharedAndBounded(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			id, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Dépôt"}})
			if err != nil {
				t.Fatal(err)
			}
			c := e.user(t, "contrib", gallery.RoleNormal)
			quota := int64(1000)
			if err := e.svc.UpdateUser(ctx, e.admin, c.User.ID, UserForm{Role: gallery.RoleNormal, Quota: &quota}); err != nil {
				t.Fatal(err)
			}
			if err := e.svc.Grant(ctx, e.admin, id, Grantee{User: c.User.ID}, gallery.PermView|gallery.PermContribute); err != nil {
				t.Fatal(err)
			}
			c = e.refresh(t, c)
			if _, err := e.svc.StartUpload(ctx, c, UploadRequest{Name: "empty.jpg", Size: 0, Album: id}); !errors.Is(err, ErrEmptyFile) {
				t.Errorf("empty file: got %v", err)
			}
			// A second server on the same database.
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			sessions, _ := auth.NewSessions(e.store, time.Hour)
			other, err := New(e.store, e.lib, sessions, log, Options{UploadDir: filepath.Join(e.dir, "uploads2")})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.StartUpload(ctx, c, UploadRequest{Name: "a.jpg", Size: 600, Album: id}); err != nil {
				t.Fatal(err)
			}
			var q *QuotaError
			if _, err := other.StartUpload(ctx, c, UploadRequest{Name: "b.jpg", Size: 600, Album: id}); !errors.As(err, &q) {
				t.Errorf("the other server's reservation did not count: %v", err)
			}
			// At once, from both servers, the room for one small file.
			var wg sync.WaitGroup
			errs := make([]error, 8)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := e.svc
					if i%2 == 1 {
						s = other
					}
					_, errs[i] = s.StartUpload(ctx, c, UploadRequest{Name: "c.jpg", Size: 300, Album: id})
				}()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				} else if !errors.As(err, &q) {
					t.Errorf("concurrent start: %v", err)
				}
			}
			if ok != 1 {
				t.Errorf("%d concurrent uploads of 300 bytes fit in the 400 left, want 1", ok)
			}
			// An administrator has no quota, but a cap on uploads at once.
			a := e.user(t, "boss", gallery.RoleAdmin)
			var last error
			for range maxStaged + 1 {
				_, last = e.svc.StartUpload(ctx, a, UploadRequest{Name: "x.jpg", Size: 10})
			}
			if !errors.Is(last, ErrTooManyUploads) {
				t.Errorf("upload %d at once: got %v, want refused", maxStaged+1, last)
			}
		})
	}
}

// TestFileName: names are cut to 255 bytes on a character's edge, their
// extension kept, control characters and folders gone.
func TestFileName(t *testing.T) {
	long := strings.Repeat("é", 300) + ".jpeg"
	tests := []struct{ in, want string }{
		{"photo.jpg", "photo.jpg"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\anne\IMG_1.JPG`, "IMG_1.JPG"},
		{"a\x00b\tc.png", "a b c.png"},
		{long, strings.Repeat("é", 125) + ".jpeg"},
	}
	for _, tt := range tests {
		got := FileName(tt.in)
		if got != tt.want {
			t.Errorf("FileName(%.30q): got %.40q (%d bytes), want %.40q", tt.in, got, len(got), tt.want)
		}
		if len(got) > 255 {
			t.Errorf("FileName(%.30q) is %d bytes", tt.in, len(got))
		}
	}
}

// TestParseNetwork: IPv4-mapped entries are read as IPv4, so that they
// match the callers' addresses, which are compared unmapped.
func TestParseNetwork(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "203.0.113.7", want: "203.0.113.7/32"},
		{in: "::ffff:203.0.113.7", want: "203.0.113.7/32"},
		{in: "::ffff:203.0.113.0/120", want: "203.0.113.0/24"},
		{in: "2001:db8::1/48", want: "2001:db8::/48"},
		{in: "::ffff:0:0/90", bad: true},
		{in: "not an address", bad: true},
	}
	for _, tt := range tests {
		p, err := ParseNetwork(tt.in)
		if (err != nil) != tt.bad || (!tt.bad && p.String() != tt.want) {
			t.Errorf("ParseNetwork(%q): got %v %v, want %q (bad %t)", tt.in, p, err, tt.want, tt.bad)
		}
	}
}

// totpCode is what an authenticator app shows now for secret.
func totpCode(t *testing.T, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// upload sends a shared test file through the upload door as a.
func (e *env) upload(t *testing.T, a Actor, file string, album int64) UploadResult {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(testmedia.Path(t, file))
	if err != nil {
		t.Fatal(err)
	}
	up, err := e.svc.StartUpload(ctx, a, UploadRequest{Name: filepath.Base(file), Size: int64(len(data)), Album: album})
	if err != nil {
		t.Fatalf("start upload of %s: %v", file, err)
	}
	if _, err := e.svc.UploadChunk(ctx, a, up.ID, 0, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.FinishUpload(ctx, a, up.ID)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDuplicateUploadsRevealNothing: uploading the bytes of an item that
// lives only where the uploader may not see — or in the trash — neither
// files it, nor restores it, nor names it: the answer is the one a new
// contribution gets. An administrator's upload brings it back.
func TestDuplicateUploadsRevealNothing(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			secret := e.importInto(t, "cameras/Canon_40D.jpg", "Secret")
			seen := e.importInto(t, "cameras/Pentax.jpg", "Seen")
			trashed := e.importInto(t, "cameras/Sony.jpg", "Secret")
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchDelete, Keys: []string{trashed.Key}}); err != nil {
				t.Fatal(err)
			}
			mine, err := e.svc.AddAlbumPath(ctx, e.admin, AlbumSpec{Path: []string{"Mine"}})
			if err != nil {
				t.Fatal(err)
			}
			editor := e.user(t, "editor", gallery.RoleNormal)
			contrib := e.user(t, "contrib", gallery.RoleNormal)
			must := func(err error) {
				if err != nil {
					t.Fatal(err)
				}
			}
			must(e.svc.Grant(ctx, e.admin, mine, Grantee{User: editor.User.ID}, gallery.PermView|gallery.PermEdit|gallery.PermContribute))
			must(e.svc.Grant(ctx, e.admin, mine, Grantee{User: contrib.User.ID}, gallery.PermView|gallery.PermContribute))
			// The editor may see, not edit, the album Seen.
			seenAlbum, err := e.svc.AlbumByPath(ctx, e.admin, "Seen")
			must(err)
			must(e.svc.Grant(ctx, e.admin, seenAlbum.ID, Grantee{User: editor.User.ID}, gallery.PermView|gallery.PermDownload))
			editor, contrib = e.refresh(t, editor), e.refresh(t, contrib)

			// What each gets for bytes new to the library.
			fresh := map[int64]UploadResult{
				contrib.User.ID: e.upload(t, contrib, "cameras/Nikon.jpg", mine),
				editor.User.ID:  e.upload(t, editor, "cameras/Olympus.jpg", mine),
			}
			if fresh[editor.User.ID].Outcome != "imported" || fresh[contrib.User.ID].Outcome != "pending" {
				t.Fatalf("new files: %+v", fresh)
			}
			for _, tt := range []struct {
				who  Actor
				file string
				item gallery.Media
			}{
				{editor, "cameras/Canon_40D.jpg", secret},
				{editor, "cameras/Sony.jpg", trashed},
				{contrib, "cameras/Canon_40D.jpg", secret},
				{contrib, "cameras/Sony.jpg", trashed},
				// Filing an item the editor may only see into their album
				// would give them the right to edit it.
				{editor, "cameras/Pentax.jpg", seen},
			} {
				before, err := e.svc.Quota(ctx, tt.who)
				must(err)
				res := e.upload(t, tt.who, tt.file, mine)
				want := fresh[tt.who.User.ID]
				if res.Outcome != want.Outcome || res.Key != "" || res.Reason != "" {
					t.Errorf("%s uploads %s: got %+v, want the answer to a new file %+v", tt.who.User.Name, tt.file, res, want)
				}
				// Their usage grows as for a new file: a quota's meter does
				// not tell either.
				after, err := e.svc.Quota(ctx, tt.who)
				must(err)
				if after.Used-before.Used != tt.item.Size {
					t.Errorf("%s uploads %s: usage grew by %d, want %d", tt.who.User.Name, tt.file, after.Used-before.Used, tt.item.Size)
				}
				got, _ := e.store.MediaByID(ctx, tt.item.ID)
				albums, _ := e.store.MediaAlbumIDs(ctx, tt.item.ID)
				if slices.Contains(albums, mine) {
					t.Errorf("%s uploads %s: the hidden item was filed in their album", tt.who.User.Name, tt.file)
				}
				if (got.DeletedAt == nil) != (tt.item.ID != trashed.ID) {
					t.Errorf("%s uploads %s: the trashed item was brought back", tt.who.User.Name, tt.file)
				}
			}
			// Administrators learn of each, in the audit log.
			if n := e.auditCount(t, "upload.withheld"); n != 5 {
				t.Errorf("upload.withheld entries: got %d, want 5", n)
			}
			// An administrator's upload brings the item back, and files it.
			boss := e.user(t, "boss", gallery.RoleAdmin)
			res := e.upload(t, boss, "cameras/Sony.jpg", mine)
			got, _ := e.store.MediaByID(ctx, trashed.ID)
			if res.Outcome != "duplicate" || res.Key != trashed.Key || got.DeletedAt != nil {
				t.Errorf("administrator's upload of a trashed item: %+v, trashed %v", res, got.DeletedAt)
			}
			if n := e.auditCount(t, "upload.existing"); n != 1 {
				t.Errorf("upload.existing entries: got %d, want 1", n)
			}
		})
	}
}

// TestReadOnlyKeyChangesNothing: an actor from a read-only key is refused
// every change, whatever door it came through.
func TestReadOnlyKeyChangesNothing(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			boss := e.user(t, "boss", gallery.RoleAdmin)
			boss.APIKey, boss.ReadOnly = true, true
			if _, err := e.svc.CreateAlbum(ctx, boss, 0, "Lyon"); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("album with a read-only key: %v", err)
			}
			if err := e.svc.SetSetting(ctx, boss, "guest_access", "false"); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("setting with a read-only key: %v", err)
			}
			if n := e.auditCount(t, "album.create") + e.auditCount(t, "setting.change"); n != 0 {
				t.Errorf("%d changes audited", n)
			}
		})
	}
}

// TestReviewAndCoverCheckTheirItems: only items waiting for review are
// published or rejected, and a cover is an item of its album.
func TestReviewAndCoverCheckTheirItems(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			m := e.importInto(t, "cameras/Canon_40D.jpg", "Lyon")
			other := e.importInto(t, "cameras/Sony.jpg", "Paris")
			if err := e.svc.Review(ctx, e.admin, []string{m.Key}, false); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("rejecting a published item: %v", err)
			}
			if got, _ := e.store.MediaByID(ctx, m.ID); got.DeletedAt != nil {
				t.Errorf("a published item was trashed as a rejected contribution")
			}
			if err := e.svc.Review(ctx, e.admin, []string{"nothing"}, true); !errors.Is(err, gallery.ErrNotFound) {
				t.Errorf("publishing an unknown key: %v", err)
			}
			lyon, err := e.svc.AlbumByPath(ctx, e.admin, "Lyon")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchCover, Keys: []string{other.Key}, From: lyon.ID}); !errors.Is(err, gallery.ErrInvalid) {
				t.Errorf("another album's item as cover: %v", err)
			}
			if err := e.svc.BatchEdit(ctx, e.admin, Batch{Action: BatchCover, Keys: []string{m.Key}, From: lyon.ID}); err != nil {
				t.Errorf("own item as cover: %v", err)
			}
			if n := e.auditCount(t, "review.publish") + e.auditCount(t, "review.reject"); n != 0 {
				t.Errorf("refused reviews audited %d times", n)
			}
		})
	}
}

// TestResetRequestsLeaveSignIn: asking for many reset links from one
// address does not shut it out of signing in.
func TestResetRequestsLeaveSignIn(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			e.user(t, "anne", gallery.RoleNormal)
			e.svc.opt.Mailer, e.svc.opt.PublicURL = discardMail{}, "https://photos.example.org"
			for i := range 25 {
				e.svc.RequestReset(ctx, "192.0.2.50", fmt.Sprintf("someone%d", i), func(a, l string) (string, string) { return a, l })
			}
			e.svc.Close()
			if _, err := e.svc.SignIn(ctx, "anne", testPassword, "192.0.2.50", "test"); err != nil {
				t.Errorf("sign-in after reset requests from the same address: %v", err)
			}
		})
	}
}

// discardMail sends nothing.
type discardMail struct{}

func (discardMail) Send(context.Context, string, string, string) error { return nil }

// TestChunksOneAtATime: two chunks sent at once to one upload at the same
// offset: one is written, the other told where the upload is.
func TestChunksOneAtATime(t *testing.T) {
	ctx := context.Background()
	e := newEnvs(t)["sqlite"]
	a := e.user(t, "boss", gallery.RoleAdmin)
	data := bytes.Repeat([]byte("x"), 4<<20)
	up, err := e.svc.StartUpload(ctx, a, UploadRequest{Name: "big.bin", Size: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.UploadChunk(ctx, a, up.ID, 0, bytes.NewReader(data))
		}()
	}
	wg.Wait()
	ok, offset := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrOffset):
			offset++
		default:
			t.Errorf("chunk: %v", err)
		}
	}
	if n, _ := e.svc.UploadOffset(ctx, a, up.ID); ok != 1 || offset != 1 || n != int64(len(data)) {
		t.Errorf("%d written, %d refused, %d bytes staged; want 1, 1 and %d", ok, offset, n, len(data))
	}
}

// TestPasswordGuessesThrottled: the password given again on the account
// page is throttled like sign-ins, and so are accounts made from one
// address.
func TestPasswordGuessesThrottled(t *testing.T) {
	ctx := context.Background()
	for name, e := range newEnvs(t) {
		t.Run(name, func(t *testing.T) {
			paul := e.user(t, "paul", gallery.RoleNormal)
			for i := range 5 {
				if _, err := e.svc.AddAPIKey(ctx, paul, NewKey{Name: "k", Password: fmt.Sprintf("guess %d", i)}); !errors.Is(err, ErrWrongPassword) {
					t.Fatalf("guess %d: %v", i, err)
				}
			}
			if _, err := e.svc.AddAPIKey(ctx, paul, NewKey{Name: "k", Password: testPassword}); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("the right password after 5 guesses from one address: %v, want refused", err)
			}
			paul.Address = "198.51.100.3"
			if _, err := e.svc.AddAPIKey(ctx, paul, NewKey{Name: "k", Password: testPassword}); err != nil {
				t.Errorf("the right password from another address: %v", err)
			}
			e.svc.opt.SetupToken = ""
			if err := e.svc.SetSetting(ctx, e.admin, "registration", "open"); err != nil {
				t.Fatal(err)
			}
			var last error
			for i := range 21 {
				_, _, last = e.svc.Register(ctx, "203.0.113.5", "test", NewAccount{Name: fmt.Sprintf("newcomer%d", i), Password: testPassword})
			}
			if !errors.Is(last, ErrTooManyAccounts) {
				t.Errorf("account 21 from one address: %v, want refused", last)
			}
		})
	}
}
