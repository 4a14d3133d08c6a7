package xlsx

import (
	"context"
	"errors"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// ImportSource is what an import reads of the stored data (*store.Store).
type ImportSource interface {
	Period(ctx context.Context, year int) (workflow.Period, error)
	Framework(ctx context.Context, year int, tier string) (*score.Framework, error)
	Units(ctx context.Context, tier string, withInactive bool) ([]workflow.Unit, error)
	Scores(ctx context.Context, year int, tier, unit string) ([]workflow.Score, error)
}

// Import is a filled template checked against its year: the writes that
// change something (each with its cell and the score stored before), and
// how many rows were sent back unchanged.
type Import struct {
	Tier      string
	Writes    []workflow.ScoreWrite
	Refs      []CellRef
	Before    []workflow.Score // the stored score each write changes (zero when none)
	Unchanged int
}

// PlanImport reads a filled template for year and checks every cell
// against the framework of its tier and the tier's active units; values
// equal to the stored ones are dropped (an unchanged value is not a
// write). The API's import and the console's import page both save its
// writes through the store's score write, then name refused cells with
// LocateWrites.
func PlanImport(ctx context.Context, src ImportSource, year int, data []byte) (Import, error) {
	if _, err := src.Period(ctx, year); err != nil {
		return Import{}, err
	}
	filled, err := ReadTemplate(data, DefaultLimits)
	if err != nil {
		return Import{}, err
	}
	if filled.Year != year {
		_, _, err := filled.Writes(year, nil, nil)
		return Import{}, err
	}
	f, err := src.Framework(ctx, year, filled.Tier)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return Import{}, score.E(score.EUNPROCESSABLE, "error.xlsx.no_framework", filled.Tier, year)
	}
	if err != nil {
		return Import{}, err
	}
	units, err := src.Units(ctx, filled.Tier, false)
	if err != nil {
		return Import{}, err
	}
	names := make(map[string]string, len(units))
	for _, u := range units {
		names[u.Code] = u.Name
	}
	writes, refs, err := filled.Writes(year, f, names)
	if err != nil {
		return Import{}, err
	}
	stored, err := src.Scores(ctx, year, filled.Tier, "")
	if err != nil {
		return Import{}, err
	}
	im := Import{Tier: filled.Tier}
	im.Writes, im.Refs, im.Unchanged = Changed(writes, refs, stored)
	type key struct{ unit, criterion string }
	byKey := make(map[key]workflow.Score, len(stored))
	for _, sc := range stored {
		byKey[key{sc.Unit, sc.Criterion}] = sc
	}
	im.Before = make([]workflow.Score, len(im.Writes))
	for i, w := range im.Writes {
		im.Before[i] = byKey[key{w.Unit, w.Criterion}]
	}
	return im, nil
}

// LocateWrites names the cell of each refused write in an error from the
// write path, whose details point at writes by index.
func LocateWrites(err error, refs []CellRef) error {
	var de *score.Error
	if !errors.As(err, &de) {
		return err
	}
	out := *de
	out.Details = make([]score.Problem, len(de.Details))
	for i, p := range de.Details {
		if p.Index != nil && *p.Index < len(refs) {
			r := refs[*p.Index]
			p.Field, p.Index, p.Cell = r.String(), nil, r.String()
			p.Key, p.Args = "error.xlsx.located", []any{r.Cell, r.Sheet, score.Problem{Key: p.Key, Args: p.Args}}
		}
		out.Details[i] = p
	}
	return &out
}
