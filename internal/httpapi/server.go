// Package httpapi is parindex's HTTP interface: the echo server, its routes,
// authentication and the one error handler.
package httpapi

import (
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/parindex/parindex/internal/live"
	"github.com/parindex/parindex/internal/metrics"
	"github.com/parindex/parindex/internal/precomputed"
	"github.com/parindex/parindex/internal/published"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/web"
)

// Options are the server's settings.
type Options struct {
	TokenTTL  time.Duration
	BodyLimit int64
	Logger    *slog.Logger
	// EmbedOrigins may frame the widget and news pages (CSP frame-ancestors);
	// none means only this site itself.
	EmbedOrigins []string
	// PublicURL is the public site's address for canonical links and the
	// sitemap (PARINDEX_PUBLIC_URL); "" is the request's own host.
	PublicURL string
	// WriteRate bounds each user's changes (non-GET requests) and each
	// address's logins, a second, with a burst of ten seconds' worth;
	// 0 means no limit.
	WriteRate float64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (PARINDEX_TRUSTED_PROXIES); none means the TCP peer is the
	// client's address, whatever the headers say.
	TrustedProxies []*net.IPNet
	// Now is the clock of the throttles (tests move it); nil is time.Now.
	Now func() time.Time
	// EvidenceMaxBytes bounds an uploaded evidence file (0: 20 MiB); the
	// upload route has this limit instead of BodyLimit.
	EvidenceMaxBytes int64
	// EvidenceUnitQuota bounds the evidence files of a unit in a period
	// (0: 1 GiB).
	EvidenceUnitQuota int64
	// TempDir holds uploads while they are received and checked (unlinked
	// at once, so nothing stays behind even when the process is killed);
	// "" is the system's.
	TempDir string
	// PasswordCost is the bcrypt cost of new password hashes; 0 is
	// bcrypt.DefaultCost, the service's (tests lower it to save time).
	PasswordCost int
}

// Server handles parindex's HTTP API.
type Server struct {
	store  *store.Store
	opt    Options
	log    *slog.Logger
	now    func() time.Time
	cache  *published.Cache // published snapshots, decoded, with the bytes served from them
	live   *live.Cache      // live results, recomputed when their stored inputs change
	writes writeLimiter     // changes per user and logins per address; nil: no limit
	swept  atomic.Int64     // when the throttle tables were last swept (Unix ms)

	dummyOnce sync.Once // noSuchUserHash at a PasswordCost other than the default
	dummy     []byte

	metrics *metrics.Metrics // Prometheus: requests, score writes, publications

	web *web.Handler // the pages for people signed in (internal/web)

	front  *precomputed.Front // answers a public request URI it has seen, without echo
	recent precomputed.Recent // the Reps of lists rebuilt from the database, by content
}

// Handler is the HTTP handler of the service: the echo router behind the
// Front of the public read path (precomputed.Front). Its ServeHTTP goes
// through the Front; the embedded echo gives the routes.
type Handler struct {
	*echo.Echo
	front *precomputed.Front
}

// ServeHTTP answers a request: from the Front when it has the request URI,
// else through echo.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.front.ServeHTTP(w, r) }

// Forget empties the Front: after a publication or a change of news on
// this instance (the server does it itself; tests call it too).
func (h *Handler) Forget() { h.front.Forget() }

// New returns the HTTP handler for the API on st.
func New(st *store.Store, opt Options) *Handler {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Server{store: st, opt: opt, log: opt.Logger, now: time.Now, metrics: metrics.New()}
	if opt.Now != nil {
		s.now = opt.Now
	}
	s.cache = published.New(st, s.now)
	s.live = live.New(st)
	s.writes = newWriteLimiter(st, opt.WriteRate)
	s.web = s.newWeb()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = clientAddress(opt.TrustedProxies)
	e.Use(middleware.Recover())
	e.Use(requestID)
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURI: true, LogStatus: true, LogLatency: true, LogRequestID: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			s.log.Info("request", "method", v.Method, "uri", v.URI, "status", v.Status,
				"latency_ms", v.Latency.Milliseconds(), "request_id", v.RequestID, "user", user(c).Username)
			return nil
		},
	}))
	e.Use(s.observe(e))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: bodyLimit(opt.BodyLimit), Skipper: isEvidenceUpload}))
	e.Use(securityHeaders)
	e.Use(s.embedHeaders)
	e.Use(checkParams)
	s.routes(e)
	s.front = precomputed.NewFront(e, precomputed.Hooks{Start: frontRequestID, Observer: s.metrics.Observer, Now: opt.Now})
	return &Handler{Echo: e, front: s.front}
}

// briefRep is the Rep of bytes rebuilt from the database, the same Rep
// as last time when they came out the same.
func (s *Server) briefRep(contentType string, body []byte) *precomputed.Rep {
	return s.recent.New(contentType, body)
}

func bodyLimit(n int64) string {
	if n <= 0 {
		n = 16 << 20
	}
	return strconv.FormatInt(n/1024, 10) + "K"
}
