package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
)

// The public side: published snapshots only, no token.

func (s *Server) publicPeriods(c echo.Context) error {
	ps, err := s.store.PublishedPeriods(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"periods": nonNil(ps)})
}

// snapshot loads a published version (?version=, latest by default).
func (s *Server) snapshot(c echo.Context) (results.Snapshot, *results.Published, error) {
	year, err := atoiParam(c, "year")
	if err != nil {
		return results.Snapshot{}, nil, err
	}
	version := 0
	if v := c.QueryParam("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil || version < 1 {
			return results.Snapshot{}, nil, invalid("version %q is not a version number", v)
		}
	}
	snap, err := s.store.Snapshot(c.Request().Context(), year, version)
	if err != nil {
		return results.Snapshot{}, nil, err
	}
	return results.Decode(snap)
}

func (s *Server) publicResults(c echo.Context) error {
	doc, pub, err := s.snapshot(c)
	if err != nil {
		return err
	}
	tier := c.QueryParam("tier")
	if tier == "" {
		return invalid("the tier parameter is required, for example ?tier=department")
	}
	for _, r := range doc.Tiers {
		if r.Tier == tier {
			r.Published = pub
			return c.JSON(http.StatusOK, r)
		}
	}
	return score.Errorf(score.ENOTFOUND, "the published results of %d have no tier %q", doc.Year, tier)
}

func (s *Server) publicSummary(c echo.Context) error {
	doc, pub, err := s.snapshot(c)
	if err != nil {
		return err
	}
	doc.Summary.Published = pub
	return c.JSON(http.StatusOK, doc.Summary)
}
