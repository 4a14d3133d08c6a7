package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
)

// Scorecard is one unit's scores in a period, for the unit to sign.
type Scorecard struct {
	Year      int
	Title     string
	Tier      store.Tier
	Unit      store.Unit
	Framework *score.Framework
	Scores    []store.Score
	Evidence  []store.Evidence // listed per criterion on a second sheet
	At        time.Time
}

// WriteScorecard writes a unit's scorecard to w: every criterion with its
// maximum, self-assessed and appraised points and note, the subtotals,
// the total and the index.
func WriteScorecard(w io.Writer, sc Scorecard) error {
	f := sc.Framework
	byCode := map[string]store.Score{}
	us := score.UnitScores{Code: sc.Unit.Code, Name: sc.Unit.Name, Entries: make([]score.Entry, len(f.Leaves))}
	for _, s := range sc.Scores {
		byCode[s.Criterion] = s
		if pos := f.LeafPosition(s.Criterion); pos >= 0 {
			e := score.Entry{NotApplicable: s.NotApplicable}
			if s.Self != nil {
				e.Self, e.HasSelf = *s.Self, true
			}
			if s.Points != nil {
				e.Points, e.HasPoints = *s.Points, true
			}
			us.Entries[pos] = e
		}
	}
	res := f.Evaluate(us)
	pMax, pSelf, pPoints := maxPlaces(f), 0, 0 // each column's places: its leaves'
	for _, e := range us.Entries {
		if e.HasSelf {
			pSelf = max(pSelf, vnfmt.PointsPlaces(e.Self))
		}
		if e.HasPoints {
			pPoints = max(pPoints, vnfmt.PointsPlaces(e.Points))
		}
	}
	b := newBook()
	names, notes := []string{"Lĩnh vực, tiêu chí"}, []string{"Ghi chú"}
	for _, n := range f.Nodes {
		names = append(names, n.Name)
		notes = append(notes, byCode[n.Code].Note)
	}
	s := b.newSheet(sc.Unit.Name, []float64{8, min(width(names...), 55), 9, 11, 11, min(width(notes...), 50)})
	s.freeze(6, 0)
	s.title(fmt.Sprintf("PHIẾU ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM %d", sc.Year), 6, look{Bold: true, Size: 14})
	s.title(strings.ToUpper(sc.Unit.Name), 6, look{Bold: true})
	s.title(fmt.Sprintf("%s – mã đơn vị %s – %s – in ngày %s", sc.Tier.Name, sc.Unit.Code, sc.Title, vnfmt.Date(sc.At)), 6, look{Italic: true})
	s.skip(2)
	b.headerRow(s, []string{"Mã", "Lĩnh vực, tiêu chí", "Điểm\ntối đa", "Điểm tự\nđánh giá", "Điểm\nthẩm định", "Ghi chú"})
	na := look{Border: true, Italic: true, Align: "center", Fill: fillNA}
	for ni, n := range f.Nodes {
		l := look{Border: true, Bold: !n.Leaf, Fill: fieldFill(n)}
		row := []any{b.cell(n.Code, l), b.cell(n.Name, look{Border: true, Wrap: true, Bold: !n.Leaf, Fill: l.Fill, Indent: n.Depth}), b.milliIn(n.Max, pMax, l)}
		if n.Leaf {
			e := us.Entries[n.LeafLo]
			switch {
			case e.NotApplicable:
				row = append(row, b.cell("KPS", na), b.cell("KPS", na))
			default:
				row = append(row, b.optMilli(e.Self, e.HasSelf, pSelf, l), b.optMilli(e.Points, e.HasPoints, pPoints, l))
			}
			row = append(row, b.cell(nilIfEmpty(byCode[n.Code].Note), look{Border: true, Wrap: true, Size: 11}))
		} else {
			self, official := b.subtotals(f, n, us.Entries)
			if res.Nodes[ni].Max == 0 && n.Max > 0 {
				row = append(row, b.cell("KPS", na), b.cell("KPS", na))
			} else {
				row = append(row, b.milliIn(self, pSelf, l), b.milliIn(official, pPoints, l))
			}
			row = append(row, b.cell(nil, l))
		}
		s.put(row...)
	}
	total := look{Border: true, Bold: true, Fill: fillField}
	self, official := b.subtotals(f, score.Node{LeafLo: 0, LeafHi: len(f.Leaves)}, us.Entries)
	s.put(b.cell(nil, total), b.cell("Tổng điểm", total), b.milliIn(f.Total(), pMax, total), b.milliIn(self, pSelf, total), b.milliIn(official, pPoints, total), b.cell(nil, total))
	s.put(b.cell(nil, total), b.cell("Điểm tối đa tính chỉ số (trừ tiêu chí không phát sinh)", total), b.milliIn(res.Total.Max, pMax, total), b.cell(nil, total), b.cell(nil, total), b.cell(nil, total))
	idx := b.cell(nil, total)
	if x := res.Index(); x.Defined() {
		v, _ := x.Shown().Shift(-2).Float64()
		idx = b.cell(v, look{Border: true, Bold: true, Fill: fillField, Format: fmtPercent})
	}
	s.put(b.cell(nil, total), b.cell("Chỉ số CCHC (%)", total), b.cell(nil, total), b.cell(nil, total), idx, b.cell(nil, total))
	s.skip(1)
	var remarks []string
	if res.Provisional {
		remarks = append(remarks, "Chỉ số tạm tính: có tiêu chí chưa có điểm thẩm định, tính theo điểm tự đánh giá.")
	}
	if !res.Complete {
		remarks = append(remarks, "Chưa đủ điểm ở các tiêu chí: "+strings.Join(res.Missing, ", ")+".")
	}
	remarks = append(remarks, "KPS: không phát sinh (không tính vào điểm tối đa).")
	for _, r := range remarks {
		s.span(b.cell(r, look{Italic: true, Wrap: true, Size: 10}), 6)
	}
	s.skip(1)
	b.signatures(s, 6, "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ")
	s.printSetup(6, 0, true)
	s.flush()
	b.evidenceSheet(f, sc.Evidence)
	return b.write(w, fmt.Sprintf("Phiếu điểm Chỉ số CCHC năm %d – %s", sc.Year, sc.Unit.Name), sc.At)
}

func (b *book) optMilli(m score.Milli, ok bool, places int, l look) any {
	if !ok {
		return b.cell(nil, lookEmpty)
	}
	l.Bold, l.Fill = false, ""
	return b.milliIn(m, places, l)
}

// subtotals sums a node's applicable leaves: self points and official points.
func (b *book) subtotals(f *score.Framework, n score.Node, entries []score.Entry) (self, official score.Milli) {
	for pos := n.LeafLo; pos < n.LeafHi; pos++ {
		if e := entries[pos]; !e.NotApplicable {
			if e.HasSelf {
				self += e.Self
			}
			if e.HasPoints {
				official += e.Points
			}
		}
	}
	return self, official
}
