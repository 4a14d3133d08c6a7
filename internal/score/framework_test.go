package score

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// Rule 1: a framework is a tree; leaves are scored; a parent's maximum is
// the sum of its children; totals other than 100 are valid.

// fourLevels is a tree three and four levels deep, totalling 97.5.
func fourLevels() FrameworkInput {
	return FrameworkInput{Criteria: []Criterion{
		node("1", "Công tác chỉ đạo, điều hành cải cách hành chính",
			node("1.1", "Kế hoạch cải cách hành chính",
				leaf("1.1.1", "Ban hành kế hoạch đúng thời hạn", "1"),
				leaf("1.1.2", "Mức độ thực hiện kế hoạch", "2.5"),
			),
			node("1.2", "Kiểm tra cải cách hành chính",
				node("1.2.1", "Kế hoạch kiểm tra",
					leaf("1.2.1.1", "Ban hành kế hoạch kiểm tra", "0.5"),
					leaf("1.2.1.2", "Tỷ lệ đơn vị được kiểm tra", "0.75"),
				),
				leaf("1.2.2", "Xử lý vấn đề phát hiện qua kiểm tra", "1.25"),
			),
			leaf("1.3", "Sáng kiến trong cải cách hành chính", "1"),
		),
		node("2", "Cải cách thủ tục hành chính",
			leaf("2.1", "Công bố, công khai thủ tục hành chính", "3.5"),
			survey("2.2", "Mức độ hài lòng của người dân", "87"),
		),
	}}
}

func TestFrameworkTreeAndMaxima(t *testing.T) {
	f := mustFramework(t, fourLevels())
	want := map[string]struct {
		max   string
		depth int
		leaf  bool
		src   Source
	}{
		"1":       {"7", 0, false, ""},
		"1.1":     {"3.5", 1, false, ""},
		"1.1.1":   {"1", 2, true, Appraisal},
		"1.1.2":   {"2.5", 2, true, Appraisal},
		"1.2":     {"2.5", 1, false, ""},
		"1.2.1":   {"1.25", 2, false, ""},
		"1.2.1.1": {"0.5", 3, true, Appraisal},
		"1.2.1.2": {"0.75", 3, true, Appraisal},
		"1.2.2":   {"1.25", 2, true, Appraisal},
		"1.3":     {"1", 1, true, Appraisal},
		"2":       {"90.5", 0, false, ""},
		"2.1":     {"3.5", 1, true, Appraisal},
		"2.2":     {"87", 1, true, Survey},
	}
	if len(f.Nodes) != len(want) {
		t.Fatalf("%d nodes, want %d", len(f.Nodes), len(want))
	}
	for code, w := range want {
		n, _, ok := f.Lookup(code)
		if !ok {
			t.Errorf("Lookup(%s) found nothing", code)
			continue
		}
		if n.Max.String() != w.max || n.Depth != w.depth || n.Leaf != w.leaf || n.Source != w.src {
			t.Errorf("%s: max %s depth %d leaf %v source %q, want %s %d %v %q", code, n.Max, n.Depth, n.Leaf, n.Source, w.max, w.depth, w.leaf, w.src)
		}
	}
	if got := f.Total().String(); got != "97.5" {
		t.Errorf("Total() = %s, want 97.5", got)
	}
	// Leaves in depth-first order; every parent's leaf range holds exactly
	// its descendants' leaves and its maximum is their sum.
	var leafCodes []string
	for _, li := range f.Leaves {
		leafCodes = append(leafCodes, f.Nodes[li].Code)
	}
	if diff := cmp.Diff([]string{"1.1.1", "1.1.2", "1.2.1.1", "1.2.1.2", "1.2.2", "1.3", "2.1", "2.2"}, leafCodes); diff != "" {
		t.Errorf("leaves (-want +got):\n%s", diff)
	}
	for i, n := range f.Nodes {
		var sum Milli
		for _, li := range f.Leaves[n.LeafLo:n.LeafHi] {
			if !strings.HasPrefix(f.Nodes[li].Code+".", n.Code+".") {
				t.Errorf("leaf %s in the range of %s", f.Nodes[li].Code, n.Code)
			}
			sum += f.Nodes[li].Max
		}
		if sum != n.Max {
			t.Errorf("%s: max %s, sum of its leaves %s", n.Code, n.Max, sum)
		}
		if n.Parent >= i {
			t.Errorf("%s: parent %d is not before it (%d)", n.Code, n.Parent, i)
		}
		if n.Leaf && f.LeafPosition(n.Code) != n.LeafLo {
			t.Errorf("LeafPosition(%s) = %d, want %d", n.Code, f.LeafPosition(n.Code), n.LeafLo)
		}
	}
	if f.LeafPosition("1.2") != -1 || f.LeafPosition("9") != -1 {
		t.Errorf("LeafPosition of a parent or an unknown code is not -1")
	}
	if got := []string{f.Nodes[f.Fields[0]].Code, f.Nodes[f.Fields[1]].Code}; !cmp.Equal(got, []string{"1", "2"}) || len(f.Fields) != 2 {
		t.Errorf("fields %v", got)
	}
	if f.Ranking != RankShown {
		t.Errorf("default ranking %q, want %q", f.Ranking, RankShown)
	}
}

func TestFrameworkTotalNot100(t *testing.T) {
	in := FrameworkInput{Criteria: []Criterion{
		node("1", "Lĩnh vực 1", leaf("1.1", "a", "40"), leaf("1.2", "b", "17.5")),
		node("2", "Lĩnh vực 2", leaf("2.1", "c", "40")),
	}}
	f := mustFramework(t, in)
	if got := f.Total().String(); got != "97.5" {
		t.Fatalf("Total() = %s, want 97.5", got)
	}
	r := f.Evaluate(UnitScores{Code: "LC", Name: "Lai Châu", Entries: []Entry{pts("30"), pts("17.41"), pts("20")}})
	if got := r.Index().Shown().StringFixed(2); got != "69.14" {
		t.Errorf("67.41 of 97.5: index %s, want 69.14", got)
	}
}

// TestFrameworkTree: Tree gives back what was entered, parents' maxima
// filled in.
func TestFrameworkTree(t *testing.T) {
	in := fourLevels()
	f := mustFramework(t, in)
	got := f.Tree()
	var fill func(cs []Criterion) []Criterion
	fill = func(cs []Criterion) []Criterion {
		out := make([]Criterion, len(cs))
		for i, c := range cs {
			c.Children = fill(c.Children)
			if len(c.Children) > 0 {
				var sum Milli
				for _, ch := range c.Children {
					sum += *ch.MaxPoints
				}
				c.MaxPoints = &sum
			} else if c.Source == "" {
				c.Source = Appraisal
			}
			if len(c.Children) == 0 {
				c.Children = nil
			}
			out[i] = c
		}
		return out
	}
	want := fill(in.Criteria)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tree() (-want +got):\n%s", diff)
	}
}

// TestFrameworkInvalid: every broken rule is refused as EUNPROCESSABLE with
// a problem naming the criterion.
func TestFrameworkInvalid(t *testing.T) {
	neg := Milli(-1)
	over := MaxPointsLimit + 1
	ok := func() []Criterion {
		return []Criterion{node("1", "Lĩnh vực", leaf("1.1", "a", "5"), leaf("1.2", "b", "5"))}
	}
	tests := []struct {
		name      string
		in        FrameworkInput
		criterion string // the criterion a problem must name ("" for none)
		field     string // or the field
		message   string // a part of that problem's message
	}{
		{"duplicate code", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("1.1", "a", "5"), leaf("1.1", "b", "5")),
		}}, "1.1", "", "error.framework.code_twice"},
		{"duplicate code across fields", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực 1", leaf("1.1", "a", "5")),
			node("2", "Lĩnh vực 2", node("1", "b", leaf("2.1", "c", "5"))),
		}}, "1", "", "error.framework.code_twice"},
		{"parent with max_points that differ from its children's sum", FrameworkInput{Criteria: []Criterion{
			{Code: "1", Name: "Lĩnh vực", MaxPoints: mp("12"), Children: []Criterion{leaf("1.1", "a", "10")}},
		}}, "1", "", "error.framework.parent_max"},
		{"parent with a source", FrameworkInput{Criteria: []Criterion{
			{Code: "1", Name: "Lĩnh vực", Source: Survey, Children: []Criterion{leaf("1.1", "a", "10")}},
		}}, "1", "", "error.framework.parent_source"},
		{"negative max", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("1.1", "a", "5"), Criterion{Code: "1.2", Name: "b", MaxPoints: &neg}),
		}}, "1.2", "", "error.framework.negative_max"},
		{"max over the limit", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", Criterion{Code: "1.1", Name: "a", MaxPoints: &over}),
		}}, "1.1", "", "error.framework.max_over"},
		{"leaf without max", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("1.1", "a", "5"), Criterion{Code: "1.2", Name: "b"}),
		}}, "1.2", "", "error.framework.leaf_max"},
		{"field leaf without max", FrameworkInput{Criteria: []Criterion{
			{Code: "1", Name: "Lĩnh vực"},
		}}, "1", "", "error.framework.leaf_max"},
		{"bad source", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", Criterion{Code: "1.1", Name: "a", MaxPoints: mp("5"), Source: "council"}),
		}}, "1.1", "", "error.framework.source"},
		{"code with a space", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("1 .1", "a", "5")),
		}}, "1 .1", "", "error.framework.code"},
		{"code with a trailing dot", FrameworkInput{Criteria: []Criterion{
			node("1.", "Lĩnh vực", leaf("1.1", "a", "5")),
		}}, "1.", "", "error.framework.code"},
		{"code with two dots", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("1..1", "a", "5")),
		}}, "1..1", "", "error.framework.code"},
		{"code with a slash", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("1/1", "a", "5")),
		}}, "1/1", "", "error.framework.code"},
		{"empty code", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("", "a", "5")),
		}}, "", "", "error.framework.code"},
		{"empty name", FrameworkInput{Criteria: []Criterion{
			node("1", "Lĩnh vực", leaf("1.1", "", "5")),
		}}, "1.1", "", "error.framework.no_name"},
		{"blank name", FrameworkInput{Criteria: []Criterion{
			node("1", " \t", leaf("1.1", "a", "5")),
		}}, "1", "", "error.framework.no_name"},
		{"too deep", FrameworkInput{Criteria: []Criterion{
			node("1", "l1", node("1.1", "l2", node("1.1.1", "l3", node("1.1.1.1", "l4",
				node("1.1.1.1.1", "l5", node("1.1.1.1.1.1", "l6", leaf("1.1.1.1.1.1.1", "l7", "1"))))))),
		}}, "1.1.1.1.1.1", "", "error.framework.too_deep"},
		{"no criteria", FrameworkInput{}, "", "criteria", "error.framework.empty"},
		{"bad ranking", FrameworkInput{Criteria: ok(), Ranking: "float"}, "", "ranking", "error.framework.ranking"},
		{"duplicate band label", FrameworkInput{Criteria: ok(), Bands: []Band{band("Tốt", "80"), band("Tốt", "70")}}, "", "bands", "error.band.twice"},
		{"duplicate band threshold", FrameworkInput{Criteria: ok(), Bands: []Band{band("Tốt", "80"), band("Khá", "80")}}, "", "bands", "error.band.same_min"},
		{"duplicate band threshold written differently", FrameworkInput{Criteria: ok(), Bands: []Band{band("Tốt", "80"), band("Khá", "80.00")}}, "", "bands", "error.band.same_min"},
		{"band without label", FrameworkInput{Criteria: ok(), Bands: []Band{band(" ", "80")}}, "", "bands", "error.band.no_label"},
		{"band over 100", FrameworkInput{Criteria: ok(), Bands: []Band{band("Tốt", "100.01")}}, "", "bands", "error.band.range"},
		{"band below 0", FrameworkInput{Criteria: ok(), Bands: []Band{band("Yếu", "-1")}}, "", "bands", "error.band.range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NewFramework(tt.in)
			if err == nil {
				t.Fatalf("NewFramework accepted it (%d nodes)", len(f.Nodes))
			}
			e := asError(err)
			if e == nil {
				t.Fatalf("error %T %v is not a *score.Error", err, err)
			}
			if e.Code != EUNPROCESSABLE || ErrorCode(err) != EUNPROCESSABLE {
				t.Errorf("code %q, want %q", e.Code, EUNPROCESSABLE)
			}
			found := false
			for _, p := range e.Details {
				if p.Criterion == tt.criterion && p.Field == tt.field && p.Key == tt.message {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem with criterion %q, field %q, message containing %q in %+v", tt.criterion, tt.field, tt.message, e.Details)
			}
			if e.Key != "error.framework.invalid" {
				t.Errorf("key %q", e.Key)
			}
		})
	}
}

// TestFrameworkInvalidListsEverything: one answer names every problem.
func TestFrameworkInvalidListsEverything(t *testing.T) {
	_, err := NewFramework(FrameworkInput{Criteria: []Criterion{
		node("1", "Lĩnh vực",
			leaf("1.1", "a", "5"),
			leaf("1.1", "b", "5"),
			Criterion{Code: "1.3", Name: "c"},
			leaf("1.4", "", "5"),
		),
		{Code: "2", Name: "Lĩnh vực 2", MaxPoints: mp("4"), Children: []Criterion{leaf("2.1", "d", "3")}},
	}})
	e := asError(err)
	if e == nil {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, p := range e.Details {
		got = append(got, p.Criterion)
	}
	if diff := cmp.Diff([]string{"1.1", "1.3", "1.4", "2"}, got); diff != "" {
		t.Errorf("criteria named (-want +got):\n%s", diff)
	}
}

func TestFrameworkProblemsAreBounded(t *testing.T) {
	cs := make([]Criterion, 2*MaxProblems)
	for i := range cs {
		cs[i] = Criterion{Code: fmt.Sprint(i + 1), Name: "x"} // no max
	}
	e := asError(func() error { _, err := NewFramework(FrameworkInput{Criteria: cs}); return err }())
	if e == nil || len(e.Details) != MaxProblems {
		t.Fatalf("got %v", e)
	}
}

func TestFrameworkTooManyNodes(t *testing.T) {
	cs := make([]Criterion, MaxNodes+1)
	for i := range cs {
		cs[i] = leaf(fmt.Sprint(i+1), "x", "0.001")
	}
	_, err := NewFramework(FrameworkInput{Criteria: cs})
	if ErrorCode(err) != EUNPROCESSABLE || !strings.Contains(err.Error(), fmt.Sprint(MaxNodes)) {
		t.Fatalf("err = %v", err)
	}
	if _, err := NewFramework(FrameworkInput{Criteria: cs[:MaxNodes]}); err != nil {
		t.Fatalf("%d nodes refused: %v", MaxNodes, err)
	}
}

func TestFrameworkDeepestAllowed(t *testing.T) {
	c := leaf("1.1.1.1.1.1", "l6", "1")
	for _, code := range []string{"1.1.1.1.1", "1.1.1.1", "1.1.1", "1.1", "1"} {
		c = node(code, "l", c)
	}
	f := mustFramework(t, FrameworkInput{Criteria: []Criterion{c}})
	if n, _, _ := f.Lookup("1.1.1.1.1.1"); n.Depth != MaxDepth-1 || !n.Leaf {
		t.Fatalf("deepest leaf %+v", n)
	}
}

// Rule 8: bands are sorted however they are given.
func TestFrameworkBandsSorted(t *testing.T) {
	f := mustFramework(t, FrameworkInput{Criteria: []Criterion{leaf("1", "x", "1")}, Bands: provinceBands()})
	var got []string
	for _, b := range f.Bands {
		got = append(got, b.Label+" "+b.MinIndex.String())
	}
	if diff := cmp.Diff([]string{"Xuất sắc 90", "Tốt 80", "Khá 70", "Trung bình 50"}, got); diff != "" {
		t.Errorf("bands (-want +got):\n%s", diff)
	}
}

func TestBandFor(t *testing.T) {
	f := mustFramework(t, FrameworkInput{Criteria: []Criterion{leaf("1", "x", "100")}, Bands: provinceBands()})
	tests := []struct {
		points string
		want   string
	}{
		{"100", "Xuất sắc"},
		{"90", "Xuất sắc"},
		{"89.995", "Xuất sắc"}, // shown 90.00
		{"89.994", "Tốt"},
		{"80.004", "Tốt"},
		{"79.995", "Tốt"}, // shown 80.00
		{"79.994", "Khá"},
		{"70", "Khá"},
		{"50", "Trung bình"},
		{"49.995", "Trung bình"},
		{"49.994", ""}, // below every threshold: Yếu has no threshold
		{"0", ""},
	}
	for _, tt := range tests {
		x := Index{Points: ml(t, tt.points), Max: ml(t, "100")}
		if got := f.BandFor(x); got != tt.want {
			t.Errorf("BandFor(%s) = %q, want %q", tt.points, got, tt.want)
		}
	}
	if got := f.BandFor(Index{}); got != "" {
		t.Errorf("BandFor(undefined) = %q", got)
	}
	// A band with a 0 threshold holds every defined index, even 0.
	g := mustFramework(t, FrameworkInput{Criteria: []Criterion{leaf("1", "x", "100")}, Bands: []Band{band("Yếu", "0"), band("Đạt", "50")}})
	if got := g.BandFor(Index{Points: 0, Max: 100000}); got != "Yếu" {
		t.Errorf("BandFor(0) with a 0 band = %q", got)
	}
	// Thresholds with more places than shown compare with the shown value.
	h := mustFramework(t, FrameworkInput{Criteria: []Criterion{leaf("1", "x", "100")}, Bands: []Band{{Label: "A", MinIndex: decimal.RequireFromString("79.999")}}})
	if got := h.BandFor(Index{Points: ml(t, "79.995"), Max: 100000}); got != "A" {
		t.Errorf("79.995 (shown 80.00) against 79.999: %q", got)
	}
}

// TestFrameworkRoundTrip: a tree read back (parents carry their computed
// maxima) is accepted as it is, so a clerk can read, edit and send it back.
func TestFrameworkRoundTrip(t *testing.T) {
	f, err := NewFramework(FrameworkInput{Criteria: []Criterion{
		node("1", "Lĩnh vực", leaf("1.1", "a", "5.25"), node("1.2", "b", leaf("1.2.1", "c", "2.5"))),
	}})
	if err != nil {
		t.Fatal(err)
	}
	again, err := NewFramework(FrameworkInput{Criteria: f.Tree()})
	if err != nil {
		t.Fatalf("the framework's own tree is refused: %v", err)
	}
	if diff := cmp.Diff(f.Tree(), again.Tree()); diff != "" {
		t.Errorf("round trip changed the tree:\n%s", diff)
	}
}
