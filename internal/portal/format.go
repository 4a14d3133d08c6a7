// Package portal renders the public pages: the embeddable ranking widget,
// news records (Markdown to sanitized HTML) and their pages, and the
// announcement draft written from a published snapshot. Everything here is
// computed from the results documents; nothing reads the database.
package portal

import (
	"strings"
	"time"
)

// Languages of the pages: Vietnamese (the default) and English.
const (
	Vietnamese = "vi"
	English    = "en"
)

// vietnam is the province's clock (UTC+7, no daylight saving).
var vietnam = time.FixedZone("ICT", 7*3600)

// Number prints a decimal as people read it: Vietnamese writes 1.497,2 and
// 74,86; English 1,497.2 and 74.86. The digits are printed exactly as given.
func Number(s, lang string) string {
	dec, group := ",", "."
	if lang == English {
		dec, group = ".", ","
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "−", s[1:]
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

// Percent prints an index as a percentage: 74,86% (vi), 74.86% (en).
func Percent(s, lang string) string { return Number(s, lang) + "%" }

// Signed prints a change with its sign: +1,25 or −0,50; 0 stays 0.
func Signed(s, lang string) string {
	if strings.HasPrefix(s, "-") || strings.Trim(s, "0.") == "" {
		return Number(s, lang)
	}
	return "+" + Number(s, lang)
}

// Date prints a day as the province writes it: 27/6/2017, or 27 June 2017.
func Date(t time.Time, lang string) string {
	t = t.In(vietnam)
	if lang == English {
		return t.Format("2 January 2006")
	}
	return t.Format("2/1/2006")
}
