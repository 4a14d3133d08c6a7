package store

import (
	"context"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/workflow"
)

// ChangeStage is the stage-move use case: it checks the units' deadline the
// move sets (workflow.CheckStageDeadline), then in one transaction holds the
// period, checks the move against the workflow's rules for the actor,
// fixes the period's units (and names), refuses to finalize while a unit's
// result is incomplete or provisional (unless an admin forces it), moves
// the period, audited, and returns it as it is then.
func (s *Store) ChangeStage(ctx context.Context, year int, m StageMove, by By) (workflow.Period, error) {
	if err := workflow.CheckStageDeadline(year, m.To, m.ClosesAt, by.At); err != nil {
		return workflow.Period{}, err
	}
	var moved workflow.Period
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.LockPeriod(ctx, year); err != nil {
			return err
		}
		p, err := tx.Period(ctx, year)
		if err != nil {
			return err
		}
		if err := workflow.CheckMove(by.Actor, p, workflow.Move{To: m.To, Reason: m.Reason, Force: m.Force}); err != nil {
			return err
		}
		// Fix the period's units (and names) first, so that the completeness
		// checked is that of the units the period keeps.
		if err := tx.SettleUnits(ctx, year, m.To); err != nil {
			return err
		}
		if m.To == workflow.Finalized && !m.Force {
			ds, err := tx.PeriodResults(ctx, p)
			if err != nil {
				return err
			}
			if err := results.Blocked(p.Year, "finalized", results.Tiers(ds)); err != nil {
				return err
			}
		}
		if _, err := tx.MoveStage(ctx, year, m); err != nil {
			return err
		}
		moved, err = tx.Period(ctx, year)
		return err
	})
	return moved, err
}
