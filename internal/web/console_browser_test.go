package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parindex/parindex/internal/browsertest"
	"github.com/parindex/parindex/internal/httpapi"
)

// TestConsoleInChromium: the secretariat creates 2027 from 2026, changes
// one maximum in the editor and sees the preview, saves it, and assigns a
// council member two units; every screen is looked at (320 and 1280 px,
// screenshots, axe-core's WCAG 2.1 A/AA), and the admin's accounts too.
func TestConsoleInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	check := func(name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	mainText := func() string {
		t.Helper()
		body, err := chromedp.Run(ctx, chromedp.Text(`main`))
		if err != nil {
			t.Fatal(err)
		}
		return body
	}
	login := func(user string) {
		t.Helper()
		run("login "+user, chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible(`#username`),
			chromedp.SendKeys(`#username`, user), chromedp.SendKeys(`#password`, pw),
			chromedp.Submit(`form.login`), chromedp.WaitVisible(`#periods-title`))
	}
	login("thuky")
	run("my work to the console", chromedp.Click(`a[href="/app/console"]`), chromedp.WaitVisible(`.console-nav`))
	check("console")

	run("new year", chromedp.Click(`.console-nav a[href="/app/periods/new"]`), chromedp.WaitVisible(`#year`))
	check("period-new")
	run("create 2027", chromedp.Submit(`form.narrow`), chromedp.WaitVisible(`.notice`))
	if body := mainText(); !strings.Contains(body, "Đã tạo kỳ đánh giá năm 2027") {
		t.Fatalf("after creating 2027: %s", body)
	}

	run("the editor", chromedp.Click(`a[href="/app/periods/2027/framework/department"]`), chromedp.WaitVisible(`#c1-max`))
	check("framework")
	run("change 1.1's maximum and preview", chromedp.SetValue(`#c1-max`, "12,5"),
		chromedp.Click(`button[name="op"][value="preview"]`), chromedp.WaitVisible(`#preview`))
	preview, err := chromedp.Run(ctx, chromedp.Text(`#preview`))
	if err != nil || !strings.Contains(preview, "điểm tối đa 10 → 12,5") {
		t.Errorf("the preview: %q (%v)", preview, err)
	}
	check("framework-preview")
	run("save", chromedp.Click(`button[name="op"][value="save"]`), chromedp.WaitVisible(`.notice`))
	if v, err := chromedp.Run(ctx, chromedp.Value(`#c1-max`)); err != nil || v != "12,5" {
		t.Errorf("after saving, 1.1's maximum is %q (%v)", v, err)
	}

	// A maximum that is no number: the summary takes the focus, the row says why.
	run("a bad maximum", chromedp.SetValue(`#c3-max`, "năm"), chromedp.Click(`button[name="op"][value="save"]`), chromedp.WaitVisible(`#error-summary`))
	if focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); err != nil || focused != "error-summary" {
		t.Errorf("after a refusal the focus is on %q (%v)", focused, err)
	}
	check("framework-refused")

	run("assignments", chromedp.Navigate(s.URL+"/app/periods/2027/assignments"), chromedp.WaitVisible(`table.grid`))
	run("tick two units", chromedp.Click(`input[value="hoidong|stc"]`))
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.grid input:checked').length`))
	if err != nil || checked != 2 {
		t.Errorf("%d units ticked (%v)", checked, err)
	}
	check("assignments")
	run("save the assignments", chromedp.Click(`#assign-save`), chromedp.WaitVisible(`.notice`))
	u, err := s.store.User(t.Context(), "hoidong")
	if err != nil || strings.Join(u.Units, ",") != "stc,tt" {
		t.Errorf("hoidong's units: %v (%v)", u.Units, err)
	}
}

// TestConsoleScreensInChromium looks at the console's other screens: units,
// a unit, tiers, and the admin's accounts.
func TestConsoleScreensInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	check := func(name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	login := func(user string) {
		t.Helper()
		run("login "+user, chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible(`#username`),
			chromedp.SendKeys(`#username`, user), chromedp.SendKeys(`#password`, pw),
			chromedp.Submit(`form.login`), chromedp.WaitVisible(`#periods-title`))
	}
	login("thuky")
	run("units", chromedp.Navigate(s.URL+"/app/units"), chromedp.WaitVisible(`#q`))
	check("units")
	run("a unit", chromedp.Click(`a[href="/app/units/tt"]`), chromedp.WaitVisible(`#name`))
	check("unit")
	run("tiers", chromedp.Navigate(s.URL+"/app/tiers"), chromedp.WaitVisible(`#code`))
	check("tiers")

	login("admin")
	run("accounts", chromedp.Navigate(s.URL+"/app/users"), chromedp.WaitVisible(`#username`))
	check("users")
	run("an account", chromedp.Click(`a[href="/app/users/hoidong"]`), chromedp.WaitVisible(`#password`))
	check("user")
}
