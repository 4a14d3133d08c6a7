package web

import "github.com/labstack/echo/v4"

// NewsList is the list of published news.
func (h *Handler) NewsList(c echo.Context) error { return h.siteNotFound(c) }
