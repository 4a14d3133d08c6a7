package store

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// A period's units are the units it was assessed on (DESIGN.md rule 11).
// A draft follows its tiers' active units; when the period first leaves
// draft they are recorded in period_units, and from then on only the
// secretariat adds one (AddPeriodUnit, while the period is open). From
// finalized on each unit's name is frozen there too, so that creating,
// renaming or deactivating a unit never changes a closed year.

// PeriodUnit is a unit as a period has it.
type PeriodUnit struct {
	Code       string `json:"code"`
	Name       string `json:"name"` // as the period shows it: frozen from finalized on
	Tier       string `json:"tier"`
	Active     bool   `json:"active"`
	NameFrozen bool   `json:"name_frozen"`
}

// PeriodUnits are the units of a period.
type PeriodUnits struct {
	Year  int          `json:"year"`
	Stage string       `json:"stage"`
	Fixed bool         `json:"fixed"` // false: a draft, following its tiers' active units
	Units []PeriodUnit `json:"units"`
}

type periodUnitRow struct {
	PeriodID int64
	UnitID   int64
	Name     *string
}

func (periodUnitRow) TableName() string { return "period_units" }

// unitsFixed reports whether a period has its own list of units: every
// period past draft has, and a period reopened back to draft keeps it.
func unitsFixed(db *gorm.DB, p periodRow) (bool, error) {
	if p.Stage != workflow.Draft {
		return true, nil
	}
	var n int64
	err := db.Raw("SELECT COUNT(*) FROM (SELECT 1 FROM period_units WHERE period_id = ? LIMIT 1) AS x", p.ID).Scan(&n).Error
	return n > 0, err
}

// draftRule is the units a draft period has in its tiers with a framework:
// the active units, and any deactivated unit with scores in the period.
const draftRule = `units.tier_id IN (SELECT frameworks.tier_id FROM frameworks WHERE frameworks.period_id = ?)
	AND (units.active OR units.id IN (SELECT scores.unit_id FROM scores WHERE scores.period_id = ?))`

// recordUnits records the draft rule's units as the period's own, in every
// tier with a framework, or in one tier when tierID is set.
func recordUnits(db *gorm.DB, p periodRow, tierID int64) error {
	q := "INSERT INTO period_units (period_id, unit_id) SELECT ?, units.id FROM units WHERE " + draftRule
	args := []any{p.ID, p.ID, p.ID}
	if tierID > 0 {
		q += " AND units.tier_id = ?"
		args = append(args, tierID)
	}
	return db.Exec(q+" ON CONFLICT DO NOTHING", args...).Error
}

// settleUnits applies rule 11 to a move of period p to stage to: leaving
// draft fixes its units (the first time), reaching finalized or published
// freezes their names. Moving back keeps both.
func settleUnits(db *gorm.DB, p periodRow, to string) error {
	if to != workflow.Draft {
		fixed, err := unitsFixed(db, p)
		if err != nil {
			return err
		}
		if !fixed {
			if err := recordUnits(db, p, 0); err != nil {
				return err
			}
		}
	}
	if to == workflow.Finalized || to == workflow.Published {
		return db.Exec(`UPDATE period_units SET name = (SELECT units.name FROM units WHERE units.id = period_units.unit_id)
			WHERE period_id = ? AND name IS NULL`, p.ID).Error
	}
	return nil
}

// SettleUnits, inside the transaction of a stage move or a publication
// (InTx, the period locked) and before its results are computed, fixes
// the period's units and freezes their names as the move to stage to will:
// what is computed then is exactly what the period keeps, whatever units
// other transactions create or rename meanwhile.
func (s *Store) SettleUnits(ctx context.Context, year int, to string) error {
	db := s.db.WithContext(ctx)
	p, err := periodByYear(db, year)
	if err != nil {
		return err
	}
	return settleUnits(db, p, to)
}

// tierUnitsRecorded, for a framework put on a tier of a period whose units
// are fixed: a tier without recorded units gets its active units then.
func tierUnitsRecorded(db *gorm.DB, p periodRow, tierID int64) error {
	fixed, err := unitsFixed(db, p)
	if err != nil || !fixed {
		return err
	}
	var n int64
	err = db.Raw(`SELECT COUNT(*) FROM period_units JOIN units ON units.id = period_units.unit_id
		WHERE period_units.period_id = ? AND units.tier_id = ?`, p.ID, tierID).Scan(&n).Error
	if err != nil || n > 0 {
		return err
	}
	return recordUnits(db, p, tierID)
}

// periodMembers returns which of the written units belong to a period
// whose units are fixed; nil when the period follows the draft rule.
func periodMembers(db *gorm.DB, p periodRow, units map[string]unitRef) (map[int64]bool, error) {
	fixed, err := unitsFixed(db, p)
	if err != nil || !fixed {
		return nil, err
	}
	ids := make([]int64, 0, len(units))
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	out := make(map[int64]bool, len(ids))
	for start := 0; start < len(ids); start += 500 {
		var sb strings.Builder
		for i, id := range ids[start:min(start+500, len(ids))] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.FormatInt(id, 10))
		}
		var found []int64
		err := db.Raw("SELECT unit_id FROM period_units WHERE period_id = ? AND unit_id IN ("+sb.String()+")", p.ID).Scan(&found).Error
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}

// periodTierUnits lists the units of one tier in a period, with the names
// the period shows, in code order.
func periodTierUnits(db *gorm.DB, p periodRow, tierID int64) ([]unitRow, error) {
	fixed, err := unitsFixed(db, p)
	if err != nil {
		return nil, err
	}
	var units []unitRow
	if !fixed {
		err = db.Where("tier_id = ? AND "+draftRule, tierID, p.ID, p.ID).Order("code").Find(&units).Error
		return units, err
	}
	err = db.Raw(`SELECT units.id, units.code, COALESCE(period_units.name, units.name) AS name, units.tier_id, units.active
		FROM period_units JOIN units ON units.id = period_units.unit_id
		WHERE period_units.period_id = ? AND units.tier_id = ? ORDER BY units.code`, p.ID, tierID).Scan(&units).Error
	return units, err
}

// PeriodUnits lists a period's units by tier and code: the recorded ones,
// or for a draft the units its tiers with a framework have now.
func (s *Store) PeriodUnits(ctx context.Context, year int) (PeriodUnits, error) {
	db := s.db.WithContext(ctx)
	p, err := periodByYear(db, year)
	if err != nil {
		return PeriodUnits{}, err
	}
	fixed, err := unitsFixed(db, p)
	if err != nil {
		return PeriodUnits{}, err
	}
	out := PeriodUnits{Year: year, Stage: p.Stage, Fixed: fixed, Units: []PeriodUnit{}}
	q := db.Table("units").Joins("JOIN tiers ON tiers.id = units.tier_id")
	if fixed {
		q = q.Select("units.code, COALESCE(period_units.name, units.name) AS name, tiers.code AS tier, units.active, period_units.name IS NOT NULL AS name_frozen").
			Joins("JOIN period_units ON period_units.unit_id = units.id AND period_units.period_id = ?", p.ID)
	} else {
		q = q.Select("units.code, units.name, tiers.code AS tier, units.active, 1 = 0 AS name_frozen").Where(draftRule, p.ID, p.ID)
	}
	err = q.Order("tiers.id, units.code").Scan(&out.Units).Error
	return out, err
}

// AddPeriodUnit adds a unit to an open period whose units are fixed (the
// secretariat's decision, audited with its reason): a unit created after
// the period left draft, or one it had dropped.
func (s *Store) AddPeriodUnit(ctx context.Context, year int, code, reason string) (PeriodUnit, error) {
	var out PeriodUnit
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockPeriod(tx, year, false); err != nil {
			return err
		}
		p, err := periodByYear(tx, year)
		if err != nil {
			return err
		}
		if err := p.writable("units"); err != nil {
			return err
		}
		fixed, err := unitsFixed(tx, p)
		if err != nil {
			return err
		}
		if !fixed {
			return score.E(score.ECONFLICT, "error.period_unit.draft", year, score.StageTerm(workflow.Draft))
		}
		u, err := unitByCode(tx, code)
		if err != nil {
			return err
		}
		var tier tierRow
		if err := tx.Where("id = ?", u.TierID).Take(&tier).Error; err != nil {
			return err
		}
		if !u.Active {
			return &score.Error{Code: score.EUNPROCESSABLE, Key: "error.period_unit.none",
				Details: []score.Problem{{Unit: code, Field: "unit", Key: "error.unit.deactivated", Args: []any{code}}}}
		}
		var n int64
		if err := tx.Model(&frameworkRow{}).Where("period_id = ? AND tier_id = ?", p.ID, u.TierID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return &score.Error{Code: score.EUNPROCESSABLE, Key: "error.period_unit.none",
				Details: []score.Problem{{Unit: code, Field: "unit", Key: "error.framework.none_unit", Args: []any{year, tier.Code, code}}}}
		}
		if err := tx.Model(&periodUnitRow{}).Where("period_id = ? AND unit_id = ?", p.ID, u.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return score.E(score.ECONFLICT, "error.period_unit.already", code, year)
		}
		if err := tx.Create(&periodUnitRow{PeriodID: p.ID, UnitID: u.ID}).Error; err != nil {
			return err
		}
		out = PeriodUnit{Code: u.Code, Name: u.Name, Tier: tier.Code, Active: true}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "period_unit", Year: yearp(year), Unit: code,
			NewValue: strp(u.Name + " (" + tier.Code + ")"), Reason: reason})
	})
	return out, err
}

// leaveOpenPeriods takes a unit being deactivated out of the open periods
// it has no scores in (a finalized or published period keeps its units),
// and returns the audit entries saying so.
func (s *Store) leaveOpenPeriods(tx *gorm.DB, unit unitRow) ([]workflow.AuditEntry, error) {
	open := []string{workflow.Draft, workflow.SelfAssessment, workflow.Appraisal}
	var years []int
	err := tx.Raw(`SELECT periods.year FROM period_units JOIN periods ON periods.id = period_units.period_id
		WHERE period_units.unit_id = ? AND periods.stage IN ?
		AND NOT EXISTS (SELECT 1 FROM scores WHERE scores.period_id = periods.id AND scores.unit_id = ?)
		ORDER BY periods.year`, unit.ID, open, unit.ID).Scan(&years).Error
	if err != nil || len(years) == 0 {
		return nil, err
	}
	if s.dialect == postgresDialect {
		// Share those periods' rows: a finalization under way is waited for,
		// and a period it closed is then left alone.
		err := tx.Raw("SELECT year FROM periods WHERE year IN ? AND stage IN ? ORDER BY year FOR SHARE", years, open).Scan(&years).Error
		if err != nil || len(years) == 0 {
			return nil, err
		}
	}
	err = tx.Exec("DELETE FROM period_units WHERE unit_id = ? AND period_id IN (SELECT id FROM periods WHERE year IN ?)", unit.ID, years).Error
	if err != nil {
		return nil, err
	}
	out := make([]workflow.AuditEntry, len(years))
	for i, y := range years {
		out[i] = workflow.AuditEntry{Action: "delete", Entity: "period_unit", Year: yearp(y), Unit: unit.Code, OldValue: strp(unit.Name),
			Reason: "the unit was deactivated, with no scores in the period"}
	}
	return out, nil
}
