package xlsx

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// The scoring template: a "Hướng dẫn" sheet that names the period and
// tier, then one sheet per unit, criteria as rows, as a council member
// scores a unit against its self-assessment. Only the yellow cells
// (appraised points, not applicable, note) are unlocked.

// Template is what a scoring template is made from.
type Template struct {
	Year      int
	Title     string
	Tier      workflow.Tier
	Framework *score.Framework
	Units     []workflow.Unit
	Scores    []workflow.Score // the units' current scores, filled in
	At        time.Time
	// LockSurvey locks (and greys) the points and not-applicable cells of
	// survey criteria: the secretariat enters those, the council does not.
	LockSurvey bool
}

const (
	templateMarker = "parindex: mẫu chấm điểm, phiên bản 1"
	guideSheet     = "Hướng dẫn"
	labelMarker    = "Mẫu"
	labelYear      = "Năm đánh giá"
	labelTier      = "Mã khối"
	labelUnit      = "Mã đơn vị:"
	templateHeader = 6 // the header row of a unit sheet
)

// Template columns (1-based).
const (
	colCode = iota + 1
	colName
	colMax
	colSelf
	colPoints
	colNA
	colNote
)

// WriteTemplate writes the scoring template of a tier to w.
func WriteTemplate(w io.Writer, t Template) error {
	if len(t.Units) > MaxTemplateUnits {
		return unprocessable("error.xlsx.template_units", t.Tier.Name, len(t.Units), MaxTemplateUnits)
	}
	b := newBook()
	g := b.newSheet(guideSheet, []float64{22, 90})
	g.title(fmt.Sprintf("MẪU CHẤM ĐIỂM THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM %d", t.Year), 2, look{Bold: true, Size: 14})
	g.skip(1)
	label, value := look{Bold: true, Border: true}, look{Border: true, Align: "left"}
	g.put(b.cell(labelMarker, label), b.cell(templateMarker, value))
	g.put(b.cell(labelYear, label), b.cell(t.Year, value))
	g.put(b.cell(labelTier, label), b.cell(t.Tier.Code, value))
	g.put(b.cell("Khối", label), b.cell(t.Tier.Name, value))
	g.put(b.cell("Số đơn vị", label), b.cell(len(t.Units), value))
	g.put(b.cell("Ngày tạo mẫu", label), b.cell(vnfmt.Date(t.At), value))
	g.skip(1)
	for _, line := range []string{
		"Cách điền:",
		"1. Mỗi trang là phiếu chấm của một đơn vị. Chỉ nhập vào các ô nền vàng; các ô khác đã khoá.",
		"2. Cột E – Điểm thẩm định: từ 0 đến điểm tối đa ở cột C, tối đa 3 chữ số thập phân; gõ 2,5 hoặc 2.5 đều được.",
		"3. Cột F – Không phát sinh: gõ x nếu tiêu chí không phát sinh ở đơn vị (khi đó để trống cột E).",
		fmt.Sprintf("4. Cột G – Ghi chú, nhận xét của Hội đồng: không quá %s ký tự.", vnNumber(fmt.Sprint(workflow.MaxNoteLength))),
		"5. Dòng để trống không thay đổi điểm đã có. Không đổi mã tiêu chí, mã đơn vị, không thêm hoặc xoá dòng.",
		fmt.Sprintf("6. Gửi lại tệp để nhập điểm năm %d. Nếu có ô sai, không ô nào được nhập; thông báo lỗi chỉ rõ trang và ô cần sửa.", t.Year),
		surveyGuide(t.LockSurvey),
	} {
		g.put(nil, b.cell(line, look{Wrap: true, Bold: line == "Cách điền:"}))
	}
	g.flush()
	b.protect(guideSheet)

	byUnit := map[string]map[string]workflow.Score{}
	for _, sc := range t.Scores {
		if byUnit[sc.Unit] == nil {
			byUnit[sc.Unit] = map[string]workflow.Score{}
		}
		byUnit[sc.Unit][sc.Criterion] = sc
	}
	names := []string{"Lĩnh vực, tiêu chí"}
	for _, n := range t.Framework.Nodes {
		names = append(names, n.Name)
	}
	// The code column also holds the labels above the table, uncut.
	widths := []float64{max(8, oneLine(look{Bold: true}, "Đơn vị:", labelUnit, "Khối:")), min(width(names...), 55), 9, 11, 11, 12, 40}
	for _, u := range t.Units {
		b.templateSheet(t, u, byUnit[u.Code], widths)
	}
	if b.err == nil {
		b.check(b.f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
	}
	return b.write(w, fmt.Sprintf("Mẫu chấm điểm Chỉ số CCHC năm %d – %s", t.Year, t.Tier.Name), t.At)
}

// protect locks a sheet's structure; it has no password, so a clerk can
// still lift it from the Review menu.
func (b *book) protect(sheet string) {
	if b.err == nil {
		b.check(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}))
	}
}

func (b *book) templateSheet(t Template, u workflow.Unit, scores map[string]workflow.Score, widths []float64) {
	s := b.newSheet(u.Name, widths)
	s.freeze(templateHeader, 2)
	s.title("PHIẾU CHẤM ĐIỂM THẨM ĐỊNH CHỈ SỐ CCHC NĂM "+strconv.Itoa(t.Year), colNote, look{Bold: true, Size: 14})
	label := look{Bold: true}
	s.put(b.cell("Đơn vị:", label), b.cell(u.Name, look{Bold: true}))
	s.merge(colName, colNote)
	s.put(b.cell(labelUnit, label), b.cell(u.Code, look{Align: "left"}))
	s.put(b.cell("Khối:", label), b.cell(fmt.Sprintf("%s, năm %d", t.Tier.Name, t.Year), look{}))
	s.merge(colName, colNote)
	s.skip(1)
	b.headerRow(s, []string{"Mã", "Lĩnh vực, tiêu chí", "Điểm\ntối đa", "Điểm tự\nđánh giá", "Điểm\nthẩm định", "Không phát\nsinh (x)", "Ghi chú, nhận xét"})
	input := look{Border: true, Unlocked: true, Fill: fillInput, Format: pointsFormat(3)}
	// Each column shows its largest places; the council's column shows 3,
	// the most it may type, so that no typed decimal is hidden.
	pMax, pSelf := maxPlaces(t.Framework), 0
	for _, sc := range scores {
		if sc.Self != nil {
			pSelf = max(pSelf, vnfmt.PointsPlaces(*sc.Self))
		}
	}
	for _, n := range t.Framework.Nodes {
		l := look{Border: true, Bold: !n.Leaf, Fill: fieldFill(n)}
		name := n.Name
		if n.Leaf && n.Source == score.Survey {
			name += surveyMark
		}
		row := []any{b.cell(n.Code, l), b.cell(name, look{Border: true, Wrap: true, Bold: !n.Leaf, Fill: l.Fill, Indent: n.Depth}), b.milliIn(n.Max, pMax, l)}
		if !n.Leaf {
			for range 4 {
				row = append(row, b.cell(nil, l))
			}
			s.put(row...)
			continue
		}
		sc := scores[n.Code]
		self := b.cell(nil, lookEmpty)
		if sc.Self != nil {
			self = b.milliIn(*sc.Self, pSelf, look{})
		}
		entry, naLook := input, look{Border: true, Unlocked: true, Fill: fillInput, Align: "center"}
		locked := n.Source == score.Survey && t.LockSurvey
		if locked {
			entry = look{Border: true, Italic: true, Fill: fillSurvey, Format: pointsFormat(3)}
			naLook = look{Border: true, Italic: true, Fill: fillSurvey, Align: "center"}
		}
		points := b.cell(nil, entry)
		if sc.Points != nil {
			points = b.milliIn(*sc.Points, 3, entry)
		}
		na := b.cell(nil, naLook)
		if sc.NotApplicable {
			na = b.cell("x", naLook)
		}
		note := b.cell(nilIfEmpty(sc.Note), look{Border: true, Unlocked: true, Fill: fillInput, Wrap: true})
		s.put(append(row, self, points, na, note)...)
		b.validate(s, n, !locked)
	}
	s.printSetup(templateHeader, 0, false)
	s.flush()
	b.protect(s.name)
}

// validate restricts a leaf's input cells: points within 0..max, x or
// nothing for not applicable (when they are input cells), notes within the
// stored length.
func (b *book) validate(s *sheet, n score.Node, points bool) {
	if b.err != nil {
		return
	}
	note := excelize.NewDataValidation(true)
	note.Sqref = ref(colNote, s.row)
	b.check(note.SetRange(0, workflow.MaxNoteLength, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween))
	note.SetError(excelize.DataValidationErrorStyleStop, "Ghi chú quá dài", fmt.Sprintf("Ghi chú không quá %s ký tự.", vnNumber(fmt.Sprint(workflow.MaxNoteLength))))
	if !points {
		b.check(b.f.AddDataValidation(s.name, note))
		return
	}
	max := vnNumber(n.Max.String())
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref(colPoints, s.row)
	b.check(dv.SetRange(0, milliFloat(n.Max), excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Điểm không hợp lệ", fmt.Sprintf("Điểm của tiêu chí %s phải từ 0 đến %s.", n.Code, max))
	dv.SetInput("Điểm thẩm định", fmt.Sprintf("Từ 0 đến %s điểm", max))
	b.check(b.f.AddDataValidation(s.name, dv))
	na := excelize.NewDataValidation(true)
	na.Sqref = ref(colNA, s.row)
	b.check(na.SetDropList([]string{"x"}))
	na.SetError(excelize.DataValidationErrorStyleStop, "Không hợp lệ", "Gõ x nếu tiêu chí không phát sinh ở đơn vị, hoặc để trống.")
	b.check(b.f.AddDataValidation(s.name, na))
	b.check(b.f.AddDataValidation(s.name, note))
}

// surveyMark follows a survey criterion's name in the template.
const surveyMark = " (điều tra XHH)"

// surveyGuide says on the guide sheet who enters survey criteria.
func surveyGuide(locked bool) string {
	if locked {
		return "7. Tiêu chí điều tra xã hội học (ghi \"điều tra XHH\", ô nền xám chữ nghiêng ở cột E, F) do Tổ thư ký nhập điểm; Hội đồng không sửa các ô này."
	}
	return "7. Tiêu chí điều tra xã hội học (ghi \"điều tra XHH\") do Tổ thư ký nhập điểm ở cột E, F; Hội đồng thẩm định không sửa được các ô này."
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// FilledTemplate is a scoring template as it came back: its period and
// tier and the rows of its unit sheets, as typed.
type FilledTemplate struct {
	Year int
	Tier string
	Rows []TemplateRow
}

// TemplateRow is one criterion row of a unit sheet, as typed.
type TemplateRow struct {
	Sheet         string
	Row           int
	Unit          string
	Criterion     string
	Points        string
	NotApplicable string
	Note          string
}

// ReadTemplate reads a filled scoring template within the limits.
func ReadTemplate(data []byte, lim Limits) (*FilledTemplate, error) {
	wb, err := open(data, lim)
	if err != nil {
		return nil, err
	}
	defer wb.close()
	out := &FilledTemplate{}
	sheets := wb.f.GetSheetList()
	if len(sheets) == 0 || sheets[0] != guideSheet {
		return nil, unprocessable("error.xlsx.not_template", guideSheet)
	}
	var marker, year string
	tierCell, unitCells := CellRef{guideSheet, "B1"}, map[string]CellRef{}
	err = wb.rows(guideSheet, func(row int, cols []string) bool {
		switch col(cols, 0) {
		case labelMarker:
			marker = col(cols, 1)
		case labelYear:
			year = col(cols, 1)
		case labelTier:
			out.Tier, tierCell = col(cols, 1), CellRef{guideSheet, ref(2, row)}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if marker != templateMarker {
		return nil, unprocessable("error.xlsx.no_marker", guideSheet, labelMarker)
	}
	if out.Year, err = strconv.Atoi(year); err != nil || out.Tier == "" {
		return nil, unprocessable("error.xlsx.no_year", guideSheet)

	}
	bad := scanInputCells(wb.f)
	for _, name := range sheets[1:] {
		unit := ""
		err := wb.rows(name, func(row int, cols []string) bool {
			switch {
			case row < templateHeader:
				if col(cols, 0) == labelUnit {
					unit, unitCells[name] = col(cols, 1), CellRef{name, ref(2, row)}
				}
			case row > templateHeader && unit != "":
				r := TemplateRow{Sheet: name, Row: row, Unit: unit, Criterion: col(cols, colCode-1),
					Points: col(cols, colPoints-1), NotApplicable: col(cols, colNA-1), Note: col(cols, colNote-1)}
				if r.Criterion != "" || r.Points != "" || r.NotApplicable != "" || r.Note != "" {
					out.Rows = append(out.Rows, r)
				}
			}
			return row <= templateHeader || unit != ""
		})
		if err != nil {
			return nil, err
		}
	}
	if len(bad) > 0 {
		return nil, refusedCells(bad, wb.f, out.Rows)
	}
	if err := out.checkText(tierCell, unitCells); err != nil {
		return nil, err
	}
	return out, nil
}

// CellRef locates a cell: 'Sheet'!E12.
type CellRef struct {
	Sheet string
	Cell  string
}

func (c CellRef) String() string { return quoteSheet(c.Sheet) + "!" + c.Cell }

// Writes checks a filled template against the framework of its tier and
// the tier's units (code → name) and returns the score writes it makes,
// with the cell each write comes from. Every bad cell is listed, with a
// message (a catalog key and its arguments) naming it; then nothing is
// returned.
func (t *FilledTemplate) Writes(year int, f *score.Framework, units map[string]string) ([]workflow.ScoreWrite, []CellRef, error) {
	if t.Year != year {
		return nil, nil, unprocessable("error.xlsx.year", t.Year, year)
	}
	var problems score.Problems
	var writes []workflow.ScoreWrite
	var refs []CellRef
	seen := map[string]string{} // unit → its sheet
	sheetOf := map[string]string{}
	for _, r := range t.Rows {
		bad := func(column int, key string, args ...any) {
			cell := ref(column, r.Row)
			problems.Add(cellProblem(CellRef{r.Sheet, cell}, r.Unit, r.Criterion, score.P(key, args...)))
		}
		if _, ok := sheetOf[r.Sheet]; !ok {
			sheetOf[r.Sheet] = r.Unit
			if prev, dup := seen[r.Unit]; dup {
				problems.Add(cellProblem(CellRef{r.Sheet, "B3"}, r.Unit, "", score.P("error.xlsx.unit_twice", r.Unit, prev)))
				continue
			}
			seen[r.Unit] = r.Sheet
			if _, ok := units[r.Unit]; !ok {
				problems.Add(cellProblem(CellRef{r.Sheet, "B3"}, r.Unit, "", score.P("error.xlsx.unit_unknown", r.Unit, t.Tier)))
			}
		}
		if _, ok := units[r.Unit]; !ok || seen[r.Unit] != r.Sheet {
			continue
		}
		n, _, ok := f.Lookup(r.Criterion)
		switch {
		case r.Criterion == "":
			bad(colCode, "error.xlsx.no_code")
			continue
		case !ok:
			bad(colCode, "error.xlsx.criterion_unknown", r.Criterion, year, t.Tier)
			continue
		case !n.Leaf:
			if r.Points != "" || r.NotApplicable != "" || r.Note != "" {
				bad(colPoints, "error.xlsx.parent", n.Code)
			}
			continue
		}
		w := workflow.ScoreWrite{Unit: r.Unit, Criterion: n.Code}
		before := len(problems)
		if r.Points != "" {
			m, err := parsePoints(r.Points)
			switch {
			case err != nil:
				bad(colPoints, "error.xlsx.error", err)
			case m < 0:
				bad(colPoints, "error.xlsx.negative", score.Number(m.String()))
			case m > n.Max:
				p := cellProblem(CellRef{r.Sheet, ref(colPoints, r.Row)}, r.Unit, r.Criterion,
					score.P("error.xlsx.over_max", score.Number(m.String()), score.Number(n.Max.String()), n.Code))
				p.Value, p.Bound = m.String(), n.Max.String()
				problems.Add(p)

			default:
				w.Points, w.SetPoints = &m, true
			}
		}
		switch strings.ToLower(r.NotApplicable) {
		case "":
		case "x", "kps", "1", "true", "có":
			w.NotApplicable = true
			if r.Points != "" {
				bad(colNA, "error.xlsx.na_points", n.Code, ref(colPoints, r.Row))
			}
		default:
			bad(colNA, "error.xlsx.na_value", r.NotApplicable)
		}
		w.SetNotApplicable = r.Points != "" || r.NotApplicable != ""
		if r.Note != "" {
			note := textrule.Multiline(r.Note)
			if utf8.RuneCountInString(note) > workflow.MaxNoteLength {
				bad(colNote, "error.xlsx.note_long", score.Number(strconv.Itoa(workflow.MaxNoteLength)))
			}
			w.Note, w.SetNote = note, true
		}
		if len(problems) > before || (!w.SetPoints && !w.SetNotApplicable && !w.SetNote) {
			continue
		}
		column := colPoints
		if !w.SetPoints {
			column = colNote
			if w.SetNotApplicable {
				column = colNA
			}
		}
		writes = append(writes, w)
		refs = append(refs, CellRef{r.Sheet, ref(column, r.Row)})
	}
	if len(problems) > 0 {
		return nil, nil, &score.Error{Code: score.EUNPROCESSABLE,
			Key: "error.xlsx.cells", Args: []any{problems.Count()}, Details: problems}
	}
	if len(writes) == 0 {
		return nil, nil, unprocessable("error.xlsx.empty")
	}
	return writes, refs, nil
}

// parsePoints reads points as typed or stored: "2,5", "2.5", "1E-3" (how
// Excel stores 0,001), or a binary float Excel wrote for a typed decimal.
func parsePoints(s string) (score.Milli, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	shown := s
	if strings.Contains(s, ",") {
		if strings.Contains(s, ".") || strings.Count(s, ",") > 1 {
			return 0, score.E(score.EUNPROCESSABLE, "error.xlsx.decimal_mark", shown)
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	d, err := plainDecimal(s)
	if err != nil {
		return 0, score.E(score.EUNPROCESSABLE, "error.xlsx.not_number", shown)
	}
	scaled := d.Shift(3)
	if !scaled.IsInteger() {
		// A decimal Excel stored through a binary float (2.3500000000000001).
		f, _ := scaled.Float64()
		if r := math.Round(f); math.Abs(f-r) > 1e-6*math.Max(1, math.Abs(f)) {
			return 0, score.E(score.EUNPROCESSABLE, "error.xlsx.places", score.Number(d.String()))
		}
		scaled = scaled.Round(0)
	}
	if scaled.Abs().GreaterThan(decimal.NewFromInt(int64(score.MaxPointsLimit))) {
		return 0, score.E(score.EUNPROCESSABLE, "error.xlsx.too_big", score.Number(d.String()))
	}
	return score.Milli(scaled.IntPart()), nil
}

// plainDecimal reads a decimal of at most 40 characters; an exponent (as
// Excel stores 0,001: 1E-3) is allowed within ±20, so that no input can
// make the arithmetic huge.
func plainDecimal(s string) (decimal.Decimal, error) {
	if len(s) > 40 || strings.ContainsAny(s, "xX") {
		return decimal.Decimal{}, fmt.Errorf("not a number")
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp, err := strconv.Atoi(s[i+1:])
		if err != nil || exp < -20 || exp > 20 {
			return decimal.Decimal{}, fmt.Errorf("not a number")
		}
	}
	return decimal.NewFromString(s)
}
