package httpapi

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// MaxScoresPerRequest bounds one bulk upsert.
const MaxScoresPerRequest = 50_000

type scoreItem struct {
	Unit          string      `json:"unit"`
	Criterion     string      `json:"criterion"`
	SelfPoints    decimalJSON `json:"self_points"`
	Points        decimalJSON `json:"points"`
	NotApplicable *bool       `json:"not_applicable"`
	Note          *string     `json:"note"`
}

type putScoresRequest struct {
	Scores []scoreItem `json:"scores"`
}

func (s *Server) putScores(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	var req putScoresRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	switch {
	case len(req.Scores) == 0:
		return invalid("error.api.no_scores")
	case len(req.Scores) > MaxScoresPerRequest:
		return score.E(score.ETOOLARGE, "error.api.too_many_scores", len(req.Scores), MaxScoresPerRequest)
	}
	writes, err := scoreWrites(req.Scores)
	if err != nil {
		return err
	}
	if err := s.saveScores(c, year, writes); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"saved": len(writes)})
}

// scoreWrites reads decoded score items into writes, listing every value
// that cannot be read with its unit and criterion.
func scoreWrites(items []scoreItem) ([]workflow.ScoreWrite, error) {
	writes := make([]workflow.ScoreWrite, len(items))
	var problems score.Problems
	var err error
	for i, it := range items {
		i := i
		w := workflow.ScoreWrite{Unit: it.Unit, Criterion: it.Criterion, SetSelf: it.SelfPoints.set, SetPoints: it.Points.set}
		bad := func(field string, err error) {
			problems.Add(score.Problem{Unit: it.Unit, Criterion: it.Criterion, Field: field, Index: &i,
				Key: "error.api.score_value", Args: []any{it.Unit, it.Criterion, field, err}})
		}
		if w.Self, err = it.SelfPoints.milli(); err != nil {
			bad("self_points", err)
		}
		if w.Points, err = it.Points.milli(); err != nil {
			bad("points", err)
		}
		if it.NotApplicable != nil {
			w.SetNotApplicable, w.NotApplicable = true, *it.NotApplicable
		}
		if it.Note != nil {
			w.SetNote, w.Note = true, nfc(*it.Note)
		}
		if !w.SetSelf && !w.SetPoints && !w.SetNotApplicable && !w.SetNote {
			problems.Add(score.Problem{Unit: it.Unit, Criterion: it.Criterion, Index: &i,
				Key: "error.api.score_nothing", Args: []any{it.Unit, it.Criterion}})
		}
		writes[i] = w
	}
	return writes, problems.Err("error.scores.refused", problems.Count(), len(items))
}

// saveScores is the one way scores are written, from JSON or from an
// imported workbook: the workflow's rules (role, unit, survey criteria,
// stage, deadline) are checked on every write inside the store's
// transaction, which then saves all of the writes or none.
func (s *Server) saveScores(c echo.Context, year int, writes []workflow.ScoreWrite, guards ...store.ScoreGuard) error {
	check := store.ScoreGuard{Rules: &store.By{Actor: actor(c), At: s.now()}}
	if err := s.store.UpsertScores(c.Request().Context(), year, user(c), writes, append([]store.ScoreGuard{check}, guards...)...); err != nil {
		return err
	}
	s.metrics.ScoresSaved(len(writes))
	return nil
}

type scoreOut struct {
	Unit          string       `json:"unit"`
	Criterion     string       `json:"criterion"`
	SelfPoints    *json.Number `json:"self_points"`
	Points        *json.Number `json:"points"`
	NotApplicable bool         `json:"not_applicable"`
	Note          string       `json:"note"`
	UpdatedAt     time.Time    `json:"updated_at"`
}

func (s *Server) listScores(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	unit, tier := c.QueryParam("unit"), c.QueryParam("tier")
	if u := user(c); u.Role == workflow.RoleUnit && unit == "" && tier == "" {
		unit = u.Unit // a unit user's own scores by default
	}
	if user(c).Role == workflow.RoleUnit || unit != "" {
		// A unit user always names its unit: a tier alone would be everyone's.
		if err := workflow.MayReadUnit(actor(c), unit); err != nil {
			return err
		}
	}
	if unit == "" && tier == "" {
		return invalid("error.api.unit_or_tier")
	}
	scores, err := s.store.Scores(c.Request().Context(), year, tier, unit)
	if err != nil {
		return err
	}
	out := make([]scoreOut, len(scores))
	for i, sc := range scores {
		out[i] = scoreOut{Unit: sc.Unit, Criterion: sc.Criterion, SelfPoints: pointsPtr(sc.Self), Points: pointsPtr(sc.Points),
			NotApplicable: sc.NotApplicable, Note: sc.Note, UpdatedAt: sc.UpdatedAt}
	}
	return c.JSON(http.StatusOK, map[string]any{"year": year, "scores": out})
}

func pointsPtr(m *score.Milli) *json.Number {
	if m == nil {
		return nil
	}
	n := results.PointsNum(*m)
	return &n
}
