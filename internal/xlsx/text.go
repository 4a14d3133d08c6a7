package xlsx

import (
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// Text read from a workbook is held to the same rules as text sent as
// JSON (internal/textrule): no control character (a cell may hold one as
// Excel's _x0000_ escape), and in names no invisible one either. Only a
// note may hold tabs and line breaks. Each refusal names its cell.

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
		c.problems.Add(cellProblem(at, unit, criterion, score.P("error.xlsx.text", score.Term{Kind: "error.xlsx.what", Code: what}, err)))
	}
}

func (c *textCheck) err(key string) error {
	if len(c.problems) == 0 {
		return nil
	}
	return &score.Error{Code: score.EUNPROCESSABLE, Key: key, Args: []any{c.problems.Count()}, Details: c.problems}
}

// cellProblem is what is wrong (what) at a cell of a workbook: its message
// is what's, with the cell before it and the sheet after ("Ô E8: … –
// trang Thanh tra tỉnh").
func cellProblem(at CellRef, unit, criterion string, what score.Problem) score.Problem {
	return score.Problem{Unit: unit, Criterion: criterion, Field: at.String(), Cell: at.String(),
		Key: "error.xlsx.at", Args: []any{at.Cell, what, at.Sheet}}
}

// checkText refuses a filled template any of whose text cells (the tier
// on the guide sheet, a sheet's unit code, a row's criterion code or note)
// holds a control character, before any of them reaches the database.
func (t *FilledTemplate) checkText(tierCell CellRef, unitCells map[string]CellRef) error {
	var c textCheck
	c.cell(tierCell, "", "", "tier", t.Tier, false, false)
	seen := map[string]bool{}
	for _, r := range t.Rows {
		if !seen[r.Sheet] {
			seen[r.Sheet] = true
			c.cell(unitCells[r.Sheet], "", "", "unit", r.Unit, false, false)
		}
		c.cell(CellRef{r.Sheet, ref(colCode, r.Row)}, r.Unit, "", "criterion_code", r.Criterion, false, false)
		c.cell(CellRef{r.Sheet, ref(colNote, r.Row)}, r.Unit, r.Criterion, "note", r.Note, false, true)
	}
	return c.err("error.xlsx.text_cells")

}
