package portal

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/results"
)

//go:embed templates
var files embed.FS

var (
	style     = mustRead("templates/style.css")
	templates = template.Must(template.ParseFS(files, "templates/*.tmpl"))
)

// Revision identifies the templates and style: a page's ETag includes it,
// so a new release never serves a cached page made by the old one.
var Revision = func() string {
	h := sha256.New()
	entries, _ := files.ReadDir("templates")
	for _, e := range entries {
		b, _ := files.ReadFile("templates/" + e.Name())
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}()

// StyleHash is the CSP source that allows the pages' one inline style.
var StyleHash = func() string {
	sum := sha256.Sum256([]byte(style))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

func mustRead(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Link is a link a page shows.
type Link struct {
	Label   string
	URL     string
	Current bool
}

// EmbedOptions are the widget's settings beside the results it shows.
type EmbedOptions struct {
	Lang    string // Vietnamese (default) or English
	Compact bool   // the table only: rank, unit, index, band
	Note    string // the publication's note, e.g. that the data are illustrative
	Tiers   []Link // the period's tiers, to switch between; Current marks this one
	Data    []Link // downloads of the same table (CSV, JSON)
}

// Embed writes the ranking widget of one published tier: a self-contained
// HTML page (inline style and SVG, no script, font or image) for an iframe.
func Embed(w io.Writer, t results.Tier, opt EmbedOptions) error {
	lang := langOf(opt.Lang)
	l := labels[lang]
	return templates.ExecuteTemplate(w, "embed.tmpl", struct {
		Lang, Title, Published, Note string
		T                            label
		Style                        template.CSS
		Ranking                      ranking
		Tiers, Data                  []Link
	}{Lang: lang, Title: t.Title, Published: publishedLine(t.Published, lang), Note: opt.Note, T: l,
		Style: template.CSS(style), Ranking: rankingOf(t, lang, opt.Compact), Tiers: opt.Tiers, Data: opt.Data})
}

func langOf(s string) string {
	if s == English {
		return English
	}
	return Vietnamese
}

// label is the fixed text of the pages in one language.
type label struct {
	Rank, Unit, Points, Index, Band, Average, AverageShort, Units, Tiers, Data, Note string
	Chart, Caption, Summary, AboveAverage, Highest, Lowest                           string
	Versus, Up, Down, Same, NewEntry, Published, Version                             string
	NoPrevious                                                                       string
}

var labels = map[string]label{
	Vietnamese: {Rank: "Hạng", Unit: "Đơn vị", Points: "Điểm", Index: "Chỉ số", Band: "Xếp loại", Average: "Giá trị trung bình",
		AverageShort: "Trung bình", Units: "đơn vị", Tiers: "Khối", Data: "Tải dữ liệu", Note: "Ghi chú",
		Chart: "Biểu đồ chỉ số của từng đơn vị, %s", Caption: "Bảng xếp hạng %s — %s",
		Summary: "%d đơn vị; giá trị trung bình %s", AboveAverage: "%d đơn vị trên mức trung bình",
		Highest: "cao nhất %s (%s)", Lowest: "thấp nhất %s (%s)",
		Versus: "So với %d", Up: "tăng %d bậc", Down: "giảm %d bậc", Same: "giữ nguyên hạng", NewEntry: "không có hạng năm %d",
		Published: "Công bố ngày %s, bản công bố số %d", Version: "bản %d",
		NoPrevious: "Chưa có kết quả công bố của năm trước để so sánh thứ hạng và chỉ số."},
	English: {Rank: "Rank", Unit: "Unit", Points: "Points", Index: "Index", Band: "Band", Average: "Average",
		AverageShort: "Average", Units: "units", Tiers: "Tiers", Data: "Download", Note: "Note",
		Chart: "Bar chart of each unit's index, %s", Caption: "Ranking: %s — %s",
		Summary: "%d units; average %s", AboveAverage: "%d units above the average",
		Highest: "highest %s (%s)", Lowest: "lowest %s (%s)",
		Versus: "vs %d", Up: "up %d", Down: "down %d", Same: "unchanged", NewEntry: "not ranked in %d",
		Published: "Published on %s, version %d", Version: "version %d",
		NoPrevious: "No published results of the previous year to compare ranks and indices with."},
}

// ranking is one tier's section: figures, chart and table, all as shown.
type ranking struct {
	ID, Heading, TierName, Average, Summary, Bands, Caption, ChangeHead string
	NoPrevious                                                          string // said instead of the change column
	T                                                                   label
	Compact, HasBand                                                    bool
	Chart                                                               *chart
	Rows                                                                []row
}

type row struct {
	Rank, Name, Points, Index, Band, Change, ChangeText, ChangeClass string
}

type chart struct {
	ID, Title, Desc, AvgX, AvgLabel string
	AvgLeft                         bool
	Height, AvgBottom               int
	Bars                            []bar
}

type bar struct {
	Name, Width, Label, LabelX string
	NameY, BarY, LabelY        int
	Out                        bool
}

// The chart's geometry, in CSS pixels: text keeps its size at any width
// because only the bars' lengths are percentages of the chart's width.
const (
	chartTop = 24
	rowStep  = 34
)

func rankingOf(t results.Tier, lang string, compact bool) ranking {
	l := labels[lang]
	r := ranking{ID: "r-" + t.Tier, Heading: t.TierName, TierName: t.TierName, T: l, Compact: compact,
		Average: orDash(t.AverageIndex, lang, true), Summary: summaryLine(t, lang),
		Caption: fmt.Sprintf(l.Caption, t.Title, t.TierName)}
	var bands []string
	for _, b := range t.Stats.Bands {
		bands = append(bands, fmt.Sprintf("%s %d", b.Label, b.Units))
		r.HasBand = true
	}
	r.Bands = strings.Join(bands, " · ")
	switch {
	case compact:
	case t.PreviousYear != nil:
		r.ChangeHead = fmt.Sprintf(l.Versus, *t.PreviousYear)
	default: // rule 9: only a published previous year is compared with
		r.NoPrevious = l.NoPrevious
	}
	points := make([]string, len(t.Units))
	for i, u := range t.Units {
		points[i] = string(u.Points)
	}
	points = Column(points, lang) // 81,300 beside 82,615
	for i, u := range t.Units {
		x := row{Rank: "—", Name: u.UnitName, Points: points[i], Index: orDash(u.Index, lang, true), Band: deref(u.Band)}
		if u.Rank != nil {
			x.Rank = strconv.Itoa(*u.Rank)
		}
		if r.ChangeHead != "" {
			x.Change, x.ChangeText, x.ChangeClass = change(u, *t.PreviousYear, l)
		}
		r.Rows = append(r.Rows, x)
	}
	if !compact {
		r.Chart = chartOf(t, lang)
	}
	return r
}

func change(u results.Unit, prevYear int, l label) (shown, text, class string) {
	switch c := u.RankChange; {
	case c == nil:
		return "—", fmt.Sprintf(l.NewEntry, prevYear), ""
	case *c > 0:
		return "▲ " + strconv.Itoa(*c), fmt.Sprintf(l.Up, *c), "up"
	case *c < 0:
		return "▼ " + strconv.Itoa(-*c), fmt.Sprintf(l.Down, -*c), "down"
	}
	return "=", l.Same, ""
}

func chartOf(t results.Tier, lang string) *chart {
	l := labels[lang]
	c := &chart{ID: "r-" + t.Tier, Title: fmt.Sprintf(l.Chart, t.TierName), Desc: summaryLine(t, lang)}
	for _, u := range t.Units {
		if u.Index == nil || u.Rank == nil {
			continue
		}
		y := chartTop + len(c.Bars)*rowStep
		pct := pctOf(*u.Index)
		b := bar{Name: strconv.Itoa(*u.Rank) + ". " + u.UnitName, Width: pctString(pct), Label: Percent(string(*u.Index), lang),
			NameY: y + 12, BarY: y + 16, LabelY: y + 27, Out: pct < 2000}
		b.LabelX = b.Width
		c.Bars = append(c.Bars, b)
	}
	if len(c.Bars) == 0 {
		return nil
	}
	c.Height = chartTop + len(c.Bars)*rowStep
	c.AvgBottom = c.Height - 2
	if t.AverageIndex != nil {
		avg := pctOf(*t.AverageIndex)
		c.AvgX, c.AvgLeft = pctString(avg), avg < 4000
		c.AvgLabel = l.AverageShort + " " + Percent(string(*t.AverageIndex), lang)
	}
	return c
}

// pctOf reads a shown index (two decimals) as hundredths, clamped to 0..100%.
func pctOf(n fmt.Stringer) int {
	whole, frac, _ := strings.Cut(n.String(), ".")
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "00")[:2])
	return min(max(w*100+f, 0), 10000)
}

func pctString(h int) string { return fmt.Sprintf("%d.%02d%%", h/100, h%100) }

func summaryLine(t results.Tier, lang string) string {
	l := labels[lang]
	parts := []string{fmt.Sprintf(l.Summary, t.Stats.Units, orDash(t.AverageIndex, lang, true))}
	var first, last *results.Unit
	for i := range t.Units {
		if t.Units[i].Index != nil && t.Units[i].Rank != nil {
			if first == nil {
				first = &t.Units[i]
			}
			last = &t.Units[i]
		}
	}
	if first != nil {
		parts = append(parts, fmt.Sprintf(l.Highest, Percent(string(*first.Index), lang), first.UnitName),
			fmt.Sprintf(l.Lowest, Percent(string(*last.Index), lang), last.UnitName))
	}
	parts = append(parts, fmt.Sprintf(l.AboveAverage, t.Stats.AboveAverage))
	return strings.Join(parts, "; ") + "."
}

func publishedLine(p *results.Published, lang string) string {
	if p == nil {
		return ""
	}
	at, err := time.Parse(time.RFC3339, p.PublishedAt)
	if err != nil {
		return ""
	}
	return fmt.Sprintf(labels[lang].Published, Date(at, lang), p.Version)
}

func orDash[T ~string](n *T, lang string, percent bool) string {
	if n == nil {
		return "—"
	}
	if percent {
		return Percent(string(*n), lang)
	}
	return Number(string(*n), lang)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
