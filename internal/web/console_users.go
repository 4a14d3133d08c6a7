package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// People: /app/users (admin only, as the API's /users), /app/users/:username,
// and /app/periods/:year/assignments, the council members' units as a grid.

type usersPage struct {
	Console
	formState
	Users []userRow
	Units []workflow.Unit
	Roles []roleOption
	// The create form.
	Username, Role, Unit string
	Notice               string
}

type userRow struct {
	workflow.User
	RoleName, UnitName string
}

type roleOption struct{ Code, Name string }

func (h *Handler) usersPage(c echo.Context, d *usersPage) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	k, err := h.console(c, 0)
	if err != nil {
		return err
	}
	d.Console = k
	us, err := h.cfg.Store.Users(ctx)
	if err != nil {
		return err
	}
	if d.Units, err = h.cfg.Store.Units(ctx, "", false); err != nil {
		return err
	}
	names := map[string]string{}
	for _, u := range d.Units {
		names[u.Code] = u.Name
	}
	for _, u := range us {
		d.Users = append(d.Users, userRow{User: u, RoleName: msg.Role(lang, u.Role), UnitName: names[u.Unit]})
	}
	for _, r := range workflow.Roles {
		d.Roles = append(d.Roles, roleOption{r, msg.Role(lang, r)})
	}
	return nil
}

// UsersList lists the accounts with the form of a new one.
func (h *Handler) UsersList(c echo.Context) error {
	d := usersPage{Role: workflow.RoleUnit}
	if err := h.usersPage(c, &d); err != nil {
		return err
	}
	if u := c.QueryParam("added"); u != "" {
		d.Notice = msg.T(h.lang(c), "users.added", u)
	}
	return h.render(c, http.StatusOK, "users", "users.title", d)
}

// UserAdd creates an account with the API's rules (workflow.CheckNewUser,
// the password hashed at the API's cost) through store.CreateUser.
func (h *Handler) UserAdd(c echo.Context) error {
	lang := h.lang(c)
	d := usersPage{Username: strings.TrimSpace(c.FormValue("username")), Role: c.FormValue("role"), Unit: c.FormValue("unit")}
	if d.Role != workflow.RoleUnit {
		d.Unit = "" // the unit's select is for unit users only
	}
	pw := c.FormValue("password")
	if err := workflow.CheckNewUser(d.Username, d.Role, d.Unit, pw); err != nil {
		field := "username"
		switch {
		case workflow.CheckCode("user", d.Username) != nil:
		case !slices.Contains(workflow.Roles, d.Role):
			field = "role"
		case (d.Role == workflow.RoleUnit) != (d.Unit != ""):
			field = "unit"
		default:
			field = "password"
		}
		d.refused(lang, field, err)
	}
	if len(d.Errors) == 0 {
		hash, err := h.cfg.HashPassword(pw)
		if err != nil {
			return err
		}
		_, err = h.cfg.Store.CreateUser(c.Request().Context(), workflow.User{Username: d.Username, Role: d.Role, Unit: d.Unit}, hash)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/app/users?added="+url.QueryEscape(d.Username))
		}
		field := "username"
		if score.ErrorCode(err) == score.ENOTFOUND {
			field = "unit"
		}
		if !d.refused(lang, field, err) {
			return err
		}
	}
	if err := h.usersPage(c, &d); err != nil {
		return err
	}
	return h.render(c, http.StatusUnprocessableEntity, "users", "users.title", d)
}

type userPage struct {
	Console
	formState
	User     workflow.User
	RoleName string
	Reason   string
	Notice   string
	Self     bool
}

func (h *Handler) userPage(c echo.Context) (userPage, bool, error) {
	u, err := h.cfg.Store.User(c.Request().Context(), c.Param("username"))
	if score.ErrorCode(err) == score.ENOTFOUND {
		return userPage{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	if err != nil {
		return userPage{}, false, err
	}
	k, err := h.console(c, 0)
	if err != nil {
		return userPage{}, false, err
	}
	s := c.Get(sessionKey).(store.Session)
	return userPage{Console: k, User: u, RoleName: msg.Role(h.lang(c), u.Role), Self: s.User.Username == u.Username}, true, nil
}

// UserPage shows an account with its disable and password forms.
func (h *Handler) UserPage(c echo.Context) error {
	d, ok, err := h.userPage(c)
	if !ok {
		return err
	}
	if done := c.QueryParam("done"); done == "active" || done == "password" {
		d.Notice = msg.T(h.lang(c), "user.done."+done)
	}
	return h.render(c, http.StatusOK, "user", "user.title", d)
}

// UserEdit disables or enables an account, or sets a new password, with
// the API's rules (workflow.CheckUserChange, CheckPassword, CheckReason)
// through store.UpdateUser, which ends the account's sessions.
func (h *Handler) UserEdit(c echo.Context) error {
	lang := h.lang(c)
	d, ok, err := h.userPage(c)
	if !ok {
		return err
	}
	s := c.Get(sessionKey).(store.Session)
	d.Reason = c.FormValue("reason")
	ch := store.UserChange{}
	done, field := "active", "active"
	if a := c.FormValue("active"); a != "" {
		active := a == "1"
		ch.Active = &active
		d.refused(lang, field, workflow.CheckUserChange(s.User.Username, d.User.Username, !active, nil))
	} else {
		done, field = "password", "password"
		pw := c.FormValue("password")
		if !d.refused(lang, field, workflow.CheckPassword(d.User.Username, pw)) {
			hash, err := h.cfg.HashPassword(pw)
			if err != nil {
				return err
			}
			ch.PasswordHash = &hash
		}
	}
	reason, err := workflow.CheckReason(d.Reason)
	d.refused(lang, "reason", err)
	ch.Reason = reason
	if len(d.Errors) == 0 {
		_, err := h.cfg.Store.UpdateUser(c.Request().Context(), d.User.Username, ch)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/app/users/"+url.PathEscape(d.User.Username)+"?done="+done)
		}
		if !d.refused(lang, field, err) {
			return err
		}
	}
	return h.render(c, http.StatusUnprocessableEntity, "user", "user.title", d)
}

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
