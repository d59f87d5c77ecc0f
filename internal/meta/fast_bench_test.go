package meta

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"imagier/internal/testmedia"
)

// benchJPEGs are real files the fast reader reads itself: camera EXIF
// with maker notes, a phone photo, rich XMP and IPTC, GPS.
var benchJPEGs = []string{
	"cameras/Canon_40D.jpg",
	"cameras/Apple.jpg",
	"cameras/Sony_DSC-HX5V_2.jpg",
	"iptc-xmp/iptc-agency-photographer-example.jpg",
	"gps/Issue_173_dotnet.jpg",
}

// BenchmarkExtractJPEG compares Extract through the fast reader and
// through exiftool on a few real JPEG files; for exiftool it also reports
// the CPU time its process spends per file.
func BenchmarkExtractJPEG(b *testing.B) {
	for _, mode := range []struct {
		name string
		opt  Options
	}{{"fast", Options{Procs: 1}}, {"exiftool", Options{Procs: 1, ExiftoolOnly: true}}} {
		b.Run(mode.name, func(b *testing.B) {
			if _, err := exec.LookPath("exiftool"); err != nil {
				b.Skip("exiftool not installed")
			}
			e, err := NewExtractor(context.Background(), mode.opt)
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			paths := make([]string, len(benchJPEGs))
			for i, rel := range benchJPEGs {
				paths[i] = testmedia.Path(b, rel)
			}
			for _, p := range paths { // warm up, and check the path taken
				md, err := e.Extract(context.Background(), p)
				if err != nil {
					b.Fatal(err)
				}
				want := "imagier"
				if mode.opt.ExiftoolOnly {
					want = "exiftool"
				}
				if md.Sources["reader"] != want {
					b.Fatalf("%s: read by %s, want %s", p, md.Sources["reader"], want)
				}
			}
			cpu0, self0 := exiftoolCPU(e), selfCPU()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, err := e.Extract(context.Background(), paths[i%len(paths)]); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((selfCPU()-self0).Microseconds())/float64(b.N), "cpu-µs/op")
			if mode.opt.ExiftoolOnly {
				b.ReportMetric(float64((exiftoolCPU(e)-cpu0).Microseconds())/float64(b.N), "exiftool-cpu-µs/op")
			}
		})
	}
}

// exiftoolCPU returns the CPU time the Extractor's exiftool process has
// used, from /proc (zero where that is not available).
func exiftoolCPU(e *Extractor) time.Duration {
	p := <-e.pool
	defer func() { e.pool <- p }()
	if p == nil {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// selfCPU returns the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
