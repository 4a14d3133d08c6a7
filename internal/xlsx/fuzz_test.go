package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// The seed corpus of the import fuzzer: a real template (filled), a
// criteria table and a truncated file, in testdata/xlsx/fuzz (rewritten
// with -update). Run: go test ./internal/xlsx -run '^$' -fuzz FuzzImport -fuzztime 30s
var fuzzSeeds = filepath.Join("..", "..", "testdata", "xlsx", "fuzz")

func seedTemplate(t testing.TB) []byte {
	f := fixtureFramework(t)
	var buf bytes.Buffer
	err := WriteTemplate(&buf, Template{Year: 2016, Tier: workflow.Tier{Code: "department", Name: "Khối sở, ban, ngành"}, Framework: f,
		Units:  []workflow.Unit{{Code: "tt", Name: "Thanh tra tỉnh", Tier: "department"}},
		Scores: []workflow.Score{{Unit: "tt", Criterion: "1.1", Points: milli("9.5"), Note: "Đạt"}, {Unit: "tt", Criterion: "2.2", NotApplicable: true}},
		At:     time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFuzzSeeds keeps FuzzImport's seed corpus (testdata/xlsx/fuzz) worth
// fuzzing from: the template seed still imports, as the writes of the
// template the writer makes today; the criteria seed still reads as the
// framework it was written from; the truncated seed is refused with a
// domain error. A seed that fails here only exercises the fuzzer's error
// paths: -update rewrites them from the current writers.
func TestFuzzSeeds(t *testing.T) {
	t.Parallel()
	tpl := seedTemplate(t)
	var table bytes.Buffer
	if err := WriteFramework(&table, 2016, workflow.Tier{Code: "department", Name: "Khối sở, ban, ngành"}, fixtureFramework(t), time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	seeds := map[string][]byte{"template.xlsx": tpl, "criteria.xlsx": table.Bytes(), "truncated.xlsx": tpl[:len(tpl)/2]}
	if *update {
		os.MkdirAll(fuzzSeeds, 0o755)
		for name, data := range seeds {
			if err := os.WriteFile(filepath.Join(fuzzSeeds, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(fuzzSeeds, name))
		if err != nil {
			t.Fatalf("the fuzz seed %s: %v (go test ./internal/xlsx -run TestFuzzSeeds -update writes it)", name, err)
		}
		return data
	}
	const regenerate = "the seeds are stale: go test ./internal/xlsx -run TestFuzzSeeds -update rewrites them"
	units := map[string]string{"tt": "Thanh tra tỉnh"}

	writes := func(data []byte) []workflow.ScoreWrite {
		t.Helper()
		filled, err := ReadTemplate(data, DefaultLimits)
		if err != nil {
			t.Fatalf("ReadTemplate: %v; %s", err, regenerate)
		}
		w, _, err := filled.Writes(2016, fixtureFramework(t), units)
		if err != nil {
			t.Fatalf("Writes: %v; %s", err, regenerate)
		}
		return w
	}
	seedWrites, want := writes(read("template.xlsx")), writes(tpl)
	if diff := cmp.Diff(want, seedWrites); diff != "" {
		t.Errorf("template.xlsx imports other writes than today's template (-today +seed):\n%s%s", diff, regenerate)
	}
	if len(seedWrites) == 0 {
		t.Errorf("template.xlsx imports no write: the fuzzer would not reach the score checks")
	}

	in, _, err := ReadFramework(read("criteria.xlsx"), DefaultLimits)
	if err != nil {
		t.Fatalf("criteria.xlsx: %v; %s", err, regenerate)
	}
	f, err := score.NewFramework(in)
	if err != nil {
		t.Fatalf("criteria.xlsx reads as no framework: %v; %s", err, regenerate)
	}
	if diff := cmp.Diff(fixtureFramework(t).Tree(), f.Tree()); diff != "" {
		t.Errorf("criteria.xlsx reads as another framework than the one written (-written +read):\n%s%s", diff, regenerate)
	}

	truncated := read("truncated.xlsx")
	if _, err := ReadTemplate(truncated, DefaultLimits); score.ErrorCode(err) == "" {
		t.Errorf("truncated.xlsx as a template: %v, want a domain error", err)
	}
	if _, _, err := ReadFramework(truncated, DefaultLimits); score.ErrorCode(err) == "" {
		t.Errorf("truncated.xlsx as a criteria table: %v, want a domain error", err)
	}
}

// FuzzImport feeds arbitrary bytes to the template and criteria readers:
// they must answer with a domain error, never panic or exceed the limits.
func FuzzImport(f *testing.F) {
	entries, _ := os.ReadDir(fuzzSeeds)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(fuzzSeeds, e.Name()))
		if err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	fw := fixtureFramework(f)
	lim := DefaultLimits
	lim.MaxBytes, lim.MaxUnzipped, lim.MaxEntryUnzipped, lim.MaxRows = 1<<20, 4<<20, 2<<20, 500
	f.Fuzz(func(t *testing.T, data []byte) {
		if filled, err := ReadTemplate(data, lim); err == nil {
			filled.Writes(filled.Year, fw, map[string]string{"tt": "Thanh tra tỉnh"})
		}
		ReadFramework(data, lim)
	})
}
