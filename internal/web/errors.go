package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
)

// IsPagePath says whether a request path is one of the pages' (the site,
// the sign-in, /app): their errors are pages, not the API's JSON.
func IsPagePath(path string) bool {
	for _, p := range []string{"/api/", "/embed/", "/healthz", "/readyz", "/metrics"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// ErrorPage answers a page's request that failed before or outside its
// handler (no such route, a refused query, a throttle, a body too large)
// with a page saying so in the reader's language: the public layout
// outside /app, /login and /logout, the workspace's inside. text is the
// catalog's rendering of the error ("" for the status's own text).
func (h *Handler) ErrorPage(c echo.Context, status int, text string) error {
	lang := h.lang(c)
	title := "error.title"
	switch status {
	case http.StatusNotFound:
		title = "notfound.title"
		if text == "" {
			text = msg.T(lang, "notfound.body")
		}
	case http.StatusForbidden:
		title = "forbidden.title"
	}
	if text == "" {
		text = msg.T(lang, "error.body")
	}
	path := c.Request().URL.Path
	if path == "/app" || strings.HasPrefix(path, "/app/") || path == "/login" || path == "/logout" {
		return h.render(c, status, "message", title, message{Heading: msg.T(lang, title), Body: text})
	}
	return h.renderSite(c, status, "site_message", "", msg.T(lang, title), "", siteMessage{Heading: msg.T(lang, title), Body: text})
}

// pageRefusal shows a refusal of the rules or the store as a page: 403 for what
// the user may not see, 404 for what does not exist; other errors go on.
func (h *Handler) pageRefusal(c echo.Context, err error) error {
	var e *score.Error
	if !errors.As(err, &e) {
		return err
	}
	lang := h.lang(c)
	switch e.Code {
	case score.EFORBIDDEN:
		return h.render(c, http.StatusForbidden, "message", "forbidden.title", message{Heading: msg.T(lang, "forbidden.title"), Body: msg.Error(lang, err)})
	case score.ENOTFOUND:
		return h.render(c, http.StatusNotFound, "message", "notfound.title", message{Heading: msg.T(lang, "notfound.title"), Body: msg.Error(lang, err)})
	}
	return err
}
