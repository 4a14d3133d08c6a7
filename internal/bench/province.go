package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// province is a synthetic tier: units × leaves, 8 fields of leaves each
// worth 1.25 points, and deterministic 3-place points on every leaf.
type province struct {
	Tier     string
	Units    int
	Criteria int
	Codes    []string // unit codes, in order
	Leaves   []string // leaf codes, in framework order
	Max      score.Milli
}

// framework is the criteria tree of a province: 8 fields (fewer when there
// are fewer leaves), the leaves shared among them as evenly as they go.
func frameworkInput(leaves int) score.FrameworkInput {
	fields := min(8, leaves)
	var in score.FrameworkInput
	for f := range fields {
		field := score.Criterion{Code: strconv.Itoa(f + 1), Name: fmt.Sprintf("Lĩnh vực %d", f+1)}
		n := leaves / fields
		if f < leaves%fields {
			n++
		}
		for l := range n {
			max := score.Milli(1250)
			code := fmt.Sprintf("%d.%d", f+1, l+1)
			field.Children = append(field.Children, score.Criterion{Code: code, Name: "Tiêu chí " + code, MaxPoints: &max})
		}
		in.Criteria = append(in.Criteria, field)
	}
	for _, b := range []struct {
		label string
		min   int64
	}{{"Xuất sắc", 90}, {"Tốt", 80}, {"Khá", 70}, {"Trung bình", 50}} {
		in.Bands = append(in.Bands, score.Band{Label: b.label, MinIndex: decimal.NewFromInt(b.min)})
	}
	return in
}

// setupProvince creates the tier (if new), its units and the framework of
// each year given; the units are created once, with their audit entries,
// through the store as the API would.
func setupProvince(ctx context.Context, st *store.Store, tier string, units, leaves int, years ...int) (*province, error) {
	p := &province{Tier: tier, Units: units, Criteria: leaves, Max: 1250}
	if _, err := st.CreateTier(ctx, workflow.Tier{Code: tier, Name: "Khối thử tải " + tier}); err != nil {
		return nil, err
	}
	for _, y := range years {
		if _, err := st.Period(ctx, y); score.ErrorCode(err) == score.ENOTFOUND {
			if _, err := st.CreatePeriod(ctx, y, fmt.Sprintf("Thử tải %d", y)); err != nil {
				return nil, err
			}
		} else if err != nil {
			return nil, err
		}
	}
	for u := range units {
		code := fmt.Sprintf("%s-%05d", tier, u)
		p.Codes = append(p.Codes, code)
		if _, err := st.CreateUnit(ctx, workflow.Unit{Code: code, Name: unitName(u), Tier: tier}); err != nil {
			return nil, err
		}
	}
	for _, y := range years {
		f, err := st.PutFramework(ctx, y, tier, frameworkInput(leaves))
		if err != nil {
			return nil, err
		}
		p.Leaves = p.Leaves[:0]
		for _, li := range f.Leaves {
			p.Leaves = append(p.Leaves, f.Nodes[li].Code)
		}
	}
	return p, nil
}

var unitKinds = []string{"Sở Nội vụ", "Sở Tài chính", "Ban Dân tộc", "Thanh tra", "UBND huyện", "Văn phòng", "Đài Phát thanh"}

func unitName(u int) string { return fmt.Sprintf("%s %05d", unitKinds[u%len(unitKinds)], u) }

// points is the deterministic score of unit u on leaf l in round r (each
// round gives every leaf a new value).
func (p *province) points(u, l, r int) score.Milli {
	return score.Milli((u*7919 + l*104729 + r*15485863) % int(p.Max+1))
}

// matrix is every unit's points of round r, by unit then leaf.
func (p *province) matrix(r int) [][]score.Milli {
	out := make([][]score.Milli, p.Units)
	for u := range out {
		out[u] = make([]score.Milli, len(p.Leaves))
		for l := range out[u] {
			out[u][l] = p.points(u, l, r)
		}
	}
	return out
}

// writes is round r of units [from, to) as store writes of points.
func (p *province) writes(from, to, r int) []workflow.ScoreWrite {
	out := make([]workflow.ScoreWrite, 0, (to-from)*len(p.Leaves))
	for u := from; u < to; u++ {
		for l, code := range p.Leaves {
			pts := p.points(u, l, r)
			out = append(out, workflow.ScoreWrite{Unit: p.Codes[u], Criterion: code, Points: &pts, SetPoints: true})
		}
	}
	return out
}

// body is round r of units [from, to) as a PUT /scores request body.
func (p *province) body(from, to, r int) []byte {
	var sb strings.Builder
	sb.Grow((to - from) * len(p.Leaves) * 64)
	sb.WriteString(`{"scores":[`)
	for u := from; u < to; u++ {
		for l, code := range p.Leaves {
			if u > from || l > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"unit":%q,"criterion":%q,"points":%s}`, p.Codes[u], code, p.points(u, l, r))
		}
	}
	sb.WriteString("]}")
	return []byte(sb.String())
}

// load stores round r of every unit through the store's upsert (validated
// and audited), in batches.
func (p *province) load(ctx context.Context, st *store.Store, year, r int) error {
	per := max(1, 48_000/max(1, len(p.Leaves)))
	for from := 0; from < p.Units; from += per {
		if err := st.UpsertScores(ctx, year, workflow.User{}, p.writes(from, min(from+per, p.Units), r)); err != nil {
			return err
		}
	}
	return nil
}

// Province stores a synthetic province for other packages' benchmarks (the
// scoring sheet's): a tier of units × leaves (8 fields) in year, every
// leaf appraised, through the store's upsert. It returns the unit codes and
// the leaf codes, in order.
func Province(ctx context.Context, st *store.Store, tier string, units, leaves, year int) (unitCodes, leafCodes []string, err error) {
	p, err := setupProvince(ctx, st, tier, units, leaves, year)
	if err != nil {
		return nil, nil, err
	}
	if err := p.load(ctx, st, year, 0); err != nil {
		return nil, nil, err
	}
	return p.Codes, p.Leaves, nil
}
