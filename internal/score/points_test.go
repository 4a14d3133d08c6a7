package score

import (
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Rule 3 (the bounds themselves are checked in the store) and rule 5:
// points are exact thousandths, printed as entered.

func TestParseMilli(t *testing.T) {
	tests := []struct {
		in   string
		want Milli
		str  string
	}{
		{"15.753", 15753, "15.753"},
		{"2.50", 2500, "2.5"},
		{"2.500", 2500, "2.5"},
		{"10", 10000, "10"},
		{"10.000", 10000, "10"},
		{"0", 0, "0"},
		{"0.001", 1, "0.001"},
		{"0.1", 100, "0.1"},
		{"97.5", 97500, "97.5"},
		{"67.41", 67410, "67.41"},
		{"-1.25", -1250, "-1.25"}, // the sign is the store's business (rule 3)
		{"1000000", MaxPointsLimit, "1000000"},
		{"-1000000", -MaxPointsLimit, "-1000000"},
		{"999999.999", MaxPointsLimit - 1, "999999.999"},
	}
	for _, tt := range tests {
		got, err := ParseMilli(tt.in)
		if err != nil {
			t.Errorf("ParseMilli(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseMilli(%q) = %d thousandths, want %d", tt.in, got, tt.want)
		}
		if got.String() != tt.str {
			t.Errorf("ParseMilli(%q).String() = %q, want %q", tt.in, got.String(), tt.str)
		}
		if !got.Decimal().Equal(decimal.RequireFromString(tt.in)) {
			t.Errorf("ParseMilli(%q).Decimal() = %s, not the value entered", tt.in, got.Decimal())
		}
	}
}

func TestParseMilliRefuses(t *testing.T) {
	tests := []struct {
		in, why string
	}{
		{"15.7531", "error.points.places"},
		{"0.0001", "error.points.places"},
		{"2.5000001", "error.points.places"},
		{"1e3", "error.points.number"},
		{"1E3", "error.points.number"},
		{"1.5e-1", "error.points.number"},
		{"NaN", "error.points.number"},
		{"nan", "error.points.number"},
		{"Inf", "error.points.number"},
		{"-Infinity", "error.points.number"},
		{"", "error.points.number"},
		{" 1", "error.points.number"},
		{"1 ", "error.points.number"},
		{"1\t", "error.points.number"},
		{"1,5", "error.points.number"}, // a decimal comma is not accepted
		{"1.2.3", "error.points.number"},
		{"0x10", "error.points.number"},
		{"1_000", "error.points.number"},
		{"abc", "error.points.number"},
		{"1000000.001", "error.points.range"},
		{"-1000000.001", "error.points.range"},
		{"99999999999999999999999", "error.points.range"},
	}
	for _, tt := range tests {
		got, err := ParseMilli(tt.in)
		if err == nil {
			t.Errorf("ParseMilli(%q) = %s, want an error (%s)", tt.in, got, tt.why)
			continue
		}
		if keyOf(err) != tt.why {
			t.Errorf("ParseMilli(%q) error %q, want it to say %q", tt.in, err, tt.why)
		}
	}
}

func TestMilliFromDecimal(t *testing.T) {
	tests := []struct {
		in      decimal.Decimal
		want    Milli
		wantErr string
	}{
		{decimal.RequireFromString("15.753"), 15753, ""},
		{decimal.New(15753, -3), 15753, ""},
		{decimal.New(250, -2), 2500, ""},
		{decimal.New(15753000, -6), 15753, ""}, // trailing zeros are not places
		{decimal.New(3, 2), 300000, ""},
		{decimal.New(157531, -4), 0, "error.points.places"},
		{decimal.NewFromFloat(0.1).Add(decimal.NewFromFloat(0.2)), 300, ""},
		{decimal.New(1, 7), 0, "error.points.range"},
		{decimal.New(-1, 7), 0, "error.points.range"},
	}
	for _, tt := range tests {
		got, err := MilliFromDecimal(tt.in)
		switch {
		case tt.wantErr != "" && err == nil:
			t.Errorf("MilliFromDecimal(%s) = %s, want error %q", tt.in, got, tt.wantErr)
		case tt.wantErr != "" && keyOf(err) != tt.wantErr:
			t.Errorf("MilliFromDecimal(%s) error %q, want %q", tt.in, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("MilliFromDecimal(%s): %v", tt.in, err)
		case tt.wantErr == "" && got != tt.want:
			t.Errorf("MilliFromDecimal(%s) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestMilliStringRoundTrip: every value prints exactly and parses back.
func TestMilliStringRoundTrip(t *testing.T) {
	for _, m := range []Milli{0, 1, 9, 10, 99, 100, 101, 999, 1000, 1001, 15753, 2500, 97500, 67410, -1, -15753, MaxPointsLimit} {
		s := m.String()
		if strings.ContainsAny(s, "eE") || (strings.Contains(s, ".") && strings.HasSuffix(s, "0")) {
			t.Errorf("Milli(%d).String() = %q: not a plain exact decimal", m, s)
		}
		back, err := ParseMilli(s)
		if err != nil || back != m {
			t.Errorf("ParseMilli(Milli(%d).String() = %q) = %d, %v", m, s, back, err)
		}
	}
}

// TestSumsDoNotDrift (rule 5): summing many 3-place values is exact, where
// float64 would drift (0.1 added ten times is 0.9999999999999999).
func TestSumsDoNotDrift(t *testing.T) {
	tests := []struct {
		name   string
		max    string // of each leaf
		points string // of each leaf
		leaves int
		total  string // exact sum of points
		index  string // shown index
	}{
		{"1000 leaves of 0.1", "0.1", "0.1", 1000, "100", "100.00"},
		{"1000 leaves of 0.001 of 0.1", "0.1", "0.001", 1000, "1", "1.00"},
		{"999 leaves of 0.1 of 0.1", "0.1", "0.1", 999, "99.9", "100.00"},
		{"300 leaves of 0.333 of 1", "1", "0.333", 300, "99.9", "33.30"},
		{"700 leaves of 0.007 of 0.01", "0.01", "0.007", 700, "4.9", "70.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := make([]Criterion, tt.leaves)
			es := make([]Entry, tt.leaves)
			for i := range cs {
				cs[i] = leaf("1."+strconv.Itoa(i+1), "Tiêu chí", tt.max)
				es[i] = pts(tt.points)
			}
			f := mustFramework(t, FrameworkInput{Criteria: []Criterion{node("1", "Lĩnh vực", cs...)}})
			r := f.Evaluate(UnitScores{Code: "U", Name: "U", Entries: es})
			if got := r.Total.Points.String(); got != tt.total {
				t.Errorf("total points %s, want exactly %s", got, tt.total)
			}
			if got := r.Index().Shown().StringFixed(2); got != tt.index {
				t.Errorf("index %s, want %s", got, tt.index)
			}
			var float float64
			for i := 0; i < tt.leaves; i++ {
				float += ml(t, tt.points).Decimal().InexactFloat64()
			}
			t.Logf("float64 would say %v", float)
		})
	}
}

// keyOf is the message key of err's *Error, "" for any other error.
func keyOf(err error) string {
	if e := asError(err); e != nil {
		return e.Key
	}
	return ""
}
