package xlsx

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/vnfmt"
)

// Report is what the results workbook shows: a ranking sheet per tier
// first, then per tier the fields, the leaf details (when the scores are
// given) and a bar chart.
type Report struct {
	Year      int
	Title     string // the period's title
	Tiers     []ReportTier
	Published *results.Published // the publication shown; nil for live results
	// At is when the figures were computed, or published: the workbook's
	// created and modified time, so that a snapshot always gives the same bytes.
	At       time.Time
	Progress func(done, total int) // called as rows are written; may be nil
}

// ReportTier is one tier's results. With Framework and Scores (the public
// report has neither: a snapshot freezes results, not leaf scores) the
// report also has the tier's detail sheet.
type ReportTier = results.Detailed

// WriteReport writes the results workbook to w.
func WriteReport(w io.Writer, r Report) error {
	b := newBook()
	b.progress = r.Progress
	for _, t := range r.Tiers {
		n := len(t.Results.Units)
		b.total += 2*(n+12) + n + 4
		if t.Framework != nil {
			b.total += len(t.Framework.Nodes) + 10
		}
	}
	for _, t := range r.Tiers {
		b.rankingSheet(r, t.Results)
	}
	for _, t := range r.Tiers {
		b.fieldSheet(r, t.Results)
	}
	for _, t := range r.Tiers {
		if t.Framework != nil {
			b.detailSheet(r, t)
		}
	}
	for _, t := range r.Tiers {
		b.chartSheet(r, t.Results)
	}
	if len(r.Tiers) == 0 {
		s := b.newSheet("Kết quả", []float64{80})
		s.put(fmt.Sprintf("Năm %d chưa có bộ tiêu chí của khối nào: chưa có kết quả.", r.Year))
		s.flush()
	}
	if b.progress != nil {
		b.progress(b.total, b.total)
	}
	return b.write(w, fmt.Sprintf("Kết quả Chỉ số CCHC năm %d", r.Year), r.At)
}

// ReportTitle is the ranking sheet's title, as provinces announce it.
func ReportTitle(year int, tier, tierName string) string {
	head := fmt.Sprintf("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM %d", year)
	switch tier {
	case "department":
		return head + " CỦA CÁC SỞ, BAN, NGÀNH TỈNH"
	case "district":
		return head + " CỦA UBND CÁC HUYỆN, THÀNH PHỐ"
	}
	return head + " – " + strings.ToUpper(tierName)
}

// short is a tier's name for a sheet name: "Khối sở, ban, ngành" → "sở, ban, ngành".
func short(tierName string) string {
	s := strings.TrimSpace(tierName)
	for _, p := range []string{"Khối ", "khối "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

func subtitle(r Report) string {
	if r.Published != nil {
		at, err := time.Parse(time.RFC3339, r.Published.PublishedAt)
		if err != nil {
			at = r.At
		}
		return fmt.Sprintf("%s – công bố (phiên bản %d) ngày %s", r.Title, r.Published.Version, vnfmt.Date(at))
	}
	return fmt.Sprintf("%s – số liệu tính lúc %s, chưa công bố", r.Title, vnfmt.DateTime(r.At))
}

var (
	lookHeader = look{Bold: true, Wrap: true, Border: true, Align: "center", Fill: fillHeader}
	lookText   = look{Border: true, Wrap: true}
	lookInt    = look{Border: true, Align: "center", Format: fmtInt}
	lookPct    = look{Border: true, Format: fmtPercent}
	lookEmpty  = look{Border: true}
)

// points is a number of points shown with its column's places.
func (b *book) points(n json.Number, places int, l look) excelize.Cell {
	l.Border = true
	l.Format = pointsFormat(places)
	return b.cell(numFloat(n), l)
}

// milli is points shown with their own places.
func (b *book) milli(m score.Milli, l look) excelize.Cell {
	return b.milliIn(m, vnfmt.PointsPlaces(m), l)
}

// milliIn is points shown with their column's places.
func (b *book) milliIn(m score.Milli, places int, l look) excelize.Cell {
	l.Border = true
	l.Format = pointsFormat(places)
	return b.cell(milliFloat(m), l)
}

// maxPlaces is the places of a framework's column of maximum points.
func maxPlaces(f *score.Framework) int {
	ms := make([]score.Milli, len(f.Nodes))
	for i, n := range f.Nodes {
		ms[i] = n.Max
	}
	return vnfmt.PointsPlaces(ms...)
}

func (b *book) pct(n *json.Number, l look) excelize.Cell {
	l.Border = true
	if n == nil {
		return b.cell(nil, l)
	}
	l.Format = fmtPercent
	return b.cell(percentFloat(*n), l)
}

func (b *book) headerRow(s *sheet, headers []string) {
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = b.cell(h, lookHeader)
	}
	s.putH(max(33, s.fit(row)), row...)
}

// NoPreviousYear is what the ranking sheet says where the comparison with
// the previous year would be, when that year has no published results.
const NoPreviousYear = "Chưa có kết quả công bố của năm trước"

func (b *book) rankingSheet(r Report, t results.Tier) {
	prev := t.PreviousYear != nil
	headers := []string{"STT", "Đơn vị", "Điểm tự\nđánh giá", "Điểm\nthẩm định", "Điểm\ntối đa", "Chỉ số\n(%)", "Xếp\nhạng", "Xếp loại"}
	widths := []float64{6, 0, 11, 11, 10, 10, 8, 0}
	if prev {
		py := *t.PreviousYear
		headers = append(headers, fmt.Sprintf("Xếp hạng\nnăm %d", py), "Tăng (+),\ngiảm ("+vnfmt.Minus+")\nbậc", fmt.Sprintf("Chỉ số\nnăm %d (%%)", py), "Tăng, giảm\nchỉ số")
		widths = append(widths, 11, 10, 12, 11)
	} else {
		// Rule 9: without a published previous year, one merged cell says so
		// where the comparison columns would be.
		headers = append(headers, "So với\nnăm trước")
		widths = append(widths, 16)
	}
	headers = append(headers, "Ghi chú")
	names, bands, notes := []string{"Đơn vị"}, []string{"Xếp loại"}, []string{"Ghi chú"}
	var selfs, points, maxes []string
	for _, u := range t.Units {
		names = append(names, u.UnitName)
		selfs, points, maxes = append(selfs, string(u.SelfPoints)), append(points, string(u.Points)), append(maxes, string(u.MaxPoints))
		if u.Band != nil {
			bands = append(bands, *u.Band)
		}
		notes = append(notes, unitNote(u))
	}
	widths[1], widths[7] = max(width(names...), 24), width(bands...)
	widths = append(widths, min(width(notes...), 30))
	s := b.newSheet("Xếp hạng ("+short(t.TierName)+")", widths)
	s.freeze(4, 2)
	s.title(ReportTitle(t.Year, t.Tier, t.TierName), len(headers), look{Bold: true, Size: 14})
	s.title(subtitle(r), len(headers), look{Italic: true})
	s.skip(1)
	b.headerRow(s, headers)
	first := s.row + 1
	pSelf, pPoints, pMax := vnfmt.ColumnPlaces(selfs...), vnfmt.ColumnPlaces(points...), vnfmt.ColumnPlaces(maxes...)
	for i, u := range t.Units {
		row := []any{b.cell(i+1, lookInt), b.cell(u.UnitName, lookText),
			b.points(u.SelfPoints, pSelf, look{}), b.points(u.Points, pPoints, look{}), b.points(u.MaxPoints, pMax, look{}),
			b.pct((u.Index), look{}), b.intCell(u.Rank), b.cell(strOr(u.Band), look{Border: true, Align: "center"})}
		switch {
		case prev:
			row = append(row, b.intCell(u.PreviousRank), b.signed(u.RankChange), b.pct((u.PreviousIndex), look{}), b.indexChange((u.IndexChange)))
		case i == 0:
			row = append(row, b.cell(NoPreviousYear, look{Border: true, Wrap: true, Italic: true, Size: 10, Align: "center"}))
		default:
			row = append(row, b.cell(nil, lookEmpty))
		}
		row = append(row, b.cell(unitNote(u), look{Border: true, Wrap: true, Italic: true, Size: 10}))
		s.put(row...)
	}
	if !prev && s.row > first && b.err == nil {
		b.check(s.sw.MergeCell(ref(9, first), ref(9, s.row)))
	}
	avg := make([]any, len(headers))
	for i := range avg {
		avg[i] = b.cell(nil, look{Border: true, Fill: fillField})
	}
	avg[1] = b.cell("Giá trị trung bình", look{Border: true, Bold: true, Fill: fillField})
	avg[5] = b.pct((t.AverageIndex), look{Bold: true, Fill: fillField})
	s.put(avg...)
	s.skip(1)
	st := t.Stats
	line := fmt.Sprintf("Số đơn vị: %d; được xếp hạng: %d; cao hơn giá trị trung bình: %d.", st.Units, st.Ranked, st.AboveAverage)
	var counts []string
	for _, bc := range st.Bands {
		counts = append(counts, fmt.Sprintf("%s (từ %s): %d", bc.Label, vnfmt.Percent(string(bc.MinIndex)), bc.Units))
	}
	if len(counts) > 0 {
		if st.NoBand > 0 {
			counts = append(counts, fmt.Sprintf("chưa xếp loại: %d", st.NoBand))
		}
		line += " Xếp loại: " + strings.Join(counts, "; ") + "."
	}
	s.span(b.cell(line, look{Italic: true, Wrap: true}), len(headers))
	s.skip(1)
	b.signatures(s, len(headers), "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG CƠ QUAN")
	s.printSetup(4, 2, false)
	s.flush()
}

// signatures writes the signing block: a date line and two signers.
func (b *book) signatures(s *sheet, cols int, left, right string) {
	mid := max(cols/2, 2)
	dateRow := make([]any, cols)
	dateRow[mid] = b.cell("……………, ngày …… tháng …… năm ………", look{Italic: true, Align: "center"})
	s.put(dateRow...)
	s.merge(mid+1, cols)
	for _, pair := range [][2]string{{left, right}, {"(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên, đóng dấu)"}} {
		l := look{Bold: true, Align: "center"}
		if strings.HasPrefix(pair[0], "(") {
			l = look{Italic: true, Align: "center"}
		}
		row := make([]any, cols)
		row[0], row[mid] = b.cell(pair[0], l), b.cell(pair[1], l)
		s.put(row...)
		s.merge(1, mid)
		s.merge(mid+1, cols)
	}
}

func unitNote(u results.Unit) string {
	switch {
	case !u.Complete:
		missing := u.Missing
		more := ""
		if len(missing) > 5 {
			missing, more = missing[:5], ", …"
		}
		return "Chưa đủ điểm: " + strings.Join(missing, ", ") + more
	case u.Provisional:
		return "Tạm tính (có tiêu chí chỉ có điểm tự đánh giá)"
	}
	return ""
}

func (b *book) intCell(n *int) excelize.Cell {
	if n == nil {
		return b.cell(nil, lookInt)
	}
	return b.cell(*n, lookInt)
}

func (b *book) signed(n *int) excelize.Cell {
	l := look{Border: true, Align: "center", Format: fmtRankChange}
	if n == nil {
		return b.cell(nil, l)
	}
	return b.cell(*n, l)
}

func (b *book) indexChange(n *json.Number) excelize.Cell {
	l := look{Border: true, Format: fmtIndexChange}
	if n == nil {
		return b.cell(nil, l)
	}
	return b.cell(numFloat(*n), l)
}

func strOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (b *book) fieldSheet(r Report, t results.Tier) {
	headers := []string{"STT", "Đơn vị", "Chỉ số\nchung (%)"}
	for _, f := range t.Stats.Fields {
		headers = append(headers, f.Code+". "+f.Name)
	}
	names := []string{"Đơn vị"}
	for _, u := range t.Units {
		names = append(names, u.UnitName)
	}
	widths := []float64{6, max(width(names...), 24), 11}
	for range t.Stats.Fields {
		widths = append(widths, 16)
	}
	s := b.newSheet("Lĩnh vực ("+short(t.TierName)+")", widths)
	s.freeze(4, 2)
	s.title(fmt.Sprintf("CHỈ SỐ THÀNH PHẦN THEO LĨNH VỰC NĂM %d – %s", t.Year, strings.ToUpper(t.TierName)), len(headers), look{Bold: true, Size: 14})
	s.title(subtitle(r), len(headers), look{Italic: true})
	s.skip(1)
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = b.cell(h, lookHeader)
	}
	s.putH(max(33, s.fit(row)), row...)
	first := s.row + 1
	for i, u := range t.Units {
		row := []any{b.cell(i+1, lookInt), b.cell(u.UnitName, lookText), b.pct((u.Index), look{Bold: true})}
		for k := range t.Stats.Fields {
			if k < len(u.Fields) && u.Fields[k].Index != nil {
				row = append(row, b.pct((u.Fields[k].Index), look{}))
			} else {
				row = append(row, b.cell("KPS", look{Border: true, Italic: true, Align: "center", Fill: fillNA}))
			}
		}
		s.put(row...)
	}
	last := s.row
	avg := []any{b.cell(nil, look{Border: true, Fill: fillField}), b.cell("Giá trị trung bình", look{Border: true, Bold: true, Fill: fillField}),
		b.pct((t.AverageIndex), look{Bold: true, Fill: fillField})}
	for _, f := range t.Stats.Fields {
		avg = append(avg, b.pct((f.AverageIndex), look{Bold: true, Fill: fillField}))
	}
	s.put(avg...)
	s.skip(1)
	s.span(b.cell("Màu nền từ đỏ (thấp) đến xanh (cao) chỉ lĩnh vực yếu, mạnh trong khối; KPS: lĩnh vực không phát sinh ở đơn vị.", look{Italic: true, Wrap: true, Size: 10}), len(headers))
	if len(t.Units) > 0 && len(t.Stats.Fields) > 0 && b.err == nil {
		b.check(b.f.SetConditionalFormat(s.name, ref(4, first)+":"+ref(3+len(t.Stats.Fields), last), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
			MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B",
		}}))
	}
	s.printSetup(4, 2, false)
	s.flush()
}

func (b *book) detailSheet(r Report, t ReportTier) {
	f, tr := t.Framework, t.Results
	if 3+len(tr.Units) > excelize.MaxColumns {
		b.check(fmt.Errorf("tier %s has %d units: too many for the columns of a detail sheet", tr.Tier, len(tr.Units)))
		return
	}
	byCode := make(map[string]*score.UnitScores, len(t.Scores))
	for i := range t.Scores {
		byCode[t.Scores[i].Code] = &t.Scores[i]
	}
	evaluated := make([]score.UnitResult, len(tr.Units))
	entries := make([][]score.Entry, len(tr.Units))
	places := make([]int, len(tr.Units)) // of each unit's column: its leaves' points
	for i, u := range tr.Units {
		us := byCode[u.UnitCode]
		if us == nil {
			us = &score.UnitScores{Code: u.UnitCode, Name: u.UnitName}
		}
		evaluated[i] = f.Evaluate(*us)
		entries[i] = us.Entries
		for _, e := range us.Entries {
			if pts, _, ok := e.Effective(); ok && !e.NotApplicable {
				places[i] = max(places[i], vnfmt.PointsPlaces(pts))
			}
		}
		places[i] = max(places[i], vnfmt.PointsPlaces(evaluated[i].Total.Max))
	}
	pMax := maxPlaces(f)
	names := []string{"Lĩnh vực, tiêu chí"}
	for _, n := range f.Nodes {
		names = append(names, strings.Repeat("  ", n.Depth)+n.Name)
	}
	widths := []float64{8, min(width(names...), 50), 9}
	headers := []string{"Mã", "Lĩnh vực, tiêu chí", "Điểm\ntối đa"}
	for _, u := range tr.Units {
		widths = append(widths, 11)
		headers = append(headers, u.UnitName)
	}
	s := b.newSheet("Chi tiết ("+short(tr.TierName)+")", widths)
	s.freeze(4, 3)
	cols := min(len(headers), 12)
	s.title(fmt.Sprintf("ĐIỂM CHI TIẾT THEO TIÊU CHÍ NĂM %d – %s", tr.Year, strings.ToUpper(tr.TierName)), cols, look{Bold: true, Size: 14})
	s.title(subtitle(r), cols, look{Italic: true})
	s.skip(1)
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = b.cell(h, lookHeader)
	}
	s.putH(max(33, s.fit(row)), row...)
	na := look{Border: true, Italic: true, Align: "center", Fill: fillNA}
	for ni, n := range f.Nodes {
		l := look{Border: true, Bold: !n.Leaf, Fill: fieldFill(n)}
		row := []any{b.cell(n.Code, l), b.cell(n.Name, look{Border: true, Wrap: true, Bold: !n.Leaf, Fill: l.Fill, Indent: n.Depth}), b.milliIn(n.Max, pMax, l)}
		for i := range tr.Units {
			switch {
			case n.Leaf:
				var e score.Entry
				if pos := n.LeafLo; pos < len(entries[i]) {
					e = entries[i][pos]
				}
				pts, provisional, ok := e.Effective()
				switch {
				case e.NotApplicable:
					row = append(row, b.cell("KPS", na))
				case !ok:
					row = append(row, b.cell(nil, lookEmpty))
				default:
					row = append(row, b.milliIn(pts, places[i], look{Italic: provisional}))
				}
			case evaluated[i].Nodes[ni].Max == 0 && n.Max > 0:
				row = append(row, b.cell("KPS", na))
			default:
				row = append(row, b.milliIn(evaluated[i].Nodes[ni].Points, places[i], l))
			}
		}
		s.put(row...)
	}
	total := look{Border: true, Bold: true, Fill: fillField}
	totals := []any{b.cell(nil, total), b.cell("Tổng điểm", total), b.milliIn(f.Total(), pMax, total)}
	maxes := []any{b.cell(nil, total), b.cell("Điểm tối đa tính chỉ số (trừ KPS)", total), b.cell(nil, total)}
	index := []any{b.cell(nil, total), b.cell("Chỉ số (%)", total), b.cell(nil, total)}
	for i, u := range tr.Units {
		totals = append(totals, b.milliIn(evaluated[i].Total.Points, places[i], total))
		maxes = append(maxes, b.milliIn(evaluated[i].Total.Max, places[i], total))
		index = append(index, b.pct((u.Index), look{Bold: true, Fill: fillField}))
	}
	s.put(totals...)
	s.put(maxes...)
	s.put(index...)
	s.skip(1)
	s.span(b.cell("KPS: không phát sinh (không tính vào điểm tối đa); ô trống: chưa có điểm; chữ nghiêng: điểm tự đánh giá, chưa có điểm thẩm định.", look{Italic: true, Wrap: true, Size: 10}), cols)
	s.printSetup(4, 3, false)
	s.flush()
}

func fieldFill(n score.Node) string {
	if n.Depth == 0 {
		return fillField
	}
	return ""
}

func (b *book) chartSheet(r Report, t results.Tier) {
	names := []string{"Đơn vị"}
	for _, u := range t.Units {
		names = append(names, u.UnitName)
	}
	s := b.newSheet("Biểu đồ ("+short(t.TierName)+")", []float64{max(width(names...), 24), 11, 13})
	s.freeze(3, 0)
	s.title(fmt.Sprintf("BIỂU ĐỒ CHỈ SỐ CCHC NĂM %d – %s", t.Year, strings.ToUpper(t.TierName)), 3, look{Bold: true, Size: 14})
	s.skip(1)
	b.headerRow(s, []string{"Đơn vị", "Chỉ số (%)", "Giá trị\ntrung bình (%)"})
	first := s.row + 1
	for _, u := range t.Units {
		if u.Index == nil {
			continue
		}
		s.put(b.cell(u.UnitName, lookText), b.pct((u.Index), look{}), b.pct((t.AverageIndex), look{}))
	}
	last := s.row
	if last >= first && t.AverageIndex != nil && b.err == nil {
		q := quoteSheet(s.name)
		cats := fmt.Sprintf("%s!$A$%d:$A$%d", q, first, last)
		w := uint(min(max(640, 28*(last-first+1)+160), 4000))
		pctFmt := excelize.ChartNumFmt{CustomNumFmt: "0%"}
		bars := &excelize.Chart{Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: fmt.Sprintf("%s!$B$%d", q, first-1), Categories: cats,
				Values: fmt.Sprintf("%s!$B$%d:$B$%d", q, first, last), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fmt.Sprintf("Chỉ số CCHC năm %d – %s", t.Year, t.TierName)}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: w, Height: 420},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: pctFmt, Minimum: ptr(0.0)},
			XAxis:     excelize.ChartAxis{Font: excelize.Font{Family: font, Size: 9}},
			Format:    excelize.GraphicOptions{OffsetX: 10, OffsetY: 10},
		}
		avg := &excelize.Chart{Type: excelize.Line,
			Series: []excelize.ChartSeries{{Name: fmt.Sprintf("%s!$C$%d", q, first-1), Categories: cats,
				Values: fmt.Sprintf("%s!$C$%d:$C$%d", q, first, last), Line: excelize.LineOptions{Width: 2.25},
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}}, Marker: excelize.ChartMarker{Symbol: "none"}}},
		}
		b.check(b.f.AddChart(s.name, "E3", bars, avg))
	}
	s.printSetup(3, 0, false)
	s.flush()
}

func ptr[T any](v T) *T { return &v }
