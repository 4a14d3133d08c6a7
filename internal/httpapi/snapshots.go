package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

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

// serveSnapshotRep answers with one representation of a snapshot: 304 when
// the client has it, else the bytes, made once per snapshot.
func (s *Server) serveSnapshotRep(c echo.Context, p *published.Snapshot, version int, key, contentType string, make func() ([]byte, error)) error {
	cc := cacheLatest
	if version > 0 {
		cc = cacheVersioned
	}
	etag := p.ETag(key)
	if notModified(c, etag, cc) {
		return nil
	}
	body, err := p.Rep(key, make)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// serveBody answers with bytes made per request, tagged by their hash.
func serveBody(c echo.Context, cacheControl, contentType string, body []byte) error {
	sum := sha256.Sum256(body)
	if notModified(c, `"`+hex.EncodeToString(sum[:12])+`"`, cacheControl) {
		return nil
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// notModified sets the caching headers and answers 304 when If-None-Match
// names etag.
func notModified(c echo.Context, etag, cacheControl string) bool {
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if !etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return false
	}
	c.Response().WriteHeader(http.StatusNotModified)
	return true
}

// etagMatches implements If-None-Match's weak comparison over a list.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
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
