package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/workflow"
)

type unitRow struct {
	ID        int64
	Code      string
	Name      string
	NameKey   *string // textrule.NameKey(Name), unique in the tier
	TierID    int64
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (unitRow) TableName() string { return "units" }

// CreateUnit adds an active unit to an existing tier.
func (s *Store) CreateUnit(ctx context.Context, u workflow.Unit) (workflow.Unit, error) {
	name, err := unitName(u.Code, u.Name)
	if err != nil {
		return workflow.Unit{}, err
	}
	u.Name = name
	key := textrule.NameKey(name)
	err = s.tx(ctx, func(tx *gorm.DB) error {
		tier, err := tierByCode(tx, u.Tier)
		if err != nil {
			return err
		}
		if err := unitNameFree(tx, tier.ID, key, 0, u.Name); err != nil {
			return err
		}
		row := unitRow{Code: u.Code, Name: u.Name, NameKey: &key, TierID: tier.ID, Active: true}
		if err := tx.Create(&row).Error; err != nil {
			// The name was free when checked; a twin created meanwhile meets the index.
			return conflict(err, "error.unit.exists", u.Code, u.Tier, u.Name)
		}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "unit", Unit: u.Code, NewValue: strp(u.Name + " (" + u.Tier + ")")})
	})
	u.Active = true
	return u, err
}

// UnitChange is an edit of a unit: nil fields stay as they are.
type UnitChange struct {
	Name   *string
	Active *bool
}

// UpdateUnit renames, deactivates or reactivates a unit.
func (s *Store) UpdateUnit(ctx context.Context, code string, ch UnitChange) (workflow.Unit, error) {
	if ch.Name != nil {
		name, err := unitName(code, *ch.Name)
		if err != nil {
			return workflow.Unit{}, err
		}
		ch.Name = &name
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row, err := unitByCode(tx, code)
		if err != nil {
			return err
		}
		var audit []workflow.AuditEntry
		if ch.Name != nil && *ch.Name != row.Name {
			key := textrule.NameKey(*ch.Name)
			if err := unitNameFree(tx, row.TierID, key, row.ID, *ch.Name); err != nil {
				return err
			}
			audit = append(audit, workflow.AuditEntry{Action: "update", Entity: "unit", Unit: code, Field: "name", OldValue: strp(row.Name), NewValue: ch.Name})
			row.Name, row.NameKey = *ch.Name, &key
		}
		if ch.Active != nil && *ch.Active != row.Active {
			audit = append(audit, workflow.AuditEntry{Action: "update", Entity: "unit", Unit: code, Field: "active", OldValue: strp(fmt.Sprint(row.Active)), NewValue: strp(fmt.Sprint(*ch.Active))})
			if !*ch.Active {
				left, err := s.leaveOpenPeriods(tx, row)
				if err != nil {
					return err
				}
				audit = append(audit, left...)
			}
			row.Active = *ch.Active
		}
		if len(audit) == 0 {
			return nil
		}
		if err := tx.Select("name", "name_key", "active", "updated_at").Save(&row).Error; err != nil {
			return conflict(err, "error.unit.name_taken", row.Name)
		}
		return record(ctx, tx, audit...)
	})
	if err != nil {
		return workflow.Unit{}, err
	}
	return s.Unit(ctx, code)
}

// Unit returns the unit with the given code.
func (s *Store) Unit(ctx context.Context, code string) (workflow.Unit, error) {
	var u workflow.Unit
	err := s.db.WithContext(ctx).Table("units").
		Select("units.code, units.name, tiers.code AS tier, units.active").
		Joins("JOIN tiers ON tiers.id = units.tier_id").
		Where("units.code = ?", code).Take(&u).Error
	return u, notFound(err, "error.unit.not_found", code)
}

// Units lists the units of a tier ("" for all), active ones unless
// withInactive, in Vietnamese order of name is left to the caller.
func (s *Store) Units(ctx context.Context, tier string, withInactive bool) ([]workflow.Unit, error) {
	q := s.db.WithContext(ctx).Table("units").
		Select("units.code, units.name, tiers.code AS tier, units.active").
		Joins("JOIN tiers ON tiers.id = units.tier_id")
	if tier != "" {
		if _, err := tierByCode(s.db.WithContext(ctx), tier); err != nil {
			return nil, err
		}
		q = q.Where("tiers.code = ?", tier)
	}
	if !withInactive {
		q = q.Where("units.active")
	}
	var out []workflow.Unit
	err := q.Order("units.code").Find(&out).Error
	return out, err
}

func unitByCode(db *gorm.DB, code string) (unitRow, error) {
	var row unitRow
	err := db.Where("code = ?", code).Take(&row).Error
	return row, notFound(err, "error.unit.not_found", code)
}
