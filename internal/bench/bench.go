// Package bench is parindex's benchmark suite (parindex bench): it builds
// synthetic provinces on a temporary SQLite file, runs the real HTTP server
// in the same process on 127.0.0.1, drives it with a closed-loop load
// generator, and measures each figure beside a reference taken in the same
// run, with the target it has to meet.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// Config is what to measure and how long to spend on it.
type Config struct {
	Units    int    // units of the large tier (2,000)
	Criteria int    // leaves of its framework (120)
	Quick    bool   // short runs and no 20,000-unit tier, for CI
	Dir      string // where the temporary databases go (a new directory in it)
	// Exe is a parindex binary to run `export` with, in a child process, so
	// that the workbook's peak memory is its own; empty skips the workbook.
	Exe string
	// HTTPDuration bounds each load run (the count is bounded too).
	HTTPDuration time.Duration
	// Repeat is how many times a timed figure is measured (the median counts).
	Repeat int
	// Growth are the unit counts of the growth figures.
	Growth []int
	// WriteRate is the server's write limit (the serve default).
	WriteRate float64
	// Profile, when set, is a directory that gets a CPU profile of each
	// part (public.pprof, upsert.pprof, results.pprof, growth.pprof).
	Profile string
	Log     io.Writer // progress
	// Only, when set, names the parts to run (public, upsert, results,
	// workbook, growth, evidence); growth needs results.
	Only []string
}

// Defaults are the full suite's settings; quick ones are for CI.
func Defaults(quick bool) Config {
	c := Config{Units: 2000, Criteria: 120, HTTPDuration: 5 * time.Second, Repeat: 9, Growth: []int{200, 2000, 20000}, Log: io.Discard}
	if quick {
		c.Quick, c.HTTPDuration, c.Repeat, c.Growth = true, 1500*time.Millisecond, 5, []int{200, 2000}
	}
	return c
}

// Row is one line of the table.
type Row struct {
	Figure    string
	Value     string
	Reference string
	Ratio     string
	Target    string
	Met       *bool // nil: no target, for information
}

const (
	year       = 2030 // the large tier, written through the API
	refYear    = 2031 // the same rows, written raw: the reference
	publicYear = 2029 // the published 40-unit tier
	password   = "bench-admin-password"
)

// Run runs the suite and returns its table.
func Run(ctx context.Context, cfg Config) ([]Row, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	dir, err := os.MkdirTemp(cfg.Dir, "parindex-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	r := &runner{cfg: cfg, dir: dir}
	err = r.run(ctx)
	return r.rows, err
}

type runner struct {
	cfg    Config
	dir    string
	rows   []Row
	st     *store.Store
	base   string     // the parindex server
	refURL string     // the reference: bare net/http, the same bytes and headers
	ref    *reference // what the reference answers
	tok    string
	big    *province
	// small is the published 40-unit tier of the public figures.
	small *province
	// resultsMS is the DB results figure of the large tier, reused by growth.
	resultsMS float64
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.cfg.Log, "bench: "+format+"\n", args...)
}

func (r *runner) add(row Row) { r.rows = append(r.rows, row) }

func (r *runner) run(ctx context.Context) error {
	dbPath := filepath.Join(r.dir, "province.db")
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	r.st = st
	t0 := time.Now()
	hash, err := httpapi.HashPassword(password)
	if err != nil {
		return err
	}
	if _, err := st.CreateFirstAdmin(ctx, "admin", hash); err != nil {
		return err
	}
	small, err := setupProvince(ctx, st, "public40", 40, r.cfg.Criteria, publicYear)
	if err != nil {
		return err
	}
	r.small = small
	if err := small.load(ctx, st, publicYear, 0); err != nil {
		return err
	}
	if _, _, err := st.PublishPeriod(ctx, results.Publication{Year: publicYear, By: "admin", At: time.Now()}); err != nil {
		return err
	}
	if r.big, err = setupProvince(ctx, st, "bench", r.cfg.Units, r.cfg.Criteria, year, refYear); err != nil {
		return err
	}
	r.logf("generated %d + 40 units, %d criteria in %s", r.cfg.Units, r.cfg.Criteria, time.Since(t0).Round(time.Millisecond))

	stop, err := r.startServers()
	if err != nil {
		return err
	}
	defer stop()
	if err := r.login(ctx); err != nil {
		return err
	}
	for _, part := range []struct {
		name string
		fn   func(context.Context) error
	}{{"public", r.public}, {"upsert", r.upsert}, {"results", r.results},
		{"workbook", func(ctx context.Context) error { return r.workbook(ctx, dbPath) }}, {"growth", r.growth}, {"evidence", r.evidence}} {
		if len(r.cfg.Only) > 0 && !slices.Contains(r.cfg.Only, part.name) {
			continue
		}
		if err := r.profiled(part.name, func() error { return part.fn(ctx) }); err != nil {
			return err
		}
	}
	return nil
}

// profiled runs fn under the CPU profiler when profiles are asked for.
func (r *runner) profiled(name string, fn func() error) error {
	if r.cfg.Profile == "" {
		return fn()
	}
	f, err := os.Create(filepath.Join(r.cfg.Profile, name+".pprof"))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	return fn()
}

// startServers starts parindex's handler and the reference, a bare
// net/http handler that answers the bytes and headers the public figures
// captured from parindex (reference), each on its own 127.0.0.1 port,
// with the serve command's timeouts.
func (r *runner) startServers() (func(), error) {
	h := httpapi.New(r.st, httpapi.Options{TokenTTL: time.Hour, BodyLimit: 16 << 20,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), WriteRate: r.cfg.WriteRate})
	r.ref = &reference{answers: map[string]*refAnswers{}}
	var servers []*http.Server
	for _, x := range []struct {
		h   http.Handler
		url *string
	}{{h, &r.base}, {r.ref, &r.refURL}} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		srv := &http.Server{Handler: x.h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
			WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
		go srv.Serve(ln)
		servers = append(servers, srv)
		*x.url = "http://" + ln.Addr().String()
	}
	return func() {
		for _, s := range servers {
			s.Close()
		}
	}, nil
}

func (r *runner) login(ctx context.Context) error {
	b, _ := json.Marshal(map[string]string{"username": "admin", "password": password})
	var out struct{ Token string }
	if err := r.call(ctx, http.MethodPost, "/api/v1/auth/login", b, &out); err != nil {
		return err
	}
	r.tok = out.Token
	return nil
}

// call sends one API request and decodes a 200 answer into out.
func (r *runner) call(ctx context.Context, method, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if r.tok != "" {
		req.Header.Set("Authorization", "Bearer "+r.tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %.300s", method, path, res.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// upsert writes every score of the large tier through PUT /scores in
// batches, then again with every value changed, and the same rows once
// with one raw prepared INSERT in one transaction (the reference).
func (r *runner) upsert(ctx context.Context) error {
	p := r.big
	per := max(1, 12_000/len(p.Leaves)) // units a request
	total := p.Units * len(p.Leaves)
	rates := make([]float64, 2)
	var elapsed [2]time.Duration
	for round := range 2 {
		bodies := make([][]byte, 0, p.Units/per+1)
		for from := 0; from < p.Units; from += per {
			bodies = append(bodies, p.body(from, min(from+per, p.Units), round))
		}
		t0 := time.Now()
		for _, b := range bodies {
			if err := r.call(ctx, http.MethodPut, fmt.Sprintf("/api/v1/periods/%d/scores", year), b, nil); err != nil {
				return err
			}
		}
		elapsed[round] = time.Since(t0)
		rates[round] = float64(total) / elapsed[round].Seconds()
		r.logf("upsert round %d: %d scores in %d requests, %s", round, total, len(bodies), elapsed[round].Round(time.Millisecond))
	}
	points := p.matrix(0)
	t0 := time.Now()
	n, err := rawInsertPoints(ctx, r.st, refYear, p.Tier, points)
	if err != nil {
		return err
	}
	refElapsed := time.Since(t0)
	ref := float64(n) / refElapsed.Seconds()
	r.logf("raw insert: %d rows in %s", n, refElapsed.Round(time.Millisecond))
	audited, err := r.countAudit(ctx)
	if err != nil {
		return err
	}
	refText := fmt.Sprintf("raw prepared INSERT, 1 tx: %s rows/s (%s s)", thousands(ref), secs(refElapsed))
	r.add(Row{Figure: fmt.Sprintf("bulk upsert, PUT /scores: %s new scores, %d per request", thousands(float64(total)), per*len(p.Leaves)),
		Value: fmt.Sprintf("%s scores/s (%s s)", thousands(rates[0]), secs(elapsed[0])), Reference: refText,
		Ratio: fmt.Sprintf("%.1f× slower", ref/rates[0]), Target: "≥ 160,000/s and ≤ 5× slower", Met: met(rates[0] >= 160_000 && ref/rates[0] <= 5)})
	r.add(Row{Figure: "  again, every value changed (diff, update, audit old → new)",
		Value: fmt.Sprintf("%s scores/s (%s s)", thousands(rates[1]), secs(elapsed[1])), Reference: refText,
		Ratio: fmt.Sprintf("%.1f× slower", ref/rates[1]), Target: "(same)", Met: met(rates[1] >= 160_000 && ref/rates[1] <= 5)})
	r.add(Row{Figure: "  audit entries written by the two rounds", Value: thousands(float64(audited)), Reference: fmt.Sprintf("%s changed values", thousands(float64(2*total)))})
	if audited != 2*total {
		return fmt.Errorf("the two upsert rounds wrote %d audit entries, not %d", audited, 2*total)
	}
	return nil
}

// countAudit counts the score audit entries of the large tier's year.
func (r *runner) countAudit(ctx context.Context) (int, error) {
	n := 0
	before := int64(0)
	for {
		es, err := r.st.Audit(ctx, store.AuditFilter{Year: year, Entity: "score", Before: before, Limit: 100_000})
		if err != nil {
			return 0, err
		}
		n += len(es)
		if len(es) < 100_000 {
			return n, nil
		}
		before = es[len(es)-1].ID
	}
}

// computeAfterWrite writes one value of the tier, then times computing the
// tier's results from the database; it returns the median time.
func computeAfterWrite(ctx context.Context, st *store.Store, y int, p *province, repeat int) (time.Duration, error) {
	period, err := st.Period(ctx, y)
	if err != nil {
		return 0, err
	}
	tier, err := st.Tier(ctx, p.Tier)
	if err != nil {
		return 0, err
	}
	var times []time.Duration
	for i := range repeat {
		pts := score.Milli(i % int(p.Max))
		w := workflow.ScoreWrite{Unit: p.Codes[i%p.Units], Criterion: p.Leaves[0], Points: &pts, SetPoints: true}
		if err := st.UpsertScores(ctx, y, workflow.User{}, []workflow.ScoreWrite{w}); err != nil {
			return 0, err
		}
		t0 := time.Now()
		d, err := st.TierResults(ctx, period, tier)
		if err != nil {
			return 0, err
		}
		res := d.Results
		times = append(times, time.Since(t0))
		if len(res.Units) != p.Units {
			return 0, fmt.Errorf("results of %d units, not %d", len(res.Units), p.Units)
		}
	}
	return median(times), nil
}

// results times the large tier's results from the database after a write,
// the engine alone, and the database's own SUM … GROUP BY (the reference).
func (r *runner) results(ctx context.Context) error {
	p := r.big
	db, err := computeAfterWrite(ctx, r.st, year, p, r.cfg.Repeat)
	if err != nil {
		return err
	}
	r.resultsMS = float64(db) / float64(time.Millisecond)
	var sums []time.Duration
	for range r.cfg.Repeat {
		t0 := time.Now()
		n, _, err := sumPoints(ctx, r.st, year, p.Tier)
		if err != nil {
			return err
		}
		sums = append(sums, time.Since(t0))
		if n != p.Units {
			return fmt.Errorf("SUM over %d units, not %d", n, p.Units)
		}
	}
	f, units, err := r.st.TierScores(ctx, year, p.Tier)
	if err != nil {
		return err
	}
	var engine []time.Duration
	for range r.cfg.Repeat {
		t0 := time.Now()
		rs := make([]score.UnitResult, len(units))
		for i, u := range units {
			rs[i] = f.Evaluate(u)
		}
		tr := f.Rank(rs, nil)
		engine = append(engine, time.Since(t0))
		if len(tr.Units) != p.Units {
			return fmt.Errorf("ranked %d units", len(tr.Units))
		}
	}
	sum := median(sums)
	eng := median(engine)
	r.logf("results from the database %s, engine %s, SUM GROUP BY %s", db, eng, sum)
	n := thousands(float64(p.Units))
	r.add(Row{Figure: fmt.Sprintf("results of the %s-unit tier from the database, after a write (median of %d)", n, r.cfg.Repeat),
		Value: ms(db) + " ms", Reference: fmt.Sprintf("SUM(points) GROUP BY unit: %s ms", ms(sum)), Ratio: ratio(float64(db) / float64(sum)),
		Target: "< 150 ms", Met: met(db < 150*time.Millisecond)})
	r.add(Row{Figure: fmt.Sprintf("  the pure engine: evaluate and rank %s units", n), Value: ms(eng) + " ms",
		Target: "< 20 ms", Met: met(eng < 20*time.Millisecond)})
	return nil
}

// workbook runs `parindex export` on the database in a child process and
// takes its wall time and peak resident memory from the kernel.
func (r *runner) workbook(ctx context.Context, dbPath string) error {
	if r.cfg.Exe == "" {
		r.add(Row{Figure: "report workbook", Value: "skipped (no parindex binary to run)", Target: "< 3 s, < 150 MB"})
		return nil
	}
	out := filepath.Join(r.dir, "report.xlsx")
	var times []time.Duration
	var peak int64
	for range min(3, r.cfg.Repeat) {
		cmd := exec.CommandContext(ctx, r.cfg.Exe, "export", "--year", fmt.Sprint(year), "--out", out, "--db", dbPath)
		cmd.Env = append(os.Environ(), "PARINDEX_DATABASE_URL="+dbPath)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("parindex export: %v\n%s", err, stderr.String())
		}
		times = append(times, time.Since(t0))
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss*1024)
		}
	}
	fi, err := os.Stat(out)
	if err != nil {
		return err
	}
	t := median(times)
	mb := float64(peak) / (1 << 20)
	r.logf("workbook %s, %.0f MB peak RSS, %d bytes", t, mb, fi.Size())
	r.add(Row{Figure: fmt.Sprintf("report workbook of the %s-unit tier (parindex export, a child process; %.1f MB file)", thousands(float64(r.big.Units)), float64(fi.Size())/(1<<20)),
		Value: fmt.Sprintf("%s s, %.0f MB peak RSS", secs(t), mb), Target: "< 3 s, < 150 MB", Met: met(t < 3*time.Second && mb < 150)})
	return nil
}

// growth measures the database results figure at other sizes, each on its
// own database, and compares the cost per unit with the large tier's.
func (r *runner) growth(ctx context.Context) error {
	base := r.resultsMS / float64(r.big.Units)
	for _, n := range r.cfg.Growth {
		var msv float64
		if n == r.big.Units && r.big.Criteria == r.cfg.Criteria {
			msv = r.resultsMS
		} else {
			d, err := r.growthAt(ctx, n)
			if err != nil {
				return err
			}
			msv = float64(d) / float64(time.Millisecond)
		}
		per := msv / float64(n)
		row := Row{Figure: fmt.Sprintf("growth: results from the database at %s units", thousands(float64(n))),
			Value: fmt.Sprintf("%.1f ms (%.1f µs a unit)", msv, per*1000), Reference: fmt.Sprintf("%s units: %.1f µs a unit", thousands(float64(r.big.Units)), base*1000),
			Ratio: ratio(per / base)}
		if n > r.big.Units {
			row.Target, row.Met = "≤ 1.5× a unit (linear)", met(per <= 1.5*base)
		}
		r.add(row)
	}
	return nil
}

func (r *runner) growthAt(ctx context.Context, n int) (time.Duration, error) {
	path := filepath.Join(r.dir, fmt.Sprintf("growth-%d.db", n))
	defer func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}()
	st, err := store.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	t0 := time.Now()
	p, err := setupProvince(ctx, st, "growth", n, r.cfg.Criteria, year)
	if err != nil {
		return 0, err
	}
	if err := p.load(ctx, st, year, 0); err != nil {
		return 0, err
	}
	r.logf("growth: %d units × %d criteria stored in %s", n, r.cfg.Criteria, time.Since(t0).Round(time.Millisecond))
	return computeAfterWrite(ctx, st, year, p, max(3, r.cfg.Repeat/2))
}

// Print writes the table as Markdown.
func Print(w io.Writer, rows []Row) {
	fmt.Fprintln(w, "| figure | value | reference (same run) | ratio | target | met |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, r := range rows {
		m := ""
		if r.Met != nil {
			m = map[bool]string{true: "met", false: "**not met**"}[*r.Met]
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", r.Figure, r.Value, r.Reference, r.Ratio, r.Target, m)
	}
}

// Missed counts the targets not met.
func Missed(rows []Row) int {
	n := 0
	for _, r := range rows {
		if r.Met != nil && !*r.Met {
			n++
		}
	}
	return n
}

// ErrMissed is returned by callers that fail on a missed target.
var ErrMissed = errors.New("targets missed")

func met(b bool) *bool { return &b }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func kb(n int) string { return fmt.Sprintf("%.1f", float64(n)/1024) }

func ratio(x float64) string { return fmt.Sprintf("%.2f×", x) }

// thousands prints a whole number with thousands separators: 240,000.
func thousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// Targets counts the figures that have a target.
func Targets(rows []Row) int {
	n := 0
	for _, r := range rows {
		if r.Met != nil {
			n++
		}
	}
	return n
}

// LoadAverage is the 1-minute load average (/proc/loadavg), to tell a
// quiet machine from a shared, busy one; "" when unknown.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// Machine describes this machine: cores, CPU model and memory, from /proc.
func Machine() string {
	model, mem := "unknown CPU", ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
					mem = fmt.Sprintf(", %.1f GB memory", kb/(1<<20))
				}
			}
		}
	}
	return fmt.Sprintf("%d cores (nproc), %s%s, %s/%s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH)
}
