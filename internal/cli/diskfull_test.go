package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"imagier/internal/testmedia"
)

// TestImportDiskFull imports onto a library whose disk is too small for
// the photo: the command fails and says that the disk is full, instead of
// rejecting the photo as unreadable and succeeding. Mounting the small
// disk needs root: the test skips without it, except under CI, which runs
// as root.
func TestImportDiskFull(t *testing.T) {
	if os.Geteuid() != 0 && os.Getenv("CI") != "true" {
		t.Skip("mounting a small file system needs root")
	}
	data := t.TempDir()
	files := filepath.Join(data, "files")
	if err := os.MkdirAll(files, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", files, "tmpfs", 0, "size=64k"); err != nil {
		t.Fatalf("mount a small file system: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(files, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount: %v", err)
		}
	})
	code, out, stderr := run(t, map[string]string{"IMAGIER_DATA": data}, "", "import", testmedia.Path(t, "cameras/jolla.jpg"))
	if code == 0 || !strings.Contains(stderr, "the library's disk is full") {
		t.Fatalf("got exit %d, stderr %q; want a failure saying the disk is full", code, stderr)
	}
	if strings.Contains(out, "rejected:") {
		t.Errorf("got %q, want no rejection: the photo is not at fault", out)
	}
}
