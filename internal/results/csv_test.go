package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestInertCell(t *testing.T) {
	for in, want := range map[string]string{
		"Sở Tài chính":             "Sở Tài chính",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1+1":                     "'+1+1",
		"@SUM(A1)":                 "'@SUM(A1)",
		"-88.21":                   "-88.21",
		"-cmd":                     "'-cmd",
		"\tx":                      "'\tx",
		"\rx":                      "'\rx",
		"":                         "",
	} {
		if got := InertCell(in); got != want {
			t.Errorf("InertCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func num(s string) *json.Number { n := json.Number(s); return &n }

// TestWriteResultsCSV: a tier's table keeps Vietnamese names as written,
// makes a formula-like name inert and leaves a negative change a number.
func TestWriteResultsCSV(t *testing.T) {
	rank, prev, change := 1, 3, 2
	band := "Tốt"
	tier := Tier{Tier: "department", Units: []Unit{
		{Rank: &rank, UnitCode: "STC", UnitName: "Sở Tài chính", Points: "81.300", MaxPoints: "100.000", Index: num("81.30"), Band: &band,
			PreviousRank: &prev, RankChange: &change, PreviousIndex: num("82.61"), IndexChange: num("-1.31"),
			Fields: []Node{{Code: "1", Points: "8.500", MaxPoints: "10.000", Index: num("85.00")}}},
		{UnitCode: "X", UnitName: "=HYPERLINK(\"http://x\",\"Sở Nội vụ\")", Points: "0.000", MaxPoints: "100.000",
			Fields: []Node{{Code: "1", Points: "0.000", MaxPoints: "10.000"}}},
	}}
	var buf bytes.Buffer
	if err := WriteResultsCSV(&buf, tier); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"rank", "unit_code", "unit_name", "points", "max_points", "index", "band", "previous_rank", "rank_change", "previous_index", "index_change",
			"field_1_points", "field_1_max_points", "field_1_index"},
		{"1", "STC", "Sở Tài chính", "81.300", "100.000", "81.30", "Tốt", "3", "2", "82.61", "-1.31", "8.500", "10.000", "85.00"},
		{"", "X", "'=HYPERLINK(\"http://x\",\"Sở Nội vụ\")", "0.000", "100.000", "", "", "", "", "", "", "0.000", "10.000", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n%q\nwant\n%q", rows, want)
	}
	if strings.HasPrefix(buf.String(), BOM) {
		t.Error("the encoder wrote a byte order mark: the caller chooses it")
	}
}

func TestWriteSummaryCSV(t *testing.T) {
	doc := Snapshot{Year: 2016, Summary: Summary{Tiers: []TierSummary{{Tier: "district", TierName: "@Khối huyện", Units: 2, Complete: 2,
		AverageIndex: num("80.00"), AboveAverage: 1, Bands: []BandCount{{Label: "Tốt", MinIndex: "80", Units: 1}, {Label: "Khá", MinIndex: "65", Units: 1}}}}}}
	var buf bytes.Buffer
	if err := WriteSummaryCSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	want := "year,tier,tier_name,units,complete,average_index,min_index,max_index,median_index,above_average,bands\n" +
		"2016,district,'@Khối huyện,2,2,80.00,,,,1,Tốt>=80:1; Khá>=65:1\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
