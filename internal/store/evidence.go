package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type evidenceRow struct {
	ID         int64
	PeriodID   int64
	UnitID     int64
	Criterion  string
	Title      string
	URL        string `gorm:"column:url"`
	AddedBy    string
	AddedAt    time.Time
	Reference  string
	BlobSHA256 *string `gorm:"column:blob_sha256"`
	FileName   string
}

func (evidenceRow) TableName() string { return "evidence" }

type remarkRow struct {
	ID        int64
	PeriodID  int64
	UnitID    int64
	Criterion string
	Kind      string
	Body      string
	Author    string
	CreatedAt time.Time
}

func (remarkRow) TableName() string { return "remarks" }

// unitWork resolves the period, unit and leaf criterion a thread entry is
// about (no criterion: removals), checks the period with check inside the
// transaction, and runs fn.
func (s *Store) unitWork(ctx context.Context, year int, unit, criterion string, check func(workflow.Period) error, fn func(tx *gorm.DB, p periodRow, u unitRow) error) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockPeriod(tx, year, true); err != nil {
			return err
		}
		p, err := periodByYear(tx, year)
		if err != nil {
			return err
		}
		if err := check(p.period()); err != nil {
			return err
		}
		u, err := unitByCode(tx, unit)
		if err != nil {
			return err
		}
		if criterion != "" {
			var t tierRow
			if err := tx.First(&t, u.TierID).Error; err != nil {
				return err
			}
			f, err := loadFramework(tx, p, t)
			if err != nil {
				return err
			}
			n, _, ok := f.Lookup(criterion)
			switch {
			case !ok:
				return score.E(score.EUNPROCESSABLE, "error.criterion.unknown", criterion, year, t.Code)
			case !n.Leaf:
				return score.E(score.EUNPROCESSABLE, "error.evidence.parent", criterion)
			}
		}
		return fn(tx, p, u)
	})
}

// By is who asks for a change, and when: a use case checks the workflow's
// rules for it (workflow.CheckEvidence, CheckRemark, CheckScore) inside its
// transaction, on the period as it is then.
type By struct {
	Actor workflow.Actor
	At    time.Time
}

// evidence is the evidence rule for a unit's evidence.
func (by By) evidence(unit string) func(workflow.Period) error {
	return func(p workflow.Period) error { return workflow.CheckEvidence(by.Actor, p, unit, by.At) }
}

// AddEvidence attaches a link to a unit's criterion, audited.
func (s *Store) AddEvidence(ctx context.Context, year int, unit string, e workflow.Evidence, by By) (workflow.Evidence, error) {
	if e.Criterion == "" {
		return workflow.Evidence{}, score.E(score.EUNPROCESSABLE, "error.evidence.criterion")
	}
	err := s.unitWork(ctx, year, unit, e.Criterion, by.evidence(unit), func(tx *gorm.DB, p periodRow, u unitRow) error {
		row := evidenceRow{PeriodID: p.ID, UnitID: u.ID, Criterion: e.Criterion, Title: e.Title, Reference: e.Reference, URL: e.URL, AddedBy: actorFrom(ctx).Name, AddedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		e = workflow.Evidence{ID: row.ID, Criterion: row.Criterion, Title: row.Title, Reference: row.Reference, URL: row.URL, AddedBy: row.AddedBy, AddedAt: row.AddedAt}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "evidence", Year: yearp(year), Unit: unit, Criterion: e.Criterion,
			NewValue: strp(row.audited(nil))})
	})
	return e, err
}

// RemoveEvidence detaches a link or a file, audited. A file's bytes go
// with the last evidence that references them.
func (s *Store) RemoveEvidence(ctx context.Context, year int, unit string, id int64, by By) error {
	return s.unitWork(ctx, year, unit, "", by.evidence(unit), func(tx *gorm.DB, p periodRow, u unitRow) error {
		var row evidenceRow
		err := tx.Where("id = ? AND period_id = ? AND unit_id = ?", id, p.ID, u.ID).Take(&row).Error
		if err != nil {
			return notFound(err, "error.evidence.not_found", unit, id, year)
		}
		var file *workflow.EvidenceFile
		if row.BlobSHA256 != nil {
			if file, err = blobFile(tx, *row.BlobSHA256, row.FileName); err != nil {
				return err
			}
		}
		if err := tx.Delete(&row).Error; err != nil {
			return err
		}
		if file != nil {
			if err := s.dropUnusedBlob(tx, file.SHA256); err != nil {
				return err
			}
		}
		return record(ctx, tx, workflow.AuditEntry{Action: "delete", Entity: "evidence", Year: yearp(year), Unit: unit, Criterion: row.Criterion,
			Field: row.auditField(), OldValue: strp(row.audited(file))})
	})
}

// AddRemark appends to a criterion's thread, audited. The workflow's rules
// (workflow.CheckRemark) say, inside the transaction, which kind of entry
// the author writes, or why not.
func (s *Store) AddRemark(ctx context.Context, year int, unit string, r workflow.Remark, by By) (workflow.Remark, error) {
	if r.Criterion == "" {
		return workflow.Remark{}, score.E(score.EUNPROCESSABLE, "error.remark.criterion")
	}
	kindCheck := func(p workflow.Period) error {
		kind, err := workflow.CheckRemark(by.Actor, p, unit, by.At)
		r.Kind = kind
		return err
	}
	err := s.unitWork(ctx, year, unit, r.Criterion, kindCheck, func(tx *gorm.DB, p periodRow, u unitRow) error {
		row := remarkRow{PeriodID: p.ID, UnitID: u.ID, Criterion: r.Criterion, Kind: r.Kind, Body: r.Body, Author: actorFrom(ctx).Name, CreatedAt: s.now()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		r = workflow.Remark{ID: row.ID, Criterion: row.Criterion, Kind: row.Kind, Body: row.Body, Author: row.Author, CreatedAt: row.CreatedAt}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: r.Kind, Year: yearp(year), Unit: unit, Criterion: r.Criterion, NewValue: strp(r.Body)})
	})
	return r, err
}

// Threads returns a unit's evidence and remarks in a period, oldest first.
func (s *Store) Threads(ctx context.Context, year int, unit string) ([]workflow.Evidence, []workflow.Remark, error) {
	db := s.db.WithContext(ctx)
	p, err := periodByYear(db, year)
	if err != nil {
		return nil, nil, err
	}
	u, err := unitByCode(db, unit)
	if err != nil {
		return nil, nil, err
	}
	evidence, err := unitEvidence(db, p.ID, u.ID, 0)
	if err != nil {
		return nil, nil, err
	}
	var rs []remarkRow
	if err := db.Where("period_id = ? AND unit_id = ?", p.ID, u.ID).Order("id").Find(&rs).Error; err != nil {
		return nil, nil, err
	}
	remarks := make([]workflow.Remark, len(rs))
	for i, r := range rs {
		remarks[i] = workflow.Remark{ID: r.ID, Criterion: r.Criterion, Kind: r.Kind, Body: r.Body, Author: r.Author, CreatedAt: r.CreatedAt}
	}
	return evidence, remarks, nil
}
