package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type createPeriodRequest struct {
	Year  int    `json:"year"`
	Title string `json:"title"`
}

func (s *Server) createPeriod(c echo.Context) error {
	var req createPeriodRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := workflow.CheckYear(req.Year); err != nil {
		return err
	}
	if req.Title == "" {
		req.Title = workflow.DefaultPeriodTitle(req.Year)
	}
	title, err := cleanName("period_title", req.Title)
	if err != nil {
		return err
	}
	p, err := s.store.CreatePeriod(c.Request().Context(), req.Year, title)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (s *Server) getPeriod(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	p, err := s.store.Period(c.Request().Context(), year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) listPeriods(c echo.Context) error {
	ps, err := s.store.Periods(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"periods": nonNil(ps)})
}

type criterionBody struct {
	Code      string          `json:"code"`
	Name      string          `json:"name"`
	MaxPoints decimalJSON     `json:"max_points"`
	Source    string          `json:"source,omitempty"`
	Children  []criterionBody `json:"children,omitempty"`
}

type bandBody struct {
	Label    string      `json:"label"`
	MinIndex decimalJSON `json:"min_index"`
}

type frameworkRequest struct {
	Ranking  string          `json:"ranking"`
	Bands    []bandBody      `json:"bands"`
	Criteria []criterionBody `json:"criteria"`
}

// toInput turns the request into the engine's input, naming each criterion
// whose numbers or names cannot be read.
func (r frameworkRequest) toInput() (score.FrameworkInput, error) {
	in := score.FrameworkInput{Ranking: score.Ranking(r.Ranking)}
	var problems score.Problems
	var conv func(cs []criterionBody) []score.Criterion
	conv = func(cs []criterionBody) []score.Criterion {
		out := make([]score.Criterion, len(cs))
		for i, c := range cs {
			name, err := cleanName("criterion_name", c.Name)
			if err != nil {
				problems.Add(score.Problem{Criterion: c.Code, Key: "error.api.criterion_name", Args: []any{c.Code, err}})
			}
			max, err := c.MaxPoints.milli()
			if err != nil {
				problems.Add(score.Problem{Criterion: c.Code, Field: "max_points", Key: "error.api.max_points", Args: []any{c.Code, err}})
			}
			out[i] = score.Criterion{Code: c.Code, Name: name, MaxPoints: max, Source: score.Source(c.Source), Children: conv(c.Children)}
		}
		return out
	}
	in.Criteria = conv(r.Criteria)
	for _, b := range r.Bands {
		label, err := cleanName("band_label", b.Label)
		if err != nil {
			problems.Add(score.Problem{Field: "bands", Key: "error.api.nested", Args: []any{err}})
		}
		switch {
		case b.MinIndex.err != nil:
			problems.Add(score.Problem{Field: "bands", Key: "error.api.min_index", Args: []any{b.Label, b.MinIndex.err}})
		case !b.MinIndex.set || b.MinIndex.null:
			problems.Add(score.Problem{Field: "bands", Key: "error.api.no_min_index", Args: []any{b.Label}})
		}
		in.Bands = append(in.Bands, score.Band{Label: label, MinIndex: b.MinIndex.value})
	}
	return in, problems.Err("error.framework.invalid")
}

func (s *Server) putFramework(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	var req frameworkRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	in, err := req.toInput()
	if err != nil {
		return err
	}
	f, err := s.store.PutFramework(c.Request().Context(), year, c.Param("tier"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, frameworkResponse(year, c.Param("tier"), f))
}

func (s *Server) getFramework(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	f, err := s.store.Framework(c.Request().Context(), year, c.Param("tier"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, frameworkResponse(year, c.Param("tier"), f))
}

type criterionOut struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	MaxPoints json.Number    `json:"max_points"`
	Source    string         `json:"source,omitempty"`
	Children  []criterionOut `json:"children,omitempty"`
}

type bandOut struct {
	Label    string      `json:"label"`
	MinIndex json.Number `json:"min_index"`
}

type frameworkOut struct {
	Year      int            `json:"year"`
	Tier      string         `json:"tier"`
	Ranking   string         `json:"ranking"`
	MaxPoints json.Number    `json:"max_points"`
	Leaves    int            `json:"leaves"`
	Bands     []bandOut      `json:"bands"`
	Criteria  []criterionOut `json:"criteria"`
}

func frameworkResponse(year int, tier string, f *score.Framework) frameworkOut {
	var conv func(cs []score.Criterion) []criterionOut
	conv = func(cs []score.Criterion) []criterionOut {
		out := make([]criterionOut, len(cs))
		for i, c := range cs {
			out[i] = criterionOut{Code: c.Code, Name: c.Name, MaxPoints: results.PointsNum(*c.MaxPoints), Source: string(c.Source), Children: conv(c.Children)}
		}
		return out
	}
	return frameworkOut{Year: year, Tier: tier, Ranking: string(f.Ranking), MaxPoints: results.PointsNum(f.Total()),
		Leaves: len(f.Leaves), Bands: bandsOut(f.Bands), Criteria: conv(f.Tree())}
}

func bandsOut(bs []score.Band) []bandOut {
	out := make([]bandOut, len(bs))
	for i, b := range bs {
		out[i] = bandOut{Label: b.Label, MinIndex: results.DecimalNum(b.MinIndex)}
	}
	return out
}
