package xlsx

import (
	"fmt"
	"github.com/parindex/parindex/internal/vnfmt"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
)

// evidenceSheet lists the unit's evidence (tài liệu kiểm chứng) per
// criterion, in the framework's order: title, the place it cites, the
// file (name and size) or the link, who attached it and when.
func (b *book) evidenceSheet(f *score.Framework, evidence []store.Evidence) {
	byCode := map[string][]store.Evidence{}
	for _, e := range evidence {
		byCode[e.Criterion] = append(byCode[e.Criterion], e)
	}
	s := b.newSheet("Tài liệu kiểm chứng", []float64{8, 40, 40, 20, 40, 18})
	s.freeze(3, 0)
	s.title("TÀI LIỆU KIỂM CHỨNG THEO TIÊU CHÍ", 6, look{Bold: true, Size: 14})
	s.skip(1)
	b.headerRow(s, []string{"Mã", "Tiêu chí", "Tài liệu", "Trích dẫn\n(mục, trang)", "Tệp đính kèm / đường dẫn", "Người nộp,\nngày nộp"})
	l := look{Border: true, Wrap: true, Size: 11}
	rows := 0
	for _, n := range f.Nodes {
		for _, e := range byCode[n.Code] {
			where := e.URL
			if e.File != nil {
				where = fmt.Sprintf("%s (%s)", e.File.Name, vnfmt.Bytes(e.File.Size))
			}
			s.put(b.cell(n.Code, l), b.cell(n.Name, l), b.cell(e.Title, l), b.cell(nilIfEmpty(e.Reference), l), b.cell(where, l),
				b.cell(e.AddedBy+"\n"+vnDate(e.AddedAt), l))
			rows++
		}
	}
	if rows == 0 {
		s.put(b.cell("Đơn vị chưa nộp tài liệu kiểm chứng.", look{Italic: true}))
		s.merge(1, 6)
	}
	s.printSetup(3, 0, false)
	s.flush()
}

// sizeVN prints a file size as a Vietnamese reader writes it: 1,5 MB.
