package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// TestScoredUnits: the named units only (or all), each with its entries
// by leaf position, the same as TierScores has them; a code that is not a
// unit of the period is left out.
func TestScoredUnits(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	if _, err := st.CreatePeriod(ctx, 2026, "2026"); err != nil {
		t.Fatal(err)
	}
	max := score.Milli(10000)
	if _, err := st.PutFramework(ctx, 2026, "district", score.FrameworkInput{Criteria: []score.Criterion{
		{Code: "1", Name: "Lĩnh vực", Children: []score.Criterion{{Code: "1.1", Name: "A", MaxPoints: &max}, {Code: "1.2", Name: "B", MaxPoints: &max}}},
	}}); err != nil {
		t.Fatal(err)
	}
	var writes []workflow.ScoreWrite
	for i := range 3 {
		code := fmt.Sprintf("u%d", i)
		if _, err := st.CreateUnit(ctx, workflow.Unit{Code: code, Name: "UBND huyện " + code, Tier: "district"}); err != nil {
			t.Fatal(err)
		}
		self, pts := score.Milli(1000*(i+1)), score.Milli(500*(i+1))
		writes = append(writes, workflow.ScoreWrite{Unit: code, Criterion: "1.2", Self: &self, SetSelf: true, Points: &pts, SetPoints: true},
			workflow.ScoreWrite{Unit: code, Criterion: "1.1", NotApplicable: i == 1, SetNotApplicable: true})
	}
	if err := st.UpsertScores(ctx, 2026, workflow.User{}, writes); err != nil {
		t.Fatal(err)
	}
	_, whole, err := st.TierScores(ctx, 2026, "district")
	if err != nil {
		t.Fatal(err)
	}
	some, err := st.ScoredUnits(ctx, 2026, []string{"u2", "u1", "nope"})
	if err != nil {
		t.Fatal(err)
	}
	if len(some.Tiers) != 1 || some.Period.Year != 2026 || some.Tiers[0].Tier.Code != "district" || len(some.Tiers[0].Units) != 2 {
		t.Fatalf("ScoredUnits(u2, u1, nope) = %+v", some)
	}
	for i, u := range some.Tiers[0].Units {
		if want := whole[i+1]; u.Code != want.Code || fmt.Sprint(u.Entries) != fmt.Sprint(want.Entries) {
			t.Errorf("unit %d: %+v, want %+v", i, u, want)
		}
	}
	all, err := st.ScoredUnits(ctx, 2026, nil)
	if err != nil || len(all.Tiers) != 1 || fmt.Sprint(all.Tiers[0].Units) != fmt.Sprint(whole) {
		t.Errorf("ScoredUnits(nil) = %+v, %v; want %+v", all, err, whole)
	}
	if none, err := st.ScoredUnits(ctx, 2026, []string{}); err != nil || len(none.Tiers) != 0 {
		t.Errorf("ScoredUnits([]) = %+v, %v; want no tiers", none, err)
	}
	if _, err := st.ScoredUnits(ctx, 2030, nil); score.ErrorCode(err) != score.ENOTFOUND {
		t.Errorf("a year that does not exist: %v", err)
	}
}
