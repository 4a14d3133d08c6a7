package httpapi

import (
	"errors"
	"math"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/web"
	"github.com/parindex/parindex/internal/workflow"
)

// signInLocked is a sign-in the throttle refused: the lockout, and the
// API's answer (429; its message is rendered where it is shown).
type signInLocked struct {
	lockout lockout
	err     error
}

func (e *signInLocked) Error() string { return e.err.Error() }
func (e *signInLocked) Unwrap() error { return e.err }

// newWeb is the pages (internal/web) on this server's store, sign-in and
// proxies. Its templates are parsed here: a broken one stops the start.
func (s *Server) newWeb() *web.Handler {
	h, err := web.New(web.Config{Store: s.store, SignIn: s.webSignIn, HTTPS: s.viaHTTPS, HashPassword: s.hashPassword, Now: s.now, Logger: s.log,
		EvidenceMaxBytes: s.evidenceMax(), AddFile: s.webAddFile, Published: s.cache, Live: s.live, PublicURL: s.opt.PublicURL,
		OnPublish: s.published, NewsDraft: s.writeNewsDraft, OnNewsChange: func() { s.front.Forget() }})
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

// published is what follows a publication made from a page, as one made
// through POST /api/v1/periods/{year}/publish: counted, and the cache of
// published snapshots forgets the year, the public read path its answers.
func (s *Server) published(year int) {
	s.metrics.Published()
	s.cache.Forget(year)
	s.front.Forget()
}

// webAddFile attaches a file uploaded from a sheet's row (the page's form,
// parsed by then) as the API's upload does: the evidence rule first, the
// file limit, then attachFile (sniffing, names, the unit's quota).
func (s *Server) webAddFile(c echo.Context, year int, code string, by store.By, f web.EvidenceFile) (workflow.Evidence, error) {
	p, err := s.store.Period(c.Request().Context(), year)
	if err != nil {
		return workflow.Evidence{}, err
	}
	if err := workflow.CheckEvidence(by.Actor, p, code, by.At); err != nil {
		return workflow.Evidence{}, err
	}
	if f.File.Size > s.evidenceMax() {
		return workflow.Evidence{}, s.fileTooLarge()
	}
	src, err := f.File.Open()
	if err != nil {
		return workflow.Evidence{}, err
	}
	defer src.Close()
	tmp, done, err := s.tempUpload()
	if err != nil {
		return workflow.Evidence{}, err
	}
	defer done()
	up := store.FileUpload{Criterion: f.Criterion}
	if err := s.receive(c, src, tmp, &up); err != nil {
		return workflow.Evidence{}, err
	}
	return s.attachFile(c, year, code, by, up, tmp, f.File.Filename, f.Title)
}

// pageUpload bounds a sheet page's evidence upload by the file limit (the
// route is exempt from the body limit, as the API's upload is), before
// the form is read: a larger body gets the 413 page at once.
func (s *Server) pageUpload(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		limit := s.evidenceMax() + multipartSlack
		if c.Request().ContentLength > limit {
			c.Response().Header().Set("Connection", "close")
			return s.web.TooLarge(c, s.evidenceMax())
		}
		c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, limit)
		return next(c)
	}
}

// pageUser lets an API handler serve a page route: the session's user
// stands where a token's would.
func (s *Server) pageUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u, ok := web.SessionUser(c); ok {
			c.Set(userKey, u)
		}
		return next(c)
	}
}
