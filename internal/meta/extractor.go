package meta

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Options configures an Extractor. Zero values get defaults.
type Options struct {
	// Procs is how many exiftool processes run at once (default: the
	// number of CPUs, at most 4). Each costs some 30 MB of memory.
	Procs int
	// Timeout bounds the extraction of one file with its sidecars
	// (default 30s). A process that overruns it is killed and replaced.
	Timeout time.Duration
	// Logger receives process starts, restarts and kills (default: none).
	Logger *slog.Logger
	// Exiftool is the program to run (default "exiftool" on $PATH).
	Exiftool string
	// ExiftoolOnly sends every file to exiftool, even the JPEG files the
	// pure-Go fast reader would read itself (see fastExtract).
	ExiftoolOnly bool
}

func (o Options) withDefaults() Options {
	if o.Procs <= 0 {
		o.Procs = min(runtime.NumCPU(), 4)
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Exiftool == "" {
		o.Exiftool = "exiftool"
	}
	return o
}

// Extractor reads metadata through a pool of exiftool -stay_open
// processes. It is safe for concurrent use; at most Options.Procs
// extractions run at once and the others wait their turn.
type Extractor struct {
	opt Options
	// life bounds the processes: they die when the context given to
	// NewExtractor ends. Kept in the struct because processes are started
	// lazily, long after NewExtractor returned.
	life context.Context
	// pool holds one token per process slot: an idle process, or nil for
	// a slot whose process must be (re)started by the next user.
	pool      chan *proc
	closing   chan struct{}
	closeOnce sync.Once
}

// ErrClosed is returned by Extract after Close.
var ErrClosed = errors.New("metadata extractor is closed")

// NewExtractor starts one exiftool process to check that it works; the
// others start when first needed. The processes die when ctx ends.
func NewExtractor(ctx context.Context, opt Options) (*Extractor, error) {
	opt = opt.withDefaults()
	e := &Extractor{
		opt: opt, life: ctx,
		pool:    make(chan *proc, opt.Procs),
		closing: make(chan struct{}),
	}
	p, err := e.start(ctx)
	if err != nil {
		return nil, err
	}
	e.pool <- p
	for range opt.Procs - 1 {
		e.pool <- nil
	}
	return e, nil
}

// start launches a process and waits for it to answer a version request.
func (e *Extractor) start(ctx context.Context) (*proc, error) {
	p, err := startProc(e.life, e.opt.Exiftool)
	if err != nil {
		return nil, fmt.Errorf("meta: %w", err)
	}
	out, _, err := p.run(ctx, max(e.opt.Timeout, 10*time.Second), []string{"-ver"})
	if err != nil {
		p.kill()
		return nil, fmt.Errorf("meta: %s does not answer: %w", e.opt.Exiftool, err)
	}
	e.opt.Logger.Debug("exiftool started", "pid", p.cmd.Process.Pid,
		"version", strings.TrimSpace(string(out.body)))
	return p, nil
}

// acquire takes a process from the pool, starting one in an empty slot.
func (e *Extractor) acquire(ctx context.Context) (*proc, error) {
	var p *proc
	select {
	case p = <-e.pool:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-e.closing:
		return nil, ErrClosed
	}
	select {
	case <-e.closing: // Close won the race: give the slot back to it
		e.pool <- p
		return nil, ErrClosed
	default:
	}
	if p != nil {
		return p, nil
	}
	p, err := e.start(ctx)
	if err != nil {
		e.pool <- nil
		return nil, err
	}
	return p, nil
}

// release returns a process to the pool. After a failed request (timeout,
// cancellation, crash) its answer may still come and would be taken for
// the next one's, so it is killed and its slot left for a fresh process.
func (e *Extractor) release(p *proc, err error) {
	if err != nil {
		e.opt.Logger.Warn("killing exiftool", "pid", p.cmd.Process.Pid, "err", err)
		p.kill()
		p = nil
	}
	e.pool <- p
}

// exiftool runs one request on a pooled process.
func (e *Extractor) exiftool(ctx context.Context, args []string) (stdout, stderr response, err error) {
	p, err := e.acquire(ctx)
	if err != nil {
		return stdout, stderr, err
	}
	stdout, stderr, err = p.run(ctx, e.opt.Timeout, args)
	e.release(p, err)
	return stdout, stderr, err
}

// Close stops every process, waiting for running extractions to finish
// (each is bounded by Options.Timeout). Extract fails with ErrClosed after.
func (e *Extractor) Close() error {
	e.closeOnce.Do(func() {
		close(e.closing)
		for range e.opt.Procs {
			if p := <-e.pool; p != nil {
				p.stop(e.opt.Logger)
			}
		}
	})
	return nil
}
