package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// The live results dashboard of a tier: its figures, the charts of
// internal/portal (inline SVG with a text alternative) and the ranking.

type dashChart struct {
	ID, Caption string
	SVG         template.HTML
	Wide        bool // a chart on the page's whole width
	Scroll      bool // drawn at its own size, scrolled sideways where it is wider than the page
}

type dashRow struct {
	Rank, Name, Self, Points, Index, Band, Change, ChangeText, ChangeClass string
}

type dashData struct {
	Console
	Head     yearHead
	Tiers    []stageOption // the tier picker
	TierName string
	Stats    [][2]string // label, value
	Charts   []dashChart
	Rows     []dashRow
	Previous string // the compared year, "" for none
	NoTier   bool
}

// Dashboard shows a tier's live results.
func (h *Handler) Dashboard(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	ctx := c.Request().Context()
	tiers, err := h.cfg.Store.PeriodTiers(ctx, p.Year)
	if err != nil {
		return err
	}
	d := dashData{Head: h.yearHead(c, p, "dashboard")}
	code := c.QueryParam("tier")
	var tier *workflow.Tier
	for i, t := range tiers {
		if code == t.Code || (code == "" && i == 0) {
			tier = &tiers[i]
		}
		d.Tiers = append(d.Tiers, stageOption{Value: t.Code, Label: t.Name, Selected: code == t.Code || (code == "" && i == 0)})
	}
	if tier == nil {
		if code != "" {
			return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
		}
		d.NoTier = true
		return h.renderConsole(c, http.StatusOK, "dashboard", "dashboard.title", p.Year, &d)
	}
	res, err := h.cfg.Live.TierResults(ctx, p, *tier)
	if err != nil {
		return h.fail(c, err)
	}
	dashboardOf(&d, res.Results, h.lang(c))
	return h.renderConsole(c, http.StatusOK, "dashboard", "dashboard.title", p.Year, &d)
}

// dashboardOf fills the dashboard of a tier's results (no database: the
// benchmark measures it on a province's 2,000 units).
func dashboardOf(d *dashData, t results.Tier, lang string) {
	T := func(k string, args ...any) string { return msg.T(lang, k, args...) }
	d.TierName = t.TierName
	st := t.Stats
	d.Stats = [][2]string{
		{T("dashboard.units"), vnfmt.Number(fmt.Sprint(st.Units))},
		{T("dashboard.average"), publishedIndex(st.AverageIndex)},
		{T("dashboard.median"), publishedIndex(st.MedianIndex)},
		{T("dashboard.range"), publishedIndex(st.MinIndex) + " – " + publishedIndex(st.MaxIndex)},
		{T("dashboard.above"), vnfmt.Number(fmt.Sprint(st.AboveAverage))},
		{T("dashboard.complete"), T("app.progress", vnfmt.Number(fmt.Sprint(st.Complete)), vnfmt.Number(fmt.Sprint(st.Units)))},
	}
	if t.PreviousYear != nil {
		d.Previous = fmt.Sprint(*t.PreviousYear)
	}
	points := make([]string, 0, 2*len(t.Units))
	for _, u := range t.Units {
		points = append(points, string(u.SelfPoints), string(u.Points))
	}
	points = vnfmt.Column(points) // one column's places for both
	below := 0
	var up, down, same int
	var top, bottom string
	for i, u := range t.Units {
		r := dashRow{Rank: rankText(u.Rank), Name: u.UnitName, Self: points[2*i], Points: points[2*i+1], Index: publishedIndex(u.Index), Band: strText(u.Band), Change: "—"}
		if u.Rank != nil {
			if top == "" {
				top = u.UnitName
			}
			bottom = u.UnitName
		}
		if lessThan(u.Points, u.SelfPoints) {
			below++
		}
		if d.Previous != "" {
			switch c := u.RankChange; {
			case c == nil:
				r.ChangeText = T("dashboard.new")
			case *c > 0:
				r.Change, r.ChangeText, r.ChangeClass = fmt.Sprintf("▲ %d", *c), T("dashboard.up", *c), "up"
				up++
			case *c < 0:
				r.Change, r.ChangeText, r.ChangeClass = fmt.Sprintf("▼ %d", -*c), T("dashboard.down", -*c), "down"
				down++
			default:
				r.Change, r.ChangeText = "=", T("dashboard.same")
				same++
			}
		}
		d.Rows = append(d.Rows, r)
	}
	id := "c-" + t.Tier
	text := func(suffix, title, desc string) portal.ChartText {
		return portal.ChartText{ID: id + "-" + suffix, Title: title, Desc: desc, Lang: lang, Group: T("dashboard.group"),
			XAxis: T("dashboard.self.x"), YAxis: T("dashboard.self.y"), NoBand: T("dashboard.noband")}
	}
	// The column charts stretch to the page's width; the others keep
	// their size (their text stays readable) and scroll on a narrow page,
	// the heat map on a line of its own, being wider than half a page.
	add := func(suffix, caption string, svg template.HTML, wide, scroll bool) {
		if svg != "" {
			d.Charts = append(d.Charts, dashChart{ID: id + "-" + suffix, Caption: caption, SVG: svg, Wide: wide, Scroll: scroll})
		}
	}
	bars := T("dashboard.bars.desc", vnfmt.Number(fmt.Sprint(st.Ranked)), top, bottom, publishedIndex(t.AverageIndex))
	add("bars", T("dashboard.bars"), portal.IndexBars(t, text("bars", T("dashboard.bars"), bars)), true, false)
	var bands []string
	for _, b := range st.Bands {
		bands = append(bands, fmt.Sprintf("%s: %s", b.Label, vnfmt.Number(fmt.Sprint(b.Units))))
	}
	bands = append(bands, fmt.Sprintf("%s: %s", T("dashboard.noband"), vnfmt.Number(fmt.Sprint(st.NoBand))))
	add("bands", T("dashboard.bands"), portal.BandBars(t, text("bands", T("dashboard.bands"), strings.Join(bands, "; "))), false, true)
	add("self", T("dashboard.self"), portal.SelfAgainstAppraised(t, text("self", T("dashboard.self"), T("dashboard.self.desc", vnfmt.Number(fmt.Sprint(below))))), false, true)
	var fields []string
	for _, f := range st.Fields {
		fields = append(fields, fmt.Sprintf("%s %s: %s", f.Code, f.Name, publishedIndex(f.AverageIndex)))
	}
	add("heat", T("dashboard.heat"), portal.HeatMap(t, text("heat", T("dashboard.heat"), T("dashboard.heat.desc", strings.Join(fields, "; ")))), true, true)
	if d.Previous != "" {
		add("change", T("dashboard.change", d.Previous), portal.IndexChanges(t, text("change", T("dashboard.change", d.Previous),
			T("dashboard.change.desc", d.Previous, up, down, same))), true, false)
	}
}

// lessThan compares two printed decimals; false when either does not parse.
func lessThan(a, b interface{ String() string }) bool {
	x, err1 := decimal.NewFromString(a.String())
	y, err2 := decimal.NewFromString(b.String())
	return err1 == nil && err2 == nil && x.LessThan(y)
}
