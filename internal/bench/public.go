package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"
)

// The public read path against the physical reference: the Go standard
// library serving the same bytes with the same headers from a bare
// net/http handler, measured with wrk in the same run.

// refAnswer is one answer the reference gives: headers and bytes.
type refAnswer struct {
	status int
	header http.Header
	body   []byte
}

// refAnswers are a path's three answers: plain, gzip, 304.
type refAnswers struct{ plain, gzip, notModified refAnswer }

// reference is the bare net/http handler: a map lookup and the captured
// answer, nothing else. Its answers are set before any load runs on it.
type reference struct {
	answers map[string]*refAnswers
}

func (ref *reference) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	as := ref.answers[r.URL.Path]
	if as == nil {
		http.NotFound(w, r)
		return
	}
	a := &as.plain
	switch {
	case len(r.Header["If-None-Match"]) > 0:
		a = &as.notModified
	case strings.Contains(r.Header.Get("Accept-Encoding"), "gzip"):
		a = &as.gzip
	}
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	w.WriteHeader(a.status)
	w.Write(a.body)
}

// capture is one answer of parindex as sent (no transport decompression),
// with the headers the reference replays (all but Date, which net/http
// writes itself).
func capture(ctx context.Context, url string, header ...string) (refAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return refAnswer{}, err
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		return refAnswer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return refAnswer{}, err
	}
	h := res.Header.Clone()
	h.Del("Date")
	return refAnswer{status: res.StatusCode, header: h, body: b}, nil
}

// publicTarget is one public URL the suite measures.
type publicTarget struct {
	name string // in the table
	path string // with the query
	// page: an HTML page of the public site (internal/web), which may not
	// exist in this tree: then it is skipped, said so in the table.
	page bool
}

// public measures the public results (the JSON of a published 40-unit
// tier), the home page, a unit's page and the tier's results page, each
// plain, gzip and 304,
// against the reference.
func (r *runner) public(ctx context.Context) error {
	exe, err := wrkPath()
	if err != nil {
		return err
	}
	if exe == "" {
		r.logf("WRK IS NOT INSTALLED: the public read-path figures are skipped (Debian: apt-get install wrk; under CI this fails)")
		r.add(Row{Figure: "public results, home, unit and results pages (wrk)", Value: "**skipped: wrk is not installed** (apt-get install wrk)", Target: "≥ 0.9× the reference"})
		return nil
	}
	for _, t := range []publicTarget{
		{name: "public results, 40-unit tier", path: fmt.Sprintf("/api/v1/public/periods/%d/results?tier=%s", publicYear, r.small.Tier)},
		{name: "home page /", path: "/", page: true},
		{name: "unit page /units/" + r.small.Codes[0], path: "/units/" + r.small.Codes[0], page: true},
		{name: fmt.Sprintf("results page /results/%d/%s", publicYear, r.small.Tier), path: fmt.Sprintf("/results/%d/%s", publicYear, r.small.Tier), page: true},
	} {
		if err := r.publicTarget(ctx, exe, t); err != nil {
			return err
		}
	}
	return nil
}

var wrkSocketTrouble = regexp.MustCompile(`connect [1-9]|timeout [1-9]`)

func (r *runner) publicTarget(ctx context.Context, exe string, t publicTarget) error {
	url := r.base + t.path
	plain, err := capture(ctx, url)
	if err != nil {
		return err
	}
	if t.page && (plain.status != http.StatusOK || !strings.HasPrefix(plain.header.Get("Content-Type"), "text/html")) {
		r.logf("%s: GET %s answers %d %s: skipped (the public site is not in this tree)", t.name, t.path, plain.status, plain.header.Get("Content-Type"))
		r.add(Row{Figure: t.name, Value: fmt.Sprintf("skipped: GET %s answers %d here (the public site is not in this tree)", t.path, plain.status),
			Target: "≥ 0.9× the reference"})
		return nil
	}
	if t.page && (plain.header.Get("ETag") == "" || plain.header.Get("Vary") == "") {
		r.logf("%s: GET %s has no ETag or Vary: the page is not served from bytes made once (precomputed.Serve); skipped", t.name, t.path)
		r.add(Row{Figure: t.name, Value: fmt.Sprintf("skipped: GET %s is not served by precomputed (no ETag or Vary)", t.path), Target: "≥ 0.9× the reference", Met: met(false)})
		return nil
	}
	gz, err := capture(ctx, url, "Accept-Encoding", "gzip")
	if err != nil {
		return err
	}
	etag := plain.header.Get("ETag")
	nm, err := capture(ctx, url, "If-None-Match", etag)
	if err != nil {
		return err
	}
	switch {
	case plain.status != http.StatusOK || etag == "" || plain.header.Get("Content-Encoding") != "":
		return fmt.Errorf("GET %s: %d, ETag %q, Content-Encoding %q", t.path, plain.status, etag, plain.header.Get("Content-Encoding"))
	case gz.status != http.StatusOK || gz.header.Get("Content-Encoding") != "gzip":
		return fmt.Errorf("GET %s with gzip: %d, Content-Encoding %q", t.path, gz.status, gz.header.Get("Content-Encoding"))
	case nm.status != http.StatusNotModified:
		return fmt.Errorf("GET %s with If-None-Match %s: %d", t.path, etag, nm.status)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz.body))
	if err != nil {
		return err
	}
	if unz, err := io.ReadAll(zr); err != nil || !bytes.Equal(unz, plain.body) {
		return fmt.Errorf("GET %s: the gzip body does not decode to the plain one (%v)", t.path, err)
	}
	path, _, _ := strings.Cut(t.path, "?")
	r.ref.answers[path] = &refAnswers{plain: plain, gzip: gz, notModified: nm}

	d := min(r.cfg.HTTPDuration, 3*time.Second)
	refURL := r.refURL + t.path
	type kind struct {
		name   string
		header []string
		want   int // bytes of body an answer
		// pairs: ours and the reference run at once; alone: each by itself.
		ours, ref           []wrkRun
		oursAlone, refAlone wrkRun
	}
	kinds := []*kind{
		{name: "plain", want: len(plain.body)},
		{name: "gzip", header: []string{"Accept-Encoding: gzip"}, want: len(gz.body)},
		{name: "304", header: []string{"If-None-Match: " + etag}},
	}
	run := func(u string, k *kind, threads int) (wrkRun, error) {
		cpu0 := processCPU()
		w, err := runWrk(ctx, exe, threads, 64, d, u, k.header...)
		if err != nil {
			return w, err
		}
		w.CPU = processCPU() - cpu0
		if w.Non2xx3xx > 0 || wrkSocketTrouble.MatchString(w.Errors) {
			return w, fmt.Errorf("wrk on %s (%s): %d answers not 2xx or 3xx; %s", u, k.name, w.Non2xx3xx, w.Errors)
		}
		// Each answer was as big as it should be: the 304s are 304s, the gzip is gzip.
		if per := w.perRequest(); per < float64(k.want) || per > float64(k.want)+4096 {
			return w, fmt.Errorf("wrk on %s (%s): %.0f bytes an answer, the body is %d", u, k.name, per, k.want)
		}
		return w, nil
	}
	// Side by side: wrk on parindex and wrk on the reference at the same
	// time (one thread and 64 connections each), so that both see the same
	// machine; on a shared machine whose load moves from second to second,
	// runs one after the other compare different machines. A first pair
	// warms both up (connections, the Front, the runtime), but in the quick
	// suite, where the captures above have to do.
	// Which of the two wrk processes starts first alternates from pair to
	// pair.
	pairs := 0
	pair := func(k *kind) (ours, ref wrkRun, err error) {
		var otherErr error
		done := make(chan struct{})
		first, second := &ref, &ours
		firstURL, secondURL := refURL, url
		if pairs%2 == 1 {
			first, second, firstURL, secondURL = &ours, &ref, url, refURL
		}
		pairs++
		go func() {
			defer close(done)
			*first, otherErr = run(firstURL, k, 1)
		}()
		*second, err = run(secondURL, k, 1)
		<-done
		if err == nil {
			err = otherErr
		}
		return ours, ref, err
	}
	if !r.cfg.Quick {
		if _, _, err := pair(kinds[0]); err != nil {
			return err
		}
		pairs = 0
	}
	rounds := 3
	if r.cfg.Quick {
		rounds = 1
	}
	for _, k := range kinds {
		for range rounds {
			ours, ref, err := pair(k)
			if err != nil {
				return err
			}
			k.ours, k.ref = append(k.ours, ours), append(k.ref, ref)
		}
	}
	// Alone, with wrk's two threads: the latency at 64 connections, and
	// the server's CPU time an answer (this process's, while wrk runs).
	// The quick suite runs nothing alone: its latency is the side-by-side
	// run's, the harder one.
	alone := !r.cfg.Quick
	for _, k := range kinds {
		var err error
		if !alone {
			k.oursAlone = medianRun(k.ours)
			continue
		}
		if k.oursAlone, err = run(url, k, 2); err != nil {
			return err
		}
		if k.refAlone, err = run(refURL, k, 2); err != nil {
			return err
		}
	}
	var lat []string
	allFast := true
	for i, k := range kinds {
		ratios := make([]float64, len(k.ours))
		for j := range k.ours {
			ratios[j] = k.ours[j].Rate / k.ref[j].Rate
		}
		slices.Sort(ratios)
		q := ratios[len(ratios)/2] // the median of an odd count
		ours, ref := medianRun(k.ours), medianRun(k.ref)
		r.logf("%s %s: side by side %.0f against %.0f req/s (ratios %.2f); alone %.0f req/s, p99 %s ms, %.1f µs CPU an answer (reference alone %.0f req/s, %.1f µs)",
			t.name, k.name, ours.Rate, ref.Rate, ratios, k.oursAlone.Rate, ms(k.oursAlone.P99), float64(k.oursAlone.cpuPer())/1e3, k.refAlone.Rate, float64(k.refAlone.cpuPer())/1e3)
		fig := map[string]string{
			"plain": fmt.Sprintf("%s (%s KB): 200 plain, wrk side by side with the reference, 64 conns each", t.name, kb(len(plain.body))),
			"gzip":  fmt.Sprintf("  the same, Accept-Encoding: gzip (%s KB)", kb(len(gz.body))),
			"304":   "  the same, If-None-Match: 304",
		}[k.name]
		refName := "the reference's " + k.name
		if i == 0 {
			refName = "net/http, the same bytes and headers"
		}
		value := thousands(ours.Rate) + " req/s"
		if alone {
			value += fmt.Sprintf("; alone %s req/s, %s µs CPU an answer", thousands(k.oursAlone.Rate), us(k.oursAlone.cpuPer()))
		}
		refText := fmt.Sprintf("%s: %s req/s", refName, thousands(ref.Rate))
		if k.refAlone.Requests > 0 {
			refText += fmt.Sprintf("; alone %s req/s, %s µs", thousands(k.refAlone.Rate), us(k.refAlone.cpuPer()))
		}
		r.add(Row{Figure: fig, Value: value, Reference: refText, Ratio: ratio(q), Target: "≥ 0.9×", Met: met(q >= 0.9)})
		lat = append(lat, fmt.Sprintf("%s %s / %s", k.name, ms(k.oursAlone.P50), ms(k.oursAlone.P99)))
		allFast = allFast && k.oursAlone.P99 < 10*time.Millisecond
	}
	refLat := ""
	if k := kinds[0]; k.refAlone.Requests > 0 {
		refLat = fmt.Sprintf("reference plain %s / %s", ms(k.refAlone.P50), ms(k.refAlone.P99))
	}
	latFig := "  latency p50 / p99 alone at 64 conns (wrk --latency), ms"
	if !alone {
		latFig = "  latency p50 / p99 side by side, 64 conns each (wrk --latency), ms"
	}
	r.add(Row{Figure: latFig, Value: strings.Join(lat, "; "), Reference: refLat,
		Target: "p99 < 10 ms", Met: met(allFast)})
	r.add(Row{Figure: "  gzip bytes against plain", Value: fmt.Sprintf("%s B of %s B", thousands(float64(len(gz.body))), thousands(float64(len(plain.body)))),
		Ratio: fmt.Sprintf("%.1f× smaller", float64(len(plain.body))/float64(len(gz.body))), Target: "≥ 5× smaller",
		Met: met(len(gz.body)*5 <= len(plain.body))})
	return nil
}

// processCPU is the user and system CPU time this process has used: the
// servers' (the one under load) while wrk runs in its own process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func us(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Microsecond)) }

// medianRun is the run with the median rate (its latencies with it).
func medianRun(ws []wrkRun) wrkRun {
	s := slices.Clone(ws)
	slices.SortFunc(s, func(a, b wrkRun) int {
		switch {
		case a.Rate < b.Rate:
			return -1
		case a.Rate > b.Rate:
			return 1
		}
		return 0
	})
	return s[len(s)/2]
}
