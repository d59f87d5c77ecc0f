package server

import (
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"imagier/internal/testmedia"
)

// oldStatusWriter is statusWriter as it was before Unwrap and ReadFrom,
// kept here only to measure what they changed: it hides the connection's
// ReadFrom, so a file is copied through Write in 32 KB pieces.
type oldStatusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *oldStatusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *oldStatusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// BenchmarkServeFile serves a cached thumbnail (a real 53 KB JPEG) and a
// 4.9 MB original with http.ServeContent through the middleware, over
// loopback HTTP with one keep-alive connection, behind the old wrapper and
// the new. The old wrapper is layered inside the middleware's: it hides
// ReadFrom as the middleware used to, and the extra layer only passes
// Write calls on. CPU is the whole process's, client included; the client
// reads the same bytes either way.
func BenchmarkServeFile(b *testing.B) {
	original := filepath.Join(b.TempDir(), "original.jpg")
	writeNoiseJPEG(b, original, 2600, 1950)
	files := []struct{ name, path string }{
		{"thumb", testmedia.Path(b, "iptc-xmp/Issue_80.jpg")},
		{"original", original},
	}
	for _, f := range files {
		for _, old := range []bool{true, false} {
			name := f.name + "/new"
			if old {
				name = f.name + "/old"
			}
			b.Run(name, func(b *testing.B) { benchServe(b, f.path, old) })
		}
	}
}

func benchServe(b *testing.B, path string, old bool) {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Open(path)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		if old {
			w = &oldStatusWriter{ResponseWriter: w, status: http.StatusOK}
		}
		http.ServeContent(w, r, "photo.jpg", fi.ModTime(), f)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: New(h, slog.New(slog.DiscardHandler))}
	go srv.Serve(ln)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	url := "http://" + ln.Addr().String() + "/photo.jpg"
	// The client reads in large pieces, so that its own reading, counted
	// in the CPU too, hides less of the server's.
	buf := make([]byte, 1<<20)
	get := func() {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.CopyBuffer(struct{ io.Writer }{io.Discard}, resp.Body, buf)
		resp.Body.Close()
		if err != nil || n != fi.Size() || resp.StatusCode != 200 {
			b.Fatalf("got %d bytes, status %d, %v; want %d bytes", n, resp.StatusCode, err, fi.Size())
		}
	}
	get() // the connection is open before the clock starts
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	before := cpuTime(b)
	start := time.Now()
	n := 0
	for b.Loop() {
		get()
		n++
	}
	elapsed := time.Since(start)
	cpu := cpuTime(b) - before
	b.ReportMetric(float64(n)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(n), "cpu-µs/op")
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeNoiseJPEG writes a w×h JPEG of noise: it compresses badly, so a
// 5 MP original comes out at about 5 MB, as a camera's does.
func writeNoiseJPEG(b *testing.B, path string, w, h int) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32()), 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	fi, _ := f.Stat()
	b.Logf("original: %d×%d, %d bytes", w, h, fi.Size())
}
