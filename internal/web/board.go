package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// The year's board: the stage and its deadline, the move to another stage
// (store.ChangeStage, the API's use case: workflow.CheckMove decides), and
// what every unit still lacks.

type stageOption struct {
	Value, Label string
	Selected     bool
}

type boardRow struct {
	Code, Name string
	Chase      results.Chase
}

type boardTier struct {
	Code, Name  string
	NoFramework bool
	Rows        []boardRow
	Chased      int // units with something to chase
}

type boardData struct {
	Console
	Head   yearHead
	Stages []stageOption
	Admin  bool
	Moved  bool
	Form   form
	Errors []fieldError
	Tiers  []boardTier
}

// Board shows the year's board.
func (h *Handler) Board(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	next := ""
	for i, s := range workflow.Stages {
		if s == p.Stage && i+1 < len(workflow.Stages) && workflow.Stages[i+1] != workflow.Published {
			next = workflow.Stages[i+1]
		}
	}
	return h.board(c, http.StatusOK, p, form{Values: map[string]string{"to": next}}, c.QueryParam("moved") == "1")
}

func (h *Handler) board(c echo.Context, status int, p workflow.Period, f form, moved bool) error {
	lang := h.lang(c)
	d := boardData{Head: h.yearHead(c, p, "board"), Admin: userOf(c).Role == workflow.RoleAdmin, Moved: moved, Form: f, Errors: f.Errors}
	// Every stage but the current one and publishing (its own screen) is
	// offered; the rules refuse what the user may not do, with their message.
	for _, s := range workflow.Stages {
		if s != p.Stage && s != workflow.Published {
			d.Stages = append(d.Stages, stageOption{Value: s, Label: msg.Stage(lang, s), Selected: f.V("to") == s})
		}
	}
	var err error
	if d.Tiers, err = h.chase(c.Request().Context(), p.Year); err != nil {
		return err
	}
	return h.renderConsole(c, status, "board", "board.title", p.Year, &d)
}

// MoveStage moves the year to another stage, with a reason and the units'
// deadline; a refusal shows the board again with what was typed.
func (h *Handler) MoveStage(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	lang := h.lang(c)
	f := form{Values: map[string]string{"to": c.FormValue("to"), "closes_at": strings.TrimSpace(c.FormValue("closes_at")),
		"reason": c.FormValue("reason"), "force": c.FormValue("force")}}
	m := store.StageMove{To: f.V("to"), Force: f.V("force") == "1"}
	if m.Reason, err = workflow.CheckReason(f.V("reason")); err != nil {
		f.refuseErr(lang, err, "reason", "reason")
		return h.board(c, http.StatusUnprocessableEntity, p, f, false)
	}
	if v := f.V("closes_at"); v != "" {
		at, ok := parseDay(v)
		if !ok {
			f.refuse("closes_at", msg.T(lang, "board.deadline.bad"))
			return h.board(c, http.StatusUnprocessableEntity, p, f, false)
		}
		m.ClosesAt = &at
	}
	if _, err := h.cfg.Store.ChangeStage(c.Request().Context(), p.Year, m, h.by(c)); err != nil {
		if status := formStatus(err); status != 0 {
			f.refuseErr(lang, err, "to", "closes_at", "reason")
			return h.board(c, status, p, f, false)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/periods/%d/board?moved=1", p.Year))
}

// parseDay reads a deadline typed as a day (2027-03-31 from a date input,
// or 31/3/2027 as people write it): the end of that day in Vietnam.
func parseDay(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, v, workflow.Vietnam); err == nil {
			return t.Add(24*time.Hour - time.Second), true
		}
	}
	return time.Time{}, false
}

// chase is the completeness board: per tier of the year, each unit with
// what it still lacks (results.ChaseOf), those with most to chase first.
func (h *Handler) chase(ctx context.Context, year int) ([]boardTier, error) {
	st := h.cfg.Store
	units, err := st.PeriodUnits(ctx, year)
	if err != nil {
		return nil, err
	}
	tiers, err := st.Tiers(ctx)
	if err != nil {
		return nil, err
	}
	var out []boardTier
	for _, t := range tiers {
		bt := boardTier{Code: t.Code, Name: t.Name}
		f, err := h.framework(ctx, year, t.Code)
		if err != nil {
			return nil, err
		}
		var scores map[string][]workflow.Score
		if f != nil {
			all, err := st.Scores(ctx, year, t.Code, "")
			if err != nil {
				return nil, err
			}
			scores = map[string][]workflow.Score{}
			for _, sc := range all {
				scores[sc.Unit] = append(scores[sc.Unit], sc)
			}
		}
		for _, pu := range units.Units {
			if pu.Tier != t.Code || !pu.Active {
				continue
			}
			r := boardRow{Code: pu.Code, Name: pu.Name}
			if f != nil {
				_, remarks, err := st.Threads(ctx, year, pu.Code)
				if err != nil {
					return nil, err
				}
				r.Chase = results.ChaseOf(f, scores[pu.Code], remarks)
			}
			if !r.Chase.Done() {
				bt.Chased++
			}
			bt.Rows = append(bt.Rows, r)
		}
		if len(bt.Rows) == 0 {
			continue
		}
		slices.SortStableFunc(bt.Rows, func(a, b boardRow) int { return left(b.Chase) - left(a.Chase) })
		bt.NoFramework = f == nil
		out = append(out, bt)
	}
	return out, nil
}

// left is how much a unit still lacks, to put whom to chase first.
func left(c results.Chase) int { return c.NoSelf + c.NoAppraisal + c.NoSurvey + c.OpenRemarks }

// BoardCSV is the completeness board as CSV (UTF-8 with a byte-order
// mark for Excel; every cell inert against formula injection).
func (h *Handler) BoardCSV(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	tiers, err := h.chase(c.Request().Context(), p.Year)
	if err != nil {
		return err
	}
	lang := h.lang(c)
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	hd.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="tien-do-%d.csv"`, p.Year))
	hd.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	if _, err := c.Response().Write([]byte(results.BOM)); err != nil {
		return err
	}
	w := results.NewCSVWriter(c.Response())
	head := []string{}
	for _, k := range []string{"board.col.tier", "board.col.code", "board.col.unit", "board.col.noself", "board.col.noappraisal", "board.col.nosurvey", "board.col.remarks"} {
		head = append(head, msg.T(lang, k))
	}
	w.Write(head)
	for _, t := range tiers {
		for _, r := range t.Rows {
			w.Write([]string{t.Name, r.Code, r.Name, strconv.Itoa(r.Chase.NoSelf), strconv.Itoa(r.Chase.NoAppraisal),
				strconv.Itoa(r.Chase.NoSurvey), strconv.Itoa(r.Chase.OpenRemarks)})
		}
	}
	return w.Flush()
}
