package portal

import (
	"html/template"
	"io"
	"strings"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/workflow"
)

// PageOptions are what a news page shows beside the record itself.
type PageOptions struct {
	Rankings  []results.Tier // the announced period's published tiers, shown in full
	Published *results.Published
	Note      string // the publication's note
	Related   []Link // published related records
}

// NewsPage writes the HTML page of a published news record: its sanitized
// body, attachments and, when it announces a period, that period's rankings.
func NewsPage(w io.Writer, n workflow.News, opt PageOptions) error {
	body, err := HTML(n.Body)
	if err != nil {
		return err
	}
	var rs []ranking
	for _, t := range opt.Rankings {
		r := rankingOf(t, Vietnamese, false)
		r.Heading = "Kết quả: " + t.TierName
		rs = append(rs, r)
	}
	return templates.ExecuteTemplate(w, "news.tmpl", struct {
		News                    workflow.News
		Body                    template.HTML
		Byline, Published, Note string
		Style                   template.CSS
		Rankings                []ranking
		Related                 []Link
	}{News: n, Body: body, Byline: byline(n), Published: publishedLine(opt.Published, Vietnamese), Note: opt.Note,
		Style: template.CSS(style), Rankings: rs, Related: opt.Related})
}

func byline(n workflow.News) string {
	var parts []string
	if n.PublishedAt != nil {
		parts = append(parts, Date(*n.PublishedAt, Vietnamese))
	}
	for _, s := range []string{n.Author, n.Department} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}
