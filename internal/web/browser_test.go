package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parindex/parindex/internal/browsertest"
	"github.com/parindex/parindex/internal/httpapi"
)

// TestPagesInChromium logs in through the form in headless Chromium, sees
// My work, checks that nothing overflows sideways at 320 and 1280 px,
// keeps screenshots, and has axe-core check WCAG 2.1 A and AA on /login
// and /app.
func TestPagesInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	check := func(name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }

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
