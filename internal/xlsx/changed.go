package xlsx

import (
	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// Changed keeps of a template's writes only the values that differ from
// the stored scores: a value sent back as it is stored is not a write (no
// permission to check, nothing to audit), so a template that carries other
// units' scores can be filled and sent back by a council member who may
// change only some. It returns the writes that still change something,
// each with the cell of its first changed value, and how many rows were
// unchanged.
func Changed(writes []workflow.ScoreWrite, refs []CellRef, stored []workflow.Score) ([]workflow.ScoreWrite, []CellRef, int) {
	type key struct{ unit, criterion string }
	byKey := make(map[key]workflow.Score, len(stored))
	for _, sc := range stored {
		byKey[key{sc.Unit, sc.Criterion}] = sc
	}
	var outW []workflow.ScoreWrite
	var outR []CellRef
	unchanged := 0
	for i, w := range writes {
		old := byKey[key{w.Unit, w.Criterion}]
		if w.SetPoints && sameMilli(w.Points, old.Points) {
			w.SetPoints = false
		}
		if w.SetNotApplicable && w.NotApplicable == old.NotApplicable {
			w.SetNotApplicable = false
		}
		if w.SetNote && w.Note == old.Note {
			w.SetNote = false
		}
		if !w.SetSelf && !w.SetPoints && !w.SetNotApplicable && !w.SetNote {
			unchanged++
			continue
		}
		r := refs[i]
		if _, row, err := excelize.SplitCellName(r.Cell); err == nil {
			switch {
			case w.SetPoints:
				r.Cell = ref(colPoints, row)
			case w.SetNotApplicable:
				r.Cell = ref(colNA, row)
			case w.SetNote:
				r.Cell = ref(colNote, row)
			}
		}
		outW, outR = append(outW, w), append(outR, r)
	}
	return outW, outR, unchanged
}

func sameMilli(a, b *score.Milli) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
