// Package published keeps the decoded published snapshots of one instance.
// Published snapshots never change, so each is decoded once and each
// representation of it (a page, a CSV table, a workbook) is made once; a
// year's list of versions is reused for a second, so a correction
// published on another instance shows within that time.
package published

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/parindex/parindex/internal/precomputed"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// MaxSnapshots bounds the decoded snapshots kept in memory.
const MaxSnapshots = 64

// VersionsTTL is how long a year's list of published versions is reused
// without asking the database. A publication on this instance forgets it at
// once (Forget); another instance's publication shows within this time.
const VersionsTTL = time.Second

// Source loads published snapshots (the store).
type Source interface {
	// Snapshots lists a year's published versions, newest first.
	Snapshots(ctx context.Context, year int) ([]workflow.Snapshot, error)
	// Snapshot loads one published version.
	Snapshot(ctx context.Context, year, version int) (workflow.Snapshot, error)
}

// Cache is the per-instance cache of decoded published snapshots.
type Cache struct {
	src Source
	now func() time.Time

	mu       sync.Mutex
	entries  map[string]*Snapshot
	order    []string
	versions map[int]versions // per year, briefly: which versions exist
}

type versions struct {
	list []workflow.Snapshot
	at   time.Time
}

// New is an empty cache over src; now is the clock the version lists age by.
func New(src Source, now func() time.Time) *Cache {
	return &Cache{src: src, now: now, entries: map[string]*Snapshot{}, versions: map[int]versions{}}
}

// Forget drops a year's version list, after a publication.
func (c *Cache) Forget(year int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.versions, year)
}

// Versions lists a year's published versions, newest first, from the
// cache when it is fresh.
func (c *Cache) Versions(ctx context.Context, year int) ([]workflow.Snapshot, error) {
	now := c.now()
	c.mu.Lock()
	cv, ok := c.versions[year]
	c.mu.Unlock()
	if ok && now.Sub(cv.at) < VersionsTTL && now.Sub(cv.at) >= 0 {
		return cv.list, nil
	}
	vs, err := c.src.Snapshots(ctx, year)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.versions) > MaxSnapshots {
		c.versions = map[int]versions{}
	}
	c.versions[year] = versions{list: vs, at: now}
	c.mu.Unlock()
	return vs, nil
}

// Until is when the answers made from a year's latest published version
// may change: when its cached version list goes stale (now when it has
// none). A numbered version never changes.
func (c *Cache) Until(year int) time.Time {
	c.mu.Lock()
	cv, ok := c.versions[year]
	c.mu.Unlock()
	if !ok {
		return c.now()
	}
	return cv.at.Add(VersionsTTL)
}

// At loads a published version of a year (0: the latest) through the cache.
func (c *Cache) At(ctx context.Context, year, version int) (*Snapshot, error) {
	vs, err := c.Versions(ctx, year)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, score.E(score.ENOTFOUND, "error.published.none", year)
	}
	v := vs[0]
	if version > 0 {
		found := false
		for _, x := range vs {
			if x.Version == version {
				v, found = x, true
			}
		}
		if !found {
			return nil, score.E(score.ENOTFOUND, "error.published.no_version", year, version)
		}
	}
	key := fmt.Sprintf("%d/%d/%s", year, v.Version, v.SHA256)
	c.mu.Lock()
	p, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	snap, err := c.src.Snapshot(ctx, year, v.Version)
	if err != nil {
		return nil, err
	}
	doc, pub, err := results.Decode(snap)
	if err != nil {
		return nil, err
	}
	p = &Snapshot{Doc: doc, Pub: pub, Note: snap.Reason, reps: map[string][]byte{}, served: map[string]*precomputed.Rep{}}
	c.mu.Lock()
	defer c.mu.Unlock()
	if q, ok := c.entries[key]; ok {
		return q, nil
	}
	if len(c.order) >= MaxSnapshots {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[key] = p
	c.order = append(c.order, key)
	return p, nil
}

// Snapshot is one decoded published snapshot with the representations
// made from it.
type Snapshot struct {
	Doc  results.Snapshot
	Pub  *results.Published
	Note string // the publication's reason, shown with it

	mu     sync.Mutex
	reps   map[string][]byte
	served map[string]*precomputed.Rep
}

// Served returns the representation named key, ready to be served (its
// compressed copies and ETags made with it), making it once: what every
// public answer from a snapshot is served from (precomputed.Serve).
func (p *Snapshot) Served(key, contentType string, make func() ([]byte, error)) (*precomputed.Rep, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r, ok := p.served[key]; ok {
		return r, nil
	}
	b, err := make()
	if err != nil {
		return nil, err
	}
	r := precomputed.New(contentType, b)
	p.served[key] = r
	return r, nil
}

// Rep returns the bytes named key, making them once (Served for bytes
// that are sent as they are).
func (p *Snapshot) Rep(key string, make func() ([]byte, error)) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.reps[key]; ok {
		return b, nil
	}
	b, err := make()
	if err != nil {
		return nil, err
	}
	p.reps[key] = b
	return b, nil
}

// ETag names a representation of this snapshot (hash, version and key).
// What is served is tagged by its precomputed.Rep (Served) instead.
func (p *Snapshot) ETag(key string) string {
	sum := sha256.Sum256([]byte(key))
	return fmt.Sprintf(`"%s-v%d-%s"`, p.Pub.SHA256[:16], p.Pub.Version, hex.EncodeToString(sum[:6]))
}

// Tier is the published tier with the code, carrying its publication.
func (p *Snapshot) Tier(code string) (results.Tier, bool) {
	for _, t := range p.Doc.Tiers {
		if t.Tier == code {
			t.Published = p.Pub
			return t, true
		}
	}
	return results.Tier{}, false
}

// Release is the snapshot as the documents built from several years take it.
func (p *Snapshot) Release() results.Release { return results.Release{Doc: p.Doc, Pub: p.Pub} }
