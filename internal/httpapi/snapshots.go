package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/precomputed"
	"github.com/parindex/parindex/internal/published"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
)

// Serving published snapshots to the public: the snapshot a request names
// (:year, ?version=, ?tier=), through the cache of internal/published, with
// ETags, Cache-Control and 304s.

// Cache lifetimes: the latest version may be superseded by a correction;
// a numbered version never changes.
const (
	cacheLatest    = "public, max-age=120"
	cacheVersioned = "public, max-age=86400, immutable"
	cacheLists     = "public, max-age=60"
)

// publishedAt loads a published version of a year (0: the latest) through
// the cache.
func (s *Server) publishedAt(ctx context.Context, year, version int) (*published.Snapshot, error) {
	return s.cache.At(ctx, year, version)
}

// publishedTier is the published tier named by the required ?tier=.
func publishedTier(c echo.Context, p *published.Snapshot) (results.Tier, error) {
	code, err := requiredTier(c)
	if err != nil {
		return results.Tier{}, err
	}
	t, ok := p.Tier(code)
	if !ok {
		return results.Tier{}, score.E(score.ENOTFOUND, "error.api.published_tier", p.Doc.Year, code)
	}
	return t, nil
}

// versionParam reads ?version= (0 when absent: the latest).
func versionParam(c echo.Context) (int, error) {
	v := c.QueryParam("version")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, invalid("error.api.version", v)
	}
	return n, nil
}

// publishedParam loads the snapshot a public request names by :year and ?version=.
func (s *Server) publishedParam(c echo.Context) (*published.Snapshot, int, error) {
	year, err := atoiParam(c, "year")
	if err != nil {
		return nil, 0, err
	}
	version, err := versionParam(c)
	if err != nil {
		return nil, 0, err
	}
	p, err := s.publishedAt(c.Request().Context(), year, version)
	return p, version, err
}

// serveSnapshotRep answers with one representation of a snapshot, made
// and compressed once per snapshot (published.Snapshot.Served), through
// precomputed.Serve: 304 when the client has it, gzip or brotli when it
// takes them, and, behind the Front, the same request URI answered by the
// Front until the year's version list goes stale (a numbered version:
// until the Front forgets).
func (s *Server) serveSnapshotRep(c echo.Context, p *published.Snapshot, version int, key, contentType string, make func() ([]byte, error)) error {
	cc, until := cacheLatest, s.cache.Until(p.Doc.Year)
	if version > 0 {
		cc, until = cacheVersioned, time.Time{}
	}
	rep, err := p.Served(key, contentType, make)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", cc)
	precomputed.Serve(c.Response(), c.Request(), rep, c.Path(), until)
	return nil
}

// serveBody answers with bytes made from the database (the lists of
// published periods and news), kept in the Front as briefly as a year's
// version list (published.VersionsTTL), so that a change made on another
// instance shows as soon.
func (s *Server) serveBody(c echo.Context, cacheControl, contentType string, body []byte) error {
	c.Response().Header().Set("Cache-Control", cacheControl)
	precomputed.Serve(c.Response(), c.Request(), s.briefRep(contentType, body), c.Path(), s.now().Add(published.VersionsTTL))
	return nil
}

// jsonBytes encodes v as c.JSON would (indented with ?pretty).
func jsonBytes(v any, pretty bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if pretty {
		enc.SetIndent("", "  ")
	}
	err := enc.Encode(v)
	return buf.Bytes(), err
}

func pretty(c echo.Context) bool { return c.QueryParams().Has("pretty") }

// publicCORS lets any site read the public API from a browser: the data are
// open. Only public GETs carry it; signed-in routes never do.
func publicCORS(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
			h := c.Response().Header()
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Access-Control-Expose-Headers", "ETag, Content-Disposition")
		}
		return next(c)
	}
}
