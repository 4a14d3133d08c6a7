// Package demo loads the demo province: Lai Châu's 2016 assessment.
//
// On 27/6/2017 Lai Châu published its 2016 administrative reform index of
// departments (average 74,86%) and districts (average 75,76%), with Thanh
// tra tỉnh, Sở Tài chính and UBND thành phố Lai Châu in the leading group.
// The units' own points were not published: the demo's are illustrative,
// chosen so that those published figures come out exactly, and every score
// says so in its note.
package demo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"time"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
)

// PublishedAt is when the demo results are published: the morning of the
// province's announcement.
var PublishedAt = time.Date(2017, 6, 27, 9, 0, 0, 0, vnfmt.Zone)

// Load fills an empty database (one without periods) with the demo data
// and publishes it, in one transaction: a failure leaves nothing behind.
// It reports whether it loaded anything.
func Load(ctx context.Context, st *store.Store) (bool, error) {
	periods, err := st.Periods(ctx)
	if err != nil {
		return false, err
	}
	if len(periods) > 0 {
		return false, nil
	}
	p, err := build()
	if err != nil {
		return false, err
	}
	ctx = store.WithActor(ctx, store.Actor{Name: "demo"})
	err = st.InTx(ctx, func(tx *store.Store) error { return load(ctx, tx, p) })
	if errors.Is(err, errLoadedMeanwhile) {
		return false, nil
	}
	return err == nil, err
}

// errLoadedMeanwhile marks another process having loaded the demo first.
var errLoadedMeanwhile = errors.New("the demo period exists already")

func load(ctx context.Context, st *store.Store, p plan) error {
	// The period first: an instance starting at the same moment then waits
	// on it and sees the conflict, instead of clashing on a unit.
	if _, err := st.CreatePeriod(ctx, Year, Title); err != nil {
		if score.ErrorCode(err) == score.ECONFLICT {
			return errLoadedMeanwhile
		}
		return err
	}
	if err := createUnits(ctx, st); err != nil {
		return err
	}
	for _, tier := range []string{tierDepartment, tierDistrict} {
		if _, err := st.PutFramework(ctx, Year, tier, p.frameworks[tier]); err != nil {
			return fmt.Errorf("demo framework of tier %s: %w", tier, err)
		}
	}
	if err := st.UpsertScores(ctx, Year, store.User{}, p.writes); err != nil {
		return fmt.Errorf("demo scores: %w", err)
	}
	_, incomplete, err := results.Publish(ctx, st, results.Publication{Year: Year, By: "demo", Reason: Reason, At: PublishedAt})
	if err != nil {
		return fmt.Errorf("publishing the demo: %w", err)
	}
	if len(incomplete) > 0 {
		return fmt.Errorf("publishing the demo: %d units are incomplete", len(incomplete))
	}
	if err := storeNews(ctx, st); err != nil {
		return fmt.Errorf("the demo's news record: %w", err)
	}
	return nil
}

// createUnits adds the demo units. A demo unit that already exists exactly
// as the demo has it is kept; any other unit in the demo's tiers would join
// the ranking without scores, so it stops the load before anything changes.
func createUnits(ctx context.Context, st *store.Store) error {
	want := map[string]demoUnit{}
	for _, u := range units {
		want[u.Code] = u
	}
	existing := map[string]bool{}
	for _, tier := range []string{tierDepartment, tierDistrict} {
		have, err := st.Units(ctx, tier, true)
		if err != nil {
			return err
		}
		for _, h := range have {
			w, ok := want[h.Code]
			if !ok || w.Name != h.Name || w.Tier != h.Tier || !h.Active {
				return fmt.Errorf("the demo loads only into an empty database, and tier %s already has unit %s (%s)", tier, h.Code, h.Name)
			}
			existing[h.Code] = true
		}
	}
	for _, u := range units {
		if existing[u.Code] {
			continue
		}
		if _, err := st.CreateUnit(ctx, store.Unit{Code: u.Code, Name: u.Name, Tier: u.Tier}); err != nil {
			return fmt.Errorf("demo unit %s: %w", u.Code, err)
		}
	}
	return nil
}

// plan is everything Load writes, computed without the database.
type plan struct {
	frameworks map[string]score.FrameworkInput
	writes     []store.ScoreWrite
}

func build() (plan, error) {
	p := plan{frameworks: map[string]score.FrameworkInput{}}
	for _, tier := range []string{tierDepartment, tierDistrict} {
		in := framework(tier)
		f, err := score.NewFramework(in)
		if err != nil {
			return plan{}, fmt.Errorf("demo framework of tier %s: %w", tier, err)
		}
		p.frameworks[tier] = in
		for _, u := range units {
			if u.Tier != tier {
				continue
			}
			pts, self, err := distribute(f, u.Code, u.Total)
			if err != nil {
				return plan{}, err
			}
			for i, ni := range f.Leaves {
				n := f.Nodes[ni]
				note := Note
				if n.Source == score.Survey {
					note = SurveyNote
				}
				pt, sf := pts[i], self[i]
				p.writes = append(p.writes, store.ScoreWrite{Unit: u.Code, Criterion: n.Code,
					Self: &sf, Points: &pt, Note: note, SetSelf: true, SetPoints: true, SetNote: true})
			}
		}
	}
	return p, nil
}

// hash is a fixed pseudo-random number for a unit, a leaf and a purpose.
func hash(parts ...string) uint32 {
	h := fnv.New32a()
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum32()
}

// step is the granularity of the council's points on a leaf: quarter
// points where the maximum allows it.
func step(max score.Milli) score.Milli {
	if max%250 == 0 {
		return 250
	}
	return 1
}

// distribute spreads a unit's total over the leaves of f, deterministically
// and exactly: each leaf gets about the unit's overall ratio, varied by a
// fixed per-unit, per-leaf amount (±20% on appraisal leaves in quarter
// points, ±8% on survey leaves in thousandths); then whole quarter points
// move on appraisal leaves with headroom, and the survey leaves take up the
// last fraction, so that the points sum to total exactly. Self points are
// the unit's own, usually more generous assessment, never above the maximum.
func distribute(f *score.Framework, unit string, total score.Milli) (points, self []score.Milli, err error) {
	frameMax := f.Total()
	if total < 0 || total > frameMax {
		return nil, nil, fmt.Errorf("demo unit %s: total %s is outside 0..%s", unit, total, frameMax)
	}
	base := int64(total) * 1000 / int64(frameMax) // per mille
	n := len(f.Leaves)
	points = make([]score.Milli, n)
	self = make([]score.Milli, n)
	var sum score.Milli
	for i, ni := range f.Leaves {
		node := f.Nodes[ni]
		spread := int64(200)
		if node.Source == score.Survey {
			spread = 80
		}
		r := base + int64(hash(unit, node.Code, "points")%uint32(2*spread+1)) - spread
		r = min(max(r, 0), 1000)
		target := score.Milli(int64(node.Max) * r / 1000)
		if node.Source != score.Survey {
			s := step(node.Max)
			target = (target + s/2) / s * s
		}
		points[i] = min(target, node.Max)
		sum += points[i]
	}
	diff := total - sum

	// Whole quarter points on appraisal leaves, in a fixed order per unit.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return hash(unit, f.Nodes[f.Leaves[order[a]]].Code, "adjust") < hash(unit, f.Nodes[f.Leaves[order[b]]].Code, "adjust")
	})
	for moved := true; moved && (diff >= 250 || diff <= -250); {
		moved = false
		for _, i := range order {
			node := f.Nodes[f.Leaves[i]]
			if node.Source == score.Survey || step(node.Max) != 250 {
				continue
			}
			switch {
			case diff >= 250 && points[i]+250 <= node.Max:
				points[i] += 250
				diff -= 250
				moved = true
			case diff <= -250 && points[i] >= 250:
				points[i] -= 250
				diff += 250
				moved = true
			}
			if diff > -250 && diff < 250 {
				break
			}
		}
	}
	// The rest, in thousandths: survey leaves first, then any leaf.
	for _, surveyOnly := range []bool{true, false} {
		for _, i := range order {
			if diff == 0 {
				break
			}
			node := f.Nodes[f.Leaves[i]]
			if surveyOnly && node.Source != score.Survey {
				continue
			}
			if diff > 0 {
				d := min(diff, node.Max-points[i])
				points[i] += d
				diff -= d
			} else {
				d := min(-diff, points[i])
				points[i] -= d
				diff += d
			}
		}
	}
	if diff != 0 {
		return nil, nil, fmt.Errorf("demo unit %s: cannot spread total %s over the framework", unit, total)
	}

	for i, ni := range f.Leaves {
		node := f.Nodes[ni]
		var bump score.Milli
		switch h := hash(unit, node.Code, "self") % 10; {
		case h >= 8:
			bump = 500
		case h >= 5:
			bump = 250
		}
		s := points[i]
		if node.Source == score.Survey {
			// Units estimate survey results in quarter points, rounding up.
			s = (s + 249) / 250 * 250
		}
		self[i] = min(s+bump, node.Max)
	}
	return points, self, nil
}
