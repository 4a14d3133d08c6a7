package workflow

import (
	"testing"
	"time"
)

func entries(kinds ...string) Thread {
	t := Thread{Criterion: "1.1"}
	for _, k := range kinds {
		t.Entries = append(t.Entries, Remark{Criterion: "1.1", Kind: k})
	}
	return t
}

func TestThreadStatus(t *testing.T) {
	for _, tc := range []struct {
		kinds             []string
		status            string
		awaitsExplanation bool
		awaitsReply       bool
	}{
		{nil, "", false, false},
		{[]string{KindRemark}, ThreadOpen, true, false},
		{[]string{KindRemark, KindExplanation}, ThreadOpen, false, true},
		{[]string{KindExplanation}, ThreadOpen, false, true},
		{[]string{KindRemark, KindExplanation, KindResolved}, ThreadResolved, false, false},
		{[]string{KindRemark, KindResolved, KindReopened}, ThreadOpen, true, false},
		{[]string{KindRemark, KindExplanation, KindResolved, KindReopened}, ThreadOpen, false, true},
		{[]string{KindRemark, KindResolved, KindRemark}, ThreadOpen, true, false},
		{[]string{KindRemark, KindResolved, KindExplanation}, ThreadResolved, false, false},
	} {
		th := entries(tc.kinds...)
		if s := th.Status(); s != tc.status {
			t.Errorf("%v: status %q, want %q", tc.kinds, s, tc.status)
		}
		if th.AwaitsExplanation() != tc.awaitsExplanation || th.AwaitsReply() != tc.awaitsReply {
			t.Errorf("%v: awaits explanation %v, reply %v; want %v, %v", tc.kinds, th.AwaitsExplanation(), th.AwaitsReply(), tc.awaitsExplanation, tc.awaitsReply)
		}
	}
}

func TestThreads(t *testing.T) {
	got := Threads([]Remark{{Criterion: "2.1", Kind: KindRemark}, {Criterion: "1.1", Kind: KindRemark}, {Criterion: "2.1", Kind: KindExplanation}})
	if len(got) != 2 || got[0].Criterion != "2.1" || len(got[0].Entries) != 2 || got[1].Criterion != "1.1" {
		t.Errorf("Threads = %+v", got)
	}
	if th := ThreadOf(nil, "3.1"); th.Criterion != "3.1" || th.Status() != "" {
		t.Errorf("ThreadOf an empty list = %+v", th)
	}
}

// Who resolves and reopens, in which stage: the council on its units in
// appraisal, the secretariat until finalized, never a unit.
func TestCheckThreadStatus(t *testing.T) {
	open, resolved := entries(KindRemark, KindExplanation), entries(KindRemark, KindResolved)
	for _, tc := range []struct {
		actor  Actor
		unit   string
		thread Thread
		to     string
		note   string
		want   [5]string // per stage
	}{
		{council, "tt", open, KindResolved, "", [5]string{"conflict", "conflict", "ok", "conflict", "conflict"}},
		{council, "tt", resolved, KindReopened, "Chưa đủ", [5]string{"conflict", "conflict", "ok", "conflict", "conflict"}},
		{council, "tt", resolved, KindReopened, " ", [5]string{"conflict", "conflict", "unprocessable", "conflict", "conflict"}},
		{council, "tt", resolved, KindResolved, "", [5]string{"conflict", "conflict", "conflict", "conflict", "conflict"}},
		{council, "tt", open, KindReopened, "x", [5]string{"conflict", "conflict", "conflict", "conflict", "conflict"}},
		{council, "tt", entries(), KindResolved, "", [5]string{"conflict", "conflict", "conflict", "conflict", "conflict"}},
		{limited, "tt", open, KindResolved, "", [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{limited, "stc", open, KindResolved, "", [5]string{"conflict", "conflict", "ok", "conflict", "conflict"}},
		{tt, "tt", open, KindResolved, "", [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{tt, "tt", resolved, KindReopened, "x", [5]string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
		{sec, "tt", open, KindResolved, "", [5]string{"ok", "ok", "ok", "conflict", "conflict"}},
		{sec, "tt", open, "closed", "", [5]string{"unprocessable", "unprocessable", "unprocessable", "unprocessable", "unprocessable"}},
	} {
		for i, stage := range Stages {
			p := Period{Year: 2016, Stage: stage}
			if got := code(CheckThreadStatus(tc.actor, p, tc.unit, tc.thread, tc.to, tc.note)); got != tc.want[i] {
				t.Errorf("%s: %s on %s (%s) in %s: %s, want %s", tc.actor.Name, tc.to, tc.unit, tc.thread.Status(), stage, got, tc.want[i])
			}
		}
	}
}

// A unit does not explain on a resolved thread; a council remark there
// opens it again.
func TestRemarkOnResolvedThread(t *testing.T) {
	p := Period{Year: 2016, Stage: Appraisal}
	resolved := entries(KindRemark, KindResolved)
	if _, err := CheckRemark(tt, p, "tt", resolved, time.Now()); code(err) != "conflict" {
		t.Errorf("an explanation on a resolved thread: %v", err)
	}
	if k, err := CheckRemark(council, p, "tt", resolved, time.Now()); err != nil || k != KindRemark {
		t.Errorf("a remark on a resolved thread: %s, %v", k, err)
	}
	if k, err := CheckRemark(tt, p, "tt", entries(KindRemark), time.Now()); err != nil || k != KindExplanation {
		t.Errorf("an explanation on an open thread: %s, %v", k, err)
	}
}
