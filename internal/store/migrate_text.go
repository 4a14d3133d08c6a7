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
// older versions let in. It names each place and changes nothing: fix the
// values in the source and move again.

// multilineColumns may hold tabs and line breaks, as their inputs may. The
// audit log's columns all may: they repeat what was sent, verbatim.
var multilineColumns = map[string]bool{
	"scores.note": true, "remarks.body": true, "snapshots.reason": true,
	"news.body": true, "news.summary": true,
}

// maxTextFindings bounds how many places the refusal lists.
const maxTextFindings = 20

// checkSourceText reads every copied table of the source and refuses it
// when a text value holds a control character where its column may not.
func checkSourceText(from *gorm.DB) error {
	var found []string
	more := 0
	for _, table := range copiedTables {
		err := textFindings(from, table, func(f string) {
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
	return fmt.Errorf("copy data: nothing was copied: the source holds text with control characters, which PostgreSQL cannot store (NUL) or parindex no longer accepts; correct these values in the source (the audit log's only by hand, it refuses changes) and move again:\n\t%s",
		strings.Join(found, "\n\t"))
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
	idCol := -1
	for i, c := range cols {
		if c == "id" {
			idCol = i
		}
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
				if idCol >= 0 {
					where = fmt.Sprintf("row id %v", vals[idCol])
				}
				report(fmt.Sprintf("table %s, %s, column %s: %v", table, where, c, err))
			}
		}
	}
	return rows.Err()
}
