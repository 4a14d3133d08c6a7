package portal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"

	"github.com/parindex/parindex/internal/results"
)

// The charts, one place for every page that draws one (the widget, the
// news pages, the public site): inline SVG made on the server, with a
// title and a description as its text alternative. Text keeps its size
// at any width: only horizontal positions are percentages of the width.

// TierChart is the bar chart of a published tier's indices (the widget's),
// with the tier's average marked; "" when no unit is ranked.
func TierChart(t results.Tier, lang string) template.HTML {
	c := chartOf(t, langOf(lang))
	if c == nil {
		return ""
	}
	return render("chart", c)
}

// Bar is one bar of a chart of counts or shares: its name, its share of
// the longest possible bar in hundredths of a percent (0..10000), and the
// value printed beside it.
type Bar struct {
	Name  string
	Share int
	Label string
}

// BarChart draws bars of shares (e.g. the units per band); id names its
// title and description.
func BarChart(id, title, desc string, bars []Bar) template.HTML {
	c := &chart{ID: id, Title: title, Desc: desc}
	for _, b := range bars {
		y := chartTop + len(c.Bars)*rowStep
		share := min(max(b.Share, 0), 10000)
		x := bar{Name: b.Name, Width: pctString(share), Label: b.Label, NameY: y + 12, BarY: y + 16, LabelY: y + 27, Out: share < 2000}
		x.LabelX = x.Width
		c.Bars = append(c.Bars, x)
	}
	if len(c.Bars) == 0 {
		return ""
	}
	c.Height = chartTop + len(c.Bars)*rowStep
	return render("chart", c)
}

// Series is one line of a line chart: a value (a shown index, 0..100) per
// x position; nil where there is none. Class styles it ("a", "b", "avg").
type Series struct {
	Name   string
	Class  string
	Values []*json.Number
	Labels bool // print each value beside its point
}

type lineChart struct {
	ID, Title, Desc string
	Height, AxisY   int
	Grid            []gridLine
	Series          []lineSeries
	XLabels         []xLabel
}

type gridLine struct {
	Y     int
	Label string
}

type lineSeries struct {
	Class    string
	DY       int
	Segments []segment
	Points   []point
}

type segment struct {
	X1, X2 string
	Y1, Y2 int
}

type point struct {
	X     string
	Y     int
	Label string
}

type xLabel struct{ X, Label string }

// Line chart geometry: the plot is lineTop..lineTop+linePlot pixels high
// for 0..100%, and the x positions are spread between 8% and 92%.
const (
	lineTop  = 16
	linePlot = 180
)

// LineChart draws series of indices over x labels (years, oldest first).
func LineChart(id, title, desc string, xs []string, series []Series, lang string) template.HTML {
	lang = langOf(lang)
	c := &lineChart{ID: id, Title: title, Desc: desc, Height: lineTop + linePlot + 30, AxisY: lineTop + linePlot + 22}
	for _, v := range []int{0, 25, 50, 75, 100} {
		c.Grid = append(c.Grid, gridLine{Y: yOf(v * 100), Label: Percent(strconv.Itoa(v), lang)})
	}
	xOf := func(i int) string {
		if len(xs) == 1 {
			return "50%"
		}
		return pctString(800 + i*8400/(len(xs)-1))
	}
	for i, x := range xs {
		c.XLabels = append(c.XLabels, xLabel{X: xOf(i), Label: x})
	}
	for k, s := range series {
		ls := lineSeries{Class: s.Class, DY: -9}
		if k%2 == 1 {
			ls.DY = 18
		}
		var prev *point
		for i, v := range s.Values {
			if v == nil || i >= len(xs) {
				prev = nil
				continue
			}
			p := point{X: xOf(i), Y: yOf(pctOf(*v))}
			if s.Labels {
				p.Label = Percent(string(*v), lang)
			}
			if prev != nil {
				ls.Segments = append(ls.Segments, segment{X1: prev.X, X2: p.X, Y1: prev.Y, Y2: p.Y})
			}
			ls.Points = append(ls.Points, p)
			prev = &ls.Points[len(ls.Points)-1]
		}
		c.Series = append(c.Series, ls)
	}
	return render("linechart", c)
}

// yOf is the height of an index in hundredths of a percent.
func yOf(h int) int { return lineTop + linePlot - h*linePlot/10000 }

func render(name string, data any) template.HTML {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		// The templates are parsed at start and the data are built here:
		// a failure is a bug, not an input.
		panic(fmt.Sprintf("portal: chart %s: %v", name, err))
	}
	return template.HTML(b.String())
}
