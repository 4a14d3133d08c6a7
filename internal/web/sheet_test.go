package web_test

import (
	"bytes"
	"encoding/json"
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
)

const sheetURL = "/app/periods/2026/units/tt"

// moveTo moves 2026 to a stage as the admin (back with a reason).
func (s *site) moveTo(stage string) {
	s.t.Helper()
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", s.admin, map[string]any{"stage": stage, "reason": "kiểm thử bảng điểm", "force": stage == "finalized"}, nil)
}

// inputs are the ids of the sheet's inputs for values (self-, points-,
// na-, note-), in order.
func (p page) inputs() []string {
	var out []string
	for _, tag := range []string{"input", "textarea"} {
		for _, n := range p.all(tag) {
			id := attr(n, "id")
			for _, k := range []string{"self-", "points-", "na-", "note-"} {
				if strings.HasPrefix(id, k) {
					out = append(out, id)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// formValues are what a browser sends for the form with the id: its
// named inputs (checked boxes and radios only), textareas and selects,
// also those outside it with form=id.
func (p page) formValues(id string) url.Values {
	v := url.Values{}
	form := p.byID(id)
	inForm := func(n *html.Node) bool {
		if f := attr(n, "form"); f != "" {
			return f == id
		}
		for a := n.Parent; a != nil; a = a.Parent {
			if a == form {
				return true
			}
		}
		return false
	}
	for _, n := range p.all("input") {
		name := attr(n, "name")
		if name == "" || !inForm(n) || hasAttr(n, "disabled") {
			continue
		}
		switch attr(n, "type") {
		case "checkbox", "radio":
			if hasAttr(n, "checked") {
				v.Add(name, attr(n, "value"))
			}
		case "file", "submit":
		default:
			v.Add(name, attr(n, "value"))
		}
	}
	for _, n := range p.all("textarea") {
		if name := attr(n, "name"); name != "" && inForm(n) {
			v.Add(name, strings.TrimPrefix(textRaw(n), "\n"))
		}
	}
	return v
}

func textRaw(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// sheetScores are the API's self_points and points of tt's leaves.
func (s *site) sheetScores() map[string][2]string {
	var sh struct {
		Criteria []struct {
			Code       string
			SelfPoints *json.Number `json:"self_points"`
			Points     *json.Number
		}
	}
	s.api(http.StatusOK, "GET", "/api/v1/periods/2026/units/tt/scores", s.admin, nil, &sh)
	out := map[string][2]string{}
	str := func(p *json.Number) string {
		if p == nil {
			return ""
		}
		return p.String()
	}
	for _, c := range sh.Criteria {
		out[c.Code] = [2]string{str(c.SelfPoints), str(c.Points)}
	}
	return out
}

// TestSheetPerRole: which values each role may edit at each stage, and
// that a read-only sheet says why.
func TestSheetPerRole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.api(http.StatusCreated, "POST", "/api/v1/users", s.admin, map[string]string{"username": "stc-user", "role": "unit", "unit": "stc", "password": pw}, nil)
	users := map[string]*browser{}
	for _, u := range []string{"tt-user", "stc-user", "hoidong", "thuky"} {
		users[u] = s.browser()
		users[u].mustLogin(u)
	}
	all := func(kinds ...string) []string {
		var out []string
		for _, k := range kinds {
			for _, c := range []string{"1.1", "1.2.1", "1.2.2", "2.1", "2.2"} {
				out = append(out, k+"-"+c)
			}
		}
		slices.Sort(out)
		return out
	}
	without := func(ids []string, drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(drop, id) })
	}
	cases := []struct {
		stage, user, path string
		status            int
		inputs            []string
		readOnly          string // a part of the reason shown, "" for an editable sheet
	}{
		{"self_assessment", "tt-user", sheetURL, 200, without(all("self", "note"), "self-2.2"), ""},
		{"self_assessment", "hoidong", sheetURL, 200, nil, "đang ở giai đoạn Tự đánh giá"},
		{"self_assessment", "thuky", sheetURL, 200, all("self", "points", "na", "note"), ""},
		{"appraisal", "tt-user", sheetURL, 200, nil, "điểm tự chấm của đơn vị tt không đổi được nữa"},
		{"appraisal", "hoidong", sheetURL, 200, without(all("points", "na", "note"), "points-2.2", "na-2.2"), ""},
		{"appraisal", "hoidong", "/app/periods/2026/units/stc", 200, nil, "được phân công các đơn vị tt"},
		{"appraisal", "thuky", sheetURL, 200, all("self", "points", "na", "note"), ""},
		{"appraisal", "stc-user", sheetURL, 403, nil, ""},
		{"finalized", "thuky", sheetURL, 200, nil, "Đã chốt kết quả"},
		{"finalized", "tt-user", sheetURL, 200, nil, "Đã chốt kết quả"},
	}
	stage := "appraisal"
	for _, tc := range cases {
		if tc.stage != stage {
			s.moveTo(tc.stage)
			stage = tc.stage
		}
		p := users[tc.user].get(tc.path)
		if p.Status != tc.status {
			t.Errorf("%s, %s, %s: %d, want %d", tc.stage, tc.user, tc.path, p.Status, tc.status)
			continue
		}
		if tc.status != 200 {
			continue
		}
		if got := p.inputs(); !slices.Equal(got, tc.inputs) {
			t.Errorf("%s, %s, %s: inputs %v, want %v", tc.stage, tc.user, tc.path, got, tc.inputs)
		}
		ro := p.byID("readonly")
		switch {
		case tc.readOnly == "" && ro != nil:
			t.Errorf("%s, %s: an editable sheet says it is read-only: %s", tc.stage, tc.user, text(ro))
		case tc.readOnly != "" && (ro == nil || !strings.Contains(text(ro), tc.readOnly)):
			t.Errorf("%s, %s: the read-only reason is missing or wrong (want %q): %v", tc.stage, tc.user, tc.readOnly, p.text())
		}
		saves := 0
		for _, b := range p.all("button") {
			if text(b) == "Lưu bảng điểm" {
				saves++
			}
		}
		if (tc.readOnly == "") != (saves == 2) {
			t.Errorf("%s, %s: %d save buttons", tc.stage, tc.user, saves)
		}
	}
}

// TestSheetContent: the tree, the totals from the engine, the evidence and
// the remark thread with its link; and the sheet as a golden file.
func TestSheetContent(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.mustLogin("hoidong")
	p := b.get(sheetURL)
	if p.Status != 200 {
		t.Fatalf("%d %s", p.Status, p.Body)
	}
	var groups []string
	for _, tr := range p.all("tr") {
		if attr(tr, "class") == "group" {
			var cells []string
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, text(c))
				}
			}
			groups = append(groups, strings.Join(cells, " | "))
		}
	}
	// Field 1: 1.1 appraised 8, 1.2.1 appraised 5, 1.2.2 nothing: 13 of 20.5;
	// field 2: 2.1 self 50 (provisional), 2.2 nothing: 50 of 77. Each
	// column of points with its places (rule 5: 60,247 among the maxima).
	want := []string{
		"1 Công tác chỉ đạo, điều hành cải cách hành chính Thu gọn 1 | 20,500 | 9,5 | 13 | Chỉ số: 63,41%",
		"2 Cải cách thủ tục hành chính Thu gọn 2 | 77,000 | 50,0 | 50 | Chỉ số: 64,94%",
	}
	if !slices.Equal(groups, want) {
		t.Errorf("field rows:\n%s\nwant\n%s", strings.Join(groups, "\n"), strings.Join(want, "\n"))
	}
	if got := text(under(p.byID("sheet-table"), "tfoot")[0]); !strings.Contains(got, "97,500 59,5 63 Chỉ số: 64,62%") {
		t.Errorf("totals: %s", got)
	}
	row := p.byID("row-1.1")
	if got := text(row); !strings.Contains(got, "Nhận xét · hoidong") || !strings.Contains(got, "Kế hoạch ban hành chậm") || !strings.Contains(got, "Giải trình · tt-user") {
		t.Errorf("the remark thread of 1.1: %s", got)
	}
	if as := under(row, "a"); len(as) == 0 || attr(as[len(as)-1], "href") != sheetURL+"/remarks?criterion=1.1" {
		t.Errorf("no link to the thread of 1.1: %v", as)
	}
	for _, th := range p.all("th") {
		if !hasAttr(th, "scope") {
			t.Errorf("a th without scope: %s", text(th))
		}
	}
	if en := b.get(sheetURL + "?lang=en"); text(en.all("h1")[0]) != "Scoring sheet: Thanh tra tỉnh, 2026" || !strings.Contains(en.text(), "Appraised points") {
		t.Errorf("the sheet in English: %s", text(en.all("h1")[0]))
	}
	b.get(sheetURL + "?lang=vi")
	body := regexp.MustCompile(`name="form_token" value="[^"]+"`).ReplaceAll(p.Body, []byte(`name="form_token" value="TOKEN"`))
	body = regexp.MustCompile(`\d\d:\d\d ngày \d\d/\d+/\d{4}`).ReplaceAll(body, []byte(`TIME`))
	golden(t, "sheet-council.golden.html", body)
}

// TestSheetSave: a unit saves "2,5" as 2.5; a refused value re-renders
// with 422, everything typed kept, and nothing is saved.
func TestSheetSave(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.moveTo("self_assessment")
	b := s.browser()
	b.mustLogin("tt-user")
	p := b.get(sheetURL)
	form := p.formValues("sheet")
	form.Set("self-1.2.1", "2,5")
	form.Set("self-1.2.2", "4.125")
	form.Set("note-1.2.1", "Có báo cáo quý")
	r := b.do("POST", sheetURL, form)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != sheetURL+"?saved=1" {
		t.Fatalf("save: %d %s %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	p = b.get(r.Header.Get("Location"))
	if v := attr(p.byID("self-1.2.1"), "value"); v != "2,5" {
		t.Errorf("after the save 1.2.1 shows %q", v)
	}
	if !strings.Contains(p.text(), "Đã lưu bảng điểm.") {
		t.Error("no saved notice")
	}
	if got := s.sheetScores(); got["1.2.1"][0] != "2.5" || got["1.2.2"][0] != "4.125" || got["1.1"][0] != "9.5" {
		t.Errorf("saved: %v", got)
	}

	// Over the maximum, text, four decimals, negative: 422, nothing saved.
	form = p.formValues("sheet")
	bad := map[string]string{"self-1.1": "11", "self-1.2.1": "abc", "self-1.2.2": "1,2345", "self-2.1": "-1"}
	for k, v := range bad {
		form.Set(k, v)
	}
	r = b.do("POST", sheetURL, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad values: %d %s", r.Status, r.Body)
	}
	summary := r.byID("error-summary")
	if summary == nil || attr(summary, "role") != "alert" || attr(summary, "tabindex") != "-1" {
		t.Fatalf("no error summary: %s", r.Body)
	}
	var links []string
	for _, a := range under(summary, "a") {
		links = append(links, attr(a, "href"))
	}
	if want := []string{"#self-1.2.1", "#self-1.2.2"}; !slices.Equal(links, want) {
		t.Errorf("the summary links to %v, want %v (what cannot be read is refused first)", links, want)
	}
	for k, v := range bad {
		in := r.byID(k)
		if attr(in, "value") != v {
			t.Errorf("%s: typed %q, shown %q", k, v, attr(in, "value"))
		}
	}
	for _, k := range []string{"self-1.2.1", "self-1.2.2"} {
		in := r.byID(k)
		if attr(in, "aria-invalid") != "true" || attr(in, "aria-describedby") != k+"-error" || r.byID(k+"-error") == nil {
			t.Errorf("%s is not marked: %v", k, in.Attr)
		}
	}
	// The store's bounds, once the values can be read.
	form.Set("self-1.2.1", "3")
	form.Set("self-1.2.2", "1")
	r = b.do("POST", sheetURL, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("out of bounds: %d %s", r.Status, r.Body)
	}
	links = nil
	for _, a := range under(r.byID("error-summary"), "a") {
		links = append(links, attr(a, "href"))
	}
	if want := []string{"#self-1.1", "#self-2.1"}; !slices.Equal(links, want) {
		t.Errorf("the summary links to %v, want %v", links, want)
	}
	if e := r.byID("self-1.1-error"); e == nil || !strings.Contains(text(e), "0..10") {
		t.Errorf("the message at 1.1: %v", e)
	}
	if attr(r.byID("self-1.2.1"), "value") != "3" || attr(r.byID("self-1.1"), "value") != "11" {
		t.Error("the typed values are not kept")
	}
	if got := s.sheetScores(); got["1.2.1"][0] != "2.5" || got["1.1"][0] != "9.5" || got["2.1"][0] != "50" {
		t.Errorf("a refused save changed: %v", got)
	}

	// The stage moves on while the unit types: the save is refused and says
	// why (409), not dropped as if nothing had changed.
	form = b.get(sheetURL).formValues("sheet")
	form.Set("self-1.1", "8")
	s.moveTo("appraisal")
	r = b.do("POST", sheetURL, form)
	if r.Status != http.StatusConflict || r.byID("error-summary") == nil || !strings.Contains(text(r.byID("error-summary")), "Thẩm định") {
		t.Errorf("a save after the stage moved: %d %s", r.Status, r.text())
	}
	if got := s.sheetScores(); got["1.1"][0] != "9.5" {
		t.Errorf("self points saved after the self-assessment: %v", got["1.1"])
	}
}

// TestSheetConflict: two people save one sheet; the second sees the
// first's value beside its own, chooses, and nothing is lost.
func TestSheetConflict(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	first, second := s.browser(), s.browser()
	first.mustLogin("thuky")
	second.mustLogin("hoidong")
	p1, p2 := first.get(sheetURL), second.get(sheetURL)

	f1 := p1.formValues("sheet")
	f1.Set("points-1.1", "7")
	f1.Set("points-2.1", "55")
	if r := first.do("POST", sheetURL, f1); r.Status != http.StatusSeeOther {
		t.Fatalf("first save: %d %s", r.Status, r.Body)
	}
	f2 := p2.formValues("sheet")
	f2.Set("points-1.1", "6,5")
	f2.Set("points-1.2.2", "4")
	r := second.do("POST", sheetURL, f2)
	if r.Status != http.StatusConflict {
		t.Fatalf("second save: %d %s", r.Status, r.Body)
	}
	if got := s.sheetScores(); got["1.1"][1] != "7" || got["1.2.2"][1] != "" {
		t.Fatalf("the refused save changed something: %v", got)
	}
	pick := r.byID("points-1.1").Parent
	if got := text(pick); !strings.Contains(got, "Giá trị của người kia: 7") || !strings.Contains(got, "Giữ giá trị của tôi") {
		t.Errorf("the conflict at 1.1: %s", got)
	}
	if attr(r.byID("points-1.1"), "value") != "6,5" || attr(r.byID("points-1.2.2"), "value") != "4" || attr(r.byID("points-2.1"), "value") != "55" {
		t.Error("the conflict page does not show mine where I typed and theirs elsewhere")
	}
	if r.byID("theirs-points-1.2.2") != nil || r.byID("theirs-points-2.1") != nil {
		t.Error("a choice where only one of us changed the value")
	}
	var links []string
	for _, a := range under(r.byID("error-summary"), "a") {
		links = append(links, attr(a, "href"))
	}
	if !slices.Equal(links, []string{"#points-1.1"}) {
		t.Errorf("summary links %v", links)
	}

	// Take theirs at 1.1; 1.2.2 stays mine.
	f2 = r.formValues("sheet")
	f2.Set("pick-points-1.1", "theirs")
	if r := second.do("POST", sheetURL, f2); r.Status != http.StatusSeeOther {
		t.Fatalf("resolved save: %d %s", r.Status, r.Body)
	}
	if got := s.sheetScores(); got["1.1"][1] != "7" || got["1.2.2"][1] != "4" || got["2.1"][1] != "55" {
		t.Errorf("after resolving: %v", got)
	}
}

// TestSheetEvidence: a unit attaches a link and a file from a row, sees
// them, downloads the file, and removes the link.
func TestSheetEvidence(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.mustLogin("tt-user")
	p := b.get(sheetURL)
	if p.byID("ev-1.1") == nil || p.byID("ev-title-1.1") == nil {
		t.Fatalf("no evidence form in appraisal: %s", p.Body)
	}
	form := p.formValues("ev-1.1")
	form.Set("ev-title-1.1", "Kế hoạch CCHC 2026")
	form.Set("ev-url-1.1", "https://vanban.laichau.gov.vn/kh-12")
	r := b.do("POST", sheetURL+"/evidence", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("link: %d %s", r.Status, r.Body)
	}
	// A bad link: 422 at the row, what was typed kept.
	form.Set("ev-url-1.1", "javascript:alert(1)")
	r = b.do("POST", sheetURL+"/evidence", form)
	if r.Status != http.StatusUnprocessableEntity || attr(r.byID("ev-url-1.1"), "value") != "javascript:alert(1)" || attr(r.byID("ev-url-1.1"), "aria-invalid") != "true" {
		t.Errorf("a bad link: %d", r.Status)
	}

	// A file, multipart.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range p.formValues("ev-2.1") {
		mw.WriteField(k, v[0])
	}
	fw, _ := mw.CreateFormFile("ev-file-2.1", "bao-cao.pdf")
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
	fw.Write(pdf)
	mw.Close()
	req, _ := http.NewRequest("POST", s.URL+sheetURL+"/evidence", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("file: %d %s", res.StatusCode, raw)
	}
	p = b.get(sheetURL)
	if got := text(p.byID("row-1.1")); !strings.Contains(got, "Kế hoạch CCHC 2026") {
		t.Errorf("the link is not listed: %s", got)
	}
	var download string
	for _, a := range under(p.byID("row-2.1"), "a") {
		if strings.Contains(attr(a, "href"), "/file") {
			download = attr(a, "href")
		}
	}
	if download == "" || !strings.Contains(text(p.byID("row-2.1")), "bao-cao.pdf") {
		t.Fatalf("the file is not listed: %s", text(p.byID("row-2.1")))
	}
	if d := b.get(download); d.Status != 200 || !bytes.Equal(d.Body, pdf) {
		t.Errorf("download %s: %d %q", download, d.Status, d.Body)
	}
	// Remove the link through its own form.
	var del string
	for _, f := range p.all("form") {
		if strings.HasSuffix(attr(f, "action"), "/delete") {
			del = attr(f, "id")
			break
		}
	}
	r = b.do("POST", attr(p.byID(del), "action"), p.formValues(del))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", r.Status, r.Body)
	}
	if got := text(b.get(sheetURL).byID("row-1.1")); strings.Contains(got, "Kế hoạch CCHC 2026") {
		t.Errorf("the link is still listed: %s", got)
	}
	// The council reads evidence but attaches none.
	c := s.browser()
	c.mustLogin("hoidong")
	if p := c.get(sheetURL); p.byID("ev-1.1") != nil || !strings.Contains(text(p.byID("row-2.1")), "bao-cao.pdf") {
		t.Error("the council's view of evidence")
	}
	// A form without the token is refused.
	if r := b.do("POST", sheetURL, url.Values{"self-1.1": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("no token: %d", r.Status)
	}
}
