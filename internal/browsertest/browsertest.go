// Package browsertest starts Debian's headless Chromium for the page tests
// (chromedp), the way this machine needs it; test support only, like
// storetest: no product package imports it.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parindex/parindex/internal/e2e"
)

// Start returns a browser context that ends with the test (a test of the
// pages in Chromium is an end-to-end test: see internal/e2e), and the
// directory for screenshots (PARINDEX_ARTIFACTS, or "" when screenshots
// are not kept). Without Chromium the test is skipped, or fails under CI,
// where .ci/run installs it.
//
// The tests of a binary share one Chromium (started by the first test,
// stopped by Main): each test gets its own tab in its own browser
// context, so cookies and storage of one test never reach another, as
// in a fresh browser. A Chromium per test cost about a second of the two
// cores each.
func Start(t *testing.T) (context.Context, string) {
	t.Helper()
	e2e.Require(t, "Chromium")
	if os.Getenv("CI") != "" && !inMain {
		t.Fatal("browsertest: the package's TestMain must call browsertest.Main, which stops the shared Chromium")
	}
	bctx, err := shared()
	if errors.Is(err, errNoChromium) {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run installs Debian's chromium for this test")
		}
		t.Skip("chromium is not installed (apt-get install -y --no-install-recommends chromium); the browser test is skipped")
	}
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	dir := os.Getenv("PARINDEX_ARTIFACTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// At most two tabs at work at once (the tests of a package run in
	// parallel; this machine has two cores): a test waits for its turn
	// before its time starts.
	browsers <- struct{}{}
	t.Cleanup(func() { <-browsers })
	ctx, cancelCtx := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelCtx() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx, dir
}

// browsers bounds how many tabs the tests of one package use at once.
var browsers = make(chan struct{}, 2)

var errNoChromium = errors.New("chromium is not installed")

var (
	startOnce   sync.Once
	browserCtx  context.Context
	stopBrowser context.CancelFunc
	profileDir  string
	startErr    error
	inMain      bool
)

// shared starts the one Chromium of the test binary, once.
func shared() (context.Context, error) {
	startOnce.Do(func() {
		path := ""
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
		if path == "" {
			startErr = errNoChromium
			return
		}
		if profileDir, startErr = os.MkdirTemp("", "parindex-chromium-"); startErr != nil {
			return
		}
		// The flags keep Chromium off the network this machine does not have.
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profileDir),
			chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(actx)
		if startErr = chromedp.Do(ctx); startErr != nil {
			cancelCtx()
			cancelAlloc()
			return
		}
		browserCtx, stopBrowser = ctx, func() { cancelCtx(); cancelAlloc() }
	})
	return browserCtx, startErr
}

// Main runs the tests of a package that uses the browser, then stops the
// shared Chromium and removes its profile: a package's TestMain is
//
//	func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
func Main(m *testing.M) int {
	inMain = true
	code := m.Run()
	if stopBrowser != nil {
		stopBrowser()
	}
	if profileDir != "" {
		os.RemoveAll(profileDir)
	}
	return code
}

// AxeSource is axe-core's axe.min.js, which .ci/run installs with npm
// (npm install --prefix .ci/node axe-core@4), found from the test's
// package directory (or PARINDEX_AXE); "" when it is not there, and a
// failure under CI.
func AxeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("PARINDEX_AXE")
	if path == "" {
		out, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			t.Fatalf("finding the module root: %v", err)
		}
		path = filepath.Join(filepath.Dir(strings.TrimSpace(string(out))), ".ci", "node", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v): .ci/run installs it with npm install --prefix .ci/node axe-core@4", err)
		}
		t.Logf("axe-core is not installed (npm install --prefix .ci/node axe-core@4): the accessibility check is skipped")
		return ""
	}
	return string(b)
}

// Look checks the page the browser shows now the way a person would: at
// 320 and 1280 px wide nothing overflows sideways, a screenshot of each
// is kept in dir (web-<name>-<width>px.png; none when dir is "", as no
// one could look at it), and axe-core (when axe is not "") finds no WCAG
// 2.1 A or AA violation. It leaves the viewport at 1280 px.
func Look(t *testing.T, ctx context.Context, dir, axe, name string) {
	t.Helper()
	for _, w := range []int64{320, 1280} {
		type width struct {
			Scroll int `json:"scroll"`
			Inner  int `json:"inner"`
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 800)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[width](`({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})`))
		if err != nil {
			t.Fatal(err)
		}
		if got.Scroll > got.Inner {
			t.Errorf("%s at %d px: the page is %d px wide", name, w, got.Scroll)
		}
		if dir == "" {
			continue
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, fmt.Sprintf("web-%s-%dpx.png", name, w))
		if err := os.WriteFile(file, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", file)
	}
	if axe == "" {
		return
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](axe+";0")); err != nil {
		t.Fatalf("injecting axe-core on %s: %v", name, err)
	}
	type axeResult struct {
		Violations json.RawMessage `json:"violations"`
		Passes     int             `json:"passes"`
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html)}))}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe-core on %s: %v", name, err)
	}
	if string(res.Violations) != "[]" || res.Passes == 0 {
		t.Errorf("axe-core: WCAG 2.1 A/AA violations on %s (%d rules passed): %s", name, res.Passes, res.Violations)
	}
	t.Logf("axe-core on %s: no violation, %d rules passed", name, res.Passes)
}
