package xlsx

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/score"
)

// bigTier is a tier of 2,000 units scored on 8 fields × 15 leaves.
func bigTier(b testing.TB) ReportTier {
	in := score.FrameworkInput{Bands: []score.Band{{Label: "Tốt", MinIndex: decimal.NewFromInt(80)}, {Label: "Khá", MinIndex: decimal.NewFromInt(70)}}}
	for fi := 1; fi <= 8; fi++ {
		field := score.Criterion{Code: strconv.Itoa(fi), Name: fmt.Sprintf("Lĩnh vực cải cách hành chính số %d", fi)}
		for li := 1; li <= 15; li++ {
			m := score.Milli(500 + 125*li)
			field.Children = append(field.Children, score.Criterion{Code: fmt.Sprintf("%d.%d", fi, li), Name: fmt.Sprintf("Tiêu chí thành phần %d.%d về thủ tục hành chính", fi, li), MaxPoints: &m})
		}
		in.Criteria = append(in.Criteria, field)
	}
	f, err := score.NewFramework(in)
	if err != nil {
		b.Fatal(err)
	}
	units := make([]score.UnitScores, 2000)
	for u := range units {
		es := make([]score.Entry, len(f.Leaves))
		for l, ni := range f.Leaves {
			max := f.Nodes[ni].Max
			v := max * score.Milli((u*7+l*13)%101) / 100
			es[l] = score.Entry{Self: v, HasSelf: true, Points: v - v%5, HasPoints: true, NotApplicable: (u+l)%97 == 0}
		}
		units[u] = score.UnitScores{Code: fmt.Sprintf("xa-%04d", u), Name: fmt.Sprintf("UBND xã Phúc Khoa số %04d", u), Entries: es}
	}
	return ReportTier{Results: tierOf(2016, "commune", "Khối cấp xã", f, units, nil, nil), Framework: f, Scores: units}
}

// BenchmarkReport2000x120 writes the full workbook (ranking, fields,
// 2,000 × 120 details, chart) of a 2,000-unit tier. It reports the Go
// heap's peak (sampled) and the process's peak RSS (VmHWM, Linux).
func BenchmarkReport2000x120(b *testing.B) {
	t0 := time.Now()
	tier := bigTier(b)
	b.Logf("fixture built in %v", time.Since(t0))
	r := Report{Year: 2016, Title: "Chỉ số CCHC năm 2016", Tiers: []ReportTier{tier}, At: time.Date(2017, 6, 27, 0, 0, 0, 0, time.UTC)}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := sampleHeap()
	b.ResetTimer()
	var size int64
	for range b.N {
		cw := &countingWriter{}
		if err := WriteReport(cw, r); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.StopTimer()
	heap := peak()
	b.ReportMetric(float64(heap-base.HeapInuse)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
	if hwm := vmHWM(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "VmHWM-MB")
	}
}

// sampleHeap samples HeapInuse every few milliseconds until the returned
// function is called, which gives the highest value seen.
func sampleHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// vmHWM is the process's peak resident set size in bytes, 0 when unknown.
func vmHWM() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
