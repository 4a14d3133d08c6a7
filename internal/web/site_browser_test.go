package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parindex/parindex/internal/browsertest"
	"github.com/parindex/parindex/internal/httpapi"
)

// TestSiteInChromium: the public pages of the demo in headless Chromium,
// at 320 and 1280 px, checked by axe-core; the ranking sorts by name and
// filters by band in place with JavaScript, and by a plain GET without.
func TestSiteInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := demoSite(t, httpapi.Options{})
	check := func(name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }
	names := func() []string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll('#ranking tbody tr[data-rank]')).filter(r => !r.hidden).map(r => r.querySelector('th').textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(`main`))
	for _, want := range []string{"74,86%", "75,76%", "Thanh tra tỉnh", "Sở Tài chính", "UBND thành phố Lai Châu"} {
		if !strings.Contains(body, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	check("site-home")

	// With JavaScript: sorting and filtering in place, the address following.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/results/2016/department"), chromedp.WaitVisible(`#ranking`)); err != nil {
		t.Fatal(err)
	}
	check("site-results")
	if err := chromedp.Do(ctx, chromedp.SetValue(`#sort`, "name")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('sort').dispatchEvent(new Event('change', {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	if got := names(); len(got) != 20 || got[0] != "Ban Dân tộc" || got[1] != "Ban Quản lý Khu kinh tế" {
		t.Errorf("sorted by name in place: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(`#band`, "Tốt")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('band').dispatchEvent(new Event('change', {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	got := names()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	shown, _ := chromedp.Run(ctx, chromedp.Text(`#shown`))
	if len(got) != 5 || got[0] != "Sở Nội vụ" || !strings.Contains(loc, "sort=name") || !strings.Contains(loc, "band=T") || !strings.Contains(shown, "5 trên 20") {
		t.Errorf("filtered by band in place: %q at %s, %q", got, loc, shown)
	}
	check("site-results-js")

	// Without JavaScript: the same by the form's GET address.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/results/2016/department?sort=name&band=T%E1%BB%91t&q=")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`#ranking`)); err != nil {
		t.Fatal(err)
	}
	if got2 := names(); strings.Join(got2, "|") != strings.Join(got, "|") {
		t.Errorf("the server's ordering and filter %q differ from the script's %q", got2, got)
	}
	all, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#ranking tbody tr[data-rank]').length`))
	if all != 5 {
		t.Errorf("the server sent %d rows for band Tốt", all)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/units/thanh-tra?with=so-tai-chinh"), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	unit, _ := chromedp.Run(ctx, chromedp.Text(`main`))
	if !strings.Contains(unit, "2016") || !strings.Contains(unit, "86,42%") || !strings.Contains(unit, "85,17%") {
		t.Errorf("the unit page: %s", unit)
	}
	check("site-unit")

	for _, p := range []string{"/data", "/news", "/results/2015/department"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p), chromedp.WaitVisible(`h1`)); err != nil {
			t.Fatal(err)
		}
		check("site" + strings.ReplaceAll(strings.TrimSuffix(p, "/department"), "/", "-"))
	}
}
