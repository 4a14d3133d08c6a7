package store

import (
	"context"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// TestSheetOneRead: a unit's sheet puts scores, evidence and remarks at
// their leaves with the revision and the engine's result, and reads one
// state without waiting for a writer: while another transaction has
// written but not committed, Sheet answers at once with what was there.
func TestSheetOneRead(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	if _, err := st.CreateUnit(ctx, workflow.Unit{Code: "tt", Name: "Thanh tra tỉnh", Tier: "department"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePeriod(ctx, 2026, "2026"); err != nil {
		t.Fatal(err)
	}
	ten, six := score.Milli(10_000), score.Milli(6_000)
	if _, err := st.PutFramework(ctx, 2026, "department", score.FrameworkInput{Criteria: []score.Criterion{
		{Code: "1", Name: "Lĩnh vực", Children: []score.Criterion{{Code: "1.1", Name: "a", MaxPoints: &ten}, {Code: "1.2", Name: "b", MaxPoints: &ten}}},
	}}); err != nil {
		t.Fatal(err)
	}
	by := By{Actor: workflow.Actor{Name: "admin", Role: workflow.RoleAdmin}, At: time.Now()}
	if err := st.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{{Unit: "tt", Criterion: "1.2", Points: &six, SetPoints: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddEvidence(ctx, 2026, "tt", workflow.Evidence{Criterion: "1.2", Title: "Báo cáo", URL: "https://example.vn/bc"}, by); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddRemark(ctx, 2026, "tt", workflow.Remark{Criterion: "1.1", Body: "Thiếu"}, by); err != nil {
		t.Fatal(err)
	}
	sh, err := st.Sheet(ctx, 2026, "tt")
	if err != nil {
		t.Fatal(err)
	}
	l1, l2 := sh.Leaves[0], sh.Leaves[1]
	if sh.Revision != 1 || l1.Score != nil || *l2.Score.Points != six || len(l2.Evidence) != 1 || len(l1.Remarks) != 1 || len(l2.Remarks) != 0 {
		t.Fatalf("sheet: revision %d, leaves %+v %+v", sh.Revision, l1, l2)
	}
	if r := sh.Result; r.Total.Points != six || r.Total.Max != 20_000 || r.Complete {
		t.Errorf("result %+v", r.Total)
	}

	// A writer holds its transaction open; the sheet does not wait for it.
	wrote, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- st.InTx(ctx, func(tx *Store) error {
			eight := score.Milli(8_000)
			if err := tx.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{{Unit: "tt", Criterion: "1.1", Points: &eight, SetPoints: true}}); err != nil {
				return err
			}
			close(wrote)
			<-release
			return nil
		})
	}()
	<-wrote
	start := time.Now()
	sh, err = st.Sheet(ctx, 2026, "tt")
	close(release)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the sheet waited %v for a writer", d)
	}
	if sh.Leaves[0].Score != nil || sh.Revision != 1 {
		t.Errorf("the sheet saw an uncommitted write: %+v, revision %d", sh.Leaves[0].Score, sh.Revision)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if sh, _ = st.Sheet(ctx, 2026, "tt"); sh.Leaves[0].Score == nil || sh.Revision != 2 {
		t.Errorf("after the commit: %+v, revision %d", sh.Leaves[0].Score, sh.Revision)
	}
}
