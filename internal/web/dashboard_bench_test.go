package web

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// province is a tier as internal/bench's province makes it: units × 120
// leaves of 1.25 points in 8 fields, deterministic points, with the
// previous year published so that every chart is drawn.
func province(tb testing.TB, units int) results.Tier {
	tb.Helper()
	f, err := score.NewFramework(ProvinceFramework())
	if err != nil {
		tb.Fatal(err)
	}
	scores := func(round int) []score.UnitScores {
		out := make([]score.UnitScores, units)
		for u := range out {
			es := make([]score.Entry, len(f.Leaves))
			for l := range es {
				self, pts := ProvincePoints(u, l, round)
				es[l] = score.Entry{Self: self, HasSelf: true, Points: pts, HasPoints: true}
			}
			out[u] = score.UnitScores{Code: fmt.Sprintf("u%05d", u), Name: fmt.Sprintf("UBND xã Thử %05d", u), Entries: es}
		}
		return out
	}
	tier := workflow.Tier{Code: "commune", Name: "Cấp xã"}
	prevPeriod := workflow.Period{Year: 2024, Title: "Chỉ số CCHC năm 2024"}
	prev, err := results.Build(results.Input{Period: prevPeriod, Tier: tier, Framework: f, Scores: scores(1)})
	if err != nil {
		tb.Fatal(err)
	}
	snap, err := results.NewSnapshot(prevPeriod, []results.Tier{prev.Results}, results.Publication{Year: 2024, At: time.Now(), Force: true})
	if err != nil {
		tb.Fatal(err)
	}
	snap.Version = 1
	cur, err := results.Build(results.Input{Period: workflow.Period{Year: 2025, Title: "Chỉ số CCHC năm 2025"}, Tier: tier, Framework: f, Scores: scores(2), Previous: &snap})
	if err != nil {
		tb.Fatal(err)
	}
	return cur.Results
}

// ProvinceFramework is the province's tier framework: 120 leaves of 1.25
// points in 8 fields, four bands (also for web_test's request benchmark).
func ProvinceFramework() score.FrameworkInput {
	var in score.FrameworkInput
	for f := range 8 {
		field := score.Criterion{Code: fmt.Sprint(f + 1), Name: fmt.Sprintf("Lĩnh vực %d", f+1)}
		for l := range 15 {
			m := score.Milli(1250)
			field.Children = append(field.Children, score.Criterion{Code: fmt.Sprintf("%d.%d", f+1, l+1), Name: "Tiêu chí", MaxPoints: &m})
		}
		in.Criteria = append(in.Criteria, field)
	}
	for _, b := range []struct {
		l string
		m int64
	}{{"Xuất sắc", 90}, {"Tốt", 80}, {"Khá", 70}, {"Trung bình", 50}} {
		in.Bands = append(in.Bands, score.Band{Label: b.l, MinIndex: decimal.NewFromInt(b.m)})
	}
	return in
}

// ProvincePoints is unit u's self-assessed and official points of leaf l
// in a round (a year), deterministic.
func ProvincePoints(u, l, round int) (self, points score.Milli) {
	return score.Milli((u*7919 + l*104729 + round*31) % 1251), score.Milli((u*7919 + l*104729 + round*15485863) % 1251)
}

var svgPattern = regexp.MustCompile(`(?s)<svg.*?</svg>`)

// renderDashboard renders the dashboard page of a tier as the handler does.
func renderDashboard(tb testing.TB, h *Handler, t results.Tier) []byte {
	d := dashData{Head: yearHead{Year: t.Year, Title: t.Title, Stage: "Thẩm định", Here: "dashboard"}}
	dashboardOf(&d, t, "vi")
	var b bytes.Buffer
	v := view{Lang: "vi", Title: "Kết quả", Path: "/app/periods/2025/dashboard", CSS: h.css, JS: h.js, Data: d}
	if err := h.pages["dashboard"].ExecuteTemplate(&b, "base.html", v); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkDashboard2000 renders a 2,000-unit tier's dashboard from its
// computed results (the store's TierResults is measured on its own by
// store's BenchmarkCompute2000x120) and reports the SVG charts' size.
func BenchmarkDashboard2000(b *testing.B) {
	h, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	t := province(b, 2000)
	var page []byte
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		page = renderDashboard(b, h, t)
	}
	svg := 0
	for _, m := range svgPattern.FindAll(page, -1) {
		svg += len(m)
	}
	b.ReportMetric(float64(svg)/1024, "svg-KB")
	b.ReportMetric(float64(len(page))/1024, "page-KB")
}

// TestDashboardSize: a 2,000-unit tier's charts stay under 150 KB, all five drawn.
func TestDashboardSize(t *testing.T) {
	t.Parallel()
	h, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	page := renderDashboard(t, h, province(t, 2000))
	svgs := svgPattern.FindAll(page, -1)
	total := 0
	for _, s := range svgs {
		total += len(s)
	}
	if len(svgs) != 5 || total >= 150<<10 {
		t.Errorf("%d charts of %d bytes in all, want 5 under 150 KB", len(svgs), total)
	}
}
