package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
	"github.com/parindex/parindex/internal/xlsx"
)

// Exports: the report workbook, the scoring templates per tier (all
// units, or one council member's), each unit's scorecard and the year's
// audit CSV, one click each. They are page routes under the session,
// calling the encoders the API's exports call (internal/xlsx,
// results.WriteAuditCSV): the API keeps one way in, its bearer token, and
// a session cookie is never accepted by a JSON route.

type exportMember struct {
	Username string
	Units    int
}

type exportTier struct {
	Code, Name string
	Members    []exportMember // council members assigned units of the tier
	Units      []store.PeriodUnit
}

type exportsData struct {
	Console
	Head  yearHead
	Tiers []exportTier
}

// Exports lists the year's downloads.
func (h *Handler) Exports(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	ctx := c.Request().Context()
	st := h.cfg.Store
	tiers, err := st.PeriodTiers(ctx, p.Year)
	if err != nil {
		return err
	}
	units, err := st.PeriodUnits(ctx, p.Year)
	if err != nil {
		return err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	d := exportsData{Head: h.yearHead(c, p, "exports")}
	for _, t := range tiers {
		et := exportTier{Code: t.Code, Name: t.Name}
		for _, pu := range units.Units {
			if pu.Tier == t.Code && pu.Active {
				et.Units = append(et.Units, pu)
			}
		}
		for _, u := range users {
			if u.Role != workflow.RoleCouncil || !u.Active || len(u.Units) == 0 {
				continue
			}
			n := 0
			for _, pu := range et.Units {
				if slices.Contains(u.Units, pu.Code) {
					n++
				}
			}
			if n > 0 {
				et.Members = append(et.Members, exportMember{Username: u.Username, Units: n})
			}
		}
		d.Tiers = append(d.Tiers, et)
	}
	return h.renderConsole(c, http.StatusOK, "exports", "exports.title", p.Year, &d)
}

// sendWorkbook writes a workbook as a download (built whole first, so
// that a failure sends an error page, not half a file).
func (h *Handler) sendWorkbook(c echo.Context, filename string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return h.fail(c, err)
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	hd.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, xlsx.ContentType, buf.Bytes())
}

// ExportReport is the live results workbook (GET .../report.xlsx of the API).
func (h *Handler) ExportReport(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	tiers, err := h.cfg.Store.PeriodResults(c.Request().Context(), p)
	if err != nil {
		return h.fail(c, err)
	}
	rep := xlsx.Report{Year: p.Year, Title: p.Title, At: h.cfg.Now(), Tiers: tiers}
	return h.sendWorkbook(c, fmt.Sprintf("chi-so-cchc-%d.xlsx", p.Year), func(w io.Writer) error { return xlsx.WriteReport(w, rep) })
}

// ExportTemplate is a tier's scoring template: every active unit, or a
// council member's assigned ones (?member=), filled with the scores so
// far. The secretariat's template leaves the survey's cells open.
func (h *Handler) ExportTemplate(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	ctx := c.Request().Context()
	st := h.cfg.Store
	t, err := st.Tier(ctx, c.QueryParam("tier"))
	if err != nil {
		return h.fail(c, err)
	}
	f, err := st.Framework(ctx, p.Year, t.Code)
	if err != nil {
		return h.fail(c, err)
	}
	units, err := st.Units(ctx, t.Code, false)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("mau-cham-diem-%d-%s.xlsx", p.Year, t.Code)
	if m := c.QueryParam("member"); m != "" {
		u, err := st.User(ctx, m)
		if err != nil {
			return h.fail(c, err)
		}
		units = slices.DeleteFunc(units, func(x workflow.Unit) bool { return !slices.Contains(u.Units, x.Code) })
		if u.Role != workflow.RoleCouncil || len(units) == 0 {
			return h.message(c, http.StatusNotFound, "notfound.title", "exports.nomember", m)
		}
		name = fmt.Sprintf("mau-cham-diem-%d-%s-%s.xlsx", p.Year, t.Code, m)
	}
	score.SortByName(units, func(u workflow.Unit) string { return u.Name })
	scores, err := st.Scores(ctx, p.Year, t.Code, "")
	if err != nil {
		return err
	}
	tpl := xlsx.Template{Year: p.Year, Title: p.Title, Tier: t, Framework: f, Units: units, Scores: scores, At: h.cfg.Now(),
		LockSurvey: !workflow.MayEnterSurvey(userOf(c).Role)}
	return h.sendWorkbook(c, name, func(w io.Writer) error { return xlsx.WriteTemplate(w, tpl) })
}

// ExportScorecard is one unit's scorecard.
func (h *Handler) ExportScorecard(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	ctx := c.Request().Context()
	st := h.cfg.Store
	code := c.Param("code")
	unit, err := st.Unit(ctx, code)
	if err != nil {
		return h.fail(c, err)
	}
	tier, err := st.Tier(ctx, unit.Tier)
	if err != nil {
		return err
	}
	f, err := st.Framework(ctx, p.Year, unit.Tier)
	if err != nil {
		return h.fail(c, err)
	}
	scores, err := st.Scores(ctx, p.Year, "", code)
	if err != nil {
		return err
	}
	evidence, err := st.UnitEvidence(ctx, p.Year, code)
	if err != nil {
		return err
	}
	sc := xlsx.Scorecard{Year: p.Year, Title: p.Title, Tier: tier, Unit: unit, Framework: f, Scores: scores, Evidence: evidence, At: h.cfg.Now()}
	return h.sendWorkbook(c, fmt.Sprintf("phieu-diem-%d-%s.xlsx", p.Year, code), func(w io.Writer) error { return xlsx.WriteScorecard(w, sc) })
}

// ExportAudit is the year's audit log as CSV (the API's audit.csv encoder).
func (h *Handler) ExportAudit(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	entries, err := h.cfg.Store.Audit(c.Request().Context(), store.AuditFilter{Year: p.Year})
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	hd.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="audit-%d.csv"`, p.Year))
	hd.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	return results.WriteAuditCSV(c.Response(), entries)
}
