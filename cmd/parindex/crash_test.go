package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/config"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// These tests run parindex as a child process, to kill it: the child is
// this test binary itself, which with PARINDEX_TEST_RUN_MAIN=1 in its
// environment runs main() — the whole program, from the same code — and no
// test (linking a second binary with go build took 5 to 8 s of the
// package's time).
const envRunMain = "PARINDEX_TEST_RUN_MAIN"

func parindexBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs and kills parindex as a child process; skipped with -short")
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child is a `parindex serve` process.
type child struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

// startChild runs `parindex serve` on db, on a free 127.0.0.1 port.
func startChild(t *testing.T, bin, db string) *child {
	t.Helper()
	return startChildEnv(t, bin, db)
}

// startChildEnv is startChild with more environment variables (KEY=value).
func startChildEnv(t *testing.T, bin, db string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append(os.Environ(), envRunMain+"=1", "PARINDEX_ADDR=127.0.0.1:0", "PARINDEX_DATABASE_URL="+db,
		"PARINDEX_ADMIN_PASSWORD=crash-test-password", "PARINDEX_WRITE_RATE=0"), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, done: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 {
				lines <- sc.Text()[i:]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() { c.kill() })
	select {
	case c.base = <-lines:
		return c
	case err := <-c.done:
		t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start:\n%s", stderr.String())
	}
	return nil
}

// kill sends SIGKILL and waits for the process to be gone.
func (c *child) kill() {
	if c.cmd.ProcessState == nil {
		c.cmd.Process.Kill()
		<-c.done
		c.done <- nil // for a second kill
	}
}

func (c *child) call(t *testing.T, method, path, token string, body any, want int) []byte {
	t.Helper()
	st, out, err := c.send(context.Background(), method, path, token, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if st != want {
		t.Fatalf("%s %s: status %d, want %d: %.500s", method, path, st, want, out)
	}
	return out
}

func (c *child) send(ctx context.Context, method, path, token string, body any) (int, []byte, error) {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res.StatusCode, out, err
}

func (c *child) login(t *testing.T) string {
	t.Helper()
	var out struct{ Token string }
	json.Unmarshal(c.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "crash-test-password"}, 200), &out)
	return out.Token
}

// EnvCrashPoints chooses where the crash tests kill the server: unset, at
// a few points of each request (the README's go test); "all" (as .ci/run
// sets it), at every point of the list.
const EnvCrashPoints = "PARINDEX_CRASH_POINTS"

// crashPoints is the kill points of a crash test, as fractions of the
// time the request takes: few by default, all with PARINDEX_CRASH_POINTS=all.
func crashPoints(t *testing.T, all, few []float64) []float64 {
	t.Helper()
	switch v := os.Getenv(EnvCrashPoints); v {
	case "":
		t.Logf("killing at %v of the request's time (%s=all: at %v)", few, EnvCrashPoints, all)
		return few
	case "all":
		return all
	default:
		t.Fatalf("%s=%q: want all, or nothing for a few points", EnvCrashPoints, v)
	}
	return nil
}

const (
	crashUnits  = 400
	crashLeaves = 120 // 400 × 120 = 48,000 scores a batch
)

// crashBatch is one PUT /scores of every unit's every leaf, with values
// that name the round: a leaf's points are round + its unit's number, in
// thousandths.
func crashBatch(round int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"scores":[`)
	for u := range crashUnits {
		for l := range crashLeaves {
			if u > 0 || l > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"unit":"c%03d","criterion":"%d.%d","points":"0.%03d"}`, u, l/15+1, l%15+1, round)
		}
	}
	sb.WriteString("]}")
	return []byte(sb.String())
}

// crashState is what a killed server left in the database.
type crashState struct {
	rounds    map[string]int // points value → scores holding it
	audited   int            // score audit entries
	snapshots int
	stage     string
	publishes int // publish audit entries
}

func inspect(t *testing.T, db string) crashState {
	t.Helper()
	ctx := context.Background()
	st, err := store.Connect(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lines, err := st.IntegrityCheck(ctx)
	if err != nil || !store.IntegrityOK(lines) {
		t.Fatalf("PRAGMA integrity_check after the kill: %v %v", lines, err)
	}
	s := crashState{rounds: map[string]int{}}
	scores, err := st.Scores(ctx, 2030, "department", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scores {
		s.rounds[sc.Points.String()]++
	}
	// The audit entries are counted in SQL: loading 100,000 of them took
	// a second or two after every kill.
	raw, err := sql.Open("sqlite3", db) // the driver the store registered
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN entity = 'score' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN entity <> 'score' AND action = 'publish' THEN 1 ELSE 0 END), 0)
		FROM audit_log WHERE year = 2030`).Scan(&s.audited, &s.publishes); err != nil {
		t.Fatal(err)
	}
	snaps, err := st.Snapshots(ctx, 2030)
	if err != nil {
		t.Fatal(err)
	}
	s.snapshots = len(snaps)
	p, err := st.Period(ctx, 2030)
	if err != nil {
		t.Fatal(err)
	}
	s.stage = p.Stage
	return s
}

// TestCrashMidImportAndPublication kills the server with SIGKILL in the
// middle of a 48,000-score PUT and of a publication, restarts it, and
// checks all-or-nothing: the whole batch with its audit entries or none of
// it, the publication with its snapshot and audit or none of it, and a
// sound database file.
func TestCrashMidImportAndPublication(t *testing.T) {
	t.Parallel()
	bin := parindexBinary(t)
	db := filepath.Join(t.TempDir(), "crash.db")
	c := startChild(t, bin, db)
	tok := c.login(t)
	c.call(t, "POST", "/api/v1/periods", tok, map[string]any{"year": 2030, "title": "Thử sự cố"}, 201)
	var fields []map[string]any
	for f := range crashLeaves / 15 {
		var leaves []map[string]any
		for l := range 15 {
			leaves = append(leaves, map[string]any{"code": fmt.Sprintf("%d.%d", f+1, l+1), "name": "Tiêu chí", "max_points": "1"})
		}
		fields = append(fields, map[string]any{"code": fmt.Sprint(f + 1), "name": "Lĩnh vực", "children": leaves})
	}
	c.call(t, "PUT", "/api/v1/periods/2030/frameworks/department", tok, map[string]any{"criteria": fields}, 200)
	for u := range crashUnits {
		c.call(t, "POST", "/api/v1/units", tok, map[string]string{"code": fmt.Sprintf("c%03d", u), "name": fmt.Sprintf("Đơn vị %03d", u), "tier": "department"}, 201)
	}
	t0 := time.Now()
	c.call(t, "PUT", "/api/v1/periods/2030/scores", tok, crashBatch(1), 200)
	full := time.Since(t0)
	const batch = crashUnits * crashLeaves

	// The import: kill at several points of the request, each time on a
	// batch of new values, and see the round's values everywhere or nowhere.
	wantAudit := batch
	last := "0.001"
	for i, frac := range crashPoints(t, []float64{0.2, 0.5, 0.8, 2}, []float64{0.5, 2}) {
		round := 2 + i
		value := fmt.Sprintf("0.%03d", round)
		body := crashBatch(round)
		res := make(chan int, 1)
		go func() {
			st, _, _ := c.send(context.Background(), "PUT", "/api/v1/periods/2030/scores", tok, body)
			res <- st
		}()
		time.Sleep(time.Duration(frac * float64(full)))
		c.kill()
		status := <-res
		s := inspect(t, db)
		switch {
		case s.rounds[value] == batch && s.audited == wantAudit+batch:
			wantAudit += batch
			last = value
			t.Logf("import killed at %.0f%% of %s: the whole batch was committed (answer %d)", 100*frac, full.Round(time.Millisecond), status)
		case s.rounds[value] == 0 && s.rounds[last] == batch && s.audited == wantAudit:
			if status == 200 {
				t.Errorf("the import was answered 200 but is not in the database")
			}
			t.Logf("import killed at %.0f%% of %s: nothing of the batch was kept", 100*frac, full.Round(time.Millisecond))
		default:
			t.Fatalf("import killed at %.0f%%: a partial batch: %v, %d audit entries (want %d or %d)", 100*frac, s.rounds, s.audited, wantAudit, wantAudit+batch)
		}
		c = startChild(t, bin, db)
		tok = c.login(t)
	}

	// The publication: computing and freezing 400 units; kill it half-way
	// (the summary computes the same results, which times it).
	t0 = time.Now()
	c.call(t, "GET", "/api/v1/periods/2030/summary", tok, nil, 200)
	compute := time.Since(t0)
	for _, frac := range crashPoints(t, []float64{0.3, 0.7, 1.5, 3}, []float64{0.7, 3}) {
		res := make(chan int, 1)
		go func() {
			st, _, _ := c.send(context.Background(), "POST", "/api/v1/periods/2030/publish", tok, map[string]any{"reason": "thử sự cố"})
			res <- st
		}()
		time.Sleep(time.Duration(frac * float64(compute)))
		c.kill()
		status := <-res
		s := inspect(t, db)
		switch {
		case s.snapshots == 1 && s.stage == workflow.Published && s.publishes == 1:
			t.Logf("publication killed at %.0f%% of %s: published, with its snapshot and audit (answer %d)", 100*frac, compute.Round(time.Millisecond), status)
			return
		case s.snapshots == 0 && s.stage != workflow.Published && s.publishes == 0:
			if status == 201 {
				t.Errorf("the publication was answered 201 but is not in the database")
			}
			t.Logf("publication killed at %.0f%% of %s: nothing of it was kept", 100*frac, compute.Round(time.Millisecond))
		default:
			t.Fatalf("publication killed at %.0f%%: half a publication: %d snapshots, stage %s, %d publish audit entries", 100*frac, s.snapshots, s.stage, s.publishes)
		}
		c = startChild(t, bin, db)
		tok = c.login(t)
	}
	// Never published while killed: it still publishes after the restarts.
	c.call(t, "POST", "/api/v1/periods/2030/publish", tok, map[string]any{"reason": "thử sự cố"}, 201)
}

// TestSlowClients: a client that sends its headers a line at a time is cut
// off (ReadHeaderTimeout: PARINDEX_READ_HEADER_TIMEOUT, 1 s here, not the
// 10 s of the service, so that the test does not wait them out), and a
// huge header gets 431 before any handler.
func TestSlowClients(t *testing.T) {
	t.Parallel()
	const headerTimeout = time.Second
	c := startChildEnv(t, parindexBinary(t), filepath.Join(t.TempDir(), "slow.db"), "PARINDEX_READ_HEADER_TIMEOUT="+headerTimeout.String())
	addr := strings.TrimPrefix(c.base, "http://")

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(conn) // returns when the server closes the connection
		closed <- err
	}()
	fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n", addr)
	start := time.Now()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case <-closed:
			break wait
		case <-tick.C:
			if time.Since(start) > 2*time.Minute {
				t.Fatal("a slowloris connection is still open after 2 minutes")
			}
			fmt.Fprintf(conn, "X-Slow-%d: x\r\n", time.Now().UnixNano()) // never the blank line
		}
	}
	took := time.Since(start)
	t.Logf("slowloris connection closed by the server after %s", took.Round(100*time.Millisecond))
	if took < headerTimeout/2 || took >= config.DefaultReadHeaderTimeout {
		t.Errorf("the slowloris connection was closed after %s: PARINDEX_READ_HEADER_TIMEOUT=%s is not the timeout applied", took, headerTimeout)
	}

	req, _ := http.NewRequest("GET", c.base+"/healthz", nil)
	req.Header.Set("X-Huge", strings.Repeat("a", 200<<10))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 200 KB header: status %d, want 431", res.StatusCode)
	}
}
