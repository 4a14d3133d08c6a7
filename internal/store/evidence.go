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
// (workflow.CheckRemark, on the thread as it is in the transaction) say
// which kind of entry the author writes, or why not.
func (s *Store) AddRemark(ctx context.Context, year int, unit string, r workflow.Remark, by By) (workflow.Remark, error) {
	if r.Criterion == "" {
		return workflow.Remark{}, score.E(score.EUNPROCESSABLE, "error.remark.criterion")
	}
	// The stage first (before the unit and criterion are looked up), as
	// the other thread writes refuse.
	stage := func(p workflow.Period) error {
		_, err := workflow.CheckRemark(by.Actor, p, unit, workflow.Thread{Criterion: r.Criterion}, by.At)
		return err
	}
	err := s.unitWork(ctx, year, unit, r.Criterion, stage, func(tx *gorm.DB, p periodRow, u unitRow) error {
		t, err := thread(tx, p.ID, u.ID, r.Criterion)
		if err != nil {
			return err
		}
		if r.Kind, err = workflow.CheckRemark(by.Actor, p.period(), unit, t, by.At); err != nil {
			return err
		}
		return s.addEntry(ctx, tx, p, u, &r, workflow.AuditEntry{Action: "create", Entity: r.Kind, NewValue: strp(r.Body)})
	})
	return r, err
}

// SetThreadStatus resolves (to workflow.KindResolved) or reopens
// (workflow.KindReopened) a criterion's thread with an entry of that kind
// and its note, audited as the thread's status from old to new, when
// workflow.CheckThreadStatus allows it on the thread as it is then.
func (s *Store) SetThreadStatus(ctx context.Context, year int, unit, criterion, to, note string, by By) (workflow.Remark, error) {
	if criterion == "" {
		return workflow.Remark{}, score.E(score.EUNPROCESSABLE, "error.remark.criterion")
	}
	r := workflow.Remark{Criterion: criterion, Kind: to, Body: note}
	stage := func(p workflow.Period) error { return workflow.MayChangeThreads(by.Actor, p, unit) }
	err := s.unitWork(ctx, year, unit, criterion, stage, func(tx *gorm.DB, p periodRow, u unitRow) error {
		t, err := thread(tx, p.ID, u.ID, criterion)
		if err != nil {
			return err
		}
		old := t.Status()
		if err := workflow.CheckThreadStatus(by.Actor, p.period(), unit, t, to, note); err != nil {
			return err
		}
		t.Entries = append(t.Entries, r)
		return s.addEntry(ctx, tx, p, u, &r, workflow.AuditEntry{Action: "update", Entity: "remark", Field: "status", OldValue: strp(old), NewValue: strp(t.Status()), Reason: note})
	})
	return r, err
}

// addEntry inserts a thread entry and its audit entry (a, completed with
// the period, unit and criterion).
func (s *Store) addEntry(ctx context.Context, tx *gorm.DB, p periodRow, u unitRow, r *workflow.Remark, a workflow.AuditEntry) error {
	row := remarkRow{PeriodID: p.ID, UnitID: u.ID, Criterion: r.Criterion, Kind: r.Kind, Body: r.Body, Author: actorFrom(ctx).Name, CreatedAt: s.now()}
	if err := tx.Create(&row).Error; err != nil {
		return err
	}
	*r = row.remark()
	a.Year, a.Unit, a.Criterion = yearp(p.Year), u.Code, r.Criterion
	return record(ctx, tx, a)
}

func (r remarkRow) remark() workflow.Remark {
	return workflow.Remark{ID: r.ID, Criterion: r.Criterion, Kind: r.Kind, Body: r.Body, Author: r.Author, CreatedAt: r.CreatedAt}
}

// thread loads a criterion's thread of a unit.
func thread(tx *gorm.DB, periodID, unitID int64, criterion string) (workflow.Thread, error) {
	var rs []remarkRow
	if err := tx.Where("period_id = ? AND unit_id = ? AND criterion = ?", periodID, unitID, criterion).Order("id").Find(&rs).Error; err != nil {
		return workflow.Thread{}, err
	}
	t := workflow.Thread{Criterion: criterion, Entries: make([]workflow.Remark, len(rs))}
	for i, r := range rs {
		t.Entries[i] = r.remark()
	}
	return t, nil
}

// PeriodRemarks returns the thread entries of a period's units (all of
// them, or those listed), per unit code, oldest first: the lists of open
// remarks read them in one query.
func (s *Store) PeriodRemarks(ctx context.Context, year int, units []string) (map[string][]workflow.Remark, error) {
	db := s.db.WithContext(ctx)
	p, err := periodByYear(db, year)
	if err != nil {
		return nil, err
	}
	type row struct {
		ID        int64
		Criterion string
		Kind      string
		Body      string
		Author    string
		CreatedAt time.Time
		Code      string
	}
	q := db.Table("remarks").Select("remarks.id, remarks.criterion, remarks.kind, remarks.body, remarks.author, remarks.created_at, units.code AS code").Joins("JOIN units ON units.id = remarks.unit_id").
		Where("remarks.period_id = ?", p.ID)
	if units != nil {
		q = q.Where("units.code IN ?", append([]string{""}, units...))
	}
	var rs []row
	if err := q.Order("remarks.id").Scan(&rs).Error; err != nil {
		return nil, err
	}
	out := map[string][]workflow.Remark{}
	for _, r := range rs {
		out[r.Code] = append(out[r.Code], workflow.Remark{ID: r.ID, Criterion: r.Criterion, Kind: r.Kind, Body: r.Body, Author: r.Author, CreatedAt: r.CreatedAt})
	}
	return out, nil
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
		remarks[i] = r.remark()
	}
	return evidence, remarks, nil
}
