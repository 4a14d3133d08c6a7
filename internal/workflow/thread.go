package workflow

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// Kinds of the entries of a criterion's remark thread.
const (
	KindRemark      = "remark"      // the council's (or secretariat's) nhận xét
	KindExplanation = "explanation" // the unit's giải trình
	KindResolved    = "resolved"    // the council closes the thread: nothing more to answer
	KindReopened    = "reopened"    // the council opens a resolved thread again
)

// Statuses of a thread.
const (
	ThreadOpen     = "open"
	ThreadResolved = "resolved"
)

// Thread is a criterion's remark thread, its entries oldest first.
type Thread struct {
	Criterion string
	Entries   []Remark
}

// Status is what the thread's entries make of it: a thread is open from
// its first entry until a resolved entry, and again from a reopened entry
// or a new remark after it. An explanation never changes the status.
func (t Thread) Status() string {
	s := ""
	for _, e := range t.Entries {
		switch e.Kind {
		case KindRemark, KindReopened:
			s = ThreadOpen
		case KindExplanation:
			if s == "" {
				s = ThreadOpen
			}
		case KindResolved:
			s = ThreadResolved
		}
	}
	return s
}

// Open says whether the thread is open: someone still has to act on it.
func (t Thread) Open() bool { return t.Status() == ThreadOpen }

// last is the kind of the thread's last remark or explanation, "" for none.
func (t Thread) last() string {
	for i := len(t.Entries) - 1; i >= 0; i-- {
		if k := t.Entries[i].Kind; k == KindRemark || k == KindExplanation {
			return k
		}
	}
	return ""
}

// AwaitsExplanation says whether the thread waits for the unit: open, and
// its last word is the council's remark.
func (t Thread) AwaitsExplanation() bool { return t.Open() && t.last() == KindRemark }

// AwaitsReply says whether the thread waits for the council: open, and its
// last word is the unit's explanation (the council replies, resolves it,
// or remarks again).
func (t Thread) AwaitsReply() bool { return t.Open() && t.last() == KindExplanation }

// Threads groups a unit's entries (oldest first) by criterion, the
// threads in the order of their first entry.
func Threads(entries []Remark) []Thread {
	var out []Thread
	at := map[string]int{}
	for _, e := range entries {
		i, ok := at[e.Criterion]
		if !ok {
			i = len(out)
			at[e.Criterion] = i
			out = append(out, Thread{Criterion: e.Criterion})
		}
		out[i].Entries = append(out[i].Entries, e)
	}
	return out
}

// ThreadOf is the thread of one criterion among a unit's entries (empty
// when it has none).
func ThreadOf(entries []Remark, criterion string) Thread {
	t := Thread{Criterion: criterion}
	for _, e := range entries {
		if e.Criterion == criterion {
			t.Entries = append(t.Entries, e)
		}
	}
	return t
}

// CheckRemark says why the actor may not write on a unit's remark thread
// now, and otherwise which kind of entry it writes: the council (and the
// secretariat) remark, the unit explains (giải trình). A remark on a
// resolved thread opens it again; a unit does not explain on a resolved
// thread (nothing waits for its answer there).
func CheckRemark(a Actor, p Period, unit string, t Thread, now time.Time) (kind string, err error) {
	if err := MayTouchUnit(a, unit); err != nil {
		return "", err
	}
	if p.Locked() {
		return "", p.locked("remarks")
	}
	switch {
	case staff(a.Role):
		return KindRemark, nil
	case p.Stage != Appraisal:
		return "", conflict("error.remark.stage", p.Year, stage(p.Stage))
	case a.Role == RoleCouncil:
		return KindRemark, nil
	}
	if err := p.closed(now); err != nil {
		return "", err
	}
	if t.Status() == ThreadResolved {
		return "", conflict("error.thread.resolved_explain", unit, t.Criterion)
	}
	return KindExplanation, nil
}

// CheckThreadStatus says why the actor may not resolve (to KindResolved)
// or reopen (to KindReopened) a unit's thread now. Whoever may remark on a
// unit closes and reopens its threads: the council member (on its
// assigned units, in appraisal) and the secretariat (until finalized);
// never the unit. Reopening says why (note).
func CheckThreadStatus(a Actor, p Period, unit string, t Thread, to, note string) error {
	if to != KindResolved && to != KindReopened {
		return score.E(score.EUNPROCESSABLE, "error.thread.status", KindResolved, KindReopened, to)
	}
	if err := MayChangeThreads(a, p, unit); err != nil {
		return err
	}
	status := t.Status()
	switch {
	case status == "":
		return conflict("error.thread.none", unit, t.Criterion)
	case to == KindResolved && status == ThreadResolved:
		return conflict("error.thread.resolved_already", unit, t.Criterion)
	case to == KindReopened && status == ThreadOpen:
		return conflict("error.thread.open_already", unit, t.Criterion)
	case to == KindReopened && !textrule.Visible(note):
		return score.E(score.EUNPROCESSABLE, "error.thread.reopen_reason", t.Criterion)
	}
	return nil
}

// MayChangeThreads says why the actor may not resolve or reopen any of a
// unit's threads now (CheckThreadStatus's part that needs no thread).
func MayChangeThreads(a Actor, p Period, unit string) error {
	if a.Role != RoleCouncil && !staff(a.Role) {
		return forbidden("error.thread.unit")
	}
	if err := MayTouchUnit(a, unit); err != nil {
		return err
	}
	if p.Locked() {
		return p.locked("remarks")
	}
	if a.Role == RoleCouncil && p.Stage != Appraisal {
		return conflict("error.thread.stage", p.Year, stage(p.Stage))
	}
	return nil
}

// RemarkKinds are the kinds of thread entries, in the order a thread
// usually has them.
var RemarkKinds = []string{KindRemark, KindExplanation, KindResolved, KindReopened}

// IsRemarkKind says whether k is a thread entry's kind.
func IsRemarkKind(k string) bool { return slices.Contains(RemarkKinds, k) }

// RemarkBody is a thread entry's text as kept (trimmed, NFC, line breaks
// kept): a remark or an explanation has 1 to MaxNoteLength characters
// (required), a resolve or reopen note at most that.
func RemarkBody(criterion, body string, required bool) (string, error) {
	body = textrule.Multiline(strings.TrimSpace(body))
	n := utf8.RuneCountInString(body)
	switch {
	case required && n == 0, n > MaxNoteLength:
		min := 0
		if required {
			min = 1
		}
		e := score.E(score.EUNPROCESSABLE, "error.remark.length", min, MaxNoteLength)
		e.Details = []score.Problem{{Criterion: criterion, Field: "body", Key: e.Key, Args: e.Args}}
		return "", e
	}
	return body, nil
}
