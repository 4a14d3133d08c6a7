package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
)

// Hostile templates are made as an attacker makes them: by writing the
// package's XML parts, not through excelize's API.

// patchZip rewrites the parts of a workbook: edit returns a part's new
// content (or nil to drop it); add holds new parts.
func patchZip(t *testing.T, data []byte, edit func(name, content string) *string, add map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name, content string) {
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
		content := string(b)
		if edit != nil {
			p := edit(f.Name, content)
			if p == nil {
				continue
			}
			content = *p
		}
		put(f.Name, content)
	}
	for name, content := range add {
		put(name, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// replaceCell puts raw cell XML in place of a cell of a sheet part.
func replaceCell(t *testing.T, sheetXML, ref, cell string) string {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
	if !re.MatchString(sheetXML) {
		t.Fatalf("the sheet has no cell %s", ref)
	}
	return re.ReplaceAllLiteralString(sheetXML, cell)
}

// inSheet edits one part and keeps the others.
func inSheet(part string, fn func(string) string) func(string, string) *string {
	return func(name, content string) *string {
		if name == part {
			content = fn(content)
		}
		return &content
	}
}

// externalLink is what Excel writes for a formula that reads another
// workbook: the link part with its cached values, its relationship to the
// file, and the workbook's reference to it.
func externalLink(t *testing.T, data []byte, cached string) []byte {
	t.Helper()
	return patchZip(t, data, func(name, content string) *string {
		switch name {
		case "xl/workbook.xml":
			content = strings.Replace(content, "</sheets>", `</sheets><externalReferences><externalReference r:id="rIdExt1"/></externalReferences>`, 1)
			if !strings.Contains(content, `xmlns:r=`) {
				content = strings.Replace(content, "<workbook ", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" `, 1)
			}
		case "xl/_rels/workbook.xml.rels":
			content = strings.Replace(content, "</Relationships>", `<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`, 1)
		case "[Content_Types].xml":
			content = strings.Replace(content, "</Types>", `<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>`, 1)
		case "xl/worksheets/sheet2.xml":
			content = replaceCell(t, content, "E13", `<c r="E13" s="16"><f>[1]Sheet1!$A$1</f><v>`+cached+`</v></c>`)
		}
		return &content
	}, map[string]string{
		"xl/externalLinks/externalLink1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>` + cached + `</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`,
		"xl/externalLinks/_rels/externalLink1.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/Users/hoidong/diem-that.xlsx" TargetMode="External"/></Relationships>`,
	})
}

// asciiRefs writes every non-ASCII character as a character reference, so
// that the part can declare another encoding and mean the same.
func asciiRefs(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "&#%d;", r)
		}
	}
	return b.String()
}

// TestImportRefusesWhatWasNotTyped: formulas (an external link with its
// cached value, a shared formula, a formula in a note), booleans, errors
// and dates in the input columns are refused, naming the sheet and cell;
// so are cells and rows out of order, which the row reader would give at
// other positions than they name. Typed text that is a decimal ("2,5")
// stays accepted.
func TestImportRefusesWhatWasNotTyped(t *testing.T) {
	tpl := seedTemplate(t) // one unit sheet, Thanh tra tỉnh: 1.1 in row 8, 2.1 in row 13
	const sheet = "xl/worksheets/sheet2.xml"
	cell := func(ref, xml string) []byte {
		return patchZip(t, tpl, inSheet(sheet, func(s string) string { return replaceCell(t, s, ref, xml) }), nil)
	}
	cases := []struct {
		name  string
		data  []byte
		field string
		want  string
	}{
		{"an external link's cached 55", externalLink(t, tpl, "55"), "'Thanh tra tỉnh'!E13",
			"Ô E13: ô có công thức (giá trị có thể lấy từ ô hoặc tệp khác); không dùng công thức: gõ điểm là một số, như 2,5 – trang Thanh tra tỉnh"},
		{"TRUE as points", cell("E8", `<c r="E8" s="16" t="b"><v>1</v></c>`), "'Thanh tra tỉnh'!E8",
			"Ô E8: ô kiểu đúng/sai (TRUE/FALSE), không phải là số hay chữ gõ vào: gõ điểm là một số, như 2,5 – trang Thanh tra tỉnh"},
		{"TRUE as not applicable", cell("F13", `<c r="F13" t="b"><v>1</v></c>`), "'Thanh tra tỉnh'!F13", "Ô F13: ô kiểu đúng/sai (TRUE/FALSE), không phải là số hay chữ gõ vào: gõ x hoặc để trống"},
		{"an error cell holding 5", cell("E8", `<c r="E8" t="e"><v>5</v></c>`), "'Thanh tra tỉnh'!E8", "Ô E8: ô kiểu giá trị lỗi (như #REF!)"},
		{"a date", cell("E8", `<c r="E8" t="d"><v>5</v></c>`), "'Thanh tra tỉnh'!E8", "Ô E8: ô kiểu ngày tháng"},
		{"an unknown type", cell("E8", `<c r="E8" t="B"><v>1</v></c>`), "'Thanh tra tỉnh'!E8", `Ô E8: ô có kiểu dữ liệu "B" không đọc được`},
		{"a shared formula", cell("E8", `<c r="E8"><f t="shared" si="0"/><v>3</v></c>`), "'Thanh tra tỉnh'!E8", "Ô E8: ô có công thức"},
		{"a formula without a cached value", cell("E8", `<c r="E8"><f>1+1</f></c>`), "'Thanh tra tỉnh'!E8", "Ô E8: ô có công thức"},
		{"a formula in a note", cell("G8", `<c r="G8" t="str"><f>[1]Sheet1!$B$1</f><v>Đạt</v></c>`), "'Thanh tra tỉnh'!G8", "Ô G8: ô có công thức (giá trị có thể lấy từ ô hoặc tệp khác); không dùng công thức: gõ ghi chú là văn bản"},
		{"a formula nested in another element of the cell", cell("E8", `<c r="E8"><extLst><f>[1]Sheet1!$A$1</f></extLst><v>7</v></c>`), "'Thanh tra tỉnh'!E8", "Ô E8: ô có công thức"},
		// Read by position, the boolean named B8 would land in column E.
		{"a cell out of order", patchZip(t, tpl, inSheet(sheet, func(s string) string {
			s = replaceCell(t, s, "D8", `<c r="D8"><v>9</v></c>`)
			return replaceCell(t, s, "E8", `<c r="B8" t="b"><v>1</v></c>`)
		}), nil), "'Thanh tra tỉnh'!E8", "Ô E8: ô B8 đứng sau ô cột D cùng dòng: các ô không theo thứ tự – trang Thanh tra tỉnh"},
		// The cells of a row numbered 3 after row 13 (2.1: A to C filled)
		// would be read as row 13's, the boolean as its points.
		{"a row out of order", patchZip(t, tpl, inSheet(sheet, func(s string) string {
			return strings.Replace(s, `<row r="14"`, `<row r="3"><c r="E3" t="b"><v>1</v></c></row><row r="14"`, 1)
		}), nil), "'Thanh tra tỉnh'!13:13", "Dòng 13: sau dòng 13 là một dòng mang số 3: các dòng không theo thứ tự – trang Thanh tra tỉnh"},
		// The same part in another encoding is still read as excelize reads it.
		{"a sheet declared windows-1252", patchZip(t, tpl, inSheet(sheet, func(s string) string {
			s = replaceCell(t, s, "E8", `<c r="E8" t="b"><v>1</v></c>`)
			return strings.Replace(asciiRefs(s), `encoding="UTF-8"`, `encoding="windows-1252"`, 1)
		}), nil), "'Thanh tra tỉnh'!E8", "Ô E8: ô kiểu đúng/sai"},
		// A sheet kept at an unusual path is scanned all the same.
		{"a sheet at another path", movedSheet(t, tpl, func(s string) string { return replaceCell(t, s, "E8", `<c r="E8" t="b"><v>1</v></c>`) }),
			"'Thanh tra tỉnh'!E8", "Ô E8: ô kiểu đúng/sai"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			filled, err := ReadTemplate(tc.data, DefaultLimits)
			var writes int
			if err == nil {
				w, _, werr := filled.Writes(2016, fixtureFramework(t), map[string]string{"tt": "Thanh tra tỉnh"})
				err, writes = werr, len(w)
			}
			var e *score.Error
			if err == nil || !errors.As(err, &e) || e.Code != score.EUNPROCESSABLE {
				t.Fatalf("ReadTemplate: %v (%d writes), want 422", err, writes)
			}
			found := false
			for _, p := range e.Details {
				if strings.Contains(msg.Problem(msg.VI, p), tc.want) && (tc.field == "" || p.Field == tc.field) {
					found = true
				}
			}
			if !found {
				t.Errorf("details %+v, want %s %q", e.Details, tc.field, tc.want)
			}
		})
	}
}

// movedSheet keeps the unit sheet at /xl/khac/Trang2.XML instead, edited.
func movedSheet(t *testing.T, tpl []byte, edit func(string) string) []byte {
	t.Helper()
	return patchZip(t, tpl, func(name, content string) *string {
		switch name {
		case "xl/worksheets/sheet2.xml":
			return nil
		case "xl/_rels/workbook.xml.rels":
			content = strings.Replace(content, `Target="worksheets/sheet2.xml"`, `Target="/xl/khac/Trang2.XML"`, 1)
		}
		return &content
	}, map[string]string{"xl/khac/Trang2.XML": edit(sheetPart(t, tpl, "xl/worksheets/sheet2.xml"))})
}

// TestSheetAtAnotherPathIsRead: the moved sheet is a test of the scan
// only if excelize reads it there.
func TestSheetAtAnotherPathIsRead(t *testing.T) {
	filled, err := ReadTemplate(movedSheet(t, seedTemplate(t), func(s string) string { return s }), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(filled.Rows) == 0 || filled.Rows[0].Sheet != "Thanh tra tỉnh" {
		t.Fatalf("the moved sheet was not read: %+v", filled.Rows)
	}
}

func sheetPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

// TestImportTypedDecimalText: text that is a decimal, as an English-locale
// Excel keeps a typed "2,5", is read as points, as before.
func TestImportTypedDecimalText(t *testing.T) {
	tpl := seedTemplate(t)
	data := patchZip(t, tpl, inSheet("xl/worksheets/sheet2.xml", func(s string) string {
		s = replaceCell(t, s, "E8", `<c r="E8" t="inlineStr"><is><t>2,5</t></is></c>`)
		return replaceCell(t, s, "E13", `<c r="E13" t="str"><v>55</v></c>`)
	}), nil)
	filled, err := ReadTemplate(data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	writes, _, err := filled.Writes(2016, fixtureFramework(t), map[string]string{"tt": "Thanh tra tỉnh"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, w := range writes {
		if w.SetPoints {
			got[w.Criterion] = w.Points.String()
		}
	}
	if got["1.1"] != "2.5" || got["2.1"] != "55" {
		t.Errorf("points %v, want 1.1 2.5 and 2.1 55", got)
	}
	// Text that is not a decimal is refused as before, naming the cell.
	bad := patchZip(t, tpl, inSheet("xl/worksheets/sheet2.xml", func(s string) string {
		return replaceCell(t, s, "E8", `<c r="E8" t="inlineStr"><is><t>TRUE</t></is></c>`)
	}), nil)
	filled, err = ReadTemplate(bad, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = filled.Writes(2016, fixtureFramework(t), map[string]string{"tt": "Thanh tra tỉnh"})
	var e *score.Error
	if !errors.As(err, &e) || len(e.Details) != 1 || msg.Problem(msg.VI, e.Details[0]) != `Ô E8: "TRUE" không phải là số: gõ số như 2,5 hoặc 2.5 – trang Thanh tra tỉnh` {
		t.Errorf("text TRUE as points: %v %+v", err, e)
	}
}
