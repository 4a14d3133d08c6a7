// Package metrics keeps the service's Prometheus metrics: requests by route
// and status, their latencies, score writes and publications. It is the only
// package that imports the Prometheus client.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one server's set of metrics, in its own registry so that
// servers in one process (tests) do not share counters.
type Metrics struct {
	reg          *prometheus.Registry
	requests     *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	scoreWrites  prometheus.Counter
	publications prometheus.Counter
}

// New registers the service's metrics and the Go runtime and process ones.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "parindex_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "parindex_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by method, route pattern and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
		scoreWrites: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "parindex_score_writes_total",
			Help: "Score values saved (one per unit and criterion written).",
		}),
		publications: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "parindex_publications_total",
			Help: "Result snapshots published.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.scoreWrites, m.publications,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveRequest counts one answered request; route is the router's
// pattern (/api/v1/periods/:year/results), never the raw URL, so the
// number of series stays bounded.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.latency.WithLabelValues(method, route, code).Observe(d.Seconds())
}

// Observer is ObserveRequest for one method, route and status, with the
// series looked up once: for a path that answers the same route many
// times a second (precomputed.Front), where the label lookups would cost
// more than the answer.
func (m *Metrics) Observer(method, route string, status int) func(time.Duration) {
	code := strconv.Itoa(status)
	count := m.requests.WithLabelValues(method, route, code)
	lat := m.latency.WithLabelValues(method, route, code)
	return func(d time.Duration) {
		count.Inc()
		lat.Observe(d.Seconds())
	}
}

// ScoresSaved counts n score values saved by one accepted write.
func (m *Metrics) ScoresSaved(n int) { m.scoreWrites.Add(float64(n)) }

// Published counts one publication.
func (m *Metrics) Published() { m.publications.Inc() }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
