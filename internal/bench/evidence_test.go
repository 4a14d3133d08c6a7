package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store"
)

// BenchmarkEvidence20MB uploads and downloads a 20 MiB evidence file
// through the real handler, beside writing and reading it to a temporary
// file, and reports the peak memory above idle while it uploads:
//
//	go test ./internal/bench -run '^$' -bench Evidence20MB -benchtime 3x
func BenchmarkEvidence20MB(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "evidence.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	hash, err := httpapi.HashPassword(password)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateFirstAdmin(ctx, "admin", hash); err != nil {
		b.Fatal(err)
	}
	p, err := setupProvince(ctx, st, "evidence", 2, 4, year)
	if err != nil {
		b.Fatal(err)
	}
	r := &runner{cfg: Defaults(true), dir: dir, st: st, big: p}
	stop, err := r.startServers()
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	if err := r.login(ctx); err != nil {
		b.Fatal(err)
	}
	tg := evidenceTarget{base: r.base, tok: r.tok, dir: dir, year: year, unit: p.Codes[0], criterion: p.Leaves[0], repeat: 1}
	var f evidenceFigures
	var peakRSS, peakHeap int64
	var up, down, write, read []time.Duration
	b.SetBytes(EvidenceFileBytes)
	for b.Loop() {
		if f, err = measureEvidence(ctx, tg, b.Logf); err != nil {
			b.Fatal(err)
		}
		peakRSS, peakHeap = max(peakRSS, f.PeakRSS), max(peakHeap, f.PeakHeap)
		up, down, write, read = append(up, f.Upload), append(down, f.Download), append(write, f.RefWrite), append(read, f.RefRead)
	}
	// Medians of the iterations; the peaks are the highest.
	b.ReportMetric(f.rate(median(up)), "upload-MB/s")
	b.ReportMetric(f.rate(median(write)), "tmpfile-write-MB/s")
	b.ReportMetric(f.rate(median(down)), "download-MB/s")
	b.ReportMetric(f.rate(median(read)), "tmpfile-read-MB/s")
	b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
	if peakRSS >= 64<<20 {
		b.Errorf("peak memory above idle %d MB while a 20 MiB file uploads: the target is under 64 MB", peakRSS>>20)
	}
}
