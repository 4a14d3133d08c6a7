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

// The console's dashboard charts: inline SVG made on the server, as the
// widget's, small enough for a tier of 2,000 units (each series is one
// path, not an element per unit). Every chart is an img with its title and
// a description; the page's tables carry the figures themselves.

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

func svgOpen(b *strings.Builder, t ChartText, class, viewBox, extra string) {
	fmt.Fprintf(b, `<svg class="%s" viewBox="%s"%s role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`,
		class, viewBox, extra, t.ID, t.ID)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, t.ID, template.HTMLEscapeString(t.Title), t.ID, template.HTMLEscapeString(t.Desc))
}

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
	var b strings.Builder
	w := max(len(idx)*10, 120) // a few units are not drawn as walls
	svgOpen(&b, t, "dash-chart stretch", fmt.Sprintf("0 0 %d 1000", w), ` preserveAspectRatio="none"`)
	for _, y := range []int{500, 800} { // the 50% and 80% guides
		fmt.Fprintf(&b, `<line class="grid" x1="0" x2="%d" y1="%d" y2="%d" vector-effect="non-scaling-stroke"/>`, w, y, y)
	}
	b.WriteString(`<path class="bars" d="M0 1000`)
	for _, v := range idx {
		fmt.Fprintf(&b, "v-%dh8v%dh2", v, v)
	}
	b.WriteString(`z"/>`)
	if avg, ok := tenths(tier.AverageIndex); ok {
		y := 1000 - clamp(avg, 0, 1000)
		fmt.Fprintf(&b, `<line class="avg" x1="0" x2="%d" y1="%d" y2="%d" vector-effect="non-scaling-stroke"/>`, w, y, y)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// BandBars is how many units each band has, and how many have none.
func BandBars(tier results.Tier, t ChartText) template.HTML {
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
	var b strings.Builder
	h := len(rows)*32 + 8
	svgOpen(&b, t, "dash-chart", fmt.Sprintf("0 0 420 %d", h), fmt.Sprintf(` width="420" height="%d"`, h))
	for i, r := range rows {
		y := 8 + i*32
		w := r.n * 200 / most
		fmt.Fprintf(&b, `<text class="lbl" x="0" y="%d">%s</text><rect class="bar" x="150" y="%d" width="%d" height="20" rx="2"/><text class="lbl" x="%d" y="%d">%s</text>`,
			y+15, template.HTMLEscapeString(r.label), y, w, 156+w, y+15, Number(strconv.Itoa(r.n), t.Lang))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
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
	type row struct {
		label string
		cells []int // tenths; -1 when no unit of the row has it
	}
	var rows []row
	for from := 0; from < len(units); from += per {
		to := min(from+per, len(units))
		r := row{label: units[from].UnitName, cells: make([]int, len(fields))}
		if per > 1 {
			r.label = fmt.Sprintf(t.Group, from+1, to)
		}
		for fi := range fields {
			sum, n := decimal.Zero, 0
			for _, u := range units[from:to] {
				if fi < len(u.Fields) && u.Fields[fi].Index != nil {
					if d, err := decimal.NewFromString(string(*u.Fields[fi].Index)); err == nil {
						sum, n = sum.Add(d), n+1
					}
				}
			}
			r.cells[fi] = -1
			if n > 0 {
				r.cells[fi] = int(sum.Shift(1).Div(decimal.NewFromInt(int64(n))).Round(0).IntPart())
			}
		}
		rows = append(rows, r)
	}
	const label, cw, rh = 260, 64, 22
	w, h := label+len(fields)*cw, 24+len(rows)*rh
	var b strings.Builder
	svgOpen(&b, t, "dash-chart heat", fmt.Sprintf("0 0 %d %d", w, h), fmt.Sprintf(` width="%d" height="%d"`, w, h))
	for fi, f := range fields {
		fmt.Fprintf(&b, `<text class="lbl" x="%d" y="16" text-anchor="middle">%s</text>`, label+fi*cw+cw/2, template.HTMLEscapeString(f.Code))
	}
	// The cells of a colour step are one path; the values are plain text
	// (dark on the light steps, light on the dark ones: class w).
	var paths [6]strings.Builder
	var labels strings.Builder
	for ri, r := range rows {
		y := 24 + ri*rh
		name := r.label
		if len([]rune(name)) > 34 {
			name = string([]rune(name)[:33]) + "…"
		}
		fmt.Fprintf(&labels, `<text class="lbl" x="0" y="%d">%s</text>`, y+15, template.HTMLEscapeString(name))
		for fi, v := range r.cells {
			x := label + fi*cw
			c := 5
			if v >= 0 {
				c = heatClass(v)
				cls := ""
				if c >= 3 {
					cls = ` class="w"`
				}
				fmt.Fprintf(&labels, `<text%s x="%d" y="%d">%s</text>`, cls, x+cw/2-1, y+15, Number(strconv.Itoa(v/10), t.Lang))
			}
			fmt.Fprintf(&paths[c], "M%d %dh%dv%dh-%dz", x, y, cw-2, rh-2, cw-2)
		}
	}
	for c := range paths {
		if paths[c].Len() > 0 {
			cls := "hn"
			if c < 5 {
				cls = "h" + strconv.Itoa(c)
			}
			fmt.Fprintf(&b, `<path class="%s" d="%s"/>`, cls, paths[c].String())
		}
	}
	b.WriteString(`<g class="v">`)
	b.WriteString(labels.String())
	b.WriteString(`</g>`)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
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
func SelfAgainstAppraised(tier results.Tier, t ChartText) template.HTML {
	var b strings.Builder
	svgOpen(&b, t, "dash-chart square", "-150 -20 1210 1140", ` width="420" height="396"`)
	b.WriteString(`<rect class="frame" x="0" y="0" width="1000" height="1000"/><line class="diag" x1="0" y1="1000" x2="1000" y2="0"/>`)
	for _, v := range []int{0, 500, 1000} {
		fmt.Fprintf(&b, `<text class="ax" x="%d" y="1050" text-anchor="middle">%d%%</text><text class="ax" x="-12" y="%d" text-anchor="end">%d%%</text>`, v, v/10, 1000-v+12, v/10)
	}
	fmt.Fprintf(&b, `<text class="ax" x="500" y="1095" text-anchor="middle">%s</text>`, template.HTMLEscapeString(t.XAxis))
	fmt.Fprintf(&b, `<text class="ax" x="20" y="50">%s</text>`, template.HTMLEscapeString(t.YAxis))
	b.WriteString(`<path class="dots" d="`)
	for _, u := range tier.Units {
		x, ok1 := pct(u.SelfPoints, u.MaxPoints)
		y, ok2 := pct(u.Points, u.MaxPoints)
		if ok1 && ok2 {
			fmt.Fprintf(&b, "M%d %dh12v12h-12z", x-6, 1000-y-6)
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String())
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
	scale := func(v int) int { return v * 480 / most }
	var b strings.Builder
	w := max(len(ch)*10, 120)
	svgOpen(&b, t, "dash-chart stretch", fmt.Sprintf("0 0 %d 1000", w), ` preserveAspectRatio="none"`)
	fmt.Fprintf(&b, `<line class="grid" x1="0" x2="%d" y1="500" y2="500" vector-effect="non-scaling-stroke"/>`, w)
	b.WriteString(`<path class="rise" d="M0 500`)
	i := 0
	for ; i < len(ch) && ch[i] > 0; i++ {
		h := scale(ch[i])
		fmt.Fprintf(&b, "v-%dh8v%dh2", h, h)
	}
	b.WriteString(`z"/>`)
	fmt.Fprintf(&b, `<path class="fall" d="M%d 500`, i*10)
	for ; i < len(ch); i++ {
		h := -scale(ch[i])
		fmt.Fprintf(&b, "v%dh8v-%dh2", h, h)
	}
	b.WriteString(`z"/></svg>`)
	return template.HTML(b.String())
}
