package store

import (
	"context"
	"slices"
)

// AssignUnits sets council members' assigned units in one transaction,
// each through UpdateUser (its checks and audit): every member of
// assigned gets exactly its list. None of them, or all, are changed.
func (s *Store) AssignUnits(ctx context.Context, assigned map[string][]string, reason string) error {
	names := make([]string, 0, len(assigned))
	for n := range assigned {
		names = append(names, n)
	}
	slices.Sort(names) // one order, so that two saves lock alike
	return s.InTx(ctx, func(tx *Store) error {
		for _, n := range names {
			units := assigned[n]
			if units == nil {
				units = []string{}
			}
			if _, err := tx.UpdateUser(ctx, n, UserChange{Units: &units, Reason: reason}); err != nil {
				return err
			}
		}
		return nil
	})
}
