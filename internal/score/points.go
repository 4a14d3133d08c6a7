// Package score is the pure scoring engine: framework trees, exact points,
// indices, ranks, bands and tier statistics. It does no I/O.
package score

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Milli is an amount of points in thousandths. Points are entered with at
// most three decimal places, so every entered value is exact here and sums
// are plain integer additions.
type Milli int64

// MaxPointsLimit bounds a single leaf's maximum (and so any entered points),
// keeping every sum far inside int64.
const MaxPointsLimit Milli = 1_000_000 * 1000

var thousand = decimal.NewFromInt(1000)

// MilliFromDecimal converts d to Milli, refusing more than 3 decimal places
// (which would have to be rounded, silently changing what was entered) and
// values outside ±MaxPointsLimit.
func MilliFromDecimal(d decimal.Decimal) (Milli, error) {
	scaled := d.Mul(thousand)
	if !scaled.IsInteger() {
		return 0, E(EUNPROCESSABLE, "error.points.places", Number(d.String()))
	}
	if scaled.Abs().GreaterThan(decimal.NewFromInt(int64(MaxPointsLimit))) {
		return 0, E(EUNPROCESSABLE, "error.points.range", Number(d.String()), Number(MaxPointsLimit.String()))
	}
	return Milli(scaled.IntPart()), nil
}

// ParseMilli reads a decimal written with a dot ("15.753"). Exponents,
// spaces, NaN and infinities are refused.
func ParseMilli(s string) (Milli, error) {
	if s == "" || strings.ContainsAny(s, "eE \t\n") {
		return 0, E(EUNPROCESSABLE, "error.points.number", s)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return 0, E(EUNPROCESSABLE, "error.points.number", s)
	}

	return MilliFromDecimal(d)
}

// Decimal returns m as an exact decimal with trailing zeros dropped.
func (m Milli) Decimal() decimal.Decimal { return decimal.New(int64(m), -3) }

// String prints m exactly, without trailing zeros: 15.753, 2.5, 10.
func (m Milli) String() string { return m.Decimal().String() }
