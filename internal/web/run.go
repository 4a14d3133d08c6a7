package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// The secretariat's console screens of the year (board, imports,
// dashboard, publishing, exports), the news and the audit log share these.

// form is a form's refusal: the messages per field (the error summary
// links to each) and what was typed.
type form struct {
	Errors []fieldError
	Values map[string]string
}

// Err is the message of a field, "" when it has none.
func (f form) Err(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// V is what was typed in a field.
func (f form) V(field string) string { return f.Values[field] }

// refuse adds a message: at field when given (its id), else at fallback.
func (f *form) refuse(field, message string) {
	f.Errors = append(f.Errors, fieldError{Field: field, Message: message})
}

// refuseErr puts an error of the store or the rules on the form: each of
// its problems at the field it names (when the form has that field), or
// the error's message at fallback.
func (f *form) refuseErr(lang string, err error, fallback string, fields ...string) {
	var e *score.Error
	if errors.As(err, &e) && len(e.Details) > 0 {
		for _, p := range e.Details {
			field := fallback
			for _, name := range fields {
				if p.Field == name {
					field = name
				}
			}
			f.refuse(field, msg.Problem(lang, p))
		}
		return
	}
	f.refuse(fallback, msg.Error(lang, err))
}

// userOf is the signed-in user (Require has put the session there).
func userOf(c echo.Context) workflow.User { return c.Get(sessionKey).(store.Session).User }

// by is who changes something now, for the store's use cases.
func (h *Handler) by(c echo.Context) store.By {
	return store.By{Actor: userOf(c).Actor(), At: h.cfg.Now()}
}

// fail shows an error of the store or the rules as a page of one message
// with the status its code means; any other error is the server's.
func (h *Handler) fail(c echo.Context, err error) error {
	status := map[string]int{score.ENOTFOUND: http.StatusNotFound, score.EFORBIDDEN: http.StatusForbidden,
		score.ECONFLICT: http.StatusConflict, score.EUNPROCESSABLE: http.StatusUnprocessableEntity,
		score.EINVALID: http.StatusBadRequest, score.ETOOLARGE: http.StatusRequestEntityTooLarge}[score.ErrorCode(err)]
	if status == 0 {
		return err
	}
	lang := h.lang(c)
	return h.render(c, status, "message", "run.refused", message{Heading: msg.T(lang, "run.refused"), Body: msg.Error(lang, err)})
}

// yearPeriod is the period of the route's :year, or a 404 page.
func (h *Handler) yearPeriod(c echo.Context) (workflow.Period, bool, error) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil || year < 1 {
		return workflow.Period{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	p, err := h.cfg.Store.Period(c.Request().Context(), year)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return p, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	if err != nil {
		return p, false, err
	}
	return p, true, nil
}

// yearHead is the period a console screen of the year is about.
type yearHead struct {
	Year     int
	Title    string
	Stage    string // label
	StageKey string
	Deadline string
	Here     string // which screen: board, imports, dashboard, publish, exports
}

func (h *Handler) yearHead(c echo.Context, p workflow.Period, here string) yearHead {
	y := yearHead{Year: p.Year, Title: p.Title, Stage: msg.Stage(h.lang(c), p.Stage), StageKey: p.Stage, Here: here}
	if p.StageClosesAt != nil {
		y.Deadline = vnfmt.Date(*p.StageClosesAt)
	}
	return y
}

// formStatus is the status of a form's refusal by the store or the
// rules (the form is shown again with what was typed): the code's status
// (score.Status), but 409 for a stale revision, as a page sends no
// If-Match; 0 for an error the error handler answers (the server's, a
// sign-in or a throttle).
func formStatus(err error) int {
	switch code := score.ErrorCode(err); code {
	case score.EUNAUTHORIZED, score.ETOOMANY:
		return 0
	case score.EPRECONDITION:
		return http.StatusConflict
	default:
		return score.Status(code)
	}
}

// consoled is a console screen's data: it embeds Console, the
// navigation's (partials/console_nav.html).
type consoled interface{ setConsole(Console) }

func (k *Console) setConsole(n Console) { *k = n }

// renderConsole renders a console screen about year (0: none) with the
// console's navigation.
func (h *Handler) renderConsole(c echo.Context, status int, page, titleKey string, year int, d consoled) error {
	k, err := h.console(c, year)
	if err != nil {
		return err
	}
	d.setConsole(k)
	return h.render(c, status, page, titleKey, d)
}
