package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/published"
)

// homeView is / : the latest published year in full, the earlier ones
// below, and the news.
type homeView struct {
	Latest  *homeYear
	Earlier []homeYear
	News    []newsLink
}

type homeYear struct {
	Year             int
	Title, Published string
	Note             string
	Tiers            []homeTier
	News             []newsLink
}

type homeTier struct {
	Code, Name, URL, Average string
	Units, Ranked            int
	Bands                    []bandCount
	Leading, Trailing        []unitLink
	Chart                    template.HTML
}

type bandCount struct {
	Label, Min string
	Units      int
}

// Home is the public home page.
func (h *Handler) Home(c echo.Context) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	rs, err := h.releases(ctx)
	if err != nil {
		return h.siteFailed(c, err)
	}
	news, err := h.publishedNews(ctx, 0, 200)
	if err != nil {
		return h.siteFailed(c, err)
	}
	news = datedNews(news, lang)
	var v homeView
	var desc []string
	for i, r := range rs {
		y := homeYearOf(r, lang, i == 0)
		for _, n := range news {
			if n.Period != nil && *n.Period == y.Year {
				y.News = append(y.News, n)
			}
		}
		if i == 0 {
			v.Latest = &y
			for _, t := range y.Tiers {
				desc = append(desc, msg.T(lang, "pub.home.desc.tier", t.Name, t.Average))
			}
			continue
		}
		v.Earlier = append(v.Earlier, y)
	}
	// The other news (the latest year's is with it), the latest five.
	for _, n := range news {
		if len(v.News) < 5 && (v.Latest == nil || n.Period == nil || *n.Period != v.Latest.Year) {
			v.News = append(v.News, n)
		}
	}
	description := msg.T(lang, "pub.home.desc.none")
	if v.Latest != nil {
		description = msg.T(lang, "pub.home.desc", v.Latest.Year, strings.Join(desc, "; "))
	}
	return h.renderSite(c, 200, "site_home", "home", msg.T(lang, "pub.home.title"), description, v)
}

func homeYearOf(r *published.Snapshot, lang string, full bool) homeYear {
	y := homeYear{Year: r.Doc.Year, Title: r.Doc.Title, Published: publishedLine(r.Pub, lang), Note: r.Note}
	for _, t := range r.Doc.Tiers {
		ht := homeTier{Code: t.Tier, Name: t.TierName, URL: resultsURL(t.Year, t.Tier), Average: pct(t.AverageIndex, lang),
			Units: t.Stats.Units, Ranked: t.Stats.Ranked}
		if full {
			for _, b := range t.Stats.Bands {
				ht.Bands = append(ht.Bands, bandCount{Label: b.Label, Min: portal.Percent(string(b.MinIndex), lang), Units: b.Units})
			}
			rk := ranked(t)
			for _, u := range rk[:min(3, len(rk))] {
				ht.Leading = append(ht.Leading, unitLinkOf(u, lang))
			}
			if len(rk) > 3 {
				for _, u := range rk[max(3, len(rk)-3):] {
					ht.Trailing = append(ht.Trailing, unitLinkOf(u, lang))
				}
			}
			bars, _ := bandBars("b-"+strconv.Itoa(t.Year)+"-"+t.Tier, t, lang)
			ht.Chart = portal.BarChart("b-"+t.Tier, msg.T(lang, "pub.chart.bands", t.TierName, t.Year),
				bandDesc(ht, t.Stats.NoBand, lang), bars)
		}
		y.Tiers = append(y.Tiers, ht)
	}
	return y
}

// bandDesc is the band chart's text: the count of each band.
func bandDesc(t homeTier, noBand int, lang string) string {
	var parts []string
	for _, b := range t.Bands {
		parts = append(parts, msg.T(lang, "pub.band.count", b.Label, b.Units))
	}
	if noBand > 0 {
		parts = append(parts, msg.T(lang, "pub.band.count", msg.T(lang, "pub.noband"), noBand))
	}
	return msg.T(lang, "pub.chart.bands.desc", t.Units, strings.Join(parts, "; "))
}
