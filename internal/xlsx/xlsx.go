// Package xlsx writes and reads parindex's Excel workbooks: the report of
// results, a unit's scorecard, the council's offline scoring template and
// the framework's criteria table. It is the only package that imports
// excelize. Writers are fed computed domain values and write to an
// io.Writer; readers are fed an uploaded file and return domain values.
// Nothing here touches the database.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/vnfmt"
)

// ContentType is the media type of an .xlsx workbook.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// font has every Vietnamese glyph on every office machine of a province.
const font = "Times New Roman"

// look is a cell style; equal looks share one excelize style.
type look struct {
	Bold, Italic, Wrap, Border, Unlocked bool
	Size                                 float64
	Align                                string // left, center, right; "" is the type's default
	Format                               string // custom number format; "" is General
	Fill                                 string // background colour, hex
	Indent                               int
}

// Number formats: the cells stay numbers. Excel shows them with the
// reader's separators (74,86% and 1.234,5 on a Vietnamese Windows); the
// locale tag [$-42A] (Vietnamese) makes LibreOffice do so on any machine.
// A fall shows the minus sign of the text, U+2212.
const (
	fmtVietnamese  = "[$-42A]"
	fmtPercent     = fmtVietnamese + "0.00%"
	fmtInt         = "0"
	fmtRankChange  = fmtVietnamese + `+0;"` + vnfmt.Minus + `"0;0`
	fmtIndexChange = fmtVietnamese + `+0.00;"` + vnfmt.Minus + `"0.00;0.00`
)

// pointsFormat shows a column of points with the column's places (see
// vnfmt.ColumnPlaces): 81,300 beside 82,615, as provinces print tables.
func pointsFormat(places int) string {
	if places <= 0 {
		return fmtVietnamese + "#,##0"
	}
	return fmtVietnamese + "#,##0." + strings.Repeat("0", places)
}

const (
	fillHeader = "D9E1F2"
	fillField  = "F2F2F2"
	fillNA     = "EDEDED"
	fillInput  = "FFF9DB"
	fillSurvey = "D9D9D9" // survey cells the council does not enter
)

// book is a workbook being written. Its first error sticks, so that the
// writers read as straight lines; check b.err at the end.
type book struct {
	f        *excelize.File
	styles   map[look]int
	looks    map[int]look // style id → its look, for the row heights
	sheets   int
	err      error
	names    map[string]bool
	progress func(done, total int)
	done     int
	total    int
}

func newBook() *book {
	f := excelize.NewFile()
	b := &book{f: f, styles: map[look]int{}, looks: map[int]look{}, names: map[string]bool{}}
	b.check(f.SetDefaultFont(font))
	return b
}

func (b *book) check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

func (b *book) style(l look) int {
	if id, ok := b.styles[l]; ok {
		return id
	}
	st := &excelize.Style{Font: &excelize.Font{Family: font, Bold: l.Bold, Italic: l.Italic, Size: l.Size},
		Alignment: &excelize.Alignment{Horizontal: l.Align, Vertical: "center", WrapText: l.Wrap, Indent: l.Indent}}
	if st.Font.Size == 0 {
		st.Font.Size = 12
	}
	if l.Border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			st.Border = append(st.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	if l.Format != "" {
		format := l.Format
		st.CustomNumFmt = &format
	}
	if l.Fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{l.Fill}}
	}
	if l.Unlocked {
		st.Protection = &excelize.Protection{Locked: false}
	}
	id, err := b.f.NewStyle(st)
	b.check(err)
	b.styles[l] = id
	b.looks[id] = l
	return id
}

// cell is a value with its look.
func (b *book) cell(v any, l look) excelize.Cell {
	return excelize.Cell{StyleID: b.style(l), Value: v}
}

// tick reports progress every few hundred rows.
func (b *book) tick(n int) {
	b.done += n
	if b.progress != nil && (b.done%256 < n || b.done == b.total) {
		b.progress(min(b.done, b.total), b.total)
	}
}

// sheet is one worksheet written row by row with excelize's StreamWriter,
// so that memory stays bounded for large tiers.
type sheet struct {
	b      *book
	name   string
	sw     *excelize.StreamWriter
	row    int
	widths []float64
}

// newSheet adds a worksheet with the given column widths. Settings that
// the stream writer does not have (print setup, validation, protection)
// are set on the sheet before Flush, which writes them out.
func (b *book) newSheet(name string, widths []float64) *sheet {
	name = b.sheetName(name)
	if b.sheets == 0 {
		b.check(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.check(err)
	}
	b.sheets++
	s := &sheet{b: b, name: name, widths: widths}
	if b.err != nil {
		return s
	}
	// The stream writer writes the sheet properties when it is created, so
	// fit-to-page (which printSetup's FitToWidth needs) must be set first.
	fit := true
	b.check(b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	sw, err := b.f.NewStreamWriter(name)
	b.check(err)
	s.sw = sw
	// One call per run of equal widths: excelize's cost grows with the calls.
	for i := 0; i < len(widths) && sw != nil; {
		j := i
		for j+1 < len(widths) && widths[j+1] == widths[i] {
			j++
		}
		b.check(sw.SetColWidth(i+1, j+1, widths[i]))
		i = j + 1
	}
	return s
}

// sheetName makes a valid, unique sheet name: at most 31 characters, none
// of : \ / ? * [ ].
func (b *book) sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(name, "' ")
	if name == "" {
		name = "Trang"
	}
	base := truncate(name, 31)
	name = base
	for i := 2; b.names[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = truncate(base, 31-utf8.RuneCountInString(suffix)) + suffix
	}
	b.names[strings.ToLower(name)] = true
	return name
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// put writes the next row, as tall as its wrapped cells need.
func (s *sheet) put(cells ...any) {
	s.putH(s.fit(cells), cells...)
}

// putH writes the next row with a height in points (0: automatic).
func (s *sheet) putH(height float64, cells ...any) {
	s.row++
	if s.b.err != nil {
		return
	}
	// A row style (the default look) spares excelize a scan of every
	// column's settings for each cell.
	opts := excelize.RowOpts{Height: height, StyleID: s.b.style(look{})}
	s.b.check(s.sw.SetRow(ref(1, s.row), cells, opts))
	s.b.tick(1)
}

// skip leaves n empty rows.
func (s *sheet) skip(n int) { s.row += n }

// merge merges columns from..to of the current row.
func (s *sheet) merge(from, to int) {
	if s.b.err == nil && to > from {
		s.b.check(s.sw.MergeCell(ref(from, s.row), ref(to, s.row)))
	}
}

// title writes a merged, centred title row across cols columns.
func (s *sheet) title(text string, cols int, l look) {
	l.Align, l.Wrap = "center", true
	s.span(s.b.cell(text, l), cols)
}

// printSetup: A4, fit to one page wide, the header row (and the first
// columns) repeated on every page.
func (s *sheet) printSetup(headerRow, frozenCols int, portrait bool) {
	b := s.b
	if b.err != nil {
		return
	}
	size, orient, one, zero := 9, "landscape", 1, 0
	if portrait {
		orient = "portrait"
	}
	b.check(b.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	margin, edge := 0.5, 0.3
	b.check(b.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge}))
	b.check(b.f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{OddFooter: "&C&\"Times New Roman\"&10Trang &P/&N"}))
	titles := fmt.Sprintf("%s!$%d:$%d", quoteSheet(s.name), headerRow, headerRow)
	if frozenCols > 0 {
		last, _ := excelize.ColumnNumberToName(frozenCols)
		titles = fmt.Sprintf("%s!$A:$%s,%s", quoteSheet(s.name), last, titles)
	}
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: s.name}))
}

// freeze keeps the rows down to headerRow and the first frozenCols
// columns in view; it must come before the first row.
func (s *sheet) freeze(headerRow, frozenCols int) {
	if s.b.err == nil {
		s.b.check(s.sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: frozenCols, YSplit: headerRow,
			TopLeftCell: ref(frozenCols+1, headerRow+1), ActivePane: activePane(frozenCols)}))
	}
}

func activePane(frozenCols int) string {
	if frozenCols > 0 {
		return "bottomRight"
	}
	return "bottomLeft"
}

// flush ends the sheet.
func (s *sheet) flush() {
	if s.b.err == nil {
		s.b.check(s.sw.Flush())
	}
}

// write sets the document properties to at (so that the same input gives
// the same bytes) and writes the workbook with its zip entries in a fixed
// order: excelize writes streamed sheets in map order.
func (b *book) write(w io.Writer, title string, at time.Time) error {
	defer b.f.Close()
	stamp := at.UTC().Format(time.RFC3339)
	b.check(b.f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "parindex", LastModifiedBy: "parindex",
		Created: stamp, Modified: stamp, Language: "vi-VN"}))
	if b.err != nil {
		return b.err
	}
	var buf bytes.Buffer
	if err := b.f.Write(&buf); err != nil {
		return err
	}
	return sortZip(w, buf.Bytes())
}

// sortZip copies a zip archive with its entries in name order
// ([Content_Types].xml first) without recompressing them, and with a fixed
// modification time.
func sortZip(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		if f.Name == "[Content_Types].xml" {
			if err := sortContentTypes(zw, f); err != nil {
				return err
			}
			continue
		}
		f.Modified = time.Time{}
		f.ModifiedDate, f.ModifiedTime = 0, 0
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

type contentTypes struct {
	XMLName   xml.Name          `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentDefault  `xml:"Default"`
	Overrides []contentOverride `xml:"Override"`
}

type contentDefault struct {
	XMLName     xml.Name `xml:"Default"`
	Extension   string   `xml:",attr"`
	ContentType string   `xml:",attr"`
}

type contentOverride struct {
	XMLName     xml.Name `xml:"Override"`
	PartName    string   `xml:",attr"`
	ContentType string   `xml:",attr"`
}

// sortContentTypes rewrites [Content_Types].xml with its entries sorted:
// excelize lists the image extensions in map order.
func sortContentTypes(zw *zip.Writer, f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var ct contentTypes
	if err := xml.NewDecoder(rc).Decode(&ct); err != nil {
		return err
	}
	sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	sort.Slice(ct.Overrides, func(i, j int) bool { return ct.Overrides[i].PartName < ct.Overrides[j].PartName })
	out, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(out, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(out).Encode(ct)
}

func ref(col, row int) string {
	r, _ := excelize.CoordinatesToCellName(col, row)
	return r
}

// quoteSheet quotes a sheet name for a formula or defined name.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// width estimates a column width in characters for Vietnamese text in
// Times New Roman 12 (precomposed letters count as one).
func width(texts ...string) float64 {
	n := 0
	for _, t := range texts {
		for _, line := range strings.Split(t, "\n") {
			n = max(n, utf8.RuneCountInString(line))
		}
	}
	return min(max(float64(n)*1.1+2, 6), 60)
}

// milliFloat is the float64 that prints as m exactly (15753 → 15.753).
func milliFloat(m score.Milli) float64 { return float64(m) / 1000 }

// numFloat is a printed decimal as a float64 (its shortest form prints the same).
func numFloat(n json.Number) float64 {
	f, _ := strconv.ParseFloat(string(n), 64)
	return f
}

// percentFloat is a shown index (74.86) as the fraction a percent format
// shows as 74,86%.
func percentFloat(n json.Number) float64 {
	d, err := decimal.NewFromString(string(n))
	if err != nil {
		return 0
	}
	f, _ := d.Shift(-2).Float64()
	return f
}

// vnNumber prints a decimal the Vietnamese way: 1.234,5; −2.
func vnNumber(s string) string { return vnfmt.Number(s) }

// vnDate prints a day in Vietnam as documents do: 27/6/2017, 05/01/2020.
func vnDate(t time.Time) string { return vnfmt.Date(t) }
