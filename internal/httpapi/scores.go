package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
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
		return invalid(`no scores given: send {"scores": [{"unit", "criterion", ...}]}`)
	case len(req.Scores) > MaxScoresPerRequest:
		return score.Errorf(score.ETOOLARGE, "%d scores in one request; send at most %d per request", len(req.Scores), MaxScoresPerRequest)
	}
	writes := make([]store.ScoreWrite, len(req.Scores))
	var problems score.Problems
	for i, it := range req.Scores {
		i := i
		w := store.ScoreWrite{Unit: it.Unit, Criterion: it.Criterion, SetSelf: it.SelfPoints.set, SetPoints: it.Points.set}
		bad := func(field string, err error) {
			problems.Add(score.Problem{Unit: it.Unit, Criterion: it.Criterion, Field: field, Index: &i,
				Message: fmt.Sprintf("unit %s, criterion %s: %s %v", it.Unit, it.Criterion, field, err)})
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
			w.SetNote, w.Note = true, *it.Note
		}
		if !w.SetSelf && !w.SetPoints && !w.SetNotApplicable && !w.SetNote {
			problems.Add(score.Problem{Unit: it.Unit, Criterion: it.Criterion, Index: &i,
				Message: fmt.Sprintf("unit %s, criterion %s: nothing to save (give self_points, points, not_applicable or note)", it.Unit, it.Criterion)})
		}
		writes[i] = w
	}
	if err := problems.Err(fmt.Sprintf("no score was saved: %d of %d scores are refused", len(problems), len(writes))); err != nil {
		return err
	}
	if err := s.saveScores(c, year, writes); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"saved": len(writes)})
}

// saveScores is the one way scores are written, from JSON or from an
// imported workbook: the caller's role is checked on every write, then the
// store saves all of them or none.
func (s *Server) saveScores(c echo.Context, year int, writes []store.ScoreWrite) error {
	u := user(c)
	var refused score.Problems
	for i, w := range writes {
		i := i
		if why := mayWrite(u, w); why != "" {
			refused.Add(score.Problem{Unit: w.Unit, Criterion: w.Criterion, Index: &i, Message: why})
		}
	}
	if len(refused) > 0 {
		return &score.Error{Code: score.EFORBIDDEN, Message: "no score was saved: your role may not make some of these changes", Details: refused}
	}
	return s.store.UpsertScores(c.Request().Context(), year, u, writes)
}

// mayWrite says why a role may not make a write, "" when it may. Admin and
// secretariat write anything; the council appraises; a unit assesses itself.
func mayWrite(u store.User, w store.ScoreWrite) string {
	switch u.Role {
	case roleCouncil:
		if w.SetSelf {
			return fmt.Sprintf("unit %s, criterion %s: self_points are the unit's own; the council enters points", w.Unit, w.Criterion)
		}
	case roleUnit:
		if w.Unit != u.Unit {
			return fmt.Sprintf("unit %s, criterion %s: a unit user may only enter scores of its own unit %s", w.Unit, w.Criterion, u.Unit)
		}
		if w.SetPoints || w.SetNotApplicable {
			return fmt.Sprintf("unit %s, criterion %s: points and not_applicable are set by the council; a unit enters self_points and notes", w.Unit, w.Criterion)
		}
	}
	return ""
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
	if u := user(c); u.Role == roleUnit {
		if unit != "" && unit != u.Unit {
			return forbidden("a unit user may only read the scores of its own unit %s", u.Unit)
		}
		unit = u.Unit
	}
	if unit == "" && tier == "" {
		return invalid("give unit or tier, for example ?tier=department")
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
