package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

type actorKey struct{}

// Actor is who makes a change, for the audit log.
type Actor struct {
	Name      string // username, or "system" for the service itself
	RequestID string
}

// WithActor returns a context whose changes are audited as made by a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

func actorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Name != "" {
		return a
	}
	return Actor{Name: "system"}
}

// AuditEntry is one recorded change: who, when, what, from what to what, why.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	Action    string    `json:"action"` // create, update, delete, stage, publish, login_failed…
	Entity    string    `json:"entity"` // score, framework, unit, tier, period, user, evidence, remark, snapshot, session
	Year      *int      `json:"year"`
	Unit      string    `json:"unit"`
	Criterion string    `json:"criterion"`
	Field     string    `json:"field"`
	OldValue  *string   `json:"old_value"`
	NewValue  *string   `json:"new_value"`
	Reason    string    `json:"reason"`
	RequestID string    `json:"request_id"`
}

type auditRow struct {
	ID        int64
	At        time.Time
	Actor     string
	Action    string
	Entity    string
	Year      *int
	Unit      string
	Criterion string
	Field     string
	OldValue  *string
	NewValue  *string
	Reason    string
	RequestID string
}

func (auditRow) TableName() string { return "audit_log" }

// record appends entries to the audit log inside tx, so that a change and
// its record are committed, or rolled back, together.
func record(ctx context.Context, tx *gorm.DB, entries ...AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	a := actorFrom(ctx)
	now := time.Now().UTC()
	const batch = 80 // 12 values a row, well under SQLite's variable limit
	for start := 0; start < len(entries); start += batch {
		part := entries[start:min(start+batch, len(entries))]
		var sb strings.Builder
		sb.WriteString("INSERT INTO audit_log (at, actor, action, entity, year, unit, criterion, field, old_value, new_value, reason, request_id) VALUES ")
		args := make([]any, 0, len(part)*12)
		for i, e := range part {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?)")
			args = append(args, now, a.Name, e.Action, e.Entity, e.Year, e.Unit, e.Criterion, e.Field, e.OldValue, e.NewValue, e.Reason, a.RequestID)
		}
		if err := tx.Exec(sb.String(), args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// Record appends one entry outside any other change (a refused login).
func (s *Store) Record(ctx context.Context, e AuditEntry) error {
	return record(ctx, s.db.WithContext(ctx), e)
}

// AuditFilter selects audit entries; zero fields select everything.
type AuditFilter struct {
	Year   int
	Unit   string
	Actor  string
	Entity string
	Before int64 // entries with a smaller id (the next page)
	Limit  int
}

// Audit lists entries newest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := s.db.WithContext(ctx).Model(&auditRow{})
	if f.Year != 0 {
		q = q.Where("year = ?", f.Year)
	}
	if f.Unit != "" {
		q = q.Where("unit = ?", f.Unit)
	}
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.Before > 0 {
		q = q.Where("id < ?", f.Before)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []auditRow
	if err := q.Order("id DESC").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = AuditEntry(r)
	}
	return out, nil
}

func strp(s string) *string { return &s }

func yearp(y int) *int { return &y }
