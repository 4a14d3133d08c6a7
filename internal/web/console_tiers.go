package web

// Tiers: /app/tiers, the tiers with their active units, and a new one.

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/workflow"
)

type tiersPage struct {
	Console
	formState
	Tiers      []tierRow
	Code, Name string
	Notice     string
}

type tierRow struct {
	workflow.Tier
	Units int
}

func (h *Handler) tiersPage(c echo.Context, d *tiersPage) error {
	ctx := c.Request().Context()
	k, err := h.console(c, 0)
	if err != nil {
		return err
	}
	d.Console = k
	ts, err := h.cfg.Store.Tiers(ctx)
	if err != nil {
		return err
	}
	units, err := h.cfg.Store.Units(ctx, "", false)
	if err != nil {
		return err
	}
	for _, t := range ts {
		r := tierRow{Tier: t}
		for _, u := range units {
			if u.Tier == t.Code {
				r.Units++
			}
		}
		d.Tiers = append(d.Tiers, r)
	}
	return nil
}

// TiersList lists the tiers with their active units.
func (h *Handler) TiersList(c echo.Context) error {
	d := tiersPage{}
	if err := h.tiersPage(c, &d); err != nil {
		return err
	}
	if code := c.QueryParam("added"); code != "" {
		d.Notice = msg.T(h.lang(c), "tiers.added", code)
	}
	return h.render(c, http.StatusOK, "tiers", "tiers.title", d)
}

// TierAdd adds a tier (store.CreateTier, audited), with the API's rules.
func (h *Handler) TierAdd(c echo.Context) error {
	lang := h.lang(c)
	d := tiersPage{Code: strings.TrimSpace(c.FormValue("code")), Name: c.FormValue("name")}
	d.refused(lang, "code", workflow.CheckCode("tier", d.Code))
	name, err := workflow.CleanName("tier_name", d.Name)
	d.refused(lang, "name", err)
	if len(d.Errors) == 0 {
		_, err := h.cfg.Store.CreateTier(c.Request().Context(), workflow.Tier{Code: d.Code, Name: name})
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/app/tiers?added="+url.QueryEscape(d.Code))
		}
		if !d.refused(lang, "code", err) {
			return err
		}
	}
	if err := h.tiersPage(c, &d); err != nil {
		return err
	}
	return h.render(c, http.StatusUnprocessableEntity, "tiers", "tiers.title", d)
}
