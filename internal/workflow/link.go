package workflow

import (
	"net/url"
	"strings"

	"github.com/parindex/parindex/internal/score"
)

// MaxLink is the longest link kept (evidence, news attachments).
const MaxLink = 2000

// Link reports whether s is a link the portal can follow: an absolute
// http(s) address with a host or, when sitePath is set, a path on this
// site (/api/v1/public/..., not //host/...). s is taken as given (trim it
// first if spaces around it do not count).
func Link(s string, sitePath bool) bool {
	if s == "" || len(s) > MaxLink {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	if sitePath && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return u.Scheme == "" && u.Host == ""
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// CheckEvidenceURL accepts absolute http(s) links: documents live in the
// province's document system, and the portal must be able to link them.
func CheckEvidenceURL(raw string) error {
	switch {
	case len(raw) > MaxLink:
		return score.E(score.EUNPROCESSABLE, "error.link.long", MaxLink)
	case !Link(raw, false):
		return score.E(score.EUNPROCESSABLE, "error.link.absolute", raw)

	}
	return nil
}
