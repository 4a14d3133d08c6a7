package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// The Excel round trips drive the real server. Workbooks are read and
// filled with excelize here, as a council member's spreadsheet would.

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// upload sends a workbook as the multipart field "file" (or, with
// raw, as the body itself) and checks the answer against the spec.
func (ts *testServer) upload(method, path, token string, data []byte, raw bool) response {
	ts.t.Helper()
	var body bytes.Buffer
	ct := xlsxType
	if raw {
		body.Write(data)
	} else {
		mw := multipart.NewWriter(&body)
		fw, err := mw.CreateFormFile("file", "mau.xlsx")
		if err != nil {
			ts.t.Fatal(err)
		}
		fw.Write(data)
		mw.Close()
		ct = mw.FormDataContentType()
	}
	raw0 := body.Bytes()
	req, err := http.NewRequest(method, ts.URL+path, bytes.NewReader(raw0))
	if err != nil {
		ts.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	if ts.lang != "" {
		req.Header.Set("Accept-Language", ts.lang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	r := response{Status: res.StatusCode, Header: res.Header, Body: out}
	req.Body = io.NopCloser(bytes.NewReader(raw0))
	checkAgainstSpec(ts.t, req, r)
	return r
}

func openBook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// entered is what a council member types for one unit and criterion.
type entered struct {
	unit, criterion string
	points          any // a number, or text as typed ("5,25")
	na              bool
	note            string
}

// councilScores are the fixture's appraisal, typed in several ways.
var councilScores = []entered{
	{"tt", "1.1", 9.5, false, ""}, {"tt", "1.2.1", "5", false, ""}, {"tt", "1.2.2", "5,25", false, ""},
	{"tt", "2.1", "55,5", false, "Đạt yêu cầu"}, {"tt", "2.2", "15.753", false, ""},
	{"stp", "1.1", 8.0, false, ""}, {"stp", "1.2.1", "4", false, ""}, {"stp", "1.2.2", "4,5", false, ""}, {"stp", "2.1", 45.0, false, ""}, {"stp", "2.2", "12", false, ""},
	{"sgtvt", "1.1", 7.0, false, ""}, {"sgtvt", "1.2.1", "4,5", false, ""}, {"sgtvt", "1.2.2", 5.0, false, ""}, {"sgtvt", "2.1", "46", false, ""}, {"sgtvt", "2.2", 11.0, false, ""},
	{"stc", "1.1", 9.0, false, ""}, {"stc", "1.2.1", 5.0, false, ""}, {"stc", "1.2.2", "5", false, ""}, {"stc", "2.1", "52,0", false, ""}, {"stc", "2.2", 15.5, false, ""},
	{"bdt", "1.1", 5.0, false, ""}, {"bdt", "1.2.1", "3", false, ""}, {"bdt", "1.2.2", "3,000", false, ""}, {"bdt", "2.1", 30.0, false, ""}, {"bdt", "2.2", nil, true, "Không phát sinh"},
}

// fill types entries into a template: it finds each unit's sheet by the
// code in B3 and each criterion's row by its code in column A.
func fill(t *testing.T, data []byte, es []entered) []byte {
	t.Helper()
	f := openBook(t, data)
	sheets := map[string]string{}
	for _, name := range f.GetSheetList()[1:] {
		code, _ := f.GetCellValue(name, "B3")
		sheets[code] = name
	}
	for _, e := range es {
		sheet, ok := sheets[e.unit]
		if !ok {
			t.Fatalf("the template has no sheet for unit %s: %v", e.unit, sheets)
		}
		row := findRow(t, f, sheet, e.criterion)
		if e.points != nil {
			if err := f.SetCellValue(sheet, "E"+row, e.points); err != nil {
				t.Fatal(err)
			}
		}
		if e.na {
			f.SetCellValue(sheet, "F"+row, "x")
		}
		if e.note != "" {
			f.SetCellValue(sheet, "G"+row, e.note)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func findRow(t *testing.T, f *excelize.File, sheet, code string) string {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	for i, r := range rows {
		if len(r) > 0 && r[0] == code && i >= 6 {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("sheet %s has no row for criterion %s", sheet, code)
	return ""
}

// TestTemplateRoundTrip: download the template, fill it as a council
// member would (comma decimals included), import it; the results equal the
// same scores sent as JSON.
func TestTemplateRoundTrip(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	sec := ts.user("sec1", "secretariat", "")
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department", sec, nil)
	if ct := tpl.Header.Get("Content-Type"); ct != xlsxType {
		t.Fatalf("content type %q", ct)
	}
	f := openBook(t, tpl.Body)
	if got := f.GetSheetList(); !cmp.Equal(got, []string{"Hướng dẫn", "Ban Dân tộc", "Sở Giao thông vận tải", "Sở Tài chính", "Sở Tư pháp", "Thanh tra tỉnh"}) {
		t.Errorf("template sheets %v: the guide, then the units by Vietnamese name", got)
	}
	dvs, _ := f.GetDataValidations("Thanh tra tỉnh")
	if len(dvs) == 0 {
		t.Error("the template has no data validation")
	}
	filled := fill(t, tpl.Body, councilScores)
	r := ts.upload("POST", "/api/v1/periods/2016/scores/import", sec, filled, false)
	if r.Status != http.StatusOK || r.JSON(t)["saved"] != json.Number("25") {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	viaExcel := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", ts.admin, nil).Body
	scoresExcel := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", ts.admin, nil).JSON(t)

	twin := newTestServer(t)
	fixture(twin)
	var items []map[string]any
	for _, e := range councilScores {
		it := map[string]any{"unit": e.unit, "criterion": e.criterion, "not_applicable": e.na}
		if e.points != nil {
			it["points"] = strings.Replace(fmt.Sprint(e.points), ",", ".", 1)
		}
		if e.note != "" {
			it["note"] = e.note
		}
		items = append(items, it)
	}
	twin.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", twin.admin, map[string]any{"scores": items})
	viaJSON := twin.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", twin.admin, nil).Body
	if d := cmp.Diff(string(indent(t, viaJSON)), string(indent(t, viaExcel))); d != "" {
		t.Errorf("results from the imported template differ from the same scores as JSON (-json +excel):\n%s", d)
	}
	scoresJSON := twin.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", twin.admin, nil).JSON(t)
	if d := cmp.Diff(dropTimes(scoresJSON), dropTimes(scoresExcel)); d != "" {
		t.Errorf("stored scores differ (-json +excel):\n%s", d)
	}

	// The template now comes back filled with what was saved; sent back
	// as is (the raw body this time), it changes nothing.
	again := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department&unit=tt,bdt", sec, nil)
	g := openBook(t, again.Body)
	if v, _ := g.GetCellValue("Thanh tra tỉnh", "E"+findRow(t, g, "Thanh tra tỉnh", "2.2"), excelize.Options{RawCellValue: true}); v != "15.753" {
		t.Errorf("the refilled template has %q for Thanh tra 2.2, want 15.753", v)
	}
	ts.upload("POST", "/api/v1/periods/2016/scores/import", sec, again.Body, true)
	after := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", ts.admin, nil).Body
	if !bytes.Equal(after, viaExcel) {
		t.Error("re-importing the filled template changed the results")
	}
}

func dropTimes(v map[string]any) map[string]any {
	for _, s := range v["scores"].([]any) {
		delete(s.(map[string]any), "updated_at")
	}
	return v
}

// TestTemplateBadCellChangesNothing: one bad cell among good ones saves
// nothing and names the cell, in Vietnamese.
func TestTemplateBadCellChangesNothing(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department", ts.admin, nil)
	bad := append([]entered(nil), councilScores...)
	bad[6] = entered{"stp", "1.2.1", "6,5", false, ""} // 1.2.1 is worth at most 5.25
	r := ts.inVietnamese().upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, fill(t, tpl.Body, bad), false)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.Status, r.Body)
	}
	var body errorBody
	json.Unmarshal(r.Body, &body)
	want := []string{"'Sở Tư pháp'!E10", "Ô E10: 6,5 vượt điểm tối đa 5,25 của tiêu chí 1.2.1 – trang Sở Tư pháp"}
	if len(body.Error.Details) != 1 || body.Error.Details[0].Field != want[0] || body.Error.Details[0].Message != want[1] ||
		body.Error.Details[0].Unit != "stp" || body.Error.Details[0].Criterion != "1.2.1" {
		t.Errorf("details %+v, want one naming %v", body.Error.Details, want)
	}
	scores := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", ts.admin, nil).JSON(t)
	if n := len(scores["scores"].([]any)); n != 0 {
		t.Errorf("%d scores were saved from a refused file", n)
	}

	// Several kinds of bad cell are all listed.
	worse := append([]entered(nil), councilScores...)
	worse[0] = entered{"tt", "1.1", "mười", false, ""}
	worse[1] = entered{"tt", "1.2.1", "-1", false, ""}
	worse[2] = entered{"tt", "1.2.2", "1,2345", false, ""}
	worse[3] = entered{"tt", "2.1", "3", true, ""}
	r = ts.inVietnamese().upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, fill(t, tpl.Body, worse), false)
	for _, s := range []string{`Ô E8: \"mười\" không phải là số`, "Ô E10: −1 nhỏ hơn 0", "Ô E11: 1,2345 có quá 3 chữ số thập phân", "Ô F13: tiêu chí 2.1 được đánh dấu không phát sinh"} {
		if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, s) {
			t.Errorf("status %d, want 422 with %q:\n%s", r.Status, s, r.Body)
		}
	}
}

// TestTemplateOfAnotherPeriodIsRefused: by the year its guide names.
func TestTemplateOfAnotherPeriodIsRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017})
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department", ts.admin, nil)
	r := ts.inVietnamese().upload("POST", "/api/v1/periods/2017/scores/import", ts.admin, fill(t, tpl.Body, councilScores[:1]), false)
	if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, "Mẫu chấm điểm này là của năm 2016, không phải năm 2017") {
		t.Errorf("status %d: %s", r.Status, r.Body)
	}
	// A workbook that is not a template is refused as such.
	other := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department/criteria.xlsx", ts.admin, nil)
	r = ts.inVietnamese().upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, other.Body, false)
	if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, "không phải là mẫu chấm điểm") {
		t.Errorf("status %d: %s", r.Status, r.Body)
	}
	ts.must(http.StatusNotFound, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department&unit=nope", ts.admin, nil)
	ts.must(http.StatusBadRequest, "GET", "/api/v1/periods/2016/scores/template.xlsx", ts.admin, nil)
	ts.must(http.StatusForbidden, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department", ts.user("u1", "unit", "tt"), nil)
}

// TestReportWorkbook: the live report's ranking sheet holds the API's
// results; the public one is the snapshot's, byte-stable, cached.
func TestReportWorkbook(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, fixtureScores())
	live := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/report.xlsx", ts.council(), nil)
	res := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", ts.admin, nil)
	f := openBook(t, live.Body)
	sheets := f.GetSheetList()
	if d := cmp.Diff([]string{"Xếp hạng (sở, ban, ngành)", "Lĩnh vực (sở, ban, ngành)", "Chi tiết (sở, ban, ngành)", "Biểu đồ (sở, ban, ngành)"}, sheets); d != "" {
		t.Errorf("sheets (-want +got):\n%s", d)
	}
	rankingEqualsResults(t, f, sheets[0], res.Body)
	if !strings.HasPrefix(live.Header.Get("Content-Disposition"), `attachment; filename="chi-so-cchc-2016.xlsx"`) {
		t.Errorf("Content-Disposition %q", live.Header.Get("Content-Disposition"))
	}

	ts.must(http.StatusNotFound, "GET", "/api/v1/public/periods/2016/report.xlsx", "", nil)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "stc", "criterion": "2.2", "points": 15}}})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	a := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/report.xlsx", "", nil)
	b := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/report.xlsx?version=1", "", nil)
	if !bytes.Equal(a.Body, b.Body) {
		t.Error("the same snapshot gave different bytes")
	}
	pf := openBook(t, a.Body)
	if d := cmp.Diff([]string{"Xếp hạng (sở, ban, ngành)", "Lĩnh vực (sở, ban, ngành)", "Biểu đồ (sở, ban, ngành)"}, pf.GetSheetList()); d != "" {
		t.Errorf("public sheets (-want +got): leaf details are not published\n%s", d)
	}
	pub := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil)
	rankingEqualsResults(t, pf, "Xếp hạng (sở, ban, ngành)", pub.Body)
	props, _ := pf.GetDocProps()
	var doc struct {
		Published struct {
			PublishedAt string `json:"published_at"`
		} `json:"published"`
	}
	json.Unmarshal(pub.Body, &doc)
	if props.Created != doc.Published.PublishedAt || props.Modified != doc.Published.PublishedAt {
		t.Errorf("document dates %s/%s, want the publication's %s", props.Created, props.Modified, doc.Published.PublishedAt)
	}
	etag := a.Header.Get("ETag")
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/public/periods/2016/report.xlsx", nil)
	req.Header.Set("If-None-Match", etag)
	nm, err := http.DefaultClient.Do(req)
	if err != nil || nm.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s: %v %v, want 304", etag, nm.StatusCode, err)
	}
	nm.Body.Close()
	for _, name := range []string{"docProps/core.xml"} {
		zr, _ := zip.NewReader(bytes.NewReader(a.Body), int64(len(a.Body)))
		for _, zf := range zr.File {
			if zf.Name == name && !zf.Modified.Equal(time.Time{}) && zf.Modified.Year() > 1980 {
				t.Errorf("%s has a modification time %v", name, zf.Modified)
			}
		}
	}
}

// rankingEqualsResults compares a ranking sheet's rows with a results body.
func rankingEqualsResults(t *testing.T, f *excelize.File, sheet string, body []byte) {
	t.Helper()
	var res struct {
		AverageIndex json.Number `json:"average_index"`
		Units        []struct {
			Rank       *int         `json:"rank"`
			UnitName   string       `json:"unit_name"`
			SelfPoints json.Number  `json:"self_points"`
			Points     json.Number  `json:"points"`
			MaxPoints  json.Number  `json:"max_points"`
			Index      *json.Number `json:"index"`
			Band       *string      `json:"band"`
		} `json:"units"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	num := func(cell string) decimal.Decimal {
		v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		d, err := decimal.NewFromString(v)
		if err != nil {
			t.Errorf("%s!%s = %q is not a number", sheet, cell, v)
		}
		return d
	}
	eq := func(cell string, got decimal.Decimal, want json.Number) {
		w, _ := decimal.NewFromString(string(want))
		if !got.Equal(w) {
			t.Errorf("%s!%s = %s, want %s", sheet, cell, got, want)
		}
	}
	for i, u := range res.Units {
		row := strconv.Itoa(5 + i)
		if name, _ := f.GetCellValue(sheet, "B"+row); name != u.UnitName {
			t.Errorf("row %s: %q, want %q", row, name, u.UnitName)
		}
		eq("C"+row, num("C"+row), u.SelfPoints)
		eq("D"+row, num("D"+row), u.Points)
		eq("E"+row, num("E"+row), u.MaxPoints)
		eq("F"+row, num("F"+row).Shift(2), *u.Index)
		eq("G"+row, num("G"+row), json.Number(strconv.Itoa(*u.Rank)))
		if band, _ := f.GetCellValue(sheet, "H"+row); u.Band != nil && band != *u.Band {
			t.Errorf("row %s: band %q, want %q", row, band, *u.Band)
		}
	}
	avg := strconv.Itoa(5 + len(res.Units))
	eq("F"+avg, num("F"+avg).Shift(2), res.AverageIndex)
}

func TestScorecardWorkbook(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, fixtureScores())
	unit := ts.user("u-bdt", "unit", "bdt")
	r := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/bdt/scorecard.xlsx", unit, nil)
	f := openBook(t, r.Body)
	rows, _ := f.GetRows("Ban Dân tộc", excelize.Options{RawCellValue: true})
	var text []string
	for _, row := range rows {
		text = append(text, strings.Join(row, "|"))
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"BAN DÂN TỘC", "2.2|Mức độ hài lòng của người dân|16.753|KPS|KPS|Không phát sinh", "|Tổng điểm|97.5|41|41", "|Chỉ số CCHC (%)|||0.5078"} {
		if !strings.Contains(all, want) {
			t.Errorf("the scorecard lacks %q:\n%s", want, all)
		}
	}
	ts.must(http.StatusForbidden, "GET", "/api/v1/periods/2016/units/tt/scorecard.xlsx", unit, nil)
	ts.must(http.StatusNotFound, "GET", "/api/v1/periods/2016/units/nope/scorecard.xlsx", ts.admin, nil)
}

// TestFrameworkWorkbookRoundTrip: the criteria table exported for one
// year loads as the framework of another; a bad table names its cells.
func TestFrameworkWorkbookRoundTrip(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017})
	table := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department/criteria.xlsx", ts.council(), nil)
	put := ts.inVietnamese().upload("PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, table.Body, true)
	if put.Status != http.StatusOK {
		t.Fatalf("PUT the criteria table: %d %s", put.Status, put.Body)
	}
	want := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department", ts.admin, nil).JSON(t)
	got := ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/frameworks/department", ts.admin, nil).JSON(t)
	delete(want, "year")
	delete(got, "year")
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("the framework read back from its table differs (-2016 +2017):\n%s", d)
	}

	f := openBook(t, table.Body)
	f.SetCellValue("Bộ tiêu chí", "C6", "mười")   // 1.1's maximum
	f.SetCellValue("Bộ tiêu chí", "A11", "2.9.1") // 2.1 without its parent
	var buf bytes.Buffer
	f.Write(&buf)
	r := ts.inVietnamese().upload("PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, buf.Bytes(), false)
	for _, s := range []string{`'Bộ tiêu chí'!C6`, `Ô C6: \"mười\" không phải là số`, `'Bộ tiêu chí'!A11`, "tiêu chí cha 2.9"} {
		if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, s) {
			t.Errorf("status %d, want 422 naming %s:\n%s", r.Status, s, r.Body)
		}
	}
	// The engine's own rules come back located too.
	f.SetCellValue("Bộ tiêu chí", "C6", 10)
	f.SetCellValue("Bộ tiêu chí", "A11", "2.1")
	f.SetCellValue("Bộ tiêu chí", "D12", "điều tra XHH")
	f.SetCellValue("Bộ tiêu chí", "C5", 99) // field 1 given a maximum other than its children's sum
	buf.Reset()
	f.Write(&buf)
	r = ts.inVietnamese().upload("PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, buf.Bytes(), false)
	if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, "Ô A5 (trang Bộ tiêu chí): tiêu chí 1 ghi điểm tối đa 99") {
		t.Errorf("status %d: %s", r.Status, r.Body)
	}
}

// TestUploadLimits: oversized and hostile uploads are refused quickly.
func TestUploadLimits(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	start := time.Now()
	path := "/api/v1/periods/2016/scores/import"
	// A zip bomb: 15 MB of zeros that compress to a few KB.
	bomb := zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": make([]byte, 15<<20)})
	r := ts.inVietnamese().upload("POST", path, ts.admin, bomb, false)
	if r.Status != http.StatusRequestEntityTooLarge || !contains(r.Body, "zip bomb") {
		t.Errorf("zip bomb: %d %s", r.Status, r.Body)
	}
	// A sheet of a million rows, within the compression ratio.
	var sheet bytes.Buffer
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i := 1; i <= 1_000_000; i++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i*7919%1000003)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	r = ts.inVietnamese().upload("POST", path, ts.admin, zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": sheet.Bytes()}), true)
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a million rows: %d %s", r.Status, r.Body)
	}
	// Too many sheets.
	many := map[string][]byte{}
	for i := range 600 {
		many[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = []byte("<worksheet/>")
	}
	r = ts.inVietnamese().upload("POST", path, ts.admin, zipOf(t, many), false)
	if r.Status != http.StatusRequestEntityTooLarge || !contains(r.Body, "trang tính") {
		t.Errorf("600 sheets: %d %s", r.Status, r.Body)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("refusing hostile uploads took %v", d)
	}
	// Over the request body limit of the server.
	r = ts.inVietnamese().upload("POST", path, ts.admin, bytes.Repeat([]byte("x"), 3<<20), true)
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %d %s", r.Status, r.Body)
	}
	// Not a workbook; an old .xls; no file field.
	if r := ts.inVietnamese().upload("POST", path, ts.admin, []byte("STT,Đơn vị\n1,Sở Tài chính\n"), false); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("CSV: %d %s", r.Status, r.Body)
	}
	if r := ts.inVietnamese().upload("POST", path, ts.admin, append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...), false); r.Status != http.StatusUnprocessableEntity || !contains(r.Body, ".xls") {
		t.Errorf("xls: %d %s", r.Status, r.Body)
	}
	ts.must(http.StatusBadRequest, "POST", path, ts.admin, `{"scores": []}`)
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	return buf.Bytes()
}
