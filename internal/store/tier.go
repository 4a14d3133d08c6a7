package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/workflow"
)

type tierRow struct {
	ID        int64
	Code      string
	Name      string
	CreatedAt time.Time
}

func (tierRow) TableName() string { return "tiers" }

// CreateTier adds a tier; its code must be new.
func (s *Store) CreateTier(ctx context.Context, t workflow.Tier) (workflow.Tier, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&tierRow{Code: t.Code, Name: t.Name}).Error; err != nil {
			return conflict(err, "error.tier.exists", t.Code)
		}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "tier", Field: t.Code, NewValue: strp(t.Name)})
	})
	return t, err
}

// Tiers lists every tier by code.
func (s *Store) Tiers(ctx context.Context) ([]workflow.Tier, error) {
	var rows []tierRow
	if err := s.db.WithContext(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]workflow.Tier, len(rows))
	for i, r := range rows {
		out[i] = workflow.Tier{Code: r.Code, Name: r.Name}
	}
	return out, nil
}

// Tier returns the tier with the given code.
func (s *Store) Tier(ctx context.Context, code string) (workflow.Tier, error) {
	row, err := tierByCode(s.db.WithContext(ctx), code)
	if err != nil {
		return workflow.Tier{}, err
	}
	return workflow.Tier{Code: row.Code, Name: row.Name}, nil
}

func tierByCode(db *gorm.DB, code string) (tierRow, error) {
	var row tierRow
	err := db.Where("code = ?", code).Take(&row).Error
	return row, notFound(err, "error.tier.not_found", code)
}

// PeriodTiers lists the tiers that have a framework in a period.
func (s *Store) PeriodTiers(ctx context.Context, year int) ([]workflow.Tier, error) {
	db := s.db.WithContext(ctx)
	if _, err := periodByYear(db, year); err != nil {
		return nil, err
	}
	var out []workflow.Tier
	err := db.Table("tiers").Select("tiers.code, tiers.name").
		Joins("JOIN frameworks ON frameworks.tier_id = tiers.id").
		Joins("JOIN periods ON periods.id = frameworks.period_id").
		Where("periods.year = ?", year).Order("tiers.id").Find(&out).Error
	return out, err
}
