package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"imagier/internal/media"
	"imagier/internal/sample"
	"imagier/internal/service"
)

// sample makes a small demo library: photo-like JPEGs with camera EXIF,
// imported into albums named after their folders under "Samples".
func sampleCmd(ctx context.Context, env Env, args []string) int {
	fs, cfg := libraryFlags("sample", env)
	count := fs.Int("count", 24, "how many photos to make")
	width := fs.Int("width", 3000, "photo width in pixels")
	height := fs.Int("height", 2000, "photo height in pixels")
	if _, err := parse(fs, args, env.Stderr); err != nil {
		return exitFailure
	}
	if *count < 1 || *count > 10000 || *width < 16 || *height < 16 || int64(*width)*int64(*height) > 100e6 {
		fmt.Fprintln(env.Stderr, "imagier sample: want 1 to 10000 photos of at least 16×16 and at most 100 MP")
		return exitFailure
	}
	a, err := open(ctx, *cfg, newLogger(quiet(env)), true)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	tmp, err := os.MkdirTemp(a.cfg.DataDir, "samples-")
	if err != nil {
		return fail(env, err)
	}
	defer os.RemoveAll(tmp)
	root := filepath.Join(tmp, "Samples")
	fmt.Fprintf(env.Stdout, "making %d sample photos…\n", *count)
	if err := sample.Demo(root, *count, *width, *height); err != nil {
		return fail(env, err)
	}
	svc, err := a.service(service.Options{})
	if err != nil {
		return fail(env, err)
	}
	rep, err := svc.Import(ctx, service.CommandLine(append([]string{"sample"}, args...)), []string{root}, media.ImportOptions{FoldersAsAlbums: true})
	if err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stdout, "%d sample photos imported, %d already there\n", rep.Imported, rep.Duplicates)
	return exitOK
}
