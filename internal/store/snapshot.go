package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type snapshotRow struct {
	ID          int64
	PeriodID    int64
	Version     int
	PublishedAt time.Time
	PublishedBy string
	Reason      string
	Forced      bool
	Sha256      string `gorm:"column:sha256"`
	Provisional string // a JSON list of unit codes
	Content     []byte
}

func (snapshotRow) TableName() string { return "snapshots" }

func (r snapshotRow) snapshot(year int) workflow.Snapshot {
	provisional := []string{}
	if r.Provisional != "" {
		_ = json.Unmarshal([]byte(r.Provisional), &provisional) // written by Publish (or the migration) only
	}
	return workflow.Snapshot{Year: year, Version: r.Version, PublishedAt: r.PublishedAt, PublishedBy: r.PublishedBy,
		Reason: r.Reason, Forced: r.Forced, SHA256: r.Sha256, Provisional: provisional, Content: r.Content}
}

// Publish stores snap as the period's next version and marks the period
// published, audited, in one transaction. Compute the snapshot inside the
// same transaction (InTx), so that no score can change in between.
func (s *Store) Publish(ctx context.Context, snap workflow.Snapshot) (workflow.Snapshot, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		period, err := periodByYear(tx, snap.Year)
		if err != nil {
			return err
		}
		if period.Stage == workflow.Published {
			return score.E(score.ECONFLICT, "error.publish.already", snap.Year)
		}
		var last int
		if err := tx.Model(&snapshotRow{}).Where("period_id = ?", period.ID).Select("COALESCE(MAX(version), 0)").Scan(&last).Error; err != nil {
			return err
		}
		snap.Version = last + 1
		if snap.Provisional == nil {
			snap.Provisional = []string{}
		}
		provisional, err := json.Marshal(snap.Provisional)
		if err != nil {
			return err
		}
		row := snapshotRow{PeriodID: period.ID, Version: snap.Version, PublishedAt: snap.PublishedAt.UTC(), PublishedBy: snap.PublishedBy,
			Reason: snap.Reason, Forced: snap.Forced, Sha256: snap.SHA256, Provisional: string(provisional), Content: snap.Content}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if err := settleUnits(tx, period, workflow.Published); err != nil {
			return err
		}
		oldStage := period.Stage
		if err := tx.Model(&period).Updates(map[string]any{"stage": workflow.Published, "stage_closes_at": nil}).Error; err != nil {
			return err
		}
		published := fmt.Sprintf("version %d, sha256 %s", snap.Version, snap.SHA256)
		if snap.Forced {
			published += " (forced with incomplete or provisional results)"
		}
		if n := len(snap.Provisional); n > 0 {
			shown := snap.Provisional[:min(n, 20)]
			published += fmt.Sprintf("; %d provisional: %s", n, strings.Join(shown, ", "))
			if n > len(shown) {
				published += ", …"
			}
		}
		return record(ctx, tx,
			workflow.AuditEntry{Action: "stage", Entity: "period", Year: yearp(snap.Year), Field: "stage", OldValue: strp(oldStage), NewValue: strp(workflow.Published), Reason: snap.Reason},
			workflow.AuditEntry{Action: "publish", Entity: "snapshot", Year: yearp(snap.Year), NewValue: strp(published), Reason: snap.Reason})
	})
	return snap, err
}

// Snapshot returns a published version of a period; version 0 is the latest.
func (s *Store) Snapshot(ctx context.Context, year, version int) (workflow.Snapshot, error) {
	db := s.db.WithContext(ctx)
	var row snapshotRow
	q := db.Joins("JOIN periods ON periods.id = snapshots.period_id").Where("periods.year = ?", year)
	if version > 0 {
		q = q.Where("snapshots.version = ?", version)
	}
	err := q.Order("snapshots.version DESC").Take(&row).Error
	if err != nil {
		if version > 0 {
			return workflow.Snapshot{}, notFound(err, "error.published.no_version", year, version)
		}
		return workflow.Snapshot{}, notFound(err, "error.published.none", year)
	}
	return row.snapshot(year), nil
}

// Snapshots lists a period's published versions, newest first, without content.
func (s *Store) Snapshots(ctx context.Context, year int) ([]workflow.Snapshot, error) {
	var rows []snapshotRow
	err := s.db.WithContext(ctx).
		Select("snapshots.id, snapshots.version, snapshots.published_at, snapshots.published_by, snapshots.reason, snapshots.forced, snapshots.sha256, snapshots.provisional").
		Joins("JOIN periods ON periods.id = snapshots.period_id").
		Where("periods.year = ?", year).Order("snapshots.version DESC").Find(&rows).Error
	out := make([]workflow.Snapshot, len(rows))
	for i, r := range rows {
		out[i] = r.snapshot(year)
	}
	return out, err
}

// PublishedPeriod is a period with at least one published version.
type PublishedPeriod struct {
	Year          int       `json:"year"`
	Title         string    `json:"title"`
	LatestVersion int       `json:"latest_version"`
	PublishedAt   time.Time `json:"published_at"`
}

// PublishedPeriods lists the periods that have been published, newest first.
func (s *Store) PublishedPeriods(ctx context.Context) ([]PublishedPeriod, error) {
	var out []PublishedPeriod
	err := s.db.WithContext(ctx).Table("snapshots").
		Select("periods.year, periods.title, snapshots.version AS latest_version, snapshots.published_at").
		Joins("JOIN periods ON periods.id = snapshots.period_id").
		Where("snapshots.version = (SELECT MAX(s2.version) FROM snapshots s2 WHERE s2.period_id = snapshots.period_id)").
		Order("periods.year DESC").Find(&out).Error
	return out, err
}
