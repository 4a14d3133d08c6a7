// Package portal renders the public pages: the embeddable ranking widget,
// news records (Markdown to sanitized HTML) and their pages, and the
// announcement draft written from a published snapshot. Everything here is
// computed from the results documents; nothing reads the database.
package portal

import (
	"time"

	"github.com/parindex/parindex/internal/vnfmt"
)

// Languages of the pages: Vietnamese (the default) and English.
const (
	Vietnamese = "vi"
	English    = "en"
)

// Number prints a decimal as people read it (internal/vnfmt): Vietnamese
// writes 1.497,2 and 74,86; English 1,497.2 and 74.86. The digits are
// printed exactly as given.
func Number(s, lang string) string {
	if lang == English {
		return vnfmt.NumberEnglish(s)
	}
	return vnfmt.Number(s)
}

// Percent prints an index as a percentage: 74,86% (vi), 74.86% (en).
func Percent(s, lang string) string { return Number(s, lang) + "%" }

// Signed prints a change with its sign: +1,25 or −0,50; 0 stays 0.
func Signed(s, lang string) string {
	if lang == English {
		return vnfmt.SignedEnglish(s)
	}
	return vnfmt.Signed(s)
}

// Date prints a day as the province writes it: 27/6/2017, 05/01/2020, or
// 27 June 2017.
func Date(t time.Time, lang string) string {
	if lang == English {
		return vnfmt.DateEnglish(t)
	}
	return vnfmt.Date(t)
}

// Column prints a column of decimals with its largest places: 81,300
// beside 82,615.
func Column(values []string, lang string) []string {
	places := vnfmt.ColumnPlaces(values...)
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = Number(vnfmt.WithPlaces(v, places), lang)
	}
	return out
}
