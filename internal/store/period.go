package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
)

// Stages of an assessment period, in order.
const (
	StageDraft          = "draft"
	StageSelfAssessment = "self_assessment"
	StageAppraisal      = "appraisal"
	StageFinalized      = "finalized"
	StagePublished      = "published"
)

// Period is one year's assessment.
type Period struct {
	Year      int       `json:"year"`
	Title     string    `json:"title"`
	Stage     string    `json:"stage"`
	CreatedAt time.Time `json:"created_at"`
}

type periodRow struct {
	ID        int64
	Year      int
	Title     string
	Stage     string
	CreatedAt time.Time
}

func (periodRow) TableName() string { return "periods" }

func (r periodRow) period() Period {
	return Period{Year: r.Year, Title: r.Title, Stage: r.Stage, CreatedAt: r.CreatedAt}
}

// CreatePeriod opens a new year's assessment in the draft stage.
func (s *Store) CreatePeriod(ctx context.Context, year int, title string) (Period, error) {
	row := periodRow{Year: year, Title: title, Stage: StageDraft}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return Period{}, conflict(err, "period %d already exists", year)
	}
	return row.period(), nil
}

// Period returns the period of a year.
func (s *Store) Period(ctx context.Context, year int) (Period, error) {
	row, err := periodByYear(s.db.WithContext(ctx), year)
	return row.period(), err
}

// Periods lists every period, newest first.
func (s *Store) Periods(ctx context.Context) ([]Period, error) {
	var rows []periodRow
	if err := s.db.WithContext(ctx).Order("year DESC").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]Period, len(rows))
	for i, r := range rows {
		out[i] = r.period()
	}
	return out, nil
}

// SetStage moves a period to stage and returns the stage it had.
func (s *Store) SetStage(ctx context.Context, year int, stage string) (string, error) {
	var prev string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row, err := periodByYear(tx, year)
		if err != nil {
			return err
		}
		prev = row.Stage
		return tx.Model(&row).Update("stage", stage).Error
	})
	return prev, err
}

func periodByYear(db *gorm.DB, year int) (periodRow, error) {
	var row periodRow
	err := db.Where("year = ?", year).Take(&row).Error
	return row, notFound(err, "period %d does not exist", year)
}

// writable refuses changes to a period whose results are locked.
func (r periodRow) writable(what string) error {
	if r.Stage == StageFinalized || r.Stage == StagePublished {
		return score.Errorf(score.ECONFLICT, "period %d is %s: %s cannot change until it is reopened", r.Year, r.Stage, what)
	}
	return nil
}
