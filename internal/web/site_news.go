package web

import (
	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
)

// NewsList is /news: the published news records, newest first, each
// linking to its page (/news/:slug, internal/portal's).
func (h *Handler) NewsList(c echo.Context) error {
	lang := h.lang(c)
	news, err := h.publishedNews(c.Request().Context(), 0, 200)
	if err != nil {
		return h.siteFailed(c, err)
	}
	return h.renderSite(c, 200, "site_news", "news", msg.T(lang, "pub.news.title"), msg.T(lang, "pub.news.desc"), datedNews(news, lang))
}
