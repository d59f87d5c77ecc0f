package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"imagier/internal/cli"
	"imagier/internal/media"
	"imagier/internal/sqlstore"
	"imagier/internal/testmedia"
)

// stopWhenRunning records stdout and cancels the server's context as soon
// as it says it runs: the stop then comes while its background work is
// starting or under way.
type stopWhenRunning struct {
	syncBuffer
	cancel context.CancelFunc
}

func (s *stopWhenRunning) Write(p []byte) (int, error) {
	n, err := s.syncBuffer.Write(p)
	if strings.Contains(s.String(), "is running at") {
		s.cancel()
	}
	return n, err
}

// TestServeAwaitsBackgroundWork stops a server whose recovery (pending
// derivatives, made in the background because another process shares the
// folder) and trash purge are under way: serve must wait for both before
// it closes the store, and log no error for having stopped them.
func TestServeAwaitsBackgroundWork(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"IMAGIER_DATA": dir, "IMAGIER_LISTEN": "127.0.0.1:0"}
	files := []string{"cameras/jolla.jpg", "cameras/Canon_40D.jpg", "cameras/Nikon.jpg", "orientation/landscape_6.jpg"}
	var args []string
	for _, f := range files {
		args = append(args, testmedia.Path(t, f))
	}
	if code, _, stderr := run(t, env, "", append([]string{"import"}, args...)...); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.EachSHA256(ctx, func(id int64, _ string, _ int64) error { return store.MarkPending(ctx, id) }); err != nil {
		t.Fatal(err)
	}
	store.Close()
	// Another process in the folder: the server recovers in the background.
	lock, err := media.AcquireLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if err := lock.Share(); err != nil {
		t.Fatal(err)
	}

	for i := range 3 {
		ctx, cancel := context.WithCancel(ctx)
		stdout := &stopWhenRunning{cancel: cancel}
		var stderr syncBuffer
		exited := make(chan int)
		go func() {
			exited <- cli.Main(ctx, []string{"serve"}, cli.Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: &stderr,
				Getenv: func(k string) string { return env[k] }})
		}()
		select {
		case code := <-exited:
			if code != 0 {
				t.Fatalf("run %d: serve exited %d: %s", i, code, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("run %d: serve did not stop", i)
		}
		// A goroutine left running would go on logging once serve has
		// returned, and fail on the closed store.
		atExit := stderr.String()
		time.Sleep(100 * time.Millisecond)
		log := stderr.String()
		if strings.Contains(log, "level=ERROR") || strings.Contains(log, "database is closed") {
			t.Errorf("run %d: errors after stopping:\n%s", i, log)
		}
		if after := strings.TrimPrefix(log, atExit); after != "" {
			t.Errorf("run %d: logged after serve returned:\n%s", i, after)
		}
		cancel()
	}
}
