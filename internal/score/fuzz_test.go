package score

import (
	"testing"
)

// FuzzParseMilli: any text either parses to a value that prints back to
// an equal value, or is refused; nothing panics.
func FuzzParseMilli(f *testing.F) {
	for _, s := range []string{"15.753", "0", "2.50", "-1", "1e3", "NaN", "", " 1", "1.0005", "999999999999999999999", ".5", "5."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMilli(s)
		if err != nil {
			return
		}
		back, err := ParseMilli(m.String())
		if err != nil || back != m {
			t.Fatalf("%q → %d → %q → %d, %v", s, m, m.String(), back, err)
		}
		if m > MaxPointsLimit || m < -MaxPointsLimit {
			t.Fatalf("%q parsed out of range: %d", s, m)
		}
	})
}

// FuzzFramework: trees built from arbitrary shapes are either refused with
// a located *Error or valid, with each parent's maximum the sum of its
// leaves and a tree that round-trips.
func FuzzFramework(f *testing.F) {
	f.Add([]byte{3, 2, 1, 0, 5, 7}, "1", int64(1500))
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1}, "a.b", int64(-3))
	f.Fuzz(func(t *testing.T, shape []byte, code string, max int64) {
		if len(shape) > 64 {
			shape = shape[:64]
		}
		var build func(prefix string, depth int) []Criterion
		i := 0
		build = func(prefix string, depth int) []Criterion {
			if i >= len(shape) {
				return nil
			}
			n := int(shape[i] % 4)
			i++
			var cs []Criterion
			for k := 0; k < n && i < len(shape); k++ {
				c := Criterion{Code: prefix + string(rune('1'+k)), Name: "Tiêu chí"}
				if shape[i]%3 == 0 && depth < 8 {
					c.Children = build(c.Code+".", depth+1)
				}
				if len(c.Children) == 0 {
					m := Milli(max) + Milli(shape[i%len(shape)])
					c.MaxPoints = &m
				}
				i++
				cs = append(cs, c)
			}
			return cs
		}
		cs := build("", 0)
		cs = append(cs, Criterion{Code: code, Name: "x", MaxPoints: func() *Milli { m := Milli(max); return &m }()})
		fw, err := NewFramework(FrameworkInput{Criteria: cs})
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Code != EUNPROCESSABLE || len(e.Details) == 0 {
				t.Fatalf("refusal is not a located *Error: %v", err)
			}
			return
		}
		for _, n := range fw.Nodes {
			var sum Milli
			for _, l := range fw.Leaves[n.LeafLo:n.LeafHi] {
				sum += fw.Nodes[l].Max
			}
			if sum != n.Max {
				t.Fatalf("node %s max %s, leaves sum %s", n.Code, n.Max, sum)
			}
		}
		again, err := NewFramework(FrameworkInput{Criteria: fw.Tree()})
		if err != nil || len(again.Nodes) != len(fw.Nodes) || again.Total() != fw.Total() {
			t.Fatalf("round trip: %v", err)
		}
	})
}
