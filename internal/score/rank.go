package score

import (
	"bytes"
	"math/big"
	"sort"

	"github.com/shopspring/decimal"
)

// Previous is a unit's standing in the previous period of the same tier.
type Previous struct {
	Rank  int // 0 when it was not ranked
	Index Index
}

// Ranked is a unit's result with its place in the tier.
type Ranked struct {
	UnitResult
	Rank        int    // 1-based; 0 when the index is undefined
	Band        string // "" when below every band or unranked
	Previous    *Previous
	RankChange  *int     // previous rank − rank: positive is a rise
	IndexChange *big.Rat // exact index − exact previous index
}

// BandCount is how many units a band holds.
type BandCount struct {
	Label    string
	MinIndex decimal.Decimal
	Count    int
}

// FieldAverage is the mean of the units' sub-indices for one field.
type FieldAverage struct {
	Code    string
	Name    string
	Units   int      // units for which the field applies
	Average *big.Rat // nil when no unit has it
}

// Stats are the tier figures (rule 7). Exact values are nil when no unit
// has a defined index.
type Stats struct {
	Units        int
	Ranked       int
	Complete     int
	Provisional  int
	Average      *big.Rat
	Min          *big.Rat
	Max          *big.Rat
	Median       *big.Rat
	AboveAverage int // units whose shown index is above the shown average
	Bands        []BandCount
	NoBand       int // ranked units below every band
	Fields       []FieldAverage
}

// TierResult is a tier's ranking and figures.
type TierResult struct {
	Units []Ranked // in rank order; unranked units last
	Stats Stats
}

// Rank orders the units of one tier (rules 6–9). prev holds the previous
// period's standing by unit code; it may be nil.
func (f *Framework) Rank(units []UnitResult, prev map[string]Previous) TierResult {
	rs := make([]Ranked, len(units))
	for i, u := range units {
		rs[i] = Ranked{UnitResult: u}
	}
	keys := collationKeys(len(units), func(i int) string { return units[i].Name })
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ia, ib := order[a], order[b]
		if c := f.compare(rs[ia].Index(), rs[ib].Index()); c != 0 {
			return c > 0
		}
		if c := bytes.Compare(keys[ia], keys[ib]); c != 0 {
			return c < 0
		}
		return rs[ia].Code < rs[ib].Code
	})
	sorted := make([]Ranked, len(rs))
	for pos, i := range order {
		r := rs[i]
		if r.Index().Defined() {
			r.Rank = pos + 1
			if pos > 0 && f.compare(sorted[pos-1].Index(), r.Index()) == 0 {
				r.Rank = sorted[pos-1].Rank
			}
			r.Band = f.BandFor(r.Index())
		}
		if p, ok := prev[r.Code]; ok {
			p := p
			r.Previous = &p
			if p.Rank > 0 && r.Rank > 0 {
				change := p.Rank - r.Rank
				r.RankChange = &change
			}
			if p.Index.Defined() && r.Index().Defined() {
				r.IndexChange = new(big.Rat).Sub(r.Index().Rat(), p.Index.Rat())
			}
		}
		sorted[pos] = r
	}
	return TierResult{Units: sorted, Stats: f.stats(sorted)}
}

// compare orders indices for ranking: undefined below everything, then by
// the shown or exact value as the framework says.
func (f *Framework) compare(a, b Index) int {
	switch {
	case !a.Defined() && !b.Defined():
		return 0
	case !a.Defined():
		return -1
	case !b.Defined():
		return 1
	case f.Ranking == RankExact:
		return cmpExact(a, b)
	}
	ha, hb := a.Hundredths(), b.Hundredths()
	switch {
	case ha < hb:
		return -1
	case ha > hb:
		return 1
	}
	return 0
}

func (f *Framework) stats(units []Ranked) Stats {
	s := Stats{Units: len(units)}
	var indices []Index
	var total indexMean
	fields := make([]indexMean, len(f.Fields))
	for i := range units {
		u := &units[i]
		if u.Complete {
			s.Complete++
		}
		if u.Provisional {
			s.Provisional++
		}
		if x := u.Index(); x.Defined() {
			indices = append(indices, x)
			total.add(x)
		}
		for k, fi := range f.Fields {
			fields[k].add(u.Nodes[fi].Index())
		}
	}
	s.Ranked = len(indices)
	for _, b := range f.Bands {
		s.Bands = append(s.Bands, BandCount{Label: b.Label, MinIndex: b.MinIndex})
	}
	for k, fi := range f.Fields {
		s.Fields = append(s.Fields, FieldAverage{Code: f.Nodes[fi].Code, Name: f.Nodes[fi].Name, Units: fields[k].n, Average: fields[k].mean()})
	}
	if len(indices) == 0 {
		return s
	}
	sort.Slice(indices, func(i, j int) bool { return cmpExact(indices[i], indices[j]) < 0 })
	s.Average = total.mean()
	// Fresh values: with one unit min, max and median are the same value,
	// and a caller changing one of them must not change the others.
	n := len(indices)
	s.Min, s.Max = indices[0].Rat(), indices[n-1].Rat()
	if n%2 == 1 {
		s.Median = indices[n/2].Rat()
	} else {
		s.Median = mean([]*big.Rat{indices[n/2-1].Rat(), indices[n/2].Rat()})
	}
	// Above the average as shown: both sides in hundredths.
	shownAvg := roundInt(s.Average, 2)
	var hundredths big.Int
	for i := range units {
		u := &units[i]
		x := u.Index()
		if !x.Defined() {
			continue
		}
		if hundredths.SetInt64(x.Hundredths()).Cmp(shownAvg) > 0 {
			s.AboveAverage++
		}
		if u.Band == "" {
			s.NoBand++
			continue
		}
		for i := range s.Bands {
			if s.Bands[i].Label == u.Band {
				s.Bands[i].Count++
			}
		}
	}
	return s
}

// indexMean accumulates the exact mean of defined indices. Indices with the
// same maximum (most units of a tier, unless some criteria do not apply to
// them) share a denominator, so their points are summed as integers and
// only one fraction per distinct maximum is built: the same exact value as
// adding every index as a fraction, without a GCD per unit.
type indexMean struct {
	n      int
	groups map[Milli]*big.Int // sum of points by maximum
	tmp    big.Int
}

func (m *indexMean) add(x Index) {
	if !x.Defined() {
		return
	}
	m.n++
	if m.groups == nil {
		m.groups = map[Milli]*big.Int{}
	}
	g := m.groups[x.Max]
	if g == nil {
		g = new(big.Int)
		m.groups[x.Max] = g
	}
	g.Add(g, m.tmp.SetInt64(int64(x.Points)))
}

// mean returns the exact mean, nil when no index was added.
func (m *indexMean) mean() *big.Rat {
	if m.n == 0 {
		return nil
	}
	sum := new(big.Rat)
	var r big.Rat
	hundred := big.NewInt(100)
	for max, points := range m.groups {
		r.SetFrac(new(big.Int).Mul(points, hundred), big.NewInt(int64(max)))
		sum.Add(sum, &r)
	}
	return sum.Quo(sum, new(big.Rat).SetInt64(int64(m.n)))
}
