// Package workflow holds the assessment's rules of who may change what, and
// when: the stages of a period, the moves between them, and the checks on
// every score, evidence and remark write. It is pure: callers pass the
// period and the actor as they are inside their transaction.
package workflow

import (
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

func conflict(key string, args ...any) error {
	return score.E(score.ECONFLICT, key, args...)
}

func forbidden(key string, args ...any) error {
	return score.E(score.EFORBIDDEN, key, args...)
}

// stage is a stage as a message argument, which the catalog labels.
func stage(s string) score.Term { return score.StageTerm(s) }

func (p Period) locked(what string) error {
	return conflict("error.period.locked", p.Year, stage(p.Stage), score.Term{Kind: "error.what", Code: what})
}

// closed reports a unit's deadline that has passed.
func (p Period) closed(now time.Time) error {
	if p.StageClosesAt != nil && now.After(*p.StageClosesAt) {
		return conflict("error.stage.closed", stage(p.Stage), p.Year, p.StageClosesAt.Format(time.RFC3339))
	}
	return nil
}

// MayTouchUnit says whether the actor may act on a unit's data at all:
// a unit user only on its own, a council member only on assigned units.
func MayTouchUnit(a Actor, unit string) error {
	switch a.Role {
	case RoleUnit:
		if unit != a.Unit {
			return forbidden("error.unit.not_own", a.Unit, unit)
		}
	case RoleCouncil:
		if len(a.Units) > 0 && !slices.Contains(a.Units, unit) {
			return forbidden("error.council.not_assigned", a.Name, strings.Join(a.Units, ", "), unit)
		}
	}
	return nil
}

// MayReadUnit says whether the actor may read a unit's unpublished data
// (its sheet, scores, scorecard): a unit user only its own; the council
// reads every unit, whichever it is assigned to score; staff everything.
func MayReadUnit(a Actor, unit string) error {
	if a.Role == RoleUnit && unit != a.Unit {
		return forbidden("error.unit.read_own", a.Unit, unit)
	}
	return nil
}

// MayEnterSurvey says whether a role enters the points (and not
// applicable) of survey criteria: they are the results of the
// secretariat's sociological survey, entered by admin and secretariat only
// (DESIGN rule 12), never appraised by the council nor self-assessed.
func MayEnterSurvey(role string) bool { return staff(role) }

// checkSurvey refuses what a role may never write on a survey leaf.
func checkSurvey(a Actor, c ScoreChange) error {
	switch {
	case !c.Survey || MayEnterSurvey(a.Role):
		return nil
	case c.Points || c.NotApplicable:
		return forbidden("error.score.survey_points", c.Unit, c.Criterion)
	case c.Self && a.Role == RoleUnit:
		return forbidden("error.score.survey_self", c.Unit, c.Criterion)
	}
	return nil
}

// CheckScore says why the actor may not make a score change now: 403 for
// what the role never may, 409 for what the stage does not allow.
func CheckScore(a Actor, p Period, c ScoreChange, now time.Time) error {
	if err := MayTouchUnit(a, c.Unit); err != nil {
		return err
	}
	if err := checkSurvey(a, c); err != nil {
		return err
	}
	switch a.Role {
	case RoleCouncil:
		if c.Self {
			return forbidden("error.score.council_self", c.Unit, c.Criterion)
		}
	case RoleUnit:
		if c.Points || c.NotApplicable {
			return forbidden("error.score.unit_points", c.Unit, c.Criterion)
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
		return conflict("error.score.self_over", c.Unit, c.Criterion, stage(p.Stage))
	case a.Role == RoleCouncil && p.Stage == Appraisal:
		return nil
	}
	return conflict("error.score.stage", c.Unit, c.Criterion, p.Year, stage(p.Stage), score.RoleTerm(a.Role))
}

// CheckEvidence says why the actor may not add or remove evidence of a unit
// now. Units attach evidence while they assess themselves and while they
// answer the council.
func CheckEvidence(a Actor, p Period, unit string, now time.Time) error {
	if a.Role == RoleCouncil {
		return forbidden("error.evidence.council")
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
	return conflict("error.evidence.stage", p.Year, stage(p.Stage))
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
		return score.E(score.EUNPROCESSABLE, "error.stage.unknown", m.To, strings.Join(Stages, ", "))
	case m.To == Published:
		return score.E(score.EUNPROCESSABLE, "error.stage.publish_route", p.Year)
	case !staff(a.Role):
		return forbidden("error.stage.staff")
	case m.Force && a.Role != RoleAdmin:
		return forbidden("error.stage.force_admin")
	case m.Force && !textrule.Visible(m.Reason):
		return score.E(score.EUNPROCESSABLE, "error.stage.force_reason")
	case to == from:
		return conflict("error.stage.already", p.Year, stage(p.Stage))
	case to < from && a.Role != RoleAdmin:
		return forbidden("error.stage.reopen_admin", p.Year, stage(p.Stage), stage(m.To))
	case to < from && !textrule.Visible(m.Reason):
		return score.E(score.EUNPROCESSABLE, "error.stage.reopen_reason", p.Year, stage(p.Stage), stage(m.To))
	}
	return nil
}

// CheckPublish says why the actor may not publish a period as asked:
// publishing despite incomplete or provisional results (force) is an
// admin's call, with a reason.
func CheckPublish(a Actor, force bool, reason string) error {
	switch {
	case force && a.Role != RoleAdmin:
		return forbidden("error.publish.force_admin")
	case force && !textrule.Visible(reason):
		return score.E(score.EUNPROCESSABLE, "error.publish.force_reason")

	}
	return nil
}
