package derive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"imagier/internal/gallery"
)

// childEnv, when set, makes the test binary a child (see TestMain) that
// runs one command, "derive FORMAT PATH" or "measure FORMAT PATH", and
// exits.
const childEnv = "IMAGIER_DERIVE_CHILD"

func TestMain(m *testing.M) {
	if cmd := os.Getenv(childEnv); cmd != "" {
		os.Exit(runChild(cmd))
	}
	os.Exit(m.Run())
}

func runChild(cmd string) int {
	verb, spec, _ := strings.Cut(cmd, " ")
	format, path, ok := strings.Cut(spec, " ")
	switch {
	case ok && verb == "derive":
		fmt.Print(deriveOnce(gallery.Format(format), path))
		return 0
	case ok && verb == "measure":
		return measure(spec)
	}
	fmt.Fprintf(os.Stderr, "%s: want \"derive|measure format path\", got %q\n", childEnv, cmd)
	return 2
}

// deriveOnce reads the file's header and makes its import sizes, as the
// importer does. It says "ok", or gives the error, after "over a limit: "
// when it is one.
func deriveOnce(format gallery.Format, path string) string {
	src := Source{Path: path, Format: format}
	ctx := context.Background()
	_, _, err := Header(ctx, src)
	if err == nil {
		_, err = Make(ctx, src, gallery.ImportSizes(), Limits{})
	}
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrOverLimit) && errors.Is(err, gallery.ErrRejected):
		return "over a limit: " + err.Error()
	}
	return err.Error()
}

// measure runs a "derive" child and prints its peak resident memory in
// bytes, a space, and what it printed. Linux carries a process's peak
// memory across exec, taken from the memory it was started in, and Go
// starts a child in its parent's memory: a child of the test process would
// show that process's peak (raised by other tests and by the race
// detector), not its own. A measure process is small and does nothing else.
func measure(spec string) int {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(childEnviron(), childEnv+"=derive "+spec)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "derive child: %v\n", err)
		return 1
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "no resource usage for the derive child")
		return 1
	}
	fmt.Printf("%d %s", ru.Maxrss*1024, out) // kilobytes on Linux
	return 0
}

// childEnviron is the environment of a child: ours, but a race-detecting
// child need not wait a second before it exits, as it does by default to
// let other goroutines report.
func childEnviron() []string {
	return append(os.Environ(), "GORACE="+os.Getenv("GORACE")+" atexit_sleep_ms=0")
}

// inChild derives path in a child process and returns what it said and its
// peak resident memory in bytes. A call that aborts takes only the child
// down.
func inChild(t *testing.T, path string, format gallery.Format) (string, int64) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(childEnviron(), childEnv+"=measure "+string(format)+" "+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child deriving %s: %v\n%s", filepath.Base(path), err, stderr.Bytes())
	}
	n, said, _ := strings.Cut(string(out), " ")
	rss, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		t.Fatalf("child deriving %s said %q", filepath.Base(path), out)
	}
	return said, rss
}

// writeShape writes a w×h image in the given format: diagonal stripes of
// grey, which compress to a few kilobytes however large the image.
func writeShape(t *testing.T, w, h int, format gallery.Format) string {
	t.Helper()
	// Paletted: the PNG encoder then filters nothing, which keeps
	// millions of pixels quick under the race detector.
	greys := make(color.Palette, 256)
	for i := range greys {
		greys[i] = color.Gray{uint8(i)}
	}
	img := image.NewPaletted(image.Rect(0, 0, w, h), greys)
	for y := range h {
		row := img.Pix[y*img.Stride:][:w]
		for x := range row {
			row[x] = uint8(x + y)
		}
	}
	var b bytes.Buffer
	var err error
	switch format {
	case gallery.FormatPNG:
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	case gallery.FormatGIF:
		err = gif.Encode(&b, img, nil)
	case gallery.FormatJPEG:
		rgb := make([]byte, 0, 3*w*h)
		for _, v := range img.Pix {
			rgb = append(rgb, v, v, v)
		}
		var jpeg []byte
		jpeg, err = EncodeJPEG(rgb, w, h, 80, nil)
		b.Write(jpeg)
	default:
		t.Fatalf("cannot write %s", format)
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), fmt.Sprintf("%dx%d.%s", w, h, format))
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// maxPeakRSS bounds the memory of a child that derives one small file. The
// child's own share is about 40 MB (55 under the race detector): the test
// binary, libvips and its threads.
const maxPeakRSS = 200 << 20

// Images of an extreme shape are refused from their header, with a reason
// that names their shape, and cost little: before, an 8,000,000×1 PNG of a
// few kilobytes made a resampling filter of 192 MB and peaked at 405 MB,
// and had an allocation failed, g_new would have aborted the process. Up
// to MaxAspect, they are made, also at little cost.
func TestMakeExtremeAspect(t *testing.T) {
	tests := []struct {
		w, h   int
		format gallery.Format
		want   string // what deriveOnce says
	}{
		{8_000_000, 1, gallery.FormatPNG, "over a limit: derive: rejected: image is 8000000×1 pixels, over the 144:1 aspect ratio limit"},
		{1, 8_000_000, gallery.FormatPNG, "over a limit: derive: rejected: image is 1×8000000 pixels, over the 144:1 aspect ratio limit"},
		{200_000, 40, gallery.FormatPNG, "over a limit: derive: rejected: image is 200000×40 pixels, over the 144:1 aspect ratio limit"},
		{14_401, 100, gallery.FormatPNG, "over a limit: derive: rejected: image is 14401×100 pixels, over the 144:1 aspect ratio limit"},
		{65_500, 1, gallery.FormatJPEG, "over a limit: derive: rejected: image is 65500×1 pixels, over the 144:1 aspect ratio limit"},
		{2, 65_500, gallery.FormatJPEG, "over a limit: derive: rejected: image is 2×65500 pixels, over the 144:1 aspect ratio limit"},
		{65_535, 1, gallery.FormatGIF, "over a limit: derive: rejected: image is 65535×1 pixels, over the 144:1 aspect ratio limit"},
		// At the limit: the square is the whole short side, or the
		// centre of a 17,280×120 image.
		{14_400, 100, gallery.FormatPNG, "ok"},
		{100, 14_400, gallery.FormatJPEG, "ok"},
		{17_280, 120, gallery.FormatJPEG, "ok"},
		{1_440, 10, gallery.FormatGIF, "ok"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d×%d %s", tt.w, tt.h, tt.format), func(t *testing.T) {
			path := writeShape(t, tt.w, tt.h, tt.format)
			got, rss := inChild(t, path, tt.format)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if rss > maxPeakRSS {
				t.Errorf("peak RSS %d MB, want at most %d MB", rss>>20, maxPeakRSS>>20)
			}
			t.Logf("peak RSS %d MB", rss>>20)
		})
	}
}

// MaxAspect is the thumbnail's long side, for the reason its comment gives:
// a new thumbnail size should revisit it.
func TestMaxAspectIsThumb(t *testing.T) {
	if thumb := mustSize(t, "thumb"); thumb.Long != MaxAspect {
		t.Errorf("got MaxAspect %d, want the thumbnail's long side, %d", MaxAspect, thumb.Long)
	}
}
