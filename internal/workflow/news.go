package workflow

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/vnfmt"
)

// Limits of a news record's text, in characters.
const (
	MaxNewsText    = 300
	MaxNewsSummary = 2000
	MaxNewsBody    = 200_000
	MaxNewsLinks   = 20
)

// NewsEdit is a news record as sent: on create every field but title is
// optional; on edit only the fields sent change (null clears period and
// published_at).
type NewsEdit struct {
	Title       *string            `json:"title"`
	Slug        *string            `json:"slug"`
	Summary     *string            `json:"summary"`
	Body        *string            `json:"body"`
	Author      *string            `json:"author"`
	Department  *string            `json:"department"`
	Category    *string            `json:"category"`
	Period      json.RawMessage    `json:"period"`
	PublishedAt json.RawMessage    `json:"published_at"`
	Attachments *[]AttachmentInput `json:"attachments"`
	Related     *[]string          `json:"related"`
}

// AttachmentInput is an attachment as sent.
type AttachmentInput struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// NewsChange is a checked edit of a news record: the fields set change
// (a nil *int or *time.Time behind Period or PublishedAt clears it).
type NewsChange struct {
	Slug        *string
	Title       *string
	Summary     *string
	Body        *string
	Author      *string
	Department  *string
	Category    *string
	Period      **int // set to a nil *int to clear
	PublishedAt **time.Time
	Attachments *[]Attachment
	Related     *[]string
	By          string
}

// Validate checks an edit and returns it as a change: texts trimmed and
// in NFC, dates read, every problem named by its field.
func (e NewsEdit) Validate() (NewsChange, error) {
	var ch NewsChange
	var problems score.Problems
	bad := func(field, key string, args ...any) {
		problems.Add(score.Problem{Field: field, Key: key, Args: args})
	}
	text := func(field string, v *string, max int, required, multiline bool) *string {
		if v == nil {
			return nil
		}
		t := textrule.Multiline(strings.TrimSpace(*v))
		switch n := utf8.RuneCountInString(t); {
		case !utf8.ValidString(*v):
			bad(field, "error.news.utf8", field)
		case required && n == 0:
			bad(field, "error.news.empty", field)
		case n > max:
			bad(field, "error.news.long", field, max)
		case !multiline && textrule.Chars(t) != nil:
			bad(field, "error.news.chars", field, textrule.Chars(t))
		}
		return &t
	}
	ch.Title = text("title", e.Title, MaxNewsText, true, false)
	ch.Summary = text("summary", e.Summary, MaxNewsSummary, false, true)
	ch.Author = text("author", e.Author, MaxNewsText, false, false)
	ch.Department = text("department", e.Department, MaxNewsText, false, false)
	ch.Category = text("category", e.Category, MaxNewsText, false, false)
	if e.Body != nil {
		b := textrule.Multiline(*e.Body)
		if utf8.RuneCountInString(b) > MaxNewsBody {
			bad("body", "error.news.long", "body", MaxNewsBody)
		}
		ch.Body = &b
	}
	if e.Slug != nil {
		if !textrule.ValidSlug(*e.Slug) {
			bad("slug", "error.news.slug", *e.Slug, textrule.MaxSlug)
		}
		ch.Slug = e.Slug
	}
	if e.Period != nil {
		var year *int
		if err := json.Unmarshal(e.Period, &year); err != nil {
			bad("period", "error.news.period")
		}
		ch.Period = &year
	}
	if e.PublishedAt != nil {
		var s *string
		var at *time.Time
		if err := json.Unmarshal(e.PublishedAt, &s); err != nil {
			bad("published_at", "error.news.published_at")
		} else if s != nil {
			t, err := parseDay(*s)
			if err != nil {
				bad("published_at", "error.news.published_at_bad", *s)
			}
			at = &t
		}
		ch.PublishedAt = &at
	}
	if e.Attachments != nil {
		if len(*e.Attachments) > MaxNewsLinks {
			bad("attachments", "error.news.attachments", MaxNewsLinks)
		}
		atts := []Attachment{}
		for i, a := range *e.Attachments {
			title := textrule.Multiline(strings.TrimSpace(a.Title))
			if title == "" || utf8.RuneCountInString(title) > MaxNewsText {
				problems.Add(score.Problem{Field: "attachments", Index: &i, Key: "error.news.attachment_title", Args: []any{MaxNewsText}})
			} else if err := textrule.Chars(title); err != nil {
				problems.Add(score.Problem{Field: "attachments", Index: &i, Key: "error.news.attachment_chars", Args: []any{err}})
			}
			if !Link(strings.TrimSpace(a.URL), true) {
				problems.Add(score.Problem{Field: "attachments", Index: &i, Value: a.URL, Key: "error.news.attachment_url", Args: []any{a.URL}})
			}
			atts = append(atts, Attachment{Title: title, URL: strings.TrimSpace(a.URL)})
		}
		ch.Attachments = &atts
	}
	if e.Related != nil {
		if len(*e.Related) > MaxNewsLinks {
			bad("related", "error.news.related", MaxNewsLinks)
		}
		ch.Related = e.Related
	}
	return ch, problems.Err("error.news.invalid")

}

// parseDay reads a date (taken as that day, 8:00 in Vietnam) or a time.
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02 15:04", s+" 08:00", vnfmt.Zone)
}
