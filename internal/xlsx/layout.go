package xlsx

import (
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Row heights. excelize cannot fit a row to its text, and LibreOffice and
// Excel keep the height a workbook gives (the default: one line), so a
// wrapped criterion name or note would print over the next row. Each row
// is therefore set from an estimate of its wrapped lines: the characters
// a line holds per unit of column width were measured on LibreOffice's
// PDF of Vietnamese text in Times New Roman (DejaVu Serif standing in, as
// on the CI machine) at 10 to 12 pt, regular and bold, widths 12 to 70,
// indents 0 to 4: with these factors none of 448 cells needed more lines
// than estimated, and one in nine got a spare line. Widths count in the
// font's digit width, so the factors carry over to Times New Roman, which
// fits a little more on a line.
const (
	charsPerWidth     = 1.08 // a regular 12 pt line, per unit of column width
	charsPerWidthBold = 0.98
	cellPadding       = 1.5 // width units lost to the cell's margins
	indentWidth       = 1.0 // width units per indent level
	maxRowHeight      = 409 // points: Excel's limit
	defaultColWidth   = 9.140625
)

// lineHeight is one line of text at a font size, in points (15.75 is
// Excel's one-line row in Times New Roman 12; LibreOffice needs 13.9).
func lineHeight(size float64) float64 { return fontSize(size) * 1.25 }

func fontSize(size float64) float64 {
	if size == 0 {
		return 12
	}
	return size
}

// lineChars is how many characters a line of a cell of the given width holds.
func lineChars(width float64, l look) float64 {
	f := charsPerWidth
	if l.Bold {
		f = charsPerWidthBold
	}
	return max((width-cellPadding-indentWidth*float64(l.Indent))*f*12/fontSize(l.Size), 1)
}

// lines estimates how many lines text takes when wrapped in a cell of the
// given width: words move whole to the next line, a word longer than a
// line is broken, and line breaks in the text are kept.
func lines(text string, width float64, l look) int {
	capacity := lineChars(width, l)
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n++
		line := 0.0
		for _, w := range strings.Fields(para) {
			size := float64(utf8.RuneCountInString(w))
			switch {
			case line == 0:
				line = size
			case line+1+size <= capacity:
				line += 1 + size
			default:
				n++
				line = size
			}
			for line > capacity {
				n++
				line -= capacity
			}
		}
	}
	return n
}

// oneLine is the column width that shows text on one line.
func oneLine(l look, texts ...string) float64 {
	n := 0
	for _, t := range texts {
		n = max(n, utf8.RuneCountInString(t))
	}
	f := charsPerWidth
	if l.Bold {
		f = charsPerWidthBold
	}
	return float64(n)/(f*12/fontSize(l.Size)) + cellPadding + indentWidth*float64(l.Indent) + 1
}

// fit is the height of a row of cells starting in column 1: the tallest
// wrapped cell's lines, or 0 (the default height) when each fits on one line.
func (s *sheet) fit(cells []any) float64 {
	h := 0.0
	for i, c := range cells {
		h = max(h, s.cellHeight(c, s.colWidth(i+1, i+1)))
	}
	return h
}

// fitSpan is the height of a row whose one cell spans columns from..to.
func (s *sheet) fitSpan(c any, from, to int) float64 {
	return s.cellHeight(c, s.colWidth(from, to))
}

// cellHeight is the height a wrapped text cell needs, or 0.
func (s *sheet) cellHeight(c any, width float64) float64 {
	cell, ok := c.(excelize.Cell)
	if !ok {
		return 0
	}
	text, ok := cell.Value.(string)
	l := s.b.looks[cell.StyleID]
	if !ok || !l.Wrap {
		return 0
	}
	n := lines(text, width, l)
	if n <= 1 {
		return 0
	}
	return min(float64(n)*lineHeight(l.Size)+3, maxRowHeight)
}

// colWidth is the width of columns from..to together.
func (s *sheet) colWidth(from, to int) float64 {
	w := 0.0
	for c := from; c <= to; c++ {
		if c-1 < len(s.widths) {
			w += s.widths[c-1]
		} else {
			w += defaultColWidth
		}
	}
	return w
}

// span writes the next row as one cell across columns 1..cols, as tall as
// its wrapped text.
func (s *sheet) span(c excelize.Cell, cols int) {
	s.putH(s.fitSpan(c, 1, cols), c)
	s.merge(1, cols)
}
