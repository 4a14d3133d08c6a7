package httpapi

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
)

// Sign-in throttling. Failed sign-ins (and wrong current passwords on
// POST /me/password) are counted in the database, so every instance on it
// enforces the same limits, and a restart forgets nothing:
//
//   - maxFailsPerAccount failures of one account from one address within
//     failWindow lock that account from that address until the window has
//     passed. The same account still signs in from any other address.
//   - maxFailsPerAddress failures from one address, whatever the accounts,
//     within failWindow lock that address out of every account.
//   - accountAlarm failures of one account from all addresses together
//     within alarmWindow (a guesser spread over many addresses) slow the
//     account down: until the hour's count falls below accountAlarm, an
//     address that has failed maxFailsInAlarm times on the account within
//     alarmWindow is refused. An address that has not failed still signs
//     in; every other gets maxFailsInAlarm tries an hour instead of
//     maxFailsPerAccount in a quarter of one.
const (
	maxFailsPerAccount = 5
	maxFailsPerAddress = 20
	failWindow         = 15 * time.Minute
	accountAlarm       = 20
	alarmWindow        = time.Hour
	maxFailsInAlarm    = 2
	// sweepEvery is how often an instance audits the ended lockouts' counts
	// and deletes old failures and rate windows.
	sweepEvery = time.Minute
)

// lockout is a refusal of the throttle: the account ("" when the whole
// address is locked out), for how long, and why.
type lockout struct {
	kind     string // address, account or alarm (the pages' messages)
	username string
	wait     time.Duration
	message  score.Problem // what is locked, for the API's message
}

// checkSignIn says whether username may try a password from addr now.
func (s *Server) checkSignIn(ctx context.Context, username, addr string, now time.Time) (*lockout, error) {
	t, err := s.store.NthFailures(ctx, []store.FailureRule{
		{Addr: addr, Since: now.Add(-failWindow), N: maxFailsPerAddress},
		{Username: username, Addr: addr, Since: now.Add(-failWindow), N: maxFailsPerAccount},
		{Username: username, Since: now.Add(-alarmWindow), N: accountAlarm},
		{Username: username, Addr: addr, Since: now.Add(-alarmWindow), N: maxFailsInAlarm},
	})
	if err != nil {
		return nil, err
	}
	switch {
	case !t[0].IsZero():
		return &lockout{kind: "address", wait: t[0].Add(failWindow).Sub(now),
			message: score.P("error.login.address", addr)}, nil
	case !t[1].IsZero():
		return &lockout{kind: "account", username: username, wait: t[1].Add(failWindow).Sub(now),
			message: score.P("error.login.account", username)}, nil
	case !t[2].IsZero() && !t[3].IsZero():
		until := min(t[2].UnixMilli(), t[3].UnixMilli())
		return &lockout{kind: "alarm", username: username, wait: time.UnixMilli(until).Add(alarmWindow).Sub(now),
			message: score.P("error.login.alarm", username, accountAlarm, maxFailsInAlarm)}, nil
	}
	return nil, nil
}

// refuseSignIn counts a refused attempt (audited once per lockout) and
// answers 429 with Retry-After.
func (s *Server) refuseSignIn(c echo.Context, ctx context.Context, l *lockout, addr string, now time.Time) error {
	wait := max(time.Second, l.wait)
	if err := s.store.LoginRefused(ctx, l.username, addr, now, now.Add(wait)); err != nil {
		return err
	}
	c.Response().Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
	return &score.Error{Code: score.ETOOMANY, Key: "error.login.wait", Args: []any{l.message, int(math.Ceil(wait.Minutes()))}}
}

// sweep closes the ended lockouts (auditing their counts) and deletes
// what no window needs any more, at most once every sweepEvery per
// instance. It runs on sign-ins; a failure is logged, not the caller's.
func (s *Server) sweep(ctx context.Context, now time.Time) {
	last := s.swept.Load()
	if now.UnixMilli()-last < sweepEvery.Milliseconds() || !s.swept.CompareAndSwap(last, now.UnixMilli()) {
		return
	}
	if err := s.store.CloseLockouts(ctx, now, alarmWindow, rateWindow); err != nil {
		s.log.Error("sweeping the sign-in throttle", "err", err)
	}
}

// writeLimiter bounds requests per key (a user's changes, an address's
// sign-ins).
type writeLimiter interface {
	allow(ctx context.Context, key string, now time.Time) (bool, time.Duration, error)
	perSecond() float64
}

// newWriteLimiter counts in the database when instances may share it
// (PostgreSQL): N instances enforce one limit. On SQLite, which one
// process serves, the counters stay in memory: they are exact there, and
// SQLite's single writer is not taxed with a write per change.
func newWriteLimiter(st *store.Store, rate float64) writeLimiter {
	if rate <= 0 {
		return nil
	}
	if st.Shared() {
		return &sharedLimiter{st: st, rate: rate, perWindow: int64(max(1, math.Floor(rate*burstSeconds+1e-9)))}
	}
	return newRateLimiter(rate)
}

func (l *rateLimiter) allow(_ context.Context, key string, now time.Time) (bool, time.Duration, error) {
	ok, wait := l.take(key, now)
	return ok, wait, nil
}

func (l *rateLimiter) perSecond() float64 { return l.rate }

// rateWindow is the shared limiter's fixed window: as long as the
// in-memory bucket's burst.
const rateWindow = burstSeconds * time.Second

// sharedLimiter allows perWindow requests per key in a fixed window of
// rateWindow, counted in the database with one upsert a request. A burst
// at a window's end and the next window's start may reach twice
// perWindow; over any longer time the rate holds.
type sharedLimiter struct {
	st        *store.Store
	rate      float64
	perWindow int64
}

func (l *sharedLimiter) allow(ctx context.Context, key string, now time.Time) (bool, time.Duration, error) {
	hits, ends, err := l.st.Hit(ctx, key, now, rateWindow)
	if err != nil || hits <= l.perWindow {
		return true, 0, err
	}
	return false, ends.Sub(now), nil
}

func (l *sharedLimiter) perSecond() float64 { return l.rate }
