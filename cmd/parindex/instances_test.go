package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/store/storetest"
)

// postgresURL gives a test its own fresh PostgreSQL database, or skips the
// test when PARINDEX_TEST_POSTGRES_URL is not set (.ci/run sets it for its
// PostgreSQL pass, and fails when PostgreSQL is not running).
func postgresURL(t *testing.T) string {
	t.Helper()
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Skipf("needs PostgreSQL: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", storetest.EnvPostgres)
	}
	return storetest.URL(t)
}

// server is one `parindex serve` started by a test, stopped by stop or at
// the end of the test.
type server struct {
	base string
	stop func()
}

// serveCtx starts `parindex serve` as main would and waits until it
// listens; unlike startServe it may be stopped before the test ends.
func serveCtx(t *testing.T, env map[string]string, args ...string) (server, error) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"parindex", "serve", "--addr", "127.0.0.1:0"}, args...), func(k string) string { return env[k] }, &stdout, &stderr)
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve ended with %v\n%s", err, stderr.String())
			}
		})
	}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
		if out := stdout.String(); strings.Contains(out, "listening on ") {
			t.Cleanup(stop)
			return server{base: strings.TrimSpace(out[strings.Index(out, "http://"):]), stop: stop}, nil
		}
		select {
		case err := <-done:
			cancel()
			return server{}, &startError{err: err, log: stderr.String()}
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	<-done
	return server{}, &startError{log: "did not start in 60 s\n" + stderr.String()}
}

type startError struct {
	err error
	log string
}

func (e *startError) Error() string {
	if e.err == nil {
		return e.log
	}
	return e.err.Error() + "\n" + e.log
}

// client speaks JSON to one server as one user.
type client struct {
	t     *testing.T
	base  string
	token string
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (c client) call(method, path string, body any, headers ...string) reply {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return reply{status: res.StatusCode, header: res.Header, body: b}
}

func (c client) must(want int, method, path string, body any) reply {
	c.t.Helper()
	r := c.call(method, path, body)
	if r.status != want {
		c.t.Fatalf("%s %s%s: %d, want %d\n%s", method, c.base, path, r.status, want, r.body)
	}
	return r
}

// login returns a client of base logged in as username.
func login(t *testing.T, base, username, password string) client {
	t.Helper()
	r := client{t: t, base: base}.must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"username": username, "password": password})
	var v struct{ Token string }
	if err := json.Unmarshal(r.body, &v); err != nil || v.Token == "" {
		t.Fatalf("login as %s: %v %s", username, err, r.body)
	}
	return client{t: t, base: base, token: v.Token}
}

// TestTwoInstancesOneDatabase starts two instances on one fresh PostgreSQL
// database at the same moment (both migrate, both create the first admin:
// the advisory lock and the store make that safe), writes through one and
// reads through the other.
func TestTwoInstancesOneDatabase(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PARINDEX_DATABASE_URL": postgresURL(t), "PARINDEX_ADMIN_PASSWORD": "two-instances"}
	var servers [2]server
	var errs [2]error
	var wg sync.WaitGroup
	for i := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i], errs[i] = serveCtx(t, env)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d did not start: %v", i+1, err)
		}
	}
	a := login(t, servers[0].base, "admin", "two-instances")
	b := login(t, servers[1].base, "admin", "two-instances")
	for _, c := range []client{a, b} {
		c.must(http.StatusOK, "GET", "/readyz", nil)
	}

	// Setup through A, visible through B at once: no instance caches data.
	for _, u := range [][2]string{{"tt", "Thanh tra tỉnh"}, {"stc", "Sở Tài chính"}, {"stp", "Sở Tư pháp"}} {
		a.must(http.StatusCreated, "POST", "/api/v1/units", map[string]string{"code": u[0], "name": u[1], "tier": "department"})
	}
	if r := b.must(http.StatusOK, "GET", "/api/v1/units?tier=department", nil); !bytes.Contains(r.body, []byte("Sở Tư pháp")) {
		t.Errorf("B does not see the units A created: %s", r.body)
	}
	a.must(http.StatusCreated, "POST", "/api/v1/periods", map[string]any{"year": 2016, "title": "Chỉ số CCHC năm 2016"})
	b.must(http.StatusOK, "PUT", "/api/v1/periods/2016/frameworks/department", map[string]any{
		"bands": []map[string]any{{"label": "Tốt", "min_index": 80}, {"label": "Khá", "min_index": 70}},
		"criteria": []map[string]any{{"code": "1", "name": "Công tác chỉ đạo, điều hành", "children": []map[string]any{
			{"code": "1.1", "name": "Kế hoạch CCHC", "max_points": 60},
			{"code": "1.2", "name": "Mức độ hài lòng", "max_points": "40", "source": "survey"}}}},
	})

	// Writers on both instances at once, to different units and the same one.
	var scores sync.WaitGroup
	for i, u := range []string{"tt", "stc", "stp", "tt"} {
		c := []client{a, b}[i%2]
		scores.Add(1)
		go func() {
			defer scores.Done()
			r := c.call("PUT", "/api/v1/periods/2016/scores", map[string]any{"scores": []map[string]any{
				{"unit": u, "criterion": "1.1", "points": 40 + 5*len(u)}, {"unit": u, "criterion": "1.2", "points": "31.753"}}})
			if r.status != http.StatusOK {
				t.Errorf("scores for %s through %s: %d %s", u, c.base, r.status, r.body)
			}
		}()
	}
	scores.Wait()
	liveA := a.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", nil)
	liveB := b.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", nil)
	if !bytes.Equal(liveA.body, liveB.body) {
		t.Errorf("live results differ between the instances:\nA %s\nB %s", liveA.body, liveB.body)
	}
	if !bytes.Contains(liveA.body, []byte(`"index":81.75`)) {
		t.Errorf("live results lack Thanh tra's 81.75: %s", liveA.body)
	}

	// Both instances publish at the same moment: one publication.
	var pubs [2]reply
	var pub sync.WaitGroup
	for i, c := range []client{a, b} {
		pub.Add(1)
		go func() {
			defer pub.Done()
			pubs[i] = c.call("POST", "/api/v1/periods/2016/publish", nil)
		}()
	}
	pub.Wait()
	created, refused := 0, 0
	for _, r := range pubs {
		switch r.status {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			refused++
		default:
			t.Errorf("publish: %d %s", r.status, r.body)
		}
	}
	if created != 1 || refused != 1 {
		t.Fatalf("publishing on both instances at once: %d created, %d refused, want 1 and 1", created, refused)
	}
	for _, c := range []client{a, b} {
		r := c.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/versions", nil)
		var vs struct {
			Versions []struct{ Version int } `json:"versions"`
		}
		if err := json.Unmarshal(r.body, &vs); err != nil || len(vs.Versions) != 1 || vs.Versions[0].Version != 1 {
			t.Errorf("versions through %s: %s", c.base, r.body)
		}
	}
	// A score change after publication is refused on either instance.
	b.must(http.StatusConflict, "PUT", "/api/v1/periods/2016/scores", map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "points": 1}}})

	// The public side agrees byte for byte, ETags included, and each
	// instance answers the other's ETag with 304.
	anon := [2]client{{t: t, base: servers[0].base}, {t: t, base: servers[1].base}}
	for _, path := range []string{
		"/api/v1/public/periods/2016/results?tier=department",
		"/api/v1/public/periods/2016/results.csv?tier=department",
		"/api/v1/public/periods/2016/summary",
		"/embed/periods/2016?tier=department",
	} {
		ra, rb := anon[0].must(http.StatusOK, "GET", path, nil), anon[1].must(http.StatusOK, "GET", path, nil)
		if !bytes.Equal(ra.body, rb.body) {
			t.Errorf("%s differs between the instances", path)
		}
		ea, eb := ra.header.Get("ETag"), rb.header.Get("ETag")
		if ea == "" || ea != eb {
			t.Errorf("%s: ETags %q and %q", path, ea, eb)
		}
		if r := anon[1].call("GET", path, nil, "If-None-Match", ea); r.status != http.StatusNotModified {
			t.Errorf("%s: B answers A's ETag with %d", path, r.status)
		}
	}
	var audit struct {
		Entries []struct{ Action, Entity string } `json:"entries"`
	}
	r := b.must(http.StatusOK, "GET", "/api/v1/audit?year=2016&entity=snapshot", nil)
	if err := json.Unmarshal(r.body, &audit); err != nil {
		t.Fatal(err)
	}
	if len(audit.Entries) != 1 {
		t.Errorf("audit has %d publications, want 1: %s", len(audit.Entries), r.body)
	}
}
