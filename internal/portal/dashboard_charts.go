package portal

import (
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/results"
)

// The console's dashboard charts, drawn the one way charts.go describes
// (geometry here, SVG in templates/dashboard.tmpl), small enough for a
// tier of 2,000 units: each series is one path, its data computed here,
// not an element per unit. The page's tables carry the figures themselves.

// ChartText is what a chart says, in the page's language.
type ChartText struct {
	ID, Title, Desc string
	Lang            string
	// Group names a heat map row of many units by their ranks, as
	// fmt.Sprintf(Group, from, to).
	Group string
	// XAxis and YAxis name a scatter chart's axes.
	XAxis, YAxis string
	NoBand       string // the row of units below every band
}

// HeatRowsMax is how many rows a heat map draws: a tier of more units is
// drawn in groups of neighbouring ranks, each cell their mean sub-index.
const HeatRowsMax = 50

// head is a dashboard chart's svg element: its own coordinates (viewBox)
// drawn either stretched to the box CSS gives it or at width × height.
func (t ChartText) head(class string, w, h int, stretch bool) svgHead {
	s := svgHead{ID: t.ID, Title: t.Title, Desc: t.Desc, Class: class, ViewBox: fmt.Sprintf("0 0 %d %d", w, h), Stretch: stretch}
	if !stretch {
		s.Width, s.Height = w, h
	}
	return s
}

// A stretchChart is columns drawn to the box's width (IndexBars,
// IndexChanges): horizontal lines across it under and over its paths.
type stretchChart struct {
	Head        svgHead
	Width       int
	Under, Over []hLine
	Paths       []shape
}

type hLine struct {
	Class string
	Y     int
}

// shape is one path: a whole series.
type shape struct{ Class, D string }

// tenths reads a shown number (an index, 2 places) in tenths, rounded.
func tenths(n *json.Number) (int, bool) {
	if n == nil {
		return 0, false
	}
	d, err := decimal.NewFromString(string(*n))
	if err != nil {
		return 0, false
	}
	return int(d.Shift(1).Round(0).IntPart()), true
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// columns is the path of columns 8 wide, 10 apart, of heights hs from
// the baseline y0: up, or down when down.
func columns(x0, y0 int, hs []int, down bool) string {
	step := "v-%dh8v%dh2"
	if down {
		step = "v%dh8v-%dh2"
	}
	b := make([]byte, 0, 16+len(hs)*14)
	b = fmt.Appendf(b, "M%d %d", x0, y0)
	for _, h := range hs {
		b = fmt.Appendf(b, step, h, h)
	}
	return string(append(b, 'z'))
}

// IndexBars is every ranked unit's index as a column, best first, with the
// tier average as a line: one path for all columns.
func IndexBars(tier results.Tier, t ChartText) template.HTML {
	var idx []int
	for _, u := range tier.Units {
		if v, ok := tenths(u.Index); ok && u.Rank != nil {
			idx = append(idx, clamp(v, 0, 1000))
		}
	}
	if len(idx) == 0 {
		return ""
	}
	w := max(len(idx)*10, 120) // a few units are not drawn as walls
	c := stretchChart{Head: t.head("dash-chart stretch", w, 1000, true), Width: w,
		Under: []hLine{{"grid", 500}, {"grid", 800}}, // the 50% and 80% guides
		Paths: []shape{{"bars", columns(0, 1000, idx, false)}}}
	if avg, ok := tenths(tier.AverageIndex); ok {
		c.Over = []hLine{{"avg", 1000 - clamp(avg, 0, 1000)}}
	}
	return render("dash-stretch", c)
}

// IndexChanges is each unit's index change against the last published
// year, largest rise first: rises above the line, falls below. Empty when
// no unit has a change (no published previous year).
func IndexChanges(tier results.Tier, t ChartText) template.HTML {
	var ch []int
	for _, u := range tier.Units {
		if v, ok := tenths(u.IndexChange); ok {
			ch = append(ch, v)
		}
	}
	if len(ch) == 0 {
		return ""
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ch)))
	most := 10
	for _, v := range ch {
		most = max(most, v, -v)
	}
	// ch[:rises] rise by their heights, ch[rises:] fall by theirs.
	hs := make([]int, len(ch))
	rises := 0
	for i, v := range ch {
		if v > 0 {
			hs[i], rises = v*480/most, i+1
		} else {
			hs[i] = -(v * 480 / most)
		}
	}
	w := max(len(ch)*10, 120)
	c := stretchChart{Head: t.head("dash-chart stretch", w, 1000, true), Width: w, Under: []hLine{{"grid", 500}},
		Paths: []shape{{"rise", columns(0, 500, hs[:rises], false)}, {"fall", columns(rises*10, 500, hs[rises:], true)}}}
	return render("dash-stretch", c)
}

type bandChart struct {
	Head svgHead
	Rows []bandRow
}

// bandRow is a band's bar: its top Y, text baseline TextY, length W, and
// its count printed at CountX.
type bandRow struct {
	Label, Count        string
	Y, TextY, W, CountX int
}

// BandBars is how many units each band has, and how many have none; ""
// for a tier without units.
func BandBars(tier results.Tier, t ChartText) template.HTML {
	if len(tier.Units) == 0 {
		return ""
	}
	type row struct {
		label string
		n     int
	}
	var rows []row
	for _, bc := range tier.Stats.Bands {
		rows = append(rows, row{bc.Label, bc.Units})
	}
	if tier.Stats.NoBand > 0 || len(rows) == 0 {
		rows = append(rows, row{t.NoBand, tier.Stats.NoBand})
	}
	most := 1
	for _, r := range rows {
		most = max(most, r.n)
	}
	c := bandChart{Head: t.head("dash-chart", 420, len(rows)*32+8, false)}
	for i, r := range rows {
		y := 8 + i*32
		w := r.n * 200 / most
		c.Rows = append(c.Rows, bandRow{Label: r.label, Count: Number(strconv.Itoa(r.n), t.Lang), Y: y, TextY: y + 15, W: w, CountX: 156 + w})
	}
	return render("dash-bands", c)
}

type heatChart struct {
	Head   svgHead
	Fields []heatText // the columns' heads
	Paths  []shape    // the cells of one colour step each
	Rows   []heatRow
}

// heatRow is a row's name and its cells' values, on the baseline Y.
type heatRow struct {
	Label string
	Y     int
	Cells []heatText
}

// heatText is a text centred at X; Light on the dark colour steps.
type heatText struct {
	X     int
	Text  string
	Light bool
}

// heatClass is a sub-index's colour step (tenths of a percent).
func heatClass(v int) int {
	switch {
	case v >= 900:
		return 4
	case v >= 800:
		return 3
	case v >= 700:
		return 2
	case v >= 500:
		return 1
	}
	return 0
}

// HeatMap is each field's sub-index per unit (rows in rank order, in
// groups of neighbouring ranks for a tier of more than HeatRowsMax units).
func HeatMap(tier results.Tier, t ChartText) template.HTML {
	units := tier.Units
	if len(units) == 0 || len(units[0].Fields) == 0 {
		return ""
	}
	fields := units[0].Fields
	per := (len(units) + HeatRowsMax - 1) / HeatRowsMax
	const label, cw, rh = 260, 64, 22
	nrows := (len(units) + per - 1) / per
	c := heatChart{Head: t.head("dash-chart heat", label+len(fields)*cw, 24+nrows*rh, false)}
	for fi, f := range fields {
		c.Fields = append(c.Fields, heatText{X: label + fi*cw + cw/2, Text: f.Code})
	}
	// The cells of a colour step are one path (5: no value); the values
	// are plain text, dark on the light steps and light on the dark ones.
	var paths [6][]byte
	for from := 0; from < len(units); from += per {
		to := min(from+per, len(units))
		y := 24 + len(c.Rows)*rh
		name := units[from].UnitName
		if per > 1 {
			name = fmt.Sprintf(t.Group, from+1, to)
		}
		if len([]rune(name)) > 34 {
			name = string([]rune(name)[:33]) + "…"
		}
		r := heatRow{Label: name, Y: y + 15}
		for fi := range fields {
			sum, n := decimal.Zero, 0
			for _, u := range units[from:to] {
				if fi < len(u.Fields) && u.Fields[fi].Index != nil {
					if d, err := decimal.NewFromString(string(*u.Fields[fi].Index)); err == nil {
						sum, n = sum.Add(d), n+1
					}
				}
			}
			x, step := label+fi*cw, 5
			if n > 0 {
				v := int(sum.Shift(1).Div(decimal.NewFromInt(int64(n))).Round(0).IntPart())
				step = heatClass(v)
				r.Cells = append(r.Cells, heatText{X: x + cw/2 - 1, Text: Number(strconv.Itoa(v/10), t.Lang), Light: step >= 3})
			}
			paths[step] = fmt.Appendf(paths[step], "M%d %dh%dv%dh-%dz", x, y, cw-2, rh-2, cw-2)
		}
		c.Rows = append(c.Rows, r)
	}
	for step, d := range paths {
		if len(d) > 0 {
			cls := "hn"
			if step < 5 {
				cls = "h" + strconv.Itoa(step)
			}
			c.Paths = append(c.Paths, shape{cls, string(d)})
		}
	}
	return render("dash-heat", c)
}

type scatterChart struct {
	Head         svgHead
	Ticks        []tick
	XAxis, YAxis string
	Dots         string // the path of every dot
}

// tick is an axis value: at X on the horizontal axis, at Y on the vertical.
type tick struct {
	X, Y  int
	Label string
}

// pct is n of max in tenths of a percent.
func pct(n, of json.Number) (int, bool) {
	a, err1 := decimal.NewFromString(string(n))
	m, err2 := decimal.NewFromString(string(of))
	if err1 != nil || err2 != nil || m.Sign() <= 0 {
		return 0, false
	}
	return clamp(int(a.Mul(decimal.NewFromInt(1000)).Div(m).Round(0).IntPart()), 0, 1000), true
}

// SelfAgainstAppraised places each unit by its self-assessed (x) and its
// official points (y), as percentages of its maximum, with the diagonal
// where both agree: below it, the council gave less than the unit claimed.
// "" for a tier without units.
func SelfAgainstAppraised(tier results.Tier, t ChartText) template.HTML {
	if len(tier.Units) == 0 {
		return ""
	}
	c := scatterChart{Head: svgHead{ID: t.ID, Title: t.Title, Desc: t.Desc, Class: "dash-chart square", ViewBox: "-150 -20 1210 1140", Width: 420, Height: 396},
		XAxis: t.XAxis, YAxis: t.YAxis}
	for _, v := range []int{0, 500, 1000} {
		c.Ticks = append(c.Ticks, tick{X: v, Y: 1000 - v + 12, Label: strconv.Itoa(v/10) + "%"})
	}
	var d strings.Builder
	for _, u := range tier.Units {
		x, ok1 := pct(u.SelfPoints, u.MaxPoints)
		y, ok2 := pct(u.Points, u.MaxPoints)
		if ok1 && ok2 {
			fmt.Fprintf(&d, "M%d %dh12v12h-12z", x-6, 1000-y-6)
		}
	}
	c.Dots = d.String()
	return render("dash-scatter", c)
}
