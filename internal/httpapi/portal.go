package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
)

// The portal side: the embeddable widget, CSV and unit profiles, served
// from published snapshots (snapshots.go: the cache, ETags, 304s).

// pageHeaders are the security headers of the HTML pages: nothing loads
// but the page's own style (and, on news pages, images), and only the
// configured portals may frame it.
func (s *Server) pageHeaders(c echo.Context, images string) {
	ancestors := "'self'"
	if len(s.opt.EmbedOrigins) > 0 {
		ancestors = strings.Join(s.opt.EmbedOrigins, " ")
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src "+portal.StyleHash+"; img-src "+images+
		"; base-uri 'none'; form-action 'none'; frame-ancestors "+ancestors)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
}

// embedParams are the widget's options from the query.
type embedParams struct {
	tier, lang string
	compact    bool
}

func readEmbedParams(c echo.Context) (embedParams, error) {
	p := embedParams{tier: c.QueryParam("tier"), lang: c.QueryParam("lang")}
	switch p.lang {
	case "":
		p.lang = portal.Vietnamese
	case portal.Vietnamese, portal.English:
	default:
		return p, invalid("error.api.lang", p.lang)
	}
	if v := c.QueryParam("compact"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return p, invalid("error.api.bool", "compact", v)
		}
		p.compact = b
	}
	return p, nil
}

// query returns the widget's query string for a tier, keeping the options.
func (p embedParams) query(tier string, version int) string {
	q := url.Values{"tier": {tier}}
	if p.lang != portal.Vietnamese {
		q.Set("lang", p.lang)
	}
	if p.compact {
		q.Set("compact", "1")
	}
	if version > 0 {
		q.Set("version", strconv.Itoa(version))
	}
	return q.Encode()
}

func (s *Server) embed(c echo.Context) error {
	opt, err := readEmbedParams(c)
	if err != nil {
		return err
	}
	p, version, err := s.publishedParam(c)
	if err != nil {
		return err
	}
	if opt.tier == "" && len(p.Doc.Tiers) > 0 {
		opt.tier = p.Doc.Tiers[0].Tier
	}
	t, ok := p.Tier(opt.tier)
	if !ok {
		return score.E(score.ENOTFOUND, "error.api.published_tier", p.Doc.Year, opt.tier)
	}
	s.pageHeaders(c, "data:")
	key := "embed/" + portal.Revision + "/" + opt.query(opt.tier, version)
	return s.serveSnapshotRep(c, p, version, key, echo.MIMETextHTMLCharsetUTF8, func() ([]byte, error) {
		eo := portal.EmbedOptions{Lang: opt.lang, Compact: opt.compact, Note: p.Note}
		for _, x := range p.Doc.Tiers {
			eo.Tiers = append(eo.Tiers, portal.Link{Label: x.TierName, URL: "?" + opt.query(x.Tier, version), Current: x.Tier == t.Tier})
		}
		data := fmt.Sprintf("/api/v1/public/periods/%d/results", p.Doc.Year)
		q := "?" + url.Values{"tier": {t.Tier}}.Encode()
		if version > 0 {
			q += "&version=" + strconv.Itoa(version)
		}
		eo.Data = []portal.Link{{Label: "CSV", URL: data + ".csv" + q}, {Label: "JSON", URL: data + q}}
		var buf bytes.Buffer
		err := portal.Embed(&buf, t, eo)
		return buf.Bytes(), err
	})
}

// embedSnippet gives the secretariat the iframe to paste into the portal.
func (s *Server) embedSnippet(c echo.Context) error {
	period, err := s.period(c)
	if err != nil {
		return err
	}
	t, err := s.tierParam(c)
	if err != nil {
		return err
	}
	opt, err := readEmbedParams(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	units, published := 0, false
	if p, err := s.publishedAt(ctx, period.Year, 0); err == nil {
		if r, ok := p.Tier(t.Code); ok {
			units, published = len(r.Units), true
		}
	} else if score.ErrorCode(err) != score.ENOTFOUND {
		return err
	}
	if !published {
		us, err := s.store.Units(ctx, t.Code, false)
		if err != nil {
			return err
		}
		units = len(us)
	}
	// Room for the heading, the chart's bars and the table's rows at a
	// desktop width; a phone scrolls inside the frame.
	height := 340 + 64*units
	if opt.compact {
		height = 200 + 34*units
	}
	src := c.Scheme() + "://" + c.Request().Host + fmt.Sprintf("/embed/periods/%d?", period.Year) + opt.query(t.Code, 0)
	title := period.Title + " — " + t.Name
	iframe := fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="%d" style="border:0;max-width:100%%" loading="lazy"></iframe>`,
		htmlAttr(src), htmlAttr(title), height)
	return c.JSON(http.StatusOK, map[string]any{"year": period.Year, "tier": t.Code, "url": src, "height": height,
		"html": iframe, "published": published})
}

func htmlAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func bomParam(c echo.Context) (bool, error) {
	v := c.QueryParam("bom")
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, invalid("error.api.bool", "bom", v)
	}
	return b, nil
}

func (s *Server) publicResultsCSV(c echo.Context) error {
	p, version, err := s.publishedParam(c)
	if err != nil {
		return err
	}
	t, err := publishedTier(c, p)
	if err != nil {
		return err
	}
	tier := t.Tier
	bom, err := bomParam(c)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="parindex-%d-%s-v%d.csv"`, p.Doc.Year, t.Tier, p.Pub.Version))
	return s.serveSnapshotRep(c, p, version, fmt.Sprintf("results.csv/%s/%v", tier, bom), "text/csv; charset=utf-8", func() ([]byte, error) {
		return csvBytes(bom, func(w io.Writer) error { return results.WriteResultsCSV(w, t) })
	})
}

func (s *Server) publicSummaryCSV(c echo.Context) error {
	p, version, err := s.publishedParam(c)
	if err != nil {
		return err
	}
	bom, err := bomParam(c)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="parindex-%d-summary-v%d.csv"`, p.Doc.Year, p.Pub.Version))
	return s.serveSnapshotRep(c, p, version, fmt.Sprintf("summary.csv/%v", bom), "text/csv; charset=utf-8", func() ([]byte, error) {
		return csvBytes(bom, func(w io.Writer) error { return results.WriteSummaryCSV(w, p.Doc) })
	})
}

// publicUnit is a unit across the published years: made from the latest
// snapshot of each year, kept in the read path's Front as briefly as a
// year's version list.
func (s *Server) publicUnit(c echo.Context) error {
	ctx := c.Request().Context()
	code := c.Param("code")
	periods, err := s.store.PublishedPeriods(ctx)
	if err != nil {
		return err
	}
	var snaps []results.Release
	for _, pp := range periods {
		p, err := s.publishedAt(ctx, pp.Year, 0)
		if err != nil {
			return err
		}
		snaps = append(snaps, results.Release{Doc: p.Doc, Pub: p.Pub})
	}
	prof, ok := results.ProfileOf(code, snaps)
	if !ok {
		return score.E(score.ENOTFOUND, "error.api.published_unit", code)
	}
	body, err := jsonBytes(prof, pretty(c))
	if err != nil {
		return err
	}
	return s.serveBody(c, cacheLatest, echo.MIMEApplicationJSON, body)
}
