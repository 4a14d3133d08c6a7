package results

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestProfileOf: a unit's profile takes its latest year's fields against
// the tier's averages, names the strongest and weakest field (the first on
// a tie), and lists every published year the unit appears in, newest first.
func TestProfileOf(t *testing.T) {
	r1, r2 := 1, 2
	change := 1
	band := "Tốt"
	y2017 := Tier{Year: 2017, Tier: "department", TierName: "Khối sở, ban, ngành", AverageIndex: num("78.00"),
		Stats: Stats{Ranked: 2, Fields: []FieldAverage{{Code: "1", AverageIndex: num("80.00")}, {Code: "2", AverageIndex: num("70.00")}, {Code: "3"}}},
		Units: []Unit{
			{Rank: &r2, UnitCode: "SNV", UnitName: "Sở Nội vụ", Points: "70.000", MaxPoints: "100.000", Index: num("70.00")},
			{Rank: &r1, UnitCode: "STC", UnitName: "Sở Tài chính", Points: "81.300", MaxPoints: "100.000", Index: num("81.30"), Band: &band,
				RankChange: &change, IndexChange: num("-1.31"),
				Fields: []Node{
					{Code: "1", Name: "Công tác chỉ đạo", Points: "7.500", MaxPoints: "10.000", Index: num("75.00")},
					{Code: "2", Name: "Thủ tục hành chính", Points: "9.000", MaxPoints: "10.000", Index: num("90.00")},
					{Code: "3", Name: "Tổ chức bộ máy", Points: "0.000", MaxPoints: "0.000"},
				}},
		}}
	y2016 := Tier{Year: 2016, Tier: "department", TierName: "Khối sở, ban, ngành",
		Stats: Stats{Ranked: 3}, Units: []Unit{{Rank: &r2, UnitCode: "STC", UnitName: "Sở Tài chính", Points: "82.610", MaxPoints: "100.000", Index: num("82.61")}}}
	snaps := []Release{
		{Doc: Snapshot{Year: 2017, Tiers: []Tier{y2017}}, Pub: &Published{Version: 2}},
		{Doc: Snapshot{Year: 2016, Tiers: []Tier{y2016}}, Pub: &Published{Version: 1}},
	}
	got, ok := ProfileOf("STC", snaps)
	if !ok {
		t.Fatal("no profile for STC")
	}
	yes, no := true, false
	fields := []ProfileField{
		{Code: "1", Name: "Công tác chỉ đạo", Points: "7.500", MaxPoints: "10.000", Index: num("75.00"), TierAverage: num("80.00"), AboveAverage: &no},
		{Code: "2", Name: "Thủ tục hành chính", Points: "9.000", MaxPoints: "10.000", Index: num("90.00"), TierAverage: num("70.00"), AboveAverage: &yes},
		{Code: "3", Name: "Tổ chức bộ máy", Points: "0.000", MaxPoints: "0.000"},
	}
	want := Profile{UnitCode: "STC", UnitName: "Sở Tài chính", Tier: "department", TierName: "Khối sở, ban, ngành", Year: 2017,
		Fields: fields, Strongest: &fields[1], Weakest: &fields[0],
		History: []ProfileYear{
			{Year: 2017, Version: 2, Tier: "department", TierName: "Khối sở, ban, ngành", Rank: &r1, Ranked: 2, Points: "81.300", MaxPoints: "100.000",
				Index: num("81.30"), Band: &band, AverageIndex: num("78.00"), RankChange: &change, IndexChange: num("-1.31")},
			{Year: 2016, Version: 1, Tier: "department", TierName: "Khối sở, ban, ngành", Rank: &r2, Ranked: 3, Points: "82.610", MaxPoints: "100.000",
				Index: num("82.61")},
		}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("profile (-want +got):\n%s", d)
	}
	if _, ok := ProfileOf("XYZ", snaps); ok {
		t.Error("a unit in no snapshot has a profile")
	}
	// No field with an index: no strongest and no weakest.
	none := []Release{{Doc: Snapshot{Year: 2016, Tiers: []Tier{{Year: 2016, Units: []Unit{{UnitCode: "A", Fields: []Node{{Code: "1"}}}}}}}, Pub: &Published{Version: 1}}}
	p, _ := ProfileOf("A", none)
	if p.Strongest != nil || p.Weakest != nil {
		t.Errorf("strongest %v, weakest %v of a unit without indexes", p.Strongest, p.Weakest)
	}
}
