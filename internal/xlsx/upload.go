package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/score"
)

// Limits bound what an uploaded workbook may hold, so that a zip bomb or
// a sheet of a million rows is refused quickly, before it is parsed.
type Limits struct {
	MaxBytes         int64 // the file as uploaded
	MaxEntries       int   // files inside the zip
	MaxUnzipped      int64 // all files inside, uncompressed
	MaxEntryUnzipped int64 // one file inside, uncompressed
	MaxRatio         int64 // uncompressed ÷ compressed size of a file over 1 MB
	MaxSheets        int
	MaxRows          int // rows of one sheet
	MaxCells         int // non-empty cells of all sheets
}

// DefaultLimits hold a template of 500 units with 200 criteria each.
var DefaultLimits = Limits{
	MaxBytes:         10 << 20,
	MaxEntries:       1200,
	MaxUnzipped:      96 << 20,
	MaxEntryUnzipped: 16 << 20,
	MaxRatio:         100,
	MaxSheets:        501,
	MaxRows:          6000,
	MaxCells:         1_000_000,
}

// MaxTemplateUnits is how many units (sheets) one scoring template holds.
const MaxTemplateUnits = 500

var oleHeader = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

func tooLarge(key string, args ...any) error {
	return score.E(score.ETOOLARGE, key, args...)
}

func unprocessable(key string, args ...any) error {
	return score.E(score.EUNPROCESSABLE, key, args...)
}

// workbook is an uploaded workbook opened within limits.
type workbook struct {
	f     *excelize.File
	lim   Limits
	cells int
}

// open checks an upload's zip directory against the limits and opens it.
// The sizes checked are the declared ones; Go's zip reader refuses an
// entry that inflates to more than it declares.
func open(data []byte, lim Limits) (*workbook, error) {
	if int64(len(data)) > lim.MaxBytes {
		return nil, tooLarge("error.xlsx.file_size", mb(int64(len(data))), mb(lim.MaxBytes))
	}
	if bytes.HasPrefix(data, oleHeader) {
		return nil, unprocessable("error.xlsx.xls")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, unprocessable("error.xlsx.not_xlsx")
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, tooLarge("error.xlsx.entries", len(zr.File), lim.MaxEntries)
	}
	var total uint64
	sheets := 0
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml") && !strings.Contains(f.Name, "_rels") {
			sheets++
		}
		switch {
		case size > uint64(lim.MaxEntryUnzipped):
			return nil, tooLarge("error.xlsx.entry_size", f.Name, mb(int64(min(size, 1<<62))), mb(lim.MaxEntryUnzipped))
		case size > 1<<20 && size > f.CompressedSize64*uint64(lim.MaxRatio):
			return nil, tooLarge("error.xlsx.ratio", f.Name, lim.MaxRatio)
		case total > uint64(lim.MaxUnzipped):
			return nil, tooLarge("error.xlsx.unzipped", mb(lim.MaxUnzipped))
		}
	}
	if sheets > lim.MaxSheets {
		return nil, tooLarge("error.xlsx.sheets", sheets, lim.MaxSheets)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.MaxUnzipped, UnzipXMLSizeLimit: lim.MaxEntryUnzipped})
	if err != nil {
		return nil, unprocessable("error.xlsx.corrupt")
	}
	return &workbook{f: f, lim: lim}, nil
}

func (w *workbook) close() { w.f.Close() }

// rows calls fn with each row of a sheet (1-based numbers, empty rows
// included), refusing more rows or cells than the limits allow. fn returns
// false to stop early.
func (w *workbook) rows(sheet string, fn func(row int, cols []string) bool) error {
	rs, err := w.f.Rows(sheet)
	if err != nil {
		return unprocessable("error.xlsx.sheet_unreadable", sheet)
	}
	defer rs.Close()
	n := 0
	for rs.Next() {
		n++
		if n > w.lim.MaxRows {
			return tooLarge("error.xlsx.rows", sheet, w.lim.MaxRows)
		}
		cols, err := rs.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return unprocessable("error.xlsx.row_unreadable", n, sheet)
		}
		for _, c := range cols {
			if c != "" {
				w.cells++
			}
		}
		if w.cells > w.lim.MaxCells {
			return tooLarge("error.xlsx.cells_limit", w.lim.MaxCells)
		}
		if !fn(n, cols) {
			return nil
		}
	}
	if err := rs.Error(); err != nil {
		return unprocessable("error.xlsx.sheet_corrupt", sheet)

	}
	return nil
}

func mb(n int64) score.Number {
	return score.Number(fmt.Sprintf("%.1f", float64(n)/(1<<20)))
}

// col returns column i (0-based) of a row, trimmed; "" when absent.
func col(cols []string, i int) string {
	if i < len(cols) {
		return strings.TrimSpace(strings.ReplaceAll(cols[i], "\u00a0", " "))
	}
	return ""
}
