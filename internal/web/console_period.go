package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/workflow"
)

// A new year from the last one: /app/periods/new.

type periodForm struct {
	Console
	formState
	Year, Title, From string
}

// PeriodNewPage offers the next year, copied from the latest.
func (h *Handler) PeriodNewPage(c echo.Context) error {
	k, err := h.console(c, 0)
	if err != nil {
		return err
	}
	f := periodForm{Console: k}
	if k.Year != 0 {
		f.Year, f.From = strconv.Itoa(k.Year+1), strconv.Itoa(k.Year)
	}
	return h.render(c, http.StatusOK, "period_new", "period.new.title", f)
}

// PeriodNew creates the year (store.CreatePeriodFrom: the period, each
// tier's framework and bands copied, the units with them) and goes to the
// console's home; a refusal shows the form again with what was typed.
func (h *Handler) PeriodNew(c echo.Context) error {
	lang := h.lang(c)
	k, err := h.console(c, 0)
	if err != nil {
		return err
	}
	f := periodForm{Console: k, Year: strings.TrimSpace(c.FormValue("year")), Title: c.FormValue("title"), From: c.FormValue("from")}
	year, err := strconv.Atoi(f.Year)
	switch {
	case err != nil:
		f.add("year", msg.T(lang, "period.new.year.number"))
	default:
		f.refused(lang, "year", workflow.CheckYear(year))
	}
	title := strings.TrimSpace(f.Title)
	if title == "" && len(f.Errors) == 0 {
		title = workflow.DefaultPeriodTitle(year)
	}
	if title != "" {
		if title, err = workflow.CleanName("period_title", title); err != nil {
			f.refused(lang, "title", err)
		}
	}
	from := 0
	if f.From != "" {
		if from, err = strconv.Atoi(f.From); err != nil {
			f.add("from", msg.T(lang, "period.new.from.bad"))
		}
	}
	if len(f.Errors) == 0 {
		_, _, err := h.cfg.Store.CreatePeriodFrom(c.Request().Context(), year, title, from)
		if !f.refused(lang, "year", err) && err != nil {
			return err
		}
		if err == nil {
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/console?created=%d", year))
		}
	}
	return h.render(c, http.StatusUnprocessableEntity, "period_new", "period.new.title", f)
}

var periodPath = regexp.MustCompile(`^/app/periods/[0-9]+/`)

// ConsoleYear switches the navigation to another period: the same screen
// of that year, or the year's board from a screen of no year.
func (h *Handler) ConsoleYear(c echo.Context) error {
	year, err := strconv.Atoi(c.QueryParam("year"))
	if err != nil || workflow.CheckYear(year) != nil {
		return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	to := c.QueryParam("to")
	if periodPath.MatchString(to) {
		return c.Redirect(http.StatusSeeOther, periodPath.ReplaceAllString(to, fmt.Sprintf("/app/periods/%d/", year)))
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/periods/%d/board", year))
}
