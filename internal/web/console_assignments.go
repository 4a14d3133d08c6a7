package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/workflow"
)

// The assignments grid: a row per unit of the period, a column per
// council member.

type assignPage struct {
	Console
	formState
	Year    int
	Members []string
	Units   []assignUnit
	Reason  string
	Notice  string
}

type assignUnit struct {
	Code, Name string
	Checked    []bool // by member
}

func (h *Handler) assignPage(c echo.Context) (*assignPage, []workflow.User, bool, error) {
	ctx := c.Request().Context()
	p, ok, err := h.yearParam(c)
	if !ok {
		return nil, nil, false, err
	}
	k, err := h.console(c, p.Year)
	if err != nil {
		return nil, nil, false, err
	}
	us, err := h.cfg.Store.Users(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	var members []workflow.User
	d := &assignPage{Console: k, Year: p.Year}
	for _, u := range us {
		if u.Role == workflow.RoleCouncil && u.Active {
			members = append(members, u)
			d.Members = append(d.Members, u.Username)
		}
	}
	units, err := h.cfg.Store.PeriodUnits(ctx, p.Year)
	if err != nil {
		return nil, nil, false, err
	}
	for _, pu := range units.Units {
		au := assignUnit{Code: pu.Code, Name: pu.Name}
		for _, m := range members {
			au.Checked = append(au.Checked, slices.Contains(m.Units, pu.Code))
		}
		d.Units = append(d.Units, au)
	}
	return d, members, true, nil
}

// AssignmentsPage shows the grid.
func (h *Handler) AssignmentsPage(c echo.Context) error {
	d, _, ok, err := h.assignPage(c)
	if !ok {
		return err
	}
	if c.QueryParam("saved") == "1" {
		d.Notice = msg.T(h.lang(c), "assign.saved")
	}
	return h.render(c, http.StatusOK, "assignments", "assign.title", d)
}

// AssignmentsSave sets every member's units of the period as ticked (its
// units outside the period kept) in one transaction, audited per member
// (store.AssignUnits); a refusal shows the grid as ticked.
func (h *Handler) AssignmentsSave(c echo.Context) error {
	lang := h.lang(c)
	d, members, ok, err := h.assignPage(c)
	if !ok {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	ticked := map[string]bool{}
	for _, v := range form["a"] {
		ticked[v] = true
	}
	inPeriod := map[string]bool{}
	for i := range d.Units {
		inPeriod[d.Units[i].Code] = true
		for j, m := range d.Members {
			d.Units[i].Checked[j] = ticked[m+"|"+d.Units[i].Code]
		}
	}
	d.Reason = c.FormValue("reason")
	reason, err := workflow.CheckReason(d.Reason)
	d.refused(lang, "reason", err)
	assigned := map[string][]string{}
	for j, m := range members {
		var units []string
		for _, code := range m.Units {
			if !inPeriod[code] {
				units = append(units, code)
			}
		}
		for i := range d.Units {
			if d.Units[i].Checked[j] {
				units = append(units, d.Units[i].Code)
			}
		}
		if d.refused(lang, "reason", workflow.CheckUserChange("", m.Username, false, &units)) {
			break
		}
		assigned[m.Username] = units
	}
	if len(d.Errors) == 0 {
		err := h.cfg.Store.AssignUnits(c.Request().Context(), assigned, reason)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/periods/%d/assignments?saved=1", d.Year))
		}
		if !d.refused(lang, "grid", err) {
			return err
		}
	}
	return h.render(c, http.StatusUnprocessableEntity, "assignments", "assign.title", d)
}
