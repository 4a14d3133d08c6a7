// Package workflow holds the assessment's rules of who may change what, and
// when: the stages of a period, the moves between them, and the checks on
// every score, evidence and remark write. It is pure: callers pass the
// period and the actor as they are inside their transaction.
package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// Stages of a period, in order.
const (
	Draft          = "draft"
	SelfAssessment = "self_assessment"
	Appraisal      = "appraisal"
	Finalized      = "finalized"
	Published      = "published"
)

// Stages lists the stages in order.
var Stages = []string{Draft, SelfAssessment, Appraisal, Finalized, Published}

// Vietnamese names of the stages, for messages people read.
var stageNames = map[string]string{
	Draft:          "draft (chuẩn bị)",
	SelfAssessment: "self_assessment (tự đánh giá)",
	Appraisal:      "appraisal (thẩm định)",
	Finalized:      "finalized (đã chốt)",
	Published:      "published (đã công bố)",
}

// ScoreChange says which fields a write sets, on which unit.
type ScoreChange struct {
	Unit                        string
	Criterion                   string
	Self, Points, NotApplicable bool
	Note                        bool
	Survey                      bool // the leaf's points come from a survey (source survey)
}

func staff(role string) bool { return role == RoleAdmin || role == RoleSecretariat }

func stageIndex(s string) int { return slices.Index(Stages, s) }

// Locked reports whether a period's results can no longer change.
func (p Period) Locked() bool { return p.Stage == Finalized || p.Stage == Published }

func conflict(format string, args ...any) error {
	return score.Errorf(score.ECONFLICT, format, args...)
}

func forbidden(format string, args ...any) error {
	return score.Errorf(score.EFORBIDDEN, format, args...)
}

func (p Period) locked(what string) error {
	return conflict("period %d is in stage %s: %s can no longer change (an admin may reopen it, with a reason)", p.Year, stageNames[p.Stage], what)
}

// closed reports a unit's deadline that has passed.
func (p Period) closed(now time.Time) error {
	if p.StageClosesAt != nil && now.After(*p.StageClosesAt) {
		return conflict("stage %s of period %d closed at %s", stageNames[p.Stage], p.Year, p.StageClosesAt.Format(time.RFC3339))
	}
	return nil
}

// MayTouchUnit says whether the actor may act on a unit's data at all:
// a unit user only on its own, a council member only on assigned units.
func MayTouchUnit(a Actor, unit string) error {
	switch a.Role {
	case RoleUnit:
		if unit != a.Unit {
			return forbidden("a unit user may only act on its own unit %s, not %s", a.Unit, unit)
		}
	case RoleCouncil:
		if len(a.Units) > 0 && !slices.Contains(a.Units, unit) {
			return forbidden("council member %s is assigned to units %s, not %s", a.Name, strings.Join(a.Units, ", "), unit)
		}
	}
	return nil
}

// MayReadUnit says whether the actor may read a unit's unpublished data
// (its sheet, scores, scorecard): a unit user only its own; the council
// reads every unit, whichever it is assigned to score; staff everything.
func MayReadUnit(a Actor, unit string) error {
	if a.Role == RoleUnit && unit != a.Unit {
		return forbidden("a unit user may only read its own unit %s, not %s", a.Unit, unit)
	}
	return nil
}

// MayEnterSurvey says whether a role enters the points (and not
// applicable) of survey criteria: they are the results of the
// secretariat's sociological survey, entered by admin and secretariat only
// (DESIGN rule 12), never appraised by the council nor self-assessed.
func MayEnterSurvey(role string) bool { return staff(role) }

// checkSurvey refuses what a role may never write on a survey leaf.
func checkSurvey(a Actor, c ScoreChange, where string) error {
	switch {
	case !c.Survey || MayEnterSurvey(a.Role):
		return nil
	case c.Points || c.NotApplicable:
		return forbidden("%scriterion %s is a survey criterion (điều tra xã hội học): its points and not_applicable are entered by the secretariat", where, c.Criterion)
	case c.Self && a.Role == RoleUnit:
		return forbidden("%scriterion %s is a survey criterion (điều tra xã hội học): units do not self-assess it; its points come from the secretariat's survey", where, c.Criterion)
	}
	return nil
}

// CheckScore says why the actor may not make a score change now: 403 for
// what the role never may, 409 for what the stage does not allow.
func CheckScore(a Actor, p Period, c ScoreChange, now time.Time) error {
	where := fmt.Sprintf("unit %s, criterion %s: ", c.Unit, c.Criterion)
	if err := MayTouchUnit(a, c.Unit); err != nil {
		return err
	}
	if err := checkSurvey(a, c, where); err != nil {
		return err
	}
	switch a.Role {
	case RoleCouncil:
		if c.Self {
			return forbidden("%sself_points are the unit's own; the council enters points", where)
		}
	case RoleUnit:
		if c.Points || c.NotApplicable {
			return forbidden("%spoints and not_applicable are set by the council; a unit enters self_points and notes", where)
		}
	}
	if p.Locked() {
		return p.locked("scores")
	}
	switch {
	case staff(a.Role):
		return nil
	case a.Role == RoleUnit && p.Stage == SelfAssessment:
		return p.closed(now)
	case a.Role == RoleUnit && p.Stage == Appraisal:
		return conflict(where+"self-assessment is over: in stage %s self points are frozen; answer the council's remarks with an explanation", stageNames[p.Stage])
	case a.Role == RoleCouncil && p.Stage == Appraisal:
		return nil
	}
	return conflict(where+"period %d is in stage %s, where %s users do not enter scores", p.Year, stageNames[p.Stage], a.Role)
}

// CheckEvidence says why the actor may not add or remove evidence of a unit
// now. Units attach evidence while they assess themselves and while they
// answer the council.
func CheckEvidence(a Actor, p Period, unit string, now time.Time) error {
	if a.Role == RoleCouncil {
		return forbidden("evidence is attached by the unit or the secretariat, not the council")
	}
	if err := MayTouchUnit(a, unit); err != nil {
		return err
	}
	if p.Locked() {
		return p.locked("evidence")
	}
	if staff(a.Role) {
		return nil
	}
	if p.Stage == SelfAssessment || p.Stage == Appraisal {
		return p.closed(now)
	}
	return conflict("period %d is in stage %s: units attach evidence in the self-assessment and appraisal stages", p.Year, stageNames[p.Stage])
}

// Move is a request to change a period's stage.
type Move struct {
	To     string
	Reason string
	Force  bool // an admin's override of completeness, with a reason
}

// CheckMove says why the actor may not move the period from its stage.
// Forward moves are the secretariat's; moving back (reopening) is an
// admin's correction and needs a reason. Publishing has its own route.
func CheckMove(a Actor, p Period, m Move) error {
	from, to := stageIndex(p.Stage), stageIndex(m.To)
	switch {
	case to < 0:
		return score.Errorf(score.EUNPROCESSABLE, "stage %q is not one of %s", m.To, strings.Join(Stages, ", "))
	case m.To == Published:
		return score.Errorf(score.EUNPROCESSABLE, "publishing has its own route: POST /api/v1/periods/%d/publish", p.Year)
	case !staff(a.Role):
		return forbidden("only an admin or the secretariat moves a period between stages")
	case m.Force && a.Role != RoleAdmin:
		return forbidden("only an admin may force a stage move")
	case m.Force && !textrule.Visible(m.Reason):
		return score.Errorf(score.EUNPROCESSABLE, "a forced move needs a reason (visible text, not only spaces or invisible characters)")
	case to == from:
		return conflict("period %d is already in stage %s", p.Year, stageNames[p.Stage])
	case to < from && a.Role != RoleAdmin:
		return forbidden("moving period %d back from %s to %s reopens it: that is an admin's correction", p.Year, stageNames[p.Stage], stageNames[m.To])
	case to < from && !textrule.Visible(m.Reason):
		return score.Errorf(score.EUNPROCESSABLE, "reopening period %d (from %s back to %s) needs a reason (visible text, not only spaces or invisible characters)", p.Year, stageNames[p.Stage], stageNames[m.To])
	}
	return nil
}

// CheckPublish says why the actor may not publish a period as asked:
// publishing despite incomplete or provisional results (force) is an
// admin's call, with a reason.
func CheckPublish(a Actor, force bool, reason string) error {
	switch {
	case force && a.Role != RoleAdmin:
		return forbidden("only an admin may force a publication")
	case force && !textrule.Visible(reason):
		return score.Errorf(score.EUNPROCESSABLE, "a forced publication needs a reason")
	}
	return nil
}
