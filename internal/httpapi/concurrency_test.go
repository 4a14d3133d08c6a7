package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/store"
)

// EnvConcurrencyDuration sets how long TestConcurrentCouncils runs (a Go
// duration; 2s by default, CI runs 10s).
const EnvConcurrencyDuration = "PARINDEX_CONCURRENCY_DURATION"

// defaultConcurrencyDuration is the soak of a developer's go test: long
// enough for thousands of racing writes; .ci/run sets 10s.
const defaultConcurrencyDuration = 2 * time.Second

func concurrencyDuration(t *testing.T) time.Duration {
	d := defaultConcurrencyDuration
	if v := os.Getenv(EnvConcurrencyDuration); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil || d <= 0 {
			t.Fatalf("%s=%q: want a duration like 10s", EnvConcurrencyDuration, v)
		}
	}
	if testing.Short() {
		d = min(d, 3*time.Second)
	}
	return d
}

// accepted is a write the server answered 200.
type accepted struct {
	readRevision int64  // the revision the writer's If-Match named
	value        string // the points it wrote, unique in the test
}

// TestConcurrentCouncils is results day: 64 council members save scores of
// 64 different units at once while 8 edit the same unit with If-Match, for
// a bounded time. Nothing may fail with a 5xx (SQLite's "database is
// locked" would be one), every accepted write must be in the results and
// in the audit, and of the writers racing on one revision exactly one may
// win: the others get 412.
func TestConcurrentCouncils(t *testing.T) {
	ts := newTestServer(t)
	fixture(ts)
	const solo, shared = 64, 8
	for i := range solo {
		ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": fmt.Sprintf("u%02d", i), "name": fmt.Sprintf("Đơn vị %02d", i), "tier": "department"})
	}
	deadline := time.Now().Add(concurrencyDuration(t))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: solo + shared}, Timeout: time.Minute}
	send := func(method, path, etag string, body any) (int, http.Header, []byte) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(context.Background(), method, ts.URL+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+ts.admin)
		req.Header.Set("Content-Type", "application/json")
		if etag != "" {
			req.Header.Set("If-Match", etag)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Errorf("%s %s: %v", method, path, err)
			return 0, nil, nil
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, out
	}

	var wg sync.WaitGroup
	lastSolo := make([]string, solo)
	countSolo := make([]int, solo)
	for i := range solo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unit := fmt.Sprintf("u%02d", i)
			for k := 0; time.Now().Before(deadline) && k < 9999; k++ {
				v := milliText(int64(k+1) % 10000) // never the previous value
				st, _, body := send("PUT", "/api/v1/periods/2016/scores", "", map[string]any{"scores": []map[string]any{{"unit": unit, "criterion": "1.1", "points": v}}})
				if st != http.StatusOK {
					t.Errorf("unit %s write %d: status %d: %s", unit, k, st, body)
					return
				}
				lastSolo[i], countSolo[i] = v, countSolo[i]+1
			}
		}()
	}
	var mu sync.Mutex
	var wins []accepted
	stale := 0
	for c := range shared {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; time.Now().Before(deadline) && c+shared*k < 10000; k++ {
				st, h, body := send("GET", "/api/v1/periods/2016/units/tt/scores", "", nil)
				if st != http.StatusOK {
					t.Errorf("reading the shared sheet: status %d: %s", st, body)
					return
				}
				etag := h.Get("ETag")
				rev, ok := parseETag(etag, 2016, "tt")
				if !ok {
					t.Errorf("sheet ETag %q", etag)
					return
				}
				v := milliText(int64(c + shared*k))
				st, _, body = send("PUT", "/api/v1/periods/2016/units/tt/scores", etag, map[string]any{"scores": []map[string]any{{"criterion": "1.1", "points": v}}})
				mu.Lock()
				switch st {
				case http.StatusOK:
					wins = append(wins, accepted{readRevision: rev, value: v})
				case http.StatusPreconditionFailed:
					stale++
				default:
					t.Errorf("shared write: status %d: %s", st, body)
				}
				mu.Unlock()
				if st != http.StatusOK && st != http.StatusPreconditionFailed {
					return
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	// Every accepted write is in the results and in the audit.
	ctx := context.Background()
	var res struct {
		Units []struct {
			UnitCode string      `json:"unit_code"`
			Points   json.Number `json:"points"`
		} `json:"units"`
	}
	r := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", ts.admin, nil)
	if err := json.Unmarshal(r.Body, &res); err != nil {
		t.Fatal(err)
	}
	points := map[string]string{}
	for _, u := range res.Units {
		points[u.UnitCode] = u.Points.String()
	}
	total := 0
	for i := range solo {
		unit := fmt.Sprintf("u%02d", i)
		total += countSolo[i]
		if countSolo[i] == 0 {
			t.Errorf("unit %s: no write was accepted", unit)
			continue
		}
		if got, want := points[unit], trimZeros(lastSolo[i]); got != want {
			t.Errorf("unit %s: results show %s points, the last accepted write was %s", unit, got, want)
		}
		audit, err := ts.store.Audit(ctx, store.AuditFilter{Year: 2016, Unit: unit, Entity: "score"})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit) != countSolo[i] {
			t.Errorf("unit %s: %d accepted writes, %d audit entries", unit, countSolo[i], len(audit))
		}
	}

	// The shared unit: one winner per revision, each win audited once, the
	// audit a chain (each entry's old value is the previous one's new).
	audit, err := ts.store.Audit(ctx, store.AuditFilter{Year: 2016, Unit: "tt", Entity: "score"})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(audit) // oldest first
	if len(wins) == 0 || len(audit) != len(wins) {
		t.Fatalf("shared unit: %d accepted writes, %d audit entries", len(wins), len(audit))
	}
	revs := map[int64]bool{}
	won := map[string]bool{}
	for _, w := range wins {
		if revs[w.readRevision] {
			t.Errorf("two writes based on revision %d were both accepted: a lost update", w.readRevision)
		}
		revs[w.readRevision] = true
		won[trimZeros(w.value)] = true
	}
	prev := ""
	for i, e := range audit {
		if e.Field != "points" || e.NewValue == nil || !won[*e.NewValue] {
			t.Errorf("audit entry %d of the shared unit is not an accepted write: %+v", i, e)
			continue
		}
		old := ""
		if e.OldValue != nil {
			old = *e.OldValue
		}
		if i > 0 && old != prev {
			t.Errorf("audit entry %d changed %q, but the value then was %q: an update was lost", i, old, prev)
		}
		prev = *e.NewValue
	}
	if points["tt"] != prev {
		t.Errorf("shared unit: results show %s points, the last audited write was %s", points["tt"], prev)
	}
	t.Logf("%d writes to %d units accepted; shared unit: %d accepted, %d refused as stale (412)", total, solo, len(wins), stale)
}

// milliText prints thousandths as a decimal: 1234 → "1.234".
func milliText(m int64) string { return fmt.Sprintf("%d.%03d", m/1000, m%1000) }

// trimZeros prints a decimal as the API does: "1.230" → "1.23", "2.000" → "2".
func trimZeros(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
