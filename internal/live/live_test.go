package live

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// source is a store whose version the test moves; each computation is
// counted, may wait for release, and may run during (a write landing
// while it computes).
type source struct {
	mu       sync.Mutex
	version  int
	computed atomic.Int64
	release  chan struct{} // nil: compute at once
	during   func()
	prevs    []*results.Loaded // each load's earlier load
}

func (s *source) ResultsVersion(_ context.Context, year int, tier string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprint(s.version), nil
}

func (s *source) bump() {
	s.mu.Lock()
	s.version++
	s.mu.Unlock()
}

func (s *source) TierInputs(_ context.Context, p workflow.Period, t workflow.Tier, prev *results.Loaded) (results.Loaded, error) {
	n := s.computed.Add(1)
	if s.release != nil {
		<-s.release
	}
	if s.during != nil {
		s.during()
	}
	s.mu.Lock()
	s.prevs = append(s.prevs, prev)
	s.mu.Unlock()
	// The load's number is its count of units, which the results show.
	return results.Loaded{Scores: make([]score.UnitScores, n), State: n}, nil
}

// newCache is a cache over src whose results say which load of src they
// were computed from.
func newCache(src Source) *Cache {
	c := New(src)
	c.build = func(in results.Input) (results.Detailed, error) {
		return results.Detailed{Results: results.Tier{Year: in.Period.Year, Tier: in.Tier.Code, Title: fmt.Sprintf("%s #%d", in.Period.Stage, len(in.Scores))}}, nil
	}
	return c
}

var (
	period = workflow.Period{Year: 2026, Title: "Năm 2026", Stage: workflow.Appraisal, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	tier   = workflow.Tier{Code: "department", Name: "Khối sở"}
)

func get(t *testing.T, c *Cache, p workflow.Period, tr workflow.Tier) results.Tier {
	t.Helper()
	d, err := c.TierResults(context.Background(), p, tr)
	if err != nil {
		t.Fatal(err)
	}
	return d.Results
}

// TestRecomputedWhenInputsMove: the kept results serve while the version,
// period and tier are the ones they were computed for, and no longer.
func TestRecomputedWhenInputsMove(t *testing.T) {
	t.Parallel()
	src := &source{}
	c := newCache(src)
	get(t, c, period, tier)
	get(t, c, period, tier)
	if n := src.computed.Load(); n != 1 {
		t.Fatalf("%d computations for two requests with nothing changed, want 1", n)
	}
	src.bump()
	if r := get(t, c, period, tier); r.Title != "appraisal #2" {
		t.Errorf("after the version moved: %q, want a second computation", r.Title)
	}
	moved := period
	moved.Stage = workflow.Finalized
	if r := get(t, c, moved, tier); r.Title != "finalized #3" {
		t.Errorf("another stage loaded by the caller: %q, want a computation for it", r.Title)
	}
	closes := time.Date(2027, 3, 31, 10, 0, 0, 0, time.UTC)
	moved.StageClosesAt = &closes
	if r := get(t, c, moved, tier); r.Title != "finalized #4" {
		t.Errorf("another deadline: %q, want a computation for it", r.Title)
	}
	renamed := tier
	renamed.Name = "Khối sở, ban, ngành"
	get(t, c, moved, renamed)
	if n := src.computed.Load(); n != 5 {
		t.Errorf("another tier name: %d computations, want 5", n)
	}
	same := moved
	same.CreatedAt = moved.CreatedAt.In(time.FixedZone("ICT", 7*3600)) // the same instant
	get(t, c, same, renamed)
	if n := src.computed.Load(); n != 5 {
		t.Errorf("the same period in another zone: %d computations, want 5", n)
	}
}

// TestLoadsFromTheKeptInputs: when the version moved, the store loads
// from the inputs kept for the same period and tier, and from none when
// the caller loaded another stage or tier name.
func TestLoadsFromTheKeptInputs(t *testing.T) {
	t.Parallel()
	src := &source{}
	c := newCache(src)
	get(t, c, period, tier)
	src.bump()
	get(t, c, period, tier)
	moved := period
	moved.Stage = workflow.Finalized
	get(t, c, moved, tier)
	renamed := tier
	renamed.Name = "Khối sở, ban, ngành"
	get(t, c, moved, renamed)
	var got []any
	for _, p := range src.prevs {
		if p == nil {
			got = append(got, nil)
		} else {
			got = append(got, p.State)
		}
	}
	if want := []any{nil, int64(1), nil, nil}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("earlier loads given to the store: %v, want %v", got, want)
	}
}

// TestWriteDuringComputation: a write landing while the results are
// computed leaves them under the version read before, so the next request
// computes again.
func TestWriteDuringComputation(t *testing.T) {
	t.Parallel()
	src := &source{}
	src.during = func() { src.bump(); src.during = nil }
	c := newCache(src)
	get(t, c, period, tier)
	if r := get(t, c, period, tier); r.Title != "appraisal #2" {
		t.Errorf("the request after a write during the computation: %q, want a second computation", r.Title)
	}
	get(t, c, period, tier)
	if n := src.computed.Load(); n != 2 {
		t.Errorf("%d computations, want 2", n)
	}
}

// TestOneComputationAtATime: concurrent requests for the same results at
// the same version wait for one computation and share it.
func TestOneComputationAtATime(t *testing.T) {
	t.Parallel()
	src := &source{release: make(chan struct{})}
	c := newCache(src)
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := c.TierResults(context.Background(), period, tier)
			if err != nil {
				t.Error(err)
			}
			got[i] = d.Results.Title
		}()
	}
	for src.computed.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the others reach the flight
	close(src.release)
	wg.Wait()
	if n := src.computed.Load(); n != 1 {
		t.Errorf("%d computations for 8 concurrent requests, want 1", n)
	}
	for i, g := range got {
		if g != "appraisal #1" {
			t.Errorf("request %d got %q", i, g)
		}
	}
}

// TestBounded: at most MaxEntries period × tier results are kept, the
// least recently used going first.
func TestBounded(t *testing.T) {
	t.Parallel()
	src := &source{}
	c := newCache(src)
	tiers := make([]workflow.Tier, MaxEntries+1)
	for i := range tiers {
		tiers[i] = workflow.Tier{Code: fmt.Sprint("t", i)}
	}
	for _, tr := range tiers[:MaxEntries] {
		get(t, c, period, tr)
	}
	get(t, c, period, tiers[0]) // used again: t1 is now the least recent
	get(t, c, period, tiers[MaxEntries])
	if len(c.entries) != MaxEntries || len(c.order) != MaxEntries {
		t.Fatalf("%d entries (%d in order), want %d", len(c.entries), len(c.order), MaxEntries)
	}
	before := src.computed.Load()
	get(t, c, period, tiers[0])
	if src.computed.Load() != before {
		t.Error("the recently used t0 was dropped")
	}
	get(t, c, period, tiers[1])
	if src.computed.Load() != before+1 {
		t.Error("the least recently used t1 was kept")
	}
}
