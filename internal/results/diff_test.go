package results

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

func rank(n int) *int       { return &n }
func band(s string) *string { return &s }

func unit(code string, r int, index, b string) Unit {
	u := Unit{UnitCode: code, UnitName: "Đơn vị " + code, Rank: rank(r), Index: num(index)}
	if b != "" {
		u.Band = band(b)
	}
	return u
}

func TestDiff(t *testing.T) {
	dep := func(us ...Unit) Tier { return Tier{Tier: "department", TierName: "Sở, ban, ngành", Units: us} }
	tests := []struct {
		name     string
		old, new []Tier
		want     []Change
	}{
		{name: "nothing shown changes", old: []Tier{dep(unit("a", 1, "80.00", "Tốt"))}, new: []Tier{dep(unit("a", 1, "80.0", "Tốt"))}},
		{name: "an index changes, its rank and band stay",
			old: []Tier{dep(unit("a", 1, "85.10", "Tốt"), unit("b", 2, "70.00", "Khá"))},
			new: []Tier{dep(unit("a", 1, "85.20", "Tốt"), unit("b", 2, "70.00", "Khá"))},
			want: []Change{{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "a", UnitName: "Đơn vị a",
				OldIndex: num("85.10"), NewIndex: num("85.20"), OldRank: rank(1), NewRank: rank(1), OldBand: band("Tốt"), NewBand: band("Tốt")}}},
		{name: "two units swap rank and one changes band",
			old: []Tier{dep(unit("a", 1, "80.50", "Tốt"), unit("b", 2, "79.00", "Khá"))},
			new: []Tier{dep(unit("b", 1, "81.00", "Tốt"), unit("a", 2, "80.50", "Tốt"))},
			want: []Change{
				{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "b", UnitName: "Đơn vị b", OldIndex: num("79.00"), NewIndex: num("81.00"), OldRank: rank(2), NewRank: rank(1), OldBand: band("Khá"), NewBand: band("Tốt")},
				{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "a", UnitName: "Đơn vị a", OldIndex: num("80.50"), NewIndex: num("80.50"), OldRank: rank(1), NewRank: rank(2), OldBand: band("Tốt"), NewBand: band("Tốt")},
			}},
		{name: "a band only: the thresholds changed",
			old:  []Tier{dep(unit("a", 1, "75.00", "Khá"))},
			new:  []Tier{dep(unit("a", 1, "75.00", ""))},
			want: []Change{{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "a", UnitName: "Đơn vị a", OldIndex: num("75.00"), NewIndex: num("75.00"), OldRank: rank(1), NewRank: rank(1), OldBand: band("Khá")}}},
		{name: "a unit added and one removed",
			old: []Tier{dep(unit("a", 1, "90.00", ""), unit("gone", 2, "50.00", ""))},
			new: []Tier{dep(unit("a", 1, "90.00", ""), unit("new", 2, "60.00", ""))},
			want: []Change{
				{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "new", UnitName: "Đơn vị new", NewIndex: num("60.00"), NewRank: rank(2), Added: true},
				{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "gone", UnitName: "Đơn vị gone", OldIndex: num("50.00"), OldRank: rank(2), Removed: true},
			}},
		{name: "a tier only in the old version",
			old:  []Tier{{Tier: "district", TierName: "Huyện", Units: []Unit{unit("h", 1, "70.00", "")}}},
			want: []Change{{Tier: "district", TierName: "Huyện", UnitCode: "h", UnitName: "Đơn vị h", OldIndex: num("70.00"), OldRank: rank(1), Removed: true}}},
		{name: "first publication: every unit is added",
			new:  []Tier{dep(unit("a", 1, "70.00", ""))},
			want: []Change{{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "a", UnitName: "Đơn vị a", NewIndex: num("70.00"), NewRank: rank(1), Added: true}}},
		{name: "an index appears where there was none",
			old:  []Tier{dep(Unit{UnitCode: "a", UnitName: "Đơn vị a"})},
			new:  []Tier{dep(unit("a", 1, "70.00", ""))},
			want: []Change{{Tier: "department", TierName: "Sở, ban, ngành", UnitCode: "a", UnitName: "Đơn vị a", NewIndex: num("70.00"), NewRank: rank(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, Diff(tt.old, tt.new)); d != "" {
				t.Errorf("Diff (-want +got):\n%s", d)
			}
		})
	}
}

func TestChaseOf(t *testing.T) {
	ten := milli(10000)
	f, err := score.NewFramework(score.FrameworkInput{Criteria: []score.Criterion{
		{Code: "1", Name: "Một", Children: []score.Criterion{
			{Code: "1.1", Name: "a", MaxPoints: ten}, {Code: "1.2", Name: "b", MaxPoints: ten}, {Code: "1.3", Name: "c", MaxPoints: ten}}},
		{Code: "2", Name: "Hai", Children: []score.Criterion{{Code: "2.1", Name: "s", MaxPoints: ten, Source: score.Survey}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	scores := []workflow.Score{
		{Criterion: "1.1", Self: milli(5000), Points: milli(4000)}, // done
		{Criterion: "1.2", Self: milli(5000)},                      // awaits the council
		{Criterion: "1.3", NotApplicable: true},                    // nothing to do
	}
	remarks := []workflow.Remark{{Criterion: "1.1", Kind: "remark"}, {Criterion: "1.1", Kind: "explanation"}, {Criterion: "1.2", Kind: "remark"}}
	got := ChaseOf(f, scores, remarks)
	if want := (Chase{NoSelf: 0, NoAppraisal: 1, NoSurvey: 1, OpenRemarks: 1}); got != want || got.Done() {
		t.Errorf("ChaseOf = %+v, want %+v", got, want)
	}
	if got := ChaseOf(f, nil, nil); got != (Chase{NoSelf: 3, NoAppraisal: 3, NoSurvey: 1}) {
		t.Errorf("nothing entered: %+v", got)
	}
}
