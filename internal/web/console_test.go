package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// consoleGets are the console's screens of this helper, in the fixture.
var consoleGets = []string{
	"/app/console", "/app/periods/new", "/app/units", "/app/units/tt", "/app/tiers",
	"/app/periods/2026/framework/department", "/app/periods/2026/assignments",
	"/app/users", "/app/users/tt-user",
}

// catalogKey is a catalog key shown as such: the catalog lacks its text.
var catalogKey = regexp.MustCompile(`\b(?:console|fw|units?|tiers|users?|assign|period|form|app|site)\.[a-z]+(?:\.[a-z.]+)?\b`)

// TestConsolePerRole: every console screen answers admin and secretariat
// (accounts only the admin, as the API's /users), and a unit's or a
// council member's browser gets a 403 page in HTML, on GET and POST.
func TestConsolePerRole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	users := map[string]*browser{}
	for _, u := range []string{"admin", "thuky", "hoidong", "tt-user"} {
		users[u] = s.browser()
		users[u].mustLogin(u)
	}
	for _, path := range consoleGets {
		for u, b := range users {
			want := http.StatusOK
			if u == "hoidong" || u == "tt-user" || (u == "thuky" && strings.HasPrefix(path, "/app/users")) {
				want = http.StatusForbidden
			}
			p := b.get(path)
			if p.Status != want || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s as %s: %d %s, want %d HTML", path, u, p.Status, p.Header.Get("Content-Type"), want)
				continue
			}
			if want == http.StatusForbidden && !strings.Contains(p.text(), "Không có quyền truy cập") {
				t.Errorf("%s as %s: the 403 page says %s", path, u, p.text())
			}
			if want == http.StatusOK && p.byID("main") == nil {
				t.Errorf("%s as %s: no main", path, u)
			}
			if k := catalogKey.FindString(p.text()); k != "" {
				t.Errorf("%s as %s: the catalog has no text for %s", path, u, k)
			}
		}
	}
	// The posts of each form, as the roles that may not: refused before anything is read.
	for _, path := range []string{"/app/periods/new", "/app/units", "/app/units/tt", "/app/tiers",
		"/app/periods/2026/framework/department", "/app/periods/2026/framework/department/import",
		"/app/periods/2026/assignments", "/app/users", "/app/users/tt-user"} {
		for _, u := range []string{"hoidong", "tt-user"} {
			b := users[u]
			tok := b.get("/app").formToken()
			if p := b.do("POST", path, url.Values{"form_token": {tok}, "name": {"x"}}); p.Status != http.StatusForbidden || p.Doc == nil {
				t.Errorf("POST %s as %s: %d", path, u, p.Status)
			}
		}
	}
	if p := users["thuky"].do("POST", "/app/users", url.Values{"form_token": {users["thuky"].get("/app").formToken()}, "username": {"x"}}); p.Status != http.StatusForbidden {
		t.Errorf("POST /app/users as the secretariat: %d", p.Status)
	}
	// My work links the staff to the console.
	p := users["thuky"].get("/app")
	if !slices.ContainsFunc(p.all("a"), func(a *htmlNode) bool { return attr(a, "href") == "/app/console" }) {
		t.Errorf("My work has no link to the console: %s", p.text())
	}
	// The console's navigation links every console screen of the period.
	p = users["thuky"].get("/app/console")
	var hrefs []string
	for _, a := range under(p.all("nav")[len(p.all("nav"))-1], "a") {
		hrefs = append(hrefs, attr(a, "href"))
	}
	for _, want := range []string{"/app/console", "/app/periods/new", "/app/units", "/app/tiers", "/app/news", "/app/audit",
		"/app/periods/2026/board", "/app/periods/2026/assignments", "/app/periods/2026/imports", "/app/periods/2026/dashboard",
		"/app/periods/2026/publish", "/app/periods/2026/exports"} {
		if !slices.Contains(hrefs, want) {
			t.Errorf("the console's nav has no %s: %v", want, hrefs)
		}
	}
	if slices.Contains(hrefs, "/app/users") {
		t.Error("the secretariat's nav links the accounts, which are the admin's")
	}

	// The period switch: the same screen of the other year, a screen of no
	// year to the year's board, never outside the console.
	for to, want := range map[string]string{
		"/app/periods/2027/assignments": "/app/periods/2026/assignments",
		"/app/units":                    "/app/periods/2026/board",
		"//example.com/app/periods/1/":  "/app/periods/2026/board",
	} {
		p := users["thuky"].get("/app/console/year?year=2026&to=" + url.QueryEscape(to))
		if p.Status != http.StatusSeeOther || p.Header.Get("Location") != want {
			t.Errorf("switch from %s: %d %s, want %s", to, p.Status, p.Header.Get("Location"), want)
		}
	}
	if p := users["hoidong"].get("/app/console/year?year=2026&to=/app/units"); p.Status != http.StatusForbidden || p.Doc == nil {
		t.Errorf("the switch as a council member: %d", p.Status)
	}
	if p := users["thuky"].get("/app/console/year?year=x"); p.Status != http.StatusNotFound {
		t.Errorf("switch to no year: %d", p.Status)
	}
}

// post sends a form with the page's token.
func (b *browser) post(path string, form url.Values) page {
	b.s.t.Helper()
	if form.Get("form_token") == "" {
		form.Set("form_token", b.get("/app").formToken())
	}
	return b.do("POST", path, form)
}

// upload posts a file as multipart with the session's token.
func (b *browser) upload(path, field, name string, data []byte) page {
	b.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("form_token", b.get("/app").formToken())
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", b.s.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	p := page{Status: res.StatusCode, Header: res.Header, Body: raw}
	p.Doc = parseHTML(b.s.t, raw)
	return p
}

// kept says the input of id holds value and is marked invalid with its message.
func kept(t *testing.T, p page, id, value string) {
	t.Helper()
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", p.Status, p.text())
	}
	if p.byID("error-summary") == nil {
		t.Errorf("no error summary: %s", p.text())
	}
	in := p.byID(id)
	if in == nil {
		t.Fatalf("no #%s", id)
	}
	if v := attr(in, "value"); v != value {
		t.Errorf("#%s holds %q, want %q (what was typed)", id, v, value)
	}
	if attr(in, "aria-invalid") != "true" || !strings.Contains(attr(in, "aria-describedby"), "-error") {
		t.Errorf("#%s is not marked invalid: %v", id, in.Attr)
	}
}

var _ = fmt.Sprint
var _ = context.Background
var _ store.UnitChange
var _ = workflow.RoleAdmin

type htmlNode = html.Node

func parseHTML(t *testing.T, raw []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestConsoleInEnglish: every console screen has its texts in English too.
func TestConsoleInEnglish(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.mustLogin("admin")
	for _, path := range consoleGets {
		p := b.get(path + "?lang=en")
		if p.Status != http.StatusOK || attr(p.all("html")[0], "lang") != "en" {
			t.Errorf("%s in English: %d", path, p.Status)
		}
		if k := catalogKey.FindString(p.text()); k != "" {
			t.Errorf("%s in English: no text for %s", path, k)
		}
	}
	if h := text(b.get("/app/console?lang=en").all("h1")[0]); h != "The secretariat's console" {
		t.Errorf("h1 %q", h)
	}
}

// TestFinalizedFrameworkIsReadOnly: a finalized period's criteria are
// shown without a button, and a post changes nothing.
func TestFinalizedFrameworkIsReadOnly(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", s.admin, map[string]any{"stage": "finalized", "force": true, "reason": "kiểm thử"}, nil)
	b := s.browser()
	b.mustLogin("thuky")
	p := b.get("/app/periods/2026/framework/department")
	if p.Status != http.StatusOK || len(p.all("button")) != 1 || !strings.Contains(p.text(), "không thay đổi được nữa") { // the logout button only
		t.Errorf("a finalized framework: %d, %d buttons, %s", p.Status, len(p.all("button")), p.text())
	}
	v := editorForm(p)
	v.Set("c1.max", "12")
	v.Set("op", "save")
	if p := b.post("/app/periods/2026/framework/department", v); p.Status != http.StatusConflict {
		t.Errorf("saving a finalized framework: %d", p.Status)
	}
	f, _ := s.store.Framework(context.Background(), 2026, "department")
	if n, _, _ := f.Lookup("1.1"); n.Max != 10000 {
		t.Errorf("1.1's maximum changed to %v", n.Max)
	}
}
