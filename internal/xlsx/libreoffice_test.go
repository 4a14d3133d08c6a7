package xlsx

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/e2e"
	"github.com/parindex/parindex/internal/vnfmt"
)

// csvFilter asks LibreOffice for UTF-8 (76) comma-separated text with cells
// as shown: without it, Vietnamese is lost.
const csvFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false"

// TestLibreOfficeReadsTheReport opens the report in a real spreadsheet
// program: LibreOffice converts its first sheet to CSV, and the ranking it
// shows is the results document's.
func TestLibreOfficeReadsTheReport(t *testing.T) {
	e2e.Require(t, "LibreOffice")
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice (LibreOffice) is not installed; CI must install Debian's libreoffice-calc (see .ci/run)")
		}
		t.Skip("soffice (LibreOffice) is not installed: apt-get install --no-install-recommends libreoffice-calc to run this test (in CI it is required)")
	}
	r := fixtureReport(t)
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "report.xlsx")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", csvFilter, "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.csv"))
	if err != nil {
		t.Fatalf("soffice wrote no CSV: %v", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("reading LibreOffice's CSV: %v\n%s", err, data)
	}
	if len(rows) == 0 || !strings.HasPrefix(rows[0][0], "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2016") {
		t.Fatalf("the CSV does not start with the Vietnamese title:\n%s", data)
	}
	var got, want []string
	for _, row := range rows {
		if len(row) < 8 {
			continue
		}
		if _, err := strconv.Atoi(row[0]); err != nil {
			continue
		}
		index := strings.NewReplacer(",", ".", "%", "").Replace(row[5])
		got = append(got, strings.Join([]string{row[6], row[1], index, row[7], row[3], row[5]}, " | "))
	}
	// Points as Vietnamese read them, each with its column's places
	// (86,500 beside 91,003), and the index with a decimal comma.
	var points []string
	for _, u := range r.Tiers[0].Results.Units {
		points = append(points, string(u.Points))
	}
	points = vnfmt.Column(points)
	for i, u := range r.Tiers[0].Results.Units {
		want = append(want, strings.Join([]string{strconv.Itoa(*u.Rank), u.UnitName, string(*u.Index), strOr(u.Band), points[i], vnfmt.Index(string(*u.Index))}, " | "))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("LibreOffice shows the ranking\n%s\nwant\n%s\nCSV:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), data)
	}
}
