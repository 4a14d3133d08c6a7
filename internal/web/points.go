package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// Where the points went: a unit's own index, its fields against the
// tier's published average, the criteria where it lost the most, and the
// points it needs for the next band. Before publication it shows only the
// unit's own live result; the tier's average and the rank come from the
// published snapshot alone, so no other unit's unpublished figures show.

// maxLosses is how many criteria the losses table lists.
const maxLosses = 10

type pointsData struct {
	Year        int
	Title       string
	Stage       string
	Code, Name  string
	Tier        string
	Index       string // shown, "—" when undefined
	Points, Max string
	Band        string
	Provisional bool
	Incomplete  bool
	Locked      bool
	Fields      []pointsField
	HasAverage  bool
	Chart       *fieldChart
	Losses      []pointsLoss
	MoreLosses  int
	Reach       string // the sentence about the next band
	ReachClass  string
	Published   *pointsPublished
}

type pointsField struct {
	Code, Name, Points, Max, Index, Average string
}

type pointsLoss struct {
	Code, Name, Max, Points, Lost, Status string
}

type pointsPublished struct {
	Version      int
	Date         string
	Rank, Ranked int
	Ranked0      bool // the unit had no rank (undefined index)
	Index, Band  string
	Average      string
}

// Points is GET /app/periods/:year/units/:code/points, for the unit's own
// user, the council and staff (workflow.MayReadUnit).
func (h *Handler) Points(c echo.Context) error {
	s := c.Get(sessionKey).(store.Session)
	lang := h.lang(c)
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	code := c.Param("code")
	if err := workflow.MayReadUnit(s.User.Actor(), code); err != nil {
		return h.pageRefusal(c, err)
	}
	ctx := c.Request().Context()
	sc, err := h.cfg.Store.ScoredUnits(ctx, year, []string{code})
	if err != nil {
		return h.pageRefusal(c, err)
	}
	if len(sc.Tiers) == 0 {
		return h.message(c, http.StatusNotFound, "notfound.title", "points.notinperiod", code, year)
	}
	t := sc.Tiers[0]
	f, u := t.Framework, t.Units[0]
	r := f.Evaluate(u)
	d := pointsData{Year: year, Title: sc.Period.Title, Stage: msg.Stage(lang, sc.Period.Stage), Code: u.Code, Name: u.Name,
		Tier: t.Tier.Name, Index: indexText(r.Index()), Band: f.BandFor(r.Index()), Provisional: r.Provisional,
		Incomplete: !r.Complete, Locked: sc.Period.Locked()}
	d.Points, d.Max = vnfmt.Points(r.Total.Points), vnfmt.Points(r.Total.Max)

	pub, tier, err := h.publishedTier(c, year, t.Tier.Code)
	if err != nil {
		return err
	}
	avg := map[string]*string{}
	if tier != nil {
		for _, fa := range tier.Stats.Fields {
			if fa.AverageIndex != nil {
				a := string(*fa.AverageIndex)
				avg[fa.Code] = &a
			}
		}
		for _, pu := range tier.Units {
			if pu.UnitCode != code {
				continue
			}
			p := &pointsPublished{Version: pub.Version, Ranked: tier.Stats.Ranked, Index: publishedIndex(pu.Index), Band: textOf(pu.Band), Average: publishedIndex(tier.AverageIndex)}
			if at, err := time.Parse(time.RFC3339, pub.PublishedAt); err == nil {
				p.Date = vnfmt.Date(at)
			}
			if pu.Rank != nil {
				p.Rank = *pu.Rank
			} else {
				p.Ranked0 = true
			}
			d.Published = p
		}
	}
	d.Fields, d.Chart, d.HasAverage = pointsFields(lang, f, r, avg)
	losses := f.Losses(u)
	if len(losses) > maxLosses {
		d.MoreLosses = len(losses) - maxLosses
		losses = losses[:maxLosses]
	}
	var maxes, points, lost []score.Milli
	for _, l := range losses {
		maxes, points, lost = append(maxes, l.Max), append(points, l.Points), append(lost, l.Lost)
	}
	maxCol, pointsCol, lostCol := column(maxes), column(points), column(lost)
	for _, l := range losses {
		n := f.Nodes[l.Node]
		status := "points.status.appraised"
		switch {
		case !l.Scored:
			status = "points.status.none"
		case !l.Appraised:
			status = "points.status.self"
		}
		d.Losses = append(d.Losses, pointsLoss{Code: n.Code, Name: n.Name, Max: maxCol.text(l.Max), Points: pointsCol.text(l.Points), Lost: lostCol.text(l.Lost),
			Status: msg.T(lang, status)})
	}
	d.Reach, d.ReachClass = reachText(lang, f, u, d.Locked)
	return h.render(c, http.StatusOK, "points", "points.title", d)
}

// reachText says what the unit needs for the next band.
func reachText(lang string, f *score.Framework, u score.UnitScores, locked bool) (string, string) {
	rc, ok := f.NextBand(u)
	switch {
	case !ok && len(f.Bands) == 0:
		return msg.T(lang, "points.reach.nobands"), ""
	case !ok && !f.Evaluate(u).Index().Defined():
		return msg.T(lang, "points.reach.noindex"), ""
	case !ok:
		return msg.T(lang, "points.reach.top", f.Bands[0].Label), "good"
	}
	needed, target, min := vnfmt.Points(rc.Needed), vnfmt.Index(rc.Target.StringFixed(2)), vnfmt.Number(rc.Band.MinIndex.String())
	switch {
	case locked:
		return msg.T(lang, "points.reach.locked", needed, target, rc.Band.Label, min), ""
	case rc.Reachable:
		return msg.T(lang, "points.reach.yes", needed, target, rc.Band.Label, min, vnfmt.Points(rc.Open)), ""
	}
	return msg.T(lang, "points.reach.no", needed, target, rc.Band.Label, min, vnfmt.Points(rc.Open)), "warn"
}

// publishedTier is the latest published version of the year's tier, nil
// when the year has none (or no cache is configured).
func (h *Handler) publishedTier(c echo.Context, year int, tier string) (*results.Published, *results.Tier, error) {
	if h.cfg.Published == nil {
		return nil, nil, nil
	}
	snap, err := h.cfg.Published.At(c.Request().Context(), year, 0)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	t, ok := snap.Tier(tier)
	if !ok {
		return nil, nil, nil
	}
	return snap.Pub, &t, nil
}

// pointsFields are a unit's fields with the tier's published averages
// (avg by field code), and the chart of them.
func pointsFields(lang string, f *score.Framework, r score.UnitResult, avg map[string]*string) ([]pointsField, *fieldChart, bool) {
	var points, maxes []score.Milli
	for _, fi := range f.Fields {
		points, maxes = append(points, r.Nodes[fi].Points), append(maxes, r.Nodes[fi].Max)
	}
	pointsCol, maxCol := column(points), column(maxes)
	out := make([]pointsField, len(f.Fields))
	ch := &fieldChart{ID: "fields-chart", Title: msg.T(lang, "points.chart.title")}
	var desc []string
	has := false
	for i, fi := range f.Fields {
		n, sum := f.Nodes[fi], r.Nodes[fi]
		x := sum.Index()
		pf := pointsField{Code: n.Code, Name: n.Name, Points: pointsCol.text(sum.Points), Max: maxCol.text(sum.Max), Index: indexText(x), Average: "—"}
		a := avg[n.Code]
		if a != nil {
			pf.Average, has = vnfmt.Index(*a), true
		}
		out[i] = pf
		ch.add(n.Code+". "+n.Name, x, a)
		if a != nil {
			desc = append(desc, msg.T(lang, "points.chart.row.avg", n.Code, pf.Index, pf.Average))
		} else {
			desc = append(desc, msg.T(lang, "points.chart.row", n.Code, pf.Index))
		}
	}
	ch.Desc = strings.Join(desc, "; ") + "."
	return out, ch, has
}

// fieldChart is a horizontal bar per field (its sub-index) with a mark at
// the tier's average, drawn on the server as inline SVG (as internal/portal
// draws the widget's): text keeps its size, bars are percentages of the
// width.
type fieldChart struct {
	ID, Title, Desc string
	Height          int
	Bars            []fieldBar
}

type fieldBar struct {
	Name, Width, Label, AvgX string
	NameY, BarY, LabelY      int
	AvgY1, AvgY2             int
	Out                      bool
}

const (
	fieldChartRow  = 36
	fieldChartName = 44 // longer names are cut with "…" (the table has them whole)
)

func (c *fieldChart) add(name string, x score.Index, avg *string) {
	y := len(c.Bars) * fieldChartRow
	if utf8.RuneCountInString(name) > fieldChartName {
		name = string([]rune(name)[:fieldChartName-1]) + "…"
	}
	h := int(x.Hundredths())
	b := fieldBar{Name: name, Width: pctWidth(h), Label: indexText(x), NameY: y + 12, BarY: y + 16, LabelY: y + 27, Out: h < 2500,
		AvgY1: y + 14, AvgY2: y + 32}
	if avg != nil {
		b.AvgX = pctWidth(shownHundredths(*avg))
	}
	c.Bars = append(c.Bars, b)
	c.Height = len(c.Bars) * fieldChartRow
}

// shownHundredths reads a shown index ("74.86") as hundredths, clamped to 0..100%.
func shownHundredths(s string) int {
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "00")[:2])
	return min(max(w*100+f, 0), 10000)
}

func pctWidth(h int) string { return fmt.Sprintf("%d.%02d%%", h/100, h%100) }

// indexText writes an index as shown (74,86%), "—" when undefined.
func indexText(x score.Index) string {
	if !x.Defined() {
		return "—"
	}
	return vnfmt.Index(x.Shown().StringFixed(2))
}

// publishedIndex writes a published index (74,86%), "—" when there is none.
func publishedIndex(n *json.Number) string {
	if n == nil {
		return "—"
	}
	return vnfmt.Index(n.String())
}

func textOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
