package results

import (
	"io"
	"strconv"
	"time"

	"github.com/parindex/parindex/internal/workflow"
)

// WriteAuditCSV writes audit entries as CSV for Excel: the byte-order
// mark, a header, one row per entry, every cell inert (the API's
// audit.csv and the console's export).
func WriteAuditCSV(w io.Writer, entries []workflow.AuditEntry) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := NewCSVWriter(w)
	cw.Write([]string{"id", "at", "actor", "action", "entity", "year", "unit", "criterion", "field", "old_value", "new_value", "reason", "request_id"})
	for _, e := range entries {
		year := ""
		if e.Year != nil {
			year = strconv.Itoa(*e.Year)
		}
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), e.Actor, e.Action, e.Entity, year, e.Unit,
			e.Criterion, e.Field, deref(e.OldValue), deref(e.NewValue), e.Reason, e.RequestID})
	}
	return cw.Flush()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
