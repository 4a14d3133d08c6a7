package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/parindex/parindex/internal/httpapi"
)

// The fixture's unit tt, live: 1.1 appraised 8 of 10, 1.2.1 appraised 5 of
// 5,25, 1.2.2 nothing, 2.1 self 50 of 60,247, 2.2 (survey) nothing: 63 of
// 97,5 points, 64,62%; field 1 13 of 20,5 (63,41%), field 2 50 of 77
// (64,94%). Khá starts at 70: 68,246 points show 70,00%, 5,246 more.

// TestPointsPerRole: the unit sees its own page and no other unit's; the
// council and staff read any unit; before publication there is no rank
// and no tier average.
func TestPointsPerRole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	path := "/app/periods/2026/units/tt/points"

	unit := s.browser()
	unit.mustLogin("tt-user")
	p := unit.get(path)
	if p.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", path, p.Status, p.Body)
	}
	if h := text(p.all("h1")[0]); h != "Phân tích điểm" {
		t.Errorf("h1 %q", h)
	}
	var figures []string
	for _, d := range p.all("div") {
		if dt := under(d, "dt"); len(dt) == 1 {
			figures = append(figures, text(dt[0])+"="+text(under(d, "dd")[0]))
		}
	}
	if want := []string{"Chỉ số CCHC=64,62%", "Điểm=63 / 97,5", "Xếp loại=Chưa xếp loại"}; !slices.Equal(figures, want) {
		t.Errorf("figures %v, want %v", figures, want)
	}
	reach := text(insightFirst(p, "p", "reach"))
	if want := "Cần thêm 5,246 điểm để chỉ số hiển thị đạt 70,00%, nhóm Khá (từ 70%). Các tiêu chí chưa thẩm định còn 32,25 điểm có thể đạt."; reach != want {
		t.Errorf("reach %q,\nwant %q", reach, want)
	}
	tables := insightTables(p)
	if want := [][]string{
		{"1. Công tác chỉ đạo, điều hành cải cách hành chính", "13", "20,5", "63,41%", "—"},
		{"2. Cải cách thủ tục hành chính", "50", "77,0", "64,94%", "—"},
	}; !slices.EqualFunc(tables[0], want, slices.Equal) {
		t.Errorf("fields %v, want %v", tables[0], want)
	}
	if want := [][]string{
		{"2.2 Mức độ hài lòng của người dân", "16,753", "0", "16,753", "Chưa có điểm: tính 0"},
		{"2.1 Rà soát thủ tục hành chính", "10,247", "50", "60,247", "Chưa thẩm định: tính điểm tự chấm"},
		{"1.2.2 Chất lượng báo cáo", "5,250", "0", "5,250", "Chưa có điểm: tính 0"},
		{"1.1 Kế hoạch cải cách hành chính", "2,000", "8", "10,000", "Điểm thẩm định"},
		{"1.2.1 Số lượng báo cáo", "0,250", "5", "5,250", "Điểm thẩm định"},
	}; !slices.EqualFunc(tables[1], want, slices.Equal) {
		t.Errorf("losses %v,\nwant %v", tables[1], want)
	}
	body := p.text()
	for _, want := range []string{"chưa công bố", "chỉ cho thấy kết quả trực tiếp của chính đơn vị", "Chưa có trung bình của khối"} {
		if !strings.Contains(body, want) {
			t.Errorf("before publication the page does not say %q", want)
		}
	}
	if strings.Contains(body, "hạng 1") || strings.Contains(body, "Sở Tài chính") {
		t.Error("before publication the unit's page shows a rank or another unit")
	}
	svg := p.all("svg")
	if len(svg) != 1 || attr(svg[0], "role") != "img" || len(under(svg[0], "title")) != 1 || len(under(svg[0], "rect")) != 4 || len(under(svg[0], "line")) != 0 {
		t.Errorf("the chart: an svg role=img with a title, a track and a bar per field, no average line before publication: %v", svg)
	} else if d := text(under(svg[0], "desc")[0]); d != "lĩnh vực 1: 63,41%; lĩnh vực 2: 64,94%." {
		t.Errorf("chart desc %q", d)
	}

	// Another unit's page: 403, also in the figures it would show.
	if p := unit.get("/app/periods/2026/units/stc/points"); p.Status != http.StatusForbidden || strings.Contains(p.text(), "%") {
		t.Errorf("the unit user on another unit's page: %d %s", p.Status, p.text())
	}
	for _, who := range []string{"hoidong", "thuky"} {
		b := s.browser()
		b.mustLogin(who)
		if p := b.get(path); p.Status != http.StatusOK || text(insightFirst(p, "p", "reach")) != reach {
			t.Errorf("%s on tt's page: %d", who, p.Status)
		}
		// The council reads every unit (workflow.MayReadUnit), assigned or not.
		if p := b.get("/app/periods/2026/units/stc/points"); p.Status != http.StatusOK || !strings.Contains(p.text(), "Sở Tài chính") {
			t.Errorf("%s on stc's page: %d", who, p.Status)
		}
		if p := b.get("/app/periods/2025/units/tt/points"); p.Status != http.StatusNotFound {
			t.Errorf("%s on a year that does not exist: %d", who, p.Status)
		}
		if p := b.get("/app/periods/2026/units/nope/points"); p.Status != http.StatusNotFound {
			t.Errorf("%s on a unit that does not exist: %d", who, p.Status)
		}
	}
	if p := s.browser().get(path); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
		t.Errorf("signed out: %d %s", p.Status, p.Header.Get("Location"))
	}
}

// TestPointsAfterPublication: the published rank, band and tier averages
// come from the snapshot; the points are fixed.
func TestPointsAfterPublication(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.api(http.StatusCreated, "POST", "/api/v1/periods/2026/publish", s.admin, map[string]any{"force": true, "reason": "thử công bố khi chưa đủ điểm"}, nil)
	unit := s.browser()
	unit.mustLogin("tt-user")
	p := unit.get("/app/periods/2026/units/tt/points")
	if p.Status != http.StatusOK {
		t.Fatalf("%d %s", p.Status, p.Body)
	}
	pub := text(insightFirst(p, "p", "published"))
	// tt 64,62% and stc 0 (no points): ranks 1 and 2, average 32,31%.
	if !regexp.MustCompile(`^Kết quả đã công bố \(phiên bản 1, ngày \d\d/\d\d?/\d{4}\): hạng 1 trên 2 đơn vị của khối, chỉ số 64,62%, chưa xếp loại; trung bình của khối 32,31%\.$`).MatchString(pub) {
		t.Errorf("published line %q", pub)
	}
	fields := insightTables(p)[0]
	if got := []string{fields[0][4], fields[1][4]}; !slices.Equal(got, []string{"31,71%", "32,47%"}) {
		t.Errorf("published field averages %v, want 31,71%% and 32,47%% ((63,41 + 0)/2, (64,94 + 0)/2 exactly)", got)
	}
	if svg := p.all("svg"); len(under(svg[0], "line")) != 2 {
		t.Error("after publication the chart marks the tier's average on each field")
	}
	if reach := text(insightFirst(p, "p", "reach")); !strings.HasPrefix(reach, "Kết quả năm nay đã chốt. Đơn vị còn thiếu 5,246 điểm") {
		t.Errorf("reach after publication %q", reach)
	}
	if strings.Contains(p.text(), "chưa công bố") {
		t.Error("the published page still says the results are not published")
	}
	// Another unit's figures stay out: only the rank, the count and the averages.
	if strings.Contains(p.text(), "Sở Tài chính") {
		t.Error("the published page names another unit")
	}
}

// TestPointsGolden keeps the unit's own page before publication.
func TestPointsGolden(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.mustLogin("tt-user")
	p := b.get("/app/periods/2026/units/tt/points")
	body := regexp.MustCompile(`name="form_token" value="[^"]+"`).ReplaceAll(p.Body, []byte(`name="form_token" value="TOKEN"`))
	// The assets' fingerprints change with every stylesheet edit, not with this page.
	body = regexp.MustCompile(`\.[0-9a-f]{12}\.(css|js)"`).ReplaceAll(body, []byte(`.HASH.$1"`))
	golden(t, "points-unit.golden.html", body)
}

// TestCouncilOverview: a council member sees its assigned units, one with
// none assigned and staff see all; units may not open it; ?sort= orders
// the rows.
func TestCouncilOverview(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.api(http.StatusCreated, "POST", "/api/v1/users", s.admin, map[string]string{"username": "hoidong2", "role": "council", "password": pw}, nil)
	path := "/app/periods/2026/council"

	council := s.browser()
	council.mustLogin("hoidong")
	p := council.get(path)
	if p.Status != http.StatusOK {
		t.Fatalf("%d %s", p.Status, p.Body)
	}
	// tt: 1.1 self 9,5 appraised 8 (+1,5); 2.1 self only, not compared.
	tables := insightTables(p)
	if want := [][]string{{"Thanh tra tỉnh", "2 trên 4", "64,62% (tạm tính)", "+1,5", "1", "Bảng chấm điểm · Phân tích điểm"}}; !slices.EqualFunc(tables[0], want, slices.Equal) {
		t.Errorf("the assigned council member's overview %v, want %v", tables[0], want)
	}
	if want := [][]string{{"Thanh tra tỉnh", "+1,5", "—"}}; !slices.EqualFunc(tables[1], want, slices.Equal) {
		t.Errorf("by field %v, want %v", tables[1], want)
	}
	var links []string
	for _, a := range p.all("a") {
		if h := attr(a, "href"); strings.HasPrefix(h, "/app/periods/2026/units/") {
			links = append(links, h)
		}
	}
	if want := []string{"/app/periods/2026/units/tt", "/app/periods/2026/units/tt/points"}; !slices.Equal(links, want) {
		t.Errorf("links %v, want %v", links, want)
	}
	if strings.Contains(p.text(), "Sở Tài chính") {
		t.Error("the council member sees a unit it is not assigned")
	}

	names := func(p page) []string {
		var out []string
		for _, r := range insightTables(p)[0] {
			out = append(out, r[0])
		}
		return out
	}
	for _, who := range []string{"hoidong2", "thuky"} {
		b := s.browser()
		b.mustLogin(who)
		for sort, want := range map[string][]string{
			"":         {"Thanh tra tỉnh", "Sở Tài chính"}, // gap insightFirst: stc has nothing to compare
			"gap":      {"Thanh tra tỉnh", "Sở Tài chính"},
			"progress": {"Sở Tài chính", "Thanh tra tỉnh"}, // the least appraised insightFirst
			"name":     {"Sở Tài chính", "Thanh tra tỉnh"}, // S before T
			"bogus":    {"Thanh tra tỉnh", "Sở Tài chính"},
		} {
			p := b.get(path + "?sort=" + sort)
			if p.Status != http.StatusOK || !slices.Equal(names(p), want) {
				t.Errorf("%s ?sort=%s: %d %v, want %v", who, sort, p.Status, names(p), want)
			}
		}
		// Staff appraise the survey's leaf too: 2 of 5.
		want := "2 trên 4"
		if who == "thuky" {
			want = "2 trên 5"
		}
		if got := insightTables(b.get(path + "?sort=name"))[0][1][1]; got != want {
			t.Errorf("%s: tt's progress %q, want %q", who, got, want)
		}
		cur := b.get(path + "?sort=progress")
		for _, a := range under(insightFirst(cur, "nav", "sort"), "a") {
			if (attr(a, "href") == "?sort=progress") != hasAttr(a, "aria-current") {
				t.Errorf("%s: sort link %s aria-current %v", who, attr(a, "href"), hasAttr(a, "aria-current"))
			}
		}
	}

	unit := s.browser()
	unit.mustLogin("tt-user")
	if p := unit.get(path); p.Status != http.StatusForbidden {
		t.Errorf("a unit user on the council's overview: %d", p.Status)
	}
	if p := council.get("/app/periods/2031/council"); p.Status != http.StatusNotFound {
		t.Errorf("a year that does not exist: %d", p.Status)
	}
}

// TestInsightLinksOnMyWork: My work links a unit to its points page and
// the council and staff to the overview.
func TestInsightLinksOnMyWork(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	for who, want := range map[string]string{
		"tt-user": "/app/periods/2026/units/tt/points",
		"hoidong": "/app/periods/2026/council",
		"thuky":   "/app/periods/2026/council",
	} {
		b := s.browser()
		b.mustLogin(who)
		p := b.get("/app")
		sec := p.byID("insight-links")
		if sec == nil {
			t.Errorf("%s: no insight links on My work", who)
			continue
		}
		var hrefs []string
		for _, a := range under(sec.Parent, "a") {
			hrefs = append(hrefs, attr(a, "href"))
		}
		if !slices.Equal(hrefs, []string{want}) {
			t.Errorf("%s: links %v, want %s", who, hrefs, want)
		}
		if p := b.get(want); p.Status != http.StatusOK {
			t.Errorf("%s: %s answers %d", who, want, p.Status)
		}
	}
}

// insightFirst is the page's insightFirst element of a tag with the class.
func insightFirst(p page, tag, class string) *html.Node {
	for _, n := range p.all(tag) {
		if slices.Contains(strings.Fields(attr(n, "class")), class) {
			return n
		}
	}
	return &html.Node{Type: html.ElementNode, Data: tag}
}

// insightTables are the text of each body row's cells, per table.
func insightTables(p page) [][][]string {
	var out [][][]string
	for _, tb := range p.all("tbody") {
		var rows [][]string
		for _, tr := range under(tb, "tr") {
			var cells []string
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, text(c))
				}
			}
			rows = append(rows, cells)
		}
		out = append(out, rows)
	}
	return out
}

// TestInsightInEnglish: both pages in English, every text from the catalog.
func TestInsightInEnglish(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.mustLogin("thuky")
	for path, want := range map[string]string{
		"/app/periods/2026/units/tt/points?lang=en": "5,246 more points bring the shown index to 70,00%, band Khá",
		"/app/periods/2026/council?lang=en":         "The council's overview",
	} {
		p := b.get(path)
		body := p.text()
		if p.Status != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%s: %d %s", path, p.Status, body)
		}
		if k := regexp.MustCompile(`\b(points|council|insight)\.[a-z]`).FindString(body); k != "" {
			t.Errorf("%s shows a catalog key: %q", path, k)
		}
	}
}
