package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/score"
)

// TestUnitNamesUniquePerTier: the store itself refuses a second unit whose
// name is the first's in another case, Unicode form or spacing, and a name
// with invisible characters, on create and on rename; another tier may
// have it.
func TestUnitNamesUniquePerTier(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	if _, err := st.CreateUnit(ctx, Unit{Code: "stp", Name: norm.NFD.String("Sở Tư pháp "), Tier: "department"}); err != nil {
		t.Fatal(err)
	}
	if u, _ := st.Unit(ctx, "stp"); u.Name != "Sở Tư pháp" {
		t.Errorf("stored name %q, want it trimmed and in NFC", u.Name)
	}
	for _, name := range []string{"Sở Tư pháp", "SỞ TƯ PHÁP", "sở  tư pháp"} {
		_, err := st.CreateUnit(ctx, Unit{Code: "stp2", Name: name, Tier: "department"})
		if score.ErrorCode(err) != score.ECONFLICT || !strings.Contains(err.Error(), "stp") {
			t.Errorf("a twin %q: %v, want a conflict naming stp", name, err)
		}
	}
	_, err := st.CreateUnit(ctx, Unit{Code: "stp2", Name: "Sở Tư\u200b pháp", Tier: "department"})
	if score.ErrorCode(err) != score.EUNPROCESSABLE {
		t.Errorf("a name with a zero-width space: %v", err)
	}
	if _, err := st.CreateUnit(ctx, Unit{Code: "stp-h", Name: "Sở Tư pháp", Tier: "district"}); err != nil {
		t.Errorf("the same name in another tier: %v", err)
	}
	if _, err := st.CreateUnit(ctx, Unit{Code: "stc", Name: "Sở Tài chính", Tier: "department"}); err != nil {
		t.Fatal(err)
	}
	name := "sở tư pháp"
	if _, err := st.UpdateUnit(ctx, "stc", UnitChange{Name: &name}); score.ErrorCode(err) != score.ECONFLICT {
		t.Errorf("renaming to a twin: %v", err)
	}
	if _, err := st.UpdateUnit(ctx, "stp", UnitChange{Name: &name}); err != nil {
		t.Errorf("a unit changing its own name's case: %v", err)
	}
	if units, _ := st.Units(ctx, "department", true); len(units) != 2 {
		t.Errorf("units %+v", units)
	}
}

// TestConcurrentTwinUnits: of units created at the same moment under one
// name, exactly one is kept (the unique index decides on PostgreSQL).
func TestConcurrentTwinUnits(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := []string{"Sở Tư pháp", norm.NFD.String("Sở Tư pháp"), "SỞ TƯ PHÁP"}[i%3]
			_, errs[i] = st.CreateUnit(ctx, Unit{Code: fmt.Sprintf("stp%d", i), Name: name, Tier: "department"})
		}()
	}
	wg.Wait()
	created := 0
	for _, err := range errs {
		switch {
		case err == nil:
			created++
		case score.ErrorCode(err) != score.ECONFLICT:
			t.Errorf("a concurrent twin: %v, want a conflict", err)
		}
	}
	if units, _ := st.Units(ctx, "department", true); created != 1 || len(units) != 1 {
		t.Errorf("%d created, units %+v; want exactly one", created, units)
	}
}

// TestNameKeysFilledOnStart: units of a version before name keys get
// theirs when the store opens; two that already shared a name keep working.
func TestNameKeysFilledOnStart(t *testing.T) {
	ctx := context.Background()
	path := testURL(t)
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Sở Tư pháp", "SỞ TƯ PHÁP", "Sở Tài chính"} {
		if err := st.db.Exec("INSERT INTO units (code, name, tier_id, active, created_at, updated_at) SELECT ?, ?, id, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM tiers WHERE code = 'department'",
			fmt.Sprintf("old%d", i), name).Error; err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	st, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("opening a database with twin units: %v", err)
	}
	defer st.Close()
	var keys []struct {
		Code    string
		NameKey *string
	}
	st.db.Raw("SELECT code, name_key FROM units ORDER BY code").Scan(&keys)
	if len(keys) != 3 || keys[0].NameKey == nil || keys[1].NameKey != nil || keys[2].NameKey == nil {
		t.Errorf("keys after the start: %+v; want old0 and old2 filled, old1 (old0's twin) not", keys)
	}
	if _, err := st.CreateUnit(ctx, Unit{Code: "new", Name: "sở tư pháp", Tier: "department"}); score.ErrorCode(err) != score.ECONFLICT {
		t.Errorf("a new twin of an old unit: %v", err)
	}
	renamed := "Sở Tư pháp tỉnh"
	if _, err := st.UpdateUnit(ctx, "old1", UnitChange{Name: &renamed}); err != nil {
		t.Errorf("renaming the old twin: %v", err)
	}
}

// TestCopyDataRefusesControlCharacters: a source holding a NUL (which
// PostgreSQL cannot store) or another control character where its column
// may not is refused before anything is copied, naming table, row id and
// column; multi-line text keeps its tabs and line breaks. Nothing of the
// source is changed.
func TestCopyDataRefusesControlCharacters(t *testing.T) {
	ctx := context.Background()
	src, err := Open(ctx, filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := src.CreateUnit(ctx, Unit{Code: "stp", Name: "Sở Tư pháp", Tier: "department"}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreatePeriod(ctx, 2016, "Chỉ số CCHC năm 2016"); err != nil {
		t.Fatal(err)
	}
	max := score.Milli(10000)
	if _, err := src.PutFramework(ctx, 2016, "department", score.FrameworkInput{Criteria: []score.Criterion{{Code: "1", Name: "A", MaxPoints: &max}}}); err != nil {
		t.Fatal(err)
	}
	if err := src.UpsertScores(ctx, 2016, User{}, []ScoreWrite{{Unit: "stp", Criterion: "1", Note: "Dòng 1\r\nDòng 2\tcột\rcũ", SetNote: true}}); err != nil {
		t.Fatal(err)
	}
	// What older versions let in, written as they wrote it.
	var unitID int64
	src.db.Raw("SELECT id FROM units WHERE code = 'stp'").Scan(&unitID)
	for _, q := range []string{
		"UPDATE units SET name = 'Sở Tư' || char(0) || 'pháp' WHERE code = 'stp'",
		"UPDATE periods SET title = 'Chỉ số' || char(27) || '[2J' WHERE year = 2016",
		"INSERT INTO audit_log (at, actor, action, entity, field, reason) VALUES (CURRENT_TIMESTAMP, 'anonymous', 'login_failed', 'session', 'ad' || char(0) || 'min', 'from 10.0.0.1')",
	} {
		if err := src.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	var auditID int64
	src.db.Raw("SELECT MAX(id) FROM audit_log").Scan(&auditID)
	before, _ := src.RowCounts(ctx)

	dst := open(t)
	_, err = CopyData(ctx, src, dst)
	if err == nil {
		t.Fatal("a source with NUL characters was copied")
	}
	for _, want := range []string{
		fmt.Sprintf("table units, row id %d, column name: holds the control character U+0000 (NUL)", unitID),
		"table periods, row id 1, column title: holds the control character U+001B (escape)",
		fmt.Sprintf("table audit_log, row id %d, column field: holds the control character U+0000 (NUL)", auditID),
		"nothing was copied",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "scores") {
		t.Errorf("the multi-line note's tab and line breaks were refused:\n%v", err)
	}
	after, _ := src.RowCounts(ctx)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("the source changed: %v → %v", before, after)
	}
	var name string
	src.db.Raw("SELECT name FROM units WHERE code = 'stp'").Scan(&name)
	if name != "Sở Tư\x00pháp" {
		t.Errorf("the source's unit name is now %q: the move must not change data", name)
	}
	if got, _ := dst.RowCounts(ctx); fmt.Sprint(got) != fmt.Sprint(emptyCounts(t)) {
		t.Errorf("rows reached the target: %v", got)
	}
	if !strings.Contains(err.Error(), "--escape-audit") {
		t.Errorf("the refusal does not say how the audit log's values may move: %v", err)
	}

	// Corrected in the source: the unit through the store (whose audit
	// entry shows the old name escaped), the title by hand.
	fixed := "Sở Tư pháp"
	if _, err := src.UpdateUnit(ctx, "stp", UnitChange{Name: &fixed}); err != nil {
		t.Fatal(err)
	}
	if err := src.db.Exec("UPDATE periods SET title = 'Chỉ số CCHC năm 2016'").Error; err != nil {
		t.Fatal(err)
	}
	renamed, _ := src.Audit(ctx, AuditFilter{Entity: "unit"})
	if len(renamed) == 0 || renamed[0].OldValue == nil || *renamed[0].OldValue != `Sở Tư\u0000pháp` {
		t.Errorf("the rename's audit entry: %+v, want the old name with its NUL written \\u0000", renamed)
	}
	_, err = CopyData(ctx, src, dst)
	if err == nil || strings.Contains(err.Error(), "table units") || strings.Contains(err.Error(), "table periods") ||
		!strings.Contains(err.Error(), fmt.Sprintf("table audit_log, row id %d, column field", auditID)) {
		t.Fatalf("after the corrections, only the old sign-in's audit entry is refused: %v", err)
	}
	var escaped []string
	if _, err := CopyData(ctx, src, dst, CopyOptions{EscapeAudit: true, Escaped: func(p string) { escaped = append(escaped, p) }}); err != nil {
		t.Fatalf("a move with --escape-audit: %v", err)
	}
	if want := fmt.Sprintf("table audit_log, row id %d, column field", auditID); len(escaped) != 1 || escaped[0] != want {
		t.Errorf("escaped %v, want [%s]", escaped, want)
	}
	var field string
	dst.db.Raw("SELECT field FROM audit_log WHERE id = ?", auditID).Scan(&field)
	if field != `ad\u0000min` {
		t.Errorf("the moved sign-in's username is %q", field)
	}
}

// emptyCounts is the row counts of a freshly migrated database.
func emptyCounts(t *testing.T) []TableCount {
	t.Helper()
	counts, err := open(t).RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts
}
