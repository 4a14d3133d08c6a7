package store

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/workflow"
)

type actorKey struct{}

// WithActor returns a context whose changes are audited as made by a.
func WithActor(ctx context.Context, a workflow.Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

func actorFrom(ctx context.Context) workflow.Actor {
	if a, ok := ctx.Value(actorKey{}).(workflow.Actor); ok && a.Name != "" {
		return a
	}
	return workflow.Actor{Name: "system"}
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
func record(ctx context.Context, tx *gorm.DB, entries ...workflow.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	entries = escapeAudit(entries)
	a := actorFrom(ctx)
	a.Name, a.RequestID = bound(a.Name, maxAuditName), bound(a.RequestID, maxAuditName)
	now := time.Now().UTC()
	const batch = 500
	b := newSQLBatch(tx)
	for start := 0; start < len(entries); start += batch {
		part := entries[start:min(start+batch, len(entries))]
		b.reset()
		b.raw("INSERT INTO audit_log (at, actor, action, entity, year, unit, criterion, field, old_value, new_value, reason, request_id) VALUES ")
		at := b.param(now)
		for i, e := range part {
			if i > 0 {
				b.raw(",(")
			} else {
				b.raw("(")
			}
			b.ref(at)
			b.str(a.Name)
			b.str(bound(e.Action, maxAuditName))
			b.str(bound(e.Entity, maxAuditName))
			if e.Year != nil {
				b.int(int64(*e.Year))
			} else {
				b.null()
			}
			b.str(bound(e.Unit, maxAuditName))
			b.str(bound(e.Criterion, maxAuditField))
			b.str(bound(e.Field, maxAuditField))
			b.strp(boundp(e.OldValue))
			b.strp(boundp(e.NewValue))
			b.str(bound(e.Reason, maxAuditText))
			b.str(a.RequestID)
			b.raw(")")
		}
		if err := b.exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Every text that reaches the audit log is bounded here, once, in bytes
// of UTF-8, so that no request can make an entry large. The bounds hold
// what the service lets through whole: names (usernames, unit codes,
// actions) have at most 64 bytes, fields and criterion codes a few
// hundred; old and new values and reasons hold a note, a remark or a
// reason of MaxNoteLength characters (up to 4 bytes each), an evidence
// title with its URL, a unit's name, a framework's summary. What is longer
// (a framework with thousands of long band labels, a council member
// assigned thousands of units) is cut at a character boundary and ends
// with truncatedMark.
const (
	maxAuditName  = 64
	maxAuditField = 256
	maxAuditText  = 16 << 10
)

const truncatedMark = "…[truncated]"

// bound returns s cut to at most max bytes, marked when cut.
func bound(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len(truncatedMark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncatedMark
}

func boundp(s *string) *string {
	if s == nil || len(*s) <= maxAuditText {
		return s
	}
	return strp(bound(*s, maxAuditText))
}

// sqlBatch builds one multi-row statement for the hot write paths (score
// upserts and their audit entries): integers are written into the SQL,
// and every distinct string is one parameter however often it recurs, as
// the actor, the time, a unit's code and common values do. Binding each
// value of a 240,000-score import one by one through the driver is what
// this saves. It runs on the transaction's connection directly.
type sqlBatch struct {
	tx     *gorm.DB
	sb     strings.Builder
	args   []any
	idx    map[string]int
	dollar bool // PostgreSQL numbers parameters $1, SQLite ?1
	n      int  // values written in the current row
}

func newSQLBatch(tx *gorm.DB) *sqlBatch {
	return &sqlBatch{tx: tx, idx: map[string]int{}, dollar: tx.Dialector.Name() == "postgres"}
}

func (b *sqlBatch) reset() {
	b.sb.Reset()
	b.args = b.args[:0]
	clear(b.idx)
}

func (b *sqlBatch) raw(s string) {
	b.sb.WriteString(s)
	if strings.HasSuffix(s, "(") {
		b.n = 0
	}
}

// param adds a value that is not a string (a time) and returns its number.
func (b *sqlBatch) param(v any) int {
	b.args = append(b.args, v)
	return len(b.args)
}

func (b *sqlBatch) sep() {
	if b.n > 0 {
		b.sb.WriteByte(',')
	}
	b.n++
}

// ref writes a reference to parameter i.
func (b *sqlBatch) ref(i int) {
	b.sep()
	if b.dollar {
		b.sb.WriteByte('$')
	} else {
		b.sb.WriteByte('?')
	}
	b.sb.WriteString(strconv.Itoa(i))
}

func (b *sqlBatch) str(s string) {
	i, ok := b.idx[s]
	if !ok {
		i = b.param(s)
		b.idx[s] = i
	}
	b.ref(i)
}

func (b *sqlBatch) strp(s *string) {
	if s == nil {
		b.null()
		return
	}
	b.str(*s)
}

func (b *sqlBatch) int(n int64) {
	b.sep()
	b.sb.WriteString(strconv.FormatInt(n, 10))
}

func (b *sqlBatch) null() {
	b.sep()
	b.sb.WriteString("NULL")
}

func (b *sqlBatch) bool(v bool) {
	b.sep()
	if v {
		b.sb.WriteString("TRUE")
	} else {
		b.sb.WriteString("FALSE")
	}
}

func (b *sqlBatch) exec(ctx context.Context) error {
	_, err := b.tx.Statement.ConnPool.ExecContext(ctx, b.sb.String(), b.args...)
	return err
}

// Record appends one entry outside any other change (a refused login).
func (s *Store) Record(ctx context.Context, e workflow.AuditEntry) error {
	return record(ctx, s.db.WithContext(ctx), e)
}

// AuditFilter selects audit entries; zero fields select everything.
type AuditFilter struct {
	Year   int
	Unit   string
	Actor  string
	Entity string
	// RequestID keeps the changes of one request (an import's writes).
	RequestID string
	// From and Until bound the entries' time: at or after From, before Until.
	From, Until *time.Time
	Before      int64 // entries with a smaller id (the next page)
	Limit       int
}

// Audit lists entries newest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]workflow.AuditEntry, error) {
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
	if f.From != nil {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if f.Until != nil {
		q = q.Where("at < ?", f.Until.UTC())
	}
	if f.RequestID != "" {
		q = q.Where("request_id = ?", f.RequestID)
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
	out := make([]workflow.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = workflow.AuditEntry(r)
	}
	return out, nil
}

// AuditEntry is one entry of the audit log.
func (s *Store) AuditEntry(ctx context.Context, id int64) (workflow.AuditEntry, error) {
	var row auditRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return workflow.AuditEntry{}, notFound(err, "error.audit.not_found", id)
	}
	return workflow.AuditEntry(row), nil
}

func strp(s string) *string { return &s }

func yearp(y int) *int { return &y }
