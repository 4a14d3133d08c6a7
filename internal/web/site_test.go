package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/score"
)

// The public site's tests: the demo province published (2016), and
// with the fixture a year in appraisal (2026) that no public page shows.

const publicURL = "https://chisocchc.example.gov.vn"

// demoSite is the real server with the demo province loaded and published.
func demoSite(t *testing.T, opt httpapi.Options) *site {
	t.Helper()
	s := newSite(t, opt)
	if ok, err := demo.Load(context.Background(), s.store); err != nil || !ok {
		t.Fatalf("loading the demo: %v %v", ok, err)
	}
	return s
}

func TestSiteHomeOfTheDemo(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{})
	b := s.browser()
	p := b.get("/")
	if p.Status != http.StatusOK {
		t.Fatalf("/: %d %s", p.Status, p.Body)
	}
	body := p.text()
	for _, want := range []string{"74,86%", "75,76%", "Thanh tra tỉnh", "Sở Tài chính", "UBND thành phố Lai Châu", "27/6/2017"} {
		if !strings.Contains(body, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	// The leading units, in order, link to their pages.
	var leading []string
	for _, ol := range p.all("ol") {
		if attr(ol, "class") == "units" && strings.Contains(text(ol.Parent), "Dẫn đầu") {
			for _, a := range under(ol, "a") {
				leading = append(leading, text(a)+" "+attr(a, "href"))
			}
			break
		}
	}
	if len(leading) != 3 || leading[0] != "Thanh tra tỉnh /units/thanh-tra" || leading[1] != "Sở Tài chính /units/so-tai-chinh" {
		t.Errorf("leading departments: %q", leading)
	}
	links := map[string]bool{}
	for _, a := range p.all("a") {
		links[attr(a, "href")] = true
	}
	for _, want := range []string{"/login", "/results/2016/department", "/results/2016/district", "/news/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2016", "/data"} {
		if !links[want] {
			t.Errorf("the home page does not link to %s", want)
		}
	}
	if n := len(p.all("svg")); n != 2 {
		t.Errorf("%d charts on the home page, want one per tier", n)
	}
	for _, svg := range p.all("svg") {
		if attr(svg, "role") != "img" || len(under(svg, "title")) != 1 || len(under(svg, "desc")) != 1 {
			t.Errorf("a chart without its text alternative: %v", svg.Attr)
		}
	}
	en := b.get("/?lang=en")
	if !strings.Contains(en.text(), "74.86%") || !strings.Contains(en.text(), "Log in") || attr(en.all("html")[0], "lang") != "en" {
		t.Errorf("the home page in English: %s", en.text())
	}
}

// TestSiteMeta: every public page has its title, description, canonical
// URL on PARINDEX_PUBLIC_URL and Open Graph tags.
func TestSiteMeta(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL})
	b := s.browser()
	for _, path := range []string{"/", "/results/2016/department", "/units/thanh-tra", "/data", "/news"} {
		p := b.get(path)
		if p.Status != http.StatusOK {
			t.Errorf("%s: %d", path, p.Status)
			continue
		}
		metas := map[string]string{}
		for _, m := range p.all("meta") {
			metas[attr(m, "name")+attr(m, "property")] = attr(m, "content")
		}
		canonical := ""
		for _, l := range p.all("link") {
			if attr(l, "rel") == "canonical" {
				canonical = attr(l, "href")
			}
		}
		title := text(p.all("title")[0])
		if canonical != publicURL+path || metas["og:url"] != canonical || metas["description"] == "" || metas["og:title"] == "" || title == "" {
			t.Errorf("%s: canonical %q, metas %v, title %q", path, canonical, metas, title)
		}
	}
}

// unpublished adds 2026 in self-assessment beside the published demo: a
// new unit moi and the demo's Thanh tra tỉnh have scored themselves.
func (s *site) unpublished() {
	s.t.Helper()
	a := s.admin
	s.api(http.StatusCreated, "POST", "/api/v1/units", a, map[string]string{"code": "moi", "name": "Đơn vị mới", "tier": "department"}, nil)
	for _, u := range [][2]string{{"moi-user", "moi"}, {"tt-user", "thanh-tra"}, {"thuky", ""}} {
		role := "unit"
		if u[1] == "" {
			role = "secretariat"
		}
		s.api(http.StatusCreated, "POST", "/api/v1/users", a, map[string]string{"username": u[0], "role": role, "unit": u[1], "password": pw}, nil)
	}
	s.api(http.StatusCreated, "POST", "/api/v1/periods", a, map[string]any{"year": 2026, "title": "Chỉ số CCHC năm 2026"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/frameworks/department", a, map[string]any{
		"bands": []map[string]any{{"label": "Tốt", "min_index": 80}},
		"criteria": []map[string]any{
			{"code": "1", "name": "Công tác chỉ đạo", "children": []map[string]any{{"code": "1.1", "name": "Kế hoạch", "max_points": 10}}},
		},
	}, nil)
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", s.token("thuky"), map[string]any{"stage": "self_assessment", "closes_at": "2027-03-31T10:00:00Z"}, nil)
	for _, u := range []string{"moi-user", "tt-user"} {
		s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/scores", s.token(u), map[string]any{"scores": []map[string]any{
			{"unit": map[string]string{"moi-user": "moi", "tt-user": "thanh-tra"}[u], "criterion": "1.1", "self_points": 9.5}}}, nil)
	}
}

// TestSiteOnlyPublished: a year in appraisal with scores, and a unit
// scored only there, are on no public page: each is a 404 page, and
// neither is in the sitemap, the data page or the home page.
func TestSiteOnlyPublished(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL}) // no port that could read 2026
	s.unpublished()
	b := s.browser()
	for _, path := range []string{
		"/results/2026/department", "/results/2026/department?sort=name", "/results/2026/department?version=1",
		"/units/moi", "/units/moi?with=thanh-tra",
		"/results/2016/nope", "/results/2015/department", "/results/x/department", "/results/2016/department?version=2",
		"/units/nope",
	} {
		p := b.get(path)
		if p.Status != http.StatusNotFound || p.Doc == nil || !strings.Contains(p.text(), "Không tìm thấy trang") || !strings.Contains(string(p.Body), `<meta name="robots" content="noindex">`) {
			t.Errorf("%s: %d %s", path, p.Status, p.Header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/", "/data", "/sitemap.xml", "/news", "/units/thanh-tra", "/results/2016/department"} {
		p := b.get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
		for _, leak := range []string{"2026", "/units/moi", "Đơn vị mới", "95,00%"} {
			if strings.Contains(string(p.Body), leak) {
				t.Errorf("%s shows %q of the unpublished year", path, leak)
			}
		}
	}
	// The unit page's list to compare with: the units of its published tier only.
	for _, o := range b.get("/units/thanh-tra").all("option") {
		if v := attr(o, "value"); v == "moi" {
			t.Errorf("the unit page offers %q, which has no published result", v)
		}
	}
}

// rowNames are the unit names of the ranking table, in order.
func rowNames(p page) []string {
	var out []string
	for _, tr := range under(p.byID("ranking"), "tr") {
		if tr.Parent.Data != "tbody" || attr(tr, "data-rank") == "" {
			continue
		}
		out = append(out, text(under(tr, "th")[0]))
	}
	return out
}

func TestSiteResultsSortAndFilter(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{})
	b := s.browser()
	byRank := rowNames(b.get("/results/2016/department"))
	if len(byRank) != 20 || byRank[0] != "Thanh tra tỉnh" || byRank[1] != "Sở Tài chính" || byRank[19] != "Ban Quản lý Khu kinh tế" {
		t.Fatalf("by rank: %q", byRank)
	}
	byName := rowNames(b.get("/results/2016/department?sort=name"))
	want := slices.Clone(byRank)
	score.SortByName(want, func(s string) string { return s })
	if !slices.Equal(byName, want) || byName[0] != "Ban Dân tộc" {
		t.Errorf("by name: %q, want %q", byName, want)
	}
	// Vietnamese order, not bytes: "Sở Công Thương" before "Sở Giao thông vận tải" before "Sở Ngoại vụ" before "Sở Tài chính".
	pos := func(n string) int { return slices.Index(byName, n) }
	if !(pos("Sở Công Thương") < pos("Sở Giao thông vận tải") && pos("Sở Ngoại vụ") < pos("Sở Tài chính") && pos("Sở Tài chính") < pos("Sở Y tế")) {
		t.Errorf("not in Vietnamese collation: %q", byName)
	}
	byIndex := rowNames(b.get("/results/2016/department?sort=index"))
	if byIndex[0] != "Ban Quản lý Khu kinh tế" || byIndex[19] != "Thanh tra tỉnh" {
		t.Errorf("by index from the lowest: %q", byIndex)
	}
	good := b.get("/results/2016/department?band=T%E1%BB%91t&sort=name")
	names := rowNames(good)
	if len(names) != 5 || !slices.IsSortedFunc(names, func(a, b string) int { return pos(a) - pos(b) }) {
		t.Errorf("band Tốt by name: %q", names)
	}
	for _, r := range good.rows() {
		if len(r) > 4 && r[4] != "Tốt" {
			t.Errorf("a row of another band: %q", r)
		}
	}
	if !strings.Contains(good.text(), "Đang hiện 5 trên 20 đơn vị") || attr(good.byID("ranking"), "data-all") != "false" {
		t.Errorf("the count of a filtered ranking: %s", text(good.byID("shown")))
	}
	for _, q := range []string{"tai chinh", "TÀI CHÍNH", "Sở Tài chính"} {
		if got := rowNames(b.get("/results/2016/department?q=" + strings.ReplaceAll(q, " ", "+"))); !slices.Equal(got, []string{"Sở Tài chính"}) {
			t.Errorf("q=%s: %q", q, got)
		}
	}
	if got := rowNames(b.get("/results/2016/department?q=zzz")); len(got) != 0 {
		t.Errorf("q=zzz: %q", got)
	}
	// An unknown order or band is the default, not an error.
	if got := rowNames(b.get("/results/2016/department?sort=evil&band=nope")); !slices.Equal(got, byRank) {
		t.Errorf("unknown sort and band: %q", got)
	}
	// The form keeps what was asked, and the selects say it.
	for _, o := range good.all("option") {
		if hasAttr(o, "selected") && attr(o, "value") != "name" && attr(o, "value") != "Tốt" {
			t.Errorf("selected %q", attr(o, "value"))
		}
	}
	// The downloads are the public API's and they answer.
	for _, a := range good.all("a") {
		if h := attr(a, "href"); strings.HasPrefix(h, "/api/v1/public/") {
			if r := b.get(h); r.Status != http.StatusOK {
				t.Errorf("download %s: %d", h, r.Status)
			}
		}
	}
}

func TestSiteUnitPage(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{})
	b := s.browser()
	p := b.get("/units/thanh-tra")
	if p.Status != http.StatusOK {
		t.Fatalf("%d %s", p.Status, p.Body)
	}
	body := p.text()
	for _, want := range []string{"Thanh tra tỉnh", "86,42%", "1/20", "2016", "74,86%", "Lĩnh vực mạnh nhất", "Lĩnh vực yếu nhất"} {
		if !strings.Contains(body, want) {
			t.Errorf("the unit page lacks %q", want)
		}
	}
	if len(p.all("svg")) != 1 {
		t.Errorf("no line chart")
	}
	cmp := b.get("/units/thanh-tra?with=so-tai-chinh")
	if !strings.Contains(cmp.text(), "85,17%") || !strings.Contains(cmp.text(), "Chỉ số và thứ hạng qua các năm: Thanh tra tỉnh và Sở Tài chính") {
		t.Errorf("the comparison: %s", cmp.text())
	}
	selected := ""
	for _, o := range cmp.all("option") {
		if hasAttr(o, "selected") {
			selected = attr(o, "value")
		}
	}
	if selected != "so-tai-chinh" {
		t.Errorf("the chosen unit is not selected: %q", selected)
	}
	if m := b.get("/units/thanh-tra?with=nope"); m.Status != http.StatusOK || !strings.Contains(m.text(), "không có kết quả công bố") {
		t.Errorf("comparing with a unit without results: %d %s", m.Status, m.text())
	}
}

// TestSitemapListsThePublishedPages: exactly /, /data, /news, each
// published tier, each published unit and the published news, each
// answering 200; robots.txt names the sitemap.
func TestSitemapListsThePublishedPages(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL})
	s.unpublished()
	b := s.browser()
	p := b.get("/sitemap.xml")
	if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("%d %s", p.Status, p.Header.Get("Content-Type"))
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(p.Body, &set); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range set.URLs {
		if !strings.HasPrefix(u.Loc, publicURL+"/") {
			t.Errorf("not on the public URL: %s", u.Loc)
		}
		got = append(got, strings.TrimPrefix(u.Loc, publicURL))
	}
	want := []string{"/", "/data", "/news", "/results/2016/department", "/results/2016/district"}
	for _, code := range []string{"van-phong-ubnd", "thanh-tra", "so-noi-vu", "so-tai-chinh", "so-ke-hoach-dau-tu", "so-tu-phap", "so-cong-thuong",
		"so-nong-nghiep", "so-giao-thong-van-tai", "so-xay-dung", "so-tai-nguyen-moi-truong", "so-thong-tin-truyen-thong", "so-lao-dong-tbxh",
		"so-van-hoa-the-thao-du-lich", "so-khoa-hoc-cong-nghe", "so-giao-duc-dao-tao", "so-y-te", "so-ngoai-vu", "ban-dan-toc", "ban-quan-ly-kkt",
		"ubnd-tp-lai-chau", "ubnd-tam-duong", "ubnd-phong-tho", "ubnd-sin-ho", "ubnd-muong-te", "ubnd-than-uyen", "ubnd-tan-uyen", "ubnd-nam-nhun"} {
		want = append(want, "/units/"+code)
	}
	want = append(want, "/news/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2016")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("sitemap:\n got %q\nwant %q", got, want)
	}
	for _, path := range got {
		if r := b.get(path); r.Status != http.StatusOK {
			t.Errorf("%s in the sitemap: %d", path, r.Status)
		}
	}
	r := b.get("/robots.txt")
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "Sitemap: "+publicURL+"/sitemap.xml") || !strings.Contains(string(r.Body), "Disallow: /app") {
		t.Errorf("robots.txt: %d %s", r.Status, r.Body)
	}
}

func TestSiteDataPage(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{})
	b := s.browser()
	p := b.get("/data")
	body := p.text()
	for _, want := range []string{"CC BY 4.0", "index_change", "field_<code>_index", "2 chữ số thập phân"} {
		if !strings.Contains(body, want) {
			t.Errorf("/data lacks %q", want)
		}
	}
	n := 0
	for _, a := range p.all("a") {
		if h := attr(a, "href"); strings.HasPrefix(h, "/api/v1/public/") {
			n++
			if r := b.get(h); r.Status != http.StatusOK {
				t.Errorf("%s: %d", h, r.Status)
			}
		}
	}
	if n != 8 { // per tier JSON and CSV; the summary's JSON and CSV; the report; the versions
		t.Errorf("%d dataset links", n)
	}
}

func TestSiteGolden(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL})
	b := s.browser()
	for name, path := range map[string]string{"site-home.golden.html": "/", "site-results.golden.html": "/results/2016/district?sort=name"} {
		p := b.get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
		if _, err := html.Parse(strings.NewReader(string(p.Body))); err != nil {
			t.Fatal(err)
		}
		golden(t, name, p.Body)
	}
}

// published2017 publishes 2017 for the departments (forced: only Thanh
// tra tỉnh and Sở Tài chính are scored), after the demo's 2016.
func (s *site) published2017() {
	s.t.Helper()
	a := s.admin
	s.api(http.StatusCreated, "POST", "/api/v1/periods", a, map[string]any{"year": 2017, "title": "Chỉ số cải cách hành chính năm 2017"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2017/frameworks/department", a, map[string]any{
		"bands":    []map[string]any{{"label": "Tốt", "min_index": 80}, {"label": "Khá", "min_index": 70}},
		"criteria": []map[string]any{{"code": "1", "name": "Công tác chỉ đạo", "children": []map[string]any{{"code": "1.1", "name": "Kế hoạch", "max_points": 10}}}},
	}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", a, map[string]any{"scores": []map[string]any{
		{"unit": "thanh-tra", "criterion": "1.1", "points": 7.5}, {"unit": "so-tai-chinh", "criterion": "1.1", "points": 9}}}, nil)
	s.api(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", a, map[string]any{"force": true, "reason": "Công bố thử hai đơn vị"}, nil)
}

// TestSiteTwoYears: the latest year leads the home page, the earlier is
// below; a ranking compares with the previous published year; a unit
// shows both years.
func TestSiteTwoYears(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL})
	s.published2017()
	b := s.browser()
	home := b.get("/")
	latest, earlier := home.byID("y-2017"), home.byID("earlier")
	if latest == nil || earlier == nil || !strings.Contains(text(earlier.Parent), "74,86%") || strings.Index(string(home.Body), "y-2017") > strings.Index(string(home.Body), "y-2016") {
		t.Errorf("home: 2017 first, 2016 below: %s", home.text())
	}
	r := b.get("/results/2017/department")
	if r.Status != http.StatusOK || !strings.Contains(r.text(), "Thứ hạng so với 2016") || !strings.Contains(r.text(), "Công bố thử hai đơn vị") {
		t.Fatalf("2017: %d %s", r.Status, r.text())
	}
	var tt []string
	for _, row := range r.rows() {
		if len(row) > 1 && row[1] == "Sở Tài chính" {
			tt = row
		}
	}
	// Sở Tài chính: 90,00% in 2017, first; 85,17% and second in 2016.
	if len(tt) != 8 || tt[0] != "1" || tt[3] != "90,00%" || tt[5] != "85,17%" || tt[6] != "+4,83" || !strings.Contains(tt[7], "tăng 1 bậc") {
		t.Errorf("Sở Tài chính in 2017: %q", tt)
	}
	if b.get("/results/2017/district").Status != http.StatusNotFound {
		t.Errorf("2017 has no district ranking")
	}
	u := b.get("/units/so-tai-chinh")
	var years []string
	for _, row := range u.rows() {
		if len(row) > 3 && (row[0] == "2016" || row[0] == "2017") {
			years = append(years, row[0]+" "+row[3])
		}
	}
	if !slices.Equal(years, []string{"2017 90,00%", "2016 85,17%"}) {
		t.Errorf("the unit's years: %q", years)
	}
	if n := len(under(u.all("svg")[0], "circle")); n < 4 {
		t.Errorf("the line chart has %d points, want the unit's and the average's two years", n)
	}

	// A correction: version 2 of 2017, Sở Tài chính's 1.1 lowered.
	s.api(http.StatusOK, "POST", "/api/v1/periods/2017/stage", s.admin, map[string]any{"stage": "appraisal", "reason": "Sai sót điểm của Sở Tài chính"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", s.admin, map[string]any{"scores": []map[string]any{{"unit": "so-tai-chinh", "criterion": "1.1", "points": 7}}}, nil)
	s.api(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", s.admin, map[string]any{"force": true, "reason": "Đính chính điểm Sở Tài chính"}, nil)
	v2 := b.get("/results/2017/department")
	versions := text(v2.byID("versions-h").Parent)
	for _, want := range []string{"Bản 2 (đang xem)", "Đính chính điểm Sở Tài chính", "Sở Tài chính: chỉ số 90,00% → 70,00%; hạng 1 → 2; xếp loại Tốt → Khá", "Thanh tra tỉnh: hạng 2 → 1"} {
		if !strings.Contains(versions, want) {
			t.Errorf("the versions lack %q: %s", want, versions)
		}
	}
	if strings.Contains(versions, "Ban Dân tộc") {
		t.Errorf("an unchanged unit listed as corrected: %s", versions)
	}
	v1 := b.get("/results/2017/department?version=1&sort=name")
	if v1.Status != http.StatusOK || !strings.Contains(v1.text(), "Đây là một bản công bố cũ") || !strings.Contains(v1.text(), "90,00%") {
		t.Errorf("version 1: %d %s", v1.Status, v1.text())
	}
	kept := false
	for _, in := range v1.all("input") {
		kept = kept || attr(in, "name") == "version" && attr(in, "value") == "1"
	}
	if !kept {
		t.Errorf("the form of version 1 does not keep it")
	}
	if u := b.get("/units/so-tai-chinh"); !strings.Contains(u.text(), "70,00%") || strings.Contains(u.text(), "90,00%") {
		t.Errorf("the unit page is not the latest version: %s", u.text())
	}
}
