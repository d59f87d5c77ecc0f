package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"imagier/internal/media"
	"imagier/internal/service"
)

func importCmd(ctx context.Context, env Env, args []string) int {
	fs, cfg := libraryFlags("import", env)
	album := fs.String("album", "", "album path for every file, e.g. \"Trips/2024\"")
	folders := fs.Bool("folders-as-albums", false, "file each file in albums named after its folders")
	asJSON := fs.Bool("json", false, "print one JSON summary instead of text")
	paths, err := parse(fs, args, env.Stderr)
	if err != nil {
		return exitFailure
	}
	if len(paths) == 0 {
		fmt.Fprintln(env.Stderr, "imagier import: name at least one file or folder")
		return exitFailure
	}
	albumPath, err := media.ParseAlbumPath(*album)
	if err != nil {
		return fail(env, err)
	}
	a, err := open(ctx, *cfg, newLogger(quiet(env)), true)
	if err != nil {
		return fail(env, err)
	}
	defer a.close()
	if err := a.lib.Recover(ctx, a.lock); err != nil {
		return fail(env, err)
	}
	if err := a.lock.Share(); err != nil {
		return fail(env, err)
	}
	svc, err := a.service(service.Options{})
	if err != nil {
		return fail(env, err)
	}
	opt := media.ImportOptions{Album: albumPath, FoldersAsAlbums: *folders}
	var bar *progressBar
	if env.Terminal && !*asJSON {
		bar = &progressBar{w: env.Stderr}
		opt.Progress = bar.update
	}
	rep, err := svc.Import(ctx, service.CommandLine(append([]string{"import"}, args...)), paths, opt)
	if bar != nil {
		bar.finish()
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.Encode(rep)
	} else {
		for _, r := range rep.Rejections {
			fmt.Fprintf(env.Stdout, "rejected: %s: %s\n", r.File, r.Reason)
		}
		fmt.Fprintf(env.Stdout, "%d imported, %d duplicates, %d rejected in %.1f s\n", rep.Imported, rep.Duplicates, rep.Rejected, rep.Seconds)
	}
	if err != nil {
		code := fail(env, err)
		if errors.Is(err, media.ErrDiskFull) {
			fmt.Fprintf(env.Stderr, "imagier: make room on the disk of %s, then import again: what was imported is kept\n", cfg.DataDir)
		}
		return code
	}
	return exitOK
}

// quiet keeps per-file log lines off a terminal where the progress bar and
// the summary already say it all.
func quiet(env Env) Env {
	if env.Terminal {
		env.Stderr = io.Discard
	}
	return env
}

// progressBar draws one line: files, a bar, throughput and time left.
type progressBar struct {
	w    io.Writer
	last time.Time
	drew bool
}

func (b *progressBar) update(p media.Progress) {
	if time.Since(b.last) < 100*time.Millisecond && p.Done < p.Total {
		return
	}
	b.last = time.Now()
	const width = 30
	frac := 1.0
	if p.TotalBytes > 0 {
		frac = float64(p.DoneBytes) / float64(p.TotalBytes)
	} else if p.Total > 0 {
		frac = float64(p.Done) / float64(p.Total)
	}
	filled := int(frac * width)
	mbps := 0.0
	if s := p.Elapsed.Seconds(); s > 0 {
		mbps = float64(p.DoneBytes) / 1e6 / s
	}
	eta := "--:--"
	if frac > 0 && frac < 1 {
		left := time.Duration(float64(p.Elapsed) * (1 - frac) / frac)
		eta = fmt.Sprintf("%d:%02d", int(left.Minutes()), int(left.Seconds())%60)
	} else if frac >= 1 {
		eta = "0:00"
	}
	fmt.Fprintf(b.w, "\r%d/%d files [%s%s] %3.0f%%  %.1f MB/s  ETA %s ", p.Done, p.Total,
		strings.Repeat("█", filled), strings.Repeat("░", width-filled), frac*100, mbps, eta)
	b.drew = true
}

func (b *progressBar) finish() {
	if b.drew {
		fmt.Fprintln(b.w)
	}
}
