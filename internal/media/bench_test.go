package media

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"imagier/internal/blob/fsblob"
	"imagier/internal/derive"
	"imagier/internal/meta"
	"imagier/internal/sample"
	"imagier/internal/sqlstore"
)

// benchFiles returns n distinct camera-like JPEGs of w×h pixels, made once
// per run and shared by the sub-benchmarks.
func benchFiles(b *testing.B, dir string, n, w, h int) []string {
	b.Helper()
	var out []string
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("%dx%d-%03d.jpg", w, h, i))
		if _, err := os.Stat(p); err != nil {
			ph := sample.Photo{Width: w, Height: h, Seed: uint64(i + 1), Camera: sample.Camera{
				Make: "Canon", Model: "Canon EOS R6", Lens: "RF24-105mm F4 L IS USM", Taken: "2025:07:14 22:30:00",
				Offset: "+02:00", Orientation: 1, ExposureTime: [2]uint32{1, 250}, FNumber: [2]uint32{8, 1}, ISO: 200,
				FocalLength: [2]uint32{50, 1}, HasGPS: true, Lat: 45.76, Lon: 4.83, Alt: 170,
			}}
			if err := sample.Write(p, ph, 92); err != nil {
				b.Fatal(err)
			}
		}
		out = append(out, p)
	}
	return out
}

// treeCPU returns the CPU time used so far by this process and its live
// children (the exiftool readers), from /proc, in seconds.
func treeCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	total := tv(ru.Utime) + tv(ru.Stime)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	total += tv(ru.Utime) + tv(ru.Stime)
	self := strconv.Itoa(os.Getpid())
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command's closing parenthesis: state ppid … utime(12) stime(13).
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 13 && f[1] == self {
			u, _ := strconv.ParseFloat(f[11], 64)
			st, _ := strconv.ParseFloat(f[12], 64)
			total += (u + st) / 100 // clock ticks; 100 Hz on Linux
		}
	}
	return total
}

// vmHWM reads this process's peak resident memory since the last reset,
// in MB.
func vmHWM() (float64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if kb, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			v, err := strconv.ParseFloat(strings.Fields(kb)[0], 64)
			return v / 1024, err == nil
		}
	}
	return 0, false
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// childrenRSS returns the peak resident memory of this process's live
// children, in MB.
func childrenRSS() float64 {
	self := strconv.Itoa(os.Getpid())
	total := 0.0
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		b, err := os.ReadFile("/proc/" + e.Name() + "/status")
		if err != nil || !strings.Contains(string(b), "\nPPid:\t"+self+"\n") {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if kb, ok := strings.CutPrefix(l, "VmHWM:"); ok {
				v, _ := strconv.ParseFloat(strings.Fields(kb)[0], 64)
				total += v / 1024
			}
		}
	}
	return total
}

// djpegCPU is the CPU time libjpeg-turbo's djpeg takes to decode file at
// 1/scale, the floor for any JPEG thumbnailer.
func djpegCPU(b *testing.B, file string, scale int) float64 {
	cmd := exec.Command("djpeg", "-scale", "1/"+strconv.Itoa(scale), "-outfile", os.DevNull, file)
	if err := cmd.Run(); err != nil {
		b.Skipf("djpeg: %v", err)
	}
	return cmd.ProcessState.UserTime().Seconds() + cmd.ProcessState.SystemTime().Seconds()
}

// BenchmarkImport imports camera-like JPEGs (square, thumb and medium made
// at import) on the embedded database and reports images/s, CPU seconds per
// image against djpeg's decode at the same scale, and peak memory.
func BenchmarkImport(b *testing.B) {
	if err := derive.Init(); err != nil {
		b.Fatal(err)
	}
	cache := filepath.Join(os.TempDir(), "imagier-bench")
	for _, size := range []struct {
		name string
		w, h int
	}{{"12MP", 4000, 3000}, {"24MP", 6000, 4000}} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", size.name, workers), func(b *testing.B) {
				files := benchFiles(b, cache, b.N, size.w, size.h)
				ctx := context.Background()
				dir := b.TempDir()
				store, err := sqlstore.Open(ctx, "", dir)
				if err != nil {
					b.Fatal(err)
				}
				defer store.Close()
				blobs, _ := fsblob.New(filepath.Join(dir, "files"))
				ex, err := meta.NewExtractor(ctx, meta.Options{Procs: workers, Timeout: time.Minute, Logger: slog.Default()})
				if err != nil {
					b.Fatal(err)
				}
				defer ex.Close()
				lib := New(store, blobs, ex, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{
					Workers: workers, MaxPixels: 200e6, FileTimeout: time.Minute, MaxFileSize: 1 << 30,
				})
				// djpeg decodes every file imported, so that its figure is
				// as steady as ours on a shared machine: the first half
				// before the import and the second after, so that a machine
				// slowing down or speeding up meanwhile weighs on both
				// figures alike.
				var djpeg float64
				for _, f := range files[:len(files)/2] {
					djpeg += djpegCPU(b, f, 4)
				}
				// Making the sample files held large buffers: give them back
				// and restart the peak-memory count so it measures the import.
				debug.FreeOSMemory()
				os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
				cpu0 := treeCPU()
				var ru0 syscall.Rusage
				syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
				b.ResetTimer()
				start := time.Now()
				rep, err := lib.Import(ctx, files, ImportOptions{})
				elapsed := time.Since(start)
				b.StopTimer()
				cpu := (treeCPU() - cpu0) / float64(b.N)
				for _, f := range files[len(files)/2:] {
					djpeg += djpegCPU(b, f, 4)
				}
				djpeg /= float64(len(files))
				if err != nil || rep.Imported != b.N {
					b.Fatalf("imported %d of %d: %v %+v", rep.Imported, b.N, err, rep.Rejections)
				}
				var ru syscall.Rusage
				syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
				peak := float64(ru.Maxrss) / 1024
				if hwm, ok := vmHWM(); ok {
					peak = hwm
				}
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "images/s")
				b.ReportMetric(cpu, "cpu-s/image")
				b.ReportMetric((tv(ru.Stime)-tv(ru0.Stime))/float64(b.N), "sys-s/image")
				b.ReportMetric(djpeg, "djpeg-cpu-s")
				b.ReportMetric(cpu/djpeg, "cpu-ratio")
				b.ReportMetric(peak, "peak-rss-MB")
				b.ReportMetric(childrenRSS(), "exiftool-rss-MB")
			})
		}
	}
}
