package web

import "github.com/labstack/echo/v4"

// Data is the open data page.
func (h *Handler) Data(c echo.Context) error { return h.siteNotFound(c) }
