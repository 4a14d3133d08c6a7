package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/e2e"
)

// runSmall runs the parts named (all when none) on a tiny province: each
// works and reports the rows wanted, at least targets of them with a
// target. It asserts no figure: targets are for the bench command on a
// quiet machine, not for a test on a shared one.
func runSmall(t *testing.T, parts []string, targets int, want ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("drives the HTTP server with load for a few seconds")
	}
	cfg := Defaults(true)
	cfg.Units, cfg.Criteria, cfg.Dir, cfg.Only = 20, 16, t.TempDir(), parts
	cfg.HTTPDuration, cfg.Repeat, cfg.Growth = 300*time.Millisecond, 3, []int{10, 20, 40}
	rows, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	Print(&out, rows)
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("the table has no %q row:\n%s", w, out.String())
		}
	}
	if Targets(rows) < targets {
		t.Errorf("%d figures with a target, want %d:\n%s", Targets(rows), targets, out.String())
	}
}

// TestRunSmall runs every part but the public read path's.
func TestRunSmall(t *testing.T) {
	t.Parallel()
	runSmall(t, []string{"upsert", "results", "workbook", "growth", "evidence"}, 6,
		"bulk upsert", "every value changed", "from the database", "pure engine", "report workbook", "at 40 units", "evidence upload")
}

// TestRunSmallPublic runs the public read path's part, which drives wrk
// for a few seconds a page (an end-to-end test).
func TestRunSmallPublic(t *testing.T) {
	t.Parallel()
	e2e.Require(t, "wrk")
	runSmall(t, []string{"public"}, 20, "public results", "home page", "unit page", "results page")
}
