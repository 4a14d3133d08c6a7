// Package httpapi is parindex's HTTP interface: the echo server, its routes,
// authentication and the one error handler.
package httpapi

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/parindex/parindex/internal/metrics"
	"github.com/parindex/parindex/internal/store"
)

// Options are the server's settings.
type Options struct {
	TokenTTL  time.Duration
	BodyLimit int64
	Logger    *slog.Logger
	// EmbedOrigins may frame the widget and news pages (CSP frame-ancestors);
	// none means only this site itself.
	EmbedOrigins []string
	// WriteRate bounds each user's changes (non-GET requests) and each
	// address's logins, a second, with a burst of ten seconds' worth;
	// 0 means no limit.
	WriteRate float64
}

// Server handles parindex's HTTP API.
type Server struct {
	store  *store.Store
	opt    Options
	log    *slog.Logger
	now    func() time.Time
	cache  *snapshotCache // published snapshots, decoded, with the bytes served from them
	logins *throttle      // failed logins per account and per address
	writes *rateLimiter   // changes per user and logins per address; nil: no limit

	metrics *metrics.Metrics // Prometheus: requests, score writes, publications
}

// New returns the HTTP handler for the API on st.
func New(st *store.Store, opt Options) *echo.Echo {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Server{store: st, opt: opt, log: opt.Logger, now: time.Now, cache: newSnapshotCache(), logins: newThrottle(), writes: newRateLimiter(opt.WriteRate), metrics: metrics.New()}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// The client's address (login throttling, rate limits, logs) comes from
	// X-Forwarded-For only when a proxy on a loopback or private address
	// sent it, so a client on the internet cannot choose its own address.
	e.IPExtractor = echo.ExtractIPFromXFFHeader()
	e.Use(middleware.Recover())
	e.Use(middleware.RequestID())
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURI: true, LogStatus: true, LogLatency: true, LogRequestID: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			s.log.Info("request", "method", v.Method, "uri", v.URI, "status", v.Status,
				"latency_ms", v.Latency.Milliseconds(), "request_id", v.RequestID, "user", user(c).Username)
			return nil
		},
	}))
	e.Use(s.observe(e))
	e.Use(middleware.BodyLimit(bodyLimit(opt.BodyLimit)))
	e.Use(securityHeaders)
	e.Use(checkParams)
	s.routes(e)
	return e
}

func bodyLimit(n int64) string {
	if n <= 0 {
		n = 16 << 20
	}
	return strconv.FormatInt(n/1024, 10) + "K"
}
