package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// scrape is what a Prometheus server reads from the handler.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics: content type %q, want the Prometheus text format", ct)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func hasLines(t *testing.T, body string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains("\n"+body, "\n"+l+"\n") {
			t.Errorf("/metrics lacks the line %q", l)
		}
	}
}

// TestMetricsAfterRequests: the counters, the latency histogram (its
// buckets, count and sum), the score writes and publications, as a scrape
// after some requests reads them; the Go runtime and process metrics
// beside them.
func TestMetricsAfterRequests(t *testing.T) {
	t.Parallel()
	m := New()
	const results = "/api/v1/periods/:year/results"
	m.ObserveRequest("GET", results, 200, 30*time.Millisecond)
	m.ObserveRequest("GET", results, 200, 70*time.Millisecond)
	m.ObserveRequest("GET", results, 404, 2*time.Millisecond)
	m.ObserveRequest("POST", "/api/v1/auth/login", 401, 3*time.Second)
	m.ScoresSaved(48_000)
	m.ScoresSaved(1)
	m.Published()
	m.Published()

	body := scrape(t, m)
	hasLines(t, body,
		"# HELP parindex_http_requests_total HTTP requests answered, by method, route pattern and status.",
		"# TYPE parindex_http_requests_total counter",
		`parindex_http_requests_total{method="GET",route="/api/v1/periods/:year/results",status="200"} 2`,
		`parindex_http_requests_total{method="GET",route="/api/v1/periods/:year/results",status="404"} 1`,
		`parindex_http_requests_total{method="POST",route="/api/v1/auth/login",status="401"} 1`,
		"# TYPE parindex_http_request_duration_seconds histogram",
		// 30 ms and 70 ms: none up to 25 ms, one up to 50 ms, both up to 100 ms.
		`parindex_http_request_duration_seconds_bucket{method="GET",route="/api/v1/periods/:year/results",status="200",le="0.025"} 0`,
		`parindex_http_request_duration_seconds_bucket{method="GET",route="/api/v1/periods/:year/results",status="200",le="0.05"} 1`,
		`parindex_http_request_duration_seconds_bucket{method="GET",route="/api/v1/periods/:year/results",status="200",le="0.1"} 2`,
		`parindex_http_request_duration_seconds_bucket{method="GET",route="/api/v1/periods/:year/results",status="200",le="+Inf"} 2`,
		`parindex_http_request_duration_seconds_count{method="GET",route="/api/v1/periods/:year/results",status="200"} 2`,
		`parindex_http_request_duration_seconds_sum{method="GET",route="/api/v1/periods/:year/results",status="200"} 0.1`,
		// 3 s: above the 2.5 s bucket, within the 5 s one.
		`parindex_http_request_duration_seconds_bucket{method="POST",route="/api/v1/auth/login",status="401",le="2.5"} 0`,
		`parindex_http_request_duration_seconds_bucket{method="POST",route="/api/v1/auth/login",status="401",le="5"} 1`,
		"# TYPE parindex_score_writes_total counter",
		"parindex_score_writes_total 48001",
		"# TYPE parindex_publications_total counter",
		"parindex_publications_total 2",
	)
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_start_time_seconds", "process_resident_memory_bytes"} {
		if !strings.Contains(body, "\n"+name+" ") {
			t.Errorf("/metrics lacks %s (the Go runtime and process collectors)", name)
		}
	}
}

// TestMetricsPerServer: each Metrics has its own registry (servers in one
// process count apart), and a fresh one reports zero writes and
// publications and no request series at all.
func TestMetricsPerServer(t *testing.T) {
	t.Parallel()
	a, b := New(), New()
	a.ObserveRequest("GET", "/healthz", 200, time.Millisecond)
	a.ScoresSaved(5)
	a.Published()
	body := scrape(t, b)
	hasLines(t, body, "parindex_score_writes_total 0", "parindex_publications_total 0")
	if strings.Contains(body, "parindex_http_requests_total{") || strings.Contains(body, "parindex_http_request_duration_seconds_count{") {
		t.Errorf("a fresh registry has request series of another:\n%s", body)
	}
	hasLines(t, scrape(t, a), `parindex_http_requests_total{method="GET",route="/healthz",status="200"} 1`, "parindex_score_writes_total 5", "parindex_publications_total 1")
	// A scrape is not itself a request of the service.
	hasLines(t, scrape(t, a), `parindex_http_requests_total{method="GET",route="/healthz",status="200"} 1`)
}
