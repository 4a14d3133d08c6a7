package published

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/precomputed"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// source is a store of published snapshots that counts its reads.
type source struct {
	mu           sync.Mutex
	snaps        map[int][]workflow.Snapshot // newest first
	lists, loads int
}

func (s *source) Snapshots(_ context.Context, year int) ([]workflow.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists++
	var out []workflow.Snapshot
	for _, x := range s.snaps[year] {
		x.Content = nil
		out = append(out, x)
	}
	return out, nil
}

func (s *source) Snapshot(_ context.Context, year, version int) (workflow.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	for _, x := range s.snaps[year] {
		if x.Version == version {
			return x, nil
		}
	}
	return workflow.Snapshot{}, fmt.Errorf("no snapshot %d v%d", year, version)
}

func (s *source) publish(year int, title, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := results.Snapshot{Year: year, Title: title, Tiers: []results.Tier{{Year: year, Tier: "department", TierName: "Khối sở, ban, ngành"}}}
	content, _ := json.Marshal(doc)
	v := len(s.snaps[year]) + 1
	snap := workflow.Snapshot{Year: year, Version: v, PublishedAt: time.Date(2017, 6, 27, 2, 0, 0, 0, time.UTC), Reason: reason,
		SHA256: fmt.Sprintf("%064d", v), Content: content}
	s.snaps[year] = append([]workflow.Snapshot{snap}, s.snaps[year]...)
}

func TestCache(t *testing.T) {
	ctx := context.Background()
	src := &source{snaps: map[int][]workflow.Snapshot{}}
	now := time.Date(2017, 6, 27, 9, 0, 0, 0, time.UTC)
	c := New(src, func() time.Time { return now })

	if _, err := c.At(ctx, 2016, 0); score.ErrorCode(err) != score.ENOTFOUND || err.Error() != "the results of 2016 are not published" {
		t.Fatalf("an unpublished year: %v", err)
	}
	src.publish(2016, "Chỉ số CCHC năm 2016", "")
	// The empty list is reused for a second: the publication of another
	// instance is not seen yet.
	if _, err := c.At(ctx, 2016, 0); score.ErrorCode(err) != score.ENOTFOUND {
		t.Fatalf("within a second of the empty list: %v", err)
	}
	now = now.Add(VersionsTTL)
	p, err := c.At(ctx, 2016, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Doc.Title != "Chỉ số CCHC năm 2016" || p.Pub.Version != 1 || p.Pub.PublishedAt != "2017-06-27T02:00:00Z" {
		t.Errorf("decoded %q v%d at %s", p.Doc.Title, p.Pub.Version, p.Pub.PublishedAt)
	}
	if q, _ := c.At(ctx, 2016, 1); q != p || src.loads != 1 {
		t.Errorf("the same version was decoded again (%d loads)", src.loads)
	}
	if _, err := c.At(ctx, 2016, 2); score.ErrorCode(err) != score.ENOTFOUND || err.Error() != "period 2016 has no published version 2" {
		t.Errorf("a missing version: %v", err)
	}

	// A publication here forgets the year's list at once.
	src.publish(2016, "Chỉ số CCHC năm 2016 (đính chính)", "sửa điểm Sở Tài chính")
	if q, _ := c.At(ctx, 2016, 0); q != p {
		t.Error("the version list was not reused within its second")
	}
	c.Forget(2016)
	q, err := c.At(ctx, 2016, 0)
	if err != nil || q.Pub.Version != 2 || q.Note != "sửa điểm Sở Tài chính" {
		t.Fatalf("after Forget: %+v, %v", q, err)
	}

	// A representation is made once; its ETag names the snapshot and the key.
	made := 0
	mk := func() ([]byte, error) { made++; return []byte("x"), nil }
	q.Rep("a", mk)
	q.Rep("a", mk)
	if made != 1 {
		t.Errorf("the representation was made %d times", made)
	}
	if e := q.ETag("a"); e == q.ETag("b") || e == p.ETag("a") || e[:19] != `"0000000000000000-v` {
		t.Errorf("ETags %s %s %s", e, q.ETag("b"), p.ETag("a"))
	}
	// A served representation too, with its compressed copies, once.
	big := []byte(strings.Repeat(`{"unit":"Sở Tài chính"},`, 40))
	served := 0
	mks := func() ([]byte, error) { served++; return big, nil }
	r1, err1 := q.Served("json", "application/json", mks)
	r2, err2 := q.Served("json", "application/json", mks)
	if err1 != nil || err2 != nil || r1 != r2 || served != 1 || r1.Body(precomputed.Gzip) == nil || string(r1.Body(precomputed.Identity)) != string(big) {
		t.Errorf("Served: %v %v, the same Rep %v, made %d times", err1, err2, r1 == r2, served)
	}
	if _, err := q.Served("bad", "application/json", func() ([]byte, error) { return nil, errors.New("no") }); err == nil {
		t.Error("Served kept an error quiet")
	}
	if tier, ok := q.Tier("department"); !ok || tier.Published != q.Pub {
		t.Errorf("tier %+v, %v", tier, ok)
	}
	if _, ok := q.Tier("district"); ok {
		t.Error("a tier that was not published")
	}
}

// TestCacheBound: no more than MaxSnapshots decoded snapshots are kept.
func TestCacheBound(t *testing.T) {
	ctx := context.Background()
	src := &source{snaps: map[int][]workflow.Snapshot{}}
	c := New(src, time.Now)
	for y := range MaxSnapshots + 5 {
		src.publish(2000+y, "t", "")
		if _, err := c.At(ctx, 2000+y, 0); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.entries); n != MaxSnapshots {
		t.Errorf("%d snapshots kept", n)
	}
	if _, ok := c.entries["2000/1/"+fmt.Sprintf("%064d", 1)]; ok {
		t.Error("the oldest snapshot was kept")
	}
}
