package httpapi

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// csvWriter writes CSV for spreadsheet users. A text cell that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
// leading apostrophe: names, notes and usernames come from outside.
type csvWriter struct{ w *csv.Writer }

func newCSV(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

func (c *csvWriter) write(row []string) error {
	safe := make([]string, len(row))
	for i, cell := range row {
		safe[i] = inertCell(cell)
	}
	return c.w.Write(safe)
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

func inertCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s // a negative number, such as an index change
	}
	return "'" + s
}

// csvBytes writes rows as CSV, with a UTF-8 byte order mark when asked
// (Excel needs it to read Vietnamese).
func csvBytes(rows [][]string, bom bool) ([]byte, error) {
	var buf bytes.Buffer
	if bom {
		buf.WriteString("\ufeff")
	}
	w := newCSV(&buf)
	for _, r := range rows {
		if err := w.write(r); err != nil {
			return nil, err
		}
	}
	if err := w.flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// orEmpty is an optional string, "" when absent.
func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
