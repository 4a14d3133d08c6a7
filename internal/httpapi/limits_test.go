package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/store/storetest"
)

// TestWriteRateLimit: a user's changes beyond the write rate get 429 with
// Retry-After, in the error body's shape; reads, and other users, pass.
func TestWriteRateLimit(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	if _, err := st.CreateFirstAdmin(context.Background(), "admin", testHash(t, adminPassword)); err != nil {
		t.Fatal(err)
	}
	// 0.1 a second: a bucket of one change, refilled in ten seconds.
	h := New(st, Options{TokenTTL: time.Hour, BodyLimit: 2 << 20, WriteRate: 0.1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordCost: testPasswordCost})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ts := &testServer{t: t, URL: srv.URL, store: st}
	ts.admin = ts.login("admin", adminPassword)

	ts.must(http.StatusCreated, "POST", "/api/v1/tiers", ts.admin, map[string]string{"code": "commune", "name": "Cấp xã"})
	r := ts.doRaw("POST", "/api/v1/tiers", ts.admin, `{"code":"other","name":"Khác"}`)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("a second change at once: status %d, want 429: %s", r.Status, r.Body)
	}
	if code := errorCode(t, r); code != "too_many_requests" {
		t.Errorf("error code %q", code)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 10 {
		t.Errorf("Retry-After %q, want 1..10 seconds", r.Header.Get("Retry-After"))
	}
	ts.must(http.StatusOK, "GET", "/api/v1/tiers", ts.admin, nil) // reads are not limited

	// The limit is per user: the login of another one (from another
	// address: this one has spent its login) may still change things.
	if r := ts.doRaw("POST", "/api/v1/auth/login", "", `{"username":"admin","password":"`+adminPassword+`"}`); r.Status != http.StatusTooManyRequests {
		t.Errorf("a second login from one address at once: status %d, want 429", r.Status)
	}
}

// doRaw sends a body as is, without checking the answer against the spec
// (429 is documented once, for every route).
func (ts *testServer) doRaw(method, path, token, body string) response {
	ts.t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// TestListPages: units and users come a page at a time, at most 500.
func TestListPages(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	for i := range 7 {
		ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": fmt.Sprintf("p%d", i), "name": fmt.Sprintf("Đơn vị %d", i), "tier": "district"})
	}
	var page struct {
		Units   []struct{ Code string } `json:"units"`
		Page    int                     `json:"page"`
		PerPage int                     `json:"per_page"`
		Total   int                     `json:"total"`
	}
	var codes []string
	for p := 1; p <= 3; p++ {
		r := ts.must(http.StatusOK, "GET", fmt.Sprintf("/api/v1/units?tier=district&per_page=3&page=%d", p), ts.admin, nil)
		if err := json.Unmarshal(r.Body, &page); err != nil {
			t.Fatal(err)
		}
		if page.Total != 7 || page.PerPage != 3 || page.Page != p {
			t.Errorf("page %d: %+v", p, page)
		}
		for _, u := range page.Units {
			codes = append(codes, u.Code)
		}
	}
	if len(codes) != 7 {
		t.Errorf("three pages of 3 gave %v", codes)
	}
	r := ts.must(http.StatusOK, "GET", "/api/v1/units", ts.admin, nil)
	json.Unmarshal(r.Body, &page)
	if page.PerPage != MaxPerPage || page.Total != 7 || len(page.Units) != 7 {
		t.Errorf("the default page: %+v", page)
	}
	for _, q := range []string{"per_page=501", "per_page=0", "page=0", "page=x"} {
		if r := ts.do("GET", "/api/v1/units?"+q, ts.admin, nil); r.Status != http.StatusBadRequest {
			t.Errorf("units?%s: status %d, want 400", q, r.Status)
		}
	}
	ts.must(http.StatusOK, "GET", "/api/v1/users?per_page=1&page=2", ts.admin, nil)
}
