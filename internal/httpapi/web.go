package httpapi

import (
	"errors"
	"math"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/web"
	"github.com/parindex/parindex/internal/workflow"
)

// signInLocked is a sign-in the throttle refused: the lockout, and the
// API's answer (429 with the English message).
type signInLocked struct {
	lockout lockout
	err     error
}

func (e *signInLocked) Error() string { return e.err.Error() }
func (e *signInLocked) Unwrap() error { return e.err }

// newWeb is the pages (internal/web) on this server's store, sign-in and
// proxies. Its templates are parsed here: a broken one stops the start.
func (s *Server) newWeb() *web.Handler {
	h, err := web.New(web.Config{Store: s.store, SignIn: s.webSignIn, HTTPS: s.viaHTTPS, Now: s.now, Logger: s.log, Published: s.cache})
	if err != nil {
		panic(err)
	}
	return h
}

// webSignIn is signIn as the pages want it: a lockout or a wrong password
// is a refusal to show in the page's language, not an error.
func (s *Server) webSignIn(c echo.Context, username, password string) (workflow.User, *web.Refusal, error) {
	u, err := s.signIn(c, username, password)
	var locked *signInLocked
	switch {
	case errors.As(err, &locked):
		if score.ErrorCode(locked.err) != score.ETOOMANY {
			return u, nil, locked.err
		}
		return u, &web.Refusal{Kind: locked.lockout.kind, Minutes: int(math.Ceil(max(locked.lockout.wait.Minutes(), 1)))}, nil
	case score.ErrorCode(err) == score.EUNAUTHORIZED:
		return u, &web.Refusal{Kind: "wrong"}, nil
	}
	return u, nil, err
}

// viaHTTPS says whether the request reached the site over HTTPS: TLS to
// this server, or X-Forwarded-Proto: https from a trusted proxy
// (PARINDEX_TRUSTED_PROXIES); anyone else's header is not believed.
func (s *Server) viaHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	for _, n := range s.opt.TrustedProxies {
		if ip != nil && n.Contains(ip) {
			return strings.EqualFold(strings.TrimSpace(r.Header.Get(echo.HeaderXForwardedProto)), "https")
		}
	}
	return false
}
