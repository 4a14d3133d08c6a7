package portal

import (
	"encoding/json"
	"strings"
	"testing"
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
