package score

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomTier is a framework of 8 fields × 3 criteria × 5 leaves (120
// leaves) and units with deterministic pseudo-random 3-place points.
// naPercent of the entries are not applicable, which gives the units
// different maxima and so indices with different denominators.
func randomTier(b testing.TB, seed uint64, units, naPercent int) (*Framework, []UnitScores, map[string]Previous) {
	b.Helper()
	rng := rand.New(rand.NewPCG(seed, 63))
	var fields []Criterion
	for fi := 1; fi <= 8; fi++ {
		var crits []Criterion
		for ci := 1; ci <= 3; ci++ {
			var leaves []Criterion
			for li := 1; li <= 5; li++ {
				max := Milli(250 + 250*rng.IntN(8)) // 0.25 … 2
				code := fmt.Sprintf("%d.%d.%d", fi, ci, li)
				leaves = append(leaves, Criterion{Code: code, Name: "Tiêu chí thành phần " + code, MaxPoints: &max})
			}
			crits = append(crits, node(fmt.Sprintf("%d.%d", fi, ci), "Tiêu chí", leaves...))
		}
		fields = append(fields, node(fmt.Sprint(fi), "Lĩnh vực", crits...))
	}
	f := mustFramework(b, FrameworkInput{Criteria: fields, Bands: provinceBands()})
	if len(f.Leaves) != 120 {
		b.Fatalf("%d leaves", len(f.Leaves))
	}
	us := make([]UnitScores, units)
	prev := map[string]Previous{}
	words := []string{"Sở", "Ban", "Ủy ban nhân dân", "Đài", "Thanh tra", "Văn phòng"}
	for i := range us {
		es := make([]Entry, len(f.Leaves))
		for j, li := range f.Leaves {
			max := f.Nodes[li].Max
			switch r := rng.IntN(100); {
			case r < naPercent:
				es[j] = Entry{NotApplicable: true}
			case r < naPercent+5:
				es[j] = Entry{Self: Milli(rng.Int64N(int64(max) + 1)), HasSelf: true}
			default:
				// Mostly high points, as real tiers have.
				p := max - Milli(rng.Int64N(int64(max)/2+1))
				es[j] = Entry{Self: max, HasSelf: true, Points: p, HasPoints: true}
			}
		}
		code := fmt.Sprintf("U%04d", i)
		us[i] = UnitScores{Code: code, Name: fmt.Sprintf("%s %d", words[i%len(words)], rng.IntN(100000)), Entries: es}
		if i%3 != 0 {
			prev[code] = Previous{Rank: 1 + rng.IntN(units), Index: Index{Points: Milli(rng.Int64N(100_000)), Max: 100_000}}
		}
	}
	return f, us, prev
}

// BenchmarkTier2000x120: evaluate 2,000 units on 120 leaves and rank them
// with every figure. The target is under 20 ms per op.
func BenchmarkTier2000x120(b *testing.B) {
	for _, na := range []int{0, 3} {
		b.Run(fmt.Sprintf("na=%d%%", na), func(b *testing.B) {
			f, us, prev := randomTier(b, 2016, 2000, na)
			results := make([]UnitResult, len(us))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i, u := range us {
					results[i] = f.Evaluate(u)
				}
				tr := f.Rank(results, prev)
				if tr.Stats.Ranked != len(us) {
					b.Fatalf("ranked %d", tr.Stats.Ranked)
				}
			}
		})
	}
}
