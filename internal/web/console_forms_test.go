package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
	"github.com/parindex/parindex/internal/xlsx"
)

// TestNewYearFromLast: 2027 from 2026 copies each tier's framework and
// bands, with the tier's units; the refusals keep what was typed.
func TestNewYearFromLast(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	ctx := context.Background()
	b := s.browser()
	b.mustLogin("thuky")
	p := b.get("/app/periods/new")
	if attr(p.byID("year"), "value") != "2027" {
		t.Errorf("the year offered: %q", attr(p.byID("year"), "value"))
	}

	p = b.post("/app/periods/new", url.Values{"year": {"hai nghìn"}, "title": {"Chỉ số CCHC năm sau"}, "from": {"2026"}})
	kept(t, p, "year", "hai nghìn")
	if attr(p.byID("title"), "value") != "Chỉ số CCHC năm sau" {
		t.Error("the title typed is lost")
	}
	p = b.post("/app/periods/new", url.Values{"year": {"2026"}, "title": {"Trùng năm"}, "from": {"2026"}})
	kept(t, p, "year", "2026")
	if !strings.Contains(text(p.byID("year-error")), "2026") {
		t.Errorf("the conflict's message: %q", text(p.byID("year-error")))
	}

	p = b.post("/app/periods/new", url.Values{"year": {"2027"}, "title": {""}, "from": {"2026"}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/app/console?created=2027" {
		t.Fatalf("create: %d %s %s", p.Status, p.Header.Get("Location"), p.text())
	}
	old, err := s.store.Framework(ctx, 2026, "department")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.store.Framework(ctx, 2027, "department")
	if err != nil {
		t.Fatal(err)
	}
	if d := score.Diff(old, got); !d.Empty() || got.Ranking != old.Ranking {
		t.Errorf("2027's framework differs from 2026's: %+v", d)
	}
	units, err := s.store.PeriodUnits(ctx, 2027)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, u := range units.Units {
		codes = append(codes, u.Code)
	}
	slices.Sort(codes)
	if !slices.Equal(codes, []string{"stc", "tt"}) {
		t.Errorf("2027's units: %v", codes)
	}
	per, _ := s.store.Period(ctx, 2027)
	if per.Stage != workflow.Draft || per.Title != "Chỉ số cải cách hành chính năm 2027" {
		t.Errorf("2027: %+v", per)
	}
	home := b.get("/app/console?created=2027")
	if !strings.Contains(home.text(), "Đã tạo kỳ đánh giá năm 2027") || !strings.Contains(home.text(), "Chỉ số cải cách hành chính năm 2027") {
		t.Errorf("the console's home after the creation: %s", home.text())
	}
	entries, err := s.store.Audit(ctx, store.AuditFilter{Year: 2027, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var what []string
	for _, e := range entries {
		what = append(what, e.Actor+" "+e.Action+" "+e.Entity)
	}
	if !slices.Contains(what, "thuky create period") || !slices.Contains(what, "thuky update framework") {
		t.Errorf("the audit of the new year: %v", what)
	}
}

// TestUnitsConsole: a tier of 120 communes pages by 50, searches by name
// without diacritics mattering to case, filters by tier; adding,
// renaming and deactivating go through the store's rules.
func TestUnitsConsole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	ctx := store.WithActor(context.Background(), workflow.Actor{Name: "test"})
	if _, err := s.store.CreateTier(ctx, workflow.Tier{Code: "commune", Name: "Cấp xã"}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 120; i++ {
		if _, err := s.store.CreateUnit(ctx, workflow.Unit{Code: fmt.Sprintf("xa%03d", i), Name: fmt.Sprintf("Xã Số %d", i), Tier: "commune"}); err != nil {
			t.Fatal(err)
		}
	}
	b := s.browser()
	b.mustLogin("thuky")
	p := b.get("/app/units?tier=commune")
	if n := len(p.rows()); n != 50 || !strings.Contains(p.text(), "120 đơn vị – trang 1 trên 3") {
		t.Errorf("page 1 of the communes: %d rows, %s", n, p.text())
	}
	p = b.get("/app/units?tier=commune&page=3")
	if n := len(p.rows()); n != 20 {
		t.Errorf("page 3: %d rows", n)
	}
	p = b.get("/app/units?q=" + url.QueryEscape("XÃ SỐ 11"))
	var names []string
	for _, r := range p.rows() {
		names = append(names, r[1])
	}
	if !slices.Equal(names, []string{"Xã Số 11", "Xã Số 110", "Xã Số 111", "Xã Số 112", "Xã Số 113", "Xã Số 114", "Xã Số 115", "Xã Số 116", "Xã Số 117", "Xã Số 118", "Xã Số 119"}) {
		t.Errorf("search: %v", names)
	}

	p = b.post("/app/units", url.Values{"code": {"sở tc"}, "name": {"Sở Tư pháp"}, "new_tier": {"department"}})
	kept(t, p, "code", "sở tc")
	if attr(p.byID("name"), "value") != "Sở Tư pháp" {
		t.Error("the name typed is lost")
	}
	p = b.post("/app/units", url.Values{"code": {"stp"}, "name": {"Thanh tra tỉnh"}, "new_tier": {"department"}})
	kept(t, p, "name", "Thanh tra tỉnh") // the tier has a unit of that name
	p = b.post("/app/units", url.Values{"code": {"tt"}, "name": {"Sở Tư pháp"}, "new_tier": {"department"}})
	kept(t, p, "code", "tt") // the code is taken
	p = b.post("/app/units", url.Values{"code": {"stp"}, "name": {"Sở Tư pháp"}, "new_tier": {"department"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", p.Status, p.text())
	}
	if u, err := s.store.Unit(ctx, "stp"); err != nil || u.Name != "Sở Tư pháp" || u.Tier != "department" {
		t.Errorf("the unit added: %+v %v", u, err)
	}

	p = b.post("/app/units/stp", url.Values{"name": {"  "}})
	kept(t, p, "name", "  ")
	p = b.post("/app/units/stp", url.Values{"name": {"Sở Tư pháp tỉnh"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", p.Status, p.text())
	}
	p = b.post("/app/units/stp", url.Values{"active": {"0"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d %s", p.Status, p.text())
	}
	if u, _ := s.store.Unit(ctx, "stp"); u.Name != "Sở Tư pháp tỉnh" || u.Active {
		t.Errorf("after rename and deactivate: %+v", u)
	}
	if p := b.get("/app/units"); strings.Contains(p.text(), "Sở Tư pháp tỉnh") {
		t.Error("a deactivated unit is listed without the filter")
	}
	if p := b.get("/app/units?inactive=1&q=tu+phap"); !strings.Contains(p.text(), "Sở Tư pháp tỉnh") {
		t.Errorf("the deactivated unit with the filter: %s", p.text())
	}

	p = b.post("/app/tiers", url.Values{"code": {"khối phường"}, "name": {"Cấp phường"}})
	kept(t, p, "code", "khối phường")
	p = b.post("/app/tiers", url.Values{"code": {"district"}, "name": {"Cấp huyện"}})
	kept(t, p, "code", "district") // the fixture has it
	if p = b.post("/app/tiers", url.Values{"code": {"ward"}, "name": {"Cấp phường"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("add a tier: %d %s", p.Status, p.text())
	}
	if tr, err := s.store.Tier(ctx, "ward"); err != nil || tr.Name != "Cấp phường" {
		t.Errorf("the tier: %+v %v", tr, err)
	}
}

// form is the editor's form as the page shows it, to post back changed.
func editorForm(p page) url.Values {
	v := url.Values{}
	for _, in := range p.all("input") {
		if n := attr(in, "name"); n != "" && attr(in, "type") != "file" {
			v.Set(n, attr(in, "value"))
		}
	}
	for _, sel := range p.all("select") {
		for _, o := range under(sel, "option") {
			if hasAttr(o, "selected") {
				v.Set(attr(sel, "name"), attr(o, "value"))
			}
		}
	}
	return v
}

// rowOf is the index of the editor's row with a code.
func rowOf(t *testing.T, v url.Values, code string) int {
	t.Helper()
	for i := 0; v.Has(fmt.Sprintf("c%d.code", i)); i++ {
		if v.Get(fmt.Sprintf("c%d.code", i)) == code {
			return i
		}
	}
	t.Fatalf("no row %s in %v", code, v)
	return -1
}

// TestFrameworkEditor: the stored tree as rows with parents' sums; a
// maximum changed shows in the preview and is saved; refusals (a
// maximum that is no number, a code used twice, a maximum under the
// points already entered) are shown at the row with what was typed.
func TestFrameworkEditor(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	ctx := context.Background()
	b := s.browser()
	b.mustLogin("thuky")
	const path = "/app/periods/2026/framework/department"
	p := b.get(path)
	if p.Status != http.StatusOK {
		t.Fatalf("%d %s", p.Status, p.text())
	}
	v := editorForm(p)
	if v.Get("rows") != "8" || v.Get("bands") != "2" || v.Get("c1.max") != "10" || v.Has("c0.max") || v.Get("c3.max") != "5,25" {
		t.Errorf("the form: %v", v)
	}
	if !strings.Contains(p.text(), "20,5") || !strings.Contains(p.text(), "Tổng điểm tối đa: 97,5.") {
		t.Errorf("the parents' sums: %s", p.text())
	}

	// 1.1 from 10 to 12,5: the preview says so, nothing is saved yet.
	v.Set(fmt.Sprintf("c%d.max", rowOf(t, v, "1.1")), "12,5")
	v.Set("op", "preview")
	p = b.post(path, v)
	if p.Status != http.StatusOK || p.byID("preview") == nil {
		t.Fatalf("preview: %d %s", p.Status, p.text())
	}
	pv := text(p.byID("preview"))
	for _, want := range []string{"1.1 Kế hoạch cải cách hành chính: điểm tối đa 10 → 12,5", "1 Công tác chỉ đạo, điều hành cải cách hành chính: điểm tối đa 20,5 → 23"} {
		if !strings.Contains(pv, want) {
			t.Errorf("the preview lacks %q: %s", want, pv)
		}
	}
	if f, _ := s.store.Framework(ctx, 2026, "department"); f.Total() != 97500 {
		t.Error("the preview saved")
	}

	// Refusals: at the row, what was typed kept.
	bad := editorForm(p)
	bad.Set("c1.max", "mười")
	bad.Set("op", "save")
	p = b.post(path, bad)
	if p.Status != http.StatusUnprocessableEntity || attr(p.byID("c1-max"), "value") != "mười" || !strings.Contains(text(p.byID("c1-error")), "mười") {
		t.Errorf("a maximum that is no number: %d %q %s", p.Status, attr(p.byID("c1-max"), "value"), p.text())
	}
	bad = editorForm(p)
	bad.Set("c1.max", "12,5")
	bad.Set("c3.code", "1.2.2")
	bad.Set("op", "save")
	p = b.post(path, bad)
	kept(t, p, "c3-code", "1.2.2")
	if !strings.Contains(p.text(), "1.2.2 được dùng hai lần") {
		t.Errorf("the engine's message for a code used twice: %s", p.text())
	}
	bad = editorForm(p)
	bad.Set("c3.code", "1.2.1")
	bad.Set("c1.max", "7")
	bad.Set("op", "save")
	p = b.post(path, bad)
	kept(t, p, "c1-code", "1.1")
	if !strings.Contains(text(p.byID("c1-error")), "9,5") {
		t.Errorf("a maximum under the points entered: %s", text(p.byID("c1-error")))
	}

	// A row added and left without a code is told so at the row.
	bad = editorForm(p)
	bad.Set("op", "add")
	bad = editorForm(b.post(path, bad))
	bad.Set("c8.name", "Tiêu chí mới")
	bad.Set("c8.max", "1")
	bad.Set("op", "preview")
	p = b.post(path, bad)
	kept(t, p, "c8-code", "")
	if !strings.Contains(text(p.byID("c8-error")), "mã") {
		t.Errorf("a row without a code: %s", text(p.byID("c8-error")))
	}

	// Save 12,5.
	v = editorForm(b.get(path))
	v.Set("c1.max", "12,5")
	v.Set("op", "save")
	p = b.post(path, v)
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != path+"?saved=1" {
		t.Fatalf("save: %d %s", p.Status, p.text())
	}
	f, err := s.store.Framework(ctx, 2026, "department")
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := f.Lookup("1.1"); n.Max != 12500 || f.Total() != 100000 {
		t.Errorf("after save: 1.1 %v, total %v", n.Max, f.Total())
	}

	// Row buttons: add a row, make it a child of 2.2, which becomes a parent.
	v = editorForm(b.get(path))
	v.Set("op", "add")
	p = b.post(path, v)
	v = editorForm(p)
	if v.Get("rows") != "9" || v.Get("c8.depth") != "1" {
		t.Fatalf("add: %v", v)
	}
	v.Set("c8.code", "2.2.1")
	v.Set("c8.name", "Hài lòng về thủ tục")
	v.Set("c8.max", "16,753")
	v.Set("op", "in:8")
	p = b.post(path, v)
	v = editorForm(p)
	if v.Get("c8.depth") != "2" || v.Has("c7.max") || attr(p.byID("c8-max"), "value") != "16,753" {
		t.Errorf("in: %v", v)
	}
	v.Set("c8.source", "survey")
	v.Set("op", "preview")
	p = b.post(path, v)
	if pv := text(p.byID("preview")); !strings.Contains(pv, "2.2.1 Hài lòng về thủ tục") {
		t.Errorf("the preview of a row added: %s", pv)
	}
	// Remove it again and move 2.1 below 2.2: a move is no change of the tree's maxima.
	v = editorForm(p)
	v.Set("op", "del:8")
	v = editorForm(b.post(path, v))
	v.Set("op", "down:6")
	v = editorForm(b.post(path, v))
	if v.Get("c6.code") != "2.2" || v.Get("c7.code") != "2.1" {
		t.Errorf("down: %v", v)
	}
	// A period whose results are final is shown, never changed.
	p = b.get("/app/periods/2026/framework/nosuchtier")
	if p.Status != http.StatusNotFound {
		t.Errorf("an unknown tier: %d", p.Status)
	}
}

// TestFrameworkImport: a criteria workbook fills the form with a preview
// against the stored framework; nothing is saved until the form is.
func TestFrameworkImport(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	ctx := context.Background()
	f, err := s.store.Framework(ctx, 2026, "department")
	if err != nil {
		t.Fatal(err)
	}
	in := score.FrameworkInput{Criteria: f.Tree(), Bands: f.Bands, Ranking: f.Ranking}
	twelve := score.Milli(12000)
	in.Criteria[0].Children[0].MaxPoints = &twelve
	in.Criteria[0].MaxPoints = nil
	in.Criteria[1].MaxPoints = nil
	in.Criteria[1].Children = in.Criteria[1].Children[:1]
	changed, err := score.NewFramework(in)
	if err != nil {
		t.Fatal(err)
	}
	var wb bytes.Buffer
	if err := xlsx.WriteFramework(&wb, 2026, workflow.Tier{Code: "department", Name: "Sở, ban, ngành"}, changed, time.Now()); err != nil {
		t.Fatal(err)
	}
	b := s.browser()
	b.mustLogin("thuky")
	p := b.upload("/app/periods/2026/framework/department/import", "file", "tieu-chi.xlsx", wb.Bytes())
	if p.Status != http.StatusOK || p.byID("preview") == nil {
		t.Fatalf("import: %d %s", p.Status, p.text())
	}
	pv := text(p.byID("preview"))
	for _, want := range []string{"Tiêu chí bị bỏ 2.2 Mức độ hài lòng của người dân", "1.1 Kế hoạch cải cách hành chính: điểm tối đa 10 → 12"} {
		if !strings.Contains(pv, want) {
			t.Errorf("the import's preview lacks %q: %s", want, pv)
		}
	}
	if v := editorForm(p); v.Get("rows") != "7" {
		t.Errorf("the form after the import: %v", v)
	}
	if now, _ := s.store.Framework(ctx, 2026, "department"); !score.Diff(f, now).Empty() {
		t.Error("the import saved before the form was")
	}
	p = b.upload("/app/periods/2026/framework/department/import", "file", "x.xlsx", []byte("not a workbook"))
	if p.Status != http.StatusUnprocessableEntity || p.byID("file-error") == nil {
		t.Errorf("not a workbook: %d %s", p.Status, p.text())
	}
}

// TestUsersConsole: accounts with the API's rules; refusals keep what
// was typed (never the password).
func TestUsersConsole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	ctx := context.Background()
	b := s.browser()
	b.mustLogin("admin")
	p := b.post("/app/users", url.Values{"username": {"hd2"}, "role": {"council"}, "password": {"short"}})
	kept(t, p, "password", "")
	if attr(p.byID("username"), "value") != "hd2" {
		t.Error("the username typed is lost")
	}
	p = b.post("/app/users", url.Values{"username": {"người dùng"}, "role": {"council"}, "password": {pw}})
	kept(t, p, "username", "người dùng")
	p = b.post("/app/users", url.Values{"username": {"stc-user"}, "role": {"unit"}, "unit": {""}, "password": {pw}})
	if p.Status != http.StatusUnprocessableEntity || p.byID("unit-error") == nil {
		t.Errorf("a unit user without its unit: %d %s", p.Status, p.text())
	}
	p = b.post("/app/users", url.Values{"username": {"hd2"}, "role": {"council"}, "unit": {"tt"}, "password": {pw}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", p.Status, p.text())
	}
	if u, err := s.store.User(ctx, "hd2"); err != nil || u.Role != "council" || u.Unit != "" {
		t.Errorf("the account: %+v %v", u, err)
	}
	hd2 := s.browser()
	hd2.mustLogin("hd2")

	p = b.post("/app/users/hd2", url.Values{"password": {"hd2"}, "reason": {"quên mật khẩu"}})
	kept(t, p, "password", "")
	if attr(p.byID("reason"), "value") != "quên mật khẩu" {
		t.Error("the reason typed is lost")
	}
	p = b.post("/app/users/hd2", url.Values{"password": {"một mật khẩu mới dài"}, "reason": {"quên mật khẩu"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d %s", p.Status, p.text())
	}
	if p := hd2.get("/app"); p.Status != http.StatusSeeOther {
		t.Errorf("the account's session outlived the reset: %d", p.Status)
	}
	p = b.post("/app/users/hd2", url.Values{"active": {"0"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", p.Status, p.text())
	}
	if u, _ := s.store.User(ctx, "hd2"); u.Active {
		t.Error("not disabled")
	}
	p = b.post("/app/users/admin", url.Values{"active": {"0"}})
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.text(), "không thể khoá tài khoản của chính mình") {
		t.Errorf("disabling oneself: %d %s", p.Status, p.text())
	}
	entries, _ := s.store.Audit(ctx, store.AuditFilter{Limit: 1000})
	var fields []string
	for _, e := range entries {
		if e.Entity == "user" && e.Actor == "admin" {
			fields = append(fields, e.Field+" "+e.Reason)
		}
	}
	if !slices.Contains(fields, "hd2.password quên mật khẩu") || !slices.Contains(fields, "hd2.active ") {
		t.Errorf("the audit: %v", fields)
	}
}

// TestAssignmentsGrid: the secretariat ticks two units for a council
// member; both are saved in one go, audited, and a refusal keeps the ticks.
func TestAssignmentsGrid(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	ctx := context.Background()
	s.api(http.StatusCreated, "POST", "/api/v1/users", s.admin, map[string]string{"username": "hd2", "role": "council", "password": pw}, nil)
	b := s.browser()
	b.mustLogin("thuky")
	const path = "/app/periods/2026/assignments"
	p := b.get(path)
	checked := map[string]bool{}
	for _, in := range p.all("input") {
		if attr(in, "name") == "a" && hasAttr(in, "checked") {
			checked[attr(in, "value")] = true
		}
	}
	if len(checked) != 1 || !checked["hoidong|tt"] {
		t.Errorf("the grid shows %v", checked)
	}
	long := strings.Repeat("x", workflow.MaxNoteLength+1)
	p = b.post(path, url.Values{"a": {"hd2|tt", "hd2|stc"}, "reason": {long}})
	kept(t, p, "reason", long)
	n := 0
	for _, in := range p.all("input") {
		if attr(in, "name") == "a" && hasAttr(in, "checked") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("the refusal kept %d ticks, want 2", n)
	}
	p = b.post(path, url.Values{"a": {"hd2|tt", "hd2|stc"}, "reason": {"phân công năm 2026"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Status, p.text())
	}
	hd2, _ := s.store.User(ctx, "hd2")
	hoidong, _ := s.store.User(ctx, "hoidong")
	if !slices.Equal(hd2.Units, []string{"stc", "tt"}) || len(hoidong.Units) != 0 {
		t.Errorf("after the save: hd2 %v, hoidong %v", hd2.Units, hoidong.Units)
	}
	entries, _ := s.store.Audit(ctx, store.AuditFilter{Limit: 1000})
	var got []string
	for _, e := range entries {
		if e.Entity == "user" && e.Actor == "thuky" {
			got = append(got, e.Field+" "+deref(e.NewValue)+" "+e.Reason)
		}
	}
	slices.Sort(got)
	if want := []string{"hd2.units stc,tt phân công năm 2026", "hoidong.units  phân công năm 2026"}; !slices.Equal(got, want) {
		t.Errorf("the audit: %q, want %q", got, want)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestFrameworkImportRefused: a workbook with a bad cell lists the cell,
// and the form keeps the saved framework.
func TestFrameworkImportRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	f, err := s.store.Framework(context.Background(), 2026, "department")
	if err != nil {
		t.Fatal(err)
	}
	var wb bytes.Buffer
	if err := xlsx.WriteFramework(&wb, 2026, workflow.Tier{Code: "department", Name: "Sở, ban, ngành"}, f, time.Now()); err != nil {
		t.Fatal(err)
	}
	bad := setCell(t, wb.Bytes(), "C6", "mười") // 1.1's maximum
	b := s.browser()
	b.mustLogin("thuky")
	p := b.upload("/app/periods/2026/framework/department/import", "file", "tieu-chi.xlsx", bad)
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad cell: %d %s", p.Status, p.text())
	}
	if e := text(p.byID("file-error")); !strings.Contains(e, "C6") {
		t.Errorf("the refusal does not name the cell: %s", e)
	}
	if v := editorForm(p); v.Get("rows") != "8" || v.Get("c1.max") != "10" {
		t.Errorf("the form after a refused workbook: %v", v)
	}
}

// setCell writes text into a cell of a workbook's first sheet, in its XML
// (the pages' tests do not open workbooks: internal/xlsx does).
func setCell(t *testing.T, data []byte, cell, value string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			re := regexp.MustCompile(`<c r="` + cell + `"( s="[0-9]+")?[^>]*>.*?</c>`)
			found = re.Match(b)
			b = re.ReplaceAll(b, []byte(`<c r="`+cell+`"$1 t="inlineStr"><is><t>`+value+`</t></is></c>`))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no cell %s", cell)
	}
	return out.Bytes()
}
