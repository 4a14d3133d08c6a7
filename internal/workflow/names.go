package workflow

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// The rules on codes, names, reasons, years and accounts' changes that
// every surface applies the same way (the API's handlers and the pages).

// CheckCode applies the rule on a unit's, tier's or user's code
// (textrule.Code); what ("unit", "tier", "user") names it in the message.
func CheckCode(what, code string) error {
	if !textrule.Code(code) {
		return score.E(score.EUNPROCESSABLE, "error.code."+what, code)
	}
	return nil
}

// CleanName applies the rules on a name (textrule.Name) and returns it
// cleaned; what ("period_title", "tier_name", "criterion_name",
// "band_label", "evidence_title") names it in the message.
func CleanName(what, name string) (string, error) {
	name, err := textrule.Name(name)
	if err != nil {
		return "", score.E(score.EUNPROCESSABLE, "error.api.name", score.Term{Kind: "error.thing", Code: what}, err)
	}
	return name, nil
}

// CheckReason cleans an optional reason: NFC, no control character but
// line breaks, something visible when given, at most MaxNoteLength.
func CheckReason(r string) (string, error) {
	r = textrule.Multiline(strings.TrimSpace(r))
	if err := textrule.Controls(r, true); err != nil {
		return "", &score.Error{Code: score.EUNPROCESSABLE, Key: "error.api.reason", Args: []any{err}, Details: []score.Problem{{Field: "reason", Key: "error.api.reason", Args: []any{err}}}}
	}
	if r != "" && !textrule.Visible(r) {
		return "", &score.Error{Code: score.EUNPROCESSABLE, Key: "error.api.reason_invisible", Details: []score.Problem{{Field: "reason", Key: "error.api.reason_invisible"}}}
	}
	if utf8.RuneCountInString(r) > MaxNoteLength {
		return "", score.E(score.EUNPROCESSABLE, "error.api.reason_long", MaxNoteLength)
	}
	return r, nil
}

// CheckYear refuses a year no assessment could have.
func CheckYear(year int) error {
	if year < 1900 || year > 2200 {
		return score.E(score.EUNPROCESSABLE, "error.api.year", year)
	}
	return nil
}

// MaxAssigned is how many units one council member may be assigned.
const MaxAssigned = 10_000

// CheckUserChange applies the rules on a change of an account by actor:
// nobody disables their own account, and a council member has at most
// MaxAssigned units.
func CheckUserChange(actor, username string, disable bool, units *[]string) error {
	if disable && actor == username {
		return score.E(score.EUNPROCESSABLE, "error.api.disable_self")
	}
	if units != nil && len(*units) > MaxAssigned {
		return score.E(score.EUNPROCESSABLE, "error.api.assign_many", score.Number("10000"))
	}
	return nil
}

// DefaultPeriodTitle is a period's title when none is given.
func DefaultPeriodTitle(year int) string {
	return fmt.Sprintf("Chỉ số cải cách hành chính năm %d", year)
}
