package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/store"
)

// TestExport writes the demo province's workbooks from the command line:
// the live one and the published one, which is the same bytes every time.
func TestExport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "parindex.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.Close()
	getenv := func(k string) string { return map[string]string{"PARINDEX_DATABASE_URL": db}[k] }
	exportTo := func(name string, extra ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		out := filepath.Join(dir, name)
		args := append([]string{"parindex", "export", "--year", "2016", "--out", out}, extra...)
		if err := run(ctx, args, getenv, &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "2 tiers") {
			t.Errorf("stdout: %q", stdout.String())
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
			t.Fatalf("%s is not a workbook: %v", name, err)
		}
		return data
	}
	exportTo("live.xlsx")
	a := exportTo("a.xlsx", "--published")
	b := exportTo("b.xlsx", "--published", "--version", "1")
	if !bytes.Equal(a, b) {
		t.Error("two exports of the same publication differ")
	}
	var stderr bytes.Buffer
	if err := run(ctx, []string{"parindex", "export", "--year", "2016"}, getenv, &bytes.Buffer{}, &stderr); err == nil || !strings.Contains(err.Error(), "usage: parindex export") {
		t.Errorf("export without --out: %v", err)
	}
	if err := run(ctx, []string{"parindex", "export", "--year", "2099", "--out", filepath.Join(dir, "x.xlsx")}, getenv, &bytes.Buffer{}, &stderr); err == nil {
		t.Error("export of a year without a period succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); !os.IsNotExist(err) {
		t.Error("a failed export left a file")
	}
}
