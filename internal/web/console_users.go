package web

import (
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

// Accounts: /app/users (admin only, as the API's /users) and
// /app/users/:username.

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
