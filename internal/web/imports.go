package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
	"github.com/parindex/parindex/internal/xlsx"
)

// Imports: the council's filled templates come back through the same
// import as POST /api/v1/periods/{year}/scores/import (xlsx.PlanImport,
// then the store's score write, all or nothing). A refused file lists
// every bad cell; an accepted one what it changed, read back from the
// audit log of its request.

type importChange struct {
	Unit, Criterion, Field, Old, New string
}

type importData struct {
	Console
	Head      yearHead
	Tiers     []workflow.Tier
	Errors    []fieldError
	Cells     []string // every refused cell's message
	FileName  string
	Done      bool
	Saved     int
	Unchanged int
	Changes   []importChange
}

// Imports shows the upload form and, after an import, what it changed.
func (h *Handler) Imports(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	d, err := h.importData(c, p)
	if err != nil {
		return err
	}
	if rid := c.QueryParam("request"); rid != "" {
		d.Done = true
		d.Saved, _ = strconv.Atoi(c.QueryParam("saved"))
		d.Unchanged, _ = strconv.Atoi(c.QueryParam("unchanged"))
		entries, err := h.cfg.Store.Audit(c.Request().Context(), store.AuditFilter{Year: p.Year, Entity: "score", Actor: userOf(c).Username, RequestID: rid, Limit: 2000})
		if err != nil {
			return err
		}
		for i := len(entries) - 1; i >= 0; i-- {
			e := entries[i]
			d.Changes = append(d.Changes, importChange{Unit: e.Unit, Criterion: e.Criterion, Field: auditField(h.lang(c), e.Field), Old: auditValue(e.OldValue), New: auditValue(e.NewValue)})
		}
	}
	return h.renderConsole(c, http.StatusOK, "imports", "imports.title", p.Year, &d)
}

func (h *Handler) importData(c echo.Context, p workflow.Period) (importData, error) {
	tiers, err := h.cfg.Store.PeriodTiers(c.Request().Context(), p.Year)
	return importData{Head: h.yearHead(c, p, "imports"), Tiers: tiers}, err
}

// Import takes one filled template.
func (h *Handler) Import(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	lang := h.lang(c)
	d, err := h.importData(c, p)
	if err != nil {
		return err
	}
	refuse := func(status int, message string, cells []string) error {
		d.Errors, d.Cells = []fieldError{{Field: "file", Message: message}}, cells
		return h.renderConsole(c, status, "imports", "imports.title", p.Year, &d)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, msg.T(lang, "imports.nofile"), nil)
	}
	d.FileName = fh.Filename
	if fh.Size > xlsx.DefaultLimits.MaxBytes {
		return refuse(http.StatusRequestEntityTooLarge, msg.T(lang, "imports.toolarge"), nil)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(f, xlsx.DefaultLimits.MaxBytes+1))
	f.Close()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	im, err := xlsx.PlanImport(ctx, h.cfg.Store, p.Year, data)
	if err == nil {
		check := store.ScoreGuard{Rules: &store.By{Actor: userOf(c).Actor(), At: h.cfg.Now()}}
		err = xlsx.LocateWrites(h.cfg.Store.UpsertScores(ctx, p.Year, userOf(c), im.Writes, check), im.Refs)
	}
	if err != nil {
		status := formStatus(err)
		if status == 0 {
			return err
		}
		var cells []string
		if e, ok := err.(*score.Error); ok {
			for _, pr := range e.Details {
				cells = append(cells, msg.Problem(lang, pr))
			}
		}
		return refuse(status, msg.Error(lang, err), cells)
	}
	q := url.Values{"request": {c.Response().Header().Get(echo.HeaderXRequestID)}, "saved": {strconv.Itoa(len(im.Writes))}, "unchanged": {strconv.Itoa(im.Unchanged)}}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/periods/%d/imports?%s", p.Year, q.Encode()))
}

// auditField names a score's field as people read it.
func auditField(lang, field string) string {
	if k := "audit.field." + field; msg.Has(k) {
		return msg.T(lang, k)
	}
	return field
}

func auditValue(v *string) string {
	if v == nil || *v == "" {
		return "—"
	}
	return *v
}

// MaxImportBody is the largest import request: the workbook and the form.
const MaxImportBody = 10<<20 + 64<<10
