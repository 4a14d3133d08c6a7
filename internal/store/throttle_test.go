package store

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/workflow"
)

// TestAuditBounds: every text column of an audit entry is bounded where
// entries are written, cut on a character boundary and marked.
func TestAuditBounds(t *testing.T) {
	st := open(t)
	long := strings.Repeat("ắ", 100_000) // 3 bytes each
	ctx := WithActor(context.Background(), workflow.Actor{Name: long, RequestID: long})
	e := workflow.AuditEntry{Action: long, Entity: long, Unit: long, Criterion: long, Field: long, OldValue: &long, NewValue: &long, Reason: long}
	if err := st.Record(ctx, e); err != nil {
		t.Fatal(err)
	}
	// What the service lets through stays whole: a note of MaxNoteLength
	// characters of four bytes each.
	note := strings.Repeat("𝔸", workflow.MaxNoteLength)
	if err := st.Record(context.Background(), workflow.AuditEntry{Action: "update", Entity: "score", NewValue: &note, Reason: note}); err != nil {
		t.Fatal(err)
	}
	es, err := st.Audit(context.Background(), AuditFilter{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	whole, cut := es[0], es[1]
	if *whole.NewValue != note || whole.Reason != note {
		t.Error("a note of MaxNoteLength characters was cut")
	}
	for name, c := range map[string]struct {
		v   string
		max int
	}{
		"actor": {cut.Actor, 64}, "request_id": {cut.RequestID, 64}, "action": {cut.Action, 64}, "entity": {cut.Entity, 64},
		"unit": {cut.Unit, 64}, "criterion": {cut.Criterion, 256}, "field": {cut.Field, 256},
		"old_value": {*cut.OldValue, 16 << 10}, "new_value": {*cut.NewValue, 16 << 10}, "reason": {cut.Reason, 16 << 10},
	} {
		if len(c.v) > c.max || !utf8.ValidString(c.v) || !strings.HasSuffix(c.v, truncatedMark) || len(c.v) < c.max-len(truncatedMark)-3 {
			t.Errorf("%s: %d bytes (at most %d), valid UTF-8 %v, ends %q", name, len(c.v), c.max, utf8.ValidString(c.v), c.v[max(0, len(c.v)-20):])
		}
	}
}

// TestLockoutCounted: a lockout's refusals give one audit entry when it
// begins and one with their number when it ends, however many they are
// and however many instances close it at once.
func TestLockoutCounted(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	t0 := time.Now().Truncate(time.Millisecond)
	until := t0.Add(10 * time.Minute)
	for i := range 50 {
		if err := st.LoginRefused(ctx, "admin", "203.0.113.1", t0.Add(time.Duration(i)*time.Second), until); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := st.CloseLockouts(ctx, until.Add(time.Second), time.Hour, 10*time.Second); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// A new lockout of the same account and address starts a new count.
	if err := st.LoginRefused(ctx, "admin", "203.0.113.1", until.Add(time.Minute), until.Add(20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	es, err := st.Audit(ctx, AuditFilter{Entity: "session", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Action)
		if e.Action == "login_throttled_summary" && (*e.NewValue != "50 attempts refused" || !strings.HasPrefix(e.Reason, "from 203.0.113.1, between ")) {
			t.Errorf("summary %q %q", *e.NewValue, e.Reason)
		}
	}
	if got := strings.Join(actions, " "); got != "login_throttled login_throttled_summary login_throttled" {
		t.Errorf("audit, newest first: %s", got)
	}
}

// TestNthFailuresAndHit: the counts the throttles read.
func TestNthFailuresAndHit(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	t0 := time.Now().Truncate(time.Millisecond)
	for i, f := range []struct{ user, addr string }{{"a", "x"}, {"a", "y"}, {"b", "x"}, {"a", "x"}} {
		if err := st.LoginFailed(ctx, f.user, f.addr, t0.Add(time.Duration(i)*time.Second), "login_failed"); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.NthFailures(ctx, []FailureRule{
		{Username: "a", Addr: "x", Since: t0.Add(-time.Minute), N: 2},
		{Username: "a", Addr: "x", Since: t0.Add(-time.Minute), N: 3},
		{Addr: "x", Since: t0.Add(-time.Minute), N: 3},
		{Username: "a", Since: t0, N: 2}, // after the first: a@y and a@x
		{Username: "a", Since: t0, N: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{t0, {}, t0, t0.Add(time.Second), {}}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("rule %d: %v, want %v", i, got[i], want[i])
		}
	}
	if err := st.LoginSucceeded(ctx, "a", "x"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.NthFailures(ctx, []FailureRule{{Username: "a", Since: t0.Add(-time.Minute), N: 1}}); !got[0].Equal(t0.Add(time.Second)) {
		t.Errorf("after a success from x, a's failures: %v", got)
	}

	for i := range 3 {
		n, ends, err := st.Hit(ctx, "user:a", t0.Add(time.Duration(i)*time.Second), 10*time.Second)
		if err != nil || n != int64(i+1) || !ends.Equal(t0.Add(10*time.Second)) {
			t.Errorf("hit %d: %d, window ends %v, %v", i+1, n, ends, err)
		}
	}
	if n, ends, _ := st.Hit(ctx, "user:a", t0.Add(10*time.Second), 10*time.Second); n != 1 || !ends.Equal(t0.Add(20*time.Second)) {
		t.Errorf("the next window: %d, ends %v", n, ends)
	}
	if n, _, _ := st.Hit(ctx, "user:b", t0, 10*time.Second); n != 1 {
		t.Errorf("another key: %d", n)
	}
}
