package workflow

import (
	"errors"
	"time"

	"github.com/parindex/parindex/internal/score"
)

// Sheet is one unit's score sheet in a period, as one read saw it: the
// unit's framework, its leaves' scores, evidence and remark threads, the
// revision its writes are guarded with (If-Match, the page's hidden
// field), and its own (unranked) result computed by the engine.
type Sheet struct {
	Period    Period
	Unit      Unit
	Revision  int64
	Framework *score.Framework
	Leaves    []SheetLeaf // by leaf position (Framework.Leaves)
	Result    score.UnitResult
}

// SheetLeaf is what a sheet holds for one leaf.
type SheetLeaf struct {
	Score    *Score // nil: nothing stored yet
	Evidence []Evidence
	Remarks  []Remark
}

// Entries are the leaves' scores as the engine reads them.
func (sh Sheet) Entries() []score.Entry {
	out := make([]score.Entry, len(sh.Leaves))
	for i, l := range sh.Leaves {
		if l.Score != nil {
			out[i] = ScoreEntry(*l.Score)
		}
	}
	return out
}

// ScoreEntry is a stored score as the engine reads it.
func ScoreEntry(sc Score) score.Entry {
	e := score.Entry{NotApplicable: sc.NotApplicable}
	if sc.Self != nil {
		e.Self, e.HasSelf = *sc.Self, true
	}
	if sc.Points != nil {
		e.Points, e.HasPoints = *sc.Points, true
	}
	return e
}

// Cells says which values of one leaf an actor may change now.
type Cells struct {
	Self, Points, NotApplicable, Note bool
}

// Any says whether any value may change.
func (c Cells) Any() bool { return c.Self || c.Points || c.NotApplicable || c.Note }

// EditableCells says which of a leaf's values the actor may change now:
// each is CheckScore's answer for a change of that value alone.
func EditableCells(a Actor, p Period, unit, criterion string, survey bool, now time.Time) Cells {
	may := func(c ScoreChange) bool {
		c.Unit, c.Criterion, c.Survey = unit, criterion, survey
		return CheckScore(a, p, c, now) == nil
	}
	return Cells{Self: may(ScoreChange{Self: true}), Points: may(ScoreChange{Points: true}),
		NotApplicable: may(ScoreChange{NotApplicable: true}), Note: may(ScoreChange{Note: true})}
}

// SheetReadOnly says why the actor may change nothing on a unit's sheet
// now, nil when it may: CheckScore's refusal of the value the role enters
// (a unit its self points, the others points) on an appraisal leaf.
func SheetReadOnly(a Actor, p Period, unit string, now time.Time) error {
	c := ScoreChange{Unit: unit, Points: true}
	if a.Role == RoleUnit {
		c = ScoreChange{Unit: unit, Self: true}
	}
	err := CheckScore(a, p, c, now)
	// A sheet as a whole has no criterion: its refusals that name one say
	// the same of the unit.
	var e *score.Error
	if errors.As(err, &e) && len(e.Args) > 1 && (e.Key == "error.score.self_over" || e.Key == "error.score.stage") {
		return &score.Error{Code: e.Code, Key: e.Key + ".sheet", Args: append([]any{e.Args[0]}, e.Args[2:]...)}
	}
	return err
}
