package xlsx

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/store"
)

func TestReportGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteReport(&buf, fixtureReport(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "report-live.tsv", dump(t, buf.Bytes()))
}

// The public report is written from a snapshot alone: ranking, fields and
// chart, no leaf details; the same snapshot gives the same bytes.
func TestPublicReportIsByteStable(t *testing.T) {
	r := fixtureReport(t)
	for i := range r.Tiers {
		r.Tiers[i].Framework, r.Tiers[i].Scores = nil, nil
	}
	r.Published = &results.Published{Version: 1, PublishedAt: "2017-06-27T02:30:00Z", SHA256: "abc"}
	var a, b bytes.Buffer
	if err := WriteReport(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteReport(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same snapshot differ")
	}
	golden(t, "report-public.tsv", dump(t, a.Bytes()))
}

// The ranking sheet holds real numbers that equal the results document:
// the index as a fraction with a percent format, points as numbers.
func TestRankingSheetEqualsResults(t *testing.T) {
	r := fixtureReport(t)
	var buf bytes.Buffer
	if err := WriteReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	checkRanking(t, buf.Bytes(), r.Tiers[0].Results)
}

// checkRanking compares the ranking sheet of a tier with its results.
func checkRanking(t *testing.T, data []byte, tier results.Tier) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := "Xếp hạng (" + short(tier.TierName) + ")"
	for i, u := range tier.Units {
		row := 5 + i
		get := func(col string) string {
			v, err := f.GetCellValue(sheet, col+strconv.Itoa(row), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		typ, _ := f.GetCellType(sheet, "F"+strconv.Itoa(row))
		if u.Index != nil && typ == excelize.CellTypeSharedString {
			t.Errorf("row %d: the index is stored as text", row)
		}
		if get("B") != u.UnitName {
			t.Errorf("row %d: unit %q, want %q", row, get("B"), u.UnitName)
		}
		if u.Rank != nil && get("G") != strconv.Itoa(*u.Rank) {
			t.Errorf("row %d (%s): rank %q, want %d", row, u.UnitName, get("G"), *u.Rank)
		}
		if u.Index != nil {
			got, err := decimal.NewFromString(get("F"))
			want, _ := decimal.NewFromString(string(*u.Index))
			if err != nil || !got.Shift(2).Equal(want) {
				t.Errorf("row %d (%s): index cell %q, want %s%%", row, u.UnitName, get("F"), *u.Index)
			}
		}
		for col, want := range map[string]string{"C": string(u.SelfPoints), "D": string(u.Points), "E": string(u.MaxPoints)} {
			got, err := decimal.NewFromString(get(col))
			w, _ := decimal.NewFromString(want)
			if err != nil || !got.Equal(w) {
				t.Errorf("row %d (%s): column %s is %q, want %s", row, u.UnitName, col, get(col), want)
			}
		}
		style, _ := f.GetCellStyle(sheet, "F"+strconv.Itoa(row))
		st, _ := f.GetStyle(style)
		// 0.00% with the Vietnamese locale tag, so that LibreOffice too shows 74,86%.
		if u.Index != nil && (st.CustomNumFmt == nil || *st.CustomNumFmt != "[$-42A]0.00%") {
			t.Errorf("row %d: index format %v, want [$-42A]0.00%%", row, st.CustomNumFmt)
		}
	}
	avgRow := strconv.Itoa(5 + len(tier.Units))
	v, _ := f.GetCellValue(sheet, "F"+avgRow, excelize.Options{RawCellValue: true})
	got, _ := decimal.NewFromString(v)
	want, _ := decimal.NewFromString(string(*tier.AverageIndex))
	if !got.Shift(2).Equal(want) {
		t.Errorf("average %q, want %s", v, *tier.AverageIndex)
	}
	// As a Vietnamese-locale Excel shows it (excelize formats with a dot).
	shown, _ := f.GetCellValue(sheet, "F"+avgRow)
	if shown != string(*tier.AverageIndex)+"%" {
		t.Errorf("average shown as %q, want %s%%", shown, *tier.AverageIndex)
	}
}

// TestWorkbooksGolden: the template, the criteria table and the scorecard,
// cell by cell.
func TestWorkbooksGolden(t *testing.T) {
	at := time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)
	tier := store.Tier{Code: "department", Name: "Khối sở, ban, ngành"}
	f := fixtureFramework(t)
	scores := []store.Score{{Unit: "bdt", Criterion: "1.1", Self: milli("5.5"), Points: milli("5"), Note: "Có kế hoạch"},
		{Unit: "bdt", Criterion: "2.1", Self: milli("30")}, {Unit: "bdt", Criterion: "2.2", NotApplicable: true, Note: "Không phát sinh"}}
	var tpl, table, card bytes.Buffer
	if err := WriteTemplate(&tpl, Template{Year: 2016, Title: "Chỉ số CCHC năm 2016", Tier: tier, Framework: f,
		Units: []store.Unit{{Code: "bdt", Name: "Ban Dân tộc"}, {Code: "stc", Name: "Sở Tài chính"}}, Scores: scores, At: at}); err != nil {
		t.Fatal(err)
	}
	golden(t, "template.tsv", dump(t, tpl.Bytes()))
	if err := WriteFramework(&table, 2016, tier, f, at); err != nil {
		t.Fatal(err)
	}
	golden(t, "criteria.tsv", dump(t, table.Bytes()))
	evidence := []store.Evidence{
		{Criterion: "2.1", Title: "Quyết định số 45/QĐ-UBND", Reference: "mục II, trang 3", AddedBy: "bdt-user", AddedAt: at,
			File: &store.EvidenceFile{Name: "Quyết định 45.pdf", Size: 1572864, ContentType: "application/pdf"}},
		{Criterion: "1.1", Title: "Kế hoạch CCHC năm 2016", URL: "https://vanban.laichau.gov.vn/kh-2016", AddedBy: "bdt-user", AddedAt: at},
	}
	if err := WriteScorecard(&card, Scorecard{Year: 2016, Title: "Chỉ số CCHC năm 2016", Tier: tier, Unit: store.Unit{Code: "bdt", Name: "Ban Dân tộc"},
		Framework: f, Scores: scores, Evidence: evidence, At: at}); err != nil {
		t.Fatal(err)
	}
	golden(t, "scorecard.tsv", dump(t, card.Bytes()))
}
