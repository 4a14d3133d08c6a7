package web_test

import (
	"encoding/json"
	"fmt"
	"github.com/parindex/parindex/internal/browsertest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parindex/parindex/internal/httpapi"
)

// axeSource is axe-core's axe.min.js, which .ci/run installs with npm
// (npm install --prefix .ci/node axe-core@4); "" when it is not there.
func axeSource(t *testing.T) string {
	path := os.Getenv("PARINDEX_AXE")
	if path == "" {
		path = filepath.Join("..", "..", ".ci", "node", "node_modules", "axe-core", "axe.min.js")
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

// TestPagesInChromium logs in through the form in headless Chromium, sees
// My work, checks that nothing overflows sideways at 320 and 1280 px,
// keeps screenshots, and has axe-core check WCAG 2.1 A and AA on /login
// and /app.
func TestPagesInChromium(t *testing.T) {
	ctx, dir := browsertest.Start(t)
	axe := axeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	check := func(name string) {
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

	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible(`#username`)); err != nil {
		t.Fatal(err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text(`h1`)); err != nil || h1 != "Đăng nhập" {
		t.Errorf("/login h1 %q (%v)", h1, err)
	}
	check("login")

	// A wrong password: the summary takes the focus (the script) and links to the field.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(`#username`, "hoidong"),
		chromedp.SendKeys(`#password`, "not-the-password"),
		chromedp.Submit(`form.login`),
		chromedp.WaitVisible(`#error-summary`),
	); err != nil {
		t.Fatal(err)
	}
	if focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); err != nil || focused != "error-summary" {
		t.Errorf("after a refusal the focus is on %q, not the error summary (%v)", focused, err)
	}
	check("login-refused")

	if err := chromedp.Do(ctx,
		chromedp.SendKeys(`#password`, pw),
		chromedp.Submit(`form.login`),
		chromedp.WaitVisible(`#council-2026`),
	); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Text(`main`))
	if !strings.HasSuffix(loc, "/app") || !strings.Contains(body, "Thanh tra tỉnh") || !strings.Contains(body, "2 trên 4") {
		t.Errorf("after login: %s\n%s", loc, body)
	}
	check("app")
}
