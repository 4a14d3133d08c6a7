package httpapi

import (
	"bytes"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/api"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", api.OpenAPI)
}

func (s *Server) healthz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		s.log.Error("health check: database unreachable", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unreachable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// period reads the :year parameter and loads its period.
func (s *Server) period(c echo.Context) (workflow.Period, error) {
	year, err := atoiParam(c, "year")
	if err != nil {
		return workflow.Period{}, err
	}
	return s.store.Period(c.Request().Context(), year)
}

// tierParam reads the required ?tier= parameter.
func (s *Server) tierParam(c echo.Context) (workflow.Tier, error) {
	code, err := requiredTier(c)
	if err != nil {
		return workflow.Tier{}, err
	}
	return s.store.Tier(c.Request().Context(), code)
}

// requiredTier reads the ?tier= parameter that a route needs.
func requiredTier(c echo.Context) (string, error) {
	code := c.QueryParam("tier")
	if code == "" {
		return "", invalid("error.api.tier_param")
	}
	return code, nil
}

func (s *Server) results(c echo.Context) error {
	p, err := s.period(c)
	if err != nil {
		return err
	}
	t, err := s.tierParam(c)
	if err != nil {
		return err
	}
	d, err := s.live.TierResults(c.Request().Context(), p, t)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d.Results)
}

func (s *Server) summary(c echo.Context) error {
	p, err := s.period(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	tiers, err := s.store.PeriodTiers(ctx, p.Year)
	if err != nil {
		return err
	}
	rs := make([]results.Tier, len(tiers))
	for i, t := range tiers {
		d, err := s.live.TierResults(ctx, p, t)
		if err != nil {
			return err
		}
		rs[i] = d.Results
	}
	return c.JSON(http.StatusOK, results.SummaryOf(p, rs))
}

type publishRequest struct {
	Reason string `json:"reason"`
	Force  bool   `json:"force"`
}

type publishResponse struct {
	Year        int           `json:"year"`
	Version     int           `json:"version"`
	PublishedAt time.Time     `json:"published_at"`
	PublishedBy string        `json:"published_by"`
	SHA256      string        `json:"sha256"`
	Forced      bool          `json:"forced"`
	Incomplete  []problemBody `json:"incomplete"`
	Provisional []string      `json:"provisional"`
}

func (s *Server) publish(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	var req publishRequest
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) > 0 { // the body is optional
		if err := decodeBytes(body, &req); err != nil {
			return err
		}
	}
	u := user(c)
	if err := workflow.CheckPublish(u.Actor(), req.Force, ""); req.Force && score.ErrorCode(err) == score.EFORBIDDEN {
		return err // the role is refused before the reason is read
	}
	if req.Reason, err = checkReason(req.Reason); err != nil {
		return err
	}
	snap, incomplete, err := s.store.PublishPeriod(c.Request().Context(), results.Publication{
		Year: year, By: u.Username, Actor: u.Actor(), Reason: req.Reason, Force: req.Force, At: s.now()})
	if err != nil {
		return err
	}
	s.published(year)
	return c.JSON(http.StatusCreated, publishResponse{Year: year, Version: snap.Version, PublishedAt: snap.PublishedAt,
		PublishedBy: snap.PublishedBy, SHA256: snap.SHA256, Forced: snap.Forced, Incomplete: renderProblems(c, incomplete), Provisional: nonNil(snap.Provisional)})
}

func (s *Server) versions(c echo.Context) error {
	p, err := s.period(c)
	if err != nil {
		return err
	}
	year := p.Year
	vs, err := s.store.Snapshots(c.Request().Context(), year)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return score.E(score.ENOTFOUND, "error.published.none", year)
	}
	if c.Get(userKey) == nil { // the public see when and what, not which account
		for i := range vs {
			vs[i].PublishedBy = ""
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"year": year, "versions": vs})
}
