package score

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Index is an exact percentage points/max × 100, kept as the fraction
// 100·Points / Max. It is undefined when Max is 0 (every leaf not applicable).
type Index struct {
	Points Milli
	Max    Milli
}

// Defined reports whether the index has a value.
func (x Index) Defined() bool { return x.Max > 0 }

// Rat returns the exact value as a rational, nil when undefined.
func (x Index) Rat() *big.Rat {
	if !x.Defined() {
		return nil
	}
	return new(big.Rat).SetFrac(big.NewInt(int64(x.Points)*100), big.NewInt(int64(x.Max)))
}

// Hundredths is the shown (2-place, half-up) index in hundredths of a
// percent: 79.995 → 8000. Points are never negative, so half-up is floor(v+½).
func (x Index) Hundredths() int64 {
	if !x.Defined() {
		return 0
	}
	p, m := int64(x.Points), int64(x.Max)
	return (p*20000 + m) / (2 * m)
}

// Shown is the index as it is displayed and published: 2 places, half-up.
func (x Index) Shown() decimal.Decimal { return decimal.New(x.Hundredths(), -2) }

// cmpExact compares two defined indices exactly (cross-multiplied in 128 bits).
func cmpExact(a, b Index) int {
	ahi, alo := bits.Mul64(uint64(a.Points), uint64(b.Max))
	bhi, blo := bits.Mul64(uint64(b.Points), uint64(a.Max))
	switch {
	case ahi != bhi:
		return cmpU(ahi, bhi)
	default:
		return cmpU(alo, blo)
	}
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Round is the one place that rounds an exact rational for display: half
// away from zero (half-up for the positive values indices are), to places.
func Round(r *big.Rat, places int32) decimal.Decimal {
	return decimal.NewFromBigInt(roundInt(r, places), -places)
}

// roundInt is r·10^places rounded half away from zero to an integer.
func roundInt(r *big.Rat, places int32) *big.Int {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	den := r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	// floor((2·num + den) / (2·den)) rounds half up on the magnitude.
	num.Mul(num, big.NewInt(2)).Add(num, den)
	q := num.Quo(num, new(big.Int).Mul(den, big.NewInt(2)))
	if neg {
		q.Neg(q)
	}
	return q
}

// mean returns the exact arithmetic mean of rs (nil for none).
func mean(rs []*big.Rat) *big.Rat {
	if len(rs) == 0 {
		return nil
	}
	sum := new(big.Rat)
	for _, r := range rs {
		sum.Add(sum, r)
	}
	return sum.Quo(sum, new(big.Rat).SetInt64(int64(len(rs))))
}
