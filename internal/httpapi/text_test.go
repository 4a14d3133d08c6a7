package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/textrule"
)

// The review's text attacks (findings 6 and 11), through the real server.
// With PARINDEX_TEST_POSTGRES_URL set they run on PostgreSQL, where a NUL
// that reached a query used to answer 500.

// refused checks a 422 whose details name the field.
func refused(t *testing.T, what string, r response, field string) {
	t.Helper()
	if r.Status != http.StatusUnprocessableEntity {
		t.Errorf("%s: status %d, want 422 naming %s\n%s", what, r.Status, field, r.Body)
		return
	}
	var body errorBody
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, d := range body.Error.Details {
		if d.Field == field {
			return
		}
	}
	t.Errorf("%s: 422, but no detail names field %s:\n%s", what, field, r.Body)
}

// TestNulInLogin: the unauthenticated sign-in refuses a NUL in the
// username or the password before it reaches the throttle, the audit log
// or the database.
func TestNulInLogin(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	before := len(ts.must(http.StatusOK, "GET", "/api/v1/audit", ts.admin, nil).JSON(t)["entries"].([]any))
	refused(t, "NUL in the username", ts.do("POST", "/api/v1/auth/login", "", `{"username":"ad\u0000min","password":"whatever-it-is"}`), "username")
	refused(t, "NUL in the password", ts.do("POST", "/api/v1/auth/login", "", `{"username":"admin","password":"x\u0000"}`), "password")
	refused(t, "escape in the username", ts.do("POST", "/api/v1/auth/login", "", `{"username":"\u001b[2Jadmin","password":"whatever-it-is"}`), "username")
	after := len(ts.must(http.StatusOK, "GET", "/api/v1/audit", ts.admin, nil).JSON(t)["entries"].([]any))
	if after != before {
		t.Errorf("refused sign-ins wrote %d audit entries", after-before)
	}
	ts.login("admin", adminPassword) // the account is not locked by them
}

// TestControlCharactersInBodies: a control character in any JSON string
// is refused with 422 naming the field by its path; tabs and line breaks
// pass in multi-line fields only; nothing of a refused request is kept.
func TestControlCharactersInBodies(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	scores := func() []byte {
		return ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", ts.admin, nil).Body
	}
	empty := scores()
	for _, c := range []struct {
		what, method, path, body, field string
	}{
		{"NUL in a note", "PUT", "/api/v1/periods/2016/scores",
			`{"scores":[{"unit":"tt","criterion":"1.1","points":1},{"unit":"tt","criterion":"1.2.1","points":1,"note":"a\u0000b"}]}`, "scores[1].note"},
		{"NUL in a unit code of a score", "PUT", "/api/v1/periods/2016/scores",
			`{"scores":[{"unit":"t\u0000t","criterion":"1.1","points":1}]}`, "scores[0].unit"},
		{"NUL in a decimal string", "PUT", "/api/v1/periods/2016/scores",
			`{"scores":[{"unit":"tt","criterion":"1.1","points":"1\u0000"}]}`, "scores[0].points"},
		{"a bell in a note", "PUT", "/api/v1/periods/2016/units/tt/scores",
			`{"scores":[{"criterion":"1.1","points":1,"note":"ding\u0007"}]}`, "scores[0].note"},
		{"a lone CR in a note", "PUT", "/api/v1/periods/2016/units/tt/scores",
			`{"scores":[{"criterion":"1.1","points":1,"note":"visible\rhidden"}]}`, "scores[0].note"},
		{"a C1 character, raw", "PUT", "/api/v1/periods/2016/units/tt/scores",
			"{\"scores\":[{\"criterion\":\"1.1\",\"points\":1,\"note\":\"a\u0085b\"}]}", "scores[0].note"},
		{"DEL in a unit name", "POST", "/api/v1/units", "{\"code\":\"x\",\"name\":\"S\u007f\u1edf\",\"tier\":\"department\"}", "name"},
		{"a line break in a unit name", "POST", "/api/v1/units", `{"code":"x","name":"Sở\nTư pháp","tier":"department"}`, "name"},
		{"NUL in a tier of a unit", "POST", "/api/v1/units", `{"code":"x","name":"Sở Mới","tier":"department\u0000"}`, "tier"},
		{"a tab in a tier name", "POST", "/api/v1/tiers", `{"code":"xa","name":"Cấp\txã"}`, "name"},
		{"NUL in a period title", "POST", "/api/v1/periods", `{"year":2017,"title":"Chỉ số\u0000"}`, "title"},
		{"NUL deep in a framework", "PUT", "/api/v1/periods/2016/frameworks/department",
			`{"criteria":[{"code":"1","name":"A","children":[{"code":"1.1","name":"B","max_points":1},{"code":"1.2","name":"C\u0000","max_points":1}]}]}`, "criteria[0].children[1].name"},
		{"NUL in a band label", "PUT", "/api/v1/periods/2016/frameworks/department",
			`{"bands":[{"label":"Tốt\u0000","min_index":80}],"criteria":[{"code":"1","name":"A","max_points":1}]}`, "bands[0].label"},
		{"NUL in a reason", "POST", "/api/v1/periods/2016/stage", `{"stage":"self_assessment","reason":"m\u0000"}`, "reason"},
		{"NUL in an evidence URL", "POST", "/api/v1/periods/2016/units/tt/evidence", `{"criterion":"1.1","title":"KH","url":"https://a.gov.vn/\u0000"}`, "url"},
		{"an escape in a remark", "POST", "/api/v1/periods/2016/units/tt/remarks", `{"criterion":"1.1","body":"\u001b[8mẩn"}`, "body"},
		{"NUL in a council assignment", "PATCH", "/api/v1/users/admin", `{"units":["tt","stp\u0000"]}`, "units[1]"},
		{"NUL in a news body", "POST", "/api/v1/news", `{"title":"Tin","body":"a\u0000"}`, "body"},
		{"a tab in a news title", "POST", "/api/v1/news", `{"title":"Tin\tmới"}`, "title"},
		{"NUL in a related slug", "POST", "/api/v1/news", `{"title":"Tin","related":["a\u0000"]}`, "related[0]"},
	} {
		refused(t, c.what, ts.do(c.method, c.path, ts.admin, c.body), c.field)
	}
	if got := scores(); !bytes.Equal(got, empty) {
		t.Errorf("refused requests saved scores: %s", got)
	}
	if units := ts.must(http.StatusOK, "GET", "/api/v1/units?tier=department", ts.admin, nil).JSON(t)["total"]; units != json.Number("5") {
		t.Errorf("%v units after refused creations, want the fixture's 5", units)
	}

	// Multi-line text keeps its tabs and line breaks; CRLF is stored as LF.
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/units/tt/scores", ts.admin,
		`{"scores":[{"criterion":"1.1","points":1,"note":"Dòng 1\r\nDòng 2\tcột"}]}`)
	sheet := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?unit=tt", ts.admin, nil)
	if !contains(sheet.Body, `"note":"Dòng 1\nDòng 2\tcột"`) {
		t.Errorf("the multi-line note did not come back as LF with its tab: %s", sheet.Body)
	}
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/units/tt/remarks", ts.admin, `{"criterion":"1.1","body":"Thiếu:\n- báo cáo quý IV"}`)
}

// TestControlCharactersInParameters: path and query parameters, on
// routes with and without a token, are refused with 422 naming the
// parameter, before they reach the database.
func TestControlCharactersInParameters(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	for _, c := range []struct {
		path, token, field string
	}{
		{"/api/v1/units/tt%00x", ts.admin, "code"},
		{"/api/v1/public/units/tt%00x", "", "code"},
		{"/api/v1/public/news/a%00b", "", "slug"},
		{"/api/v1/public/periods/2016/results?tier=department%00", "", "tier"},
		{"/api/v1/public/periods/2016/results?tier=%FF", "", "tier"},
		{"/embed/periods/2016?tier=%1B", "", "tier"},
		{"/api/v1/periods/2016/results?tier=department%00", ts.admin, "tier"},
		{"/api/v1/periods/2016/frameworks/depart%00ment", ts.admin, "tier"},
		{"/api/v1/periods/2016/scores?unit=tt%00", ts.admin, "unit"},
		{"/api/v1/units?tier=%7F", ts.admin, "tier"},
		{"/api/v1/audit?actor=admin%00", ts.admin, "actor"},
		{"/api/v1/news?category=%C2%85", ts.admin, "category"},
		{"/api/v1/public/news?category=a%0Ab", "", "category"},
	} {
		refused(t, "GET "+c.path, ts.do("GET", c.path, c.token, nil), c.field)
	}
	// A page's address is refused with a page naming the parameter.
	if r := ts.do("GET", "/news/a%00b", "", nil); r.Status != http.StatusUnprocessableEntity ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), "slug") {
		t.Errorf("GET /news/a%%00b: %d %q %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	r := ts.do("PATCH", "/api/v1/units/tt%00", ts.admin, map[string]string{"name": "Thanh tra"})
	refused(t, "PATCH a unit named with a NUL", r, "code")
}

// TestInvisibleAndLookAlikeNames: the review's three "Sở Tư pháp" (NFC,
// NFD, with a zero-width space) cannot stand in one tier; nor a bidi
// override or any invisible character in a name; codes refuse them too.
func TestInvisibleAndLookAlikeNames(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts) // has stp "Sở Tư pháp", in NFC
	unit := func(code, name, tier string) response {
		return ts.do("POST", "/api/v1/units", ts.admin, map[string]string{"code": code, "name": name, "tier": tier})
	}
	for i, name := range []string{norm.NFD.String("Sở Tư pháp"), "SỞ TƯ PHÁP", "sở tư  pháp", "Ｓở Tư pháp"} {
		r := unit("stp"+strconv.Itoa(i), name, "department")
		if r.Status != http.StatusConflict || !contains(r.Body, `"unit":"stp"`) {
			t.Errorf("a twin of Sở Tư pháp %q: %d, want 409 naming stp\n%s", name, r.Status, r.Body)
		}
	}
	for _, name := range []string{"Sở Tư\u200b pháp", "\u202eSở Tư pháp", "Sở Tư pháp\u2066", "Sở\u00adTư pháp", "\u200b", "Sở Tư\u2028pháp"} {
		refused(t, "unit name "+strconv.QuoteToASCII(name), unit("stp9", name, "department"), "name")
	}
	// The ranking has one Sở Tư pháp.
	list := ts.must(http.StatusOK, "GET", "/api/v1/units?tier=department", ts.admin, nil)
	var units struct{ Units []struct{ Code, Name string } }
	json.Unmarshal(list.Body, &units)
	same := 0
	for _, u := range units.Units {
		if textrule.NameKey(u.Name) == textrule.NameKey("Sở Tư pháp") {
			same++
		}
	}
	if same != 1 {
		t.Errorf("%d units named like Sở Tư pháp in the department tier: %s", same, list.Body)
	}
	// Unique per tier: the district tier may have its own.
	ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "stp-huyen", "name": "Sở Tư pháp", "tier": "district"})
	// A rename is held to the same rules; a unit may change its own name's case.
	if r := ts.do("PATCH", "/api/v1/units/stc", ts.admin, map[string]string{"name": "sở tư pháp"}); r.Status != http.StatusConflict {
		t.Errorf("renaming Sở Tài chính to a twin of Sở Tư pháp: %d\n%s", r.Status, r.Body)
	}
	refused(t, "rename with a zero-width space", ts.do("PATCH", "/api/v1/units/stc", ts.admin, map[string]string{"name": "Sở Tài\u200b chính"}), "name")
	ts.must(http.StatusOK, "PATCH", "/api/v1/units/stp", ts.admin, map[string]string{"name": "SỞ TƯ PHÁP"})
	ts.must(http.StatusOK, "PATCH", "/api/v1/units/stp", ts.admin, map[string]string{"name": norm.NFD.String("Sở Tư pháp")})
	if got := ts.must(http.StatusOK, "GET", "/api/v1/units/stp", ts.admin, nil).JSON(t)["name"]; got != "Sở Tư pháp" {
		t.Errorf("the renamed unit's name is %q, want it in NFC", got)
	}

	// Other names: tiers, periods, criteria, bands, news titles.
	for _, c := range []struct{ what, method, path, body string }{
		{"tier name", "POST", "/api/v1/tiers", `{"code":"xa","name":"Cấp\u200bxã"}`},
		{"period title", "POST", "/api/v1/periods", `{"year":2017,"title":"\u202eChỉ số CCHC"}`},
		{"criterion name", "PUT", "/api/v1/periods/2016/frameworks/department", `{"criteria":[{"code":"1","name":"Kế\u200dhoạch","max_points":1}]}`},
		{"band label", "PUT", "/api/v1/periods/2016/frameworks/department", `{"bands":[{"label":"Tốt\u200b","min_index":80}],"criteria":[{"code":"1","name":"A","max_points":1}]}`},
		{"evidence title", "POST", "/api/v1/periods/2016/units/tt/evidence", `{"criterion":"1.1","title":"\u2067KH","url":"https://a.gov.vn/kh.pdf"}`},
	} {
		if r := ts.do(c.method, c.path, ts.admin, c.body); r.Status != http.StatusUnprocessableEntity || !contains(r.Body, "invisible character") {
			t.Errorf("%s with an invisible character: %d\n%s", c.what, r.Status, r.Body)
		}
	}
	refused(t, "news title", ts.do("POST", "/api/v1/news", ts.admin, `{"title":"Công bố\u200b"}`), "title")
	refused(t, "news author", ts.do("POST", "/api/v1/news", ts.admin, `{"title":"Công bố","author":"\u202eSở Nội vụ"}`), "author")
	// Codes: the patterns are ASCII, so nothing invisible or alike passes.
	for _, code := range []string{"stp\u200b", "ѕtp", "st p"} {
		if r := unit(code, "Sở Mới", "department"); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("unit code %q: %d", code, r.Status)
		}
	}
	r := ts.do("PUT", "/api/v1/periods/2016/frameworks/department", ts.admin, `{"criteria":[{"code":"1.\u200b1","name":"A","max_points":1}]}`)
	if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, "letters or digits separated by dots") {
		t.Errorf("criterion code with a zero-width space: %d %s", r.Status, r.Body)
	}
}

// TestReasonMustBeVisible: a zero-width space (or only spaces and
// invisible characters) is not a reason for reopening or forcing.
func TestReasonMustBeVisible(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	stage := func(body map[string]any) response { return ts.do("POST", "/api/v1/periods/2016/stage", ts.admin, body) }
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "appraisal"})
	for _, reason := range []string{"\u200b", " \u200b\u00a0 ", "\u2060\ufeff", "\u200d\u200c", "\u3000"} {
		if r := stage(map[string]any{"stage": "draft", "reason": reason}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("reopening with reason %q: %d, want 422\n%s", reason, r.Status, r.Body)
		}
		if r := stage(map[string]any{"stage": "finalized", "reason": reason, "force": true}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("forcing with reason %q: %d, want 422\n%s", reason, r.Status, r.Body)
		}
		if r := ts.do("POST", "/api/v1/periods/2016/publish", ts.admin, map[string]any{"reason": reason, "force": true}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a forced publication with reason %q: %d, want 422\n%s", reason, r.Status, r.Body)
		}
	}
	p := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016", ts.admin, nil)
	if !contains(p.Body, `"stage":"appraisal"`) {
		t.Errorf("the refused moves moved the period: %s", p.Body)
	}
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "draft", "reason": "Mở lại\u200b để nhập tiếp"})
	audit := ts.must(http.StatusOK, "GET", "/api/v1/audit?year=2016&entity=period", ts.admin, nil)
	if !strings.Contains(string(audit.Body), "nhập tiếp") {
		t.Errorf("the reopening's reason is not in the audit: %s", audit.Body)
	}
}

// TestDeadlineInRange: closes_at of year 1 (or of the far future) is not a
// deadline of period 2016.
func TestDeadlineInRange(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	for _, at := range []string{"0001-01-01T00:00:00Z", "2015-12-31T23:59:59+07:00", "9999-12-31T00:00:00Z", "2106-02-07T06:28:16Z"} {
		r := ts.do("POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "self_assessment", "closes_at": at})
		refused(t, "closes_at "+at, r, "closes_at")
	}
	p := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016", ts.admin, nil)
	if !contains(p.Body, `"stage":"draft"`) || !contains(p.Body, `"stage_closes_at":null`) {
		t.Errorf("a refused deadline moved the period: %s", p.Body)
	}
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "self_assessment", "closes_at": "2016-01-01T00:00:00+07:00"})
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "appraisal", "closes_at": "2018-12-31T23:59:59+07:00"})
}

// TestWorkbookText: the template import and the criteria workbook refuse
// a cell holding a control character (Excel keeps one as _x0000_) or, in
// a name, an invisible one, naming the cell; nothing is kept.
func TestWorkbookText(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department", ts.admin, nil)
	bad := append([]entered(nil), councilScores...)
	bad[6] = entered{"stp", "1.2.1", "4", false, "Thiếu NULMARK báo cáo"}
	bad[7] = entered{"stp", "1.2.2", "4", false, "Dòng 1\nDòng 2"} // a line break in a note is fine
	r := ts.inVietnamese().upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, excelEscape(t, fill(t, tpl.Body, bad)), false)
	refused(t, "a NUL in a note cell", r, "'Sở Tư pháp'!G10")
	if !contains(r.Body, "Ô G10: ghi chú có ký tự điều khiển U+0000") {
		t.Errorf("the message does not say what is wrong in Vietnamese: %s", r.Body)
	}
	if n := len(ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", ts.admin, nil).JSON(t)["scores"].([]any)); n != 0 {
		t.Errorf("%d scores were saved from a refused file", n)
	}
	// The guide's tier code reaches the database first: refused too.
	f := openBook(t, fill(t, tpl.Body, councilScores))
	rows, _ := f.GetRows("Hướng dẫn")
	for i, row := range rows {
		if len(row) > 0 && row[0] == "Mã khối" {
			f.SetCellValue("Hướng dẫn", "B"+strconv.Itoa(i+1), "departmentNULMARK")
		}
	}
	var buf bytes.Buffer
	f.Write(&buf)
	r = ts.inVietnamese().upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, excelEscape(t, buf.Bytes()), false)
	if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, "mã khối có ký tự điều khiển U+0000") {
		t.Errorf("a NUL in the guide's tier: %d %s", r.Status, r.Body)
	}

	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017})
	table := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department/criteria.xlsx", ts.admin, nil)
	f = openBook(t, table.Body)
	f.SetCellValue("Bộ tiêu chí", "B6", "Kế hoạch\u200b cải cách hành chính") // 1.1's name
	f.SetCellValue("Bộ tiêu chí", "B7", "Báo cáo ESCMARK")
	f.SetCellValue("Xếp loại", "A4", "\u202eTốt")
	buf.Reset()
	f.Write(&buf)
	r = ts.inVietnamese().upload("PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, excelEscape(t, buf.Bytes()), false)
	refused(t, "a zero-width space in a criterion name", r, "'Bộ tiêu chí'!B6")
	refused(t, "an escape in a criterion name", r, "'Bộ tiêu chí'!B7")
	refused(t, "a bidi override in a band label", r, "'Xếp loại'!A4")
	if r := ts.do("GET", "/api/v1/periods/2017/frameworks/department", ts.admin, nil); r.Status != http.StatusNotFound {
		t.Errorf("a refused criteria table set a framework: %d", r.Status)
	}
}

// excelEscape writes control characters into a workbook's XML as Excel
// does (_x0000_ for NUL), where NULMARK and ESCMARK stand: excelize
// itself would not write them.
func excelEscape(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("NULMARK"), []byte("_x0000_")), []byte("ESCMARK"), []byte("_x001B_"))
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
