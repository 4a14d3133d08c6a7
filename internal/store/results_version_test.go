package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// TestResultsVersion: the fingerprint of a tier's results moves with every
// input of TierResults (scores, also from a second store on the database,
// the framework, a unit's name and active flag, the period's units, the
// stage, the previous year's framework and publication) and stays on
// writes the results do not read (a remark, a login, a score rewritten
// unchanged).
func TestResultsVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, other, must := liveWorld(t, "a", "b")
	version := func() string {
		t.Helper()
		v, err := st.ResultsVersion(ctx, 2026, "department")
		must(err)
		return v
	}
	last := version()
	step := func(what string, moves bool) {
		t.Helper()
		v := version()
		if moves && v == last {
			t.Errorf("%s: the version did not move from %q", what, last)
		}
		if !moves && v != last {
			t.Errorf("%s: the version moved from %q to %q", what, last, v)
		}
		last = v
	}
	pts := score.Milli(3000)
	must(st.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{{Unit: "a", Criterion: "1", Points: &pts, SetPoints: true}}))
	step("a score", true)
	must(st.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{{Unit: "a", Criterion: "1", Points: &pts, SetPoints: true}}))
	step("the same score again (nothing changed)", false)

	pts2 := score.Milli(4000)
	must(other.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{{Unit: "b", Criterion: "2", Self: &pts2, SetSelf: true}}))
	step("a score from another store", true)

	_, err := st.PutFramework(ctx, 2026, "department", twoLeaves(12000))
	must(err)
	step("a framework maximum", true)

	_, err = st.UpdateUnit(ctx, "a", store.UnitChange{Name: strp("Sở A mới")})
	must(err)
	step("a unit renamed", true)

	_, err = st.MoveStage(ctx, 2026, store.StageMove{To: workflow.SelfAssessment})
	must(err)
	step("a stage move", true)

	_, err = st.CreateUnit(ctx, workflow.Unit{Code: "d", Name: "Sở D", Tier: "department"})
	must(err)
	step("a unit created", true)
	_, err = st.AddPeriodUnit(ctx, 2026, "d", "thêm đơn vị")
	must(err)
	step("a unit added to the period", true)
	_, err = st.UpdateUnit(ctx, "d", store.UnitChange{Active: boolp(false)})
	must(err)
	step("a unit deactivated (and dropped from the period)", true)

	_, err = st.MoveStage(ctx, 2026, store.StageMove{To: workflow.Appraisal})
	must(err)
	step("a stage move", true)
	_, err = st.AddRemark(ctx, 2026, "a", workflow.Remark{Criterion: "1", Body: "Thiếu tài liệu"},
		store.By{Actor: workflow.Actor{Name: "hoidong", Role: "council"}, At: time.Now()})
	must(err)
	step("a remark", false)
	must(st.LoginFailed(ctx, "ai-do", "192.0.2.1", time.Now(), "login"))
	step("a failed login", false)

	_, err = st.CreatePeriod(ctx, 2025, "Năm 2025")
	must(err)
	_, err = st.PutFramework(ctx, 2025, "department", twoLeaves(10000))
	must(err)
	step("the previous year's framework", true)
	_, _, err = st.PublishPeriod(ctx, results.Publication{Year: 2025, By: "admin", Actor: workflow.Actor{Name: "admin", Role: "admin"},
		Reason: "công bố thử", Force: true, At: time.Now()})
	must(err)
	step("the previous year published", true)
}

func strp(s string) *string { return &s }
func boolp(b bool) *bool    { return &b }
