package workflow

import (
	"testing"
	"time"

	"github.com/parindex/parindex/internal/score"
)

// TestCheckStageDeadline: a deadline belongs to the self-assessment and
// appraisal stages only, and lies in the period's range.
func TestCheckStageDeadline(t *testing.T) {
	now := time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)
	in := time.Date(2016, 6, 30, 17, 0, 0, 0, Vietnam)
	if err := CheckStageDeadline(2016, Finalized, nil, now); err != nil {
		t.Errorf("no deadline: %v", err)
	}
	for _, to := range []string{SelfAssessment, Appraisal} {
		if err := CheckStageDeadline(2016, to, &in, now); err != nil {
			t.Errorf("%s: %v", to, err)
		}
	}
	err := CheckStageDeadline(2016, Finalized, &in, now)
	if want := "closes_at is a deadline for units, in the Self-assessment or Appraisal stage"; score.ErrorCode(err) != score.EUNPROCESSABLE || err.Error() != want {
		t.Errorf("finalized with a deadline: %v", err)
	}
	far := time.Date(2106, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := CheckStageDeadline(2016, Appraisal, &far, now); score.ErrorCode(err) != score.EUNPROCESSABLE {
		t.Errorf("a deadline in 2106: %v", err)
	}
}
