// Package vnfmt writes numbers, points, percentages, dates and times as
// Vietnamese readers expect them, for every surface people read (the
// workbooks, the widget, the news pages, the announcement draft): a
// decimal comma and dot thousands (1.234,5), one minus sign (U+2212),
// dates as Nghị định 30/2020/NĐ-CP writes them (05/01/2020, 27/6/2017) in
// Vietnam's time. The JSON API and CSV keep plain numbers and RFC 3339.
//
// Decimals come in as they are printed in the results documents ("74.86",
// "-0.5", "15.753"); their digits are kept, and rounded only when a
// function asks for fewer places, by score.Round (half away from zero).
package vnfmt

import (
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/score"
)

// Zone is Vietnam's time (Asia/Ho_Chi_Minh), the one clock of every date
// people read. It is fixed at UTC+7, named ICT: Vietnam has kept UTC+7
// without daylight saving since 1975, and a fixed zone needs no tzdata in
// the container image (time.LoadLocation would fail in a scratch image).
var Zone = time.FixedZone("ICT", 7*60*60)

// Minus is the minus sign of people-facing text: U+2212, not the hyphen.
const Minus = "−"

// Date writes a day as Nghị định 30/2020/NĐ-CP does: a day below 10 and
// the months 1 and 2 take a leading zero (05/01/2020, 09/02/2021), other
// months do not (27/6/2017, 15/12/2020).
func Date(t time.Time) string {
	t = t.In(Zone)
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return t.Format("02") + "/" + month + "/" + strconv.Itoa(t.Year())
}

// DateTime writes a moment: 09:05 ngày 27/6/2017.
func DateTime(t time.Time) string {
	t = t.In(Zone)
	return t.Format("15:04") + " ngày " + Date(t)
}

// Number writes a decimal with a decimal comma and dot thousands, its
// digits as given: 1497.2 → 1.497,2; -0.5 → −0,5.
func Number(s string) string { return digits(s, ",", ".") }

// Fixed writes a decimal with exactly places decimals, rounded half-up
// when it has more: Fixed("81.3", 3) = 81,300; Fixed("74.865", 2) = 74,87.
func Fixed(s string, places int) string { return Number(WithPlaces(s, places)) }

// Percent writes a percentage as given: 74,86%.
func Percent(s string) string { return Number(s) + "%" }

// Index writes a shown index, to 2 places: 74,86%; 80 → 80,00%.
func Index(s string) string { return Fixed(s, 2) + "%" }

// Signed writes a change with its sign: +1,25, −0,50; a zero has none.
func Signed(s string) string { return signed(s, Number) }

func signed(s string, number func(string) string) string {
	if isZero(s) {
		return number(strings.TrimPrefix(s, "-"))
	}
	if strings.HasPrefix(s, "-") {
		return number(s)
	}
	return "+" + number(s)
}

// Points writes points as they were entered: 15,753; 81,3; 82.
func Points(m score.Milli) string { return Number(m.String()) }

// Places is how many decimals a printed decimal has: "81.300" 3, "82" 0.
func Places(s string) int {
	_, frac, ok := strings.Cut(s, ".")
	if !ok {
		return 0
	}
	return len(frac)
}

// ColumnPlaces is the places of a column of decimals: its largest, so that
// every value is shown with them (81,300 beside 82,615), as provinces
// print their tables.
func ColumnPlaces(values ...string) int {
	n := 0
	for _, v := range values {
		n = max(n, Places(v))
	}
	return n
}

// PointsPlaces is ColumnPlaces for a column of points (0 to 3).
func PointsPlaces(ms ...score.Milli) int {
	n := 0
	for _, m := range ms {
		switch {
		case n < 3 && m%10 != 0:
			n = 3
		case n < 2 && m%100 != 0:
			n = 2
		case n < 1 && m%1000 != 0:
			n = 1
		}
	}
	return n
}

// Column writes a column of decimals, each with the column's places.
func Column(values []string) []string {
	places := ColumnPlaces(values...)
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = Fixed(v, places)
	}
	return out
}

// WithPlaces returns a plain decimal ("81.300") with exactly places
// decimals: padded with zeros, or rounded half-up by score.Round. Text
// that is not a decimal is returned as it is.
func WithPlaces(s string, places int) string {
	have := Places(s)
	switch {
	case have == places || !isDecimal(s):
		return s
	case have < places:
		if have == 0 {
			s += "."
		}
		return s + strings.Repeat("0", places-have)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return s
	}
	return score.Round(r, int32(places)).StringFixed(int32(places))
}

// NumberEnglish writes a decimal for the pages served in English: 1,497.2; −0.5.
func NumberEnglish(s string) string { return digits(s, ".", ",") }

// SignedEnglish writes a change for the pages served in English: +1.25, −0.50.
func SignedEnglish(s string) string { return signed(s, NumberEnglish) }

// DateEnglish writes a day for the pages served in English: 27 June 2017.
func DateEnglish(t time.Time) string { return t.In(Zone).Format("2 January 2006") }

// digits writes a decimal with the given decimal and group separators and
// the minus sign.
func digits(s, dec, group string) string {
	sign := ""
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign, s = Minus, rest
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}

func isZero(s string) bool { return strings.Trim(s, "-0.") == "" }

// isDecimal accepts what the results documents print: -?digits(.digits)?.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, ok := strings.Cut(s, ".")
	if whole == "" || (ok && frac == "") {
		return false
	}
	return strings.Trim(whole+frac, "0123456789") == ""
}

// Bytes shows a file's size as people read it: 1,5 MB, 340 KB, 512 byte.
func Bytes(n int64) string {
	one := func(x float64) string { return Number(strings.TrimSuffix(strconv.FormatFloat(x, 'f', 1, 64), ".0")) }
	switch {
	case n >= 1<<20:
		return one(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return one(float64(n)/(1<<10)) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}
