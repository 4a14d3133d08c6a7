package workflow

import (
	"encoding/json"
	"fmt"
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
	bad := func(field, format string, args ...any) {
		problems.Add(score.Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	text := func(field string, v *string, max int, required, multiline bool) *string {
		if v == nil {
			return nil
		}
		t := textrule.Multiline(strings.TrimSpace(*v))
		switch n := utf8.RuneCountInString(t); {
		case !utf8.ValidString(*v):
			bad(field, "the %s is not valid UTF-8", field)
		case required && n == 0:
			bad(field, "the %s is empty", field)
		case n > max:
			bad(field, "the %s is longer than %d characters", field, max)
		case !multiline && textrule.Chars(t) != nil:
			bad(field, "the %s %v", field, textrule.Chars(t))
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
			bad("body", "the body is longer than %d characters", MaxNewsBody)
		}
		ch.Body = &b
	}
	if e.Slug != nil {
		if !textrule.ValidSlug(*e.Slug) {
			bad("slug", "slug %q must be lowercase letters a-z, digits and single '-' between them, at most %d characters (like chi-so-cchc-nam-2016)", *e.Slug, textrule.MaxSlug)
		}
		ch.Slug = e.Slug
	}
	if e.Period != nil {
		var year *int
		if err := json.Unmarshal(e.Period, &year); err != nil {
			bad("period", "period must be a year like 2016, or null")
		}
		ch.Period = &year
	}
	if e.PublishedAt != nil {
		var s *string
		var at *time.Time
		if err := json.Unmarshal(e.PublishedAt, &s); err != nil {
			bad("published_at", "published_at must be a date like 2017-06-27 or a time like 2017-06-27T09:00:00+07:00, or null")
		} else if s != nil {
			t, err := parseDay(*s)
			if err != nil {
				bad("published_at", "published_at %q is not a date like 2017-06-27 or a time like 2017-06-27T09:00:00+07:00", *s)
			}
			at = &t
		}
		ch.PublishedAt = &at
	}
	if e.Attachments != nil {
		if len(*e.Attachments) > MaxNewsLinks {
			bad("attachments", "at most %d attachments", MaxNewsLinks)
		}
		atts := []Attachment{}
		for i, a := range *e.Attachments {
			title := textrule.Multiline(strings.TrimSpace(a.Title))
			if title == "" || utf8.RuneCountInString(title) > MaxNewsText {
				problems.Add(score.Problem{Field: "attachments", Index: &i, Message: "an attachment needs a title of at most 300 characters"})
			} else if err := textrule.Chars(title); err != nil {
				problems.Add(score.Problem{Field: "attachments", Index: &i, Message: "the attachment's title " + err.Error()})
			}
			if !Link(strings.TrimSpace(a.URL), true) {
				problems.Add(score.Problem{Field: "attachments", Index: &i, Message: fmt.Sprintf("attachment URL %q must be a path on this site (/api/v1/public/...) or an http(s) address", a.URL)})
			}
			atts = append(atts, Attachment{Title: title, URL: strings.TrimSpace(a.URL)})
		}
		ch.Attachments = &atts
	}
	if e.Related != nil {
		if len(*e.Related) > MaxNewsLinks {
			bad("related", "at most %d related news records", MaxNewsLinks)
		}
		ch.Related = e.Related
	}
	return ch, problems.Err("the news record is not valid")
}

// parseDay reads a date (taken as that day, 8:00 in Vietnam) or a time.
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02 15:04", s+" 08:00", vnfmt.Zone)
}
