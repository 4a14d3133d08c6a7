package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

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

func TestFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("rewrites testdata/xlsx/fuzz with -update")
	}
	tpl := seedTemplate(t)
	var table bytes.Buffer
	if err := WriteFramework(&table, 2016, workflow.Tier{Code: "department", Name: "Khối sở, ban, ngành"}, fixtureFramework(t), time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(fuzzSeeds, 0o755)
	for name, data := range map[string][]byte{"template.xlsx": tpl, "criteria.xlsx": table.Bytes(), "truncated.xlsx": tpl[:len(tpl)/2]} {
		if err := os.WriteFile(filepath.Join(fuzzSeeds, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
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
