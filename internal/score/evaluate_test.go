package score

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Rule 2: effective points are the official points when set, else the
// unit's own (provisional); a leaf with neither counts 0 and marks the
// result incomplete.

func TestEntryEffective(t *testing.T) {
	tests := []struct {
		name     string
		e        Entry
		points   string
		prov, ok bool
	}{
		{"official only", pts("3.5"), "3.5", false, true},
		{"official beats self", both("4", "3.25"), "3.25", false, true},
		{"official 0 beats self", both("4", "0"), "0", false, true},
		{"self only is provisional", self("2.125"), "2.125", true, true},
		{"self 0 is provisional", self("0"), "0", true, true},
		{"nothing", Entry{}, "0", false, false},
		{"values without the flags count as nothing", Entry{Self: 5, Points: 7}, "0", false, false},
	}
	for _, tt := range tests {
		p, prov, ok := tt.e.Effective()
		if p.String() != tt.points || prov != tt.prov || ok != tt.ok {
			t.Errorf("%s: Effective() = %s, %v, %v; want %s, %v, %v", tt.name, p, prov, ok, tt.points, tt.prov, tt.ok)
		}
	}
}

// evalFramework: two fields, three levels, total 20.
func evalFramework(t *testing.T) *Framework {
	return mustFramework(t, FrameworkInput{Criteria: []Criterion{
		node("1", "Cải cách thủ tục hành chính",
			node("1.1", "Kiểm soát thủ tục hành chính",
				leaf("1.1.1", "Rà soát thủ tục", "2"),
				leaf("1.1.2", "Công khai thủ tục", "3"),
			),
			leaf("1.2", "Cơ chế một cửa", "5"),
		),
		node("2", "Chính phủ điện tử",
			leaf("2.1", "Dịch vụ công trực tuyến", "4"),
			survey("2.2", "Mức độ hài lòng", "6"),
		),
	}})
}

func TestEvaluate(t *testing.T) {
	f := evalFramework(t)
	tests := []struct {
		name        string
		entries     map[string]Entry
		points      string // total effective points
		self        string // total self points
		max         string // total applicable max
		index       string // shown
		complete    bool
		provisional bool
		missing     []string
	}{
		{
			name: "all official",
			entries: map[string]Entry{
				"1.1.1": both("2", "1.5"), "1.1.2": both("3", "2.753"), "1.2": pts("5"),
				"2.1": both("4", "3"), "2.2": pts("4.2"),
			},
			points: "16.453", self: "9", max: "20", index: "82.27",
			complete: true,
		},
		{
			name: "self points count, provisionally",
			entries: map[string]Entry{
				"1.1.1": self("2"), "1.1.2": both("3", "2.753"), "1.2": pts("5"),
				"2.1": both("4", "3"), "2.2": pts("4.2"),
			},
			points: "16.953", self: "9", max: "20", index: "84.77",
			complete: true, provisional: true,
		},
		{
			name: "a leaf with nothing counts 0 and is missing",
			entries: map[string]Entry{
				"1.1.1": pts("2"), "1.2": pts("5"),
				"2.1": pts("3"),
			},
			points: "10", self: "0", max: "20", index: "50.00",
			complete: false, missing: []string{"1.1.2", "2.2"},
		},
		{
			name: "provisional and incomplete",
			entries: map[string]Entry{
				"1.1.1": self("1"), "1.2": pts("5"),
				"2.1": pts("3"), "2.2": pts("6"),
			},
			points: "15", self: "1", max: "20", index: "75.00",
			complete: false, provisional: true, missing: []string{"1.1.2"},
		},
		{
			name: "not applicable leaves leave numerator and maximum",
			entries: map[string]Entry{
				"1.1.1": na(), "1.1.2": pts("3"), "1.2": pts("2.5"),
				"2.1": {NotApplicable: true, Points: 4000, HasPoints: true, Self: 4000, HasSelf: true}, "2.2": pts("3"),
			},
			points: "8.5", self: "0", max: "14", index: "60.71",
			complete: true,
		},
		{
			name: "a not applicable leaf without points is complete; a self on it is not provisional",
			entries: map[string]Entry{
				"1.1.1": pts("2"), "1.1.2": pts("3"), "1.2": pts("5"),
				"2.1": {NotApplicable: true, Self: 1000, HasSelf: true}, "2.2": pts("6"),
			},
			points: "16", self: "0", max: "16", index: "100.00",
			complete: true,
		},
		{
			name: "every leaf not applicable: undefined index",
			entries: map[string]Entry{
				"1.1.1": na(), "1.1.2": na(), "1.2": na(), "2.1": na(), "2.2": na(),
			},
			points: "0", self: "0", max: "0", index: "",
			complete: true,
		},
		{
			name:    "no entries at all",
			entries: map[string]Entry{},
			points:  "0", self: "0", max: "20", index: "0.00",
			complete: false, missing: []string{"1.1.1", "1.1.2", "1.2", "2.1", "2.2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.Evaluate(UnitScores{Code: "SNV", Name: "Sở Nội vụ", Entries: entries(t, f, tt.entries)})
			if r.Code != "SNV" || r.Name != "Sở Nội vụ" {
				t.Errorf("unit %q %q", r.Code, r.Name)
			}
			if r.Total.Points.String() != tt.points || r.Total.Self.String() != tt.self || r.Total.Max.String() != tt.max {
				t.Errorf("total points %s self %s max %s, want %s %s %s", r.Total.Points, r.Total.Self, r.Total.Max, tt.points, tt.self, tt.max)
			}
			index := ""
			if r.Index().Defined() {
				index = r.Index().Shown().StringFixed(2)
			}
			if index != tt.index {
				t.Errorf("index %q, want %q", index, tt.index)
			}
			if r.Complete != tt.complete || r.Provisional != tt.provisional {
				t.Errorf("complete %v provisional %v, want %v %v", r.Complete, r.Provisional, tt.complete, tt.provisional)
			}
			if diff := cmp.Diff(tt.missing, r.Missing); diff != "" {
				t.Errorf("missing (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEvaluateShortEntries: entries missing at the end count as empty, and
// extra entries are ignored.
func TestEvaluateShortEntries(t *testing.T) {
	f := evalFramework(t)
	r := f.Evaluate(UnitScores{Entries: []Entry{pts("2"), pts("3")}})
	if r.Complete || !cmp.Equal(r.Missing, []string{"1.2", "2.1", "2.2"}) || r.Total.Points.String() != "5" {
		t.Errorf("short: complete %v missing %v points %s", r.Complete, r.Missing, r.Total.Points)
	}
	long := make([]Entry, len(f.Leaves)+3)
	for i := range long {
		long[i] = pts("1")
	}
	r = f.Evaluate(UnitScores{Entries: long})
	if !r.Complete || r.Total.Points.String() != "5" {
		t.Errorf("long: complete %v points %s", r.Complete, r.Total.Points)
	}
}

// Rule 4: the index of every field and criterion is its applicable points
// over its applicable maximum.
func TestEvaluateSubIndices(t *testing.T) {
	f := mustFramework(t, fourLevels())
	r := f.Evaluate(UnitScores{Code: "STP", Name: "Sở Tư pháp", Entries: entries(t, f, map[string]Entry{
		"1.1.1":   pts("1"),
		"1.1.2":   pts("1.753"),
		"1.2.1.1": na(),
		"1.2.1.2": pts("0.5"),
		"1.2.2":   self("1"),
		"1.3":     pts("0"),
		"2.1":     pts("3.5"),
		"2.2":     pts("66.125"),
	})})
	tests := []struct {
		code        string
		points, max string
		self        string
		index       string
	}{
		{"1", "4.253", "6.5", "1", "65.43"},   // 4.253/6.5 = 65.4307…
		{"1.1", "2.753", "3.5", "0", "78.66"}, // 78.6571…
		{"1.1.2", "1.753", "2.5", "0", "70.12"},
		{"1.2", "1.5", "2", "1", "75.00"},
		{"1.2.1", "0.5", "0.75", "0", "66.67"},
		{"1.2.1.1", "0", "0", "0", ""},
		{"1.2.1.2", "0.5", "0.75", "0", "66.67"},
		{"1.2.2", "1", "1.25", "1", "80.00"},
		{"1.3", "0", "1", "0", "0.00"},
		{"2", "69.625", "90.5", "0", "76.93"}, // 76.9337…
		{"2.2", "66.125", "87", "0", "76.01"}, // 76.0057…
	}
	for _, tt := range tests {
		s := nodeSum(t, f, r, tt.code)
		index := ""
		if s.Index().Defined() {
			index = s.Index().Shown().StringFixed(2)
		}
		if s.Points.String() != tt.points || s.Max.String() != tt.max || s.Self.String() != tt.self || index != tt.index {
			t.Errorf("%s: points %s max %s self %s index %q; want %s %s %s %q", tt.code, s.Points, s.Max, s.Self, index, tt.points, tt.max, tt.self, tt.index)
		}
	}
	if got := r.Total; got.Points.String() != "73.878" || got.Max.String() != "97" {
		t.Errorf("total %s of %s, want 73.878 of 97", got.Points, got.Max)
	}
	if got := r.Index().Shown().StringFixed(2); got != "76.16" { // 76.1628…
		t.Errorf("index %s, want 76.16", got)
	}
	if !r.Provisional || !r.Complete {
		t.Errorf("provisional %v complete %v", r.Provisional, r.Complete)
	}
	// The total is the sum of the fields, exactly.
	var sum Sum
	for _, fi := range f.Fields {
		sum.Points += r.Nodes[fi].Points
		sum.Self += r.Nodes[fi].Self
		sum.Max += r.Nodes[fi].Max
	}
	if sum != r.Total {
		t.Errorf("sum of fields %+v, total %+v", sum, r.Total)
	}
}

// TestLaiChau (rule 4): Lai Châu's national score for 2016, 67.41 of 97.5
// applicable points (2.5 not applicable), is an index of 69.14: here with
// 100 leaves totalling 100 points.
func TestLaiChau(t *testing.T) {
	// 98 leaves of 1 point, one of 1.5, one of 0.5, in 8 fields.
	var fields []Criterion
	var leaves []Criterion
	for i := 1; i <= 100; i++ {
		max := "1"
		switch i {
		case 37:
			max = "1.5"
		case 64:
			max = "0.5"
		}
		leaves = append(leaves, leaf("L."+strconv.Itoa(i), "Tiêu chí "+strconv.Itoa(i), max))
	}
	for k := 0; k < 8; k++ {
		lo, hi := k*100/8, (k+1)*100/8
		var cs []Criterion
		for _, c := range leaves[lo:hi] {
			c.Code = strconv.Itoa(k+1) + "." + c.Code[2:]
			cs = append(cs, c)
		}
		fields = append(fields, node(strconv.Itoa(k+1), "Lĩnh vực "+strconv.Itoa(k+1), cs...))
	}
	f := mustFramework(t, FrameworkInput{Criteria: fields, Bands: provinceBands()})
	if len(f.Leaves) != 100 || f.Total().String() != "100" {
		t.Fatalf("%d leaves totalling %s", len(f.Leaves), f.Total())
	}
	// Not applicable: the 1.5-point leaf and one 1-point leaf (2.5 points).
	// The other 97.5 points score 67.41: 0.69 on 97 one-point leaves minus
	// corrections, all in 3-place values.
	es := make([]Entry, 100)
	var sum Milli
	for i := range es {
		switch i + 1 {
		case 37, 90:
			es[i] = na()
			continue
		case 64:
			es[i] = pts("0.5")
		default:
			es[i] = pts("0.69")
		}
		sum += es[i].Points
	}
	// 97 × 0.69 + 0.5 = 67.43: take 0.02 off one leaf.
	es[0] = pts("0.67")
	sum -= 20
	if sum.String() != "67.41" {
		t.Fatalf("test setup: sum %s", sum)
	}
	r := f.Evaluate(UnitScores{Code: "LCU", Name: "Lai Châu", Entries: es})
	if r.Total.Points.String() != "67.41" || r.Total.Max.String() != "97.5" {
		t.Fatalf("%s of %s, want 67.41 of 97.5", r.Total.Points, r.Total.Max)
	}
	if got := r.Index().Shown().StringFixed(2); got != "69.14" {
		t.Errorf("index %s, want 69.14", got)
	}
	if got := r.Index().Rat(); got.Cmp(rat("67410/975")) != 0 {
		t.Errorf("exact index %s, want 67410/975", got.RatString())
	}
	if got := f.BandFor(r.Index()); got != "Trung bình" {
		t.Errorf("band %q", got)
	}
}
