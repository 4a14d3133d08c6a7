package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/demo"
)

func TestNewsLifecycle(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	sec := ts.user("thuky", "secretariat", "")
	create := map[string]any{
		"title":   "Đánh giá Chỉ số CCHC năm 2016: kết quả điều tra xã hội học",
		"summary": "Mức độ hài lòng của người dân.",
		"body":    "## Kết quả\n\nXem [báo cáo](/api/v1/public/periods/2016/report.xlsx).\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">đậm</b>\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
		"author":  "Tổ thư ký", "department": "Phòng CCHC", "category": "Cải cách hành chính", "period": 2016,
		"attachments": []map[string]any{{"title": "Báo cáo", "url": "/api/v1/public/periods/2016/report.xlsx"}},
		"related":     []string{demo.News().Slug},
	}
	n := ts.must(http.StatusCreated, "POST", "/api/v1/news", sec, create).JSON(t)
	id := string(n["id"].(json.Number))
	if n["slug"] != "danh-gia-chi-so-cchc-nam-2016-ket-qua-dieu-tra-xa-hoi-hoc" || n["status"] != "draft" || n["published_at"] != nil {
		t.Errorf("created: slug %v, status %v, published_at %v", n["slug"], n["status"], n["published_at"])
	}
	html, _ := n["body_html"].(string)
	for _, bad := range []string{"<script", "alert(1)", "onclick", "javascript:"} {
		if strings.Contains(html, bad) {
			t.Errorf("body_html keeps %q: %s", bad, html)
		}
	}
	for _, want := range []string{"<h2>Kết quả</h2>", `<a href="/api/v1/public/periods/2016/report.xlsx"`, "<table>", "<td>1</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("body_html lacks %q: %s", want, html)
		}
	}
	// The same title again gets the next free slug; a taken slug given is a conflict.
	again := ts.must(http.StatusCreated, "POST", "/api/v1/news", sec, map[string]any{"title": create["title"]}).JSON(t)
	if again["slug"] != "danh-gia-chi-so-cchc-nam-2016-ket-qua-dieu-tra-xa-hoi-hoc-2" {
		t.Errorf("second slug %v", again["slug"])
	}
	ts.must(http.StatusConflict, "POST", "/api/v1/news", sec, map[string]any{"title": "X", "slug": demo.News().Slug})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/news", sec, map[string]any{"title": "X", "slug": "Có Dấu"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/news", sec, map[string]any{"title": " "})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/news", sec, map[string]any{"title": "X", "period": 2099})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/news", sec, map[string]any{"title": "X", "related": []string{"khong-co"}})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/news", sec, map[string]any{"title": "X", "attachments": []map[string]any{{"title": "x", "url": "javascript:alert(1)"}}})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/news", sec, map[string]any{"title": "X", "published_at": "27/6/2017"})
	ts.must(http.StatusBadRequest, "POST", "/api/v1/news", sec, map[string]any{"title": "X", "colour": "red"})
	ts.must(http.StatusForbidden, "POST", "/api/v1/news", ts.council(), map[string]any{"title": "X"})
	ts.must(http.StatusUnauthorized, "GET", "/api/v1/news", "", nil)

	// Edits change only what is sent; the slug stays.
	e := ts.must(http.StatusOK, "PATCH", "/api/v1/news/"+id, sec, map[string]any{"title": "Kết quả điều tra xã hội học năm 2016", "published_at": "2017-06-28"}).JSON(t)
	if e["slug"] != n["slug"] || e["summary"] != create["summary"] || e["title"] != "Kết quả điều tra xã hội học năm 2016" || e["published_at"] != "2017-06-28T01:00:00Z" {
		t.Errorf("edited: %v", e)
	}
	ts.must(http.StatusNotFound, "PATCH", "/api/v1/news/999", sec, map[string]any{"title": "X"})
	ts.must(http.StatusBadRequest, "GET", "/api/v1/news/abc", sec, nil)
	ts.must(http.StatusOK, "GET", "/api/v1/news/"+id, sec, nil)

	// Published: the public sees it, newest first, with sanitized HTML.
	slug := n["slug"].(string)
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/news/"+slug, "", nil)
	ts.must(http.StatusOK, "POST", "/api/v1/news/"+id+"/publish", sec, nil)
	list := ts.must(http.StatusOK, "GET", "/api/v1/public/news", "", nil).JSON(t)
	items := list["items"].([]any)
	if list["total"] != json.Number("2") || len(items) != 2 || items[0].(map[string]any)["slug"] != slug || items[1].(map[string]any)["slug"] != demo.News().Slug {
		t.Errorf("public list (newest first): %v", list)
	}
	if _, ok := items[0].(map[string]any)["body_html"]; ok {
		t.Error("the public list carries bodies")
	}
	page2 := ts.must(http.StatusOK, "GET", "/api/v1/public/news?per_page=1&page=2", "", nil).JSON(t)
	if its := page2["items"].([]any); len(its) != 1 || its[0].(map[string]any)["slug"] != demo.News().Slug {
		t.Errorf("page 2: %v", page2)
	}
	if none := ts.must(http.StatusOK, "GET", "/api/v1/public/news?category=Kh%C3%A1c", "", nil).JSON(t); none["total"] != json.Number("0") {
		t.Errorf("category filter: %v", none)
	}
	ts.must(http.StatusBadRequest, "GET", "/api/v1/public/news?per_page=500", "", nil)
	item := ts.must(http.StatusOK, "GET", "/api/v1/public/news/"+slug, "", nil)
	for _, bad := range []string{"created_by", "thuky", "<script", `"body":`} {
		if contains(item.Body, bad) {
			t.Errorf("the public record shows %q: %s", bad, item.Body)
		}
	}
	if !contains(item.Body, `"related":[{"slug":"`+demo.News().Slug) {
		t.Errorf("related: %s", item.Body)
	}
	// A related draft is not shown to the public.
	ts.must(http.StatusOK, "PATCH", "/api/v1/news/"+id, sec, map[string]any{"related": []string{again["slug"].(string)}})
	if item := ts.must(http.StatusOK, "GET", "/api/v1/public/news/"+slug, "", nil); contains(item.Body, again["slug"].(string)) {
		t.Errorf("a draft shows among related records: %s", item.Body)
	}
	staff := ts.must(http.StatusOK, "GET", "/api/v1/news?status=draft", sec, nil).JSON(t)
	if staff["total"] != json.Number("1") {
		t.Errorf("drafts: %v", staff)
	}
}

// TestDemoNews: the demo's record is published, announces 2016, links the
// report, and its page shows both rankings.
func TestDemoNews(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	a := demo.News()
	n := ts.must(http.StatusOK, "GET", "/api/v1/public/news/"+a.Slug, "", nil).JSON(t)
	if n["title"] != a.Title || n["period"] != json.Number("2016") || n["published_at"] != "2017-06-27T02:00:00Z" {
		t.Errorf("demo news: %v", n)
	}
	if !strings.Contains(n["body_html"].(string), `href="/api/v1/public/periods/2016/report.xlsx"`) {
		t.Errorf("the demo news does not link the report: %s", n["body_html"])
	}
	page := ts.must(http.StatusOK, "GET", "/news/"+a.Slug, "", nil)
	for _, want := range []string{"<h1>" + a.Title + "</h1>", "74,86%", "75,76%", "Tài liệu đính kèm", "Kết quả: Khối sở, ban, ngành",
		"Kết quả: Khối huyện, thành phố", "27/6/2017", "minh họa"} {
		if !contains(page.Body, want) {
			t.Errorf("the news page lacks %q", want)
		}
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("news page CSP %q", csp)
	}
}
