package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/parindex/parindex/internal/browsertest"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/store"
)

func init() {
	// The pages are HTML; the contract checks their status and headers.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

// newPortalServer is the real server on a temporary SQLite file with
// options, and the demo province loaded when withDemo is set.
func newPortalServer(t *testing.T, opt Options, withDemo bool) *testServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "parindex.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.CreateFirstAdmin(ctx, "admin", testHash(t, adminPassword)); err != nil {
		t.Fatal(err)
	}
	if withDemo {
		if ok, err := demo.Load(ctx, st); err != nil || !ok {
			t.Fatalf("demo.Load = %v, %v", ok, err)
		}
	}
	opt.TokenTTL, opt.BodyLimit, opt.PasswordCost = time.Hour, 2<<20, testPasswordCost
	opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(New(st, opt))
	t.Cleanup(srv.Close)
	ts := &testServer{t: t, URL: srv.URL, store: st}
	ts.admin = ts.login("admin", adminPassword)
	return ts
}

// get sends a GET with extra headers; the response is checked against the spec.
func (ts *testServer) get(path string, header map[string]string) response {
	ts.t.Helper()
	req, err := http.NewRequest("GET", ts.URL+path, nil)
	if err != nil {
		ts.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	r := response{Status: res.StatusCode, Header: res.Header, Body: body}
	checkAgainstSpec(ts.t, req, r)
	return r
}

func portalGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "portal", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/httpapi -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file %s (run with -update after checking the change):\n%s", name, path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n- " + clipLine(a) + "\n+ " + clipLine(b)
		}
	}
	return ""
}

func clipLine(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// publicRoutes are every public read of the period 2016 and of a news slug.
func publicRoutes(slug string) []string {
	return []string{
		"/api/v1/public/periods/2016/results?tier=department",
		"/api/v1/public/periods/2016/results.csv?tier=department",
		"/api/v1/public/periods/2016/summary",
		"/api/v1/public/periods/2016/summary.csv",
		"/api/v1/public/periods/2016/versions",
		"/api/v1/public/units/tt",
		"/embed/periods/2016?tier=department",
		"/embed/periods/2016",
		"/api/v1/public/news/" + slug,
		"/news/" + slug,
	}
}

// TestUnpublishedIsInvisible: before publication, and for draft news,
// every public route answers 404 (never 403), and lists leave them out.
func TestUnpublishedIsInvisible(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, appraisedScores())
	n := ts.must(http.StatusCreated, "POST", "/api/v1/news", ts.admin, map[string]any{
		"title": "Chỉ số CCHC năm 2016", "body": "Sắp công bố.", "period": 2016}).JSON(t)
	slug := n["slug"].(string)
	if slug != "chi-so-cchc-nam-2016" {
		t.Errorf("slug = %q, want chi-so-cchc-nam-2016", slug)
	}
	id := string(n["id"].(json.Number))
	for _, path := range publicRoutes(slug) {
		r := ts.get(path, nil)
		if r.Status != http.StatusNotFound {
			t.Errorf("GET %s before publication: %d, want 404\n%s", path, r.Status, r.Body)
		}
	}
	// The draft announcement needs published results.
	ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/news-draft", ts.admin, nil)
	list := ts.must(http.StatusOK, "GET", "/api/v1/public/news", "", nil)
	if contains(list.Body, slug) || !contains(list.Body, `"total":0`) {
		t.Errorf("the public list shows a draft: %s", list.Body)
	}
	periods := ts.must(http.StatusOK, "GET", "/api/v1/public/periods", "", nil)
	if contains(periods.Body, "2016") {
		t.Errorf("the public periods list an unpublished period: %s", periods.Body)
	}

	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	ts.must(http.StatusOK, "POST", "/api/v1/news/"+id+"/publish", ts.admin, nil)
	for _, path := range publicRoutes(slug) {
		if r := ts.get(path, nil); r.Status != http.StatusOK {
			t.Errorf("GET %s after publication: %d, want 200\n%s", path, r.Status, r.Body)
		}
	}
	ts.must(http.StatusOK, "POST", "/api/v1/news/"+id+"/unpublish", ts.admin, nil)
	for _, path := range []string{"/api/v1/public/news/" + slug, "/news/" + slug} {
		if r := ts.get(path, nil); r.Status != http.StatusNotFound {
			t.Errorf("GET %s after unpublishing: %d, want 404", path, r.Status)
		}
	}
	if list := ts.must(http.StatusOK, "GET", "/api/v1/public/news", "", nil); contains(list.Body, slug) {
		t.Errorf("the public list shows an unpublished record: %s", list.Body)
	}
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/units/nobody", "", nil)
	ts.must(http.StatusNotFound, "GET", "/embed/periods/2016?tier=district", "", nil)
}

func TestETagAndNotModified(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	for _, path := range []string{
		"/api/v1/public/periods",
		"/api/v1/public/periods/2016/results?tier=department",
		"/api/v1/public/periods/2016/results.csv?tier=district",
		"/api/v1/public/periods/2016/summary",
		"/api/v1/public/periods/2016/summary.csv",
		"/api/v1/public/periods/2016/versions",
		"/api/v1/public/units/thanh-tra",
		"/api/v1/public/news",
		"/api/v1/public/news/" + demo.News().Slug,
		"/embed/periods/2016?tier=district",
		"/news/" + demo.News().Slug,
	} {
		first := ts.get(path, nil)
		etag := first.Header.Get("ETag")
		if first.Status != http.StatusOK || etag == "" || !strings.HasPrefix(first.Header.Get("Cache-Control"), "public, max-age=") {
			t.Errorf("GET %s: %d, ETag %q, Cache-Control %q", path, first.Status, etag, first.Header.Get("Cache-Control"))
			continue
		}
		again := ts.get(path, nil)
		if again.Header.Get("ETag") != etag || !bytes.Equal(again.Body, first.Body) {
			t.Errorf("GET %s twice: ETag %q then %q, bodies equal %v", path, etag, again.Header.Get("ETag"), bytes.Equal(again.Body, first.Body))
		}
		for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
			r := ts.get(path, map[string]string{"If-None-Match": inm})
			if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != etag {
				t.Errorf("GET %s with If-None-Match %s: %d, %d bytes, ETag %q; want 304, empty", path, inm, r.Status, len(r.Body), r.Header.Get("ETag"))
			}
		}
		if r := ts.get(path, map[string]string{"If-None-Match": `"stale"`}); r.Status != http.StatusOK {
			t.Errorf("GET %s with a stale ETag: %d, want 200", path, r.Status)
		}
	}
	// Each representation has its own tag; a numbered version is immutable.
	tags := map[string]string{}
	for _, path := range []string{
		"/api/v1/public/periods/2016/results?tier=department",
		"/api/v1/public/periods/2016/results?tier=district",
		"/api/v1/public/periods/2016/results?tier=department&pretty",
		"/api/v1/public/periods/2016/results.csv?tier=department",
		"/api/v1/public/periods/2016/results.csv?tier=department&bom=1",
		"/embed/periods/2016?tier=department",
		"/embed/periods/2016?tier=department&lang=en",
		"/embed/periods/2016?tier=department&compact=1",
	} {
		tag := ts.get(path, nil).Header.Get("ETag")
		if other, dup := tags[tag]; dup {
			t.Errorf("%s and %s share the ETag %s", path, other, tag)
		}
		tags[tag] = path
	}
	v := ts.get("/api/v1/public/periods/2016/results?tier=department&version=1", nil)
	if cc := v.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("a numbered version: Cache-Control %q, want immutable", cc)
	}
	if cc := ts.get("/api/v1/public/periods/2016/results?tier=department", nil).Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("the latest version: Cache-Control %q must not be immutable: a correction may supersede it", cc)
	}
}

func TestCORSOnPublicGetsOnly(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	for _, path := range []string{
		"/api/v1/public/periods",
		"/api/v1/public/periods/2016/results?tier=department",
		"/api/v1/public/periods/2016/results.csv?tier=department",
		"/api/v1/public/units/thanh-tra",
		"/api/v1/public/news",
		"/api/v1/public/periods/2099/summary", // a 404 is readable too
	} {
		r := ts.get(path, map[string]string{"Origin": "https://sonoivu.laichau.gov.vn"})
		if r.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("GET %s: Access-Control-Allow-Origin %q, expose %q", path, r.Header.Get("Access-Control-Allow-Origin"), r.Header.Get("Access-Control-Expose-Headers"))
		}
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/periods"},
		{"GET", "/api/v1/periods/2016/results?tier=department"},
		{"GET", "/api/v1/news"},
		{"POST", "/api/v1/periods/2016/news-draft"},
		{"GET", "/api/v1/me"},
		{"POST", "/api/v1/auth/login"},
	} {
		r := ts.do(c.method, c.path, ts.admin, nil)
		if r.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s %s carries CORS: %q", c.method, c.path, r.Header.Get("Access-Control-Allow-Origin"))
		}
	}
}

func TestEmbed(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{EmbedOrigins: []string{"https://sonoivu.laichau.gov.vn"}}, true)
	r := ts.must(http.StatusOK, "GET", "/embed/periods/2016?tier=department", "", nil)
	portalGolden(t, "embed-2016-department.golden.html", r.Body)
	page := string(r.Body)
	if n := len(r.Body); n > 50_000 {
		t.Errorf("the widget is %d bytes, over 50 KB", n)
	}
	t.Logf("embed size: %d bytes", len(r.Body))
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=UTF-8" {
		t.Errorf("Content-Type %q", ct)
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors https://sonoivu.laichau.gov.vn") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	// Self-contained: no script, no external style, font or image.
	for _, bad := range []string{"<script", "<link", "@import", "url(", "<img", "src=", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("the widget contains %q", bad)
		}
	}
	for _, want := range []string{"74,86%", "<table>", `<th scope="col"`, `<th scope="row">Thanh tra tỉnh</th>`, "<svg", `role="img"`, "<title id=", "<desc id=",
		`class="al"`, "Trung bình 74,86%", "minh họa", `lang="vi"`, "Công bố ngày 27/6/2017, bản công bố số 1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the widget lacks %q", want)
		}
	}
	if n := strings.Count(page, `<th scope="row">`); n != 20 {
		t.Errorf("%d table rows, want the 20 departments", n)
	}
	en := string(ts.must(http.StatusOK, "GET", "/embed/periods/2016?tier=district&lang=en", "", nil).Body)
	for _, want := range []string{"75.76%", `lang="en"`, "Average", "UBND thành phố Lai Châu"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English widget lacks %q", want)
		}
	}
	compact := string(ts.must(http.StatusOK, "GET", "/embed/periods/2016?tier=district&compact=true", "", nil).Body)
	if strings.Contains(compact, "<svg") || strings.Count(compact, `<th scope="row">`) != 8 {
		t.Errorf("compact mode has a chart or not the 8 districts")
	}
	ts.must(http.StatusBadRequest, "GET", "/embed/periods/2016?lang=fr", "", nil)
	ts.must(http.StatusBadRequest, "GET", "/embed/periods/2016?compact=maybe", "", nil)
	ts.must(http.StatusNotFound, "GET", "/embed/periods/2016?version=2", "", nil)
	ts.must(http.StatusOK, "GET", "/embed/periods/2016?version=1", "", nil)

	// Without configured origins only the service itself may frame it.
	self := newPortalServer(t, Options{}, true)
	if csp := self.must(http.StatusOK, "GET", "/embed/periods/2016", "", nil).Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") {
		t.Errorf("CSP without origins: %q", csp)
	}

	sn := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/embed-snippet?tier=department", ts.admin, nil).JSON(t)
	html, _ := sn["html"].(string)
	if !strings.HasPrefix(html, `<iframe src="`+ts.URL+`/embed/periods/2016?tier=department"`) || sn["published"] != true {
		t.Errorf("snippet: %v", sn)
	}
	ts.must(http.StatusForbidden, "GET", "/api/v1/periods/2016/embed-snippet?tier=department", ts.council(), nil)
	ts.must(http.StatusUnauthorized, "GET", "/api/v1/periods/2016/embed-snippet?tier=department", "", nil)
}

func TestOpenDataCSV(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	r := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results.csv?tier=department", "", nil)
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="parindex-2016-department-v1.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	j := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil)
	dec := json.NewDecoder(bytes.NewReader(j.Body))
	dec.UseNumber()
	var generic struct {
		Units []map[string]any `json:"units"`
	}
	if err := dec.Decode(&generic); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 21 || rows[0][0] != "rank" || rows[0][5] != "index" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for i, u := range generic.Units {
		row := rows[i+1]
		if row[0] != string(u["rank"].(json.Number)) || row[2] != u["unit_name"] || row[5] != string(u["index"].(json.Number)) {
			t.Errorf("row %d = %v, JSON has %v %v %v", i+1, row[:6], u["rank"], u["unit_name"], u["index"])
		}
	}
	bom := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/summary.csv?bom=1", "", nil)
	if !bytes.HasPrefix(bom.Body, []byte("\ufeffyear,tier,")) || !contains(bom.Body, "2016,department,\"Khối sở, ban, ngành\",20,20,74.86,") {
		t.Errorf("summary.csv:\n%s", bom.Body)
	}
}

func TestUnitProfile(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, appraisedScores())
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017, "title": "Chỉ số CCHC năm 2017"})
	fixture2017(ts)
	// 2017 is live only: the profile shows 2016 alone.
	p := ts.must(http.StatusOK, "GET", "/api/v1/public/units/bdt", "", nil).JSON(t)
	if h := p["history"].([]any); len(h) != 1 || p["year"] != json.Number("2016") {
		t.Errorf("before 2017 is published: %v", p)
	}
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", ts.admin, map[string]any{"force": true, "reason": "một phần"})
	r := ts.must(http.StatusOK, "GET", "/api/v1/public/units/bdt", "", nil)
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var g map[string]any
	if err := dec.Decode(&g); err != nil {
		t.Fatal(err)
	}
	hist := g["history"].([]any)
	if len(hist) != 2 || g["year"] != json.Number("2017") || g["unit_name"] != "Ban Dân tộc" {
		t.Fatalf("profile: %s", r.Body)
	}
	h0, h1 := hist[0].(map[string]any), hist[1].(map[string]any)
	if h0["year"] != json.Number("2017") || h0["rank"] != json.Number("1") || h0["rank_change"] != json.Number("4") || h0["index"] != json.Number("100.00") {
		t.Errorf("2017: %v", h0)
	}
	if h1["year"] != json.Number("2016") || h1["rank"] != json.Number("5") || h1["index"] != json.Number("50.78") {
		t.Errorf("2016: %v", h1)
	}
	strong, weak := g["strongest"].(map[string]any), g["weakest"].(map[string]any)
	if strong["index"] != json.Number("100.00") || weak["index"] != json.Number("100.00") || strong["code"] != "1" || weak["code"] != "1" {
		t.Errorf("strongest %v, weakest %v: every field is at 100, so both are the first", strong, weak)
	}
	// 2016 alone: Ban Dân tộc's fields differ.
	tt := ts.must(http.StatusOK, "GET", "/api/v1/public/units/tt", "", nil).JSON(t)
	if tt["strongest"].(map[string]any)["code"] == tt["weakest"].(map[string]any)["code"] {
		t.Errorf("Thanh tra: strongest and weakest are the same field: %v", tt)
	}
}

// draftNumber finds the figures in a draft; each must be one of the snapshot's a draft may write: every number in the
// text must be one of them.
var draftNumber = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// TestNewsDraftFiguresEqualSnapshot checks each figure of the draft
// announcement against the published snapshot, both ways: every expected
// figure is there, and every number in the text comes from the snapshot.
func TestNewsDraftFiguresEqualSnapshot(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	sec := ts.user("thuky", "secretariat", "")
	ts.must(http.StatusForbidden, "POST", "/api/v1/periods/2016/news-draft", ts.council(), nil)
	ts.must(http.StatusNotFound, "POST", "/api/v1/periods/2099/news-draft", sec, nil)
	r := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/news-draft", sec, nil).JSON(t)
	body, _ := r["body"].(string)
	portalGolden(t, "draft-2016.golden.md", []byte(body))
	if r["status"] != "draft" || r["slug"] != "cong-bo-chi-so-cai-cach-hanh-chinh-nam-2016-2" || r["period"] != json.Number("2016") {
		t.Errorf("draft: status %v, slug %v (the demo's own record has the bare slug), period %v", r["status"], r["slug"], r["period"])
	}
	if atts := r["attachments"].([]any); len(atts) != 1 || atts[0].(map[string]any)["url"] != "/api/v1/public/periods/2016/report.xlsx" {
		t.Errorf("attachments: %v", atts)
	}
	slug := r["slug"].(string)
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/news/"+slug, "", nil)

	// The expected figures, read from the published snapshot.
	sum := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/summary", "", nil).JSON(t)
	vi := func(n any) string { return strings.ReplaceAll(string(n.(json.Number)), ".", ",") }
	published := sum["published"].(map[string]any)
	at, err := time.Parse(time.RFC3339, published["published_at"].(string))
	if err != nil {
		t.Fatal(err)
	}
	date := at.In(time.FixedZone("ICT", 7*3600)).Format("2/1/2006") // 27/6/2017
	allowed := map[string]bool{"2016": true, string(published["version"].(json.Number)): true}
	var want []string
	summary, _ := r["summary"].(string)
	for _, x := range sum["tiers"].([]any) {
		ts := x.(map[string]any)
		name := ts["tier_name"].(string)
		lower := strings.ToLower(name[:1]) + name[1:]
		avg := vi(ts["average_index"]) + "%"
		want = append(want, "Giá trị trung bình Chỉ số CCHC của "+lower+" ("+string(ts["units"].(json.Number))+" đơn vị) đạt **"+avg+"**",
			"cao nhất "+vi(ts["max_index"])+"%", "thấp nhất "+vi(ts["min_index"])+"%", "trung vị "+vi(ts["median_index"])+"%",
			string(ts["above_average"].(json.Number))+" đơn vị đạt trên mức trung bình")
		if !strings.Contains(summary, lower+" đạt "+avg) {
			t.Errorf("the summary lacks %q: %s", lower+" đạt "+avg, summary)
		}
		for _, k := range []string{"units", "above_average"} {
			allowed[string(ts[k].(json.Number))] = true
		}
		for _, k := range []string{"average_index", "max_index", "min_index", "median_index"} {
			allowed[vi(ts[k])] = true
		}
		var bands []string
		for _, b := range ts["bands"].([]any) {
			b := b.(map[string]any)
			bands = append(bands, b["label"].(string)+" (từ "+vi(b["min_index"])+"%): "+string(b["units"].(json.Number))+" đơn vị")
			allowed[vi(b["min_index"])], allowed[string(b["units"].(json.Number))] = true, true
		}
		want = append(want, "Xếp loại: "+strings.Join(bands, "; ")+".")
		for _, l := range ts["leading"].([]any) {
			l := l.(map[string]any)
			want = append(want, l["unit_name"].(string)+" (hạng "+string(l["rank"].(json.Number))+", "+vi(l["index"])+"%)")
		}
	}
	// The trailing units, from each tier's ranking.
	for _, tier := range []string{"department", "district"} {
		res := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier="+tier, "", nil).JSON(t)
		units := res["units"].([]any)
		for _, x := range units {
			u := x.(map[string]any)
			allowed[string(u["rank"].(json.Number))], allowed[vi(u["index"])] = true, true
		}
		for _, x := range units[len(units)-3:] {
			u := x.(map[string]any)
			want = append(want, u["unit_name"].(string)+" (hạng "+string(u["rank"].(json.Number))+", "+vi(u["index"])+"%)")
		}
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the draft lacks %q", w)
		}
	}
	// And nothing else: every number in the text is a snapshot figure.
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "Ghi chú của bản công bố:") {
			continue // the publisher's own words, quoted
		}
		line = regexp.MustCompile(`\]\([^)]*\)`).ReplaceAllString(line, "]") // link targets
		line = strings.ReplaceAll(line, "Ngày "+date+",", "")
		for _, n := range draftNumber.FindAllString(line, -1) {
			if !allowed[n] {
				t.Errorf("the draft writes %s, which is no figure of the snapshot: %q", n, line)
			}
		}
	}
	if !strings.Contains(body, "(/api/v1/public/periods/2016/report.xlsx)") || !strings.Contains(body, "Ngày "+date+",") || date != "27/6/2017" {
		t.Errorf("the draft lacks the report link or the date:\n%s", body)
	}
}

// TestNewsDraftRises: with a previous year, the draft names the biggest
// rises with the snapshot's rank and index changes.
func TestNewsDraftRises(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, appraisedScores())
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017, "title": "Chỉ số cải cách hành chính năm 2017"})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, fixtureFramework)
	var rows []map[string]any
	for _, c := range []struct {
		code string
		max  any
	}{{"1.1", 10}, {"1.2.1", "5.25"}, {"1.2.2", "5.25"}, {"2.1", "60.247"}, {"2.2", "16.753"}} {
		for _, u := range []string{"bdt", "tt", "stc", "stp", "sgtvt"} {
			pts := c.max
			switch {
			case u == "tt":
				pts = 1
			case u == "sgtvt" && c.code == "1.1":
				pts = 9
			}
			rows = append(rows, map[string]any{"unit": u, "criterion": c.code, "points": pts})
		}
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", ts.admin, map[string]any{"scores": rows})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", ts.admin, nil)
	res := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2017/results?tier=department", "", nil).JSON(t)
	body := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2017/news-draft", ts.admin, nil).JSON(t)["body"].(string)
	if !strings.Contains(body, "So với năm 2016, tăng hạng nhiều nhất: ") {
		t.Fatalf("no rises in the draft:\n%s", body)
	}
	// Every unit that rose is named with its ranks and index change.
	named := 0
	for _, x := range res["units"].([]any) {
		u := x.(map[string]any)
		rc, ok := u["rank_change"].(json.Number)
		if !ok || rc == "0" || strings.HasPrefix(string(rc), "-") {
			continue
		}
		ic := strings.ReplaceAll(string(u["index_change"].(json.Number)), ".", ",")
		w := u["unit_name"].(string) + " (từ hạng " + string(u["previous_rank"].(json.Number)) + " lên hạng " + string(u["rank"].(json.Number)) +
			", tăng " + string(rc) + " bậc; chỉ số tăng " + ic + " điểm phần trăm)"
		if !strings.Contains(body, w) {
			t.Errorf("the draft lacks %q", w)
		}
		named++
	}
	if named == 0 {
		t.Error("no unit rose in the fixture")
	}
}

// chromium finds Debian's chromium (installed by .ci/run).
// TestEmbedInChromium loads the demo widget in headless Chromium at a
// phone's and a desktop's width: every unit is in the table, nothing
// overflows sideways, and screenshots are kept as artifacts.
func TestEmbedInChromium(t *testing.T) {
	t.Parallel()
	ctx, dir := browsertest.Start(t)
	ts := newPortalServer(t, Options{}, true)

	want := map[string][]string{}
	for _, tier := range []string{"department", "district"} {
		var res struct {
			Units []struct {
				UnitName string `json:"unit_name"`
			} `json:"units"`
		}
		if err := json.Unmarshal(ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier="+tier, "", nil).Body, &res); err != nil {
			t.Fatal(err)
		}
		for _, u := range res.Units {
			want[tier] = append(want[tier], u.UnitName)
		}
	}
	type page struct {
		Names       []string `json:"names"`
		ScrollWidth int      `json:"scrollWidth"`
		InnerWidth  int      `json:"innerWidth"`
		Wide        []string `json:"wide"`
	}
	const measure = `({
		names: [...document.querySelectorAll('tbody th[scope=row]')].map(e => e.textContent),
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth,
		wide: [...document.querySelectorAll('body *')].filter(e => !e.closest('svg') && e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName + '.' + e.className).slice(0, 5)
	})`
	for _, width := range []int64{320, 1280} {
		for _, c := range []struct{ name, path, tier string }{
			{"embed-department", "/embed/periods/2016?tier=department", "department"},
			{"embed-district-en", "/embed/periods/2016?tier=district&lang=en", "district"},
			{"news", "/news/" + demo.News().Slug, ""},
		} {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(ts.URL+c.path), chromedp.WaitReady("body"))
			if err != nil {
				t.Fatalf("%s at %d px: %v", c.path, width, err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[page](measure))
			if err != nil {
				t.Fatalf("%s at %d px: %v", c.path, width, err)
			}
			if dir != "" { // kept only where someone can look at them
				shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s at %d px: %v", c.path, width, err)
				}
				file := filepath.Join(dir, fmt.Sprintf("%s-%dpx.png", c.name, width))
				if err := os.WriteFile(file, shot, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot: %s", file)
			}
			if got.ScrollWidth > got.InnerWidth || len(got.Wide) > 0 {
				t.Errorf("%s at %d px overflows: scrollWidth %d > innerWidth %d; wide elements %v", c.path, width, got.ScrollWidth, got.InnerWidth, got.Wide)
			}
			if got.InnerWidth != int(width) {
				t.Errorf("%s: innerWidth %d, want %d", c.path, got.InnerWidth, width)
			}
			if c.tier != "" && !slices.Equal(got.Names, want[c.tier]) {
				t.Errorf("%s at %d px: the table shows %v, want every unit %v", c.path, width, got.Names, want[c.tier])
			}
			if c.tier == "" && len(got.Names) != len(want["department"])+len(want["district"]) {
				t.Errorf("the news page shows %d units, want both tiers' %d", len(got.Names), len(want["department"])+len(want["district"]))
			}
		}
	}
}
