package workflow

import (
	"fmt"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/score"
)

func code(err error) string {
	if err == nil {
		return "ok"
	}
	return score.ErrorCode(err)
}

var (
	admin   = Actor{Name: "admin", Role: RoleAdmin}
	sec     = Actor{Name: "thuky", Role: RoleSecretariat}
	council = Actor{Name: "hd1", Role: RoleCouncil}
	limited = Actor{Name: "hd2", Role: RoleCouncil, Units: []string{"stc"}}
	tt      = Actor{Name: "tt-user", Role: RoleUnit, Unit: "tt"}
)

// TestCheckScore walks role × stage × change and states each outcome.
func TestCheckScore(t *testing.T) {
	now := time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)
	self := ScoreChange{Unit: "tt", Criterion: "1.1", Self: true}
	points := ScoreChange{Unit: "tt", Criterion: "1.1", Points: true}
	na := ScoreChange{Unit: "tt", Criterion: "1.1", NotApplicable: true}
	other := ScoreChange{Unit: "stc", Criterion: "1.1", Self: true}
	// want[stage] for each (actor, change).
	cases := []struct {
		actor  Actor
		change ScoreChange
		want   [5]string // draft, self_assessment, appraisal, finalized, published
	}{
		{admin, points, [5]string{"ok", "ok", "ok", "conflict", "conflict"}},
		{sec, self, [5]string{"ok", "ok", "ok", "conflict", "conflict"}},
		{council, points, [5]string{"conflict", "conflict", "ok", "conflict", "conflict"}},
		{council, na, [5]string{"conflict", "conflict", "ok", "conflict", "conflict"}},
		{council, self, [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{limited, points, [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{limited, ScoreChange{Unit: "stc", Criterion: "1.1", Points: true}, [5]string{"conflict", "conflict", "ok", "conflict", "conflict"}},
		{tt, self, [5]string{"conflict", "ok", "conflict", "conflict", "conflict"}},
		{tt, ScoreChange{Unit: "tt", Criterion: "1.1", Note: true}, [5]string{"conflict", "ok", "conflict", "conflict", "conflict"}},
		{tt, points, [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{tt, other, [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
	}
	for _, tc := range cases {
		for i, stage := range Stages {
			got := code(CheckScore(tc.actor, Period{Year: 2016, Stage: stage}, tc.change, now))
			if got != tc.want[i] {
				t.Errorf("%s %+v in %s: %s, want %s", tc.actor.Name, tc.change, stage, got, tc.want[i])
			}
		}
	}
}

func TestDeadline(t *testing.T) {
	closes := time.Date(2017, 3, 1, 17, 0, 0, 0, time.UTC)
	p := Period{Year: 2016, Stage: SelfAssessment, StageClosesAt: &closes}
	change := ScoreChange{Unit: "tt", Criterion: "1.1", Self: true}
	if err := CheckScore(tt, p, change, closes.Add(-time.Minute)); err != nil {
		t.Errorf("before the deadline: %v", err)
	}
	err := CheckScore(tt, p, change, closes.Add(time.Minute))
	if code(err) != score.ECONFLICT || err.Error() != "stage Self-assessment of period 2016 closed at 2017-03-01T17:00:00Z" {
		t.Errorf("after the deadline: %v", err)
	}
	// The deadline binds units only.
	if err := CheckScore(sec, p, change, closes.Add(time.Hour)); err != nil {
		t.Errorf("secretariat after the deadline: %v", err)
	}
	if err := CheckEvidence(tt, p, "tt", closes.Add(time.Minute)); code(err) != score.ECONFLICT {
		t.Errorf("evidence after the deadline: %v", err)
	}
}

func TestEvidenceAndRemarks(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		actor Actor
		unit  string
		// evidence and remark outcome per stage; remark kind when ok
		evidence [5]string
		remark   [5]string
	}{
		{tt, "tt", [5]string{"conflict", "ok", "ok", "conflict", "conflict"}, [5]string{"conflict", "conflict", "explanation", "conflict", "conflict"}},
		{tt, "stc", [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}, [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{council, "tt", [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}, [5]string{"conflict", "conflict", "remark", "conflict", "conflict"}},
		{limited, "tt", [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}, [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{sec, "tt", [5]string{"ok", "ok", "ok", "conflict", "conflict"}, [5]string{"remark", "remark", "remark", "conflict", "conflict"}},
	} {
		for i, stage := range Stages {
			p := Period{Year: 2016, Stage: stage}
			if got := code(CheckEvidence(tc.actor, p, tc.unit, now)); got != tc.evidence[i] {
				t.Errorf("%s evidence on %s in %s: %s, want %s", tc.actor.Name, tc.unit, stage, got, tc.evidence[i])
			}
			kind, err := CheckRemark(tc.actor, p, tc.unit, Thread{Criterion: "1.1"}, now)
			got := code(err)
			if err == nil {
				got = kind
			}
			if got != tc.remark[i] {
				t.Errorf("%s remark on %s in %s: %s, want %s", tc.actor.Name, tc.unit, stage, got, tc.remark[i])
			}
		}
	}
}

func TestCheckMove(t *testing.T) {
	for _, tc := range []struct {
		actor Actor
		from  string
		move  Move
		want  string
	}{
		{sec, Draft, Move{To: SelfAssessment}, "ok"},
		{sec, Draft, Move{To: Finalized}, "ok"}, // loading a past year
		{sec, SelfAssessment, Move{To: Appraisal}, "ok"},
		{sec, Appraisal, Move{To: SelfAssessment, Reason: "mở lại"}, "forbidden"},
		{admin, Appraisal, Move{To: SelfAssessment}, "unprocessable"},
		{admin, Published, Move{To: Appraisal, Reason: "sửa sai sót điểm của Sở Y tế"}, "ok"},
		{admin, Published, Move{To: Appraisal}, "unprocessable"},
		{sec, Finalized, Move{To: Finalized}, "conflict"},
		{sec, Appraisal, Move{To: Published}, "unprocessable"},
		{sec, Appraisal, Move{To: "done"}, "unprocessable"},
		{council, Appraisal, Move{To: Finalized}, "forbidden"},
		{tt, Draft, Move{To: SelfAssessment}, "forbidden"},
		{sec, Appraisal, Move{To: Finalized, Force: true, Reason: "x"}, "forbidden"},
		{admin, Appraisal, Move{To: Finalized, Force: true}, "unprocessable"},
		{admin, Appraisal, Move{To: Finalized, Force: true, Reason: "Sở Ngoại vụ không nộp báo cáo"}, "ok"},
	} {
		t.Run(fmt.Sprintf("%s %s→%s", tc.actor.Role, tc.from, tc.move.To), func(t *testing.T) {
			if got := code(CheckMove(tc.actor, Period{Year: 2016, Stage: tc.from}, tc.move)); got != tc.want {
				t.Errorf("%s, want %s", got, tc.want)
			}
		})
	}
}

// TestCheckScoreSurvey: a survey leaf's points and not applicable are the
// secretariat's; the council never enters them, a unit never self-assesses
// it (403 in every stage, before any stage rule); notes stay open.
func TestCheckScoreSurvey(t *testing.T) {
	now := time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)
	survey := func(c ScoreChange) ScoreChange { c.Unit, c.Criterion, c.Survey = "tt", "2.2", true; return c }
	points, na, self, note := survey(ScoreChange{Points: true}), survey(ScoreChange{NotApplicable: true}), survey(ScoreChange{Self: true}), survey(ScoreChange{Note: true})
	forbiddenAlways := [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}
	cases := []struct {
		actor  Actor
		change ScoreChange
		want   [5]string
	}{
		{admin, points, [5]string{"ok", "ok", "ok", "conflict", "conflict"}},
		{sec, points, [5]string{"ok", "ok", "ok", "conflict", "conflict"}},
		{sec, na, [5]string{"ok", "ok", "ok", "conflict", "conflict"}},
		{sec, self, [5]string{"ok", "ok", "ok", "conflict", "conflict"}},
		{council, points, forbiddenAlways},
		{council, na, forbiddenAlways},
		{council, self, forbiddenAlways},
		{council, note, [5]string{"conflict", "conflict", "ok", "conflict", "conflict"}},
		{tt, self, forbiddenAlways},
		{tt, points, forbiddenAlways},
		{tt, note, [5]string{"conflict", "ok", "conflict", "conflict", "conflict"}},
	}
	for _, tc := range cases {
		for i, stage := range Stages {
			got := code(CheckScore(tc.actor, Period{Year: 2016, Stage: stage}, tc.change, now))
			if got != tc.want[i] {
				t.Errorf("%s %+v in %s: %s, want %s", tc.actor.Name, tc.change, stage, got, tc.want[i])
			}
		}
	}
	err := CheckScore(council, Period{Year: 2016, Stage: Appraisal}, points, now)
	if want := "unit tt, criterion 2.2: criterion 2.2 is a survey criterion: its points and not_applicable are entered by the secretariat"; err == nil || err.Error() != want {
		t.Errorf("council on a survey leaf: %v, want %q", err, want)
	}
	if MayEnterSurvey(RoleCouncil) || MayEnterSurvey(RoleUnit) || !MayEnterSurvey(RoleSecretariat) || !MayEnterSurvey(RoleAdmin) {
		t.Error("MayEnterSurvey: only admin and secretariat")
	}
}
