package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Survey criteria, hostile templates and a council member's template:
// findings 7, 9 and 10 of the security review, through the real server.
// The fixture's 2.2 (row 14 of a unit sheet) is a survey criterion; 1.1 is
// row 8, 2.1 row 13.

// refusal decodes an error answer.
func refusal(t *testing.T, r response) errorDetail {
	t.Helper()
	var body errorBody
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("not an error body: %s", r.Body)
	}
	return body.Error
}

// namesOnly fails unless the refusal's details are exactly one naming the
// unit, criterion and (for an import) the cell, with the message part.
func namesOnly(t *testing.T, r response, status int, unit, criterion, field, message string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	d := refusal(t, r).Details
	if len(d) != 1 || d[0].Unit != unit || d[0].Criterion != criterion || (field != "" && d[0].Field != field) || !strings.Contains(d[0].Message, message) {
		t.Errorf("details %+v, want one naming %s %s %s with %q", d, unit, criterion, field, message)
	}
}

// TestSurveyCriteriaAreTheSecretariats: the council neither scores a
// survey criterion nor marks it not applicable, a unit does not
// self-assess it, through the bulk route, the unit sheet and the template
// import alike; the refusal names the unit and criterion, and nothing of
// the request is kept. Notes stay open; the secretariat enters the points.
func TestSurveyCriteriaAreTheSecretariats(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	const why = "criterion 2.2 is a survey criterion:"
	refused := func(token string, status int, method, path string, body any, field string) {
		t.Helper()
		before, audit := a.state(), a.audit()
		var r response
		if b, ok := body.([]byte); ok {
			r = ts.upload(method, path, token, b, false)
		} else {
			r = ts.do(method, path, token, body)
		}
		namesOnly(t, r, status, "tt", "2.2", field, why)
		if a.state() != before || !bytes.Equal(a.audit(), audit) {
			t.Errorf("%s %s: the refused request changed data or the audit", method, path)
		}
	}
	bulk, sheet := "/api/v1/periods/2016/scores", "/api/v1/periods/2016/units/tt/scores"
	scores := func(items ...map[string]any) map[string]any { return map[string]any{"scores": items} }

	a.stage("self_assessment")
	refused(a.unitTT, 403, "PUT", sheet, scores(map[string]any{"criterion": "2.2", "self_points": 14}), "")
	refused(a.unitTT, 403, "PUT", bulk, scores(map[string]any{"unit": "tt", "criterion": "2.2", "self_points": "15.753"}), "")
	// All or nothing: the unit's own appraisal criterion beside it is not kept.
	refused(a.unitTT, 403, "PUT", sheet, scores(map[string]any{"criterion": "1.1", "self_points": 9}, map[string]any{"criterion": "2.2", "self_points": 14}), "")
	ts.must(http.StatusOK, "PUT", sheet, a.unitTT, scores(map[string]any{"criterion": "2.2", "note": "Đơn vị đã tổ chức khảo sát"}))

	a.stage("appraisal")
	refused(a.council, 403, "PUT", bulk, scores(map[string]any{"unit": "tt", "criterion": "2.2", "points": 16}), "")
	refused(a.council, 403, "PUT", bulk, scores(map[string]any{"unit": "tt", "criterion": "2.2", "not_applicable": true}), "")
	refused(a.council, 403, "PUT", sheet, scores(map[string]any{"criterion": "1.1", "points": 9}, map[string]any{"criterion": "2.2", "points": "16.753"}), "")
	// The template import: the council's own template, its locked survey
	// cell typed into anyway (excelize, like a clerk lifting the protection).
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department&unit=tt", a.council, nil).Body
	refused(a.council, 403, "POST", "/api/v1/periods/2016/scores/import", fill(t, tpl, []entered{{unit: "tt", criterion: "1.1", points: 9.0}, {unit: "tt", criterion: "2.2", points: "16"}}), "'Thanh tra tỉnh'!E14")
	refused(a.council, 403, "POST", "/api/v1/periods/2016/scores/import", fill(t, tpl, []entered{{unit: "tt", criterion: "2.2", points: "", na: true}}), "'Thanh tra tỉnh'!F14")
	// Sent back unchanged, the council's template saves its own changes.
	r := ts.upload("POST", "/api/v1/periods/2016/scores/import", a.council, fill(t, tpl, []entered{{unit: "tt", criterion: "1.1", points: 9.0}, {unit: "tt", criterion: "2.2", note: "Đã xem kết quả khảo sát"}}), false)
	if r.Status != http.StatusOK || r.JSON(t)["saved"] != json.Number("2") {
		t.Errorf("the council's own changes beside the survey criterion: %d %s", r.Status, r.Body)
	}
	ts.must(http.StatusOK, "PUT", sheet, a.council, scores(map[string]any{"criterion": "2.2", "note": "Hội đồng ghi nhận"}))

	// The secretariat enters survey points, by JSON and by template.
	ts.must(http.StatusOK, "PUT", bulk, a.sec, scores(map[string]any{"unit": "tt", "criterion": "2.2", "points": "16.5"}))
	staffTpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department&unit=tt", a.sec, nil).Body
	r = ts.upload("POST", "/api/v1/periods/2016/scores/import", a.sec, fill(t, staffTpl, []entered{{unit: "tt", criterion: "2.2", points: "16,25"}}), false)
	if r.Status != http.StatusOK {
		t.Fatalf("the secretariat's survey points by template: %d %s", r.Status, r.Body)
	}
	sc := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?unit=tt", a.sec, nil)
	if !contains(sc.Body, `"criterion":"2.2","self_points":15.753,"points":16.25`) {
		t.Errorf("tt's 2.2 after the secretariat's import: %s", clip(sc.Body))
	}
}

// surveyWrite is the survey rule of workflow.CheckScore on unit tt's
// survey criterion: staff until finalized; every other role 403, in every
// stage, whatever the field.
func surveyWrite(role, stage string) int {
	switch {
	case role == asAnonymous:
		return http.StatusUnauthorized
	case role != asAdmin && role != asSecretariat:
		return http.StatusForbidden
	case locked(stage):
		return http.StatusConflict
	}
	return http.StatusOK
}

// TestSurveyPermissions extends the permission table to the survey
// criterion's fields: the bulk route and the unit sheet with each field
// (the value it already has), the import with a changed value (an
// unchanged one is no write), role × stage.
func TestSurveyPermissions(t *testing.T) {
	t.Parallel()
	w := newPermWorld(t)
	same := map[string]any{"points": "15.753", "not_applicable": false, "self_points": "15.753"}
	type route struct {
		name string
		req  func(c cell, field string) call
		want rule
	}
	routes := []route{
		{"PUT /scores", func(c cell, field string) call {
			return call{path: c.p("/scores"), body: map[string]any{"scores": []any{map[string]any{"unit": "tt", "criterion": "2.2", field: same[field]}}}}
		}, surveyWrite},
		{"PUT /units/tt/scores", func(c cell, field string) call {
			return call{path: c.p("/units/tt/scores"), body: map[string]any{"scores": []any{map[string]any{"criterion": "2.2", field: same[field]}}}}
		}, surveyWrite},
		{"POST /scores/import", func(c cell, _ string) call {
			v := fmt.Sprintf("%d.%03d", 10, c.w.next()) // a new value each time
			return call{path: c.p("/scores/import"), body: fill(c.t, c.w.template[c.year], []entered{{unit: "tt", criterion: "2.2", points: v}}),
				headers: map[string]string{"Content-Type": permXLSXType}}
		}, only(readerRoles, surveyWrite)},
	}
	for _, rt := range routes {
		fields := []string{"points", "not_applicable", "self_points"}
		if strings.HasPrefix(rt.name, "POST") {
			fields = []string{"points"}
		}
		for _, field := range fields {
			t.Run(rt.name+" "+field, func(t *testing.T) {
				for _, role := range matrixRoles {
					for _, stage := range matrixStages {
						ts := *w.ts
						ts.t = t
						c := cell{w: w, t: t, role: role, stage: stage, year: w.years[stage]}
						req := rt.req(c, field)
						method, _, _ := strings.Cut(rt.name, " ")
						before := w.lastAuditID(t)
						r := ts.doWith(method, req.path, w.tokens[role], req.body, req.headers)
						if want := rt.want(role, stage); r.Status != want {
							t.Errorf("%s as %s in %s: status %d, want %d\n%s", req.path, role, stage, r.Status, want, clip(r.Body))
						}
						if r.Status >= 400 && w.lastAuditID(t) != before {
							t.Errorf("%s as %s in %s: the refused request left audit entries", req.path, role, stage)
						}
					}
				}
			})
		}
	}
}

// ---------------------------------------------------------------- hostile templates

// rewriteParts edits the parts of a workbook as an attacker does, by
// writing their XML: edit returns a part's new content; add holds new parts.
func rewriteParts(t *testing.T, data []byte, edit func(name, content string) string, add map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	write := func(name, content string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, content)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		write(f.Name, edit(f.Name, string(b)))
	}
	for name, content := range add {
		write(name, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// withCells puts raw cell XML in place of cells of the first unit sheet.
func withCells(t *testing.T, cells map[string]string) func(name, content string) string {
	return func(name, content string) string {
		if name != "xl/worksheets/sheet2.xml" {
			return content
		}
		for ref, xml := range cells {
			re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
			if !re.MatchString(content) {
				t.Fatalf("the sheet has no cell %s", ref)
			}
			content = re.ReplaceAllLiteralString(content, xml)
		}
		return content
	}
}

// linkedFormula is what Excel saves for a points cell that reads another
// workbook: the formula with its cached value, the external link part
// holding that value, its relationship to the file and the workbook's
// reference to it.
func linkedFormula(t *testing.T, tpl []byte, cell, cached string) []byte {
	t.Helper()
	cells := withCells(t, map[string]string{cell: `<c r="` + cell + `"><f>[1]Sheet1!$A$1</f><v>` + cached + `</v></c>`})
	return rewriteParts(t, tpl, func(name, content string) string {
		switch name {
		case "xl/workbook.xml":
			content = strings.Replace(content, "</sheets>", `</sheets><externalReferences><externalReference r:id="rIdExt1"/></externalReferences>`, 1)
			if !strings.Contains(content, "xmlns:r=") {
				content = strings.Replace(content, "<workbook ", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" `, 1)
			}
		case "xl/_rels/workbook.xml.rels":
			content = strings.Replace(content, "</Relationships>", `<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`, 1)
		case "[Content_Types].xml":
			content = strings.Replace(content, "</Types>", `<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>`, 1)
		}
		return cells(name, content)
	}, map[string]string{
		"xl/externalLinks/externalLink1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>` + cached + `</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`,
		"xl/externalLinks/_rels/externalLink1.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/Users/hoidong/diem.xlsx" TargetMode="External"/></Relationships>`,
	})
}

// TestTemplateImportRefusesFormulasAndBooleans: a points cell holding a
// formula that links another workbook (its cached 55 would be saved) and a
// TRUE (saved as 1 point) are each refused, naming the sheet and cell in
// Vietnamese, and nothing of the file is saved; a decimal typed as text
// ("2,5") is still read.
func TestTemplateImportRefusesFormulasAndBooleans(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department&unit=tt", ts.admin, nil).Body
	scores := func() string {
		return string(ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", ts.admin, nil).Body)
	}
	audit := func() string {
		return string(ts.must(http.StatusOK, "GET", "/api/v1/audit?limit=500", ts.admin, nil).Body)
	}
	before, auditBefore := scores(), audit()
	formula := linkedFormula(t, tpl, "E13", "55")
	boolean := rewriteParts(t, tpl, withCells(t, map[string]string{"E8": `<c r="E8" t="b"><v>1</v></c>`}), nil)
	both := rewriteParts(t, formula, withCells(t, map[string]string{"E8": `<c r="E8" t="b"><v>1</v></c>`, "F14": `<c r="F14" t="b"><v>1</v></c>`}), nil)
	for _, tc := range []struct {
		name string
		data []byte
		want map[string]string // field → message
	}{
		{"external link", formula, map[string]string{"'Thanh tra tỉnh'!E13": "Ô E13: ô có công thức (giá trị có thể lấy từ ô hoặc tệp khác); không dùng công thức: gõ điểm là một số, như 2,5 – trang Thanh tra tỉnh"}},
		{"TRUE", boolean, map[string]string{"'Thanh tra tỉnh'!E8": "Ô E8: ô kiểu đúng/sai (TRUE/FALSE), không phải là số hay chữ gõ vào: gõ điểm là một số, như 2,5 – trang Thanh tra tỉnh"}},
		{"all three", both, map[string]string{
			"'Thanh tra tỉnh'!E8":  "Ô E8: ô kiểu đúng/sai (TRUE/FALSE)",
			"'Thanh tra tỉnh'!E13": "Ô E13: ô có công thức",
			"'Thanh tra tỉnh'!F14": "Ô F14: ô kiểu đúng/sai (TRUE/FALSE), không phải là số hay chữ gõ vào: gõ x hoặc để trống",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.inVietnamese().upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, tc.data, false)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", r.Status, r.Body)
			}
			got := map[string]string{}
			for _, d := range refusal(t, r).Details {
				got[d.Field] = d.Message
				if d.Unit != "tt" {
					t.Errorf("%s names unit %q, want tt", d.Field, d.Unit)
				}
			}
			for field, msg := range tc.want {
				if !strings.HasPrefix(got[field], msg) {
					t.Errorf("%s: %q, want %q", field, got[field], msg)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("details %v, want %d", got, len(tc.want))
			}
			if scores() != before || audit() != auditBefore {
				t.Error("the refused file changed scores or the audit")
			}
		})
	}
	text := rewriteParts(t, tpl, withCells(t, map[string]string{"E8": `<c r="E8" t="inlineStr"><is><t>2,5</t></is></c>`}), nil)
	if r := ts.inVietnamese().upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, text, false); r.Status != http.StatusOK {
		t.Fatalf("a decimal typed as text: %d %s", r.Status, r.Body)
	}
	if !strings.Contains(scores(), `"unit":"tt","criterion":"1.1","self_points":null,"points":2.5`) {
		t.Errorf("2,5 as text was not saved as 2.5: %s", scores())
	}
}

// ---------------------------------------------------------------- a council member's template

// sheetNames lists a workbook's sheets.
func sheetNames(t *testing.T, data []byte) []string {
	t.Helper()
	return openBook(t, data).GetSheetList()
}

// TestCouncilMemberTemplate: a member assigned to some units downloads a
// template of those units only and imports it; a unit asked for outside
// them is refused.
func TestCouncilMemberTemplate(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	ts.must(http.StatusOK, "PATCH", "/api/v1/users/hoidong-stp", ts.admin, map[string]any{"units": []string{"stp", "bdt"}})
	ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "tp", "name": "UBND thành phố", "tier": "district"})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/frameworks/district", ts.admin, fixtureFramework)
	a.stage("self_assessment")
	a.stage("appraisal")
	path := "/api/v1/periods/2016/scores/template.xlsx?tier=department"
	tpl := ts.must(http.StatusOK, "GET", path, a.councilStp, nil).Body
	if got, want := sheetNames(t, tpl), []string{"Hướng dẫn", "Ban Dân tộc", "Sở Tư pháp"}; !cmp.Equal(got, want) {
		t.Errorf("the assigned member's template has sheets %v, want %v", got, want)
	}
	if n, _ := openBook(t, tpl).GetCellValue("Hướng dẫn", "B7"); n != "2" {
		t.Errorf("the guide counts %q units, want 2", n)
	}
	r := ts.must(http.StatusForbidden, "GET", path+"&unit=stp,tt", a.councilStp, nil)
	if !contains(r.Body, "assigned to units bdt, stp, not tt") && !contains(r.Body, "assigned to units stp, bdt, not tt") {
		t.Errorf("the refusal does not say why: %s", r.Body)
	}
	if got := sheetNames(t, ts.must(http.StatusOK, "GET", path+"&unit=stp", a.councilStp, nil).Body); len(got) != 2 {
		t.Errorf("?unit=stp: sheets %v", got)
	}
	if r := ts.must(http.StatusForbidden, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=district", a.councilStp, nil); !contains(r.Body, "none of them in tier district") {
		t.Errorf("a tier without assigned units: %s", r.Body)
	}
	// An unrestricted member and the staff get every unit.
	if got := sheetNames(t, ts.must(http.StatusOK, "GET", path, a.council, nil).Body); len(got) != 6 {
		t.Errorf("an unrestricted member's template: sheets %v", got)
	}
	imp := ts.upload("POST", "/api/v1/periods/2016/scores/import", a.councilStp, fill(t, tpl, []entered{{unit: "stp", criterion: "1.1", points: "7,5"}}), false)
	if imp.Status != http.StatusOK || imp.JSON(t)["saved"] != json.Number("1") {
		t.Fatalf("the member's own template: %d %s", imp.Status, imp.Body)
	}
}

// TestStaffTemplateFilledByCouncilMember: the staff's template carries
// every unit's scores; filled by a member assigned to stp, it imports when
// only stp's values changed (the others, sent back as stored, are no
// writes: neither checked nor audited), and a change outside stp refuses
// the file naming that cell only.
func TestStaffTemplateFilledByCouncilMember(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	a.stage("self_assessment")
	a.stage("appraisal")
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department", a.sec, nil).Body
	if len(sheetNames(t, tpl)) != 6 {
		t.Fatalf("the staff's template: %v", sheetNames(t, tpl))
	}
	last := func() int64 {
		es := auditEntries(t, a.audit())
		if len(es) == 0 {
			return 0
		}
		return es[0].ID
	}
	before := last()
	r := ts.upload("POST", "/api/v1/periods/2016/scores/import", a.councilStp, fill(t, tpl, []entered{{unit: "stp", criterion: "1.1", points: 6.0, note: "Thiếu kế hoạch quý IV"}}), false)
	if r.Status != http.StatusOK {
		t.Fatalf("a staff template with only stp changed: %d %s", r.Status, r.Body)
	}
	if got := r.JSON(t); got["saved"] != json.Number("1") || got["unchanged"] != json.Number("24") {
		t.Errorf("import answer %v, want 1 saved, 24 unchanged (every other row is sent back as stored: newAssessment appraises every leaf)", got)
	}
	var changes []string
	for _, e := range auditEntries(t, a.audit()) {
		if e.ID > before {
			changes = append(changes, fmt.Sprintf("%s %s %s %s", e.Actor, e.Unit, e.Criterion, e.Field))
		}
	}
	slices.Sort(changes)
	if want := []string{"hoidong-stp stp 1.1 note", "hoidong-stp stp 1.1 points"}; !cmp.Equal(changes, want) {
		t.Errorf("audited %v, want only %v", changes, want)
	}

	// A change on an unassigned unit refuses the file, naming that cell.
	state := a.state()
	r = ts.upload("POST", "/api/v1/periods/2016/scores/import", a.councilStp, fill(t, tpl, []entered{
		{unit: "stp", criterion: "1.1", points: 5.0}, {unit: "tt", criterion: "1.2.1", points: "4,75"}}), false)
	namesOnly(t, r, http.StatusForbidden, "tt", "1.2.1", "'Thanh tra tỉnh'!E10", "Cell E10 (sheet Thanh tra tỉnh): council member hoidong-stp is assigned to units stp, not tt")
	if a.state() != state {
		t.Error("the refused file changed data")
	}
}
