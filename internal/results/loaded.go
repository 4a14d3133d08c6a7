package results

import (
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// Loaded is what a tier's results are computed from (Build's input but
// the period and tier), as the store loaded it, with what the store needs
// to load it again from this load: after a score write, only the units
// whose scores changed.
type Loaded struct {
	Framework *score.Framework
	Scores    []score.UnitScores
	Previous  *workflow.Snapshot
	// Full: everything was read; otherwise only Reread units' scores were,
	// the rest kept from the earlier load.
	Full   bool
	Reread int
	// State is the store's own (its fingerprint of every input but the
	// scores, and each unit's revision).
	State any
}

// Input is the input of Build for the loaded tier t of period p.
func (l Loaded) Input(p workflow.Period, t workflow.Tier) Input {
	return Input{Period: p, Tier: t, Framework: l.Framework, Scores: l.Scores, Previous: l.Previous}
}
