package httpapi

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// securityHeaders sets the headers every response carries. Pages meant to
// be framed by the portal (/embed, /news) set their own frame-ancestors.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		p := c.Request().URL.Path
		if !strings.HasPrefix(p, "/embed/") && !strings.HasPrefix(p, "/news/") {
			h.Set("X-Frame-Options", "DENY")
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		}
		if strings.HasPrefix(p, "/api/v1/") && !strings.HasPrefix(p, "/api/v1/public/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// embedHeaders gives every answer under /embed/ the widget's
// Content-Security-Policy before the handler runs, so that a 404, a 400
// or an error page there carries it too, not only the widget itself.
func (s *Server) embedHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(c.Request().URL.Path, "/embed/") {
			s.pageHeaders(c, "data:")
		}
		return next(c)
	}
}
