package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parindex/parindex/internal/browsertest"
	"github.com/parindex/parindex/internal/httpapi"
)

// chromeLogin signs in through the form in a browser context.
func chromeLogin(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		appears(`document.getElementById('username')`),
		chromedp.SendKeys(`#username`, user),
		chromedp.SendKeys(`#password`, pw),
		chromedp.Submit(`form.login`),
		// The login page has an h1 too: wait for My work itself.
		appears(`location.pathname == '/app' && document.querySelector('h1')`),
	); err != nil {
		t.Fatalf("login of %s: %v", user, err)
	}
}

// appears waits until a JavaScript expression holds in the page, asking
// again and again: after a form's submission a DOM query can wait on a
// document that is being replaced.
func appears(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			try, cancel := context.WithTimeout(ctx, 5*time.Second)
			ok, err := chromedp.Evaluate[bool]("!!("+js+")")(try, t)
			cancel()
			if err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w", js, ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// byID selects the element with an id that CSS would need escaped (1.2.1).
func byID(id string) chromedp.JSPath {
	return chromedp.JSPath("document.getElementById('" + id + "')")
}

// jsDo runs a statement in the page.
func jsDo(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[json.RawMessage](js+";0")(ctx, t)
		return err
	})
}

// selectAll selects the focused input's text, so that typing replaces it.
var selectAll = jsDo(`document.activeElement.select()`)

func evalString(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestSheetInChromium: a unit types three cells with the keyboard (one as
// "2,5") and sees the totals follow, is warned when leaving unsaved, saves
// and sees them after a reload; an over-maximum value shows its message at
// its cell and nothing is saved. Each screen is looked at (320 and 1280
// px, axe).
func TestSheetInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.moveTo("self_assessment")
	look := func(ctx context.Context, name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }

	chromeLogin(t, ctx, s.URL, "tt-user") // starts the browser
	// Dialogs (beforeunload) are recorded and answered: stay on the page.
	var mu sync.Mutex
	var dialogs []string
	go func() {
		for ev, err := range chromedp.Events(ctx, cdppage.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, string(ev.Type))
			mu.Unlock()
			go chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}()

	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+sheetURL), appears(`document.getElementById('self-1.1')`)); err != nil {
		t.Fatal(err)
	}
	look(ctx, "sheet-unit")

	// Along the self points column with the keyboard.
	if err := chromedp.Do(ctx,
		chromedp.Focus(byID("self-1.1")),
		selectAll,
		chromedp.KeyEvent("9"),
		chromedp.KeyEvent(kb.Enter),
		chromedp.KeyEvent("2,5"),
		chromedp.KeyEvent(kb.Enter),
		chromedp.KeyEvent("3.75"),
	); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.activeElement.id`); got != "self-1.2.2" {
		t.Errorf("Enter moved the focus to %q, not down the column to self-1.2.2", got)
	}
	chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	if got := evalString(t, ctx, `document.activeElement.id`); got != "self-1.1" {
		t.Errorf("two ArrowUp moved the focus to %q, not back to self-1.1", got)
	}
	// 9 + 2,5 + 3,75 in field 1; with 2.1's 50 the sheet's self points are 65,25.
	if got := evalString(t, ctx, `document.querySelector('tbody[data-field="1"] [data-sum=self]').textContent + " " + document.querySelector('tfoot [data-total=self]').textContent`); got != "15,25 65,25" {
		t.Errorf("live self totals %q, want 15,25 65,25", got)
	}

	// Leaving with unsaved changes asks (and the answer here is: stay).
	chromedp.Do(ctx, jsDo(`document.querySelector('.crumbs a').click()`), chromedp.Sleep(500e6))
	mu.Lock()
	warned := strings.Join(dialogs, ",")
	mu.Unlock()
	if warned != "beforeunload" {
		t.Errorf("leaving with unsaved changes: dialogs %q, want one beforeunload", warned)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, sheetURL) {
		t.Fatalf("the page was left: %s", loc)
	}

	// Save, reload, see them.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.sheet-bar button`)), appears(`document.querySelector('.notice')`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+sheetURL), appears(`document.getElementById('self-1.1')`)); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `['self-1.1','self-1.2.1','self-1.2.2'].map(id => document.getElementById(id).value).join(' ')`); got != "9 2,5 3,75" {
		t.Errorf("after a reload: %q", got)
	}
	if got := s.sheetScores(); got["1.2.1"][0] != "2.5" || got["1.2.2"][0] != "3.75" {
		t.Errorf("stored: %v", got)
	}

	// Over the maximum: the message at the cell, the summary focused, nothing saved.
	if err := chromedp.Do(ctx,
		chromedp.Focus(byID("self-1.1")),
		selectAll,
		chromedp.KeyEvent("11"),
		chromedp.Click(chromedp.CSS(`.sheet-bar button`)),
		appears(`document.getElementById('error-summary')`),
	); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, ctx, `document.activeElement.id`); got != "error-summary" {
		t.Errorf("the focus is on %q, not the error summary", got)
	}
	if got := evalString(t, ctx, `(document.getElementById('self-1.1-error') || {}).textContent + '|' + document.getElementById('self-1.1').getAttribute('aria-invalid') + '|' + document.getElementById('self-1.1').value`); !strings.Contains(got, "0..10") || !strings.HasSuffix(got, "|true|11") {
		t.Errorf("the over-maximum cell: %q", got)
	}
	if got := s.sheetScores(); got["1.1"][0] != "9" {
		t.Errorf("a refused save stored 1.1 = %v", got["1.1"])
	}
	look(ctx, "sheet-refused")

}

// TestSheetConflictInChromium: a council member's survey cells are read
// only and a field folds; two browsers (separate browser contexts, so
// separate cookies) on one sheet: the second saves after the first, sees
// both values, and resolves the conflict (taking theirs, then keeping its own).
func TestSheetConflictInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	axe := browsertest.AxeSource(t)
	s := newSite(t, httpapi.Options{})
	s.fixture()
	look := func(ctx context.Context, name string) { t.Helper(); browsertest.Look(t, ctx, dir, axe, name) }
	chromeLogin(t, ctx, s.URL, "thuky") // starts the browser
	council, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	chromeLogin(t, council, s.URL, "hoidong")
	if err := chromedp.Do(council, chromedp.Navigate(s.URL+sheetURL), appears(`document.getElementById('points-1.1')`)); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, council, `[!!document.getElementById('points-2.1'), !!document.getElementById('points-2.2'), !!document.getElementById('na-2.2'), document.querySelectorAll('#row-2\\.2 input:not([type=hidden]), #row-2\\.2 textarea').length].join(' ')`); got != "true false false 1" {
		t.Errorf("the council's inputs on 2.1 and the survey's 2.2 (only its note): %q", got)
	}
	look(council, "sheet-council")
	// A field folds (CSS on a checkbox: no script needed) and unfolds.
	if err := chromedp.Do(council, chromedp.Click(byID("fold-1"))); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, council, `[document.getElementById('row-1.1').offsetParent === null, document.getElementById('row-2.1').offsetParent === null].join(' ')`); got != "true false" {
		t.Errorf("field 1 folded: rows 1.1 and 2.1 hidden %q, want true false", got)
	}
	chromedp.Do(council, chromedp.Click(byID("fold-1")))

	// Two browsers: the secretariat saves 1.1 first; the council, on the page
	// it read before, then saves and sees both values.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+sheetURL), appears(`document.getElementById('points-1.1')`),
		chromedp.Focus(byID("points-1.1")), selectAll,
		chromedp.KeyEvent("7"), chromedp.Click(chromedp.CSS(`.sheet-bar button`)), appears(`document.querySelector('.notice')`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(council,
		chromedp.Focus(byID("points-1.1")), selectAll,
		chromedp.KeyEvent("6,5"), chromedp.Click(chromedp.CSS(`.sheet-bar button`)), appears(`document.getElementById('error-summary')`)); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, council, `document.getElementById('points-1.1').value + ' | ' + document.querySelector('#row-1\\.1 .pick legend').textContent`); got != "6,5 | Giá trị của người kia: 7" {
		t.Errorf("the conflict: %q", got)
	}
	look(council, "sheet-conflict")
	if err := chromedp.Do(council, chromedp.Click(byID("theirs-points-1.1")), chromedp.Click(chromedp.CSS(`.sheet-bar button`)), appears(`document.querySelector('.notice')`)); err != nil {
		t.Fatal(err)
	}
	if got := s.sheetScores(); got["1.1"][1] != "7" {
		t.Errorf("after taking theirs 1.1 = %v", got["1.1"])
	}
	// And keeping mine, after another save of theirs.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+sheetURL), appears(`document.getElementById('points-1.1')`),
		chromedp.Focus(byID("points-1.2.2")), chromedp.KeyEvent("4"), chromedp.Click(chromedp.CSS(`.sheet-bar button`)), appears(`document.querySelector('.notice')`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(council,
		chromedp.Focus(byID("points-1.2.2")), chromedp.KeyEvent("5"), chromedp.Click(chromedp.CSS(`.sheet-bar button`)), appears(`document.getElementById('error-summary')`),
		chromedp.Click(chromedp.CSS(`.sheet-bar button`)), appears(`document.querySelector('.notice')`)); err != nil {
		t.Fatal(err)
	}
	if got := s.sheetScores(); got["1.2.2"][1] != "5" || got["1.1"][1] != "7" {
		t.Errorf("after keeping mine: %v", got)
	}
}
