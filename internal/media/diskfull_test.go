package media

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"imagier/internal/testmedia"
)

// smallDisk returns a prepare func for newTestLibs that mounts a file
// system of size bytes on the library's files folder, then calls fill
// unless it is nil. Mounting needs root: the test skips without it, except
// under CI, which runs as root.
func smallDisk(size int, fill func(t *testing.T, files string)) func(t *testing.T, files string) {
	return func(t *testing.T, files string) {
		t.Helper()
		if os.Geteuid() != 0 && os.Getenv("CI") != "true" {
			t.Skip("mounting a small file system needs root")
		}
		if err := os.MkdirAll(files, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mount("tmpfs", files, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
			t.Fatalf("mount a %d-byte file system: %v", size, err)
		}
		t.Cleanup(func() {
			if err := syscall.Unmount(files, syscall.MNT_DETACH); err != nil {
				t.Errorf("unmount: %v", err)
			}
		})
		if fill != nil {
			fill(t, files)
		}
	}
}

// leaveFree fills the file system of files so that exactly free bytes are
// left.
func leaveFree(free int64) func(t *testing.T, files string) {
	return func(t *testing.T, files string) {
		t.Helper()
		var st syscall.Statfs_t
		if err := syscall.Statfs(files, &st); err != nil {
			t.Fatal(err)
		}
		filler := int64(st.Bavail)*st.Bsize - free
		if filler < 0 {
			t.Fatalf("the file system has %d bytes free, fewer than %d", int64(st.Bavail)*st.Bsize, free)
		}
		// A name no blob key can take, so that check and recovery leave it.
		if err := os.WriteFile(filepath.Join(files, ".filler"), make([]byte, filler), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDiskFull imports onto a library whose disk fills up, while the
// original is written and while its derivatives are: the run stops with
// ErrDiskFull and says so, instead of rejecting file after file as if they
// could not be read.
func TestDiskFull(t *testing.T) {
	photo := testmedia.Path(t, "cameras/jolla.jpg")
	fi, err := os.Stat(photo)
	if err != nil {
		t.Fatal(err)
	}
	page := int64(os.Getpagesize())
	others := []string{testmedia.Path(t, "cameras/Canon_40D.jpg"), testmedia.Path(t, "cameras/Nikon_D70.jpg")}
	tests := []struct {
		name    string
		prepare func(t *testing.T, files string)
		files   []string
		while   string
	}{
		{"original", smallDisk(64<<10, nil), []string{photo}, "store original"},
		// Room for the original, to the page, and for nothing else.
		{"derivatives", smallDisk(4<<20, leaveFree((fi.Size()+page-1)/page*page)), []string{photo}, "derivative"},
		// The small photos may fit before the disk is full, or fill it.
		{"among others", smallDisk(64<<10, nil), append([]string{photo}, others...), "store "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, lib := range newTestLibs(t, tt.prepare) {
				t.Run(name, func(t *testing.T) {
					rep, err := lib.Import(context.Background(), tt.files, ImportOptions{})
					if !errors.Is(err, ErrDiskFull) {
						t.Fatalf("got error %v and %+v, want ErrDiskFull", err, rep)
					}
					if msg := err.Error(); !strings.Contains(msg, "the library's disk is full") || !strings.Contains(msg, tt.while) {
						t.Errorf("got message %q, want it to say the disk is full, while writing the %s", msg, tt.while)
					}
					for _, r := range rep.Rejections {
						t.Errorf("got rejection %+v, want none: the file is not at fault", r)
					}
					// A photo imported beside it may be recorded or not as
					// the run stops, but not the one that filled the disk.
					items := allMedia(t, lib.store)
					if len(items) < rep.Imported {
						t.Errorf("got %d items, want at least the %d reported imported", len(items), rep.Imported)
					}
					for _, m := range items {
						if m.Filename == filepath.Base(photo) {
							t.Errorf("got an item for %s, whose bytes did not fit", m.Filename)
						}
					}
					if n, err := lib.blobs.TempCount(); err != nil || n != 0 {
						t.Errorf("got %d unfinished writes left (%v), want none", n, err)
					}
				})
			}
		})
	}
}

// TestSourceFailed checks how a failed copy of an original is told apart:
// the source's read error is the file's fault, the destination's write
// error the library's.
func TestSourceFailed(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		source  func(t *testing.T) *os.File
		dest    func(t *testing.T) *os.File
		atFault bool // the source
	}{
		{
			name:    "source is a folder",
			source:  func(t *testing.T) *os.File { return open(t, dir, os.O_RDONLY) },
			dest:    func(t *testing.T) *os.File { return open(t, filepath.Join(dir, "copy"), os.O_WRONLY|os.O_CREATE) },
			atFault: true,
		},
		{
			name:   "destination is read-only",
			source: func(t *testing.T) *os.File { return open(t, testmedia.Path(t, "cameras/Canon_40D.jpg"), os.O_RDONLY) },
			dest: func(t *testing.T) *os.File {
				os.WriteFile(filepath.Join(dir, "ro"), nil, 0o600)
				return open(t, filepath.Join(dir, "ro"), os.O_RDONLY)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &sourceReader{f: tt.source(t)}
			if _, err := src.WriteTo(tt.dest(t)); err == nil {
				t.Fatal("the copy succeeded, want it to fail")
			}
			if got := src.err != nil; got != tt.atFault {
				t.Errorf("got source at fault %v (%v), want %v", got, src.err, tt.atFault)
			}
		})
	}
}

func open(t *testing.T, path string, flag int) *os.File {
	t.Helper()
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
