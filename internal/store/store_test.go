package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/pgtest"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

func open(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), testURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// testURL is storetest.URL (which this package's tests cannot import).
func testURL(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("PARINDEX_TEST_POSTGRES_URL")
	if admin == "" {
		return filepath.Join(t.TempDir(), "store.db")
	}
	u, drop, err := pgtest.NewDatabase(context.Background(), admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drop() })
	return u
}

func TestMigrationsApplyOnce(t *testing.T) {
	path := testURL(t)
	for i := 0; i < 2; i++ {
		st, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		lines, err := st.MigrationStatus(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if !strings.Contains(l, "applied") {
				t.Errorf("open #%d: %s", i+1, l)
			}
		}
		st.Close()
	}
}

// TestAuditIsAppendOnly: the database itself refuses to change history.
func TestAuditIsAppendOnly(t *testing.T) {
	st := open(t)
	ctx := WithActor(context.Background(), workflow.Actor{Name: "thuky"})
	if _, err := st.CreatePeriod(ctx, 2016, "Chỉ số CCHC năm 2016"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"} {
		if err := st.db.Exec(q).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v", q, err)
		}
	}
	entries, err := st.Audit(ctx, AuditFilter{Year: 2016})
	if err != nil || len(entries) != 1 || entries[0].Actor != "thuky" || entries[0].Action != "create" {
		t.Errorf("entries = %+v, %v", entries, err)
	}
}

// TestStoredExactly: Vietnamese text and 3-decimal points come back as
// they went in, and the schema itself refuses out-of-range points.
func TestStoredExactly(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	name := "UBND huyện Mường Tè"
	if _, err := st.CreateUnit(ctx, workflow.Unit{Code: "muong-te", Name: name, Tier: "district"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePeriod(ctx, 2016, "2016"); err != nil {
		t.Fatal(err)
	}
	max := score.Milli(16753)
	f, err := st.PutFramework(ctx, 2016, "district", score.FrameworkInput{Criteria: []score.Criterion{
		{Code: "1", Name: "Lĩnh vực", Children: []score.Criterion{{Code: "1.1", Name: "Mức độ hài lòng", MaxPoints: &max, Source: score.Survey}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	pts := score.Milli(15753)
	if err := st.UpsertScores(ctx, 2016, workflow.User{}, []workflow.ScoreWrite{{Unit: "muong-te", Criterion: "1.1", Points: &pts, SetPoints: true}}); err != nil {
		t.Fatal(err)
	}
	u, err := st.Unit(ctx, "muong-te")
	if err != nil || u.Name != name {
		t.Errorf("unit name = %q, %v", u.Name, err)
	}
	_, units, err := st.TierScores(ctx, 2016, "district")
	if err != nil {
		t.Fatal(err)
	}
	r := f.Evaluate(units[0])
	if r.Total.Points.String() != "15.753" || r.Index().Shown().StringFixed(2) != "94.03" {
		t.Errorf("points %s index %s", r.Total.Points, r.Index().Shown())
	}
	if err := st.db.Exec("UPDATE scores SET points_milli = -1").Error; err == nil {
		t.Error("the schema accepted negative points")
	}
	// A score write that changes nothing is not written or audited again.
	before, _ := st.Audit(ctx, AuditFilter{Entity: "score"})
	if err := st.UpsertScores(ctx, 2016, workflow.User{}, []workflow.ScoreWrite{{Unit: "muong-te", Criterion: "1.1", Points: &pts, SetPoints: true}}); err != nil {
		t.Fatal(err)
	}
	after, _ := st.Audit(ctx, AuditFilter{Entity: "score"})
	if len(after) != len(before) || len(before) != 1 {
		t.Errorf("audit entries %d → %d, want 1 → 1", len(before), len(after))
	}
	if rev, _ := st.Revision(ctx, 2016, "muong-te"); rev != 1 {
		t.Errorf("revision after an unchanged write = %d, want 1", rev)
	}
}

// TestInTxRollsBackEverything: a failure inside InTx keeps nothing.
func TestInTxRollsBackEverything(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	err := st.InTx(ctx, func(tx *Store) error {
		if _, err := tx.CreatePeriod(ctx, 2016, "2016"); err != nil {
			return err
		}
		_, err := tx.CreatePeriod(ctx, 2016, "again")
		return err
	})
	if score.ErrorCode(err) != score.ECONFLICT {
		t.Fatalf("err = %v", err)
	}
	if ps, _ := st.Periods(ctx); len(ps) != 0 {
		t.Errorf("periods after a rolled-back transaction: %+v", ps)
	}
	if entries, _ := st.Audit(ctx, AuditFilter{}); len(entries) != 0 {
		t.Errorf("audit after a rolled-back transaction: %+v", entries)
	}
}
