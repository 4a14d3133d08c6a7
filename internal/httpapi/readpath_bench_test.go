package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/store"
)

// discard is a ResponseWriter that keeps nothing, with a new header map
// per answer as net/http gives each response.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// processCPU is this process's user and system CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadPath is the server's own cost of a public answer, without
// the network: through the Front (the read path), through echo and its
// middleware (the Front's first answer of a URI), and a bare handler
// copying the same headers and bytes (the bench suite's reference).
// go test ./internal/httpapi -run '^$' -bench ReadPath -cpuprofile cpu.out
func BenchmarkReadPath(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "parindex.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	h := New(st, Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	const path = "/api/v1/public/periods/2016/results?tier=department"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	if w.Code != http.StatusOK {
		b.Fatalf("GET %s: %d", path, w.Code)
	}
	captured, body, etag := w.Header().Clone(), w.Body.Bytes(), w.Header().Get("ETag")
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		for k, v := range captured {
			hd[k] = v
		}
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	})
	for _, c := range []struct {
		name string
		h    http.Handler
		inm  string
	}{
		{"front", h, ""}, {"front-304", h, etag}, {"echo", h.Echo, ""}, {"echo-304", h.Echo, etag}, {"bare", bare, ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if c.inm != "" {
				req.Header.Set("If-None-Match", c.inm)
			}
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				c.h.ServeHTTP(&discard{h: http.Header{}}, req)
			}
			// CPU time, less moved by a busy machine than wall time.
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
