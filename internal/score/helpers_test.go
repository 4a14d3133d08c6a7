package score

import (
	"errors"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

// Builders shared by the tests of this package.

// ml parses a points value ("15.753") and fails the test on error.
func ml(t testing.TB, s string) Milli {
	t.Helper()
	m, err := ParseMilli(s)
	if err != nil {
		t.Fatalf("ParseMilli(%q): %v", s, err)
	}
	return m
}

// mustMilli is ml for package-level fixtures, where there is no *testing.T.
func mustMilli(s string) Milli {
	m, err := ParseMilli(s)
	if err != nil {
		panic(err)
	}
	return m
}

func mp(s string) *Milli {
	m := mustMilli(s)
	return &m
}

// leaf is a leaf criterion with the given maximum, scored by appraisal.
func leaf(code, name, max string) Criterion {
	return Criterion{Code: code, Name: name, MaxPoints: mp(max)}
}

// survey is a leaf criterion scored by a survey.
func survey(code, name, max string) Criterion {
	c := leaf(code, name, max)
	c.Source = Survey
	return c
}

// node is a parent criterion.
func node(code, name string, children ...Criterion) Criterion {
	return Criterion{Code: code, Name: name, Children: children}
}

func band(label, min string) Band {
	return Band{Label: label, MinIndex: decimal.RequireFromString(min)}
}

// provinceBands are the usual bands, deliberately not in order.
func provinceBands() []Band {
	return []Band{
		band("Khá", "70"),
		band("Xuất sắc", "90"),
		band("Trung bình", "50"),
		band("Tốt", "80"),
	}
}

func mustFramework(t testing.TB, in FrameworkInput) *Framework {
	t.Helper()
	f, err := NewFramework(in)
	if err != nil {
		t.Fatalf("NewFramework: %v (%+v)", err, asError(err))
	}
	return f
}

func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Entry builders.
func pts(s string) Entry  { return Entry{Points: mustMilli(s), HasPoints: true} }
func self(s string) Entry { return Entry{Self: mustMilli(s), HasSelf: true} }
func both(selfPts, official string) Entry {
	return Entry{Self: mustMilli(selfPts), HasSelf: true, Points: mustMilli(official), HasPoints: true}
}
func na() Entry { return Entry{NotApplicable: true} }

// entries lays out entries by leaf code; leaves not named are empty.
func entries(t testing.TB, f *Framework, byCode map[string]Entry) []Entry {
	t.Helper()
	es := make([]Entry, len(f.Leaves))
	for code, e := range byCode {
		pos := f.LeafPosition(code)
		if pos < 0 {
			t.Fatalf("no leaf %q", code)
		}
		es[pos] = e
	}
	return es
}

// nodeSum returns a unit's sum on the node with the given code.
func nodeSum(t testing.TB, f *Framework, r UnitResult, code string) Sum {
	t.Helper()
	_, i, ok := f.Lookup(code)
	if !ok {
		t.Fatalf("no criterion %q", code)
	}
	return r.Nodes[i]
}

// oneLeaf is a framework of a single leaf worth 100 points, so that a
// unit's index equals its points: handy for ranking tests.
func oneLeaf(t testing.TB, ranking Ranking, bands ...Band) *Framework {
	t.Helper()
	return mustFramework(t, FrameworkInput{
		Criteria: []Criterion{node("1", "Lĩnh vực", leaf("1.1", "Tiêu chí", "100"))},
		Bands:    bands,
		Ranking:  ranking,
	})
}

// unitAt is a unit of a oneLeaf framework whose exact index is index.
func unitAt(t testing.TB, f *Framework, code, name, index string) UnitResult {
	t.Helper()
	return f.Evaluate(UnitScores{Code: code, Name: name, Entries: []Entry{pts(index)}})
}

// unitNA is a unit of a oneLeaf framework whose every leaf is not applicable.
func unitNA(f *Framework, code, name string) UnitResult {
	return f.Evaluate(UnitScores{Code: code, Name: name, Entries: []Entry{na()}})
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad rational " + s)
	}
	return r
}

// fixed2 prints an exact value as shown: half-up to 2 places, "-" for nil.
func fixed2(r *big.Rat) string {
	if r == nil {
		return "-"
	}
	return Round(r, 2).StringFixed(2)
}

func ratEq(a, b *big.Rat) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Cmp(b) == 0
}
