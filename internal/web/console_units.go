package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/workflow"
)

// Units: /app/units (search, filter by tier, paging, add) and
// /app/units/:code (rename, deactivate, reactivate).

// unitsPerPage keeps a commune tier of hundreds of units a few pages.
const unitsPerPage = 50

type unitsPage struct {
	Console
	formState
	Tiers              []workflow.Tier
	TierNames          map[string]string // by code
	Units              []workflow.Unit
	Q, Tier            string
	Inactive           bool
	Total, Page, Pages int
	Prev, Next         string // links, "" at an end
	// The add form.
	Code, Name, NewTier string
	Notice              string
}

func (h *Handler) unitsPage(c echo.Context, d *unitsPage) error {
	ctx := c.Request().Context()
	k, err := h.console(c, 0)
	if err != nil {
		return err
	}
	d.Console = k
	if d.Tiers, err = h.cfg.Store.Tiers(ctx); err != nil {
		return err
	}
	d.TierNames = map[string]string{}
	for _, t := range d.Tiers {
		d.TierNames[t.Code] = t.Name
	}
	d.Q, d.Tier, d.Inactive = strings.TrimSpace(c.QueryParam("q")), c.QueryParam("tier"), c.QueryParam("inactive") == "1"
	known := false
	for _, t := range d.Tiers {
		known = known || t.Code == d.Tier
	}
	if !known {
		d.Tier = ""
	}
	all, err := h.cfg.Store.Units(ctx, d.Tier, d.Inactive)
	if err != nil {
		return err
	}
	key := searchKey(d.Q)
	for _, u := range all {
		if key == "" || strings.Contains(searchKey(u.Name), key) || strings.Contains(strings.ToLower(u.Code), strings.ToLower(d.Q)) {
			d.Units = append(d.Units, u)
		}
	}
	d.Total = len(d.Units)
	d.Pages = max(1, (d.Total+unitsPerPage-1)/unitsPerPage)
	d.Page, _ = strconv.Atoi(c.QueryParam("page"))
	d.Page = min(max(d.Page, 1), d.Pages)
	lo := (d.Page - 1) * unitsPerPage
	d.Units = d.Units[lo:min(lo+unitsPerPage, d.Total)]
	link := func(page int) string {
		v := url.Values{}
		if d.Q != "" {
			v.Set("q", d.Q)
		}
		if d.Tier != "" {
			v.Set("tier", d.Tier)
		}
		if d.Inactive {
			v.Set("inactive", "1")
		}
		v.Set("page", strconv.Itoa(page))
		return "/app/units?" + v.Encode()
	}
	if d.Page > 1 {
		d.Prev = link(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.Next = link(d.Page + 1)
	}
	return nil
}

// UnitsList lists the units with search, a tier's filter and pages.
func (h *Handler) UnitsList(c echo.Context) error {
	d := unitsPage{}
	if err := h.unitsPage(c, &d); err != nil {
		return err
	}
	if code := c.QueryParam("added"); code != "" {
		d.Notice = msg.T(h.lang(c), "units.added", code)
	}
	return h.render(c, http.StatusOK, "units", "units.title", d)
}

// UnitAdd adds a unit (store.CreateUnit, audited), with the API's rules.
func (h *Handler) UnitAdd(c echo.Context) error {
	lang := h.lang(c)
	d := unitsPage{Code: strings.TrimSpace(c.FormValue("code")), Name: c.FormValue("name"), NewTier: c.FormValue("new_tier")}
	d.refused(lang, "code", workflow.CheckCode("unit", d.Code))
	if d.NewTier == "" {
		d.add("new_tier", msg.T(lang, "units.tier.required"))
	}
	if len(d.Errors) == 0 {
		_, err := h.cfg.Store.CreateUnit(c.Request().Context(), workflow.Unit{Code: d.Code, Name: d.Name, Tier: d.NewTier})
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/app/units?added="+url.QueryEscape(d.Code))
		}
		field := "code" // a code taken
		switch {
		case score.ErrorCode(err) == score.ENOTFOUND:
			field = "new_tier"
		case problemField(err) == "name": // a name refused or taken in the tier
			field = "name"
		}
		if !d.refused(lang, field, err) {
			return err
		}
	}
	if err := h.unitsPage(c, &d); err != nil {
		return err
	}
	return h.render(c, http.StatusUnprocessableEntity, "units", "units.title", d)
}

type unitPage struct {
	Console
	formState
	Unit   workflow.Unit
	Tier   string // the tier's name
	Name   string // as typed
	Notice string
}

func (h *Handler) unitPage(c echo.Context) (unitPage, bool, error) {
	ctx := c.Request().Context()
	u, err := h.cfg.Store.Unit(ctx, c.Param("code"))
	if score.ErrorCode(err) == score.ENOTFOUND {
		return unitPage{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	if err != nil {
		return unitPage{}, false, err
	}
	k, err := h.console(c, 0)
	if err != nil {
		return unitPage{}, false, err
	}
	d := unitPage{Console: k, Unit: u, Name: u.Name, Tier: u.Tier}
	if t, err := h.cfg.Store.Tier(ctx, u.Tier); err == nil {
		d.Tier = t.Name
	}
	return d, true, nil
}

// UnitPage shows a unit with its rename and deactivate forms.
func (h *Handler) UnitPage(c echo.Context) error {
	d, ok, err := h.unitPage(c)
	if !ok {
		return err
	}
	switch c.QueryParam("done") {
	case "name":
		d.Notice = msg.T(h.lang(c), "unit.renamed")
	case "active":
		d.Notice = msg.T(h.lang(c), "unit.active.done")
	}
	return h.render(c, http.StatusOK, "unit", "unit.title", d)
}

// UnitEdit renames a unit or (de)activates it through store.UpdateUnit,
// which holds the integrity rules: a unit deactivated leaves the open
// periods, never a finalized one.
func (h *Handler) UnitEdit(c echo.Context) error {
	lang := h.lang(c)
	d, ok, err := h.unitPage(c)
	if !ok {
		return err
	}
	ch, done, field := store.UnitChange{}, "name", "name"
	if a := c.FormValue("active"); a != "" {
		active := a == "1"
		ch.Active, done, field = &active, "active", "active"
	} else {
		d.Name = c.FormValue("name")
		ch.Name = &d.Name
	}
	_, err = h.cfg.Store.UpdateUnit(c.Request().Context(), d.Unit.Code, ch)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/app/units/"+url.PathEscape(d.Unit.Code)+"?done="+done)
	}
	if !d.refused(lang, field, err) {
		return err
	}
	return h.render(c, http.StatusUnprocessableEntity, "unit", "unit.title", d)
}

// searchKey is a name as the search compares it: textrule.NameKey's
// folding, and without diacritics (đ as d), so that "tu phap" finds
// "Sở Tư pháp".
func searchKey(s string) string {
	s = norm.NFD.String(textrule.NameKey(s))
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r):
			return -1
		case r == 'đ':
			return 'd'
		}
		return r
	}, s)
}
