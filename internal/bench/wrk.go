package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wrk drives the public read path: Debian's wrk (.ci/run installs it), in
// a child process, so that the load generator is C with its own event loop
// rather than goroutines of the server's own runtime.

// wrkRun is what one wrk run measured.
type wrkRun struct {
	Rate      float64       // Requests/sec
	Requests  int           // answered in the run
	Bytes     float64       // read in the run
	P50, P99  time.Duration // wrk --latency
	Non2xx3xx int
	Errors    string        // "Socket errors: ..." when wrk printed it
	CPU       time.Duration // this process's CPU time during the run (the server's)
}

// cpuPer is the server's CPU time an answer.
func (w wrkRun) cpuPer() time.Duration { return w.CPU / time.Duration(max(1, w.Requests)) }

// perRequest is how many bytes each answer was, headers included.
func (w wrkRun) perRequest() float64 { return w.Bytes / max(1, float64(w.Requests)) }

// ErrNoWrk is returned when wrk is not installed and CI is set: the
// public figures are the issue's, CI must not pass without them.
var ErrNoWrk = errors.New("wrk is not installed (Debian: apt-get install wrk; .ci/run does it): the public read-path figures need it")

// wrkPath finds wrk; "" when missing outside CI.
func wrkPath() (string, error) {
	p, err := exec.LookPath("wrk")
	if err == nil {
		return p, nil
	}
	if os.Getenv("CI") != "" {
		return "", ErrNoWrk
	}
	return "", nil
}

// runWrk runs wrk with 64 connections for d (whole seconds) on url with
// the headers.
func runWrk(ctx context.Context, exe string, threads, conns int, d time.Duration, url string, header ...string) (wrkRun, error) {
	args := []string{"-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns), "-d", fmt.Sprintf("%ds", max(1, int(d.Round(time.Second)/time.Second))), "--latency"}
	for _, h := range header {
		args = append(args, "-H", h)
	}
	args = append(args, url)
	cmd := exec.CommandContext(ctx, exe, args...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return wrkRun{}, fmt.Errorf("wrk %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), stderr.String())
	}
	w, err := parseWrk(out.String())
	if err != nil {
		return w, fmt.Errorf("wrk %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return w, nil
}

var (
	wrkTotal   = regexp.MustCompile(`^\s*(\d+) requests in ([\d.]+)(us|ms|s|m), ([\d.]+)([KMGT]?B) read`)
	wrkRate    = regexp.MustCompile(`^Requests/sec:\s+([\d.]+)`)
	wrkPercent = regexp.MustCompile(`^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)`)
	wrkNon     = regexp.MustCompile(`^\s*Non-2xx or 3xx responses:\s+(\d+)`)
)

// parseWrk reads wrk's report.
func parseWrk(s string) (wrkRun, error) {
	var w wrkRun
	var seen int
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := sc.Text()
		if m := wrkTotal.FindStringSubmatch(line); m != nil {
			w.Requests, _ = strconv.Atoi(m[1])
			b, _ := strconv.ParseFloat(m[4], 64)
			w.Bytes = b * map[string]float64{"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}[m[5]]
			seen |= 1
		}
		if m := wrkRate.FindStringSubmatch(line); m != nil {
			w.Rate, _ = strconv.ParseFloat(m[1], 64)
			seen |= 2
		}
		if m := wrkPercent.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			d := time.Duration(v * float64(map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[m[3]]))
			if m[1] == "50" {
				w.P50 = d
			} else {
				w.P99 = d
			}
			seen |= 4
		}
		if m := wrkNon.FindStringSubmatch(line); m != nil {
			w.Non2xx3xx, _ = strconv.Atoi(m[1])
		}
		if strings.Contains(line, "Socket errors:") {
			w.Errors = strings.TrimSpace(line)
		}
	}
	if seen != 7 || w.Requests == 0 {
		return w, errors.New("no request count, rate or latency distribution in wrk's output")
	}
	return w, nil
}
