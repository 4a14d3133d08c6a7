package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// The secretariat's console (issue 14): its home at /app/console and the
// navigation every console screen shows (partials/console_nav.html). A
// console page's data embeds Console, so that the partial finds the
// period the page is about and the periods to switch to.

// consolePage is a console screen's template with the partials every
// console screen may use, and the partials of its own.
func consolePage(file string, partials ...string) []string {
	return append([]string{file, "partials/console_nav.html", "partials/errors.html", "partials/console_field.html"}, partials...)
}

// navLink is a link of the console's navigation; Current marks the page
// it is on (aria-current).
type navLink struct {
	Href, Label string
	Current     bool
}

// consoleField is a text input with its label, hint and message
// (partials/console_field.html); optional fields are not required.
type consoleField struct {
	ID, Label, Value, Error, Type, Hint, InputMode, Autocomplete string
	Optional                                                     bool
}

// Console is what the navigation needs: the period the page is about
// (the latest one when the page is about none), the periods to switch to,
// and whether the user is an admin (who alone manages accounts, as in the
// API).
type Console struct {
	Year  int
	Years []int
	Admin bool
}

// consoleYear is one period of the console's home with its tiers.
type consoleYear struct {
	Year         int
	Title, Stage string
	Locked       bool
	Tiers        []consoleTier
}

type consoleTier struct {
	Code, Name string
	Units      int
	Framework  bool
}

type consoleHome struct {
	Console
	Periods []consoleYear
	Notice  string
}

// console is the navigation's data for a page about year (0: none).
func (h *Handler) console(c echo.Context, year int) (Console, error) {
	s := c.Get(sessionKey).(store.Session)
	ps, err := h.cfg.Store.Periods(c.Request().Context())
	if err != nil {
		return Console{}, err
	}
	k := Console{Year: year, Admin: s.User.Role == workflow.RoleAdmin}
	for _, p := range ps {
		k.Years = append(k.Years, p.Year)
		if year == 0 && p.Year > k.Year {
			k.Year = p.Year
		}
	}
	return k, nil
}

// ConsoleHome is the console's home: every period with its stage and its
// tiers' frameworks and units, and the way to every console screen.
func (h *Handler) ConsoleHome(c echo.Context) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	k, err := h.console(c, 0)
	if err != nil {
		return err
	}
	d := consoleHome{Console: k}
	if y := c.QueryParam("created"); y != "" {
		d.Notice = msg.T(lang, "console.created", y)
	}
	ps, err := h.cfg.Store.Periods(ctx)
	if err != nil {
		return err
	}
	tiers, err := h.cfg.Store.Tiers(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps { // newest first
		cy := consoleYear{Year: p.Year, Title: p.Title, Stage: msg.Stage(lang, p.Stage), Locked: p.Locked()}
		units, err := h.cfg.Store.PeriodUnits(ctx, p.Year)
		if err != nil {
			return err
		}
		for _, t := range tiers {
			f, err := h.framework(ctx, p.Year, t.Code)
			if err != nil {
				return err
			}
			ct := consoleTier{Code: t.Code, Name: t.Name, Framework: f != nil}
			for _, u := range units.Units {
				if u.Tier == t.Code {
					ct.Units++
				}
			}
			cy.Tiers = append(cy.Tiers, ct)
		}
		d.Periods = append(d.Periods, cy)
	}
	return h.render(c, http.StatusOK, "console", "console.title", d)
}

// formState is a console form's refusal: the messages by field, shown
// in the summary (partials/errors.html) and at each field.
type formState struct {
	Errors []fieldError
}

// Err is the message of a field, "" when it has none.
func (f formState) Err(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// add puts a message at a field.
func (f *formState) add(field, message string) {
	f.Errors = append(f.Errors, fieldError{field, message})
}

// refused says whether err is one a person can act on (a rule's *score.Error),
// which the form shows at field; any other error is the server's, and
// refused leaves it for the caller to return.
func (f *formState) refused(lang, field string, err error) bool {
	var e *score.Error
	if err == nil || !errors.As(err, &e) {
		return false
	}
	f.add(field, msg.Error(lang, err))
	return true
}

// yearParam is the :year of a console route; a bad or unknown year is a 404 page.
func (h *Handler) yearParam(c echo.Context) (workflow.Period, bool, error) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return workflow.Period{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	p, err := h.cfg.Store.Period(c.Request().Context(), year)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return p, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	return p, err == nil, err
}

// LimitBody refuses a request body over n bytes (a 413 page), before
// Require reads the form.
func (h *Handler) LimitBody(n int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().ContentLength > n {
				return h.message(c, http.StatusRequestEntityTooLarge, "toolarge.title", "toolarge.body", n>>20)
			}
			c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, n)
			return next(c)
		}
	}
}

// problemField is the field the first problem of a rule's refusal names,
// "" when it names none.
func problemField(err error) string {
	var e *score.Error
	if errors.As(err, &e) && len(e.Details) > 0 {
		return e.Details[0].Field
	}
	return ""
}
