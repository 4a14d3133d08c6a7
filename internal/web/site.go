package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/precomputed"
	"github.com/parindex/parindex/internal/published"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// The public site: /, /results/:year/:tier, /units/:code, /data, /news,
// /sitemap.xml and /robots.txt. Every figure comes from a published
// snapshot through the cache the public API reads (internal/published);
// nothing live, nothing of a year without a published version. A year or
// a unit with nothing published is a 404 page.

// siteMeta is what a public page says about itself for sharing and finding.
type siteMeta struct {
	Description string
	Canonical   string // absolute: the site's address and the page's path
	Alternates  []alternate
	LangHref    string // the page in the other language, keeping the query
	OGType      string
	Nav         string // the current item of the public nav: home, data, news
	NoIndex     bool   // a 404 or 500: not to be indexed, no canonical URL
}

type alternate struct{ Lang, Href string }

// siteBase is the site's public address: PARINDEX_PUBLIC_URL, or the
// request's scheme and host.
func (h *Handler) siteBase(c echo.Context) string {
	if h.cfg.PublicURL != "" {
		return h.cfg.PublicURL
	}
	scheme := "http"
	if h.cfg.HTTPS(c.Request()) {
		scheme = "https"
	}
	return scheme + "://" + c.Request().Host
}

// renderSite renders a public page with its title, description, canonical
// URL and language links.
func (h *Handler) renderSite(c echo.Context, status int, page, nav, title, desc string, data any) error {
	lang := h.lang(c)
	r := c.Request()
	base, path := h.siteBase(c), r.URL.Path
	q := r.URL.Query()
	q.Del("lang")
	other := msg.EN
	if lang == msg.EN {
		other = msg.VI
	}
	q.Set("lang", other)
	meta := &siteMeta{Description: desc, Canonical: base + path, OGType: "website", Nav: nav, LangHref: path + "?" + q.Encode(),
		Alternates: []alternate{{msg.VI, base + path}, {msg.EN, base + path + "?lang=en"}}}
	if lang == msg.EN {
		meta.Canonical += "?lang=en"
	}
	meta.NoIndex = status >= 400
	v := view{Lang: lang, Title: title, Path: path, CSS: h.css, JS: h.js, Data: data, Site: meta}
	if status != http.StatusOK {
		return h.execute(c, status, page, v) // a 404 or 500: no-store, made each time
	}
	b, err := h.pageBytes(c, page, v)
	if err == errSent {
		return nil
	}
	if err != nil {
		return err
	}
	h.serveSite(c, "text/html; charset=utf-8", b)
	return nil
}

// Cache-Control of the public pages: a reader without cookies gets what
// the public JSON's "latest" answers get; one with a cookie (a language
// chosen, signed in) or whose answer sets one keeps it to themselves and
// asks again each time (a 304 when it is the same page).
const (
	cacheSitePublic  = "public, max-age=120"
	cacheSitePrivate = "private, no-cache"
)

// serveSite answers a public page (or the sitemap) made from the latest
// published versions and the published news: as a precomputed.Rep (made
// and compressed once for the same bytes; strong ETags, 304s, gzip and
// brotli; Vary: Accept-Encoding, Cookie). A request without a Cookie
// header, whose answer sets none, is left in the Front for the time a
// year's version list is reused (published.VersionsTTL), and forgotten at
// once by a publication or a change of news on this instance; a request
// with a cookie, or with ?lang= (which sets one), gets its own answer,
// made now, through echo. The Front keeps nothing from a request that came
// through a proxy's X-Forwarded-Proto while PARINDEX_PUBLIC_URL is unset
// (the page's canonical URL is then the request's scheme and Host, which
// the Front does not tell apart).
func (h *Handler) serveSite(c echo.Context, contentType string, body []byte) {
	rep := h.recent.New(contentType, body).Varying("Cookie")
	w, r := c.Response(), c.Request()
	if len(r.Header["Cookie"]) > 0 || len(w.Header()["Set-Cookie"]) > 0 {
		w.Header().Set("Cache-Control", cacheSitePrivate)
		rep.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Cache-Control", cacheSitePublic)
	if h.cfg.PublicURL == "" && len(r.Header["X-Forwarded-Proto"]) > 0 {
		rep.ServeHTTP(w, r)
		return
	}
	precomputed.ServeAnonymous(w, r, rep, c.Path(), h.cfg.Now().Add(published.VersionsTTL))
}

// siteMessage is a public page of one message (404, 500).
type siteMessage struct{ Heading, Body string }

// siteNotFound is the public 404 page.
func (h *Handler) siteNotFound(c echo.Context) error {
	lang := h.lang(c)
	return h.renderSite(c, http.StatusNotFound, "site_message", "", msg.T(lang, "pub.notfound.title"), "",
		siteMessage{Heading: msg.T(lang, "pub.notfound.title"), Body: msg.T(lang, "pub.notfound.body")})
}

// siteFailed answers a public page: a 404 page when nothing published is
// there, else the error (logged, a 500 page).
func (h *Handler) siteFailed(c echo.Context, err error) error {
	if score.ErrorCode(err) == score.ENOTFOUND {
		return h.siteNotFound(c)
	}
	h.cfg.Logger.Error("a public page", "path", c.Request().URL.Path, "err", err)
	lang := h.lang(c)
	return h.renderSite(c, http.StatusInternalServerError, "site_message", "", msg.T(lang, "error.title"), "",
		siteMessage{Heading: msg.T(lang, "error.title"), Body: msg.T(lang, "error.body")})
}

// releases are the latest published versions of every published year,
// newest year first.
func (h *Handler) releases(ctx context.Context) ([]*published.Snapshot, error) {
	ps, err := h.cfg.Store.PublishedPeriods(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*published.Snapshot, 0, len(ps))
	for _, p := range ps {
		s, err := h.cfg.Published.At(ctx, p.Year, 0)
		if score.ErrorCode(err) == score.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// yearParam reads :year; anything but a year is a page that is not there.
func yearParam(c echo.Context) (int, bool) {
	y, err := strconv.Atoi(c.Param("year"))
	return y, err == nil && y > 0 && y < 10000
}

// publishedNews lists the published news records, newest first; of a
// year when year > 0.
func (h *Handler) publishedNews(ctx context.Context, year, limit int) ([]newsLink, error) {
	ns, _, err := h.cfg.Store.ListNews(ctx, store.NewsQuery{Status: workflow.NewsPublished, Limit: limit})
	if err != nil {
		return nil, err
	}
	var out []newsLink
	for _, n := range ns {
		if n.Status != workflow.NewsPublished || (year > 0 && (n.Period == nil || *n.Period != year)) {
			continue
		}
		out = append(out, newsLink{Title: n.Title, Summary: n.Summary, URL: "/news/" + url.PathEscape(n.Slug), Slug: n.Slug, At: n.PublishedAt, Period: n.Period})
	}
	return out, nil
}

// newsLink is a published news record as the site links to it.
type newsLink struct {
	Title, Summary, URL, Slug string
	At                        *time.Time
	Period                    *int
	Date                      string
}

func datedNews(ns []newsLink, lang string) []newsLink {
	for i := range ns {
		if ns[i].At != nil {
			ns[i].Date = portal.Date(*ns[i].At, lang)
		}
	}
	return ns
}

// pct prints a shown index in the page's language: 74,86% or 74.86%; a
// dash when there is none.
func pct(n *json.Number, lang string) string {
	if n == nil {
		return "—"
	}
	return portal.Percent(string(*n), lang)
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// publishedLine says when and which version was published.
func publishedLine(p *results.Published, lang string) string {
	if p == nil {
		return ""
	}
	at, err := time.Parse(time.RFC3339, p.PublishedAt)
	if err != nil {
		return msg.T(lang, "pub.version", p.Version)
	}
	return msg.T(lang, "pub.published", portal.Date(at, lang), p.Version)
}

// resultsURL is a published tier's page.
func resultsURL(year int, tier string) string {
	return fmt.Sprintf("/results/%d/%s", year, url.PathEscape(tier))
}

// unitURL is a unit's public page.
func unitURL(code string) string { return "/units/" + url.PathEscape(code) }

// fold is a name as the search compares it: lower case, without tone and
// vowel marks, đ as d (so "thanh tra" finds "Thanh tra tỉnh" and "so tai
// chinh" finds "Sở Tài chính"). site.js folds the same way.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == 'đ' {
			r = 'd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ranked are a tier's units that have a rank and an index, in rank order.
func ranked(t results.Tier) []results.Unit {
	var out []results.Unit
	for _, u := range t.Units {
		if u.Rank != nil && u.Index != nil {
			out = append(out, u)
		}
	}
	return out
}

// unitLink is a unit in a short list: rank, name, index, band.
type unitLink struct {
	Rank, Name, URL, Index, Band string
}

func unitLinkOf(u results.Unit, lang string) unitLink {
	l := unitLink{Rank: "—", Name: u.UnitName, URL: unitURL(u.UnitCode), Index: pct(u.Index, lang), Band: str(u.Band)}
	if u.Rank != nil {
		l.Rank = strconv.Itoa(*u.Rank)
	}
	return l
}

// bandBars is the chart of the units per band of a tier.
func bandBars(id string, t results.Tier, lang string) (bars []portal.Bar, total int) {
	total = t.Stats.Units
	if total == 0 {
		return nil, 0
	}
	for _, b := range t.Stats.Bands {
		bars = append(bars, portal.Bar{Name: b.Label, Share: b.Units * 10000 / total, Label: strconv.Itoa(b.Units)})
	}
	if t.Stats.NoBand > 0 {
		bars = append(bars, portal.Bar{Name: msg.T(lang, "pub.noband"), Share: t.Stats.NoBand * 10000 / total, Label: strconv.Itoa(t.Stats.NoBand)})
	}
	return bars, total
}
