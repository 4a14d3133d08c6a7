package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/parindex/parindex/internal/bench"
	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store/storetest"
)

// province is the server of a synthetic province (internal/bench): a tier
// of units × leaves in 2030 (draft: the admin may write every cell), and
// an admin's browser session on it.
type province struct {
	h      http.Handler
	cookie string
	token  string
	units  []string
	leaves []string
}

func newProvince(tb testing.TB, units, leaves int) *province {
	tb.Helper()
	ctx := context.Background()
	st := storetest.Open(tb)
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.CreateFirstAdmin(ctx, "admin", string(hash)); err != nil {
		tb.Fatal(err)
	}
	p := &province{h: httpapi.New(st, httpapi.Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordCost: testPasswordCost})}
	if p.units, p.leaves, err = bench.Province(ctx, st, "bench", units, leaves, 2030); err != nil {
		tb.Fatal(err)
	}
	// Log in through the form.
	res := p.do("GET", "/login", nil, "")
	var login string
	for _, c := range res.Result().Cookies() {
		if c.Name == "parindex_login" {
			login = c.Value
		}
	}
	form := url.Values{"form_token": {login}, "username": {"admin"}, "password": {pw}}
	res = p.do("POST", "/login", form, "parindex_login="+login)
	for _, c := range res.Result().Cookies() {
		if c.Name == "parindex_session" {
			p.cookie = "parindex_session=" + c.Value
		}
	}
	if p.cookie == "" {
		tb.Fatalf("login: %d %s", res.Code, res.Body)
	}
	page := p.do("GET", p.sheet(0), nil, p.cookie)
	m := regexp.MustCompile(`name="form_token" value="([^"]+)"`).FindSubmatch(page.Body.Bytes())
	if page.Code != http.StatusOK || m == nil {
		tb.Fatalf("the sheet: %d", page.Code)
	}
	p.token = string(m[1])
	return p
}

func (p *province) sheet(u int) string { return "/app/periods/2030/units/" + p.units[u] }

func (p *province) do(method, path string, form url.Values, cookie string) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec
}

// BenchmarkSheetRender: the 120-criterion sheet of a unit of a 2,000-unit
// province, from the request to the last byte (session, the store's one
// read transaction, the engine, the template); every cell an input.
func BenchmarkSheetRender(b *testing.B) {
	p := newProvince(b, 2000, 120)
	b.ResetTimer()
	cpu := cpuTime()
	i := 0
	for b.Loop() {
		rec := p.do("GET", p.sheet(i%2000), nil, p.cookie)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		i++
	}
	// The process's CPU time per render: what the render costs however
	// loaded the machine is (ns/op is wall time, and this machine is shared).
	b.ReportMetric(float64(cpuTime()-cpu)/float64(i)/1e6, "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSheetSave16: 16 people save a sheet each at once (one changed
// value, the revision as If-Match, the rules checked in the store's
// transaction); the p99 of a save is reported.
func BenchmarkSheetSave16(b *testing.B) {
	p := newProvince(b, 2000, 120)
	var next atomic.Int64
	var mu sync.Mutex
	var took []time.Duration
	b.SetParallelism(max(1, 16/max(1, runtime.GOMAXPROCS(0))))
	b.ResetTimer()
	cpu := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		u := int(next.Add(1)) - 1
		rev, round, was := 1, 0, ""
		leaf := p.leaves[0]
		var mine []time.Duration
		for pb.Next() {
			round++
			v := fmt.Sprintf("0,%03d", round%1000)
			form := url.Values{"form_token": {p.token}, "revision": {fmt.Sprint(rev)}, "points-" + leaf: {v}, "was-points-" + leaf: {was}}
			was = v
			start := time.Now()
			rec := p.do("POST", p.sheet(u), form, p.cookie)
			mine = append(mine, time.Since(start))
			if rec.Code != http.StatusSeeOther {
				b.Errorf("save %d of unit %d: %d %s", round, u, rec.Code, rec.Body.String()[:min(300, rec.Body.Len())])
				return
			}
			rev++
		}
		mu.Lock()
		took = append(took, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	cpu = cpuTime() - cpu
	slices.Sort(took)
	if len(took) > 0 {
		b.ReportMetric(float64(took[len(took)*99/100])/1e6, "p99-ms")
		b.ReportMetric(float64(took[len(took)/2])/1e6, "p50-ms")
		b.ReportMetric(float64(next.Load()), "users")
		b.ReportMetric(float64(cpu)/float64(len(took))/1e6, "cpu-ms/op")
	}
}

// TestSheetPageSize: the 120-criterion sheet with its stylesheets and
// scripts is under 100 KB gzip-compressed, as a browser fetches it.
func TestSheetPageSize(t *testing.T) {
	t.Parallel()
	p := newProvince(t, 2, 120)
	page := p.do("GET", p.sheet(0), nil, p.cookie)
	total, raw := gzipSize(t, page.Body.Bytes()), page.Body.Len()
	for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllSubmatch(page.Body.Bytes(), -1) {
		a := p.do("GET", string(m[1]), nil, "")
		if a.Code != http.StatusOK {
			t.Fatalf("%s: %d", m[1], a.Code)
		}
		total, raw = total+gzipSize(t, a.Body.Bytes()), raw+a.Body.Len()
	}
	t.Logf("the 120-criterion sheet with its assets: %d bytes, %d gzip-compressed", raw, total)
	if total >= 100_000 {
		t.Errorf("the sheet with its assets is %d bytes gzip-compressed, over 100 KB", total)
	}
}

func gzipSize(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Len()
}
