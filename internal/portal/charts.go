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
// news pages, the public site, and the console's dashboard in
// dashboard_charts.go): inline SVG made on the server, with a title and a
// description as its text alternative. One way to draw them: a function
// here computes a chart's geometry into a struct (numbers, labels, and a
// path's data as a string), and a template writes every element of it
// (templates/chart.tmpl, templates/dashboard.tmpl), opening with the
// svg-open partial of svgHead; html/template escapes every text. The
// widget's text keeps its size at any width: only horizontal positions are
// percentages of the width. The dashboard's charts draw in their own
// coordinates (a viewBox).

// svgHead is a chart's svg element and its text alternative: the title
// and description that aria-labelledby names (ID-t, ID-d). A chart with a
// ViewBox draws in its own coordinates, stretched to the box CSS gives it
// (Stretch) or at Width × Height; one without is laid out in the page's
// pixels, Height high.
type svgHead struct {
	ID, Title, Desc string
	Class, ViewBox  string
	Stretch         bool
	Width, Height   int // 0: not set
}

// Head is the widget chart's svg element.
func (c *chart) Head() svgHead {
	return svgHead{ID: c.ID, Title: c.Title, Desc: c.Desc, Class: "chart", Height: c.Height}
}

// Head is the line chart's svg element.
func (c *lineChart) Head() svgHead {
	return svgHead{ID: c.ID, Title: c.Title, Desc: c.Desc, Class: "chart line", Height: c.Height}
}

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
	Segments []segment
	Points   []point
}

type segment struct {
	X1, X2 string
	Y1, Y2 int
}

type point struct {
	X     string
	Y, DY int
	Label string
}

type xLabel struct{ X, Label string }

// Line chart geometry: the plot is lineTop..lineTop+linePlot pixels high,
// and the x positions are spread between 8% and 92%.
const (
	lineTop  = 16
	linePlot = 180
)

// LineChart draws series of indices over x labels (years, oldest first).
// The scale runs from a tens below the lowest value to 100%, so that a
// few points apart show apart; a labelled value sits above its point when
// it is the highest labelled one there, else below.
func LineChart(id, title, desc string, xs []string, series []Series, lang string) template.HTML {
	lang = langOf(lang)
	lo := 100
	for _, s := range series {
		for _, v := range s.Values {
			if v != nil {
				lo = min(lo, pctOf(*v)/100)
			}
		}
	}
	lo = min(max(0, lo/10*10-10), 80) // at least 20 points of range
	y := func(h int) int { return lineTop + linePlot - (h-lo*100)*linePlot/((100-lo)*100) }
	c := &lineChart{ID: id, Title: title, Desc: desc, Height: lineTop + linePlot + 30, AxisY: lineTop + linePlot + 22}
	step := 10
	if 100-lo > 50 {
		step = 25
	}
	for v := 100; v >= lo; v -= step {
		c.Grid = append(c.Grid, gridLine{Y: y(v * 100), Label: Percent(strconv.Itoa(v), lang)})
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
	// highest[i] is the largest labelled value at x i.
	highest := make([]int, len(xs))
	for i := range highest {
		highest[i] = -1
		for _, s := range series {
			if s.Labels && i < len(s.Values) && s.Values[i] != nil {
				highest[i] = max(highest[i], pctOf(*s.Values[i]))
			}
		}
	}
	for _, s := range series {
		ls := lineSeries{Class: s.Class}
		var prev *point
		for i, v := range s.Values {
			if v == nil || i >= len(xs) {
				prev = nil
				continue
			}
			h := pctOf(*v)
			p := point{X: xOf(i), Y: y(h), DY: -9}
			if s.Labels {
				p.Label = Percent(string(*v), lang)
				if h < highest[i] {
					p.DY = 18
				}
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

func render(name string, data any) template.HTML {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		// The templates are parsed at start and the data are built here:
		// a failure is a bug, not an input.
		panic(fmt.Sprintf("portal: chart %s: %v", name, err))
	}
	return template.HTML(b.String())
}
