package xlsx

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Typed is a value a person types into a scoring template: the appraised
// points (as text, "8,5" or "abc" alike) of a unit's criterion.
type Typed struct {
	Unit, Criterion, Points string
}

// Fill types values into a scoring template as a person would in Excel,
// for the tests of other packages (the import pages) that need a filled
// template without importing excelize themselves.
func Fill(template []byte, typed ...Typed) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(template))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := map[string]string{}
	for _, name := range f.GetSheetList()[1:] {
		code, _ := f.GetCellValue(name, "B3")
		sheets[code] = name
	}
	for _, t := range typed {
		sheet, ok := sheets[t.Unit]
		if !ok {
			return nil, fmt.Errorf("the template has no sheet for unit %s", t.Unit)
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, err
		}
		row := 0
		for i, r := range rows {
			if i >= templateHeader && len(r) > 0 && r[0] == t.Criterion {
				row = i + 1
			}
		}
		if row == 0 {
			return nil, fmt.Errorf("sheet %s has no criterion %s", sheet, t.Criterion)
		}
		// A number is typed as a number ("8,5" in a Vietnamese Excel is 8.5), anything else as text.
		if v, perr := strconv.ParseFloat(strings.Replace(t.Points, ",", ".", 1), 64); perr == nil {
			err = f.SetCellFloat(sheet, ref(colPoints, row), v, -1, 64)
		} else {
			err = f.SetCellStr(sheet, ref(colPoints, row), t.Points)
		}
		if err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	err = f.Write(&out)
	return out.Bytes(), err
}
