package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/textrule"
)

// A data move refuses, before it copies anything, a source holding text
// the service refuses at its inputs (textrule.Controls): NUL, which
// PostgreSQL cannot store at all, and the other control characters, which
// older versions let in. It names each place and changes nothing: correct
// the values in the source and move again. The audit log, which refuses
// corrections, may instead be copied with its control characters written
// visibly, when the operator asks (CopyOptions.EscapeAudit) and reported.

// multilineColumns may hold tabs and line breaks, as their inputs may. The
// audit log's columns all may: they repeat what was sent, verbatim.
var multilineColumns = map[string]bool{
	"scores.note": true, "remarks.body": true, "snapshots.reason": true,
	"news.body": true, "news.summary": true,
}

// CopyOptions change what a data move does with text.
type CopyOptions struct {
	// EscapeAudit copies the audit log's values that hold control
	// characters with them written visibly (\u0000, textrule.Escape)
	// instead of refusing the move: the log refuses corrections, and a
	// NUL that an older version recorded (a sign-in attempt's username)
	// cannot go into PostgreSQL as it is. Every other table's values must
	// be corrected in the source.
	EscapeAudit bool
	// Escaped, when set, is told of each value so written.
	Escaped func(place string)
}

func copyOptions(opts []CopyOptions) CopyOptions {
	if len(opts) == 0 {
		return CopyOptions{}
	}
	return opts[0]
}

// fix is what the copy of a table does to each value: nothing, or for the
// audit log with EscapeAudit, textrule.Escape on its text.
func (o CopyOptions) fix(table string) func(column string, id, v any) any {
	if !o.EscapeAudit || table != "audit_log" {
		return nil
	}
	return func(column string, id, v any) any {
		s, ok := v.(string)
		if !ok {
			return v
		}
		e := textrule.Escape(s)
		if e != s && o.Escaped != nil {
			o.Escaped(fmt.Sprintf("table audit_log, row id %v, column %s", id, column))
		}
		return e
	}
}

// rowID is a row's id, or "?" for a table without one.
func rowID(cols []string, vals []any) any {
	for i, c := range cols {
		if c == "id" {
			return vals[i]
		}
	}
	return "?"
}

// maxTextFindings bounds how many places the refusal lists.
const maxTextFindings = 20

// checkSourceText reads every copied table of the source and refuses it
// when a text value holds a control character where its column may not.
func checkSourceText(from *gorm.DB, opt CopyOptions) error {
	var found []string
	more, audit := 0, false
	for _, table := range copiedTables {
		err := textFindings(from, table, func(f string) {
			if table == "audit_log" {
				if opt.EscapeAudit {
					return // copied escaped
				}
				audit = true
			}
			if len(found) < maxTextFindings {
				found = append(found, f)
			} else {
				more++
			}
		})
		if err != nil {
			return fmt.Errorf("check the text of %s: %w", table, err)
		}
	}
	if len(found) == 0 {
		return nil
	}
	if more > 0 {
		found = append(found, fmt.Sprintf("and %d more", more))
	}
	hint := ""
	if audit {
		hint = "; the audit log refuses corrections: --escape-audit copies its values with control characters written as \\u0000"
	}
	return fmt.Errorf("copy data: nothing was copied: the source holds text with control characters, which PostgreSQL cannot store (NUL) or parindex no longer accepts; correct these values in the source and move again%s:\n\t%s",
		hint, strings.Join(found, "\n\t"))
}

// textFindings reports each text value of a table that breaks the rule,
// as "table units, row id 7, column name: holds the control character …".
func textFindings(from *gorm.DB, table string, report func(string)) error {
	rows, err := from.Raw("SELECT * FROM " + quoteIdent(table)).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	var n int64
	for rows.Next() {
		n++
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, c := range cols {
			var s string
			switch v := vals[i].(type) {
			case string:
				s = v
			case []byte:
				if t := strings.ToUpper(types[i].DatabaseTypeName()); t != "TEXT" && !strings.Contains(t, "CHAR") {
					continue // a blob (snapshot contents): bytes, not text
				}
				s = string(v)
			default:
				continue
			}
			multiline := table == "audit_log" || multilineColumns[table+"."+c]
			if multiline {
				s = strings.ReplaceAll(s, "\r", "\n") // old line endings are line breaks
			}
			if err := textrule.Controls(s, multiline); err != nil {
				where := fmt.Sprintf("row %d", n)
				if id := rowID(cols, vals); id != "?" {
					where = fmt.Sprintf("row id %v", id)
				}
				report(fmt.Sprintf("table %s, %s, column %s: %v", table, where, c, err))
			}
		}
	}
	return rows.Err()
}

// escapeAudit writes the control characters of the values an entry
// records (textrule.Escape): a value older versions let in is shown as it
// was, \u0000 for a NUL, so that correcting it through the service does not
// put into the append-only log what keeps it from moving to PostgreSQL.
// Entries are copied only when one needs it.
func escapeAudit(entries []AuditEntry) []AuditEntry {
	dirty := func(p *string) bool { return p != nil && textrule.Escape(*p) != *p }
	esc := func(p *string) *string {
		if !dirty(p) {
			return p
		}
		s := textrule.Escape(*p)
		return &s
	}
	var out []AuditEntry
	for i, e := range entries {
		if out == nil && !dirty(e.OldValue) && !dirty(e.NewValue) {
			continue
		}
		if out == nil {
			out = make([]AuditEntry, len(entries))
			copy(out, entries[:i])
		}
		e.OldValue, e.NewValue = esc(e.OldValue), esc(e.NewValue)
		out[i] = e
	}
	if out == nil {
		return entries
	}
	return out
}
