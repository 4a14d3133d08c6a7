package score

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/textrule"
)

// Source says where a leaf's official points come from.
type Source string

const (
	Appraisal Source = "appraisal" // the appraisal council
	Survey    Source = "survey"    // a sociological survey, entered by the secretariat
)

// Ranking says what ranks compare.
type Ranking string

const (
	RankShown Ranking = "shown" // the 2-place index as published; equal shown values tie
	RankExact Ranking = "exact" // the exact index; only equal exact values tie
)

// Criterion is one node of a framework as entered: a field (top level), a
// criterion or a sub-criterion. Leaves carry MaxPoints and Source; a
// parent's maximum is the sum of its children.
type Criterion struct {
	Code      string
	Name      string
	MaxPoints *Milli // set on leaves only
	Source    Source // leaves only; empty means appraisal
	Children  []Criterion
}

// Band is a named threshold: a unit whose shown index is ≥ MinIndex is in it.
type Band struct {
	Label    string
	MinIndex decimal.Decimal
}

// FrameworkInput is the tree for one period and tier, as entered.
type FrameworkInput struct {
	Criteria []Criterion
	Bands    []Band
	Ranking  Ranking
}

// Node is a criterion of a validated framework, in depth-first order.
// Its leaves are Framework.Leaves[LeafLo:LeafHi].
type Node struct {
	Code   string
	Name   string
	Depth  int // 0 for fields
	Parent int // -1 for fields
	Max    Milli
	Source Source // leaves only
	Leaf   bool
	LeafLo int
	LeafHi int
}

// Framework is a validated tree, flattened for fast evaluation.
type Framework struct {
	Nodes   []Node
	Leaves  []int  // node index of each leaf, in order
	Fields  []int  // node index of each top-level node
	Bands   []Band // by MinIndex, highest first
	Ranking Ranking
	byCode  map[string]int
}

// Limits on a framework's size, so that one request cannot exhaust memory.
const (
	MaxNodes = 5000
	MaxDepth = 6
)

// NewFramework validates in and returns the flattened tree, or an
// EUNPROCESSABLE *Error whose Details name every criterion that is wrong.
func NewFramework(in FrameworkInput) (*Framework, error) {
	f := &Framework{byCode: map[string]int{}, Ranking: in.Ranking}
	var problems Problems
	if f.Ranking == "" {
		f.Ranking = RankShown
	}
	if f.Ranking != RankShown && f.Ranking != RankExact {
		problems.Add(Problem{Field: "ranking", Value: string(in.Ranking), Key: "error.framework.ranking", Args: []any{in.Ranking, RankShown, RankExact}})
	}
	if len(in.Criteria) == 0 {
		problems.Add(Problem{Field: "criteria", Key: "error.framework.empty"})
	}
	given := map[int]Milli{} // maxima given on parents: they must equal the sum
	var walk func(cs []Criterion, parent, depth int)
	walk = func(cs []Criterion, parent, depth int) {
		for _, c := range cs {
			if len(f.Nodes) >= MaxNodes {
				problems.Add(Problem{Criterion: c.Code, Bound: fmt.Sprint(MaxNodes), Key: "error.framework.too_many", Args: []any{MaxNodes}})
				return
			}
			idx := len(f.Nodes)
			f.Nodes = append(f.Nodes, Node{Code: c.Code, Name: c.Name, Depth: depth, Parent: parent, Leaf: len(c.Children) == 0, LeafLo: len(f.Leaves)})
			if parent < 0 {
				f.Fields = append(f.Fields, idx)
			}
			problems.Add(checkCriterion(c, depth)...)
			if prev, dup := f.byCode[c.Code]; dup && c.Code != "" {
				problems.Add(Problem{Criterion: c.Code, Key: "error.framework.code_twice", Args: []any{c.Code, f.Nodes[prev].Name, c.Name}})
			} else {
				f.byCode[c.Code] = idx
			}
			if len(c.Children) == 0 {
				n := &f.Nodes[idx]
				if c.MaxPoints != nil {
					n.Max = *c.MaxPoints
				}
				n.Source = c.Source
				if n.Source == "" {
					n.Source = Appraisal
				}
				f.Leaves = append(f.Leaves, idx)
			} else {
				if c.MaxPoints != nil {
					given[idx] = *c.MaxPoints
				}
				if depth+1 < MaxDepth {
					walk(c.Children, idx, depth+1)
				}
			}
			f.Nodes[idx].LeafHi = len(f.Leaves)
		}
	}
	walk(in.Criteria, -1, 0)
	// Parents' maxima are the sums of their leaves.
	for i := range f.Nodes {
		n := &f.Nodes[i]
		if !n.Leaf {
			for _, l := range f.Leaves[n.LeafLo:n.LeafHi] {
				n.Max += f.Nodes[l].Max
			}
			if g, ok := given[i]; ok && g != n.Max {
				problems.Add(Problem{Criterion: n.Code, Value: g.String(), Bound: n.Max.String(), Key: "error.framework.parent_max", Args: []any{n.Code, Number(g.String()), Number(n.Max.String())}})
			}
		}
	}
	f.Bands, problems = checkBands(in.Bands, problems)
	if err := problems.Err("error.framework.invalid"); err != nil {
		return nil, err
	}
	return f, nil
}

func checkCriterion(c Criterion, depth int) []Problem {
	var ps []Problem
	name := c.Code
	if !textrule.CriterionCode(c.Code) {
		ps = append(ps, Problem{Criterion: name, Value: c.Code, Key: "error.framework.code", Args: []any{c.Code}})
	}
	if strings.TrimSpace(c.Name) == "" {
		ps = append(ps, Problem{Criterion: name, Key: "error.framework.no_name", Args: []any{c.Code}})
	}
	if depth+1 >= MaxDepth && len(c.Children) > 0 {
		ps = append(ps, Problem{Criterion: name, Bound: fmt.Sprint(MaxDepth), Key: "error.framework.too_deep", Args: []any{c.Code, MaxDepth}})
	}
	if len(c.Children) > 0 {
		if c.Source != "" {
			ps = append(ps, Problem{Criterion: name, Key: "error.framework.parent_source", Args: []any{c.Code}})
		}
		return ps
	}
	switch {
	case c.MaxPoints == nil:
		ps = append(ps, Problem{Criterion: name, Key: "error.framework.leaf_max", Args: []any{c.Code}})
	case *c.MaxPoints < 0:
		ps = append(ps, Problem{Criterion: name, Value: c.MaxPoints.String(), Key: "error.framework.negative_max", Args: []any{c.Code, Number(c.MaxPoints.String())}})
	case *c.MaxPoints > MaxPointsLimit:
		ps = append(ps, Problem{Criterion: name, Value: c.MaxPoints.String(), Bound: MaxPointsLimit.String(), Key: "error.framework.max_over", Args: []any{c.Code, Number(MaxPointsLimit.String())}})
	}
	if c.Source != "" && c.Source != Appraisal && c.Source != Survey {
		ps = append(ps, Problem{Criterion: name, Value: string(c.Source), Key: "error.framework.source", Args: []any{c.Code, c.Source, string(Appraisal), string(Survey)}})
	}
	return ps
}

func checkBands(in []Band, problems Problems) ([]Band, Problems) {
	bands := append([]Band(nil), in...)
	labels := map[string]bool{}
	mins := map[string]bool{}
	for _, b := range bands {
		switch {
		case strings.TrimSpace(b.Label) == "":
			problems.Add(Problem{Field: "bands", Key: "error.band.no_label"})
		case labels[b.Label]:
			problems.Add(Problem{Field: "bands", Value: b.Label, Key: "error.band.twice", Args: []any{b.Label}})
		case mins[b.MinIndex.String()]:
			problems.Add(Problem{Field: "bands", Value: b.MinIndex.String(), Key: "error.band.same_min", Args: []any{b.Label, Number(b.MinIndex.String())}})
		case b.MinIndex.IsNegative() || b.MinIndex.GreaterThan(decimal.NewFromInt(100)):
			problems.Add(Problem{Field: "bands", Value: b.MinIndex.String(), Bound: "0..100", Key: "error.band.range", Args: []any{b.Label, Number(b.MinIndex.String())}})

		}
		labels[b.Label] = true
		mins[b.MinIndex.String()] = true
	}
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].MinIndex.GreaterThan(bands[j].MinIndex) })
	return bands, problems
}

// Lookup returns the node with the given code.
func (f *Framework) Lookup(code string) (Node, int, bool) {
	i, ok := f.byCode[code]
	if !ok {
		return Node{}, -1, false
	}
	return f.Nodes[i], i, true
}

// LeafPosition returns the position of a leaf in Leaves, or -1.
func (f *Framework) LeafPosition(code string) int {
	i, ok := f.byCode[code]
	if !ok || !f.Nodes[i].Leaf {
		return -1
	}
	return f.Nodes[i].LeafLo
}

// Total is the framework's maximum: the sum of every leaf's maximum.
func (f *Framework) Total() Milli {
	var t Milli
	for _, fi := range f.Fields {
		t += f.Nodes[fi].Max
	}
	return t
}

// Tree returns the framework as entered, with each parent's maximum filled in.
func (f *Framework) Tree() []Criterion {
	children := make([][]int, len(f.Nodes)+1) // children[parent+1]
	for i, n := range f.Nodes {
		children[n.Parent+1] = append(children[n.Parent+1], i)
	}
	var build func(parent int) []Criterion
	build = func(parent int) []Criterion {
		var out []Criterion
		for _, i := range children[parent+1] {
			n := f.Nodes[i]
			max := n.Max
			c := Criterion{Code: n.Code, Name: n.Name, MaxPoints: &max}
			if n.Leaf {
				c.Source = n.Source
			} else {
				c.Children = build(i)
			}
			out = append(out, c)
		}
		return out
	}
	return build(-1)
}

// BandFor returns the band of a shown index, "" when it is below every threshold.
func (f *Framework) BandFor(x Index) string {
	if !x.Defined() {
		return ""
	}
	shown := x.Shown()
	for _, b := range f.Bands {
		if shown.GreaterThanOrEqual(b.MinIndex) {
			return b.Label
		}
	}
	return ""
}
