package web

import (
	"bytes"
	"encoding/xml"
	"net/http"

	"github.com/labstack/echo/v4"
)

// sitemapURLs are the public pages there are: /, /data, /news, each
// published year's tiers, each unit with a published result and each
// published news record; nothing of a year without a published version.
func (h *Handler) sitemapURLs(c echo.Context) ([]string, error) {
	ctx := c.Request().Context()
	rs, err := h.releases(ctx)
	if err != nil {
		return nil, err
	}
	paths := []string{"/", "/data", "/news"}
	units := map[string]bool{}
	var unitPaths []string
	for _, r := range rs {
		for _, t := range r.Doc.Tiers {
			paths = append(paths, resultsURL(t.Year, t.Tier))
			for _, u := range t.Units {
				if !units[u.UnitCode] {
					units[u.UnitCode] = true
					unitPaths = append(unitPaths, unitURL(u.UnitCode))
				}
			}
		}
	}
	paths = append(paths, unitPaths...)
	news, err := h.publishedNews(ctx, 0, 10000)
	if err != nil {
		return nil, err
	}
	for _, n := range news {
		paths = append(paths, n.URL)
	}
	return paths, nil
}

type urlset struct {
	XMLName xml.Name  `xml:"urlset"`
	NS      string    `xml:"xmlns,attr"`
	URLs    []siteURL `xml:"url"`
}

type siteURL struct {
	Loc string `xml:"loc"`
}

// Sitemap is /sitemap.xml: exactly the published pages.
func (h *Handler) Sitemap(c echo.Context) error {
	paths, err := h.sitemapURLs(c)
	if err != nil {
		return err
	}
	base := h.siteBase(c)
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range paths {
		set.URLs = append(set.URLs, siteURL{Loc: base + p})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	b.WriteByte('\n')
	h.serveSite(c, "application/xml; charset=utf-8", b.Bytes())
	return nil
}

// Robots is /robots.txt: the public site and its open data may be
// indexed, the signed-in pages and the API not.
func (h *Handler) Robots(c echo.Context) error {
	body := "User-agent: *\nAllow: /\nAllow: /api/v1/public/\nDisallow: /app\nDisallow: /login\nDisallow: /logout\nDisallow: /api/\nDisallow: /embed/\n" +
		"\nSitemap: " + h.siteBase(c) + "/sitemap.xml\n"
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}
