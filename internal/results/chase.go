package results

import (
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// Chase is how far one unit is in a period: what the secretariat chases
// the unit or its council for.
type Chase struct {
	NoSelf      int // leaves the unit enters (not the survey's) without self points, not marked not applicable
	NoAppraisal int // appraisal leaves without the council's points, not marked not applicable
	NoSurvey    int // survey leaves without the secretariat's points
	OpenRemarks int // criteria whose remark thread ends with the council's remark: waiting for the unit
}

// Done says whether nothing is left to chase.
func (c Chase) Done() bool { return c.NoSelf+c.NoAppraisal+c.NoSurvey+c.OpenRemarks == 0 }

// ChaseOf counts what a unit still lacks against its tier's framework,
// from its scores and its remarks (in the order they were made).
func ChaseOf(f *score.Framework, scores []workflow.Score, remarks []workflow.Remark) Chase {
	var c Chase
	byCode := make(map[string]workflow.Score, len(scores))
	for _, sc := range scores {
		byCode[sc.Criterion] = sc
	}
	for _, ni := range f.Leaves {
		n := f.Nodes[ni]
		sc, ok := byCode[n.Code]
		if ok && sc.NotApplicable {
			continue
		}
		if n.Source == score.Survey {
			if !ok || sc.Points == nil {
				c.NoSurvey++
			}
			continue
		}
		if !ok || sc.Self == nil {
			c.NoSelf++
		}
		if !ok || sc.Points == nil {
			c.NoAppraisal++
		}
	}
	last := map[string]string{}
	for _, r := range remarks {
		last[r.Criterion] = r.Kind
	}
	for _, k := range last {
		if k == "remark" {
			c.OpenRemarks++
		}
	}
	return c
}
