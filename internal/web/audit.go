package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// The audit log: filtered by year, unit, actor, kind (the entity changed)
// and time, newest first, a page at a time (store.Audit); one entry opens
// with its old and new values.

const auditPerPage = 50

// auditKinds are the entities the log records, as the filter offers them.
var auditKinds = []string{"score", "framework", "period", "period_unit", "unit", "tier", "user", "evidence", "remark", "snapshot", "news", "session"}

type auditRow struct {
	ID                               int64
	At, Actor, Action, Kind, Year    string
	Unit, Criterion, Field, Old, New string
}

type auditData struct {
	Console
	Form   form
	Errors []fieldError
	Kinds  []stageOption
	Rows   []auditRow
	Next   string // the next page's query, "" on the last
	Entry  *workflow.AuditEntry
	Single auditRow
	Reason string
}

// Audit lists the log's entries that match the filters.
func (h *Handler) Audit(c echo.Context) error {
	lang := h.lang(c)
	q := c.QueryParams()
	f := form{Values: map[string]string{}}
	for _, k := range []string{"year", "unit", "actor", "kind", "from", "until"} {
		f.Values[k] = strings.TrimSpace(q.Get(k))
	}
	af := store.AuditFilter{Unit: f.V("unit"), Actor: f.V("actor"), Entity: f.V("kind"), Limit: auditPerPage}
	if v := f.V("year"); v != "" {
		if y, err := strconv.Atoi(v); err != nil || y < 1 {
			f.refuse("year", msg.T(lang, "audit.bad.year"))
		} else {
			af.Year = y
		}
	}
	day := func(field string, end bool) *time.Time {
		v := f.V(field)
		if v == "" {
			return nil
		}
		t, ok := parseDay(v)
		if !ok {
			f.refuse(field, msg.T(lang, "audit.bad.date"))
			return nil
		}
		if !end {
			t = t.Add(-24*time.Hour + time.Second) // the start of the day
		} else {
			t = t.Add(time.Second)
		}
		return &t
	}
	af.From, af.Until = day("from", false), day("until", true)
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		af.Before = b
	}
	d := auditData{Form: f, Errors: f.Errors}
	for _, k := range auditKinds {
		d.Kinds = append(d.Kinds, stageOption{Value: k, Label: msg.T(lang, "audit.kind."+k), Selected: f.V("kind") == k})
	}
	if len(f.Errors) > 0 {
		return h.renderConsole(c, http.StatusUnprocessableEntity, "audit", "audit.title", 0, &d)
	}
	entries, err := h.cfg.Store.Audit(c.Request().Context(), af)
	if err != nil {
		return err
	}
	for _, e := range entries {
		d.Rows = append(d.Rows, auditRowOf(lang, e))
	}
	if len(entries) == auditPerPage {
		next := url.Values{}
		for k, v := range f.Values {
			if v != "" {
				next.Set(k, v)
			}
		}
		next.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		d.Next = next.Encode()
	}
	return h.renderConsole(c, http.StatusOK, "audit", "audit.title", 0, &d)
}

func auditRowOf(lang string, e workflow.AuditEntry) auditRow {
	r := auditRow{ID: e.ID, At: vnfmt.DateTime(e.At), Actor: e.Actor, Action: e.Action, Kind: e.Entity, Unit: e.Unit, Criterion: e.Criterion,
		Field: auditField(lang, e.Field), Old: auditValue(e.OldValue), New: auditValue(e.NewValue)}
	if k := "audit.kind." + e.Entity; msg.Has(k) {
		r.Kind = msg.T(lang, k)
	}
	if k := "audit.action." + e.Action; msg.Has(k) {
		r.Action = msg.T(lang, k)
	}
	if e.Year != nil {
		r.Year = strconv.Itoa(*e.Year)
	}
	return r
}

// AuditItem shows one entry with its old and new values in full.
func (h *Handler) AuditItem(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	e, err := h.cfg.Store.AuditEntry(c.Request().Context(), id)
	if err != nil {
		return h.fail(c, err)
	}
	return h.renderConsole(c, http.StatusOK, "audit_item", "audit.entry", 0, &auditData{Entry: &e, Single: auditRowOf(h.lang(c), e), Reason: e.Reason})
}
