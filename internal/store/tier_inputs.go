package store

import (
	"context"
	"slices"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// tierState is what TierInputs keeps in a load to load again from it.
type tierState struct {
	base      string  // ResultsVersion without the scores' part
	periodID  int64   //
	tierID    int64   //
	unitIDs   []int64 // by place in Scores
	revisions []int64 // each unit's revision when its scores were read (0: none)
}

// TierInputs loads what tier t's results in period p are computed from
// (results.Build's input), as TierResults does. Given an earlier load prev
// of the same period and tier (nil: none), it reads again only the scores
// of the units whose revision moved since (unit_revisions, bumped with
// every accepted score change), keeping the rest, when nothing else they
// are computed from moved: the fingerprint of ResultsVersion but its
// scores' part, and the period's units of the tier with their names.
// Anything else is a full load. Everything is read in one read
// transaction, the fingerprint and revisions first, so that each unit's
// kept revision is the one of the scores read with it.
//
// The load shares the scores of units that did not change with prev: its
// values must not be changed.
func (s *Store) TierInputs(ctx context.Context, p workflow.Period, t workflow.Tier, prev *results.Loaded) (results.Loaded, error) {
	var out results.Loaded
	err := s.readTx(ctx, func(tx *Store) error {
		var err error
		out, err = tx.tierInputs(ctx, p, t, prev)
		return err
	})
	return out, err
}

// tierInputs is TierInputs in s's transaction, or none (TierResults, which
// publishing calls in its own).
func (s *Store) tierInputs(ctx context.Context, p workflow.Period, t workflow.Tier, prev *results.Loaded) (results.Loaded, error) {
	db := s.db.WithContext(ctx)
	parts, err := resultsFingerprint(db, p.Year, t.Code)
	if err != nil {
		return results.Loaded{}, err
	}
	period, err := periodByYear(db, p.Year)
	if err != nil {
		return results.Loaded{}, err
	}
	tr, err := tierByCode(db, t.Code)
	if err != nil {
		return results.Loaded{}, err
	}
	var revRows []struct {
		UnitID   int64
		Revision int64
	}
	if err := db.Raw(`SELECT unit_id, revision FROM unit_revisions
		WHERE period_id = ? AND unit_id IN (SELECT id FROM units WHERE tier_id = ?)`, period.ID, tr.ID).Scan(&revRows).Error; err != nil {
		return results.Loaded{}, err
	}
	revs := make(map[int64]int64, len(revRows))
	for _, r := range revRows {
		revs[r.UnitID] = r.Revision
	}
	units, err := periodTierUnits(db, period, tr.ID)
	if err != nil {
		return results.Loaded{}, err
	}
	st := &tierState{base: joinFingerprint(parts, scoresPart), periodID: period.ID, tierID: tr.ID,
		unitIDs: make([]int64, len(units)), revisions: make([]int64, len(units))}
	for i, u := range units {
		st.unitIDs[i], st.revisions[i] = u.ID, revs[u.ID]
	}
	if old := reusable(prev, st, units); old != nil {
		return s.changedScores(db, *prev, old, st)
	}
	return s.fullInputs(ctx, period, tr, units, st)
}

// reusable is prev's state when only scores can have changed since it:
// the same fingerprint but the scores' part, the same units with the same
// names in the same order.
func reusable(prev *results.Loaded, st *tierState, units []unitRow) *tierState {
	if prev == nil {
		return nil
	}
	old, ok := prev.State.(*tierState)
	if !ok || old.base != st.base || old.periodID != st.periodID || old.tierID != st.tierID ||
		!slices.Equal(old.unitIDs, st.unitIDs) || len(prev.Scores) != len(units) {
		return nil
	}
	for i, u := range units {
		if prev.Scores[i].Code != u.Code || prev.Scores[i].Name != u.Name {
			return nil
		}
	}
	return old
}

// fullInputs reads every input.
func (s *Store) fullInputs(ctx context.Context, period periodRow, tr tierRow, units []unitRow, st *tierState) (results.Loaded, error) {
	db := s.db.WithContext(ctx)
	f, err := loadFramework(db, period, tr)
	if err != nil {
		return results.Loaded{}, err
	}
	out := make([]score.UnitScores, len(units))
	pos := make(map[int64]int, len(units))
	for i, u := range units {
		out[i] = score.UnitScores{Code: u.Code, Name: u.Name, Entries: make([]score.Entry, len(f.Leaves))}
		pos[u.ID] = i
	}
	if err := s.packedScores(db, f, period.ID, "unit_id IN (SELECT id FROM units WHERE tier_id = ?)", []any{tr.ID}, pos, out); err != nil {
		return results.Loaded{}, err
	}
	prevSnap, err := s.previousSnapshot(ctx, period.Year, tr.Code)
	if err != nil {
		return results.Loaded{}, err
	}
	return results.Loaded{Framework: f, Scores: out, Previous: prevSnap, Full: true, Reread: len(units), State: st}, nil
}

// changedScores reads again the scores of the units whose revision is not
// old's, into a copy of prev's.
func (s *Store) changedScores(db *gorm.DB, prev results.Loaded, old, st *tierState) (results.Loaded, error) {
	f := prev.Framework
	out := slices.Clone(prev.Scores)
	pos := map[int64]int{}
	var changed []int64
	for i, id := range st.unitIDs {
		if st.revisions[i] != old.revisions[i] {
			out[i].Entries = make([]score.Entry, len(f.Leaves))
			pos[id] = i
			changed = append(changed, id)
		}
	}
	for start := 0; start < len(changed); start += 500 {
		if err := s.packedScores(db, f, st.periodID, "unit_id IN ?", []any{changed[start:min(start+500, len(changed))]}, pos, out); err != nil {
			return results.Loaded{}, err
		}
	}
	return results.Loaded{Framework: f, Scores: out, Previous: prev.Previous, Reread: len(changed), State: st}, nil
}
