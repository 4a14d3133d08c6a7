package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/xlsx"
)

// consoleRoutes are the console's GET pages of a year and beyond, as the
// fixture's secretariat opens them.
var consoleRoutes = []string{
	"/app/periods/2026/publish",
	"/app/periods/2026/imports",
	"/app/periods/2026/dashboard",
	"/app/periods/2026/dashboard?tier=department",
	"/app/periods/2026/exports",
	"/app/periods/2026/exports/report.xlsx",
	"/app/periods/2026/exports/audit.csv",
	"/app/news",
	"/app/audit",
	"/app/audit?year=2026&unit=tt",
	"/app/periods/2026/board",
	"/app/periods/2026/board.csv",
}

// TestConsoleRoutesPerRole: admin and secretariat open every console
// page; a unit user and a council member get a 403 page in HTML, and a
// signed-out browser is sent to /login.
func TestConsoleRoutesPerRole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	users := map[string]*browser{}
	for _, u := range []string{"admin", "thuky", "tt-user", "hoidong"} {
		b := s.browser()
		b.mustLogin(u)
		users[u] = b
	}
	for _, path := range consoleRoutes {
		for u, b := range users {
			p := b.get(path)
			switch u {
			case "admin", "thuky":
				if p.Status != http.StatusOK {
					t.Errorf("%s as %s: %d %.300s", path, u, p.Status, p.Body)
				}
			default:
				if p.Status != http.StatusForbidden || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") || !strings.Contains(p.text(), "Không có quyền truy cập") {
					t.Errorf("%s as %s: %d %s, want a 403 page", path, u, p.Status, p.Header.Get("Content-Type"))
				}
			}
		}
		if p := s.browser().get(path); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
			t.Errorf("%s signed out: %d %s", path, p.Status, p.Header.Get("Location"))
		}
	}
	// Posting as the council is refused before anything is read.
	b := users["hoidong"]
	tok := b.get("/app").formToken()
	if p := b.do("POST", "/app/periods/2026/board", url.Values{"form_token": {tok}, "to": {"finalized"}}); p.Status != http.StatusForbidden {
		t.Errorf("the council moves the stage: %d", p.Status)
	}
}

// postFrom sends a form from the page at from (its form token) and returns the answer.
func (b *browser) postFrom(from, path string, v url.Values) page {
	b.s.t.Helper()
	v.Set("form_token", b.get(from).formToken())
	return b.do("POST", path, v)
}

// errorsOf lists the error summary's links: "#field message".
func errorsOf(p page) []string {
	var out []string
	if sum := p.byID("error-summary"); sum != nil {
		for _, a := range under(sum, "a") {
			out = append(out, attr(a, "href")+" "+text(a))
		}
	}
	return out
}

// value is the value of the input (or text of the textarea) with id.
func (p page) value(id string) string {
	n := p.byID(id)
	if n == nil {
		return "<missing>"
	}
	if n.Data == "textarea" {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(c.Data)
		}
		return strings.TrimPrefix(b.String(), "\n")
	}
	return attr(n, "value")
}

// TestBoard: the board shows the stage and deadline and who to chase; a
// move back by the secretariat is refused (the rule's message, what was
// typed kept, 403 here is the rule's code shown as a form refusal); an
// admin reopens with a reason; a bad date is refused at its field.
func TestBoard(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	sec := s.browser()
	sec.mustLogin("thuky")
	board := "/app/periods/2026/board"
	p := sec.get(board)
	if !strings.Contains(p.text(), "Thẩm định · hạn chót 30/6/2027") {
		t.Errorf("stage line: %s", p.text())
	}
	rows := p.rows()
	want := [][]string{{"Sở Tài chính", "4", "4", "1", "0"}, {"Thanh tra tỉnh", "2", "2", "1", "1"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("board rows %v, want %v", rows, want)
	}

	p = sec.postFrom(board, board, url.Values{"to": {"self_assessment"}, "closes_at": {"31/12/2026"}, "reason": {"Thêm thời gian"}})
	if p.Status != http.StatusForbidden || len(errorsOf(p)) != 1 || !strings.HasPrefix(errorsOf(p)[0], "#to ") {
		t.Errorf("a move back by the secretariat: %d %v", p.Status, errorsOf(p))
	}
	if p.value("closes_at") != "31/12/2026" || p.value("reason") != "Thêm thời gian" {
		t.Errorf("the refusal lost what was typed: %q %q", p.value("closes_at"), p.value("reason"))
	}

	p = sec.postFrom(board, board, url.Values{"to": {"finalized"}, "closes_at": {"31/02/2027x"}, "reason": {"abc"}})
	if p.Status != http.StatusUnprocessableEntity || attr(p.byID("closes_at"), "aria-invalid") != "true" || p.value("reason") != "abc" {
		t.Errorf("a bad date: %d %v", p.Status, errorsOf(p))
	}

	p = sec.postFrom(board, board, url.Values{"to": {"finalized"}})
	if p.Status != http.StatusConflict || len(errorsOf(p)) < 2 {
		t.Errorf("finalizing with incomplete units: %d %v", p.Status, errorsOf(p))
	}

	admin := s.browser()
	admin.mustLogin("admin")
	p = admin.postFrom(board, board, url.Values{"to": {"self_assessment"}, "closes_at": {"2026-12-31"}, "reason": {"Đơn vị xin thêm thời gian"}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != board+"?moved=1" {
		t.Fatalf("the admin's move back: %d %v", p.Status, errorsOf(p))
	}
	p = admin.get(board + "?moved=1")
	if !strings.Contains(p.text(), "Đã chuyển sang giai đoạn Tự đánh giá") || !strings.Contains(p.text(), "hạn chót 31/12/2026") {
		t.Errorf("after the move: %s", p.text())
	}

	csv := sec.get("/app/periods/2026/board.csv")
	if !strings.HasPrefix(string(csv.Body), "\ufeffKhối,Mã đơn vị,Đơn vị,") || !strings.Contains(string(csv.Body), "Thanh tra tỉnh") {
		t.Errorf("board.csv: %s", csv.Body)
	}
}

// TestPublishPage: what blocks publishing is listed; the secretariat may
// not force; the admin's force needs a reason (refused at the field, the
// box still ticked); forced, the version is listed; a correction after
// reopening shows whose index, rank or band changes.
func TestPublishPage(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	pub := "/app/periods/2026/publish"
	sec := s.browser()
	sec.mustLogin("thuky")
	p := sec.get(pub)
	if !strings.Contains(p.text(), "Còn 3 vấn đề ngăn công bố") || !strings.Contains(p.text(), "Chưa công bố phiên bản nào") {
		t.Errorf("the publish page: %s", p.text())
	}
	p = sec.postFrom(pub, pub, url.Values{"reason": {"Kết quả đợt 1"}})
	if p.Status != http.StatusConflict || len(errorsOf(p)) != 1 || p.value("reason") != "Kết quả đợt 1" {
		t.Errorf("publishing incomplete results: %d %v %q", p.Status, errorsOf(p), p.value("reason"))
	}
	p = sec.postFrom(pub, pub, url.Values{"reason": {"Buộc"}, "force": {"1"}})
	if p.Status != http.StatusForbidden {
		t.Errorf("the secretariat forces: %d %v", p.Status, errorsOf(p))
	}

	admin := s.browser()
	admin.mustLogin("admin")
	p = admin.postFrom(pub, pub, url.Values{"reason": {"   "}, "force": {"1"}})
	if p.Status != http.StatusUnprocessableEntity || !slices.ContainsFunc(errorsOf(p), func(e string) bool { return strings.HasPrefix(e, "#reason ") }) ||
		!hasAttr(p.byID("force"), "checked") {
		t.Errorf("a force without a reason: %d %v", p.Status, errorsOf(p))
	}
	p = admin.postFrom(pub, pub, url.Values{"reason": {"Công bố theo chỉ đạo"}, "force": {"1"}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != pub+"?version=1" {
		t.Fatalf("the admin's forced publication: %d %v", p.Status, errorsOf(p))
	}
	p = admin.get(pub + "?version=1")
	if !strings.Contains(p.text(), "Đã công bố phiên bản 1") || !strings.Contains(p.text(), "Công bố theo chỉ đạo") || !strings.Contains(p.text(), "buộc công bố") {
		t.Errorf("after publishing: %s", p.text())
	}
	// The public API serves it at once (the API's cache was told).
	s.api(http.StatusOK, "GET", "/api/v1/public/periods/2026/results?tier=department", "", nil, nil)

	// Reopen, change a point, and see the difference.
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", s.admin, map[string]any{"stage": "appraisal", "reason": "Đính chính điểm"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/units/stc/scores", s.admin, map[string]any{"scores": []map[string]any{{"criterion": "2.1", "points": 60}}}, nil)
	p = admin.get(pub)
	rows := p.rows()
	if len(rows) < 1 || rows[0][0] != "Sở Tài chính" || rows[0][2] != "0,00% → 61,54%" || rows[0][3] != "2 → 2" {
		t.Errorf("the correction's differences: %v", rows)
	}
}

// TestImportPage: the template comes from the exports; a file with a bad
// cell is refused with the cell named and nothing saved; fixed, it saves
// and the page lists what changed.
func TestImportPage(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	sec := s.browser()
	sec.mustLogin("thuky")
	imports := "/app/periods/2026/imports"
	tpl := sec.get("/app/periods/2026/exports/template.xlsx?tier=department")
	if tpl.Status != http.StatusOK || tpl.Header.Get("Content-Type") != xlsx.ContentType {
		t.Fatalf("the template: %d %s", tpl.Status, tpl.Header.Get("Content-Type"))
	}
	bad, err := xlsx.Fill(tpl.Body, xlsx.Typed{Unit: "stc", Criterion: "1.1", Points: "7"}, xlsx.Typed{Unit: "stc", Criterion: "2.1", Points: "99"})
	if err != nil {
		t.Fatal(err)
	}
	p := sec.upload(imports, "file", "mau.xlsx", bad)
	cells := p.byID("cells-title")
	if p.Status != http.StatusUnprocessableEntity || cells == nil {
		t.Fatalf("a bad cell: %d %s", p.Status, p.text())
	}
	var items []string
	for _, li := range under(cells.Parent, "li") {
		items = append(items, text(li))
	}
	if len(items) != 1 || !strings.Contains(items[0], "Ô E") || !strings.Contains(items[0], "Sở Tài chính") {
		t.Errorf("the refused cells: %v", items)
	}
	if attr(p.byID("file"), "aria-invalid") != "true" || len(errorsOf(p)) != 1 || !strings.HasPrefix(errorsOf(p)[0], "#file ") {
		t.Errorf("the refusal's summary: %v", errorsOf(p))
	}
	var scores struct{ Scores []map[string]any }
	s.api(http.StatusOK, "GET", "/api/v1/periods/2026/scores?unit=stc", s.admin, nil, &scores)
	if len(scores.Scores) != 0 {
		t.Errorf("a refused file saved %v", scores.Scores)
	}

	// A body larger than any workbook is cut off before it is read.
	if p := sec.upload(imports, "file", "big.xlsx", make([]byte, 11<<20)); p.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("an 11 MB upload: %d", p.Status)
	}

	good, _ := xlsx.Fill(tpl.Body, xlsx.Typed{Unit: "stc", Criterion: "1.1", Points: "7"}, xlsx.Typed{Unit: "stc", Criterion: "2.1", Points: "55,5"})
	p = sec.upload(imports, "file", "mau.xlsx", good)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("a good file: %d %v", p.Status, errorsOf(p))
	}
	p = sec.get(p.Header.Get("Location"))
	if !strings.Contains(p.text(), "Đã nhập: 2 giá trị thay đổi") {
		t.Errorf("after the import: %s", p.text())
	}
	if want := [][]string{{"stc", "1.1", "Điểm thẩm định", "—", "7"}, {"stc", "2.1", "Điểm thẩm định", "—", "55.5"}}; !slices.EqualFunc(p.rows(), want, slices.Equal) {
		t.Errorf("the changes: %v, want %v", p.rows(), want)
	}
}

// TestExports: every download answers with its type and a file name.
func TestExports(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	sec := s.browser()
	sec.mustLogin("thuky")
	p := sec.get("/app/periods/2026/exports")
	var links []string
	for _, a := range p.all("a") {
		if h := attr(a, "href"); strings.Contains(h, "/exports/") {
			links = append(links, h)
		}
	}
	if len(links) != 6 || !slices.Contains(links, "/app/periods/2026/exports/template.xlsx?tier=department&member=hoidong") {
		t.Errorf("the export links: %v", links)
	}
	for _, l := range links {
		r := sec.get(l)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment; filename=") || len(r.Body) == 0 {
			t.Errorf("%s: %d %s", l, r.Status, r.Header.Get("Content-Disposition"))
		}
	}
	if r := sec.get("/app/periods/2026/exports/audit.csv"); !strings.HasPrefix(string(r.Body), "\ufeffid,at,actor") {
		t.Errorf("audit.csv: %.100s", r.Body)
	}
}

// TestDashboard: the figures, every chart an img with a title and a
// description, and the ranking.
func TestDashboard(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	sec := s.browser()
	sec.mustLogin("thuky")
	p := sec.get("/app/periods/2026/dashboard?tier=department")
	if p.Status != http.StatusOK {
		t.Fatalf("%d %s", p.Status, p.Body)
	}
	svgs := p.all("svg")
	if len(svgs) != 4 { // no published previous year: no change chart
		t.Errorf("%d charts, want 4", len(svgs))
	}
	for _, svg := range svgs {
		if attr(svg, "role") != "img" || len(under(svg, "title")) != 1 || len(under(svg, "desc")) != 1 || text(under(svg, "desc")[0]) == "" {
			t.Errorf("a chart without its text alternative: %v", svg.Attr)
		}
	}
	if want := [][]string{{"1", "Thanh tra tỉnh", "59,5", "63,0", "64,62%", "—"}, {"2", "Sở Tài chính", "0,0", "0,0", "0,00%", "—"}}; !slices.EqualFunc(p.rows(), want, slices.Equal) {
		t.Errorf("ranking %v, want %v", p.rows(), want)
	}
	if p := sec.get("/app/periods/2026/dashboard?tier=nope"); p.Status != http.StatusNotFound {
		t.Errorf("an unknown tier: %d", p.Status)
	}
}

// TestNewsPages: a title is needed (the refusal keeps the rest); a
// preview shows the sanitized HTML and saves nothing; publishing makes
// the public page; the announcement draft is written from the snapshot.
func TestNewsPages(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	sec := s.browser()
	sec.mustLogin("thuky")
	p := sec.postFrom("/app/news", "/app/news", url.Values{"title": {"  "}})
	if p.Status != http.StatusUnprocessableEntity || len(errorsOf(p)) != 1 || !strings.HasPrefix(errorsOf(p)[0], "#title ") {
		t.Errorf("a news record without a title: %d %v", p.Status, errorsOf(p))
	}
	p = sec.postFrom("/app/news", "/app/news", url.Values{"title": {"Công bố Chỉ số CCHC năm 2026"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %v", p.Status, errorsOf(p))
	}
	item := p.Header.Get("Location")
	body := "Kết quả **tốt**.\n\n<script>alert(1)</script>"
	p = sec.postFrom(item, item, url.Values{"title": {"Công bố Chỉ số CCHC năm 2026"}, "summary": {"Tóm tắt"}, "body": {body}, "action": {"preview"}})
	prev := p.byID("preview-title")
	if p.Status != http.StatusOK || prev == nil || len(under(prev.Parent, "strong")) != 1 || len(under(prev.Parent, "script")) != 0 || p.value("body") != body {
		t.Errorf("the preview: %d %s", p.Status, p.text())
	}
	if n := sec.get(item); n.value("body") != "" {
		t.Errorf("a preview saved the body: %q", n.value("body"))
	}
	p = sec.postFrom(item, item, url.Values{"title": {""}, "summary": {"Tóm tắt"}, "body": {body}, "action": {"save"}})
	if p.Status != http.StatusUnprocessableEntity || p.value("body") != body || p.value("summary") != "Tóm tắt" {
		t.Errorf("saving without a title: %d %v %q", p.Status, errorsOf(p), p.value("summary"))
	}
	p = sec.postFrom(item, item, url.Values{"title": {"Công bố Chỉ số CCHC năm 2026"}, "summary": {"Tóm tắt"}, "body": {body}, "action": {"publish"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d %v", p.Status, errorsOf(p))
	}
	p = sec.get(p.Header.Get("Location"))
	var public string
	for _, a := range p.all("a") {
		if strings.HasPrefix(attr(a, "href"), "/news/") {
			public = attr(a, "href")
		}
	}
	if public == "" || !strings.Contains(p.text(), "Đã đăng tin") {
		t.Fatalf("after publishing: %s", p.text())
	}
	if pub := s.browser().get(public); pub.Status != http.StatusOK || !strings.Contains(string(pub.Body), "Công bố Chỉ số CCHC năm 2026") {
		t.Errorf("the public page %s: %d", public, pub.Status)
	}
	// Unpublished from the page, the public page is gone at once: the read
	// path forgets the answer it kept, as after the API's unpublish.
	s.browser().get(public)
	p = sec.postFrom(item, item, url.Values{"title": {"Công bố Chỉ số CCHC năm 2026"}, "summary": {"Tóm tắt"}, "body": {body}, "action": {"unpublish"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("unpublish: %d %v", p.Status, errorsOf(p))
	}
	if pub := s.browser().get(public); pub.Status != http.StatusNotFound {
		t.Errorf("the public page %s after unpublishing: %d", public, pub.Status)
	}

	// The announcement draft needs a published year.
	if p := sec.postFrom("/app/news", "/app/news/draft", url.Values{"year": {"2026"}}); p.Status != http.StatusConflict {
		t.Errorf("a draft of an unpublished year: %d", p.Status)
	}
	admin := s.browser()
	admin.mustLogin("admin")
	admin.postFrom("/app/periods/2026/publish", "/app/periods/2026/publish", url.Values{"reason": {"Công bố"}, "force": {"1"}})
	p = sec.postFrom("/app/news", "/app/news/draft", url.Values{"year": {"2026"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("the draft: %d %v", p.Status, errorsOf(p))
	}
	draft := p.Header.Get("Location")
	p = sec.get(draft)
	if !strings.Contains(p.value("body"), "Thanh tra tỉnh") {
		t.Errorf("the draft's body: %q", p.value("body"))
	}
	if !strings.Contains(p.text(), "Báo cáo kết quả Chỉ số CCHC năm 2026 (tệp Excel)") || p.byID("attach") != nil {
		t.Errorf("the draft comes with the report attached: %s", p.text())
	}
	// Attaching again keeps one copy.
	p = sec.postFrom(draft, draft, url.Values{"title": {p.value("title")}, "summary": {p.value("summary")}, "body": {p.value("body")}, "action": {"attach"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("attach: %d %v", p.Status, errorsOf(p))
	}
	if p = sec.get(p.Header.Get("Location")); !strings.Contains(p.text(), "Đã đính kèm báo cáo") || strings.Count(string(p.Body), `<li><a href="/api/v1/public/periods/2026/report.xlsx">`) != 1 {
		t.Errorf("after attaching: %s", p.text())
	}
}

// TestAuditPage: filters narrow the log; a bad filter is refused at its
// field with what was typed; one entry opens with its values.
func TestAuditPage(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	sec := s.browser()
	sec.mustLogin("thuky")
	p := sec.get("/app/audit?year=2026&unit=tt&kind=score&actor=hoidong")
	rows := p.rows()
	if len(rows) != 2 {
		t.Fatalf("the council's scores of tt: %v", rows)
	}
	for _, r := range rows {
		if r[1] != "hoidong" || r[4] != "tt" || !strings.HasPrefix(r[2], "Điểm") {
			t.Errorf("a row outside the filter: %v", r)
		}
	}
	if p := sec.get("/app/audit?year=2026&from=1/1/2026&until=31/12/2099"); len(p.rows()) == 0 {
		t.Error("the time filter drops everything")
	}
	if p := sec.get("/app/audit?from=1/1/2099"); len(p.rows()) != 0 {
		t.Errorf("entries from the future: %v", p.rows())
	}
	p = sec.get("/app/audit?year=abc&unit=tt&from=x")
	if p.Status != http.StatusUnprocessableEntity || len(errorsOf(p)) != 2 || p.value("year") != "abc" || p.value("unit") != "tt" {
		t.Errorf("bad filters: %d %v", p.Status, errorsOf(p))
	}
	var link string
	for _, a := range sec.get("/app/audit?kind=score&unit=tt&actor=tt-user").all("a") {
		if strings.HasPrefix(attr(a, "href"), "/app/audit/") {
			link = attr(a, "href")
		}
	}
	if e := sec.get(link); e.Status != http.StatusOK || !strings.Contains(e.text(), "Giá trị sau") || !strings.Contains(e.text(), "tt-user") {
		t.Errorf("one entry %s: %d %s", link, e.Status, e.text())
	}
	if e := sec.get("/app/audit/999999"); e.Status != http.StatusNotFound {
		t.Errorf("a missing entry: %d", e.Status)
	}
}
