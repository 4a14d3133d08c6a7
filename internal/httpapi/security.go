package httpapi

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
)

// securityHeaders sets the headers every response carries. Pages meant to
// be framed by the portal (/embed, /news) set their own frame-ancestors.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		p := c.Request().URL.Path
		if !strings.HasPrefix(p, "/embed/") && !strings.HasPrefix(p, "/news/") {
			h.Set("X-Frame-Options", "DENY")
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		}
		if strings.HasPrefix(p, "/api/v1/") && !strings.HasPrefix(p, "/api/v1/public/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// Login throttling: this many failures within the window block further
// attempts for the account, or from the address, until the window passes.
const (
	maxFailsPerAccount = 5
	maxFailsPerAddress = 20
	failWindow         = 15 * time.Minute
	maxTracked         = 100_000 // keys kept at most, so a flood cannot exhaust memory
)

// throttle counts recent failures per key ("user:…", "addr:…").
type throttle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

func newThrottle() *throttle { return &throttle{fails: map[string][]time.Time{}} }

func (t *throttle) recent(key string, now time.Time) []time.Time {
	kept := t.fails[key][:0]
	for _, at := range t.fails[key] {
		if now.Sub(at) < failWindow {
			kept = append(kept, at)
		}
	}
	if len(kept) == 0 {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = kept
	return kept
}

// check refuses an attempt while the account or the address is blocked,
// saying how long until the next attempt may be made.
func (t *throttle) check(username, addr string, now time.Time) (time.Duration, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range []struct {
		key string
		max int
		who string
	}{{"user:" + username, maxFailsPerAccount, "account " + username}, {"addr:" + addr, maxFailsPerAddress, "address " + addr}} {
		if fails := t.recent(k.key, now); len(fails) >= k.max {
			wait := failWindow - now.Sub(fails[len(fails)-k.max])
			return wait, &score.Error{Code: score.ETOOMANY, Message: fmt.Sprintf("too many failed logins for %s: try again in %d minutes", k.who, int(math.Ceil(wait.Minutes())))}
		}
	}
	return 0, nil
}

func (t *throttle) fail(username, addr string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) >= maxTracked {
		for k := range t.fails {
			t.recent(k, now)
		}
		if len(t.fails) >= maxTracked {
			t.fails = map[string][]time.Time{}
		}
	}
	t.fails["user:"+username] = append(t.fails["user:"+username], now)
	t.fails["addr:"+addr] = append(t.fails["addr:"+addr], now)
}

func (t *throttle) succeed(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, "user:"+username)
}
