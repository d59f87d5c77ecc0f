package server

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBodyDeadline sends a body one byte at a time, slower than the body
// timeout allows, over real loopback connections.
func TestBodyDeadline(t *testing.T) {
	const timeout = 300 * time.Millisecond
	type result struct {
		n       int
		err     error
		elapsed time.Duration
	}
	results := make(chan result, 1)
	read := func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		b, err := io.ReadAll(r.Body)
		results <- result{len(b), err, time.Since(start)}
		if err != nil {
			http.Error(w, "slow body", http.StatusRequestTimeout)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", read)
	mux.HandleFunc("/upload", func(w http.ResponseWriter, r *http.Request) {
		// Through the middleware's writer, as every handler is.
		if err := http.NewResponseController(w).SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
			t.Errorf("extending the deadline: %v", err)
		}
		read(w, r)
	})
	srv := httptest.NewServer(NewWithOptions(mux, slog.New(slog.DiscardHandler), Options{BodyTimeout: timeout}))
	defer srv.Close()

	const size = 6
	tests := []struct {
		path    string
		wantErr bool
	}{
		{"/", true},
		{"/upload", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", tt.path, size)
			// 6 bytes 150 ms apart: 900 ms, three times the timeout.
			go func() {
				for range size {
					time.Sleep(150 * time.Millisecond)
					if _, err := conn.Write([]byte("x")); err != nil {
						return
					}
				}
			}()
			var got result
			select {
			case got = <-results:
			case <-time.After(5 * time.Second):
				t.Fatal("the handler is still reading")
			}
			if tt.wantErr {
				var ne net.Error
				if !errors.As(got.err, &ne) || !ne.Timeout() || got.n == size {
					t.Errorf("got %d bytes, %v after %v; want a timeout after %v, before the body's end", got.n, got.err, got.elapsed, timeout)
				}
			} else if got.err != nil || got.n != size {
				t.Errorf("got %d bytes, %v; want the %d bytes of the slow upload", got.n, got.err, size)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if want := map[bool]int{true: 408, false: 200}[tt.wantErr]; resp.StatusCode != want {
				t.Errorf("got status %d, want %d", resp.StatusCode, want)
			}
		})
	}
}

// TestBodyDeadlineLifted checks that a request whose body has been read is
// not cut off, nor its context cancelled, once the body timeout passes
// while its handler still works.
func TestBodyDeadlineLifted(t *testing.T) {
	const timeout = 200 * time.Millisecond
	srv := httptest.NewServer(NewWithOptions(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		select {
		case <-r.Context().Done():
			http.Error(w, "cancelled", http.StatusServiceUnavailable)
		case <-time.After(3 * timeout):
			io.WriteString(w, "done")
		}
	}), slog.New(slog.DiscardHandler), Options{BodyTimeout: timeout}))
	defer srv.Close()
	for _, body := range []io.Reader{nil, strings.NewReader("form=1")} {
		resp, err := http.Post(srv.URL, "text/plain", body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "done" {
			t.Errorf("body %v: got %d %q, want 200 done", body != nil, resp.StatusCode, b)
		}
	}
}

// TestFlushThroughMiddleware flushes with http.ResponseController and
// checks that the client reads the first part while the handler waits.
func TestFlushThroughMiddleware(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("flush: %v", err)
		}
		<-release
		io.WriteString(w, "second\n")
	}), slog.New(slog.DiscardHandler)))
	defer srv.Close()
	defer close(release)
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(resp.Body).ReadString('\n')
		line <- l
	}()
	select {
	case l := <-line:
		if l != "first\n" {
			t.Errorf("got %q, want first", l)
		}
	case <-time.After(5 * time.Second):
		t.Error("the flushed part never arrived")
	}
}

// readerFromRecorder is a ResponseRecorder that counts what reaches its
// ReadFrom, as the connection's sendfile would.
type readerFromRecorder struct {
	*httptest.ResponseRecorder
	readFrom int64
}

func (r *readerFromRecorder) ReadFrom(src io.Reader) (int64, error) {
	n, err := io.Copy(r.ResponseRecorder, src)
	r.readFrom += n
	return n, err
}

// TestStatusWriter checks what the wrapper passes on and what it records.
func TestStatusWriter(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte(strings.Repeat("x", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	copyFile := func(w http.ResponseWriter) {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		io.Copy(w, f)
	}
	tests := []struct {
		name         string
		do           func(w http.ResponseWriter)
		status       int
		wrote        bool
		readFrom     int64
		recordedCode int
	}{
		{"io.Copy of a file goes to ReadFrom", copyFile, 200, true, 1000, 200},
		{"status kept across ReadFrom", func(w http.ResponseWriter) { w.WriteHeader(404); copyFile(w) }, 404, true, 1000, 404},
		{"empty ReadFrom sends nothing", func(w http.ResponseWriter) { w.(io.ReaderFrom).ReadFrom(strings.NewReader("")) }, 200, false, 0, 200},
		{"ServeContent", func(w http.ResponseWriter) {
			f, _ := os.Open(file)
			defer f.Close()
			http.ServeContent(w, httptest.NewRequest("GET", "/f.jpg", nil), "f.jpg", time.Time{}, f)
		}, 200, true, 1000, 200},
		{"early hints are not the status", func(w http.ResponseWriter) { w.WriteHeader(103); w.WriteHeader(201) }, 201, true, 0, 103},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &readerFromRecorder{ResponseRecorder: httptest.NewRecorder()}
			sw := &statusWriter{ResponseWriter: rec, status: http.StatusOK}
			tt.do(sw)
			if sw.status != tt.status || sw.wrote != tt.wrote || rec.readFrom != tt.readFrom || rec.Code != tt.recordedCode {
				t.Errorf("got status %d, wrote %v, %d bytes through ReadFrom, code %d; want %d, %v, %d, %d",
					sw.status, sw.wrote, rec.readFrom, rec.Code, tt.status, tt.wrote, tt.readFrom, tt.recordedCode)
			}
			if http.NewResponseController(sw).Flush() != nil || !rec.Flushed {
				t.Errorf("flush through ResponseController did not reach the recorder")
			}
		})
	}
}
