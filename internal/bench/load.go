package bench

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// load is what a closed-loop load run measured.
type load struct {
	Requests int           // answered with the wanted status
	Failed   int           // transport errors or another status
	Elapsed  time.Duration // from the first request to the last answer
	P50, P99 time.Duration
}

func (l load) rate() float64 { return float64(l.Requests) / l.Elapsed.Seconds() }

// loadSpec bounds a run by time and by count: it stops at whichever comes first.
type loadSpec struct {
	URL      string
	Header   http.Header
	Conns    int
	Duration time.Duration
	Max      int
	Want     int // the status every answer should have
}

// runLoad drives url with Conns keep-alive connections, each sending its
// next request when the previous answer has been read (wrk's model).
func runLoad(ctx context.Context, spec loadSpec) load {
	tr := &http.Transport{MaxIdleConnsPerHost: spec.Conns, MaxConnsPerHost: spec.Conns, DisableCompression: true, ForceAttemptHTTP2: false}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, spec.Duration)
	defer cancel()
	var sent atomic.Int64
	var failed atomic.Int64
	lat := make([][]time.Duration, spec.Conns)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range spec.Conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, spec.URL, nil)
			if err != nil {
				failed.Add(1)
				return
			}
			req.Header = spec.Header.Clone()
			mine := make([]time.Duration, 0, 4096)
			for ctx.Err() == nil && sent.Add(1) <= int64(spec.Max) {
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						failed.Add(1)
					}
					continue
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != spec.Want {
					if ctx.Err() == nil {
						failed.Add(1)
					}
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			lat[w] = mine
		}()
	}
	wg.Wait()
	out := load{Elapsed: time.Since(start), Failed: int(failed.Load())}
	all := slices.Concat(lat...)
	slices.Sort(all)
	out.Requests = len(all)
	if len(all) > 0 {
		out.P50 = all[len(all)/2]
		out.P99 = all[min(len(all)-1, len(all)*99/100)]
	}
	return out
}
