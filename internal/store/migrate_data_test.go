package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/parindex/parindex/internal/workflow"
)

// TestCopyData copies a SQLite database into a fresh one of the engine
// under test: every table's rows, ids kept, tokens left behind; a second
// copy into the now non-empty target is refused, as is a source with a
// table the copy does not know.
func TestCopyData(t *testing.T) {
	ctx := context.Background()
	src, err := Open(ctx, filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := src.CreateFirstAdmin(ctx, "admin", "$2a$10$hash"); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreateTier(ctx, workflow.Tier{Code: "commune", Name: "Cấp xã"}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreateUnit(ctx, workflow.Unit{Code: "xa-san-thang", Name: "UBND xã San Thàng", Tier: "commune"}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreatePeriod(ctx, 2016, "Chỉ số CCHC năm 2016"); err != nil {
		t.Fatal(err)
	}
	admin, err := src.User(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.CreateToken(ctx, admin.ID, "token-hash", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	dst := open(t)
	counts, err := CopyData(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	want, err := src.RowCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := dst.RowCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("row counts (-source +target):\n%s", diff)
	}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("reported counts (-source +reported):\n%s", diff)
	}
	var tokens int64
	dst.db.Raw("SELECT COUNT(*) FROM tokens").Scan(&tokens)
	if tokens != 0 {
		t.Errorf("%d tokens copied; sessions must end with the move", tokens)
	}
	// Ids are kept, and new rows get new ones.
	if u, err := dst.User(ctx, "admin"); err != nil || u.ID != admin.ID {
		t.Errorf("admin after the copy: %+v %v, want id %d", u, err, admin.ID)
	}
	if _, err := dst.CreateTier(ctx, workflow.Tier{Code: "ward", Name: "Phường"}); err != nil {
		t.Errorf("a new tier after the copy: %v", err)
	}

	if _, err := CopyData(ctx, src, dst); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a copy into a non-empty target: %v", err)
	}
	if err := src.db.Exec("CREATE TABLE extra (id INTEGER PRIMARY KEY)").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := CopyData(ctx, src, open(t)); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Errorf("a source with an unknown table: %v", err)
	}
}
