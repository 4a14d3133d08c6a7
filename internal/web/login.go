package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
)

// fieldError is a message tied to a form field (its id).
type fieldError struct {
	Field   string
	Message string
}

type loginForm struct {
	Username string
	Errors   []fieldError
	Notice   string // not tied to a field: the throttle, a wrong password
}

// Err is the message of a field, "" when it has none.
func (f loginForm) Err(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// loginToken is the login form's token: a random value in a cookie and
// in the form, which a cross-site form cannot know.
func (h *Handler) loginToken(c echo.Context) string {
	if ck, err := c.Cookie(loginCookie); err == nil && len(ck.Value) >= 40 {
		return ck.Value
	}
	tok := randomToken()
	h.cookie(c, loginCookie, tok, 3600)
	return tok
}

// LoginPage shows the login form (also to a signed-in user, who may sign
// in as someone else: the login then replaces the session).
func (h *Handler) LoginPage(c echo.Context) error {
	c.Set(loginTokenKey, h.loginToken(c))
	return h.render(c, http.StatusOK, "login", "login.title", loginForm{})
}

// Login checks the form with the API login's throttle and audit and, on
// success, starts a new session (a new id: the browser's old session, if
// any, ends) and goes to /app. A refusal shows the form again with what
// was typed as the username.
func (h *Handler) Login(c echo.Context) error {
	if h.crossSite(c) {
		return h.refuseCrossSite(c)
	}
	ck, err := c.Cookie(loginCookie)
	if err != nil || !sameToken(c.FormValue(formTokenName), ck.Value) {
		return h.message(c, http.StatusForbidden, "forbidden.title", "form.stale")
	}
	c.Set(loginTokenKey, ck.Value)
	lang := h.lang(c)
	username, password := c.FormValue("username"), c.FormValue("password")
	f := loginForm{Username: username}
	if username == "" {
		f.Errors = append(f.Errors, fieldError{"username", msg.T(lang, "login.required.username")})
	}
	if password == "" {
		f.Errors = append(f.Errors, fieldError{"password", msg.T(lang, "login.required.password")})
	}
	if len(username) > 64 || len(password) > 72 {
		f.Username = ""
		f.Errors = append(f.Errors, fieldError{"username", msg.T(lang, "login.toolong")})
	}
	if len(f.Errors) > 0 {
		return h.render(c, http.StatusUnprocessableEntity, "login", "login.title", f)
	}
	u, refusal, err := h.cfg.SignIn(c, username, password)
	if err != nil {
		return err
	}
	if refusal != nil {
		status := http.StatusTooManyRequests
		switch refusal.Kind {
		case "wrong":
			status = http.StatusUnauthorized
			f.Notice = msg.T(lang, "login.wrong")
		case "address":
			f.Notice = msg.T(lang, "login.locked.address", refusal.Minutes)
		case "account":
			f.Notice = msg.T(lang, "login.locked.account", refusal.Minutes)
		default:
			f.Notice = msg.T(lang, "login.locked.alarm", refusal.Minutes)
		}
		f.Errors = []fieldError{{"username", f.Notice}}
		return h.render(c, status, "login", "login.title", f)
	}
	old := ""
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		old = hashID(ck.Value)
	}
	id := randomToken()
	expires := h.cfg.Now().Add(AbsoluteTimeout)
	if err := h.cfg.Store.StartSession(c.Request().Context(), u.ID, hashID(id), randomToken(), old, expires); err != nil {
		return err
	}
	h.cookie(c, sessionCookie, id, int(AbsoluteTimeout.Seconds()))
	h.cookie(c, loginCookie, "", -1)
	return c.Redirect(http.StatusSeeOther, "/app")
}
