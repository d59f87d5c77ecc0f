package meta

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Bounds on what one exiftool request may print.
const (
	maxStdout = 8 << 20
	maxStderr = 16 << 10
	// stopGrace is how long Close waits for a process to exit on its own.
	stopGrace = 5 * time.Second
)

// ErrTimeout marks an extraction that took longer than Options.Timeout;
// the exiftool process that ran it has been killed and replaced.
var ErrTimeout = errors.New("metadata extraction timed out")

// exiftoolArgs are the options every request shares. -n prints numbers
// rather than prose ("6", not "Rotate 90 CW"); -G1 -a keep every copy of a
// tag under its precise group, so that priority rules can choose; -struct
// keeps XMP structures (MWG keyword trees) whole. No -b: binary values stay
// "(Binary data …)" placeholders.
func exiftoolArgs() []string {
	return []string{
		"-config", "", // must come first: ignore any ~/.ExifTool_config
		"-stay_open", "True", "-@", "-",
		"-common_args",
		"-j", "-n", "-G1", "-a", "-struct", "-q",
		"-x", "System:all", // paths and permissions: not metadata
		"-api", "LargeFileSupport=1",
	}
}

// proc is one exiftool -stay_open process. It is used by one request at a
// time; its two reader goroutines end when the process exits.
type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    chan response // complete stdout responses
	errOut chan response // stderr text of each request
	dead   chan struct{} // closed when the process is abandoned
	exited chan struct{} // closed when the process has been reaped
	seq    int
}

// response is what exiftool printed for one request, up to its marker.
type response struct {
	seq       int
	body      []byte
	truncated bool
}

// startProc starts an exiftool process that dies with ctx.
func startProc(ctx context.Context, path string) (*proc, error) {
	cmd := exec.CommandContext(ctx, path, exiftoolArgs()...)
	// exiftool in -stay_open mode keeps waiting after its stdin closes: if
	// Imagier is killed (SIGKILL, a crash), the kernel must end it too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	// Own pipes rather than StdoutPipe: Wait must not close them while a
	// reader goroutine still drains what the process printed.
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("exiftool pipe: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		closeAll(outR, outW)
		return nil, fmt.Errorf("exiftool pipe: %w", err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		closeAll(outR, outW, errR, errW)
		return nil, fmt.Errorf("exiftool pipe: %w", err)
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()    // closes stdin's pipe itself on failure
	closeAll(outW, errW) // the child holds its own copies
	if err != nil {
		closeAll(outR, errR)
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	p := &proc{
		cmd: cmd, stdin: stdin,
		out: make(chan response), errOut: make(chan response),
		dead: make(chan struct{}), exited: make(chan struct{}),
	}
	go p.read(outR, "{ready", maxStdout, p.out)
	go p.read(errR, "{readyerr", maxStderr, p.errOut)
	go func() {
		_ = cmd.Wait() // the exit status says nothing we need
		close(p.exited)
	}()
	return p, nil
}

func closeAll(files ...*os.File) {
	for _, f := range files {
		_ = f.Close() // nothing was written through them
	}
}

// read splits a pipe into responses at marker lines "{prefixN}", keeping at
// most limit bytes of each. It returns at end of file, closing ch.
func (p *proc) read(r io.ReadCloser, prefix string, limit int, ch chan<- response) {
	defer close(ch)
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	var cur response
	lineStart := true
	for {
		line, err := br.ReadSlice('\n')
		if lineStart && len(line) > 0 && line[len(line)-1] == '\n' {
			if seq, ok := marker(line, prefix); ok {
				cur.seq = seq
				select {
				case ch <- cur:
				case <-p.dead:
					return
				}
				cur = response{}
				continue
			}
		}
		if len(cur.body)+len(line) > limit {
			cur.truncated = true
		} else {
			cur.body = append(cur.body, line...)
		}
		lineStart = len(line) > 0 && line[len(line)-1] == '\n'
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return
		}
	}
}

// marker parses a "{readyN}" line (or "{readyerrN}" for prefix "{readyerr").
func marker(line []byte, prefix string) (int, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	num, ok := strings.CutPrefix(s, prefix)
	if !ok || !strings.HasSuffix(num, "}") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(num, "}"))
	return n, err == nil
}

// errProcGone says the process cannot be used any more.
var errProcGone = errors.New("exiftool process is gone")

// run sends one request and waits for its stdout and stderr responses.
// After any error the process is out of step (its answer may still come)
// or gone: the caller must kill it.
func (p *proc) run(ctx context.Context, timeout time.Duration, args []string) (stdout, stderr response, err error) {
	p.seq++
	var req bytes.Buffer
	for _, a := range args {
		req.WriteString(a)
		req.WriteByte('\n')
	}
	fmt.Fprintf(&req, "-echo4\n{readyerr%d}\n-execute%d\n", p.seq, p.seq)
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	if _, err := p.stdin.Write(req.Bytes()); err != nil {
		return stdout, stderr, fmt.Errorf("%w: write: %w", errProcGone, err)
	}
	for _, ch := range []chan response{p.out, p.errOut} {
		var resp response
		var ok bool
		select {
		case resp, ok = <-ch:
		case <-timer.C:
			return stdout, stderr, ErrTimeout
		case <-ctx.Done():
			return stdout, stderr, ctx.Err()
		}
		if !ok {
			return stdout, stderr, fmt.Errorf("%w: it exited", errProcGone)
		}
		if resp.seq != p.seq {
			return stdout, stderr, fmt.Errorf("%w: answer %d to request %d", errProcGone, resp.seq, p.seq)
		}
		if ch == p.out {
			stdout = resp
		} else {
			stderr = resp
		}
	}
	return stdout, stderr, nil
}

// kill ends the process at once; its reader goroutines then stop.
func (p *proc) kill() {
	select {
	case <-p.dead:
		return
	default:
	}
	close(p.dead)
	_ = p.cmd.Process.Kill() // already exited is fine
	_ = p.stdin.Close()
}

// stop asks the process to exit and kills it if it does not in time.
func (p *proc) stop(log *slog.Logger) {
	_, _ = io.WriteString(p.stdin, "-stay_open\nFalse\n")
	_ = p.stdin.Close()
	select {
	case <-p.exited:
	case <-time.After(stopGrace):
		log.Warn("exiftool did not exit, killing it", "pid", p.cmd.Process.Pid)
	}
	p.kill()
	<-p.exited
}
