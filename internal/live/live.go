// Package live keeps the live results of a period's tiers, recomputed only
// when the stored inputs changed. Before each use it asks the store for
// the tier's results version (store.ResultsVersion: one query that moves
// with every score, framework, unit, period and publication that the
// results are computed from, whichever instance wrote it), and computes
// again only when that version, or the period or tier the caller loaded,
// is not the one the kept results were computed for. It then asks the
// store for the inputs from the kept ones, which after a score write reads
// only the units whose scores changed, and computes the results from
// them (results.Build, pure). So several instances on one database each
// keep their own results and none shows another's write late.
//
// Publishing and exports do not read it: they compute inside their own
// transaction, from what they lock.
package live

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/workflow"
)

// MaxEntries bounds the period × tier results kept (a 2,000-unit tier's
// are a few MB).
const MaxEntries = 16

// Source is what the results are computed from (the store).
type Source interface {
	// ResultsVersion fingerprints every stored input of a tier's results.
	ResultsVersion(ctx context.Context, year int, tier string) (string, error)
	// TierInputs loads what a tier's results are computed from, from an
	// earlier load of the same period and tier when it can (nil: none):
	// reading again only the scores of the units whose scores changed.
	TierInputs(ctx context.Context, p workflow.Period, t workflow.Tier, prev *results.Loaded) (results.Loaded, error)
}

type key struct {
	year int
	tier string
}

type entry struct {
	version string
	period  workflow.Period
	tier    workflow.Tier
	in      results.Loaded
	res     results.Detailed
}

// Cache is one instance's live results.
type Cache struct {
	src    Source
	build  func(results.Input) (results.Detailed, error)
	flight singleflight.Group

	mu      sync.Mutex
	entries map[key]*entry
	order   []key // least recently used first
}

// New is an empty cache over src.
func New(src Source) *Cache {
	return &Cache{src: src, build: results.Build, entries: map[key]*entry{}}
}

// TierResults returns the results of tier t in period p as
// store.TierResults computes them, from the kept ones when nothing they
// are computed from has changed since, and otherwise from the kept inputs
// with only what changed read again (Source.TierInputs). p and t are as the caller has just
// loaded them. The results are shared with every other caller: they must
// not be changed.
func (c *Cache) TierResults(ctx context.Context, p workflow.Period, t workflow.Tier) (results.Detailed, error) {
	// The version is read before computing: a write landing during the
	// computation leaves results under the version before it, which the
	// next request finds old.
	version, err := c.src.ResultsVersion(ctx, p.Year, t.Code)
	if err != nil {
		return results.Detailed{}, err
	}
	k := key{p.Year, t.Code}
	e := c.get(k)
	if e != nil && e.version == version && e.tier == t && samePeriod(e.period, p) {
		return e.res, nil
	}
	// The kept inputs of the same period and tier are where the store
	// starts from: after a score write it reads only the changed units'.
	var prev *results.Loaded
	if e != nil && e.tier == t && samePeriod(e.period, p) {
		prev = &e.in
	}
	// Requests for the same results at the same version compute once, to
	// the end even when the request that started it is gone.
	flightKey := fmt.Sprintf("%d\x00%s\x00%s\x00%s\x00%s\x00%s", p.Year, t.Code, t.Name, p.Stage, p.Title, version)
	v, err, _ := c.flight.Do(flightKey, func() (any, error) {
		in, err := c.src.TierInputs(context.WithoutCancel(ctx), p, t, prev)
		if err != nil {
			return nil, err
		}
		res, err := c.build(in.Input(p, t))
		if err != nil {
			return nil, err
		}
		c.put(k, &entry{version: version, period: p, tier: t, in: in, res: res})
		return res, nil
	})
	if err != nil {
		return results.Detailed{}, err
	}
	return v.(results.Detailed), nil
}

// samePeriod reports whether two loads of a period are the same row.
func samePeriod(a, b workflow.Period) bool {
	sameTime := func(x, y *time.Time) bool { return (x == nil && y == nil) || (x != nil && y != nil && x.Equal(*y)) }
	return a.Year == b.Year && a.Title == b.Title && a.Stage == b.Stage && sameTime(a.StageClosesAt, b.StageClosesAt) && a.CreatedAt.Equal(b.CreatedAt)
}

func (c *Cache) get(k key) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[k]
	if e != nil {
		c.touch(k)
	}
	return e
}

func (c *Cache) put(k key, e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; !ok && len(c.entries) >= MaxEntries {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[k] = e
	c.touch(k)
}

// touch makes k the most recently used key (c.mu held).
func (c *Cache) touch(k key) {
	for i, o := range c.order {
		if o == k {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	c.order = append(c.order, k)
}
