package store

import (
	"context"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// The results use cases: the store loads what a tier's results are
// computed from (framework, leaf scores, the previous published version)
// and hands it to the pure results.Build; publishing runs in one
// transaction here.

// TierResults computes a tier's results, with changes against the
// previous published period of the same tier.
func (s *Store) TierResults(ctx context.Context, p workflow.Period, t workflow.Tier) (results.Detailed, error) {
	in, err := s.tierInputs(ctx, p, t, nil)
	if err != nil {
		return results.Detailed{}, err
	}
	return results.Build(in.Input(p, t))
}

// previousSnapshot is the latest published version of the previous period
// of the tier (the latest earlier period with a framework for it), nil when
// there is none. Rule 9: without a published version there is nothing to
// compare with.
func (s *Store) previousSnapshot(ctx context.Context, year int, tier string) (*workflow.Snapshot, error) {
	prevYear, ok, err := s.PreviousYear(ctx, year, tier)
	if err != nil || !ok {
		return nil, err
	}
	snap, err := s.Snapshot(ctx, prevYear, 0)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &snap, nil
}

// PeriodResults computes every tier of a period that has a framework, each
// with its framework and leaf scores, loaded once.
func (s *Store) PeriodResults(ctx context.Context, p workflow.Period) ([]results.Detailed, error) {
	tiers, err := s.PeriodTiers(ctx, p.Year)
	if err != nil {
		return nil, err
	}
	out := make([]results.Detailed, 0, len(tiers))
	for _, t := range tiers {
		d, err := s.TierResults(ctx, p, t)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// PublishPeriod computes every tier and freezes the result as the period's
// next published version, in one transaction: incomplete or provisional
// results (unless forced) or any failure leave the period exactly as it
// was. It returns the stored snapshot, which lists the provisional units,
// and the units whose results are incomplete.
func (s *Store) PublishPeriod(ctx context.Context, pub results.Publication) (workflow.Snapshot, []score.Problem, error) {
	var snap workflow.Snapshot
	var incomplete []score.Problem
	if err := workflow.CheckPublish(pub.Actor, pub.Force, pub.Reason); err != nil {
		return workflow.Snapshot{}, nil, err
	}
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.LockPeriod(ctx, pub.Year); err != nil {
			return err
		}
		p, err := tx.Period(ctx, pub.Year)
		if err != nil {
			return err
		}
		if p.Stage == workflow.Published {
			return score.E(score.ECONFLICT, "error.publish.already", p.Year)
		}
		// The units and names the version will show are the ones the period keeps.
		if err := tx.SettleUnits(ctx, p.Year, workflow.Published); err != nil {
			return err
		}
		ds, err := tx.PeriodResults(ctx, p)
		if err != nil {
			return err
		}
		rs := results.Tiers(ds)
		if snap, err = results.NewSnapshot(p, rs, pub); err != nil {
			return err
		}
		if !pub.Force {
			if err := results.Blocked(p.Year, "published", rs); err != nil {
				return err
			}
		}
		incomplete = results.Incomplete(rs)
		snap, err = tx.Publish(ctx, snap)
		return err
	})
	if err != nil {
		return workflow.Snapshot{}, nil, err
	}
	return snap, incomplete, nil
}
