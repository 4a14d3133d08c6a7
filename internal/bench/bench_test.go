package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestRunSmall runs the whole suite on a tiny province: every part works
// and reports a row. It asserts no figure: targets are for the bench
// command on a quiet machine, not for a test on a shared one.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the HTTP server with load for a few seconds")
	}
	cfg := Defaults(true)
	cfg.Units, cfg.Criteria, cfg.Dir = 20, 16, t.TempDir()
	cfg.HTTPDuration, cfg.Repeat, cfg.Growth = 300*time.Millisecond, 3, []int{10, 20, 40}
	rows, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	Print(&out, rows)
	for _, want := range []string{"public results", "If-None-Match", "bulk upsert", "every value changed", "from the database", "pure engine", "report workbook", "at 40 units"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table has no %q row:\n%s", want, out.String())
		}
	}
	if Targets(rows) < 7 {
		t.Errorf("%d figures with a target:\n%s", Targets(rows), out.String())
	}
}
