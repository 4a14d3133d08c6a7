package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/workflow"
)

// cellLook is what a person sees of a cell: may it be typed into (locked
// cells are on a protected sheet), its fill, its validation.
func cellLook(t *testing.T, f *excelize.File, sheet, cell string) (locked bool, fill string, validated bool) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	locked = st.Protection == nil || st.Protection.Locked
	if len(st.Fill.Color) > 0 {
		fill = strings.ToUpper(st.Fill.Color[0])
	}
	dvs, _ := f.GetDataValidations(sheet)
	for _, dv := range dvs {
		if dv.Sqref == cell {
			validated = true
		}
	}
	return locked, fill, validated
}

// TestCouncilTemplateLocksSurveyCells: in the council's template the
// points and not-applicable cells of a survey criterion (2.2, row 14) are
// locked and grey, its note stays open; the staff's template keeps them
// yellow input cells. Both name the criterion a survey one.
func TestCouncilTemplateLocksSurveyCells(t *testing.T) {
	for _, lock := range []bool{true, false} {
		var buf bytes.Buffer
		err := WriteTemplate(&buf, Template{Year: 2016, Tier: workflow.Tier{Code: "department", Name: "Khối sở, ban, ngành"}, Framework: fixtureFramework(t),
			Units: []workflow.Unit{{Code: "tt", Name: "Thanh tra tỉnh"}}, Scores: []workflow.Score{{Unit: "tt", Criterion: "2.2", Points: milli("15.753")}},
			At: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), LockSurvey: lock})
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		const sheet = "Thanh tra tỉnh"
		if name, _ := f.GetCellValue(sheet, "B14"); name != "Mức độ hài lòng của người dân (điều tra XHH)" {
			t.Errorf("lock %v: B14 %q does not mark the survey criterion", lock, name)
		}
		if v, _ := f.GetCellValue(sheet, "E14", excelize.Options{RawCellValue: true}); v != "15.753" {
			t.Errorf("lock %v: E14 shows %q, want the survey points 15.753", lock, v)
		}
		for _, cell := range []string{"E14", "F14"} {
			locked, fill, validated := cellLook(t, f, sheet, cell)
			if lock && (!locked || fill != fillSurvey || validated) {
				t.Errorf("council's template: %s locked %v, fill %s, validation %v; want locked and grey", cell, locked, fill, validated)
			}
			if !lock && (locked || fill != fillInput || !validated) {
				t.Errorf("staff's template: %s locked %v, fill %s, validation %v; want a yellow input cell", cell, locked, fill, validated)
			}
		}
		if locked, fill, _ := cellLook(t, f, sheet, "G14"); locked || fill != fillInput {
			t.Errorf("lock %v: the survey criterion's note G14 is locked %v, fill %s", lock, locked, fill)
		}
		if locked, _, _ := cellLook(t, f, sheet, "E13"); locked {
			t.Errorf("lock %v: an appraisal criterion's points E13 are locked", lock)
		}
		guide, _ := f.GetCellValue(guideSheet, "B17")
		if want := map[bool]string{true: "ô nền xám chữ nghiêng ở cột E, F) do Tổ thư ký nhập điểm; Hội đồng không sửa các ô này", false: "do Tổ thư ký nhập điểm ở cột E, F"}[lock]; !strings.Contains(guide, want) {
			t.Errorf("lock %v: the guide says %q, want %q", lock, guide, want)
		}
		f.Close()
	}
}
