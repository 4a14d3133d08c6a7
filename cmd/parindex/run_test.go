package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/demo"
)

// syncBuffer collects a goroutine's output safely.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `parindex serve` as main would, on a free port, and
// returns its base URL; the server stops when the test ends.
func startServe(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	getenv := func(k string) string { return env[k] }
	go func() {
		done <- run(ctx, append([]string{"parindex", "serve", "--addr", "127.0.0.1:0"}, args...), getenv, &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve ended with %v\n%s", err, stderr.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if out := stdout.String(); strings.Contains(out, "listening on ") {
			return strings.TrimSpace(out[strings.Index(out, "http://"):])
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", stderr.String())
	return ""
}

func getJSON(t *testing.T, url, token string, v any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if v != nil && res.StatusCode == 200 {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v\n%s", url, err, body)
		}
	}
	return res.StatusCode
}

// TestServeDemo is the README's first five minutes: start with the demo,
// log in as admin, read the 2016 results and the public ranking.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	env := map[string]string{"PARINDEX_DATABASE_URL": db, "PARINDEX_ADMIN_PASSWORD": "demo-admin-2016"}
	base := startServe(t, env, "--demo")

	if code := getJSON(t, base+"/healthz", "", nil); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	type results struct {
		AverageIndex json.Number `json:"average_index"`
		Units        []struct {
			Rank     int    `json:"rank"`
			UnitName string `json:"unit_name"`
		} `json:"units"`
	}
	want := map[string]json.Number{"department": "74.86", "district": "75.76"}
	for tier, avg := range want {
		var r results
		if code := getJSON(t, base+"/api/v1/public/periods/2016/results?tier="+tier, "", &r); code != 200 {
			t.Fatalf("public %s results: %d", tier, code)
		}
		if r.AverageIndex != avg {
			t.Errorf("%s average = %s, want %s", tier, r.AverageIndex, avg)
		}
	}
	var dept results
	getJSON(t, base+"/api/v1/public/periods/2016/results?tier=department", "", &dept)
	top := map[string]bool{}
	for _, u := range dept.Units[:3] {
		top[u.UnitName] = true
	}
	if !top["Thanh tra tỉnh"] || !top["Sở Tài chính"] {
		t.Errorf("the department top three lacks Thanh tra tỉnh or Sở Tài chính: %+v", dept.Units[:3])
	}
	var dist results
	getJSON(t, base+"/api/v1/public/periods/2016/results?tier=district", "", &dist)
	if dist.Units[0].UnitName != "UBND thành phố Lai Châu" || dist.Units[0].Rank != 1 {
		t.Errorf("district first = %+v", dist.Units[0])
	}

	res, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"admin","password":"demo-admin-2016"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(res.Body).Decode(&login)
	res.Body.Close()
	if login.Token == "" {
		t.Fatal("admin could not log in")
	}
	var live results
	if code := getJSON(t, base+"/api/v1/periods/2016/results?tier=department", login.Token, &live); code != 200 || live.AverageIndex != "74.86" {
		t.Errorf("live results: %d %s", code, live.AverageIndex)
	}
}

// apiLogin posts the API login and returns the status.
func apiLogin(t *testing.T, base, user, password string) int {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"username": user, "password": password})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestDemoAccountsOnlyWithDemo: serve --demo creates the demo accounts
// the README gives (and 2017 in appraisal); serve without --demo creates
// none of them.
func TestDemoAccountsOnlyWithDemo(t *testing.T) {
	t.Parallel()
	with := startServe(t, map[string]string{"PARINDEX_DATABASE_URL": filepath.Join(t.TempDir(), "with.db"), "PARINDEX_ADMIN_PASSWORD": "demo-admin-2016"}, "--demo")
	without := startServe(t, map[string]string{"PARINDEX_DATABASE_URL": filepath.Join(t.TempDir(), "without.db"), "PARINDEX_ADMIN_PASSWORD": "demo-admin-2016"})
	for _, a := range demo.Accounts {
		if code := apiLogin(t, with, a.Username, a.Password); code != http.StatusOK {
			t.Errorf("with --demo, %s logs in: %d", a.Username, code)
		}
		if code := apiLogin(t, without, a.Username, a.Password); code != http.StatusUnauthorized {
			t.Errorf("without --demo, %s logs in: %d", a.Username, code)
		}
	}
	var p struct{ Stage string }
	res, _ := http.Post(with+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"thuky","password":"demo-thuky-2017"}`))
	var tok struct{ Token string }
	json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	if code := getJSON(t, with+"/api/v1/periods/2017", tok.Token, &p); code != 200 || p.Stage != "appraisal" {
		t.Errorf("2017 with --demo: %d %s", code, p.Stage)
	}
}

// TestServeKeepsData restarts on the same file: the demo is not loaded
// twice and the admin password of the first start stays.
func TestServeKeepsData(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "keep.db")
	for i := 0; i < 2; i++ {
		var stdout, stderr syncBuffer
		ctx, cancel := context.WithCancel(context.Background())
		env := map[string]string{"PARINDEX_DATABASE_URL": db, "PARINDEX_ADMIN_PASSWORD": "first-password"}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"parindex", "serve", "--demo", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, &stdout, &stderr)
		}()
		for !strings.Contains(stdout.String(), "listening") {
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if i == 1 && !strings.Contains(stderr.String(), "the demo data was not loaded") {
			t.Errorf("second start: %s", stderr.String())
		}
	}
	var out syncBuffer
	if err := run(context.Background(), []string{"parindex", "migrate", "status"}, func(k string) string {
		return map[string]string{"PARINDEX_DATABASE_URL": db}[k]
	}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "applied") {
		t.Errorf("migrate status: %s", out.String())
	}
}

func TestHealthcheckCommand(t *testing.T) {
	t.Parallel()
	base := startServe(t, map[string]string{"PARINDEX_DATABASE_URL": filepath.Join(t.TempDir(), "h.db")})
	if err := run(context.Background(), []string{"parindex", "healthcheck", base + "/healthz"}, func(string) string { return "" }, io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck of a running server: %v", err)
	}
	if err := run(context.Background(), []string{"parindex", "healthcheck", base + "/nothing"}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("healthcheck of a missing route passed")
	}
}

func TestBadConfiguration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"PARINDEX_TOKEN_TTL": "soon"}, nil, "PARINDEX_TOKEN_TTL"},
		{map[string]string{"PARINDEX_ADMIN_PASSWORD": "short"}, nil, "at least 10 characters"},
		{map[string]string{"PARINDEX_ADMIN_PASSWORD": "1234567890"}, nil, "most common passwords"},
		{map[string]string{"PARINDEX_TRUSTED_PROXIES": "172.28.0.10/32 10.0.0.300/8"}, nil, `"10.0.0.300/8" is not a CIDR`},
		{nil, []string{"--nope"}, "flag provided but not defined"},
		{map[string]string{"PARINDEX_DATABASE_URL": "postgres://nobody:secret@127.0.0.1:1/x"}, nil, "open postgres://nobody:xxxxx@127.0.0.1:1/x"},
	} {
		err := run(context.Background(), append([]string{"parindex", "serve", "--addr", "127.0.0.1:0"}, tc.args...), func(k string) string { return tc.env[k] }, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: err = %v, want it to say %q", tc.env, tc.args, err, tc.want)
		}
	}
	if err := run(context.Background(), []string{"parindex", "frobnicate"}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("an unknown command did not fail")
	}
}
