package httpapi

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// The public side: published snapshots only, no token. Every answer
// carries an ETag and Cache-Control (see portal.go) and, through the
// group's middleware, CORS.

func (s *Server) publicPeriods(c echo.Context) error {
	ps, err := s.store.PublishedPeriods(c.Request().Context())
	if err != nil {
		return err
	}
	body, err := jsonBytes(map[string]any{"periods": nonNil(ps)}, pretty(c))
	if err != nil {
		return err
	}
	return s.serveBody(c, cacheLists, echo.MIMEApplicationJSON, body)
}

func (s *Server) publicResults(c echo.Context) error {
	p, version, err := s.publishedParam(c)
	if err != nil {
		return err
	}
	t, err := publishedTier(c, p)
	if err != nil {
		return err
	}
	tier := t.Tier
	pr := pretty(c)
	return s.serveSnapshotRep(c, p, version, "results/"+tier+"/"+strconv.FormatBool(pr), echo.MIMEApplicationJSON, func() ([]byte, error) {
		return jsonBytes(t, pr)
	})
}

func (s *Server) publicSummary(c echo.Context) error {
	p, version, err := s.publishedParam(c)
	if err != nil {
		return err
	}
	pr := pretty(c)
	return s.serveSnapshotRep(c, p, version, "summary/"+strconv.FormatBool(pr), echo.MIMEApplicationJSON, func() ([]byte, error) {
		sum := p.Doc.Summary
		sum.Published = p.Pub
		return jsonBytes(sum, pr)
	})
}

// publicVersions lists a period's published versions without the
// publishers' accounts. The list is the latest version's: versions are
// only ever added, so it is made once per latest version.
func (s *Server) publicVersions(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := s.publishedAt(ctx, year, 0)
	if err != nil {
		return err
	}
	pr := pretty(c)
	return s.serveSnapshotRep(c, p, 0, "versions/"+strconv.FormatBool(pr), echo.MIMEApplicationJSON, func() ([]byte, error) {
		cached, err := s.cache.Versions(ctx, year)
		if err != nil {
			return nil, err
		}
		var vs []workflow.Snapshot
		for _, v := range cached {
			if v.Version <= p.Pub.Version {
				v.PublishedBy, v.Content = "", nil
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			return nil, score.E(score.ENOTFOUND, "error.published.none", year)
		}
		return jsonBytes(map[string]any{"year": year, "versions": vs}, pr)
	})
}
