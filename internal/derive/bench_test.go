package derive

import (
	"context"
	"runtime"
	"testing"

	"imagier/internal/gallery"
	"imagier/internal/testmedia"
)

// Run with, e.g.:
//
//	go test ./internal/derive -run '^$' -bench . -benchtime 20x
//
// "parallel" runs one call per core (GOMAXPROCS), as the importer does, and
// reports throughput; "serial" reports one call's latency.
func BenchmarkMakeImportSizes(b *testing.B) { benchmarkMake(b, gallery.ImportSizes()) }

func BenchmarkMakeAllSizes(b *testing.B) { benchmarkMake(b, gallery.Sizes) }

func benchmarkMake(b *testing.B, sizes []gallery.Size) {
	// A benchmark with sub-benchmarks runs once, so the photos are made
	// once, here, and shared.
	dir := b.TempDir()
	for _, p := range []struct {
		name string
		w, h int
	}{
		{"12MP", 4000, 3000},
		{"24MP", 6000, 4000},
	} {
		src := Source{Path: writePhoto(b, dir, p.w, p.h), Format: gallery.FormatJPEG}
		b.Run(p.name+"/parallel", func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := Make(context.Background(), src, sizes, Limits{}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
			b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "workers")
		})
		b.Run(p.name+"/serial", func(b *testing.B) {
			for b.Loop() {
				if _, err := Make(context.Background(), src, sizes, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
		})
	}
}

// BenchmarkHeader is what the importer pays to check a file's size before
// deciding to derive it.
func BenchmarkHeader(b *testing.B) {
	for _, f := range []struct {
		rel    string
		format gallery.Format
	}{
		{"cameras/HMD_Nokia_8.3_5G.jpg", gallery.FormatJPEG},
		{"formats/IMG_5195.HEIC", gallery.FormatHEIF},
		{"formats/iss634.gif", gallery.FormatGIF},
		{"formats/monkey16.png", gallery.FormatPNG},
	} {
		src := Source{Path: testmedia.Path(b, f.rel), Format: f.format}
		b.Run(f.rel, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Header(context.Background(), src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
