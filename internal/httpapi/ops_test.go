package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
)

// TestMetrics: requests are counted by route pattern and status, score
// writes by saved values, publications once each; no token is needed.
func TestMetrics(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	scores := appraisedScores()
	n := len(scores["scores"].([]map[string]any))
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, scores)
	ts.must(http.StatusUnprocessableEntity, "PUT", "/api/v1/periods/2016/scores", ts.admin,
		map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "points": 99}}})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	for _, year := range []string{"2016", "2016", "1999"} {
		ts.do("GET", "/api/v1/public/periods/"+year+"/results?tier=department", "", nil)
	}
	ts.do("GET", "/no/such/page/12345", "", nil)

	r := ts.must(http.StatusOK, "GET", "/metrics", "", nil)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("content type %q", ct)
	}
	body := string(r.Body)
	for _, want := range []string{
		`parindex_http_requests_total{method="GET",route="/api/v1/public/periods/:year/results",status="200"} 2`,
		`parindex_http_requests_total{method="GET",route="/api/v1/public/periods/:year/results",status="404"} 1`,
		`parindex_http_requests_total{method="PUT",route="/api/v1/periods/:year/scores",status="422"} 1`,
		`parindex_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`parindex_http_request_duration_seconds_count{method="POST",route="/api/v1/periods/:year/publish",status="201"} 1`,
		"parindex_score_writes_total " + strconv.Itoa(n) + "\n",
		"parindex_publications_total 1\n",
		"go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "/no/such/page") || strings.Contains(body, "periods/2016") {
		t.Error("/metrics labels a raw URL")
	}
}

// TestReadyz: ready on a migrated, reachable database; 503 with the reason
// when migrations are pending or the database is gone.
func TestReadyz(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	if r := ts.must(http.StatusOK, "GET", "/readyz", "", nil); !strings.Contains(string(r.Body), `"status":"ok"`) {
		t.Errorf("readyz: %s", r.Body)
	}

	st, err := store.Connect(storetest.URL(t)) // never migrated
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(st, Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	bare := &testServer{t: t, URL: srv.URL, store: st}
	if r := bare.must(http.StatusServiceUnavailable, "GET", "/readyz", "", nil); !strings.Contains(string(r.Body), "migrations pending") {
		t.Errorf("readyz before migrating: %s", r.Body)
	}
	bare.must(http.StatusOK, "GET", "/healthz", "", nil) // alive all the same
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	bare.must(http.StatusOK, "GET", "/readyz", "", nil)
	st.Close()
	if r := bare.must(http.StatusServiceUnavailable, "GET", "/readyz", "", nil); !strings.Contains(string(r.Body), "database unreachable") {
		t.Errorf("readyz with the database closed: %s", r.Body)
	}
}
