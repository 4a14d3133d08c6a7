package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
)

// Request-rate limits: a token bucket per signed-in user for the routes
// that change something (every method but GET, HEAD and OPTIONS), and one
// per client address for logins (in memory on SQLite; on PostgreSQL the
// shared fixed windows of throttle.go). A bucket holds burstSeconds of the rate,
// so a secretariat's import of many batches or a council member's quick
// saves pass; only a runaway script waits.
const (
	burstSeconds   = 10
	maxRateBuckets = 100_000 // buckets kept at most, so a flood cannot exhaust memory
)

type rateLimiter struct {
	rate  float64 // tokens a second
	burst float64
	mu    sync.Mutex
	b     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(perSecond float64) *rateLimiter {
	if perSecond <= 0 {
		return nil
	}
	return &rateLimiter{rate: perSecond, burst: math.Max(1, perSecond*burstSeconds), b: map[string]*bucket{}}
}

// take spends a token of key's bucket, or says how long until one is there.
func (l *rateLimiter) take(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.b[key]
	if !ok {
		if len(l.b) >= maxRateBuckets {
			l.forgetFull(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.b[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// forgetFull drops the buckets that have refilled: they hold no state.
func (l *rateLimiter) forgetFull(now time.Time) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.b, k)
		}
	}
	if len(l.b) >= maxRateBuckets {
		l.b = map[string]*bucket{}
	}
}

// refuse answers 429 with Retry-After, in the error body's shape.
func refuse(c echo.Context, wait time.Duration, key string, args ...any) error {
	secs := int(math.Ceil(wait.Seconds()))
	c.Response().Header().Set("Retry-After", strconv.Itoa(max(1, secs)))
	return &score.Error{Code: score.ETOOMANY, Key: key, Args: append(args, max(1, secs))}
}

func isWrite(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// limitWrites refuses a signed-in user's changes beyond the write rate
// (PARINDEX_WRITE_RATE a second, with a burst of ten seconds' worth).
func (s *Server) limitWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.writes == nil || !isWrite(c.Request().Method) {
			return next(c)
		}
		u := user(c)
		ok, wait, err := s.writes.allow(c.Request().Context(), "user:"+u.Username, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return refuse(c, wait, "error.api.rate_writes", u.Username, s.writes.perSecond())
		}
		return next(c)
	}
}

// limitLogins bounds login attempts per client address at the same rate;
// failed ones are also counted by the login throttle.
func (s *Server) limitLogins(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.writes == nil {
			return next(c)
		}
		ok, wait, err := s.writes.allow(c.Request().Context(), "login:"+c.RealIP(), s.now())
		if err != nil {
			return err
		}
		if !ok {
			return refuse(c, wait, "error.api.rate_logins", c.RealIP(), s.writes.perSecond())
		}
		return next(c)
	}
}
