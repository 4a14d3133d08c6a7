package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// TestMigrateDataRefusesControlCharacters: SQLite data that an older
// version let in with a NUL (a unit's name, a sign-in attempt's username in
// the audit log) is refused before anything is copied, naming table, row
// id and column; once the unit is corrected, the audit log (which refuses
// corrections) moves only with --escape-audit, which lists what it wrote.
func TestMigrateDataRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	pg := postgresURL(t)
	ctx := context.Background()
	from := filepath.Join(t.TempDir(), "province.db")
	src, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreateUnit(ctx, workflow.Unit{Code: "stp", Name: "Sở Tư pháp", Tier: "department"}); err != nil {
		t.Fatal(err)
	}
	src.Close()
	// As an older version wrote them.
	db, err := sql.Open("sqlite3", from)
	if err != nil {
		t.Fatal(err)
	}
	var unitID, auditID int64
	for _, q := range []string{
		"UPDATE units SET name = 'Sở Tư' || char(0) || 'pháp' WHERE code = 'stp'",
		"INSERT INTO audit_log (at, actor, action, entity, field, reason) VALUES (CURRENT_TIMESTAMP, 'anonymous', 'login_failed', 'session', 'ad' || char(0) || 'min', 'from 10.0.0.1')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.QueryRow("SELECT id FROM units WHERE code = 'stp'").Scan(&unitID)
	db.QueryRow("SELECT MAX(id) FROM audit_log").Scan(&auditID)
	db.Close()

	move := func(extra ...string) (string, error) {
		var out bytes.Buffer
		args := append([]string{"parindex", "migrate-data", "--from", from, "--to", pg}, extra...)
		err := run(ctx, args, func(string) string { return "" }, &out, io.Discard)
		return out.String(), err
	}
	_, err = move()
	for _, want := range []string{
		fmt.Sprintf("table units, row id %d, column name: holds the control character U+0000 (NUL)", unitID),
		fmt.Sprintf("table audit_log, row id %d, column field: holds the control character U+0000 (NUL)", auditID),
		"nothing was copied", "--escape-audit",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("migrate-data: %v\nwant it to say %q", err, want)
		}
	}
	for _, c := range rowCounts(t, pg) {
		if c.Rows > 0 && c.Table != "tiers" {
			t.Errorf("a refused move copied %d rows of %s", c.Rows, c.Table)
		}
	}

	// The unit is corrected through the service; the log cannot be.
	src, err = store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	name := "Sở Tư pháp"
	if _, err := src.UpdateUnit(ctx, "stp", store.UnitChange{Name: &name}); err != nil {
		t.Fatal(err)
	}
	src.Close()
	if _, err := move(); err == nil || strings.Contains(err.Error(), "table units") || !strings.Contains(err.Error(), "table audit_log") {
		t.Errorf("after the correction: %v; want only the audit log refused", err)
	}
	out, err := move("--escape-audit")
	if err != nil {
		t.Fatalf("migrate-data --escape-audit: %v", err)
	}
	if want := fmt.Sprintf("table audit_log, row id %d, column field: control characters written as \\u0000", auditID); !strings.Contains(out, want) {
		t.Errorf("migrate-data --escape-audit said:\n%s\nwant %q", out, want)
	}

	moved, err := serveCtx(t, map[string]string{"PARINDEX_DATABASE_URL": pg, "PARINDEX_ADMIN_PASSWORD": "after-the-move"})
	if err != nil {
		t.Fatal(err)
	}
	admin := login(t, moved.base, "admin", "after-the-move")
	if r := admin.must(http.StatusOK, "GET", "/api/v1/units/stp", nil); !bytes.Contains(r.body, []byte(`"name":"Sở Tư pháp"`)) {
		t.Errorf("the moved unit: %s", r.body)
	}
	audit := admin.must(http.StatusOK, "GET", "/api/v1/audit.csv", nil).body
	for _, want := range []string{`ad\u0000min`, `Sở Tư\u0000pháp`} {
		if !bytes.Contains(audit, []byte(want)) {
			t.Errorf("the moved audit log does not show %s:\n%s", want, audit)
		}
	}
}
