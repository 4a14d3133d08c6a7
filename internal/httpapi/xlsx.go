package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
	"github.com/parindex/parindex/internal/xlsx"
)

// Excel workbooks: the results report, a unit's scorecard, the council's
// scoring template and its import, and the framework's criteria table.
// internal/xlsx writes and reads them; these handlers load the domain
// values, and imports go through the same write paths as JSON.

// report is the live results workbook, with every tier's leaf details.
func (s *Server) report(c echo.Context) error {
	p, err := s.period(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	tiers, err := s.store.PeriodResults(ctx, p)
	if err != nil {
		return err
	}
	rep := xlsx.Report{Year: p.Year, Title: p.Title, At: s.now(), Tiers: tiers}
	return sendWorkbook(c, fmt.Sprintf("chi-so-cchc-%d.xlsx", p.Year), func(w io.Writer) error { return xlsx.WriteReport(w, rep) })
}

// publicReport is the published snapshot's workbook: the same bytes for
// the same snapshot (its dates are the publication's), made once.
func (s *Server) publicReport(c echo.Context) error {
	p, version, err := s.publishedParam(c)
	if err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, p.Pub.PublishedAt)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, attachment(fmt.Sprintf("chi-so-cchc-%d-v%d.xlsx", p.Doc.Year, p.Pub.Version)))
	return s.serveSnapshotRep(c, p, version, "report.xlsx", xlsx.ContentType, func() ([]byte, error) {
		rep := xlsx.Report{Year: p.Doc.Year, Title: p.Doc.Title, Published: p.Pub, At: at}
		for _, t := range p.Doc.Tiers {
			rep.Tiers = append(rep.Tiers, xlsx.ReportTier{Results: t})
		}
		var buf bytes.Buffer
		err := xlsx.WriteReport(&buf, rep)
		return buf.Bytes(), err
	})
}

// scorecard is one unit's scores for it to sign; a unit user gets only its own.
func (s *Server) scorecard(c echo.Context) error {
	p, err := s.period(c)
	if err != nil {
		return err
	}
	code := c.Param("code")
	if err := workflow.MayReadUnit(actor(c), code); err != nil {
		return err
	}
	ctx := c.Request().Context()
	unit, err := s.store.Unit(ctx, code)
	if err != nil {
		return err
	}
	tier, err := s.store.Tier(ctx, unit.Tier)
	if err != nil {
		return err
	}
	f, err := s.store.Framework(ctx, p.Year, unit.Tier)
	if err != nil {
		return err
	}
	scores, err := s.store.Scores(ctx, p.Year, "", code)
	if err != nil {
		return err
	}
	evidence, err := s.store.UnitEvidence(ctx, p.Year, code)
	if err != nil {
		return err
	}
	sc := xlsx.Scorecard{Year: p.Year, Title: p.Title, Tier: tier, Unit: unit, Framework: f, Scores: scores, Evidence: evidence, At: s.now()}
	return sendWorkbook(c, fmt.Sprintf("phieu-diem-%d-%s.xlsx", p.Year, code), func(w io.Writer) error { return xlsx.WriteScorecard(w, sc) })
}

// scoreTemplate is the offline scoring template of a tier: one sheet per
// active unit (or per unit listed in ?unit=a,b), filled with the scores
// entered so far. A council member assigned to units gets those only, and
// the council's template locks the survey criteria's cells.
func (s *Server) scoreTemplate(c echo.Context) error {
	p, err := s.period(c)
	if err != nil {
		return err
	}
	t, err := s.tierParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, err := s.store.Framework(ctx, p.Year, t.Code)
	if err != nil {
		return err
	}
	units, err := s.store.Units(ctx, t.Code, false)
	if err != nil {
		return err
	}
	if list := c.QueryParam("unit"); list != "" {
		byCode := map[string]workflow.Unit{}
		for _, u := range units {
			byCode[u.Code] = u
		}
		units = units[:0:0]
		for _, code := range strings.Split(list, ",") {
			u, ok := byCode[strings.TrimSpace(code)]
			if !ok {
				return score.E(score.ENOTFOUND, "error.api.tier_unit", t.Code, code)
			}
			units = append(units, u)
		}
	}
	a := actor(c)
	if units, err = scoredUnits(a, t.Code, units, c.QueryParam("unit") != ""); err != nil {
		return err
	}
	score.SortByName(units, func(u workflow.Unit) string { return u.Name })
	scores, err := s.store.Scores(ctx, p.Year, t.Code, "")
	if err != nil {
		return err
	}
	tpl := xlsx.Template{Year: p.Year, Title: p.Title, Tier: t, Framework: f, Units: units, Scores: scores, At: s.now(),
		LockSurvey: !workflow.MayEnterSurvey(a.Role)}
	return sendWorkbook(c, fmt.Sprintf("mau-cham-diem-%d-%s.xlsx", p.Year, t.Code), func(w io.Writer) error { return xlsx.WriteTemplate(w, tpl) })
}

// scoredUnits keeps of a template's units those the actor scores: a
// council member assigned to units gets those (a unit asked for by name
// and not assigned is refused, as is a tier without any assigned unit).
func scoredUnits(a workflow.Actor, tier string, units []workflow.Unit, named bool) ([]workflow.Unit, error) {
	if a.Role != workflow.RoleCouncil || len(a.Units) == 0 {
		return units, nil
	}
	var out []workflow.Unit
	for _, u := range units {
		err := workflow.MayTouchUnit(a, u.Code)
		switch {
		case err == nil:
			out = append(out, u)
		case named:
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, score.E(score.EFORBIDDEN, "error.api.council_tier", a.Name, strings.Join(a.Units, ", "), tier)
	}
	return out, nil
}

// importScores takes a filled template back: xlsx.PlanImport checks every
// cell against the framework and drops the values equal to the stored ones
// (the console's import page does the same), then the writes go through
// saveScores, all or nothing.
func (s *Server) importScores(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.Period(ctx, year); err != nil {
		return err
	}
	data, err := upload(c)
	if err != nil {
		return err
	}
	im, err := xlsx.PlanImport(ctx, s.store, year, data)
	if err != nil {
		return err
	}
	if err := s.saveScores(c, year, im.Writes); err != nil {
		return xlsx.LocateWrites(err, im.Refs)
	}
	return c.JSON(http.StatusOK, map[string]int{"saved": len(im.Writes), "unchanged": im.Unchanged})
}

// frameworkWorkbook is a framework's criteria table, in the layout that
// PUT .../frameworks/{tier} reads back.
func (s *Server) frameworkWorkbook(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.store.Tier(ctx, c.Param("tier"))
	if err != nil {
		return err
	}
	f, err := s.store.Framework(ctx, year, t.Code)
	if err != nil {
		return err
	}
	return sendWorkbook(c, fmt.Sprintf("bo-tieu-chi-%d-%s.xlsx", year, t.Code), func(w io.Writer) error { return xlsx.WriteFramework(w, year, t, f, s.now()) })
}

// putFrameworkAny sets a framework from JSON, or from a criteria table
// workbook (the body as xlsx, or the multipart field file).
func (s *Server) putFrameworkAny(c echo.Context) error {
	if !isUpload(c) {
		return s.putFramework(c)
	}
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	data, err := upload(c)
	if err != nil {
		return err
	}
	in, cells, err := xlsx.ReadFramework(data, xlsx.DefaultLimits)
	if err != nil {
		return err
	}
	if err := cleanTree(in.Criteria, cells); err != nil {
		return err
	}
	for i, b := range in.Bands {
		if in.Bands[i].Label, err = cleanName("band_label", b.Label); err != nil {
			return err
		}
	}
	tier := c.Param("tier")
	f, err := s.store.PutFramework(c.Request().Context(), year, tier, in)
	if err != nil {
		return locateCriteria(err, cells)
	}
	return c.JSON(http.StatusOK, frameworkResponse(year, tier, f))
}

// cleanTree holds names read from a workbook to the rules of names sent as JSON.
func cleanTree(cs []score.Criterion, cells xlsx.FrameworkCells) error {
	var problems score.Problems
	var walk func(cs []score.Criterion)
	walk = func(cs []score.Criterion) {
		for i := range cs {
			name, err := cleanName("criterion_name", cs[i].Name)
			if err != nil {
				problems.Add(score.Problem{Criterion: cs[i].Code, Key: "error.api.criterion_name", Args: []any{cs[i].Code, err}})
			}
			cs[i].Name = name
			walk(cs[i].Children)
		}
	}
	walk(cs)
	return locateCriteria(problems.Err("error.framework.invalid"), cells)
}

// locateCriteria names the row of each criterion an error's details name.
func locateCriteria(err error, cells xlsx.FrameworkCells) error {
	var de *score.Error
	if err == nil || !errors.As(err, &de) {
		return err
	}
	out := *de
	out.Details = make([]score.Problem, len(de.Details))
	for i, p := range de.Details {
		if r, ok := cells[p.Criterion]; ok && p.Criterion != "" {
			p.Field, p.Cell = r.String(), r.String()
			p.Key, p.Args = "error.xlsx.located", []any{r.Cell, r.Sheet, score.Problem{Key: p.Key, Args: p.Args}}
		}
		out.Details[i] = p
	}
	return &out
}
