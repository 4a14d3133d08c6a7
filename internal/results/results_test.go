package results

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

var update = flag.Bool("update", false, "rewrite testdata/results/*.golden from the documents built now")

func milli(n int64) *score.Milli { m := score.Milli(n); return &m }

// fixture is a small tier built without a database: two fields, a survey
// leaf, three bands, and four units (complete, provisional, incomplete,
// one leaf not applicable).
func fixture(t *testing.T) (*score.Framework, []score.UnitScores) {
	t.Helper()
	f, err := score.NewFramework(score.FrameworkInput{
		Criteria: []score.Criterion{
			{Code: "1", Name: "Công tác chỉ đạo, điều hành", Children: []score.Criterion{
				{Code: "1.1", Name: "Kế hoạch CCHC", MaxPoints: milli(2000)},
				{Code: "1.2", Name: "Báo cáo CCHC", MaxPoints: milli(1500)},
			}},
			{Code: "2", Name: "Cải cách thủ tục hành chính", Children: []score.Criterion{
				{Code: "2.1", Name: "Công khai thủ tục", MaxPoints: milli(3000)},
				{Code: "2.2", Name: "Mức độ hài lòng", MaxPoints: milli(3500), Source: score.Survey},
			}},
		},
		Bands: []score.Band{
			{Label: "Tốt", MinIndex: decimal.RequireFromString("80")},
			{Label: "Khá", MinIndex: decimal.RequireFromString("65")},
			{Label: "Trung bình", MinIndex: decimal.RequireFromString("50")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	pts := func(p int64) score.Entry { return score.Entry{Points: score.Milli(p), HasPoints: true} }
	self := func(p int64) score.Entry { return score.Entry{Self: score.Milli(p), HasSelf: true} }
	na := score.Entry{NotApplicable: true}
	units := []score.UnitScores{
		{Code: "stp", Name: "Sở Tư pháp", Entries: []score.Entry{pts(2000), pts(1250), pts(2750), pts(3000)}},
		{Code: "stc", Name: "Sở Tài chính", Entries: []score.Entry{pts(1500), self(1500), pts(2500), pts(2800)}},
		{Code: "sxd", Name: "Sở Xây dựng", Entries: []score.Entry{pts(1000), pts(1000), {}, pts(2000)}},
		{Code: "bdt", Name: "Ban Dân tộc", Entries: []score.Entry{pts(1800), na, pts(2900), pts(3100)}},
	}
	return f, units
}

var tier = workflow.Tier{Code: "department", Name: "Khối sở, ban, ngành"}

// built is the fixture's documents: 2016 published, then 2017 compared
// with that publication.
func built(t *testing.T) (prevSnap workflow.Snapshot, cur Detailed, summary Summary) {
	t.Helper()
	f, units := fixture(t)
	p16 := workflow.Period{Year: 2016, Title: "Chỉ số CCHC năm 2016", Stage: workflow.Finalized}
	d16, err := Build(Input{Period: p16, Tier: tier, Framework: f, Scores: units})
	if err != nil {
		t.Fatal(err)
	}
	pub := Publication{Year: 2016, By: "thuky", Reason: "công bố kết quả", Force: true, At: time.Date(2017, 3, 1, 9, 30, 0, 0, time.UTC)}
	prevSnap, err = NewSnapshot(p16, []Tier{d16.Results}, pub)
	if err != nil {
		t.Fatal(err)
	}
	prevSnap.Version = 1
	// A year later every unit improved a little, and the order changed.
	units[2].Entries[2] = score.Entry{Points: 2500, HasPoints: true}
	units[1].Entries[1] = score.Entry{Points: 1400, HasPoints: true}
	units[3].Entries[0] = score.Entry{Points: 2000, HasPoints: true}
	p17 := workflow.Period{Year: 2017, Title: "Chỉ số CCHC năm 2017", Stage: workflow.Appraisal}
	cur, err = Build(Input{Period: p17, Tier: tier, Framework: f, Scores: units, Previous: &prevSnap})
	if err != nil {
		t.Fatal(err)
	}
	return prevSnap, cur, SummaryOf(p17, []Tier{cur.Results})
}

func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "results", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/results -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", name, path, got)
	}
}

// TestDocuments compares a tier's results, the period summary and a
// published snapshot, built from values without a database, with their
// golden files.
func TestDocuments(t *testing.T) {
	prev, cur, summary := built(t)
	golden(t, "tier", cur.Results)
	golden(t, "summary", summary)
	doc, published, err := Decode(prev)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "snapshot", map[string]any{"document": doc, "published": published, "sha256": prev.SHA256,
		"forced": prev.Forced, "provisional": prev.Provisional, "reason": prev.Reason})
}

// TestPreviousComparison checks that changes are measured against the
// published version: its year and version, each unit's previous rank.
func TestPreviousComparison(t *testing.T) {
	prev, cur, _ := built(t)
	r := cur.Results
	if r.Previous == nil || r.Previous.Year != 2016 || r.Previous.Version != prev.Version || r.PreviousYear == nil || *r.PreviousYear != 2016 {
		t.Fatalf("previous = %+v, previous_year = %v", r.Previous, r.PreviousYear)
	}
	for _, u := range r.Units {
		if u.Complete && u.PreviousIndex == nil {
			t.Errorf("unit %s: no previous index", u.UnitCode)
		}
	}
	// Without a published previous version there is nothing to compare with.
	f, units := fixture(t)
	d, err := Build(Input{Period: workflow.Period{Year: 2017}, Tier: tier, Framework: f, Scores: units})
	if err != nil {
		t.Fatal(err)
	}
	if d.Results.Previous != nil || d.Results.PreviousYear != nil || d.Results.Units[0].PreviousRank != nil {
		t.Errorf("without a publication: %+v", d.Results)
	}
}

// TestBlocked checks the refusal to finalize or publish while units are
// incomplete or provisional, and that forcing is recorded only when needed.
func TestBlocked(t *testing.T) {
	f, units := fixture(t)
	d, err := Build(Input{Period: workflow.Period{Year: 2016}, Tier: tier, Framework: f, Scores: units})
	if err != nil {
		t.Fatal(err)
	}
	rs := []Tier{d.Results}
	err = Blocked(2016, "published", rs)
	want := "period 2016 cannot be published: 1 units have incomplete results and 1 units have provisional results (self points not yet appraised) (an admin may force it with a reason)"
	if err == nil || !strings.HasPrefix(err.Error(), want+": unit Sở Xây dựng (department) has no points on criteria 2.1") || score.ErrorCode(err) != score.ECONFLICT {
		t.Fatalf("Blocked = %v, want %q", err, want)
	}
	if got := ProvisionalUnits(rs); strings.Join(got, ",") != "stc" {
		t.Errorf("provisional = %v", got)
	}
	if _, err := NewSnapshot(workflow.Period{Year: 2016}, nil, Publication{}); score.ErrorCode(err) != score.ECONFLICT {
		t.Errorf("no tier: %v", err)
	}
	snap, err := NewSnapshot(workflow.Period{Year: 2016}, rs, Publication{Force: true, Reason: "  lý do  "})
	if err != nil || !snap.Forced || snap.Reason != "lý do" {
		t.Errorf("forced snapshot: %+v, %v", snap, err)
	}
}
