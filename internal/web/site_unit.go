package web

import (
	"encoding/json"
	"html/template"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
)

// unitView is /units/:code: the unit across every published year (from
// results.ProfileOf, the API's public profile), its fields against the
// tier's average, and a comparison with another unit (?with=).
type unitView struct {
	Code, Name, TierName string
	Year                 int
	History              []historyRow
	Chart                template.HTML
	Fields               []fieldRow
	Strongest, Weakest   *fieldRow
	Options              []option
	With                 string
	WithMissing          bool
	Compare              *compareView
}

type historyRow struct {
	Year                          int
	URL, TierName, Rank, Index    string
	Band, Average, Change, Points string
	ChangeText                    string
}

type fieldRow struct {
	Code, Name, Index, Average, Diff string
	Class, AboveText                 string // up/down and its words, when both indices are there
}

type compareView struct {
	Name, URL string
	Years     []compareYear
	Fields    []compareField
	Chart     template.HTML
}

type compareYear struct {
	Year   int
	A, B   string
	RA, RB string
}

type compareField struct {
	Name, A, B string
}

// PublicUnit is a unit's public page.
func (h *Handler) PublicUnit(c echo.Context) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	rs, err := h.releases(ctx)
	if err != nil {
		return h.siteFailed(c, err)
	}
	rel := make([]results.Release, len(rs))
	for i, r := range rs {
		rel[i] = r.Release()
	}
	code := c.Param("code")
	prof, ok := results.ProfileOf(code, rel)
	if !ok {
		return h.siteNotFound(c)
	}
	v := unitView{Code: prof.UnitCode, Name: prof.UnitName, TierName: prof.TierName, Year: prof.Year}
	for _, y := range prof.History {
		row := historyRow{Year: y.Year, URL: resultsURL(y.Year, y.Tier), TierName: y.TierName, Rank: "—", Index: pct(y.Index, lang),
			Band: str(y.Band), Average: pct(y.AverageIndex, lang), Points: portal.Number(string(y.Points), lang)}
		if y.Rank != nil {
			row.Rank = msg.T(lang, "pub.unit.rankof", *y.Rank, y.Ranked)
		}
		if y.RankChange != nil {
			row.Change, row.ChangeText, _ = rankChange(results.Unit{RankChange: y.RankChange}, lang)
		}
		v.History = append(v.History, row)
	}
	for _, f := range prof.Fields {
		v.Fields = append(v.Fields, fieldRowOf(f, lang))
	}
	if prof.Strongest != nil {
		s, w := fieldRowOf(*prof.Strongest, lang), fieldRowOf(*prof.Weakest, lang)
		v.Strongest, v.Weakest = &s, &w
	}

	// The units to compare with: the others of the tier in the unit's
	// latest published year.
	var tier results.Tier
	for _, r := range rs {
		if r.Doc.Year == prof.Year {
			tier, _ = r.Tier(prof.Tier)
		}
	}
	others := make([]results.Unit, 0, len(tier.Units))
	for _, u := range tier.Units {
		if u.UnitCode != prof.UnitCode {
			others = append(others, u)
		}
	}
	score.SortByName(others, func(u results.Unit) string { return u.UnitName })
	v.With = c.QueryParam("with")
	v.Options = append(v.Options, option{Value: "", Label: msg.T(lang, "pub.unit.choose"), Selected: v.With == ""})
	for _, u := range others {
		v.Options = append(v.Options, option{Value: u.UnitCode, Label: u.UnitName, Selected: u.UnitCode == v.With})
	}

	// Years oldest first for the chart.
	years := make([]string, len(prof.History))
	mine := make([]*json.Number, len(prof.History))
	avg := make([]*json.Number, len(prof.History))
	for i, y := range prof.History {
		j := len(prof.History) - 1 - i
		years[j], mine[j], avg[j] = strconv.Itoa(y.Year), y.Index, y.AverageIndex
	}
	series := []portal.Series{{Name: prof.UnitName, Class: "a", Values: mine, Labels: true}, {Name: msg.T(lang, "pub.col.tieravg"), Class: "avg", Values: avg}}
	desc := historyDesc(prof.UnitName, prof.History, lang)

	if v.With != "" && v.With != prof.UnitCode {
		other, ok := results.ProfileOf(v.With, rel)
		if !ok {
			v.WithMissing = true
		} else {
			cv := &compareView{Name: other.UnitName, URL: unitURL(other.UnitCode)}
			theirs := make([]*json.Number, len(years))
			byYear := map[int]results.ProfileYear{}
			for _, y := range other.History {
				byYear[y.Year] = y
			}
			for i, y := range prof.History {
				o, has := byYear[y.Year]
				cy := compareYear{Year: y.Year, A: pct(y.Index, lang), B: "—", RA: rankText(y.Rank), RB: "—"}
				if has {
					cy.B, cy.RB = pct(o.Index, lang), rankText(o.Rank)
					theirs[len(prof.History)-1-i] = o.Index
				}
				cv.Years = append(cv.Years, cy)
			}
			if other.Year == prof.Year {
				of := map[string]results.ProfileField{}
				for _, f := range other.Fields {
					of[f.Code] = f
				}
				for _, f := range prof.Fields {
					cf := compareField{Name: f.Code + ". " + f.Name, A: pct(f.Index, lang), B: "—"}
					if o, ok := of[f.Code]; ok {
						cf.B = pct(o.Index, lang)
					}
					cv.Fields = append(cv.Fields, cf)
				}
			}
			series = append(series, portal.Series{Name: other.UnitName, Class: "b", Values: theirs, Labels: true})
			desc += " " + historyDesc(other.UnitName, other.History, lang)
			v.Compare = cv
		}
	}
	title := msg.T(lang, "pub.unit.chart", prof.UnitName)
	if v.Compare != nil {
		title = msg.T(lang, "pub.unit.chart.vs", prof.UnitName, v.Compare.Name)
	}
	v.Chart = portal.LineChart("u-"+prof.UnitCode, title, desc, years, series, lang)

	latest := prof.History[0]
	description := msg.T(lang, "pub.unit.desc", prof.UnitName, latest.Year, pct(latest.Index, lang), v.History[0].Rank, prof.TierName)
	return h.renderSite(c, 200, "site_unit", "home", prof.UnitName, description, v)
}

func rankText(r *int) string {
	if r == nil {
		return "—"
	}
	return strconv.Itoa(*r)
}

func fieldRowOf(f results.ProfileField, lang string) fieldRow {
	r := fieldRow{Code: f.Code, Name: f.Name, Index: pct(f.Index, lang), Average: pct(f.TierAverage, lang), Diff: "—"}
	if f.AboveAverage != nil {
		r.Class, r.AboveText = "down", msg.T(lang, "pub.unit.below")
		if *f.AboveAverage {
			r.Class, r.AboveText = "up", msg.T(lang, "pub.unit.above")
		}
	}
	if f.Index != nil && f.TierAverage != nil {
		d := hundredths(string(*f.Index)) - hundredths(string(*f.TierAverage))
		s := strconv.Itoa(d/100) + "." + twoDigits(d%100)
		if d < 0 {
			s = "-" + strconv.Itoa(-d/100) + "." + twoDigits(-d%100)
		}
		r.Diff = portal.Signed(s, lang)
	}
	return r
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// historyDesc is the line chart's text: the index of each year.
func historyDesc(name string, h []results.ProfileYear, lang string) string {
	var s string
	for i := len(h) - 1; i >= 0; i-- {
		if s != "" {
			s += "; "
		}
		s += msg.T(lang, "pub.unit.year.index", h[i].Year, pct(h[i].Index, lang), pct(h[i].AverageIndex, lang))
	}
	if len(h) > 0 {
		s = msg.T(lang, "pub.unit.chart.desc", name, s)
	}
	return s
}
