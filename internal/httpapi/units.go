package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

type tierBody struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) createTier(c echo.Context) error {
	var req tierBody
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := checkCode("tier", req.Code); err != nil {
		return err
	}
	name, err := cleanName("tier_name", req.Name)
	if err != nil {
		return err
	}
	t, err := s.store.CreateTier(c.Request().Context(), workflow.Tier{Code: req.Code, Name: name})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, tierBody(t))
}

func (s *Server) listTiers(c echo.Context) error {
	ts, err := s.store.Tiers(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]tierBody, len(ts))
	for i, t := range ts {
		out[i] = tierBody(t)
	}
	return c.JSON(http.StatusOK, map[string]any{"tiers": out})
}

type createUnitRequest struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Tier string `json:"tier"`
}

func (s *Server) createUnit(c echo.Context) error {
	var req createUnitRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := checkCode("unit", req.Code); err != nil {
		return err
	}
	if req.Tier == "" {
		return invalid("error.api.tier_required")
	}
	// The store holds the name to its rules (textrule.Name, unique in the tier).
	u, err := s.store.CreateUnit(c.Request().Context(), workflow.Unit{Code: req.Code, Name: req.Name, Tier: req.Tier})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

type updateUnitRequest struct {
	Name   *string `json:"name"`
	Active *bool   `json:"active"`
}

func (s *Server) updateUnit(c echo.Context) error {
	var req updateUnitRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Name == nil && req.Active == nil {
		return invalid("error.api.unit_nothing")
	}
	u, err := s.store.UpdateUnit(c.Request().Context(), c.Param("code"), store.UnitChange{Name: req.Name, Active: req.Active})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) getUnit(c echo.Context) error {
	u, err := s.store.Unit(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) listUnits(c echo.Context) error {
	withInactive := false
	if v := c.QueryParam("inactive"); v != "" {
		var err error
		if withInactive, err = strconv.ParseBool(v); err != nil {
			return invalid("error.api.inactive", v)
		}
	}
	page, perPage, err := listPage(c)
	if err != nil {
		return err
	}
	us, err := s.store.Units(c.Request().Context(), c.QueryParam("tier"), withInactive)
	if err != nil {
		return err
	}
	score.SortByName(us, func(u workflow.Unit) string { return u.Name })
	return c.JSON(http.StatusOK, map[string]any{"units": nonNil(pageSlice(us, page, perPage)), "page": page, "per_page": perPage, "total": len(us)})
}
