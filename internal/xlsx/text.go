package xlsx

import (
	"errors"
	"fmt"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// Text read from a workbook is held to the same rules as text sent as
// JSON (internal/textrule): no control character (a cell may hold one as
// Excel's _x0000_ escape), and in names no invisible one either. Only a
// note may hold tabs and line breaks. Each refusal names its cell.

// vietnamese is a textrule error's Vietnamese predicate.
func vietnamese(err error) string {
	var e *textrule.Error
	if errors.As(err, &e) {
		return e.Vietnamese()
	}
	return err.Error()
}

// textCheck holds the cells of a workbook that are refused for their text.
type textCheck struct{ problems score.Problems }

// cell checks one cell: what names it in the message ("ghi chú"); a name
// is held to textrule.Chars, other text to textrule.Controls.
func (c *textCheck) cell(at CellRef, unit, criterion, what, v string, name, multiline bool) {
	err := textrule.Controls(v, multiline)
	if err == nil && name {
		err = textrule.Chars(v)
	}
	if err != nil {
		c.problems.Add(score.Problem{Unit: unit, Criterion: criterion, Field: at.String(),
			Message: fmt.Sprintf("Ô %s: %s %s – trang %s", at.Cell, what, vietnamese(err), at.Sheet)})
	}
}

func (c *textCheck) err(message string) error {
	if len(c.problems) == 0 {
		return nil
	}
	return &score.Error{Code: score.EUNPROCESSABLE, Message: message, Details: c.problems}
}

// checkText refuses a filled template any of whose text cells (the tier
// on the guide sheet, a sheet's unit code, a row's criterion code or note)
// holds a control character, before any of them reaches the database.
func (t *FilledTemplate) checkText(tierCell CellRef, unitCells map[string]CellRef) error {
	var c textCheck
	c.cell(tierCell, "", "", "mã khối", t.Tier, false, false)
	seen := map[string]bool{}
	for _, r := range t.Rows {
		if !seen[r.Sheet] {
			seen[r.Sheet] = true
			c.cell(unitCells[r.Sheet], "", "", "mã đơn vị", r.Unit, false, false)
		}
		c.cell(CellRef{r.Sheet, ref(colCode, r.Row)}, r.Unit, "", "mã tiêu chí", r.Criterion, false, false)
		c.cell(CellRef{r.Sheet, ref(colNote, r.Row)}, r.Unit, r.Criterion, "ghi chú", r.Note, false, true)
	}
	return c.err(fmt.Sprintf("Không nhập điểm nào: %s ô của tệp có ký tự không hợp lệ; sửa các ô được nêu rồi gửi lại", soLuong(len(c.problems))))
}
