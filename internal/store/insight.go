package store

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// ScoredTier is one tier of a period: its framework and the leaf scores of
// some of its units.
type ScoredTier struct {
	Tier      workflow.Tier
	Framework *score.Framework
	Units     []score.UnitScores // by code, with the names the period shows
}

// Scored is a period with the scores of some of its units, by tier.
type Scored struct {
	Period workflow.Period
	Tiers  []ScoredTier // tiers with a framework and at least one of the units
}

// ScoredUnits loads, in one transaction, a period and, for the units named
// (every unit of the period when codes is nil), their tier's framework and
// leaf scores: what the engine computes a unit's own figures from, without
// reading the rest of its tier. Codes that are not units of the period
// are left out.
func (s *Store) ScoredUnits(ctx context.Context, year int, codes []string) (Scored, error) {
	var out Scored
	err := s.InTx(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		p, err := periodByYear(db, year)
		if err != nil {
			return err
		}
		out.Period = p.period()
		var tiers []tierRow
		if err := db.Raw(`SELECT tiers.id, tiers.code, tiers.name FROM tiers JOIN frameworks ON frameworks.tier_id = tiers.id
			WHERE frameworks.period_id = ? ORDER BY tiers.id`, p.ID).Scan(&tiers).Error; err != nil {
			return err
		}
		for _, t := range tiers {
			units, err := periodTierUnitsNamed(db, p, t.ID, codes)
			if err != nil {
				return err
			}
			if len(units) == 0 {
				continue
			}
			f, err := loadFramework(db, p, t)
			if err != nil {
				return err
			}
			st := ScoredTier{Tier: workflow.Tier{Code: t.Code, Name: t.Name}, Framework: f, Units: make([]score.UnitScores, len(units))}
			pos := make(map[int64]int, len(units))
			ids := make([]string, len(units))
			for i, u := range units {
				st.Units[i] = score.UnitScores{Code: u.Code, Name: u.Name, Entries: make([]score.Entry, len(f.Leaves))}
				pos[u.ID], ids[i] = i, strconv.FormatInt(u.ID, 10)
			}
			if err := tx.unitsScores(db, f, p.ID, t.ID, codes == nil, ids, pos, st.Units); err != nil {
				return err
			}
			out.Tiers = append(out.Tiers, st)
		}
		return nil
	})
	return out, err
}

// unitsScores reads the scores of the units with the ids: the whole tier
// in one query, or a few units in chunks of ids.
func (s *Store) unitsScores(db *gorm.DB, f *score.Framework, periodID, tierID int64, whole bool, ids []string, pos map[int64]int, out []score.UnitScores) error {
	if whole {
		return s.packedScores(db, f, periodID, "unit_id IN (SELECT id FROM units WHERE tier_id = ?)", []any{tierID}, pos, out)
	}
	for start := 0; start < len(ids); start += 500 {
		if err := s.packedScores(db, f, periodID, "unit_id IN ("+strings.Join(ids[start:min(start+500, len(ids))], ",")+")", nil, pos, out); err != nil {
			return err
		}
	}
	return nil
}

// periodTierUnitsNamed is periodTierUnits for the units with the codes
// only (all of them when codes is nil), without reading the rest.
func periodTierUnitsNamed(db *gorm.DB, p periodRow, tierID int64, codes []string) ([]unitRow, error) {
	if codes == nil {
		return periodTierUnits(db, p, tierID)
	}
	if len(codes) == 0 {
		return nil, nil
	}
	fixed, err := unitsFixed(db, p)
	if err != nil {
		return nil, err
	}
	var units []unitRow
	if !fixed {
		err = db.Where("tier_id = ? AND code IN ? AND "+draftRule, tierID, codes, p.ID, p.ID).Order("code").Find(&units).Error
		return units, err
	}
	err = db.Raw(`SELECT units.id, units.code, COALESCE(period_units.name, units.name) AS name, units.tier_id, units.active
		FROM period_units JOIN units ON units.id = period_units.unit_id
		WHERE period_units.period_id = ? AND units.tier_id = ? AND units.code IN ? ORDER BY units.code`, p.ID, tierID, codes).Scan(&units).Error
	return units, err
}
