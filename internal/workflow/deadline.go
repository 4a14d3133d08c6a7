package workflow

import (
	"time"

	"github.com/parindex/parindex/internal/score"
)

// Vietnam is the province's time zone (ICT, UTC+7, no daylight saving),
// in which a period's deadlines are reckoned.
var Vietnam = time.FixedZone("ICT", 7*3600)

// DeadlineRange is when a deadline (closes_at) of a period may fall: from
// 1 January of its year to the end of 31 December two years later, Vietnam
// time, since a year is assessed in that year and the next (appraisal,
// publication, corrections); a correction reopened later than that may
// set a deadline up to the end of next year. A date outside is a typing
// error (year 1, 2106) or a deadline that would never close.
func DeadlineRange(year int, now time.Time) (from, until time.Time) {
	last := max(year+2, now.In(Vietnam).Year()+1)
	return time.Date(year, time.January, 1, 0, 0, 0, 0, Vietnam), time.Date(last+1, time.January, 1, 0, 0, 0, 0, Vietnam)
}

// CheckDeadline refuses a deadline outside the period's DeadlineRange.
func CheckDeadline(year int, closesAt, now time.Time) error {
	from, until := DeadlineRange(year, now)
	if !closesAt.Before(from) && closesAt.Before(until) {
		return nil
	}
	first, last := from.Format("2006-01-02"), until.AddDate(0, 0, -1).Format("2006-01-02")
	return &score.Error{Code: score.EUNPROCESSABLE,
		Key: "error.deadline.range", Args: []any{closesAt.Format(time.RFC3339), year, first, last},
		Details: []score.Problem{{Field: "closes_at", Value: closesAt.Format(time.RFC3339), Bound: first + ".." + last,
			Key: "error.deadline.within", Args: []any{year, first, last}}}}
}

// CheckStageDeadline refuses a units' deadline (closes_at) that a stage
// move may not set: only the self-assessment and appraisal stages have
// one, and it lies in the period's DeadlineRange.
func CheckStageDeadline(year int, to string, closesAt *time.Time, now time.Time) error {
	if closesAt == nil {
		return nil
	}
	if to != SelfAssessment && to != Appraisal {
		return score.E(score.EUNPROCESSABLE, "error.deadline.stage", score.StageTerm(SelfAssessment), score.StageTerm(Appraisal))

	}
	return CheckDeadline(year, *closesAt, now)
}
