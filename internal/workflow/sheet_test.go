package workflow

import (
	"testing"
	"time"
)

// TestEditableCells: per role and stage, which values of an appraisal and
// a survey leaf may change, and why a sheet is read-only.
func TestEditableCells(t *testing.T) {
	now := time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)
	past := now.Add(-time.Hour)
	cases := []struct {
		name     string
		actor    Actor
		period   Period
		unit     string
		leaf     Cells // an appraisal leaf
		survey   Cells // a survey leaf
		readOnly string
	}{
		{"unit, self-assessment", tt, Period{Year: 2016, Stage: SelfAssessment}, "tt", Cells{Self: true, Note: true}, Cells{Note: true}, "ok"},
		{"unit, after its deadline", tt, Period{Year: 2016, Stage: SelfAssessment, StageClosesAt: &past}, "tt", Cells{}, Cells{}, "conflict"},
		{"unit, appraisal", tt, Period{Year: 2016, Stage: Appraisal}, "tt", Cells{}, Cells{}, "conflict"},
		{"unit, another unit", tt, Period{Year: 2016, Stage: SelfAssessment}, "stc", Cells{}, Cells{}, "forbidden"},
		{"council, appraisal", council, Period{Year: 2016, Stage: Appraisal}, "tt", Cells{Points: true, NotApplicable: true, Note: true}, Cells{Note: true}, "ok"},
		{"council, self-assessment", council, Period{Year: 2016, Stage: SelfAssessment}, "tt", Cells{}, Cells{}, "conflict"},
		{"council, unassigned unit", limited, Period{Year: 2016, Stage: Appraisal}, "tt", Cells{}, Cells{}, "forbidden"},
		{"secretariat, appraisal", sec, Period{Year: 2016, Stage: Appraisal}, "tt", Cells{true, true, true, true}, Cells{true, true, true, true}, "ok"},
		{"secretariat, finalized", sec, Period{Year: 2016, Stage: Finalized}, "tt", Cells{}, Cells{}, "conflict"},
	}
	for _, tc := range cases {
		if got := EditableCells(tc.actor, tc.period, tc.unit, "1.1", false, now); got != tc.leaf {
			t.Errorf("%s: appraisal leaf %+v, want %+v", tc.name, got, tc.leaf)
		}
		if got := EditableCells(tc.actor, tc.period, tc.unit, "2.2", true, now); got != tc.survey {
			t.Errorf("%s: survey leaf %+v, want %+v", tc.name, got, tc.survey)
		}
		if got := code(SheetReadOnly(tc.actor, tc.period, tc.unit, now)); got != tc.readOnly {
			t.Errorf("%s: read-only %s, want %s", tc.name, got, tc.readOnly)
		}
	}
}
