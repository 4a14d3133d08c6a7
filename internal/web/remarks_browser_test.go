package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parindex/parindex/internal/browsertest"
	"github.com/parindex/parindex/internal/httpapi"
)

// TestRemarksInChromium: the unit officer answers the council's remark
// from My work's link, an empty answer first (the summary takes the
// focus); the council member resolves it. Each screen at 320 and 1280 px
// with axe-core.
func TestRemarksInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	look := func(name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }
	signIn := func(user string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/login"), chromedp.WaitVisible(`#username`),
			chromedp.SendKeys(`#username`, user), chromedp.SendKeys(`#password`, pw),
			chromedp.Submit(`form.login`), chromedp.WaitVisible(`main h1`)); err != nil {
			t.Fatal(err)
		}
	}

	signIn("tt-user")
	if err := chromedp.Do(ctx, chromedp.Click(`a[href="/app/periods/2026/remarks"]`), chromedp.WaitVisible(`table.open-remarks`)); err != nil {
		t.Fatal(err)
	}
	look("remarks-open-unit")
	if err := chromedp.Do(ctx, chromedp.Click(`a[href*="criterion=2.1"]`), chromedp.WaitVisible(`#body-2-1`)); err != nil {
		t.Fatal(err)
	}
	if open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("thread-2-1").open && !document.getElementById("thread-1-1").open`)); err != nil || !open {
		t.Errorf("the link does not open thread 2.1 alone (%v)", err)
	}
	look("remarks-unit")

	// An empty explanation: the summary, focused, and the message at the field.
	if err := chromedp.Do(ctx, chromedp.Submit(`#body-2-1`), chromedp.WaitVisible(`#error-summary`)); err != nil {
		t.Fatal(err)
	}
	if focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); err != nil || focused != "error-summary" {
		t.Errorf("after a refusal the focus is on %q (%v)", focused, err)
	}
	look("remarks-refused")
	if err := chromedp.Do(ctx, chromedp.SendKeys(`#body-2-1`, "Đã bổ sung Báo cáo rà soát số 12/BC-TTr"), chromedp.Submit(`#body-2-1`),
		chromedp.WaitVisible(`#thread-2-1 .entry-explanation`)); err != nil {
		t.Fatal(err)
	}
	if body, _ := chromedp.Run(ctx, chromedp.Text(`#thread-2-1`)); !strings.Contains(body, "Đã bổ sung Báo cáo rà soát số 12/BC-TTr") || !strings.Contains(body, "Chờ hội đồng phản hồi") {
		t.Errorf("after the explanation: %s", body)
	}
	if err := chromedp.Do(ctx, chromedp.Submit(`header form`), chromedp.WaitVisible(`#username`)); err != nil {
		t.Fatal(err)
	}

	signIn("hoidong")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+remarksPath+"?criterion=2.1#thread-2-1"), chromedp.WaitVisible(`#resolve-2-1`)); err != nil {
		t.Fatal(err)
	}
	look("remarks-council")
	if err := chromedp.Do(ctx, chromedp.SendKeys(`#resolve-2-1`, "Chấp nhận giải trình"), chromedp.Submit(`#resolve-2-1`),
		chromedp.WaitVisible(`#thread-2-1.is-resolved`)); err != nil {
		t.Fatal(err)
	}
	if body, _ := chromedp.Run(ctx, chromedp.Text(`#thread-2-1`)); !strings.Contains(body, "Đã giải quyết") || !strings.Contains(body, "Chấp nhận giải trình") {
		t.Errorf("after resolving: %s", body)
	}
	look("remarks-resolved")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/app/periods/2026/remarks"), chromedp.WaitVisible(`main h1`)); err != nil {
		t.Fatal(err)
	}
	look("remarks-open-council")
}
