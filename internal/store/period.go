package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type periodRow struct {
	ID            int64
	Year          int
	Title         string
	Stage         string
	StageClosesAt *time.Time
	CreatedAt     time.Time
}

func (periodRow) TableName() string { return "periods" }

func (r periodRow) period() workflow.Period {
	return workflow.Period{Year: r.Year, Title: r.Title, Stage: r.Stage, StageClosesAt: r.StageClosesAt, CreatedAt: r.CreatedAt}
}

// CreatePeriod opens a new year's assessment in the draft stage.
func (s *Store) CreatePeriod(ctx context.Context, year int, title string) (workflow.Period, error) {
	row := periodRow{Year: year, Title: title, Stage: workflow.Draft}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return conflict(err, "error.period.exists", year)
		}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "period", Year: yearp(year), NewValue: strp(title)})
	})
	return row.period(), err
}

// Period returns the period of a year.
func (s *Store) Period(ctx context.Context, year int) (workflow.Period, error) {
	row, err := periodByYear(s.db.WithContext(ctx), year)
	return row.period(), err
}

// Periods lists every period, newest first.
func (s *Store) Periods(ctx context.Context) ([]workflow.Period, error) {
	var rows []periodRow
	if err := s.db.WithContext(ctx).Order("year DESC").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]workflow.Period, len(rows))
	for i, r := range rows {
		out[i] = r.period()
	}
	return out, nil
}

// StageMove is a change of a period's stage.
type StageMove struct {
	To       string
	ClosesAt *time.Time // the units' deadline in the new stage
	Reason   string
	Force    bool // an admin's override of completeness, with a reason (ChangeStage)
}

// MoveStage moves a period to another stage, audited, and returns the
// period as it was before.
func (s *Store) MoveStage(ctx context.Context, year int, m StageMove) (workflow.Period, error) {
	var before workflow.Period
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row, err := periodByYear(tx, year)
		if err != nil {
			return err
		}
		before = row.period()
		if err := settleUnits(tx, row, m.To); err != nil {
			return err
		}
		err = tx.Model(&row).Updates(map[string]any{"stage": m.To, "stage_closes_at": m.ClosesAt}).Error
		if err != nil {
			return err
		}
		entry := workflow.AuditEntry{Action: "stage", Entity: "period", Year: yearp(year), Field: "stage",
			OldValue: strp(before.Stage), NewValue: strp(m.To), Reason: m.Reason}
		if m.ClosesAt != nil {
			entry.NewValue = strp(m.To + " until " + m.ClosesAt.UTC().Format(time.RFC3339))
		}
		return record(ctx, tx, entry)
	})
	return before, err
}

// LockPeriod, inside InTx, holds the period's row until the transaction
// ends, so that a publication or stage move and the score writes of other
// instances run one after the other: each sees the stage the other left.
// On SQLite, immediate transactions already serialize writers.
func (s *Store) LockPeriod(ctx context.Context, year int) error {
	return s.lockPeriod(s.db.WithContext(ctx), year, false)
}

// lockPeriod takes a period's row for the rest of the transaction on
// PostgreSQL: shared by writers of its data (scores, evidence, remarks),
// exclusive for what changes its shape (stage, publication, framework).
// SQLite's immediate transactions already run one writer at a time.
func (s *Store) lockPeriod(tx *gorm.DB, year int, shared bool) error {
	if s.dialect != postgresDialect {
		return nil
	}
	mode := "FOR UPDATE"
	if shared {
		mode = "FOR SHARE"
	}
	return tx.Exec("SELECT id FROM periods WHERE year = ? "+mode, year).Error
}

func periodByYear(db *gorm.DB, year int) (periodRow, error) {
	var row periodRow
	err := db.Where("year = ?", year).Take(&row).Error
	return row, notFound(err, "error.period.not_found", year)
}

// writable refuses changes to a period whose results are locked.
func (r periodRow) writable(what string) error {
	if r.Stage == workflow.Finalized || r.Stage == workflow.Published {
		return score.E(score.ECONFLICT, "error.period.locked", r.Year, score.StageTerm(r.Stage), score.Term{Kind: "error.what", Code: what})
	}
	return nil
}
