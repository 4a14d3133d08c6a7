package score

import (
	"math/big"
	"sort"

	"github.com/shopspring/decimal"
)

// What a unit's own figures say about it: how far it is from the next
// band, where it lost points, and how far its self-assessment ran ahead
// of the appraisal. Pure, like the rest of the engine.

// Reach is what a unit needs to reach the next band up.
type Reach struct {
	Band      Band            // the next band up
	Target    decimal.Decimal // the least shown index in it: 70.00 for a minimum of 69.995
	Current   string          // the band it is in now, "" below every band
	Needed    Milli           // the fewest points that make the shown index reach Band
	Open      Milli           // points still to be won on applicable leaves not yet appraised
	Reachable bool            // Needed ≤ Open: the leaves still open can bring it there
}

// NextBand returns what the unit needs for the lowest band its shown index
// has not reached (rule 8: bands follow the index rounded half-up to two
// places, so 69.995 already shows as 70.00). Not applicable leaves are out
// of the maximum. ok is false when there is no band above the unit (it is
// in the top band, or the framework has none) or its index is undefined.
func (f *Framework) NextBand(u UnitScores) (Reach, bool) {
	r := f.Evaluate(u)
	x := r.Index()
	if !x.Defined() {
		return Reach{}, false
	}
	shown := x.Hundredths()
	var next *Band
	for i := len(f.Bands) - 1; i >= 0; i-- { // lowest first
		if shown < thresholdHundredths(f.Bands[i].MinIndex) {
			next = &f.Bands[i]
			break
		}
	}
	if next == nil {
		return Reach{}, false
	}
	t := thresholdHundredths(next.MinIndex)
	out := Reach{Band: *next, Target: decimal.New(t, -2), Current: f.BandFor(x)}
	// Hundredths(p/m) = ⌊(20000p + m) / 2m⌋ ≥ t  ⇔  p ≥ m(2t − 1) / 20000.
	need := new(big.Int).Mul(big.NewInt(int64(x.Max)), big.NewInt(2*t-1))
	need = divCeil(need, big.NewInt(20000))
	out.Needed = Milli(need.Int64()) - x.Points
	for pos, ni := range f.Leaves {
		var e Entry
		if pos < len(u.Entries) {
			e = u.Entries[pos]
		}
		if e.NotApplicable || e.HasPoints {
			continue
		}
		pts, _, _ := e.Effective()
		out.Open += f.Nodes[ni].Max - pts
	}
	out.Reachable = out.Needed <= out.Open
	return out, true
}

// thresholdHundredths is the least shown index, in hundredths, that a band
// of this minimum holds: a minimum of 69.995 is reached by 70.00.
func thresholdHundredths(min decimal.Decimal) int64 {
	return min.Mul(decimal.NewFromInt(100)).Ceil().IntPart()
}

func divCeil(a, b *big.Int) *big.Int {
	q, m := new(big.Int).QuoRem(a, b, new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// Loss is what a unit lost on one applicable leaf: its maximum minus the
// points that count (rule 2), with whether those are appraised.
type Loss struct {
	Node      int // framework node of the leaf
	Max       Milli
	Points    Milli // effective points: appraised (or survey) points, else self points, else 0
	Lost      Milli // Max − Points
	Appraised bool  // Points are the official points
	Scored    bool  // the leaf has points or self points at all
}

// Losses lists the applicable leaves where the unit lost points, the most
// lost first (framework order on a tie).
func (f *Framework) Losses(u UnitScores) []Loss {
	var out []Loss
	for pos, ni := range f.Leaves {
		var e Entry
		if pos < len(u.Entries) {
			e = u.Entries[pos]
		}
		if e.NotApplicable {
			continue
		}
		pts, _, ok := e.Effective()
		max := f.Nodes[ni].Max
		if pts >= max {
			continue
		}
		out = append(out, Loss{Node: ni, Max: max, Points: pts, Lost: max - pts, Appraised: e.HasPoints, Scored: ok})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Lost > out[j].Lost })
	return out
}

// Gap compares a unit's self points with the appraised points on the
// applicable leaves that have both.
type Gap struct {
	Self   Milli
	Points Milli
	Leaves int // leaves compared
}

// Ahead is how far the self-assessment ran ahead of the appraisal
// (negative when the unit scored itself below the council).
func (g Gap) Ahead() Milli { return g.Self - g.Points }

// SelfGaps returns the gap of every framework node (by node index) and of
// the whole framework: leaves without self or official points, or not
// applicable, are left out of both sides.
func (f *Framework) SelfGaps(u UnitScores) (total Gap, nodes []Gap) {
	nodes = make([]Gap, len(f.Nodes))
	for pos, ni := range f.Leaves {
		var e Entry
		if pos < len(u.Entries) {
			e = u.Entries[pos]
		}
		if e.NotApplicable || !e.HasSelf || !e.HasPoints {
			continue
		}
		nodes[ni] = Gap{Self: e.Self, Points: e.Points, Leaves: 1}
	}
	for i := len(f.Nodes) - 1; i >= 0; i-- { // children come after their parent
		g, p := nodes[i], f.Nodes[i].Parent
		dst := &total
		if p >= 0 {
			dst = &nodes[p]
		}
		dst.Self += g.Self
		dst.Points += g.Points
		dst.Leaves += g.Leaves
	}
	return total, nodes
}
