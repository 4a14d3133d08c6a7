package results

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/parindex/parindex/internal/workflow"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
)

// Publication is a request to publish a period.
type Publication struct {
	Year   int
	By     string // username of the publisher
	Reason string
	Force  bool // publish even with incomplete or provisional results (an admin's call)
	At     time.Time
}

// Publish computes every tier and freezes the result as the period's next
// published version, in one transaction: incomplete or provisional results
// (unless forced) or any failure leave the period exactly as it was. It
// returns the stored snapshot, which lists the provisional units, and the
// units whose results are incomplete.
func Publish(ctx context.Context, st *store.Store, pub Publication) (workflow.Snapshot, []score.Problem, error) {
	var snap workflow.Snapshot
	var incomplete []score.Problem
	err := st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LockPeriod(ctx, pub.Year); err != nil {
			return err
		}
		p, err := tx.Period(ctx, pub.Year)
		if err != nil {
			return err
		}
		if p.Stage == workflow.Published {
			return score.Errorf(score.ECONFLICT, "period %d is already published; a correction needs the period reopened first", p.Year)
		}
		// The units and names the version will show are the ones the period keeps.
		if err := tx.SettleUnits(ctx, p.Year, workflow.Published); err != nil {
			return err
		}
		var rs []Tier
		if snap, rs, err = build(ctx, tx, p, pub); err != nil {
			return err
		}
		if !pub.Force {
			if err := Blocked(p.Year, "published", rs); err != nil {
				return err
			}
		}
		incomplete = Incomplete(rs)
		snap, err = tx.Publish(ctx, snap)
		return err
	})
	if err != nil {
		return workflow.Snapshot{}, nil, err
	}
	return snap, incomplete, nil
}

// build computes the snapshot of a period, with the results it holds.
func build(ctx context.Context, st *store.Store, p workflow.Period, pub Publication) (workflow.Snapshot, []Tier, error) {
	rs, err := ComputePeriod(ctx, st, p)
	if err != nil {
		return workflow.Snapshot{}, nil, err
	}
	if len(rs) == 0 {
		return workflow.Snapshot{}, nil, score.Errorf(score.ECONFLICT, "period %d has no framework for any tier: there is nothing to publish", p.Year)
	}
	p.Stage, p.StageClosesAt = workflow.Published, nil
	content, err := json.Marshal(Snapshot{Year: p.Year, Title: p.Title, Summary: SummaryOf(p, rs), Tiers: rs})
	if err != nil {
		return workflow.Snapshot{}, nil, err
	}
	sum := sha256.Sum256(content)
	return workflow.Snapshot{Year: p.Year, PublishedAt: pub.At.UTC().Truncate(time.Second), PublishedBy: pub.By,
		Reason: strings.TrimSpace(pub.Reason), Forced: pub.Force && len(Blocking(rs)) > 0, SHA256: hex.EncodeToString(sum[:]),
		Provisional: ProvisionalUnits(rs), Content: content}, rs, nil
}

// Decode reads a stored snapshot back into its document, with the
// publication's version, time and hash.
func Decode(snap workflow.Snapshot) (Snapshot, *Published, error) {
	var doc Snapshot
	dec := json.NewDecoder(bytes.NewReader(snap.Content))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return Snapshot{}, nil, fmt.Errorf("snapshot %d v%d: %w", snap.Year, snap.Version, err)
	}
	return doc, &Published{Version: snap.Version, PublishedAt: snap.PublishedAt.UTC().Format(time.RFC3339), SHA256: snap.SHA256}, nil
}

// Incomplete lists the units whose results are incomplete, with the leaves
// that have no points: what blocks finalizing and publishing.
func Incomplete(tiers []Tier) []score.Problem {
	var out score.Problems
	for _, r := range tiers {
		for _, u := range r.Units {
			if !u.Complete {
				out.Add(score.Problem{Unit: u.UnitCode, Message: fmt.Sprintf("unit %s (%s) has no points on criteria %s", u.UnitName, r.Tier, strings.Join(u.Missing, ", "))})
			}
		}
	}
	return out
}

// ProvisionalUnits lists the codes of the units whose results count self
// points on some criterion: no appraised (or survey) points there yet.
func ProvisionalUnits(tiers []Tier) []string {
	out := []string{}
	for _, r := range tiers {
		for _, u := range r.Units {
			if u.Provisional {
				out = append(out, u.UnitCode)
			}
		}
	}
	return out
}

// Blocking lists what keeps a period from being finalized or published:
// each unit whose result is incomplete (Incomplete), then each unit whose
// result is provisional, appraisal not being done. Only an admin may
// override it, with a reason.
func Blocking(tiers []Tier) []score.Problem {
	out := score.Problems(Incomplete(tiers))
	for _, r := range tiers {
		for _, u := range r.Units {
			if u.Provisional {
				out.Add(score.Problem{Unit: u.UnitCode, Message: fmt.Sprintf("unit %s (%s) is provisional: some criteria count only its self points, with no appraised points yet", u.UnitName, r.Tier)})
			}
		}
	}
	return out
}

// Blocked is the refusal to finalize or publish (verb) a period while
// Blocking finds anything: 409 listing each unit; nil when nothing blocks.
func Blocked(year int, verb string, tiers []Tier) error {
	ps := Blocking(tiers)
	if len(ps) == 0 {
		return nil
	}
	var parts []string
	if n := len(Incomplete(tiers)); n > 0 {
		parts = append(parts, fmt.Sprintf("%s units have incomplete results", score.Problems(Incomplete(tiers)).Count()))
	}
	if n := len(ProvisionalUnits(tiers)); n > 0 {
		parts = append(parts, fmt.Sprintf("%d units have provisional results (self points not yet appraised)", n))
	}
	return &score.Error{Code: score.ECONFLICT, Details: ps,
		Message: fmt.Sprintf("period %d cannot be %s: %s (an admin may force it with a reason)", year, verb, strings.Join(parts, " and "))}
}
