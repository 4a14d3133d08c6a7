package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/score"
)

// An imported template's values are read by excelize's row reader, which
// gives a formula cell's cached value (perhaps fetched from another
// workbook: <f>[1]Sheet1!$A$1</f>) and a boolean's 1 as if they had been
// typed. So before the values are read, every part of the package is
// scanned the way that reader walks a sheet, and the input cells (points,
// not applicable, note; below the header row) must hold what a person
// types: a number or text, never a formula, a boolean, an error or a date.
// Rows and cells out of order are refused too: the row reader would give
// them at other positions than they name.

// badCell is an input cell, or a row, that the import refuses.
type badCell struct {
	part     string // the package part, e.g. xl/worksheets/sheet2.xml
	row, col int    // col 0: the row itself
	why      score.Problem
}

// inputColumns are the template columns an import reads values from, each
// with what to type there (a term of the catalog, "error.xlsx.hint.…").
var inputColumns = map[int]score.Term{
	colPoints: {Kind: "error.xlsx.hint", Code: "points"},
	colNA:     {Kind: "error.xlsx.hint", Code: "na"},
	colNote:   {Kind: "error.xlsx.hint", Code: "note"},
}

// typedCell says whether a cell type holds what a person types: a number
// (no type, n) or text (a shared string, an inline string, str).
func typedCell(t string) bool {
	switch t {
	case "", "n", "s", "inlineStr", "str":
		return true
	}
	return false
}

// cellTypeNames are the cell types named in messages ("error.xlsx.type.…").
var cellTypeNames = map[string]score.Term{"b": {Kind: "error.xlsx.type", Code: "b"}, "e": {Kind: "error.xlsx.type", Code: "e"}, "d": {Kind: "error.xlsx.type", Code: "d"}}

// scanInputCells lists the refused cells of every part of the workbook.
// Every part is scanned, not only those the workbook names as sheets, so
// that no way of naming a sheet's part escapes the scan. (excelize keeps a
// part in a temporary file instead of Pkg only beyond UnzipXMLSizeLimit,
// which open sets to the per-part limit that it enforces first.)
func scanInputCells(f *excelize.File) []badCell {
	var out []badCell
	var parts []string
	f.Pkg.Range(func(k, _ any) bool {
		if name, ok := k.(string); ok {
			parts = append(parts, name)
		}
		return true
	})
	sort.Strings(parts)
	for _, name := range parts {
		v, _ := f.Pkg.Load(name)
		data, ok := v.([]byte)
		if !ok {
			continue
		}
		out = append(out, scanPart(f, name, data)...)
		if len(out) >= score.MaxProblems {
			return out[:score.MaxProblems]
		}
	}
	return out
}

// scanPart walks one part's XML as excelize's Rows and Columns do: a row
// is any element named row (numbered by its r, else the previous one + 1),
// a cell is any element named c after a row starts (its column from r, else
// the previous cell's + 1), and the sheet ends with </sheetData>.
func scanPart(f *excelize.File, part string, data []byte) []badCell {
	var out []badCell
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = f.CharsetReader
	row, col, inRow := 0, 0, false
	for len(out) < score.MaxProblems {
		tok, err := d.Token()
		if err != nil {
			return out // excelize stops reading where the decoder does
		}
		switch el := tok.(type) {
		case xml.EndElement:
			if el.Name.Local == "sheetData" {
				return out
			}
		case xml.StartElement:
			switch {
			case el.Name.Local == "row":
				next, problem := rowNumber(el, row)
				if problem.Key != "" {
					out = append(out, badCell{part, max(next, 1), 0, problem})
				}
				row, col, inRow = next, 0, true
			case el.Name.Local == "c" && inRow:
				var bad []score.Problem
				col, bad = scanCell(d, el, col, row > templateHeader)
				for _, why := range bad {
					out = append(out, badCell{part, row, col, why})
				}
			}
		}
	}
	return out
}

// rowNumber is a row's number as excelize counts it, and why the import
// refuses it: a number that does not follow the previous row's (excelize
// would read its cells as more cells of the previous row).
func rowNumber(el xml.StartElement, prev int) (int, score.Problem) {
	for _, a := range el.Attr {
		if a.Name.Local != "r" {
			continue
		}
		n, err := strconv.Atoi(a.Value)
		switch {
		case err != nil || n < 1:
			return prev + 1, score.P("error.xlsx.row_number", truncate(a.Value, 20))
		case n <= prev:
			return prev, score.P("error.xlsx.row_order", prev, n)
		}
		return n, score.Problem{}
	}
	return prev + 1, score.Problem{}
}

// scanCell reads a cell as excelize's cell reader does (attributes, then
// every token up to the first end tag of its name, v, f and is decoded
// whole) and returns its column and why the import refuses it; body says
// the cell's row is below the header, where the input columns are read.
func scanCell(d *xml.Decoder, start xml.StartElement, prev int, body bool) (int, []score.Problem) {
	col, ref, typ := prev+1, "", ""
	var bad []score.Problem
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "r":
			ref = a.Value
		case "s":
			if _, err := strconv.ParseInt(a.Value, 10, 64); err != nil {
				// excelize then skips the cell's content, not its children.
				return col, []score.Problem{score.P("error.xlsx.cell_style")}
			}
		case "t":
			typ = a.Value
		}
	}
	if ref != "" {
		c, _, err := excelize.CellNameToCoordinates(ref)
		switch {
		case err != nil:
			bad = append(bad, score.P("error.xlsx.cell_name", truncate(ref, 20)))
		case c <= prev:
			bad = append(bad, score.P("error.xlsx.cell_order", truncate(ref, 20), columnName(prev)))
		default:
			col = c
		}
	}
	hint, input := inputColumns[col]
	input = input && body
	if input && !typedCell(typ) {
		if name, ok := cellTypeNames[typ]; ok {
			bad = append(bad, score.P("error.xlsx.cell_type", name, hint))
		} else {
			bad = append(bad, score.P("error.xlsx.cell_type_unknown", truncate(typ, 20), hint))
		}
	}
	formula := false
content:
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "f", "v", "is":
				formula = formula || el.Name.Local == "f"
				if d.Skip() != nil {
					break content
				}
			}
		case xml.EndElement:
			if el == start.End() {
				break content
			}
		}
	}
	if formula && input {
		bad = append(bad, score.P("error.xlsx.formula", hint))
	}
	return col, bad
}

func columnName(col int) string {
	if col < 1 {
		return "A"
	}
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// sheetParts names the part of each sheet as the workbook's relationships
// say, for messages; a part it does not name is shown by its path.
func sheetParts(f *excelize.File) map[string]string {
	load := func(name string) []byte {
		v, _ := f.Pkg.Load(name)
		b, _ := v.([]byte)
		return b
	}
	type rel struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
	var rels struct {
		Rels []rel `xml:"Relationship"`
	}
	wbPath := "xl/workbook.xml"
	if xml.Unmarshal(load("_rels/.rels"), &rels) == nil {
		for _, r := range rels.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	dir := path.Dir(wbPath)
	rels.Rels = nil
	if xml.Unmarshal(load(strings.TrimPrefix(dir+"/_rels/"+path.Base(wbPath)+".rels", "./")), &rels) != nil {
		return nil
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		p := path.Clean(dir + "/" + r.Target)
		if strings.HasPrefix(r.Target, "/") {
			p = path.Clean(r.Target)
		}
		targets[r.ID] = strings.TrimPrefix(p, "/")
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if xml.Unmarshal(load(wbPath), &wb) != nil {
		return nil
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				if p, ok := targets[a.Value]; ok {
					out[p] = s.Name
				}
			}
		}
	}
	return out
}

// refusedCells is the import's refusal of the cells scanInputCells found,
// each named by sheet and cell (and by unit and criterion where its row
// was read), like every other bad cell.
func refusedCells(bad []badCell, f *excelize.File, rows []TemplateRow) error {
	names := sheetParts(f)
	read := map[string]TemplateRow{}
	for _, r := range rows {
		read[r.Sheet+"!"+strconv.Itoa(r.Row)] = r
	}
	var problems score.Problems
	for _, b := range bad {
		sheet, where := names[b.part], score.Problem{}
		if sheet == "" {
			sheet, where = b.part, score.P("error.xlsx.part", b.part)
		} else {
			where = score.P("error.xlsx.sheet", sheet)
		}

		r := read[sheet+"!"+strconv.Itoa(b.row)]
		p := score.Problem{Unit: r.Unit, Criterion: r.Criterion}
		if b.col == 0 {
			p.Field = fmt.Sprintf("%s!%d:%d", quoteSheet(sheet), b.row, b.row)
			p.Key, p.Args = "error.xlsx.at_row", []any{b.row, b.why, where}
		} else {
			cell := ref(b.col, b.row)
			p.Field = CellRef{sheet, cell}.String()
			p.Cell = p.Field
			p.Key, p.Args = "error.xlsx.at_part", []any{cell, b.why, where}
		}
		problems.Add(p)
	}
	return &score.Error{Code: score.EUNPROCESSABLE,
		Key: "error.xlsx.untyped", Args: []any{problems.Count()}, Details: problems}

}
