package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// The criteria table of a framework, as a provincial decision prints it:
// code, name, maximum and source per row, parents before their children
// (a code's parent is the code before its last dot), and the bands on a
// second sheet. The same layout is written and read back.

const (
	criteriaSheet = "Bộ tiêu chí"
	bandsSheet    = "Xếp loại"
	labelRanking  = "Xếp hạng theo"
	rankingShown  = "chỉ số làm tròn 2 chữ số thập phân"
	rankingExact  = "chỉ số chính xác"
	sourceAppr    = "thẩm định"
	sourceSurvey  = "điều tra XHH"
)

// WriteFramework writes a framework's criteria table to w.
func WriteFramework(w io.Writer, year int, tier workflow.Tier, f *score.Framework, at time.Time) error {
	b := newBook()
	names := []string{"Lĩnh vực, tiêu chí, tiêu chí thành phần"}
	for _, n := range f.Nodes {
		names = append(names, strings.Repeat("  ", n.Depth)+n.Name)
	}
	s := b.newSheet(criteriaSheet, []float64{max(10, oneLine(look{Bold: true}, labelRanking)), min(width(names...), 70), 11, 16})
	s.freeze(4, 0)
	s.title(fmt.Sprintf("BỘ TIÊU CHÍ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM %d – %s", year, strings.ToUpper(tier.Name)), 4, look{Bold: true, Size: 14})
	s.skip(1)
	ranking := rankingShown
	if f.Ranking == score.RankExact {
		ranking = rankingExact
	}
	s.put(b.cell(labelRanking, look{Bold: true}), b.cell(ranking, look{}))
	b.headerRow(s, []string{"Mã", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm\ntối đa", "Nguồn điểm"})
	pMax := maxPlaces(f)
	for _, n := range f.Nodes {
		l := look{Border: true, Bold: !n.Leaf, Fill: fieldFill(n)}
		source := ""
		if n.Leaf {
			source = sourceAppr
			if n.Source == score.Survey {
				source = sourceSurvey
			}
		}
		s.put(b.cell(n.Code, l), b.cell(n.Name, look{Border: true, Wrap: true, Bold: !n.Leaf, Fill: l.Fill, Indent: n.Depth}),
			b.milliIn(n.Max, pMax, l), b.cell(source, look{Border: true, Fill: l.Fill}))
	}
	total := look{Border: true, Bold: true, Fill: fillField}
	s.put(b.cell(nil, total), b.cell("Tổng điểm", total), b.milliIn(f.Total(), pMax, total), b.cell(nil, total))
	s.skip(1)
	s.put(nil, b.cell("Điểm tối đa của lĩnh vực, tiêu chí có tiêu chí thành phần là tổng điểm các tiêu chí thành phần. Nguồn điểm: thẩm định (Hội đồng) hoặc điều tra XHH.", look{Italic: true, Wrap: true, Size: 10}))
	s.printSetup(4, 0, true)
	s.flush()
	bs := b.newSheet(bandsSheet, []float64{24, 16})
	bs.freeze(3, 0)
	bs.title(fmt.Sprintf("XẾP LOẠI CHỈ SỐ CCHC NĂM %d – %s", year, strings.ToUpper(tier.Name)), 2, look{Bold: true})
	bs.skip(1)
	b.headerRow(bs, []string{"Xếp loại", "Chỉ số từ (%)"})
	mins := make([]string, len(f.Bands))
	for i, band := range f.Bands {
		mins[i] = band.MinIndex.String()
	}
	minFormat := decimalsFormat(vnfmt.ColumnPlaces(mins...))
	for _, band := range f.Bands {
		v, _ := band.MinIndex.Float64()
		bs.put(b.cell(band.Label, lookText), b.cell(v, look{Border: true, Format: minFormat}))
	}
	bs.printSetup(3, 0, true)
	bs.flush()
	return b.write(w, fmt.Sprintf("Bộ tiêu chí Chỉ số CCHC năm %d – %s", year, tier.Name), at)
}

// FrameworkCells maps each criterion code to the row it was read from, so
// that the engine's problems can name the cell.
type FrameworkCells map[string]CellRef

// ReadFramework reads a criteria table: the sheet "Bộ tiêu chí" (or the
// first sheet) with a header row naming the columns Mã, Tên (or Lĩnh vực,
// tiêu chí), Điểm tối đa and, optionally, Nguồn điểm; and an optional
// sheet "Xếp loại" of bands.
func ReadFramework(data []byte, lim Limits) (score.FrameworkInput, FrameworkCells, error) {
	var in score.FrameworkInput
	wb, err := open(data, lim)
	if err != nil {
		return in, nil, err
	}
	defer wb.close()
	sheets := wb.f.GetSheetList()
	sheet := sheets[0]
	hasBands := false
	for _, name := range sheets {
		switch name {
		case criteriaSheet:
			sheet = name
		case bandsSheet:
			hasBands = true
		}
	}
	cells := FrameworkCells{}
	var problems score.Problems
	var texts textCheck // the text cells refused, listed before the rest
	bad := func(sheet, cell, code, key string, args ...any) {
		problems.Add(cellProblem(CellRef{sheet, cell}, "", code, score.P(key, args...)))
	}
	type item struct {
		c      score.Criterion
		parent string
	}
	var items []item
	index := map[string]int{}
	columns := map[string]int{}
	err = wb.rows(sheet, func(row int, cols []string) bool {
		if len(columns) == 0 {
			if key := fold(col(cols, 0)); key == fold(labelRanking) {
				if strings.Contains(fold(col(cols, 1)), "exact") || strings.Contains(fold(col(cols, 1)), "chính xác") {
					in.Ranking = score.RankExact
				}
			}
			columns = headerColumns(cols)
			return true
		}
		code := col(cols, columns["code"])
		name := norm.NFC.String(col(cols, columns["name"]))
		if code == "" {
			return true // blank rows, the total and the notes below the table
		}
		at := func(c string) string { return ref(columns[c]+1, row) }
		cells[code] = CellRef{sheet, at("code")}
		texts.cell(CellRef{sheet, at("code")}, "", code, "criterion_code", code, false, false)
		texts.cell(CellRef{sheet, at("name")}, "", code, "criterion_name", name, true, false)
		c := score.Criterion{Code: code, Name: name}
		if v := col(cols, columns["max"]); v != "" {
			m, err := parsePoints(v)
			if err != nil {
				bad(sheet, at("max"), code, "error.xlsx.error", err)
			}
			c.MaxPoints = &m
		}
		if i, ok := columns["source"]; ok {
			switch src := fold(col(cols, i)); {
			case src == "":
			case src == "appraisal" || strings.Contains(src, "thẩm định"):
				c.Source = score.Appraisal
			case src == "survey" || strings.Contains(src, "điều tra") || strings.Contains(src, "xhh") || strings.Contains(src, "khảo sát"):
				c.Source = score.Survey
			default:
				bad(sheet, at("source"), code, "error.xlsx.source", col(cols, i))
			}
		}
		parent := ""
		if k := strings.LastIndexByte(code, '.'); k > 0 {
			parent = code[:k]
			if _, ok := index[parent]; !ok {
				bad(sheet, at("code"), code, "error.xlsx.parent_order", code, parent)
			}
		}
		index[code] = len(items)
		items = append(items, item{c: c, parent: parent})
		return true
	})
	if err != nil {
		return in, nil, err
	}
	if len(columns) == 0 {
		return in, nil, unprocessable("error.xlsx.no_header", sheet)
	}
	if hasBands {
		header := false
		err = wb.rows(bandsSheet, func(row int, cols []string) bool {
			if !header {
				header = fold(col(cols, 0)) == fold("Xếp loại") && col(cols, 1) != ""
				return true
			}
			label := norm.NFC.String(col(cols, 0))
			if label == "" {
				return true
			}
			texts.cell(CellRef{bandsSheet, ref(1, row)}, "", "", "band", label, true, false)
			v := strings.TrimSuffix(strings.ReplaceAll(col(cols, 1), ",", "."), "%")
			d, err := plainDecimal(v)
			if err != nil {
				bad(bandsSheet, ref(2, row), "", "error.xlsx.band_number", col(cols, 1))
			}
			in.Bands = append(in.Bands, score.Band{Label: label, MinIndex: d})
			return true
		})
		if err != nil {
			return in, nil, err
		}
	}
	if err := texts.err("error.xlsx.framework_text"); err != nil {
		return in, nil, err
	}
	if len(problems) > 0 {
		return in, nil, &score.Error{Code: score.EUNPROCESSABLE, Key: "error.xlsx.framework", Details: problems}

	}
	// Build the tree: children in the order they were read.
	children := map[string][]int{}
	for i, it := range items {
		children[it.parent] = append(children[it.parent], i)
	}
	var build func(parent string, depth int) []score.Criterion
	build = func(parent string, depth int) []score.Criterion {
		var out []score.Criterion
		for _, i := range children[parent] {
			c := items[i].c
			if depth < score.MaxDepth {
				c.Children = build(c.Code, depth+1)
			}
			out = append(out, c)
		}
		return out
	}
	in.Criteria = build("", 0)
	return in, cells, nil
}

// headerColumns finds the columns of a criteria table's header row; it is
// empty when the row is not the header.
func headerColumns(cols []string) map[string]int {
	out := map[string]int{}
	for i := range cols {
		switch h := fold(col(cols, i)); {
		case h == "mã" || h == "mã số" || h == "mã tiêu chí" || h == "code" || h == "stt":
			if _, ok := out["code"]; !ok {
				out["code"] = i
			}
		case strings.HasPrefix(h, "tên") || strings.HasPrefix(h, "lĩnh vực") || strings.HasPrefix(h, "nội dung") || h == "name" || h == "tiêu chí":
			out["name"] = i
		case strings.HasPrefix(h, "điểm tối đa") || h == "max_points" || h == "điểm chuẩn":
			out["max"] = i
		case strings.HasPrefix(h, "nguồn") || h == "source":
			out["source"] = i
		}
	}
	if _, ok := out["code"]; !ok {
		return map[string]int{}
	}
	if _, ok := out["name"]; !ok {
		return map[string]int{}
	}
	if _, ok := out["max"]; !ok {
		return map[string]int{}
	}
	return out
}

// fold is a header as compared: NFC, lower case, single spaces.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ")
}

// decimalsFormat shows a column of numbers with its places: "0" for 80,
// "0.0" beside 72.5 (Excel's "0.##" would show "80.").
func decimalsFormat(places int) string {
	if places <= 0 {
		return fmtVietnamese + "0"
	}
	return fmtVietnamese + "0." + strings.Repeat("0", places)
}
