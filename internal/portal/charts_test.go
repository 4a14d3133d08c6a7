package portal

import (
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/results"
)

// TestLineChart: one point per value (none for a missing year), a
// segment between neighbouring years, the labels in the page's language,
// the higher label above its point and the lower below, and the scale
// starting a tens below the lowest value.
func TestLineChart(t *testing.T) {
	n := func(s string) *json.Number { v := json.Number(s); return &v }
	svg := string(LineChart("u-x", "Chỉ số qua các năm", "2016 86,42%; 2017 90,00%.", []string{"2016", "2017", "2018"}, []Series{
		{Name: "A", Class: "a", Values: []*json.Number{n("86.42"), n("90.00"), nil}, Labels: true},
		{Name: "B", Class: "b", Values: []*json.Number{n("85.17"), n("91.00"), n("70.50")}, Labels: true},
		{Name: "avg", Class: "avg", Values: []*json.Number{n("74.86"), nil, nil}},
	}, "vi"))
	for _, want := range []string{`role="img"`, `<title id="u-x-t">Chỉ số qua các năm</title>`, `<desc id="u-x-d">`, ">86,42%<", ">70,50%<", ">60%<", ">100%<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("no %s in\n%s", want, svg)
		}
	}
	if strings.Contains(svg, ">50%<") {
		t.Errorf("the scale starts below 60%% for a lowest value of 70,50%%:\n%s", svg)
	}
	if c := strings.Count(svg, "<circle"); c != 6 {
		t.Errorf("%d points, want 2 + 3 + 1", c)
	}
	if c := strings.Count(svg, `<line class="ln`); c != 3 {
		t.Errorf("%d segments, want 1 + 2", c)
	}
	// 2016: A (86,42) is above B (85,17); 2017: B (91) above A (90).
	if !strings.Contains(svg, `dy="-9" text-anchor="middle">86,42%`) || !strings.Contains(svg, `dy="18" text-anchor="middle">85,17%`) ||
		!strings.Contains(svg, `dy="-9" text-anchor="middle">91,00%`) || !strings.Contains(svg, `dy="18" text-anchor="middle">90,00%`) {
		t.Errorf("labels not placed apart:\n%s", svg)
	}
	if en := string(LineChart("u", "t", "d", []string{"2016"}, []Series{{Class: "a", Values: []*json.Number{n("86.42")}, Labels: true}}, "en")); !strings.Contains(en, ">86.42%<") || !strings.Contains(en, `cx="50%"`) {
		t.Errorf("one year in English:\n%s", en)
	}
}

func TestBarChart(t *testing.T) {
	svg := string(BarChart("b", "Số đơn vị theo xếp loại", "20 đơn vị", []Bar{{Name: "Tốt", Share: 2500, Label: "5"}, {Name: "Khá", Share: 12000, Label: "10"}}))
	if !strings.Contains(svg, `width="25.00%"`) || !strings.Contains(svg, `width="100.00%"`) || strings.Count(svg, "<rect") != 2 || !strings.Contains(svg, "<desc") {
		t.Errorf("bar chart:\n%s", svg)
	}
	if BarChart("b", "t", "d", nil) != "" {
		t.Errorf("a chart without bars")
	}
}

// dashTier is a small tier for the dashboard's charts: a name to escape,
// a unit below every band, an unranked unit without sub-indices, rises,
// falls and a unit without a change.
func dashTier() results.Tier {
	f := func(idx ...string) []results.Node {
		var ns []results.Node
		for i, s := range idx {
			n := results.Node{Code: strconv.Itoa(i + 1)}
			if s != "" {
				n.Index = num(s)
			}
			ns = append(ns, n)
		}
		return ns
	}
	u := func(rank *int, name, self, points, index, change string, fields []results.Node) results.Unit {
		x := results.Unit{Rank: rank, UnitName: name, SelfPoints: json.Number(self), Points: json.Number(points), MaxPoints: "80", Fields: fields}
		if index != "" {
			x.Index = num(index)
		}
		if change != "" {
			x.IndexChange = num(change)
		}
		return x
	}
	return results.Tier{AverageIndex: num("71.35"),
		Stats: results.Stats{Bands: []results.BandCount{{Label: "Tốt <80%>", Units: 1}, {Label: "Khá", Units: 2}}, NoBand: 1},
		Units: []results.Unit{
			u(intp(1), "Thanh tra tỉnh", "78", "74.5", "93.13", "4.20", f("95.00", "91.20", "88.00")),
			u(intp(2), `Sở Tư pháp <&"`, "70", "66", "82.50", "-1.05", f("81.00", "79.99", "75.50")),
			u(intp(3), "Sở Giao thông vận tải tỉnh Thử Nghiệm Dài", "64", "58.4", "73.00", "0.00", f("72.00", "69.50", "40.00")),
			u(intp(4), "Ban Dân tộc", "60", "30", "37.50", "", f("30.00", "45.00", "50.00")),
			u(nil, "Sở Mới", "", "", "", "", f("", "", "")),
		}}
}

var dashCharts = []struct {
	name string
	draw func(results.Tier, ChartText) template.HTML
}{{"bars", IndexBars}, {"bands", BandBars}, {"heat", HeatMap}, {"self", SelfAgainstAppraised}, {"change", IndexChanges}}

func dashText(id string) ChartText {
	return ChartText{ID: id, Title: `Chỉ số <b>&"`, Desc: `Mô tả <i>&"`, Lang: Vietnamese, Group: "Hạng %d–%d",
		XAxis: "Tự đánh giá <x>", YAxis: "Thẩm định <y>", NoBand: "Không xếp loại"}
}

// TestDashboardChartsGolden: each dashboard chart of a small tier, as
// testdata/portal/dash-*.golden.svg (go test ./internal/portal -update).
func TestDashboardChartsGolden(t *testing.T) {
	for _, c := range dashCharts {
		golden(t, "dash-"+c.name+".golden.svg", []byte(c.draw(dashTier(), dashText("c-"+c.name))))
	}
}

// TestDashboardChartsEscape: the title, the description, the axes, a band
// and a unit name reach the SVG escaped, and every chart is one img named
// by its title and description.
func TestDashboardChartsEscape(t *testing.T) {
	for _, c := range dashCharts {
		svg := string(c.draw(dashTier(), dashText("c-"+c.name)))
		for _, want := range []string{`role="img" aria-labelledby="c-` + c.name + `-t c-` + c.name + `-d"`,
			`<title id="c-` + c.name + `-t">Chỉ số &lt;b&gt;&amp;&#34;</title>`, `<desc id="c-` + c.name + `-d">Mô tả &lt;i&gt;&amp;&#34;</desc>`} {
			if !strings.Contains(svg, want) {
				t.Errorf("%s: no %s in\n%s", c.name, want, svg)
			}
		}
		for _, raw := range []string{"<b>", "<i>", "<&", "<x>", "<y>", "<80%>"} {
			if strings.Contains(svg, raw) {
				t.Errorf("%s: %s unescaped in\n%s", c.name, raw, svg)
			}
		}
	}
	for chart, want := range map[string]string{
		string(HeatMap(dashTier(), dashText("h"))):              `>Sở Tư pháp &lt;&amp;&#34;</text>`,
		string(BandBars(dashTier(), dashText("b"))):             `>Tốt &lt;80%&gt;</text>`,
		string(SelfAgainstAppraised(dashTier(), dashText("s"))): `>Tự đánh giá &lt;x&gt;</text>`,
	} {
		if !strings.Contains(chart, want) {
			t.Errorf("no %s in\n%s", want, chart)
		}
	}
}

// TestDashboardChartsEmpty: a tier without units draws no chart, nor one
// without a ranked unit (IndexBars) or a change (IndexChanges).
func TestDashboardChartsEmpty(t *testing.T) {
	for _, c := range dashCharts {
		if svg := c.draw(results.Tier{}, dashText("e")); svg != "" {
			t.Errorf("%s of no unit:\n%s", c.name, svg)
		}
	}
	tier := dashTier()
	for i := range tier.Units {
		tier.Units[i].Rank, tier.Units[i].IndexChange = nil, nil
	}
	if IndexBars(tier, dashText("e")) != "" || IndexChanges(tier, dashText("e")) != "" {
		t.Errorf("columns drawn without a ranked unit or a change")
	}
	if HeatMap(tier, dashText("e")) == "" || BandBars(tier, dashText("e")) == "" || SelfAgainstAppraised(tier, dashText("e")) == "" {
		t.Errorf("a tier of units without ranks lacks a chart of its fields, bands or points")
	}
}

// TestHeatMapGroups: up to HeatRowsMax units are a row each, named by the
// unit; one more and neighbouring ranks are grouped, each cell the mean of
// the group's sub-indices.
func TestHeatMapGroups(t *testing.T) {
	tier := func(n int) results.Tier {
		var tr results.Tier
		for i := range n {
			idx := "72.00"
			if i%2 == 1 {
				idx = "91.00"
			}
			tr.Units = append(tr.Units, results.Unit{UnitName: fmt.Sprintf("Xã %02d", i+1), Fields: []results.Node{{Code: "1", Index: num(idx)}}})
		}
		return tr
	}
	rows := regexp.MustCompile(`<text class="lbl" x="0" y="\d+">([^<]*)</text>`)
	names := func(svg template.HTML) []string {
		var out []string
		for _, m := range rows.FindAllStringSubmatch(string(svg), -1) {
			out = append(out, m[1])
		}
		return out
	}
	one := HeatMap(tier(HeatRowsMax), dashText("h"))
	if got := names(one); len(got) != HeatRowsMax || got[0] != "Xã 01" || got[HeatRowsMax-1] != fmt.Sprintf("Xã %02d", HeatRowsMax) {
		t.Errorf("%d units: rows %q", HeatRowsMax, got)
	}
	if !strings.Contains(string(one), `<text x="291" y="39">72</text>`) || !strings.Contains(string(one), `<text class="w" x="291" y="61">91</text>`) {
		t.Errorf("%d units: the cells are not each unit's\n%s", HeatRowsMax, one)
	}
	grouped := HeatMap(tier(HeatRowsMax+1), dashText("h"))
	got := names(grouped)
	if len(got) != (HeatRowsMax+2)/2 || got[0] != "Hạng 1–2" || got[1] != "Hạng 3–4" || got[len(got)-1] != fmt.Sprintf("Hạng %d–%d", HeatRowsMax+1, HeatRowsMax+1) {
		t.Errorf("%d units: rows %q", HeatRowsMax+1, got)
	}
	// (72 + 91) / 2 = 81,5: shown 81, in the step of 80% and above; the
	// last group is unit 51 alone (72).
	if strings.Count(string(grouped), `<text class="w" x="291" y="`) != len(got)-1 || strings.Count(string(grouped), ">81</text>") != len(got)-1 ||
		!strings.Contains(string(grouped), fmt.Sprintf(`<text x="291" y="%d">72</text>`, 24+(len(got)-1)*22+15)) || strings.Contains(string(grouped), `class="h4"`) {
		t.Errorf("%d units: the groups' cells are not their means\n%s", HeatRowsMax+1, grouped)
	}
	if !strings.Contains(string(grouped), `viewBox="0 0 324 596" width="324" height="596"`) {
		t.Errorf("%d units: not 26 rows high\n%s", HeatRowsMax+1, grouped)
	}
}
