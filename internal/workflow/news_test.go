package workflow

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/score"
)

func str(s string) *string { return &s }

// TestNewsEditValidate: a valid edit comes back trimmed, in NFC, with its
// dates read in Vietnam's time; an invalid one names every field at fault.
func TestNewsEditValidate(t *testing.T) {
	atts := []AttachmentInput{{Title: " Quyết định 1234 ", URL: " /api/v1/public/periods/2016/report.xlsx "}, {Title: "Báo cáo", URL: "https://sonoivu.gov.vn/bc.pdf"}}
	e := NewsEdit{Title: str("  " + norm.NFD.String("Công bố Chỉ số CCHC năm 2016") + " "), Summary: str("Dòng 1\r\nDòng 2"), Slug: str("chi-so-cchc-nam-2016"),
		Period: json.RawMessage("2016"), PublishedAt: json.RawMessage(`"2017-06-27"`), Attachments: &atts}
	ch, err := e.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if *ch.Title != "Công bố Chỉ số CCHC năm 2016" {
		t.Errorf("title %q: trimmed and in NFC", *ch.Title)
	}
	if *ch.Summary != "Dòng 1\nDòng 2" {
		t.Errorf("summary %q: line breaks as LF", *ch.Summary)
	}
	if **ch.Period != 2016 {
		t.Errorf("period %v", **ch.Period)
	}
	if want := time.Date(2017, 6, 27, 1, 0, 0, 0, time.UTC); !(*ch.PublishedAt).Equal(want) {
		t.Errorf("published_at %v, want 8:00 in Vietnam (%v)", **ch.PublishedAt, want)
	}
	if got := *ch.Attachments; got[0] != (Attachment{Title: "Quyết định 1234", URL: "/api/v1/public/periods/2016/report.xlsx"}) || got[1].URL != "https://sonoivu.gov.vn/bc.pdf" {
		t.Errorf("attachments %+v", got)
	}

	// Sent as null, period and published_at are cleared.
	ch, err = NewsEdit{Period: json.RawMessage("null"), PublishedAt: json.RawMessage("null")}.Validate()
	if err != nil || ch.Period == nil || *ch.Period != nil || ch.PublishedAt == nil || *ch.PublishedAt != nil || ch.Title != nil {
		t.Errorf("null fields: %+v, %v", ch, err)
	}

	many := make([]string, MaxNewsLinks+1)
	bad := []AttachmentInput{{Title: "", URL: "javascript:alert(1)"}, {Title: "Tệp", URL: "//evil.example/x"}}
	_, err = NewsEdit{Title: str("   "), Slug: str("Chi-So"), Author: str("a\u202eb"), Body: str(strings.Repeat("x", MaxNewsBody+1)),
		Period: json.RawMessage(`"2016"`), PublishedAt: json.RawMessage(`"27/6/2017"`), Attachments: &bad, Related: &many}.Validate()
	var se *score.Error
	if !asError(err, &se) || se.Code != score.EUNPROCESSABLE || se.Key != "error.news.invalid" {
		t.Fatalf("invalid edit: %v", err)
	}
	want := map[string]string{
		"title":        "the title is empty",
		"slug":         `slug "Chi-So" must be lowercase letters a-z, digits and single '-' between them, at most 80 characters (like chi-so-cchc-nam-2016)`,
		"body":         "the body is longer than 200000 characters",
		"period":       "period must be a year like 2016, or null",
		"published_at": `published_at "27/6/2017" is not a date like 2017-06-27 or a time like 2017-06-27T09:00:00+07:00`,
		"related":      "at most 20 related news records",
	}
	got := map[string][]string{}
	for _, p := range se.Details {
		got[p.Field] = append(got[p.Field], p.English())
	}
	for f, msg := range want {
		if len(got[f]) != 1 || got[f][0] != msg {
			t.Errorf("%s: %q, want %q", f, got[f], msg)
		}
	}
	if len(got["author"]) != 1 || !strings.HasPrefix(got["author"][0], "the author ") {
		t.Errorf("author with a bidi override: %q", got["author"])
	}
	if a := got["attachments"]; len(a) != 3 || a[0] != "an attachment needs a title of at most 300 characters" ||
		a[1] != `attachment URL "javascript:alert(1)" must be a path on this site (/api/v1/public/...) or an http(s) address` ||
		a[2] != `attachment URL "//evil.example/x" must be a path on this site (/api/v1/public/...) or an http(s) address` {
		t.Errorf("attachments: %q", a)
	}
}

func asError(err error, se **score.Error) bool {
	e, ok := err.(*score.Error)
	*se = e
	return ok
}

func TestLink(t *testing.T) {
	for _, c := range []struct {
		s              string
		site, absolute bool
	}{
		{"https://sonoivu.gov.vn/qd.pdf", true, true},
		{"http://10.0.0.1/a", true, true},
		{"/api/v1/public/periods/2016/results.csv", true, false},
		{"//evil.example/x", false, false},
		{"javascript:alert(1)", false, false},
		{"ftp://host/x", false, false},
		{"https:///nohost", false, false},
		{"", false, false},
		{"https://x.vn/" + strings.Repeat("a", MaxLink), false, false},
	} {
		if got := Link(c.s, true); got != c.site {
			t.Errorf("Link(%q, site paths) = %v", c.s, got)
		}
		if got := Link(c.s, false); got != c.absolute {
			t.Errorf("Link(%q) = %v", c.s, got)
		}
	}
	if err := CheckEvidenceURL("/a"); err == nil || err.Error() != `the evidence URL "/a" must be an absolute http or https link` {
		t.Errorf("a site path as evidence: %v", err)
	}
	if err := CheckEvidenceURL("https://x.vn/" + strings.Repeat("a", MaxLink)); err == nil || err.Error() != "the evidence URL is longer than 2000 characters" {
		t.Errorf("a long evidence URL: %v", err)
	}
}
