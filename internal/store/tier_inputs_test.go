package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
	"github.com/parindex/parindex/internal/workflow"
)

// TestTierInputsIncremental: loading a tier's inputs from an earlier load
// reads again only the units whose scores changed (one, several, a unit's
// first score, a write from a second store, writes landing after the load
// it starts from), and a full load when anything else moved (the
// framework, a unit's name, the stage); the results built from each load
// are exactly the store's fresh TierResults, and the earlier load is left
// as it was.
func TestTierInputsIncremental(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	codes := []string{"a", "b", "c", "d", "e"}
	st, other, must := liveWorld(t, codes...)
	write := func(s *store.Store, unit, criterion string, points int64) {
		t.Helper()
		p := score.Milli(points)
		must(s.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{{Unit: unit, Criterion: criterion, Points: &p, SetPoints: true, Self: &p, SetSelf: true}}))
	}
	for i, c := range codes[:4] { // e has no score yet
		write(st, c, "1", int64(1000*(i+1)))
		write(st, c, "2", int64(500*(i+1)))
	}
	// load loads from prev and checks the load against a fresh
	// computation, and prev against what it was.
	load := func(what string, prev *results.Loaded, full bool, reread int) results.Loaded {
		t.Helper()
		p, err := st.Period(ctx, 2026)
		must(err)
		tier, err := st.Tier(ctx, "department")
		must(err)
		var before []byte
		if prev != nil {
			before, _ = json.Marshal(prev.Scores)
		}
		in, err := st.TierInputs(ctx, p, tier, prev)
		must(err)
		if in.Full != full || in.Reread != reread {
			t.Errorf("%s: full %v reading %d units, want full %v reading %d", what, in.Full, in.Reread, full, reread)
		}
		builtAsFresh(t, st, p, tier, in, what)
		if prev != nil {
			if after, _ := json.Marshal(prev.Scores); string(after) != string(before) {
				t.Errorf("%s: the earlier load changed", what)
			}
		}
		return in
	}
	l := load("first load", nil, true, 5)
	l = load("nothing changed", &l, false, 0)
	write(st, "b", "1", 9000)
	l = load("one unit's score", &l, false, 1)
	write(st, "a", "2", 100)
	write(st, "c", "1", 7000)
	write(st, "d", "2", 4500)
	l = load("several units", &l, false, 3)
	write(st, "e", "1", 2500)
	l = load("a unit's first score", &l, false, 1)
	write(other, "a", "1", 8000)
	l = load("a write from another store", &l, false, 1)

	from := l
	write(st, "b", "2", 1500)
	l = load("after the load", &from, false, 1)
	write(other, "c", "2", 2000)
	load("two writes after the load it starts from", &from, false, 2)
	l = load("from the latest load", &l, false, 1)

	_, err := st.PutFramework(ctx, 2026, "department", twoLeaves(12000))
	must(err)
	l = load("the framework changed", &l, true, 5)
	_, err = st.UpdateUnit(ctx, "d", store.UnitChange{Name: strp("Sở D mới")})
	must(err)
	l = load("a unit renamed", &l, true, 5)
	_, err = st.MoveStage(ctx, 2026, store.StageMove{To: workflow.SelfAssessment})
	must(err)
	l = load("the stage moved", &l, true, 5)
	write(st, "d", "1", 3000)
	load("a score after the stage move", &l, false, 1)
}

// TestTierInputsConcurrentWrites: loads chained one from the other while a
// second store writes scores end with exactly the fresh results once the
// writes are done: a write landing during a load leaves its unit under an
// older revision, read again by the next load.
func TestTierInputsConcurrentWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	codes := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	st, other, must := liveWorld(t, codes...)
	p, err := st.Period(ctx, 2026)
	must(err)
	tier, err := st.Tier(ctx, "department")
	must(err)
	done := make(chan error, 1)
	go func() {
		for i := range 60 {
			pts := score.Milli(80 * (i + 1)) // at most 4,8: leaf 2 has 5
			w := workflow.ScoreWrite{Unit: codes[i%len(codes)], Criterion: []string{"1", "2"}[i%2], Points: &pts, SetPoints: true}
			if err := other.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{w}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	var l results.Loaded
	prev := (*results.Loaded)(nil)
	loads := 0
	for finished := false; !finished; loads++ {
		select {
		case err := <-done:
			must(err)
			finished = true
		default:
		}
		l, err = st.TierInputs(ctx, p, tier, prev)
		must(err)
		prev = &l
	}
	t.Logf("%d loads during the writes", loads)
	builtAsFresh(t, st, p, tier, l, fmt.Sprintf("after %d loads during the writes", loads))
}

// twoLeaves is a department framework of two leaves, 1 (max) and 2 (5).
func twoLeaves(max int64) score.FrameworkInput {
	m, n := score.Milli(max), score.Milli(5000)
	return score.FrameworkInput{Criteria: []score.Criterion{{Code: "1", Name: "Một", MaxPoints: &m}, {Code: "2", Name: "Hai", MaxPoints: &n}}}
}

// liveWorld is two stores on one new database (as two instances), the
// department units named "Sở <code>", and 2026 with twoLeaves(10).
func liveWorld(t *testing.T, codes ...string) (st, other *store.Store, must func(error)) {
	t.Helper()
	ctx := context.Background()
	must = func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	dsn := storetest.URL(t)
	st, err := store.Open(ctx, dsn)
	must(err)
	t.Cleanup(func() { st.Close() })
	other, err = store.Open(ctx, dsn)
	must(err)
	t.Cleanup(func() { other.Close() })
	for _, c := range codes {
		_, err = st.CreateUnit(ctx, workflow.Unit{Code: c, Name: "Sở " + c, Tier: "department"})
		must(err)
	}
	_, err = st.CreatePeriod(ctx, 2026, "Năm 2026")
	must(err)
	_, err = st.PutFramework(ctx, 2026, "department", twoLeaves(10000))
	must(err)
	return st, other, must
}

// builtAsFresh checks that the results built from a load are exactly the
// store's fresh TierResults.
func builtAsFresh(t *testing.T, st *store.Store, p workflow.Period, tier workflow.Tier, in results.Loaded, what string) {
	t.Helper()
	got, err := results.Build(in.Input(p, tier))
	if err != nil {
		t.Fatal(err)
	}
	want, err := st.TierResults(context.Background(), p, tier)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got.Results)
		w, _ := json.Marshal(want.Results)
		t.Errorf("%s: results\n%s\nwant\n%s", what, g, w)
	}
}
