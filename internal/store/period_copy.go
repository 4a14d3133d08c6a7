package store

import (
	"context"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// CreatePeriodFrom opens a new year's assessment from an earlier one, in
// one transaction: the period in draft, then each tier's framework of
// from (its criteria, maxima, sources, bands and ranking) copied, which
// records the tiers' active units as the new period's, as PutFramework
// does. Everything is audited as the API's calls are; from 0 copies
// nothing. A finalized from is only read.
func (s *Store) CreatePeriodFrom(ctx context.Context, year int, title string, from int) (workflow.Period, []workflow.Tier, error) {
	var p workflow.Period
	var copied []workflow.Tier
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if from != 0 {
			if _, err := tx.Period(ctx, from); err != nil {
				return err
			}
		}
		if p, err = tx.CreatePeriod(ctx, year, title); err != nil {
			return err
		}
		if from == 0 {
			return nil
		}
		tiers, err := tx.PeriodTiers(ctx, from)
		if err != nil {
			return err
		}
		for _, t := range tiers {
			f, err := tx.Framework(ctx, from, t.Code)
			if err != nil {
				return err
			}
			in := score.FrameworkInput{Criteria: f.Tree(), Bands: f.Bands, Ranking: f.Ranking}
			if _, err := tx.PutFramework(ctx, year, t.Code, in); err != nil {
				return err
			}
			copied = append(copied, t)
		}
		return nil
	})
	if err != nil {
		return workflow.Period{}, nil, err
	}
	return p, copied, nil
}
