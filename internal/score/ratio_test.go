package score

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// Rule 5: rounding happens only when a value is shown: half-up, 2 places.

func TestRound(t *testing.T) {
	tests := []struct {
		in     string // exact rational
		places int32
		want   string // StringFixed(places)
	}{
		{"79.995", 2, "80.00"},
		{"79.994999", 2, "79.99"},
		{"79.9949999999999999999999", 2, "79.99"},
		{"69.005", 2, "69.01"},
		{"0.005", 2, "0.01"},
		{"0.004", 2, "0.00"},
		{"0.015", 2, "0.02"}, // half-up, not half-even
		{"0.025", 2, "0.03"}, // half-up, not half-even
		{"1.125", 2, "1.13"},
		{"99.995", 2, "100.00"},
		{"100", 2, "100.00"},
		{"0", 2, "0.00"},
		{"674100/9750", 2, "69.14"}, // Lai Châu: 67.41 of 97.5 points, 69.1384…
		{"1/3", 2, "0.33"},
		{"2/3", 2, "0.67"},
		{"1/8", 2, "0.13"},     // 0.125
		{"1/200", 2, "0.01"},   // 0.005
		{"-2.345", 2, "-2.35"}, // half away from zero
		{"-2.344", 2, "-2.34"},
		{"-2.355", 2, "-2.36"},
		{"-0.005", 2, "-0.01"},
		{"-0.004", 2, "0.00"},
		{"-1/8", 2, "-0.13"},
		{"2.5", 0, "3"},
		{"-2.5", 0, "-3"},
		{"15.7535", 3, "15.754"},
		{"-15.7535", 3, "-15.754"},
	}
	for _, tt := range tests {
		got := Round(rat(tt.in), tt.places)
		if s := got.StringFixed(tt.places); s != tt.want {
			t.Errorf("Round(%s, %d) = %s, want %s", tt.in, tt.places, s, tt.want)
		}
		if -got.Exponent() > tt.places {
			t.Errorf("Round(%s, %d) has %d places", tt.in, tt.places, -got.Exponent())
		}
	}
}

// TestRoundDoesNotChangeItsArgument: Round must not write through r.Num()
// or r.Denom(), which are references into r.
func TestRoundDoesNotChangeItsArgument(t *testing.T) {
	r := rat("-79995/1000")
	Round(r, 2)
	if r.Cmp(rat("-79.995")) != 0 {
		t.Fatalf("Round changed its argument to %s", r.RatString())
	}
}

func TestIndexShown(t *testing.T) {
	tests := []struct {
		points, max string
		want        string
		hundredths  int64
	}{
		{"79.995", "100", "80.00", 8000},
		{"79.994", "100", "79.99", 7999},
		{"80.004", "100", "80.00", 8000},
		{"67.41", "97.5", "69.14", 6914},
		{"1", "3", "33.33", 3333},
		{"2", "3", "66.67", 6667},
		{"0.001", "0.008", "12.50", 1250}, // exactly 12.5
		{"0.001", "16", "0.01", 1},        // 0.00625
		{"0.001", "40", "0.00", 0},        // 0.0025
		{"0.001", "20", "0.01", 1},        // 0.005, half-up
		{"0", "100", "0.00", 0},
		{"100", "100", "100.00", 10000},
		{"1000000", "1000000", "100.00", 10000},
		{"999999.999", "1000000", "100.00", 10000},
	}
	for _, tt := range tests {
		x := Index{Points: ml(t, tt.points), Max: ml(t, tt.max)}
		if !x.Defined() {
			t.Errorf("Index(%s/%s) is undefined", tt.points, tt.max)
		}
		if got := x.Hundredths(); got != tt.hundredths {
			t.Errorf("Index(%s/%s).Hundredths() = %d, want %d", tt.points, tt.max, got, tt.hundredths)
		}
		if got := x.Shown().StringFixed(2); got != tt.want {
			t.Errorf("Index(%s/%s).Shown() = %s, want %s", tt.points, tt.max, got, tt.want)
		}
		if got := Round(x.Rat(), 2).StringFixed(2); got != tt.want {
			t.Errorf("Round(Index(%s/%s).Rat(), 2) = %s, want %s", tt.points, tt.max, got, tt.want)
		}
	}
}

func TestIndexUndefined(t *testing.T) {
	x := Index{Points: 0, Max: 0}
	if x.Defined() || x.Rat() != nil || x.Hundredths() != 0 {
		t.Fatalf("Index{0,0}: Defined %v, Rat %v, Hundredths %d", x.Defined(), x.Rat(), x.Hundredths())
	}
}

// TestShownAgreesWithRound: the integer fast path (Hundredths, used to rank
// and band) and Round on the exact rational (used to show) never disagree,
// also exactly on the halves.
func TestShownAgreesWithRound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(p, m Milli) {
		x := Index{Points: p, Max: m}
		want := Round(x.Rat(), 2)
		if got := x.Shown(); !got.Equal(want) {
			t.Fatalf("Index{%s/%s}: Shown %s, Round %s", p, m, got, want)
		}
	}
	for i := 0; i < 200000; i++ {
		m := Milli(1 + rng.Int64N(int64(200_000)))
		if i%4 == 0 {
			m = Milli(1 + rng.Int64N(int64(MaxPointsLimit)*120))
		}
		check(Milli(rng.Int64N(int64(m)+1)), m)
	}
	// Exact halves: with a maximum of 20 points (20000 thousandths) the
	// index is p/200 %, so every odd p lands exactly on a half hundredth.
	for p := Milli(0); p <= 20000; p++ {
		check(p, 20000)
	}
}

func TestCmpExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	huge := int64(MaxPointsLimit) * MaxNodes
	for i := 0; i < 100000; i++ {
		var a, b Index
		if i%2 == 0 {
			a.Max, b.Max = Milli(1+rng.Int64N(huge)), Milli(1+rng.Int64N(huge))
		} else {
			a.Max, b.Max = Milli(1+rng.Int64N(1000)), Milli(1+rng.Int64N(1000))
		}
		a.Points, b.Points = Milli(rng.Int64N(int64(a.Max)+1)), Milli(rng.Int64N(int64(b.Max)+1))
		if i%5 == 0 { // equal values with different fractions
			k := Milli(1 + rng.Int64N(1000))
			b = Index{Points: a.Points * k, Max: a.Max * k}
			if b.Max/k != a.Max { // overflowed: skip
				continue
			}
		}
		if got, want := cmpExact(a, b), a.Rat().Cmp(b.Rat()); got != want {
			t.Fatalf("cmpExact(%v, %v) = %d, want %d", a, b, got, want)
		}
	}
}

// TestShownTotalIsRoundedExactTotal (rule 5): the total shown beside its
// parts is the rounding of the exact total, not the sum of rounded parts;
// here they differ by 0.01, as in the Ministry's own tables.
func TestShownTotalIsRoundedExactTotal(t *testing.T) {
	f := mustFramework(t, FrameworkInput{Criteria: []Criterion{
		node("1", "Công tác chỉ đạo, điều hành", leaf("1.1", "Kế hoạch CCHC", "30"), leaf("1.2", "Báo cáo CCHC", "20")),
		node("2", "Cải cách thể chế", leaf("2.1", "Ban hành văn bản", "25"), leaf("2.2", "Rà soát văn bản", "25")),
	}})
	r := f.Evaluate(UnitScores{Code: "STC", Name: "Sở Tài chính", Entries: entries(t, f, map[string]Entry{
		"1.1": pts("10"), "1.2": pts("0.005"),
		"2.1": pts("5.002"), "2.2": pts("5.003"),
	})})
	total := r.Index()
	if got := total.Shown().StringFixed(2); got != "20.01" {
		t.Fatalf("total shown %s, want 20.01 (exact 20.01)", got)
	}
	// Each field's share of the index, shown to 2 places: 10.005 → 10.01.
	sumOfShown := new(big.Rat)
	for _, fi := range f.Fields {
		part := Index{Points: r.Nodes[fi].Points, Max: total.Max}
		if got := part.Shown().StringFixed(2); got != "10.01" {
			t.Errorf("field %s shown %s, want 10.01", f.Nodes[fi].Code, got)
		}
		sumOfShown.Add(sumOfShown, Round(part.Rat(), 2).Rat())
	}
	if got := fixed2(sumOfShown); got != "20.02" {
		t.Fatalf("sum of shown parts %s, want 20.02", got)
	}
	// And the tier's figures follow the exact total too.
	tier := f.Rank([]UnitResult{r}, nil)
	if got := fixed2(tier.Stats.Average); got != "20.01" {
		t.Errorf("average %s, want 20.01", got)
	}
}

func TestMean(t *testing.T) {
	if mean(nil) != nil {
		t.Fatal("mean of nothing is not nil")
	}
	got := mean([]*big.Rat{rat("1/3"), rat("1/6"), rat("1/2")})
	if got.Cmp(rat("1/3")) != 0 {
		t.Fatalf("mean = %s, want 1/3", got.RatString())
	}
}
