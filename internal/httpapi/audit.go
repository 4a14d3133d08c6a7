package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/store"
)

// MaxAuditPage bounds one page of the audit log.
const MaxAuditPage = 500

func auditFilter(c echo.Context, defaultLimit int) (store.AuditFilter, error) {
	f := store.AuditFilter{Unit: c.QueryParam("unit"), Actor: c.QueryParam("actor"), Entity: c.QueryParam("entity"), Limit: defaultLimit}
	num := func(name string) (int64, error) {
		v := c.QueryParam(name)
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return 0, invalid("error.api.positive", name, v)
		}
		return n, nil
	}
	year, err := num("year")
	if err != nil {
		return f, err
	}
	f.Year = int(year)
	if f.Before, err = num("before"); err != nil {
		return f, err
	}
	limit, err := num("limit")
	switch {
	case err != nil:
		return f, err
	case limit > MaxAuditPage:
		return f, invalid("error.api.audit_limit", limit, MaxAuditPage)
	case limit > 0:
		f.Limit = int(limit)
	}
	return f, nil
}

// listAudit pages through the audit log, newest first: pass the returned
// next_before as ?before= for the next page.
func (s *Server) listAudit(c echo.Context) error {
	f, err := auditFilter(c, 100)
	if err != nil {
		return err
	}
	entries, err := s.store.Audit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	var next *int64
	if len(entries) == f.Limit {
		last := entries[len(entries)-1].ID
		next = &last
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": nonNil(entries), "next_before": next})
}

// exportAudit writes the whole filtered audit log as CSV (UTF-8 with a
// byte-order mark, so that Excel shows Vietnamese correctly).
func (s *Server) exportAudit(c echo.Context) error {
	f, err := auditFilter(c, 0)
	if err != nil {
		return err
	}
	entries, err := s.store.Audit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	name := "audit.csv"
	if f.Year != 0 {
		name = fmt.Sprintf("audit-%d.csv", f.Year)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Response().WriteHeader(http.StatusOK)
	return results.WriteAuditCSV(c.Response(), entries)
}
