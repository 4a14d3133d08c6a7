package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// TestThreadStatus: the council resolves a thread and reopens it, each in
// one transaction with its audit entry (old → new status); a refused
// change leaves neither an entry nor an audit entry; a unit may not
// explain on a resolved thread. Runs on PostgreSQL too.
func TestThreadStatus(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	max := score.Milli(10_000)
	if _, err := st.CreateUnit(ctx, workflow.Unit{Code: "tt", Name: "Thanh tra tỉnh", Tier: "department"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePeriod(ctx, 2026, "Chỉ số CCHC năm 2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutFramework(ctx, 2026, "department", score.FrameworkInput{Criteria: []score.Criterion{
		{Code: "1", Name: "Chỉ đạo, điều hành", Children: []score.Criterion{{Code: "1.1", Name: "Kế hoạch", MaxPoints: &max}, {Code: "1.2", Name: "Báo cáo", MaxPoints: &max}}}}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	staff := By{Actor: workflow.Actor{Name: "thuky", Role: workflow.RoleSecretariat}, At: now}
	for _, to := range []string{workflow.SelfAssessment, workflow.Appraisal} {
		if _, err := st.ChangeStage(ctx, 2026, StageMove{To: to}, staff); err != nil {
			t.Fatal(err)
		}
	}
	council := By{Actor: workflow.Actor{Name: "hoidong", Role: workflow.RoleCouncil, Units: []string{"tt"}}, At: now}
	unit := By{Actor: workflow.Actor{Name: "tt-user", Role: workflow.RoleUnit, Unit: "tt"}, At: now}
	as := func(by By) context.Context { return WithActor(ctx, by.Actor) }
	add := func(by By, body string) error {
		_, err := st.AddRemark(as(by), 2026, "tt", workflow.Remark{Criterion: "1.1", Body: body}, by)
		return err
	}
	audits := func() []workflow.AuditEntry {
		t.Helper()
		es, err := st.Audit(ctx, AuditFilter{Year: 2026, Unit: "tt", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return es
	}

	// Nothing to resolve yet.
	if _, err := st.SetThreadStatus(as(council), 2026, "tt", "1.1", workflow.KindResolved, "", council); score.ErrorCode(err) != score.ECONFLICT {
		t.Fatalf("resolving an empty thread: %v", err)
	}
	if err := add(council, "Kế hoạch ban hành chậm"); err != nil {
		t.Fatal(err)
	}
	if err := add(unit, "Đã ban hành đúng hạn"); err != nil {
		t.Fatal(err)
	}
	n := len(audits())
	// The unit may not resolve; nothing is written.
	if _, err := st.SetThreadStatus(as(unit), 2026, "tt", "1.1", workflow.KindResolved, "", unit); score.ErrorCode(err) != score.EFORBIDDEN {
		t.Fatalf("the unit resolving: %v", err)
	}
	if got := len(audits()); got != n {
		t.Errorf("a refused resolve left %d audit entries", got-n)
	}
	r, err := st.SetThreadStatus(as(council), 2026, "tt", "1.1", workflow.KindResolved, "Chấp nhận giải trình", council)
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != workflow.KindResolved || r.Author != "hoidong" || r.Body != "Chấp nhận giải trình" || r.ID == 0 {
		t.Errorf("the resolved entry: %+v", r)
	}
	a := audits()[0]
	if a.Action != "update" || a.Entity != "remark" || a.Field != "status" || a.Criterion != "1.1" || a.Actor != "hoidong" ||
		a.OldValue == nil || *a.OldValue != "open" || a.NewValue == nil || *a.NewValue != "resolved" || a.Reason != "Chấp nhận giải trình" {
		t.Errorf("the resolve's audit entry: %+v", a)
	}
	// Resolved: the unit may not explain again; resolving twice is a conflict.
	if err := add(unit, "Bổ sung"); score.ErrorCode(err) != score.ECONFLICT {
		t.Errorf("an explanation on a resolved thread: %v", err)
	}
	if _, err := st.SetThreadStatus(as(council), 2026, "tt", "1.1", workflow.KindResolved, "", council); score.ErrorCode(err) != score.ECONFLICT {
		t.Errorf("resolving twice: %v", err)
	}
	// Reopening needs a reason.
	if _, err := st.SetThreadStatus(as(council), 2026, "tt", "1.1", workflow.KindReopened, " ", council); score.ErrorCode(err) != score.EUNPROCESSABLE {
		t.Errorf("reopening without a reason: %v", err)
	}
	if _, err := st.SetThreadStatus(as(council), 2026, "tt", "1.1", workflow.KindReopened, "Thiếu văn bản kèm theo", council); err != nil {
		t.Fatal(err)
	}
	if a := audits()[0]; *a.OldValue != "resolved" || *a.NewValue != "open" {
		t.Errorf("the reopen's audit entry: %+v", a)
	}
	if err := add(unit, "Đã bổ sung văn bản"); err != nil {
		t.Errorf("an explanation on the reopened thread: %v", err)
	}
	_, remarks, err := st.Threads(ctx, 2026, "tt")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range remarks {
		kinds = append(kinds, r.Kind)
	}
	if want := []string{"remark", "explanation", "resolved", "reopened", "explanation"}; !slices.Equal(kinds, want) {
		t.Errorf("the thread: %v, want %v", kinds, want)
	}
	all, err := st.PeriodRemarks(ctx, 2026, nil)
	if err != nil || len(all["tt"]) != 5 {
		t.Errorf("PeriodRemarks: %v, %v", all, err)
	}
	if some, err := st.PeriodRemarks(ctx, 2026, []string{"tt"}); err != nil || len(some["tt"]) != 5 || some["tt"][4] != remarks[4] {
		t.Errorf("PeriodRemarks of tt: %v, %v", some, err)
	}
	if some, err := st.PeriodRemarks(ctx, 2026, []string{"stc"}); err != nil || len(some) != 0 {
		t.Errorf("PeriodRemarks of another unit: %v, %v", some, err)
	}
	// After finalizing, nothing changes.
	if _, err := st.ChangeStage(ctx, 2026, StageMove{To: workflow.Finalized, Force: true, Reason: "kiểm thử"}, By{Actor: workflow.Actor{Name: "admin", Role: workflow.RoleAdmin}, At: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetThreadStatus(ctx, 2026, "tt", "1.1", workflow.KindResolved, "", staff); score.ErrorCode(err) != score.ECONFLICT {
		t.Errorf("resolving in a finalized period: %v", err)
	}
}
