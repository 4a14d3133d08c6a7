package xlsx

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/xlsx")

// Dump returns every sheet's cells as TSV, sheet by sheet, the raw stored
// values (numbers as numbers), for golden comparisons.
func dump(t testing.TB, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("reopening the workbook: %v", err)
	}
	defer f.Close()
	var sb strings.Builder
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		sb.WriteString("## " + name + "\n")
		for _, row := range rows {
			for i, c := range row {
				row[i] = strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(c)
			}
			sb.WriteString(strings.TrimRight(strings.Join(row, "\t"), "\t") + "\n")
		}
	}
	return sb.String()
}

// golden compares got with testdata/xlsx/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "xlsx", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/xlsx -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func milli(s string) *score.Milli {
	m, err := score.ParseMilli(s)
	if err != nil {
		panic(err)
	}
	return &m
}

// fixtureFramework: field 1 (20.5) = 1.1 (10) + 1.2 (10.5 = 1.2.1 5.25 +
// 1.2.2 5.25); field 2 (77) = 2.1 (60.247) + 2.2 survey (16.753).
func fixtureFramework(t testing.TB) *score.Framework {
	t.Helper()
	f, err := score.NewFramework(score.FrameworkInput{
		Bands: []score.Band{{Label: "Tốt", MinIndex: decimal.NewFromInt(80)}, {Label: "Khá", MinIndex: decimal.NewFromInt(70)}, {Label: "Trung bình", MinIndex: decimal.NewFromInt(50)}},
		Criteria: []score.Criterion{
			{Code: "1", Name: "Công tác chỉ đạo, điều hành cải cách hành chính", Children: []score.Criterion{
				{Code: "1.1", Name: "Kế hoạch cải cách hành chính", MaxPoints: milli("10")},
				{Code: "1.2", Name: "Báo cáo cải cách hành chính", Children: []score.Criterion{
					{Code: "1.2.1", Name: "Số lượng báo cáo", MaxPoints: milli("5.25")},
					{Code: "1.2.2", Name: "Chất lượng báo cáo", MaxPoints: milli("5.25")},
				}},
			}},
			{Code: "2", Name: "Cải cách thủ tục hành chính", Children: []score.Criterion{
				{Code: "2.1", Name: "Rà soát thủ tục hành chính", MaxPoints: milli("60.247")},
				{Code: "2.2", Name: "Mức độ hài lòng của người dân", MaxPoints: milli("16.753"), Source: score.Survey},
			}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fixtureScores: a tie (Sở Tư pháp, Sở Giao thông vận tải), Ban Dân tộc
// 2.2 not applicable, Sở Tài chính's 2.2 self points only (provisional),
// Sở Xây dựng without 2.1 (incomplete).
func fixtureScores() []score.UnitScores {
	e := func(pts ...string) []score.Entry {
		out := make([]score.Entry, 5)
		for i, p := range pts {
			switch p {
			case "":
			case "na":
				out[i] = score.Entry{NotApplicable: true}
			default:
				m := *milli(strings.TrimPrefix(p, "s"))
				out[i] = score.Entry{Self: m, HasSelf: true}
				if !strings.HasPrefix(p, "s") {
					out[i].Points, out[i].HasPoints = m, true
				}
			}
		}
		return out
	}
	return []score.UnitScores{
		{Code: "tt", Name: "Thanh tra tỉnh", Entries: e("9.5", "5", "5.25", "55.5", "15.753")},
		{Code: "stp", Name: "Sở Tư pháp", Entries: e("8", "4", "4.5", "45", "12")},
		{Code: "sgtvt", Name: "Sở Giao thông vận tải", Entries: e("7", "4.5", "5", "46", "11")},
		{Code: "stc", Name: "Sở Tài chính", Entries: e("9", "5", "5", "52", "s15.5")},
		{Code: "bdt", Name: "Ban Dân tộc", Entries: e("5", "3", "3", "30", "na")},
		{Code: "sxd", Name: "Sở Xây dựng", Entries: e("6", "3", "3", "", "10")},
	}
}

// tierOf builds the results document of a tier the way results.Compute
// does, from the engine, without a database.
func tierOf(year int, code, name string, f *score.Framework, units []score.UnitScores, prev map[string]score.Previous, prevYear *int) results.Tier {
	rs := make([]score.UnitResult, len(units))
	for i, u := range units {
		rs[i] = f.Evaluate(u)
	}
	tr := f.Rank(rs, prev)
	out := results.Tier{Year: year, Title: "Chỉ số CCHC năm 2016", Tier: code, TierName: name, Ranking: string(f.Ranking),
		MaxPoints: results.PointsNum(f.Total()), AverageIndex: results.RatNum(tr.Stats.Average), PreviousYear: prevYear}
	st := tr.Stats
	out.Stats = results.Stats{Units: st.Units, Ranked: st.Ranked, Complete: st.Complete, Provisional: st.Provisional,
		AverageIndex: results.RatNum(st.Average), MinIndex: results.RatNum(st.Min), MaxIndex: results.RatNum(st.Max),
		MedianIndex: results.RatNum(st.Median), AboveAverage: st.AboveAverage, NoBand: st.NoBand}
	for _, b := range st.Bands {
		out.Stats.Bands = append(out.Stats.Bands, results.BandCount{Label: b.Label, MinIndex: results.DecimalNum(b.MinIndex), Units: b.Count})
	}
	for _, fa := range st.Fields {
		out.Stats.Fields = append(out.Stats.Fields, results.FieldAverage{Code: fa.Code, Name: fa.Name, Units: fa.Units, AverageIndex: results.RatNum(fa.Average)})
	}
	for _, r := range tr.Units {
		u := results.Unit{UnitCode: r.Code, UnitName: r.Name, SelfPoints: results.PointsNum(r.Total.Self), Points: results.PointsNum(r.Total.Points),
			MaxPoints: results.PointsNum(r.Total.Max), Index: results.IndexNum(r.Index()), Complete: r.Complete, Provisional: r.Provisional,
			Missing: r.Missing, RankChange: r.RankChange, IndexChange: results.RatNum(r.IndexChange)}
		if r.Band != "" {
			band := r.Band
			u.Band = &band
		}
		if r.Rank > 0 {
			rank := r.Rank
			u.Rank = &rank
		}
		if r.Previous != nil {
			if r.Previous.Rank > 0 {
				pr := r.Previous.Rank
				u.PreviousRank = &pr
			}
			u.PreviousIndex = results.IndexNum(r.Previous.Index)
		}
		for _, fi := range f.Fields {
			n, sum := f.Nodes[fi], r.Nodes[fi]
			u.Fields = append(u.Fields, results.Node{Code: n.Code, Name: n.Name, Points: results.PointsNum(sum.Points), MaxPoints: results.PointsNum(sum.Max), Index: results.IndexNum(sum.Index())})
		}
		out.Units = append(out.Units, u)
	}
	return out
}

// fixtureReport is a live report of the department tier with changes
// against 2015, and the district tier without a previous year.
func fixtureReport(t testing.TB) Report {
	f := fixtureFramework(t)
	prevYear := 2015
	prev := map[string]score.Previous{
		"tt":  {Rank: 2, Index: score.Index{Points: 80000, Max: 97500}},
		"stc": {Rank: 1, Index: score.Index{Points: 85000, Max: 97500}},
		"stp": {Rank: 3, Index: score.Index{Points: 70000, Max: 97500}},
	}
	dept := fixtureScores()
	dist := []score.UnitScores{
		{Code: "tplc", Name: "UBND thành phố Lai Châu", Entries: fixtureScores()[0].Entries},
		{Code: "tu", Name: "UBND huyện Tam Đường", Entries: fixtureScores()[2].Entries},
	}
	return Report{Year: 2016, Title: "Chỉ số CCHC năm 2016", At: time.Date(2017, 6, 27, 2, 30, 0, 0, time.UTC),
		Tiers: []ReportTier{
			{Results: tierOf(2016, "department", "Khối sở, ban, ngành", f, dept, prev, &prevYear), Framework: f, Scores: dept},
			{Results: tierOf(2016, "district", "Khối huyện, thành phố", f, dist, nil, nil), Framework: f, Scores: dist},
		}}
}

func jsonIndent(t testing.TB, v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
