package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parindex/parindex/internal/browsertest"
	"github.com/parindex/parindex/internal/httpapi"
)

// TestInsightInChromium: the unit's points page before and after
// publication and the council's overview, at 320 and 1280 px, with
// axe-core's WCAG 2.1 A and AA check and screenshots.
func TestInsightInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	check := func(name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }
	login := func(user string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible(`#username`),
			chromedp.SendKeys(`#username`, user), chromedp.SendKeys(`#password`, pw),
			chromedp.Submit(`form.login`), chromedp.WaitVisible(`#insight-links`)); err != nil {
			t.Fatal(err)
		}
	}

	login("tt-user")
	if err := chromedp.Do(ctx, chromedp.Click(`#insight-links + ul a`), chromedp.WaitVisible(`svg.fields`)); err != nil {
		t.Fatal(err)
	}
	if reach, err := chromedp.Run(ctx, chromedp.Text(`p.reach`)); err != nil || !strings.HasPrefix(reach, "Cần thêm 5,246 điểm") {
		t.Errorf("reach %q (%v)", reach, err)
	}
	check("points")

	s.api(http.StatusCreated, "POST", "/api/v1/periods/2026/publish", s.admin, map[string]any{"force": true, "reason": "thử công bố"}, nil)
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(`p.published`)); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg.fields line.avg').length`)); err != nil || n != 2 {
		t.Errorf("average marks after publication: %d (%v)", n, err)
	}
	check("points-published")

	if err := chromedp.Do(ctx, chromedp.Submit(`header form`), chromedp.WaitVisible(`#username`)); err != nil {
		t.Fatal(err)
	}
	login("thuky")
	if err := chromedp.Do(ctx, chromedp.Click(`#insight-links + ul a`), chromedp.WaitVisible(`table.overview`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`nav.sort a[href="?sort=name"]`), chromedp.WaitVisible(`nav.sort a[aria-current][href="?sort=name"]`)); err != nil {
		t.Fatal(err)
	}
	if first, err := chromedp.Run(ctx, chromedp.Text(`table.overview tbody th`)); err != nil || first != "Sở Tài chính" {
		t.Errorf("sorted by name, the first unit is %q (%v)", first, err)
	}
	check("council")
}
