package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type frameworkRow struct {
	ID        int64
	PeriodID  int64
	TierID    int64
	Ranking   string
	UpdatedAt time.Time
}

func (frameworkRow) TableName() string { return "frameworks" }

type criterionRow struct {
	ID          int64
	FrameworkID int64
	Position    int
	ParentCode  sql.NullString
	Code        string
	Name        string
	MaxMilli    sql.NullInt64
	Source      sql.NullString
}

func (criterionRow) TableName() string { return "criteria" }

type bandRow struct {
	ID          int64
	FrameworkID int64
	Position    int
	Label       string
	MinIndex    string
}

func (bandRow) TableName() string { return "bands" }

// PutFramework replaces the framework of a period and tier. It refuses a
// tree that would orphan or overflow points already entered, so nothing a
// user entered is lost or silently changed.
func (s *Store) PutFramework(ctx context.Context, year int, tier string, in score.FrameworkInput) (*score.Framework, error) {
	f, err := score.NewFramework(in)
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockPeriod(tx, year, false); err != nil {
			return err
		}
		period, err := periodByYear(tx, year)
		if err != nil {
			return err
		}
		if err := period.writable("framework"); err != nil {
			return err
		}
		t, err := tierByCode(tx, tier)
		if err != nil {
			return err
		}
		if err := checkEnteredScores(tx, f, period, t); err != nil {
			return err
		}
		var fw frameworkRow
		var old *string
		err = tx.Where("period_id = ? AND tier_id = ?", period.ID, t.ID).Take(&fw).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			fw = frameworkRow{PeriodID: period.ID, TierID: t.ID}
		case err != nil:
			return err
		default:
			prev, err := loadFramework(tx, period, t)
			if err != nil {
				return err
			}
			old = strp(describeFramework(prev))
		}
		if err := record(ctx, tx, workflow.AuditEntry{Action: "update", Entity: "framework", Year: yearp(year), Field: tier,
			OldValue: old, NewValue: strp(describeFramework(f))}); err != nil {
			return err
		}
		fw.Ranking = string(f.Ranking)
		if err := tx.Save(&fw).Error; err != nil {
			return err
		}
		if err := tx.Where("framework_id = ?", fw.ID).Delete(&criterionRow{}).Error; err != nil {
			return err
		}
		if err := tx.Where("framework_id = ?", fw.ID).Delete(&bandRow{}).Error; err != nil {
			return err
		}
		rows := make([]criterionRow, len(f.Nodes))
		for i, n := range f.Nodes {
			rows[i] = criterionRow{FrameworkID: fw.ID, Position: i, Code: n.Code, Name: n.Name}
			if n.Parent >= 0 {
				rows[i].ParentCode = sql.NullString{String: f.Nodes[n.Parent].Code, Valid: true}
			}
			if n.Leaf {
				rows[i].MaxMilli = sql.NullInt64{Int64: int64(n.Max), Valid: true}
				rows[i].Source = sql.NullString{String: string(n.Source), Valid: true}
			}
		}
		if err := tx.CreateInBatches(rows, 200).Error; err != nil {
			return err
		}
		for i, b := range f.Bands {
			if err := tx.Create(&bandRow{FrameworkID: fw.ID, Position: i, Label: b.Label, MinIndex: b.MinIndex.String()}).Error; err != nil {
				return err
			}
		}
		return tierUnitsRecorded(tx, period, t.ID)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// checkEnteredScores lists every entered score the new framework cannot hold.
func checkEnteredScores(tx *gorm.DB, f *score.Framework, period periodRow, tier tierRow) error {
	var entered []struct {
		Unit      string
		Criterion string
		Top       int64
	}
	err := tx.Table("scores").
		Select("units.code AS unit, scores.criterion, CASE WHEN COALESCE(scores.self_milli, 0) > COALESCE(scores.points_milli, 0) THEN COALESCE(scores.self_milli, 0) ELSE COALESCE(scores.points_milli, 0) END AS top").
		Joins("JOIN units ON units.id = scores.unit_id").
		Where("scores.period_id = ? AND units.tier_id = ?", period.ID, tier.ID).
		Order("units.code, scores.criterion").
		Find(&entered).Error
	if err != nil {
		return err
	}
	var problems score.Problems
	for _, e := range entered {
		n, _, ok := f.Lookup(e.Criterion)
		switch {
		case !ok:
			problems.Add(score.Problem{Unit: e.Unit, Criterion: e.Criterion, Key: "error.framework.drops", Args: []any{e.Unit, e.Criterion}})
		case !n.Leaf:
			problems.Add(score.Problem{Unit: e.Unit, Criterion: e.Criterion, Key: "error.framework.splits", Args: []any{e.Unit, e.Criterion}})
		case score.Milli(e.Top) > n.Max:
			problems.Add(score.Problem{Unit: e.Unit, Criterion: e.Criterion, Value: score.Milli(e.Top).String(), Bound: n.Max.String(), Key: "error.framework.overflows", Args: []any{e.Unit, score.Number(score.Milli(e.Top).String()), e.Criterion, score.Number(n.Max.String())}})
		}
	}
	if len(problems) > 0 {
		return &score.Error{Code: score.ECONFLICT, Key: "error.framework.loses", Details: problems}
	}
	return nil
}

// Framework returns the framework of a period and tier.
func (s *Store) Framework(ctx context.Context, year int, tier string) (*score.Framework, error) {
	db := s.db.WithContext(ctx)
	period, err := periodByYear(db, year)
	if err != nil {
		return nil, err
	}
	t, err := tierByCode(db, tier)
	if err != nil {
		return nil, err
	}
	return loadFramework(db, period, t)
}

func loadFramework(db *gorm.DB, period periodRow, t tierRow) (*score.Framework, error) {
	var fw frameworkRow
	err := db.Where("period_id = ? AND tier_id = ?", period.ID, t.ID).Take(&fw).Error
	if err != nil {
		return nil, notFound(err, "error.framework.none", period.Year, t.Code)
	}
	var rows []criterionRow
	if err := db.Where("framework_id = ?", fw.ID).Order("position").Find(&rows).Error; err != nil {
		return nil, err
	}
	var bands []bandRow
	if err := db.Where("framework_id = ?", fw.ID).Order("position").Find(&bands).Error; err != nil {
		return nil, err
	}
	in := score.FrameworkInput{Ranking: score.Ranking(fw.Ranking), Criteria: buildTree(rows)}
	for _, b := range bands {
		min, err := decimal.NewFromString(b.MinIndex)
		if err != nil {
			return nil, fmt.Errorf("band %q of framework %d: %w", b.Label, fw.ID, err)
		}
		in.Bands = append(in.Bands, score.Band{Label: b.Label, MinIndex: min})
	}
	return score.NewFramework(in)
}

// buildTree turns rows in depth-first order back into a tree.
func buildTree(rows []criterionRow) []score.Criterion {
	children := map[string][]int{}
	for i, r := range rows {
		children[r.ParentCode.String] = append(children[r.ParentCode.String], i)
	}
	var build func(parent string) []score.Criterion
	build = func(parent string) []score.Criterion {
		var out []score.Criterion
		for _, i := range children[parent] {
			r := rows[i]
			c := score.Criterion{Code: r.Code, Name: r.Name, Source: score.Source(r.Source.String)}
			if r.MaxMilli.Valid {
				m := score.Milli(r.MaxMilli.Int64)
				c.MaxPoints = &m
			} else {
				c.Children = build(r.Code)
			}
			out = append(out, c)
		}
		return out
	}
	return build("")
}

// describeFramework sums a framework up for the audit log.
func describeFramework(f *score.Framework) string {
	bands := make([]string, len(f.Bands))
	for i, b := range f.Bands {
		bands[i] = fmt.Sprintf("%s ≥ %s", b.Label, b.MinIndex)
	}
	return fmt.Sprintf("%d criteria, %d leaves, total %s, ranking %s, bands: %s", len(f.Nodes), len(f.Leaves), f.Total(), f.Ranking, strings.Join(bands, "; "))
}
