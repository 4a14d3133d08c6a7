package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
)

func TestLines(t *testing.T) {
	name := "Tham mưu xây dựng văn bản quy phạm pháp luật theo chương trình của UBND tỉnh" // 76 characters
	for _, c := range []struct {
		text  string
		width float64
		l     look
		want  int
	}{
		{"", 40, look{}, 1},
		{"Kế hoạch", 40, look{}, 1},
		{name, 80, look{}, 1},
		{name, 55, look{}, 2},
		{name, 20, look{}, 5},
		{name, 55, look{Bold: true}, 2},
		{name, 40, look{Size: 10}, 2},
		{"Điểm\nthẩm định", 11, look{Bold: true}, 2},
		{"Tăng, giảm\nchỉ số", 11, look{Bold: true}, 3},
		// A word longer than the line is broken.
		{strings.Repeat("x", 45), 12, look{}, 4},
	} {
		if got := lines(c.text, c.width, c.l); got != c.want {
			t.Errorf("lines(%q, %g, %+v) = %d, want %d", c.text, c.width, c.l, got, c.want)
		}
	}
}

// longTemplate is a template whose criterion names and notes wrap, as the
// demo province's do.
func longTemplate(t *testing.T) (Template, string, string) {
	name := strings.TrimSpace(strings.Repeat("Ban hành kế hoạch kiểm tra cải cách hành chính đối với các phòng chuyên môn và UBND cấp xã ", 2))
	note := strings.TrimSpace(strings.Repeat("Điểm minh họa (điều tra xã hội học), không phải số liệu công bố chính thức. ", 3))
	f, err := score.NewFramework(score.FrameworkInput{Criteria: []score.Criterion{
		{Code: "1", Name: "Công tác chỉ đạo, điều hành", Children: []score.Criterion{
			{Code: "1.1", Name: name, MaxPoints: milli("2")},
			{Code: "1.2", Name: "Kế hoạch", MaxPoints: milli("1.5")},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return Template{Year: 2016, Title: "Chỉ số CCHC năm 2016", Tier: store.Tier{Code: "department", Name: "Khối sở, ban, ngành"}, Framework: f,
		Units:  []store.Unit{{Code: "ban-quan-ly-khu-kinh-te", Name: "Ban Quản lý Khu kinh tế"}},
		Scores: []store.Score{{Unit: "ban-quan-ly-khu-kinh-te", Criterion: "1.1", Self: milli("1.25"), Note: note}},
		At:     time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)}, name, note
}

// A wrapped criterion name or note gets a row as tall as its lines, so
// that it does not print over the next row; a row of one line keeps the
// default height; the labels above the table are not cut; the tier is
// named in Vietnamese only.
func TestWrappedRowsAreTallEnough(t *testing.T) {
	tpl, name, note := longTemplate(t)
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, tpl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := "Ban Quản lý Khu kinh tế"
	row := func(code string) int {
		rows, _ := f.GetRows(sheet)
		for i, r := range rows {
			if len(r) > 0 && r[0] == code && i >= templateHeader {
				return i + 1
			}
		}
		t.Fatalf("no row for %s", code)
		return 0
	}
	width := func(col string) float64 {
		w, err := f.GetColWidth(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	long, short := row("1.1"), row("1.2")
	h, _ := f.GetRowHeight(sheet, long)
	need := max(lines(name, width("B"), look{Wrap: true, Indent: 1}), lines(note, width("G"), look{Wrap: true}))
	if need < 3 {
		t.Fatalf("the fixture's note should take at least 3 lines, takes %d", need)
	}
	if h < float64(need)*15 {
		t.Errorf("row %d holds %d lines of text but is %g pt tall", long, need, h)
	}
	if h, _ := f.GetRowHeight(sheet, short); h > 16 {
		t.Errorf("row %d (one line) is %g pt tall", short, h)
	}
	for _, label := range []string{"Đơn vị:", labelUnit, "Khối:"} {
		if w := width("A"); w < oneLine(look{Bold: true}, label) {
			t.Errorf("column A is %g wide: the label %q is cut", w, label)
		}
	}
	if v, _ := f.GetCellValue(sheet, "B4"); v != "Khối sở, ban, ngành, năm 2016" {
		t.Errorf("the tier line reads %q: the tier's name only, no code", v)
	}
	// The guide's instructions wrap in their column too.
	for r := 1; r < 30; r++ {
		v, _ := f.GetCellValue(guideSheet, "B"+strconv.Itoa(r))
		w, _ := f.GetColWidth(guideSheet, "B")
		if n := lines(v, w, look{}); n > 1 {
			if h, _ := f.GetRowHeight(guideSheet, r); h < float64(n)*15 {
				t.Errorf("guide row %d holds %d lines but is %g pt tall", r, n, h)
			}
		}
	}

	// The scorecard's name and note columns follow the same rule.
	tier := tpl.Tier
	var card bytes.Buffer
	if err := WriteScorecard(&card, Scorecard{Year: 2016, Title: tpl.Title, Tier: tier, Unit: tpl.Units[0], Framework: tpl.Framework,
		Scores: tpl.Scores, At: tpl.At}); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(card.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, _ := g.GetRows(sheet)
	for i, r := range rows {
		if len(r) > 1 && r[0] == "1.1" {
			h, _ := g.GetRowHeight(sheet, i+1)
			wb, _ := g.GetColWidth(sheet, "B")
			wf, _ := g.GetColWidth(sheet, "F")
			need := max(float64(lines(name, wb, look{Indent: 1}))*lineHeight(12), float64(lines(note, wf, look{Size: 11}))*lineHeight(11))
			if need < 30 || h < need {
				t.Errorf("scorecard row %d holds %g pt of lines but is %g pt tall", i+1, need, h)
			}
		}
	}
}

// formatOf is the number format of a cell.
func formatOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// A column of points shows every value with the column's largest number
// of places (86,500 beside 91,003), as provinces print their tables; the
// cells stay numbers.
func TestPointsColumnsShowTheirPlaces(t *testing.T) {
	r := fixtureReport(t)
	var buf bytes.Buffer
	if err := WriteReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tier := r.Tiers[0].Results
	sheet := "Xếp hạng (" + short(tier.TierName) + ")"
	cols := map[string][]string{}
	for _, u := range tier.Units {
		cols["C"] = append(cols["C"], string(u.SelfPoints))
		cols["D"] = append(cols["D"], string(u.Points))
		cols["E"] = append(cols["E"], string(u.MaxPoints))
	}
	for col, values := range cols {
		places := vnfmt.ColumnPlaces(values...)
		if col == "D" && places != 3 {
			t.Fatalf("the fixture's points column has %d places, want 3 (91.003 beside 86.5)", places)
		}
		want := "[$-42A]#,##0." + strings.Repeat("0", places)
		if places == 0 {
			want = "[$-42A]#,##0"
		}
		for i := range values {
			cell := col + strconv.Itoa(5+i)
			if got := formatOf(t, f, sheet, cell); got != want {
				t.Errorf("%s (%s): format %q, want the column's %q", cell, values[i], got, want)
			}
			if typ, _ := f.GetCellType(sheet, cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("%s is text, want a number", cell)
			}
		}
	}
	if got := formatOf(t, f, sheet, "J5"); !strings.Contains(got, `"−"0`) {
		t.Errorf("rank change format %q: a fall shows U+2212", got)
	}

	// The template: maxima with theirs, self points with theirs, the
	// council's column with the 3 places it may type.
	var tpl bytes.Buffer
	fw := fixtureFramework(t)
	if err := WriteTemplate(&tpl, Template{Year: 2016, Tier: store.Tier{Code: "department", Name: "Khối sở, ban, ngành"}, Framework: fw,
		Units: []store.Unit{{Code: "bdt", Name: "Ban Dân tộc"}}, At: r.At,
		Scores: []store.Score{{Unit: "bdt", Criterion: "1.1", Self: milli("5.5"), Points: milli("5")}, {Unit: "bdt", Criterion: "2.1", Self: milli("30")}}}); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(tpl.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for cell, want := range map[string]string{
		"C7": "[$-42A]#,##0.000", "C8": "[$-42A]#,##0.000", // 20.5 beside 60.247
		"D8": "[$-42A]#,##0.0", "D13": "[$-42A]#,##0.0", // 5.5 and 30
		"E8": "[$-42A]#,##0.000", "E10": "[$-42A]#,##0.000", // 5 as typed, and an empty input cell
	} {
		if got := formatOf(t, g, "Ban Dân tộc", cell); got != want {
			t.Errorf("template %s: format %q, want %q", cell, got, want)
		}
	}
}

// The criteria table's label "Xếp hạng theo" fits its column.
func TestCriteriaLabelIsNotCut(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteFramework(&buf, 2016, store.Tier{Code: "district", Name: "Khối huyện, thành phố"}, fixtureFramework(t), time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(criteriaSheet, "A3"); v != labelRanking {
		t.Fatalf("A3 is %q, want the label %q", v, labelRanking)
	}
	if w, _ := f.GetColWidth(criteriaSheet, "A"); w < oneLine(look{Bold: true}, labelRanking) {
		t.Errorf("column A is %g wide: %q is cut", w, labelRanking)
	}
}
