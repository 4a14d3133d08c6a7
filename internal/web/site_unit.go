package web

import "github.com/labstack/echo/v4"

// UnitPage is a unit's public page.
func (h *Handler) UnitPage(c echo.Context) error { return h.siteNotFound(c) }
