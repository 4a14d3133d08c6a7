package results

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CSVWriter writes CSV for spreadsheet users. A text cell that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
// leading apostrophe: names, notes and usernames come from outside.
type CSVWriter struct{ w *csv.Writer }

// BOM is the UTF-8 byte order mark a CSV file starts with when Excel is
// to read its Vietnamese.
const BOM = "\ufeff"

// NewCSVWriter writes CSV to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one row, each cell made inert.
func (c *CSVWriter) Write(row []string) error {
	safe := make([]string, len(row))
	for i, cell := range row {
		safe[i] = InertCell(cell)
	}
	return c.w.Write(safe)
}

// Flush writes what is buffered and reports any error of the writes.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// InertCell is a cell as a spreadsheet shows it without running it: a
// text that starts as a formula would gets a leading apostrophe; a number
// (such as a negative index change) stays as it is.
func InertCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// WriteResultsCSV writes a tier's ranking as a table: one row per unit,
// with each field's points, maximum and index.
func WriteResultsCSV(w io.Writer, t Tier) error {
	head := []string{"rank", "unit_code", "unit_name", "points", "max_points", "index", "band",
		"previous_rank", "rank_change", "previous_index", "index_change"}
	if len(t.Units) > 0 {
		for _, f := range t.Units[0].Fields {
			head = append(head, "field_"+f.Code+"_points", "field_"+f.Code+"_max_points", "field_"+f.Code+"_index")
		}
	}
	rows := [][]string{head}
	for _, u := range t.Units {
		r := []string{csvInt(u.Rank), u.UnitCode, u.UnitName, string(u.Points), string(u.MaxPoints), csvNum(u.Index), csvStr(u.Band),
			csvInt(u.PreviousRank), csvInt(u.RankChange), csvNum(u.PreviousIndex), csvNum(u.IndexChange)}
		for _, f := range u.Fields {
			r = append(r, string(f.Points), string(f.MaxPoints), csvNum(f.Index))
		}
		rows = append(rows, r)
	}
	return writeRows(w, rows)
}

// WriteSummaryCSV writes a period's summary as a table: one row per tier.
func WriteSummaryCSV(w io.Writer, doc Snapshot) error {
	rows := [][]string{{"year", "tier", "tier_name", "units", "complete", "average_index", "min_index", "max_index",
		"median_index", "above_average", "bands"}}
	for _, ts := range doc.Summary.Tiers {
		var bands []string
		for _, b := range ts.Bands {
			bands = append(bands, fmt.Sprintf("%s>=%s:%d", b.Label, b.MinIndex, b.Units))
		}
		rows = append(rows, []string{strconv.Itoa(doc.Year), ts.Tier, ts.TierName, strconv.Itoa(ts.Units), strconv.Itoa(ts.Complete),
			csvNum(ts.AverageIndex), csvNum(ts.MinIndex), csvNum(ts.MaxIndex), csvNum(ts.MedianIndex), strconv.Itoa(ts.AboveAverage), strings.Join(bands, "; ")})
	}
	return writeRows(w, rows)
}

func writeRows(w io.Writer, rows [][]string) error {
	cw := NewCSVWriter(w)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func csvNum(n *json.Number) string {
	if n == nil {
		return ""
	}
	return string(*n)
}

func csvInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func csvStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
