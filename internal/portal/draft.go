package portal

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/workflow"
)

// Draft is an announcement news record written from a published snapshot,
// for the secretariat to edit: every figure in it comes from the snapshot.
type Draft struct {
	Title       string
	Summary     string
	Body        string // Markdown
	Category    string
	Department  string
	Attachments []workflow.Attachment
}

// DraftLinks are the public addresses the draft links to.
type DraftLinks struct {
	Report   string            // the period's published workbook
	Rankings map[string]string // tier code → its ranking page
	Note     string            // the publication's note, quoted at the end
}

// Announcement writes the draft announcement of a published period, in
// Vietnamese: each tier's average and spread, units per band, the leading
// and trailing units, the biggest rises against the previous year where
// there is one, and the report.
func Announcement(doc results.Snapshot, pub results.Published, links DraftLinks) Draft {
	d := Draft{Title: "Công bố " + doc.Title, Category: "Cải cách hành chính", Department: "Phòng CCHC"}
	var avgs []string
	for i, ts := range doc.Summary.Tiers {
		s := fmt.Sprintf("%s đạt %s", lowerFirst(ts.TierName), orDash(ts.AverageIndex, Vietnamese, true))
		if i == 0 {
			s = "của " + s
		}
		avgs = append(avgs, s)
	}
	d.Summary = fmt.Sprintf("Giá trị trung bình Chỉ số CCHC năm %d %s.", doc.Year, strings.Join(avgs, "; "))

	var b strings.Builder
	if at, err := time.Parse(time.RFC3339, pub.PublishedAt); err == nil {
		fmt.Fprintf(&b, "Ngày %s, kết quả %s được công bố (bản công bố số %d).\n", Date(at, Vietnamese), doc.Title, pub.Version)
	}
	for _, t := range doc.Tiers {
		b.WriteString("\n## " + t.TierName + "\n\n")
		tierText(&b, t, summaryOf(doc, t.Tier), links.Rankings[t.Tier])
	}
	if links.Report != "" {
		title := fmt.Sprintf("Báo cáo kết quả Chỉ số CCHC năm %d (tệp Excel)", doc.Year)
		fmt.Fprintf(&b, "\nKết quả chi tiết của từng đơn vị, theo từng lĩnh vực: [%s](%s).\n", title, links.Report)
		d.Attachments = append(d.Attachments, workflow.Attachment{Title: title, URL: links.Report})
	}
	if links.Note != "" {
		note := strings.TrimSpace(links.Note)
		if !strings.HasSuffix(note, ".") {
			note += "."
		}
		fmt.Fprintf(&b, "\nGhi chú của bản công bố: %s\n", note)
	}
	d.Body = b.String()
	return d
}

func summaryOf(doc results.Snapshot, tier string) results.TierSummary {
	for _, ts := range doc.Summary.Tiers {
		if ts.Tier == tier {
			return ts
		}
	}
	return results.TierSummary{}
}

func tierText(b *strings.Builder, t results.Tier, ts results.TierSummary, ranking string) {
	pct := func(n *json.Number) string { return orDash(n, Vietnamese, true) }
	fmt.Fprintf(b, "Giá trị trung bình Chỉ số CCHC của %s (%d đơn vị) đạt **%s**; cao nhất %s, thấp nhất %s, trung vị %s; %d đơn vị đạt trên mức trung bình.\n",
		lowerFirst(t.TierName), t.Stats.Units, pct(t.AverageIndex), pct(t.Stats.MaxIndex), pct(t.Stats.MinIndex), pct(t.Stats.MedianIndex), t.Stats.AboveAverage)

	if len(t.Stats.Bands) > 0 {
		var parts []string
		for _, band := range t.Stats.Bands {
			parts = append(parts, fmt.Sprintf("%s (từ %s): %d đơn vị", band.Label, Percent(string(band.MinIndex), Vietnamese), band.Units))
		}
		if t.Stats.NoBand > 0 {
			parts = append(parts, fmt.Sprintf("dưới %s: %d đơn vị", Percent(string(t.Stats.Bands[len(t.Stats.Bands)-1].MinIndex), Vietnamese), t.Stats.NoBand))
		}
		fmt.Fprintf(b, "\nXếp loại: %s.\n", strings.Join(parts, "; "))
	}

	leading := map[string]bool{}
	if len(ts.Leading) > 0 {
		var parts []string
		for _, l := range ts.Leading {
			leading[l.UnitCode] = true
			parts = append(parts, fmt.Sprintf("%s (hạng %d, %s)", l.UnitName, l.Rank, Percent(string(l.Index), Vietnamese)))
		}
		fmt.Fprintf(b, "\nDẫn đầu: %s.\n", joinVi(parts))
	}

	var trailing []string
	for i := len(t.Units) - 1; i >= 0 && len(trailing) < 3; i-- {
		u := t.Units[i]
		if u.Rank == nil || u.Index == nil || leading[u.UnitCode] {
			continue
		}
		trailing = append(trailing, fmt.Sprintf("%s (hạng %d, %s)", u.UnitName, *u.Rank, Percent(string(*u.Index), Vietnamese)))
	}
	if len(trailing) > 0 {
		fmt.Fprintf(b, "\nXếp cuối: %s.\n", joinVi(trailing))
	}

	if t.PreviousYear != nil {
		fmt.Fprintf(b, "\n%s\n", rises(t))
	}
	if ranking != "" {
		fmt.Fprintf(b, "\nBảng xếp hạng đầy đủ: [%s](%s).\n", t.TierName, ranking)
	}
}

// rises names up to three units that rose most in rank against the
// previous year (then by the index change).
func rises(t results.Tier) string {
	var up []results.Unit
	for _, u := range t.Units {
		if u.RankChange != nil && *u.RankChange > 0 && u.Rank != nil && u.PreviousRank != nil {
			up = append(up, u)
		}
	}
	if len(up) == 0 {
		return fmt.Sprintf("So với năm %d, không đơn vị nào tăng hạng.", *t.PreviousYear)
	}
	slices.SortStableFunc(up, func(a, b results.Unit) int {
		if *a.RankChange != *b.RankChange {
			return *b.RankChange - *a.RankChange
		}
		return compareDecimal(b.IndexChange, a.IndexChange)
	})
	var parts []string
	for _, u := range up[:min(3, len(up))] {
		s := fmt.Sprintf("%s (từ hạng %d lên hạng %d, tăng %d bậc", u.UnitName, *u.PreviousRank, *u.Rank, *u.RankChange)
		if u.IndexChange != nil {
			s += "; chỉ số " + changeWords(string(*u.IndexChange))
		}
		parts = append(parts, s+")")
	}
	return fmt.Sprintf("So với năm %d, tăng hạng nhiều nhất: %s.", *t.PreviousYear, joinVi(parts))
}

func changeWords(s string) string {
	switch {
	case strings.HasPrefix(s, "-"):
		return "giảm " + Number(s[1:], Vietnamese) + " điểm phần trăm"
	case strings.Trim(s, "0.") == "":
		return "không đổi"
	}
	return "tăng " + Number(s, Vietnamese) + " điểm phần trăm"
}

// compareDecimal orders two shown decimals exactly; none sorts first.
func compareDecimal(a, b *json.Number) int {
	rat := func(n *json.Number) *big.Rat {
		if n == nil {
			return nil
		}
		r, ok := new(big.Rat).SetString(string(*n))
		if !ok {
			return nil
		}
		return r
	}
	x, y := rat(a), rat(b)
	switch {
	case x == nil && y == nil:
		return 0
	case x == nil:
		return -1
	case y == nil:
		return 1
	}
	return x.Cmp(y)
}

// joinVi joins a list as Vietnamese writes it: a, b và c.
func joinVi(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " và " + parts[len(parts)-1]
}

// lowerFirst lowers a title's first letter for use inside a sentence
// ("Khối sở" → "khối sở"), leaving acronyms ("UBND") alone.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}
