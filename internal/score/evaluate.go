package score

// Entry is one unit's score on one leaf.
type Entry struct {
	Self          Milli // the unit's self-assessment
	Points        Milli // official: the council's appraisal or the survey result
	HasSelf       bool
	HasPoints     bool
	NotApplicable bool // the leaf leaves both the numerator and the maximum
}

// Effective returns the points that count and whether they are only the
// unit's own (provisional); ok is false when the leaf has no points at all.
func (e Entry) Effective() (points Milli, provisional, ok bool) {
	switch {
	case e.HasPoints:
		return e.Points, false, true
	case e.HasSelf:
		return e.Self, true, true
	}
	return 0, false, false
}

// UnitScores is what a unit has on each leaf, by leaf position
// (Framework.Leaves). Missing trailing entries count as empty.
type UnitScores struct {
	Code    string
	Name    string
	Entries []Entry
}

// Sum is the applicable points and maximum of a node.
type Sum struct {
	Points Milli // effective points of applicable leaves
	Self   Milli // self points of applicable leaves
	Max    Milli // maxima of applicable leaves
}

// Index returns the node's exact index.
func (s Sum) Index() Index { return Index{Points: s.Points, Max: s.Max} }

// UnitResult is one unit's evaluated framework.
type UnitResult struct {
	Code        string
	Name        string
	Total       Sum
	Nodes       []Sum    // by framework node
	Complete    bool     // every applicable leaf has points or self points
	Provisional bool     // some applicable leaf counts only self points
	Missing     []string // codes of applicable leaves with no points at all
}

// Index is the unit's exact index.
func (r UnitResult) Index() Index { return r.Total.Index() }

// Evaluate sums a unit's scores over the framework (rules 2 and 4).
func (f *Framework) Evaluate(u UnitScores) UnitResult {
	r := UnitResult{Code: u.Code, Name: u.Name, Nodes: make([]Sum, len(f.Nodes)), Complete: true}
	for pos, ni := range f.Leaves {
		var e Entry
		if pos < len(u.Entries) {
			e = u.Entries[pos]
		}
		if e.NotApplicable {
			continue
		}
		pts, prov, ok := e.Effective()
		if !ok {
			r.Complete = false
			r.Missing = append(r.Missing, f.Nodes[ni].Code)
		}
		r.Provisional = r.Provisional || prov
		s := &r.Nodes[ni]
		s.Points, s.Max = pts, f.Nodes[ni].Max
		if e.HasSelf {
			s.Self = e.Self
		}
	}
	// Nodes are in depth-first order, so children come after their parent:
	// walking backwards adds each finished node into its parent.
	for i := len(f.Nodes) - 1; i >= 0; i-- {
		s, p := r.Nodes[i], f.Nodes[i].Parent
		if p < 0 {
			r.Total.Points += s.Points
			r.Total.Self += s.Self
			r.Total.Max += s.Max
			continue
		}
		ps := &r.Nodes[p]
		ps.Points += s.Points
		ps.Self += s.Self
		ps.Max += s.Max
	}
	return r
}
